#!/bin/sh
# Put Leader Desk in the desktop's application menu for this user (no root needed).
# Run it from the unpacked bundle: ./install.sh   Undo: ./install.sh --remove
set -eu
here=$(cd "$(dirname "$0")" && pwd)
apps="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
icons="${XDG_DATA_HOME:-$HOME/.local/share}/icons/hicolor/256x256/apps"
if [ "${1:-}" = "--remove" ]; then
  rm -f "$apps/leader-desk.desktop" "$icons/leader-desk.png"
  echo "Removed the menu entry. Your data folder is kept."
  exit 0
fi
mkdir -p "$apps" "$icons"
cp "$here/leader-desk.png" "$icons/leader-desk.png"
sed "s|@BUNDLE@|$here|g" "$here/leader-desk.desktop" >"$apps/leader-desk.desktop"
chmod 0644 "$apps/leader-desk.desktop"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$apps" || true
echo "Leader Desk (团长工作台) is in the application menu."
