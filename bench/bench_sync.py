"""Issue 5 benchmark: push 100,000 changes from a demo store to a local HQ (SQLite, and
PostgreSQL when HQ_TEST_PG_URL is set). Reports changes/s and the client's peak memory."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests
from common import ROOT

CLIENT = """
import json, resource, sys, time
sys.path.insert(0, sys.argv[2])
from leader_app.app import LeaderApp
from storage import sync_sql
from sync.engine import SyncEngine
app = LeaderApp.open(sys.argv[1])
engine = SyncEngine(app.store)
pending = engine.outbox.pending()
start = time.perf_counter()
result = engine.sync_once(deadline_seconds=900, verify=False)
elapsed = time.perf_counter() - start
print(json.dumps({"pushed": result.pushed, "pending_before": pending, "seconds": elapsed,
                  "ok": result.ok, "problem": result.problem,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run(backend: str, db_url: str, tmp: Path, changes: int) -> None:
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "tests" / ".."))
    from tests.sync.conftest import HQProcess, _reset_pg, free_port

    if backend == "postgresql":
        _reset_pg(db_url)
    server = HQProcess(db_url, free_port(), "--rate", "100000").start()
    try:
        leader = server.add_leader()
        desk = tmp / f"desk-{backend}.db"
        env = {**os.environ, "LEADER_APP_CREDENTIALS_DIR": str(tmp / "creds")}
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "main.py"),
                "demo",
                "--members",
                "2000",
                "--orders",
                str(changes // 3),
                "--db",
                str(desk),
            ],
            check=True,
            env=env,
            capture_output=True,
        )
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "main.py"),
                "enroll",
                "--server",
                server.url,
                "--code",
                leader["enrollment_code"],
                "--db",
                str(desk),
            ],
            check=True,
            env=env,
            capture_output=True,
        )
        out = subprocess.run(
            [sys.executable, "-c", CLIENT, str(desk), str(ROOT)],
            check=True,
            env=env,
            capture_output=True,
            text=True,
        )
        data = json.loads(out.stdout)
        rate = data["pushed"] / data["seconds"]
        verdict = "ok" if rate >= 10_000 else "under target"
        print(
            f"  push {data['pushed']:,} changes to HQ on {backend:<10} {data['seconds']:6.1f} s"
            f" = {rate:8,.0f} changes/s (target ≥ 10,000: {verdict}); client peak "
            f"{data['peak_mb']:.0f} MB; ok={data['ok']}"
        )
        os.environ["LEADER_APP_CREDENTIALS_DIR"] = str(tmp / "creds")
        from sync import credentials

        token = credentials.load(desk)
        start = time.perf_counter()
        digest = requests.get(
            server.url + "/v1/verify/digest",
            headers={"Authorization": f"Bearer {token}"},
            timeout=300,
        ).json()
        records = sum(e["count"] for e in digest["entities"].values())
        print(
            f"    sync --verify's digest of all {records:,} records (issue 12): "
            f"{time.perf_counter() - start:.2f} s"
        )
        stats = server.stats(leader["leader_id"])
        print(
            f"    HQ now holds {stats['orders']:,} orders, {stats['order_lines']:,} lines, "
            f"{stats['batches']} batches"
        )
    finally:
        server.kill()


def main() -> None:
    changes = int(os.environ.get("BENCH_SYNC_CHANGES", "100000"))
    print(f"Leader Desk: sync benchmark (issue 5), about {changes:,} changes")
    tmp = Path(tempfile.mkdtemp())
    try:
        run("sqlite", str(tmp / "hq.db"), tmp, changes)
        if os.environ.get("HQ_TEST_PG_URL"):
            run("postgresql", os.environ["HQ_TEST_PG_URL"], tmp, changes)
        else:
            print("  (set HQ_TEST_PG_URL for the PostgreSQL run; .ci/postgres.sh prints one)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
