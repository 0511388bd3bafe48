"""Leader Desk's entry point: `leader-app` with no command starts the desk, a command runs the
CLI. Kept outside leader_app/ so the core never imports the Qt UI."""

from __future__ import annotations

import signal
import sys


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    from leader_app.cli import COMMANDS, build_parser, run

    command = next((a for a in argv if a in COMMANDS), None)
    if command and hasattr(signal, "SIGPIPE"):
        # `leader-app … --json | head`: a closed pipe ends the command quietly, as for any
        # Unix tool, instead of a BrokenPipeError traceback.
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    if command == "print":  # rendering needs Qt, which the core CLI never imports
        from ui.print_cli import cmd_print

        return run(argv, {"print": cmd_print})
    if command == "notify":  # the texts are in the shop's language, through Qt's translator
        from ui.notify_cli import cmd_notify

        return run(argv, {"notify": cmd_notify})
    if command or any(a in ("-h", "--help", "--version") for a in argv):
        return run(argv)
    args, _qt_args = build_parser().parse_known_args(argv)
    if no_display():
        print(
            "leader-app: no screen to open the desk on (neither DISPLAY nor WAYLAND_DISPLAY is "
            "set). Start it from the desktop, or use the command line: leader-app --help",
            file=sys.stderr,
        )
        return 2
    from ui.app import run_gui

    return run_gui(db=getattr(args, "db", None), lang=args.lang)


def no_display() -> bool:
    """On Linux without X or Wayland, Qt would only say that it cannot load the xcb plugin
    and suggest installing libxcb-cursor0, which is not the problem."""
    import os

    return (
        sys.platform.startswith("linux")
        and not os.environ.get("DISPLAY")
        and not os.environ.get("WAYLAND_DISPLAY")
        and os.environ.get("QT_QPA_PLATFORM", "") in ("", "xcb", "wayland")
    )


if __name__ == "__main__":
    sys.exit(main())
