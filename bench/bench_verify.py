"""Issue 12 benchmark: `sync --verify` against HQ's digest on a demo store (about 33,000
orders, 100,000 changes by default): once in sync, and once after HQ lost 1,000 records and
kept 11 orders the desk no longer has (after a restore). Reports seconds and peak memory."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

from common import ROOT

CLIENT = """
import json, resource, sys, time
sys.path.insert(0, sys.argv[2])
from leader_app.app import LeaderApp
from sync.engine import SyncEngine
app = LeaderApp.open(sys.argv[1])
engine = SyncEngine(app.store)
if sys.argv[3] == "push":
    result = engine.sync_once(deadline_seconds=900, verify=False)
    print(json.dumps({"ok": result.ok}))
    raise SystemExit
start = time.perf_counter()
out = engine.verify_and_repair()
print(json.dumps({"seconds": time.perf_counter() - start, "in_sync": out["in_sync"],
                  "found": {e: {k: len(v) for k, v in d.items()} for e, d in out["found"].items()},
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _client(desk: Path, what: str, env: dict) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", CLIENT, str(desk), str(ROOT), what],
        check=True, env=env, capture_output=True, text=True,
    )  # fmt: skip
    return json.loads(out.stdout)


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from tests.sync.conftest import HQProcess, free_port

    orders = int(os.environ.get("BENCH_SYNC_CHANGES", "100000")) // 3
    print(f"Leader Desk: drift check benchmark (issue 12), {orders:,} orders")
    tmp = Path(tempfile.mkdtemp())
    server = HQProcess(str(tmp / "hq.db"), free_port(), "--rate", "100000").start()
    try:
        env = {**os.environ, "LEADER_APP_CREDENTIALS_DIR": str(tmp / "creds")}
        desk = tmp / "desk.db"
        main_py = [sys.executable, str(ROOT / "main.py")]
        demo = ["demo", "--members", "2000", "--orders", str(orders), "--db", str(desk)]
        subprocess.run([*main_py, *demo], check=True, env=env, capture_output=True)
        leader = server.add_leader()
        enroll = ["enroll", "--server", server.url, "--code", leader["enrollment_code"]]
        subprocess.run([*main_py, *enroll, "--db", str(desk)], check=True, env=env)
        _client(desk, "push", env)
        same = _client(desk, "verify", env)
        print(
            f"  verify, in sync: {same['seconds']:.2f} s, in_sync={same['in_sync']}, "
            f"client peak {same['peak_mb']:.0f} MB"
        )
        hq = sqlite3.connect(tmp / "hq.db")
        hq.execute(
            "DELETE FROM records WHERE rowid IN (SELECT rowid FROM records "
            "WHERE entity = 'order_lines' LIMIT 1000)"
        )
        hq.commit()
        hq.close()
        conn = sqlite3.connect(desk)
        gone = [r[0] for r in conn.execute("SELECT id FROM orders LIMIT 11")]
        conn.executemany("DELETE FROM order_lines WHERE order_id = ?", [(g,) for g in gone])
        conn.executemany("DELETE FROM orders WHERE id = ?", [(g,) for g in gone])
        conn.commit()
        conn.close()
        drift = _client(desk, "verify", env)
        print(
            f"  verify + repair of {drift['found']}: {drift['seconds']:.2f} s, "
            f"in_sync={drift['in_sync']}, client peak {drift['peak_mb']:.0f} MB"
        )
    finally:
        server.kill()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
