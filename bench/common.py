"""Shared bench helpers: a cached 100,000-order demo store and a timing loop."""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# An installed desk runs from compiled bytecode (the bundle ships it; pip compiles it). Where
# PYTHONDONTWRITEBYTECODE is set (this machine sets it), every whole-process timing would
# compile every module again, which no leader waits for. The first run writes __pycache__.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
sys.dont_write_bytecode = False
CACHE = Path(tempfile.gettempdir()) / "leader-desk-bench"


def demo_store(orders: int = 100_000, members: int = 3_000) -> Path:
    """A demo store built once per machine (the build itself is timed and reported)."""
    from leader_app.app import LeaderApp
    from leader_app.demo import generate
    from storage.migrations import LATEST

    path = CACHE / f"demo-{orders}-schema{LATEST}.db"  # a new schema builds a new store
    if not path.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".building")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir()
        start = time.perf_counter()
        with LeaderApp.open(tmp / "x.db") as app:
            generate(app, members=members, orders=orders, seed=2026)
        print(f"  built demo store ({orders:,} orders) in {time.perf_counter() - start:.1f} s")
        (tmp / "x.db").replace(path)
        shutil.rmtree(tmp, ignore_errors=True)
    return path


def timed(fn: Callable[[], object], repeat: int = 5) -> dict[str, float]:
    """Milliseconds: median and worst of `repeat` runs."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return {"median_ms": statistics.median(samples), "max_ms": max(samples)}


def report(name: str, result: dict[str, float], target_ms: float | None = None) -> None:
    verdict = ""
    if target_ms is not None:
        verdict = "  ok" if result["median_ms"] <= target_ms else f"  OVER target {target_ms} ms"
        verdict = f" (target ≤ {target_ms:g} ms){verdict}"
    print(
        f"  {name:<44} median {result['median_ms']:8.1f} ms   max {result['max_ms']:8.1f} ms"
        f"{verdict}"
    )
