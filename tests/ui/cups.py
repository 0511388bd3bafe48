"""A private CUPS spooler for the printing tests: its own cupsd on a socket in a temporary
folder (nothing of the machine's CUPS is touched), with two cups-pdf queues.

- `ld-pdf`: cups-pdf's own PPD, which declares no hardware margins;
- `ld-margins`: the same printer, but its PPD declares 4.2 mm hardware margins on every side
  (*HWMargins and every *ImageableArea inset), as many office and label printers do.

cups-pdf writes each job as a PDF to the job owner's ~/PDF, named after the job title.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

MARGIN_MM = 4.2
PPD = Path("/usr/share/ppd/cups-pdf/CUPS-PDF_noopt.ppd")
BACKEND = Path("/usr/lib/cups/backend/cups-pdf")


class Unavailable(Exception):
    """Why no spooler could be started here."""


def margins_ppd(dest: Path, margin_mm: float = MARGIN_MM) -> Path:
    m = margin_mm * 72 / 25.4

    def inset(match: re.Match) -> str:
        x0, y0, x1, y1 = (float(v) for v in match.group(2).split())
        return f'*ImageableArea {match.group(1)}: "{x0 + m:.2f} {y0 + m:.2f} {x1 - m:.2f} {y1 - m:.2f}"'

    text = PPD.read_text(encoding="latin-1")
    text = re.sub(r'\*ImageableArea ([^:]+): "([^"]+)"', inset, text)
    text = text.replace("*HWMargins: 0 0 0 0", f"*HWMargins: {m:.2f} {m:.2f} {m:.2f} {m:.2f}")
    dest.write_text(text, encoding="latin-1")
    return dest


class Spooler:
    """`root` must be reachable by the lp user (filters run as lp), so not under pytest's
    0700 temporary folder: by default a fresh 0755 folder in /tmp, removed on stop."""

    def __init__(self, root: Path | None = None) -> None:
        self._own_root = root is None
        self.root = root or Path(tempfile.mkdtemp(prefix="leaderdesk-cups-"))
        self.socket = self.root / "cups.sock"
        self.proc: subprocess.Popen | None = None
        self.out_dir = Path(pwd.getpwuid(os.getuid()).pw_dir) / "PDF"  # cups-pdf's "Out"
        self.env = {**os.environ, "CUPS_SERVER": str(self.socket)}

    def start(self) -> Spooler:
        cupsd = shutil.which("cupsd") or "/usr/sbin/cupsd"
        for need in (Path(cupsd), PPD, BACKEND):
            if not need.exists():
                raise Unavailable(
                    f"{need} is missing (apt-get install cups printer-driver-cups-pdf)"
                )
        if os.getuid() != 0:
            raise Unavailable("cupsd and the cups-pdf backend need root")
        etc = self.root / "etc"
        for sub in ("etc/ppd", "spool", "cache", "state", "log", "tmp"):
            (self.root / sub).mkdir(parents=True, exist_ok=True)
        for folder in [self.root, *self.root.rglob("*")]:
            folder.chmod(0o755)  # filters run as lp and must reach their files
        (self.root / "tmp").chmod(0o1777)
        r = self.root
        (etc / "cups-files.conf").write_text(
            f"ServerRoot {etc}\nRequestRoot {r}/spool\nTempDir {r}/tmp\nCacheDir {r}/cache\n"
            f"StateDir {r}/state\nErrorLog {r}/log/error_log\nAccessLog {r}/log/access_log\n"
            f"PageLog {r}/log/page_log\nPrintcap {r}/printcap\nSystemGroup root\n"
        )
        (etc / "cupsd.conf").write_text(
            f"LogLevel info\nListen {self.socket}\nBrowsing No\nWebInterface No\n"
            "DefaultAuthType None\n<Location />\n  Order allow,deny\n  Allow all\n</Location>\n"
            "<Policy default>\n  <Limit All>\n    Order deny,allow\n  </Limit>\n</Policy>\n"
        )
        self.proc = subprocess.Popen(
            [cupsd, "-f", "-c", str(etc / "cupsd.conf"), "-s", str(etc / "cups-files.conf")],
            stdout=subprocess.DEVNULL,
            stderr=(r / "log" / "cupsd.err").open("w"),
        )
        deadline = time.monotonic() + 20
        while not self._answers():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise Unavailable("cupsd did not start: " + self.log_tail())
            time.sleep(0.2)
        self._lpadmin("ld-pdf", PPD)
        self._lpadmin("ld-margins", margins_ppd(self.root / "margins.ppd"))
        return self

    def _answers(self) -> bool:
        out = subprocess.run(["lpstat", "-r"], env=self.env, capture_output=True, text=True)
        return "is running" in out.stdout

    def _lpadmin(self, name: str, ppd: Path) -> None:
        subprocess.run(
            ["lpadmin", "-p", name, "-E", "-v", "cups-pdf:/", "-P", str(ppd)],
            env=self.env,
            check=True,
            capture_output=True,
        )

    def wait_for(self, title: str, timeout: float = 120) -> Path:
        """The PDF cups-pdf made from the job titled `title`, once the queue is done with it."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            busy = subprocess.run(["lpstat", "-o"], env=self.env, capture_output=True, text=True)
            found = sorted(self.out_dir.glob(f"*{title}*.pdf"))
            if found and not busy.stdout.strip():
                return found[0]
            time.sleep(0.3)
        raise AssertionError(f"no printed PDF for job {title}: " + self.log_tail())

    def log_tail(self, lines: int = 25) -> str:
        log = self.root / "log" / "error_log"
        text = log.read_text(errors="replace") if log.exists() else ""
        keep = [line for line in text.splitlines() if line[:1] in "EW" or "failed" in line]
        return "\n".join(keep[-lines:])

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.proc = None
        if self._own_root:
            shutil.rmtree(self.root, ignore_errors=True)
