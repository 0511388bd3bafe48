"""Walk through the real desk as a leader would, on a real X server, and check what they see.

For each screen size (1366×768, then 1280×720) and each language (zh_CN, en) this starts
Xvfb, starts the desk (`main.py`) on the xcb platform, presses real keys with `xdotool key`
(XTEST: the same path as a keyboard), and after every step:
  - takes a screenshot of the whole X screen (`import -window root`) to docs/screenshots/
    as walk_<width>_<lang>_<step>.png;
  - reads the desk's own layout report and fails on any window or visible widget that lies
    outside the screen, or outside its window (cut off), and on text too wide for its place:
    a search hint, a column header, a one-line label.

The layout report: with LEADER_DESK_LAYOUT_REPORT=FILE the desk writes, twice a second, every
visible top-level window with its geometry and the widgets that stick out
(ui/window_geometry.py). The desk knows its widget tree; xwininfo only sees X windows, and
would miss a button cut off inside the main window, which is the fault that matters.

Usage: python tools/walkthrough.py [--display :20] [--out docs/screenshots]
       [--sizes 1366x768,1280x720] [--langs zh_CN,en]
Exit status 0 when every step passed, 1 otherwise (the problems are printed).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


@dataclass
class Step:
    name: str
    keys: list[str]  # xdotool key names, pressed one after another
    expect: str = ""  # a window class that must be visible afterwards ("" = main window only)
    close: list[str] | None = None  # keys that close what the step opened


FIRST_RUN = [
    Step("first_run", [], "FirstRunDialog", ["Escape"]),
    Step("empty_today", []),
    Step("empty_catalog", ["ctrl+3"]),
    Step("empty_orders", ["ctrl+5"]),
]
STEPS = [
    Step("today", ["ctrl+1"]),
    Step("members", ["ctrl+2"]),
    Step("member_dialog", ["ctrl+m"], "MemberDialog", ["Escape"]),
    Step("catalog", ["ctrl+3"]),
    Step("product_dialog", ["ctrl+shift+n"], "ProductDialog", ["Escape"]),
    Step("campaigns", ["ctrl+4", "ctrl+f", "Return", "Down"]),
    Step("campaign_dialog", ["ctrl+shift+c"], "CampaignDialog", ["Escape"]),
    Step("print_dialog", ["ctrl+shift+p"], "PrintDialog", ["Escape"]),
    Step("orders", ["ctrl+5"]),
    Step("order_entry", ["ctrl+n"], "OrderEntryDialog", ["Escape"]),
    Step("pickup", ["ctrl+6"]),
    Step("import", ["ctrl+7"]),
    Step("sync", ["ctrl+8"]),
    Step("history", ["ctrl+h"], "HistoryDialog", ["Escape"]),
    Step("backup_file_dialog", ["ctrl+b"], "QFileDialog", ["Escape"]),
    Step("restore_dialog", ["alt+f", "Down", "Down", "Return"], "RestoreDialog", ["Escape"]),
    Step("about", ["alt+h", "Return"], "QMessageBox", ["Escape"]),
]


class Walk:
    def __init__(self, display: str, out: Path, size: str, lang: str, work: Path) -> None:
        self.display, self.out, self.size, self.lang, self.work = display, out, size, lang, work
        self.width = size.split("x")[0]
        self.report = work / "layout.json"
        self.env = {
            **os.environ,
            "DISPLAY": display,
            "QT_QPA_PLATFORM": "xcb",
            "LEADER_DESK_LAYOUT_REPORT": str(self.report),
            "LEADER_APP_LOG_DIR": str(work / "logs"),
            "XDG_CONFIG_HOME": str(work / "config"),  # a first start: no saved window place
            "QT_LOGGING_RULES": "qt.qpa.*=true",
        }
        self.failures: list[str] = []
        self.shots: list[Path] = []

    def start(self, db: Path) -> subprocess.Popen:
        self.report.unlink(missing_ok=True)
        log = open(self.work / f"desk-{db.stem}.log", "w")  # noqa: SIM115 - closed with the process
        desk = subprocess.Popen(
            [sys.executable, str(ROOT / "main.py"), "--db", str(db), "--lang", self.lang],
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.wait_for(lambda r: any(w["class"] in ("MainWindow", "FirstRunDialog") for w in r))
        return desk

    def read(self) -> list[dict]:
        try:
            return json.loads(self.report.read_text("utf-8"))["windows"]
        except (OSError, ValueError, KeyError):
            return []

    def wait_for(self, ready, timeout: float = 30.0) -> list[dict]:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            windows = self.read()
            if windows and ready(windows):
                return windows
            time.sleep(0.2)
        raise TimeoutError(f"{self.size} {self.lang}: the desk did not show what was expected")

    def fresh(self) -> list[dict]:
        """A report written after this moment (the desk writes one every 500 ms)."""
        since = time.time()
        while True:
            time.sleep(0.3)
            if self.report.exists() and self.report.stat().st_mtime > since + 0.4:
                return self.read()

    def focus(self) -> None:
        """Give X's input focus to the desk's front window: with no window manager on Xvfb
        nobody else does. The keys themselves then travel as a keyboard's would (XTEST)."""
        windows = self.fresh()
        front = [w for w in windows if w["class"] != "MainWindow"] or windows
        if front:
            subprocess.run(
                ["xdotool", "windowfocus", "--sync", str(front[-1]["window_id"])],
                env=self.env,
                check=False,
                timeout=10,
                stderr=subprocess.DEVNULL,
            )

    def press(self, keys: list[str]) -> None:
        if keys:
            self.focus()
        for key in keys:
            subprocess.run(["xdotool", "key", "--delay", "60", key], env=self.env, check=True)
            time.sleep(0.35)

    def step(self, step: Step) -> None:
        self.press(step.keys)
        windows = self.fresh()
        if step.expect and not any(w["class"] == step.expect for w in windows):
            time.sleep(1.0)  # a dialog that waits for a background read
            windows = self.fresh()
        label = f"{self.size} {self.lang} {step.name}"
        if step.expect and not any(w["class"] == step.expect for w in windows):
            seen = [w["class"] for w in windows]
            self.failures.append(f"{label}: expected a {step.expect}, saw {seen}")
        for w in windows:
            for p in w["problems"]:
                where = (
                    f"is cut off: needs {p['rect'][0]} px, has {p['rect'][1]}"
                    if p["where"] == "text"
                    else f"at {p['rect']} lies outside the {p['where']}"
                )
                self.failures.append(f"{label}: {w['class']}: {p['widget']} {where}")
        shot = self.out / f"walk_{self.width}_{self.lang}_{step.name}.png"
        # 256 colours: a third of the size, and the flat UI loses nothing
        subprocess.run(
            ["import", "-window", "root", "-colors", "256", f"PNG8:{shot}"],
            env=self.env,
            check=True,
        )
        self.shots.append(shot)
        if step.close:
            self.press(step.close)

    def quit(self, desk: subprocess.Popen) -> None:
        self.press(["ctrl+q"])
        try:
            desk.wait(15)
        except subprocess.TimeoutExpired:
            desk.terminate()
            desk.wait(10)


def demo_store(path: Path) -> None:
    from leader_app.app import LeaderApp
    from leader_app.demo import generate

    app = LeaderApp.open(path)
    try:
        app.set_up_shop("幸福里社区团购", "王店长", "北门便利店")
        generate(app, members=120, orders=900, seed=2026)
    finally:
        app.close()


def run(display: str, out: Path, sizes: list[str], langs: list[str]) -> int:
    for tool in ("Xvfb", "xdotool", "import"):
        if shutil.which(tool) is None:
            print(f"walkthrough: {tool} is needed (apt-get install xvfb xdotool imagemagick)")
            return 1
    out.mkdir(parents=True, exist_ok=True)
    failures: list[str] = []
    shots = 0
    with tempfile.TemporaryDirectory(prefix="walk-") as tmp:
        demo = Path(tmp) / "demo.db"
        demo_store(demo)
        for size in sizes:
            xvfb = subprocess.Popen(
                ["Xvfb", display, "-screen", "0", f"{size}x24", "-nolisten", "tcp"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            try:
                time.sleep(1.0)
                for lang in langs:
                    work = Path(tmp) / f"{size}-{lang}"
                    work.mkdir()
                    walk = Walk(display, out, size, lang, work)
                    try:
                        desk = walk.start(work / "fresh.db")  # the first run, then empty pages
                        for step in FIRST_RUN:
                            walk.step(step)
                        walk.quit(desk)
                        shutil.copy(demo, work / "shop.db")
                        desk = walk.start(work / "shop.db")
                        for step in STEPS:
                            walk.step(step)
                        walk.quit(desk)
                    except (TimeoutError, subprocess.CalledProcessError) as exc:
                        walk.failures.append(str(exc))
                        log = "\n".join(p.read_text()[-2000:] for p in work.glob("desk-*.log"))
                        walk.failures.append(f"desk output:\n{log}")
                    failures += walk.failures
                    shots += len(walk.shots)
                    print(f"{size} {lang}: {len(walk.shots)} screenshots, "
                          f"{len(walk.failures)} problems")  # fmt: skip
            finally:
                xvfb.terminate()
                xvfb.wait(10)
    for line in failures:
        print("FAIL", line)
    print(f"walkthrough: {shots} screenshots in {out}, {len(failures)} problems")
    return 1 if failures else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--display", default=os.environ.get("WALK_DISPLAY", ":20"))
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--sizes", default="1366x768,1280x720")
    parser.add_argument("--langs", default="zh_CN,en")
    args = parser.parse_args()
    return run(args.display, args.out, args.sizes.split(","), args.langs.split(","))


if __name__ == "__main__":
    sys.exit(main())
