#!/usr/bin/env bash
# Smoke test of a built bundle, as a shop PC without Python would run it.
# Usage: packaging/smoke.sh [BUNDLE_DIR]   (default dist/leader-desk)
#
# Every bundle command runs under `env -i` with an empty PATH folder (so no python3 can be found),
# from a scratch directory outside the repository, with a scratch HOME. The checks themselves use
# the outer shell's tools (python3 to parse JSON, pdftotext, Xvfb, xwininfo).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bundle=$(cd "${1:-$root/dist/leader-desk}" && pwd)
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir -p "$work/home" "$work/nobin" "$work/run"
cd "$work/run"

bare() {  # run a bundle executable with no Python and almost no environment
  env -i HOME="$work/home" PATH="$work/nobin" LANG=C.UTF-8 "$@"
}
bare_exec() {  # the same, for `bare_exec … &`: the job's pid is the program's, so kill reaches it
  exec env -i HOME="$work/home" PATH="$work/nobin" LANG=C.UTF-8 "$@"
}
step() { printf '  %-44s' "$1"; }
ok() { echo "ok${1:+ ($1)}"; }

echo "smoke test of $bundle"
step "no python reachable"
if bare sh -c 'command -v python3 || command -v python' >/dev/null 2>&1; then
  echo "FAILED: python is on the bundle's PATH"; exit 1
fi
ok

step "leader-app --version"
version=$(bare "$bundle/leader-app" --version | head -1)
[[ "$version" == leader-app* ]] || { echo "FAILED: $version"; exit 1; }
ok "$version"

db="$work/run/shop.db"
step "leader-app demo"
bare "$bundle/leader-app" demo --db "$db" --members 40 --orders 200 --json >demo.json
ok

step "leader-app campaigns --json"
bare "$bundle/leader-app" campaigns --db "$db" --json >campaigns.json
campaign=$(python3 -c 'import json,sys; c=json.load(open("campaigns.json")); print(c[0]["id"])')
ok "$(python3 -c 'import json; print(len(json.load(open("campaigns.json"))))') campaigns"

step "leader-app import (快团团 xlsx)"
bare "$bundle/leader-app" import "$root/tests/samples/ktt_export.xlsx" --db "$db" \
  --new-campaign "冒烟测试" --json >import.json
python3 -c 'import json; r=json.load(open("import.json")); assert r["orders_imported"] > 0, r'
ok "$(python3 -c 'import json; print(json.load(open("import.json"))["orders_imported"])') orders"

step "leader-app print pickup-list (headless PDF)"
bare "$bundle/leader-app" print pickup-list --db "$db" --campaign "$campaign" -o list.pdf >/dev/null
pdftotext list.pdf - | grep -q . || { echo "FAILED: empty PDF"; exit 1; }
ok "$(pdfinfo list.pdf | awk '/^Pages/ {print $2}') pages"

step "print with no CJK font on the machine"
if [ -d "$bundle/_internal/resources/fonts" ]; then
  mkdir -p "$work/nofonts" "$work/fc-cache"
  printf '<?xml version="1.0"?><fontconfig><dir>%s</dir><cachedir>%s</cachedir></fontconfig>' \
    "$work/nofonts" "$work/fc-cache" >"$work/nofonts.conf"
  env -i HOME="$work/home" PATH="$work/nobin" LANG=C.UTF-8 FONTCONFIG_FILE="$work/nofonts.conf" \
    "$bundle/leader-app" print pickup-list --db "$db" --campaign "$campaign" -o bare.pdf >/dev/null
  pdffonts bare.pdf | grep -q WenQuanYi || { echo "FAILED: no CJK font in the PDF"; exit 1; }
  ok "falls back to the bundled WenQuanYi Micro Hei"
else
  ok "skipped: this bundle ships no font (Windows has Microsoft YaHei)"
fi

step "hq-server serve + /healthz"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
bare_exec "$bundle/hq-server" --db "$work/run/hq.db" serve --host 127.0.0.1 --port "$port" \
  >hq.log 2>&1 &
hq=$!
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null || { echo "FAILED"; cat hq.log; exit 1; }
kill "$hq"; wait "$hq" 2>/dev/null || true
ok

step "leader-desk on xcb under Xvfb"
display=":$((50 + RANDOM % 400))"
Xvfb "$display" -screen 0 1366x768x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
for _ in $(seq 1 50); do xdpyinfo -display "$display" >/dev/null 2>&1 && break; sleep 0.1; done
env -i HOME="$work/home" PATH="$work/nobin" LANG=zh_CN.UTF-8 DISPLAY="$display" \
  QT_QPA_PLATFORM=xcb "$bundle/leader-desk" --db "$db" >desk.log 2>&1 &
desk=$!
shown=""
for _ in $(seq 1 100); do
  if xwininfo -display "$display" -root -tree 2>/dev/null | grep -q '团长工作台\|Leader Desk'; then
    shown=yes; break
  fi
  kill -0 "$desk" 2>/dev/null || break
  sleep 0.2
done
if [ -z "$shown" ]; then echo "FAILED: no window"; cat desk.log; exit 1; fi
if grep -q "Could not load the Qt platform plugin" desk.log; then cat desk.log; exit 1; fi
if [ -n "${SMOKE_SCREENSHOT:-}" ] && command -v import >/dev/null; then
  sleep 1; import -display "$display" -window root "$SMOKE_SCREENSHOT"
fi
kill "$desk"; wait "$desk" 2>/dev/null || true
kill "$xvfb"; wait "$xvfb" 2>/dev/null || true
ok
echo "smoke test passed"
