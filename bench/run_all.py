"""Run every benchmark in bench/ (each prints its own figures)."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

if __name__ == "__main__":
    for script in sorted(HERE.glob("bench_*.py")):
        runpy.run_path(str(script), run_name="__main__")
        print()
