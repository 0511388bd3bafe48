"""Make the upgrade fixture for one schema version: a small store written by the code of the
commit that last had that many migrations, so the upgrade test opens data the old program
really wrote.

    python tools/schema_fixture.py VERSION COMMIT

It checks COMMIT out into a temporary worktree, runs that commit's `leader-app demo` there,
compacts the file into tests/fixtures/schema/vVERSION.db and records its counts and one order in
tests/fixtures/schema/manifest.json. Add one whenever a release ships a new migration.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "schema"
TABLES = ("members", "products", "campaigns", "orders", "order_lines", "change_log")


def make(version: int, commit: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "tree"
        subprocess.run(
            ["git", "worktree", "add", "--detach", str(tree), commit],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        try:
            db = Path(tmp) / "shop.db"
            subprocess.run(
                [
                    sys.executable,
                    "main.py",
                    "demo",
                    "--db",
                    str(db),
                    "--members",
                    "20",
                    "--orders",
                    "80",
                    "--seed",
                    "3",
                ],
                cwd=tree,
                check=True,
                capture_output=True,
            )
        finally:
            subprocess.run(
                ["git", "worktree", "remove", "--force", str(tree)],
                cwd=ROOT,
                check=True,
                capture_output=True,
            )
        FIXTURES.mkdir(parents=True, exist_ok=True)
        target = FIXTURES / f"v{version}.db"
        target.unlink(missing_ok=True)
        conn = sqlite3.connect(db)
        found = conn.execute("PRAGMA user_version").fetchone()[0]
        if found != version:
            raise SystemExit(f"{commit} writes schema {found}, not {version}")
        conn.execute("VACUUM INTO ?", (str(target),))
        counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
        order_no, total = conn.execute(
            "SELECT o.order_no, sum(l.quantity * l.unit_price_fen) FROM orders o "
            "JOIN order_lines l ON l.order_id = o.id GROUP BY o.id ORDER BY o.order_no LIMIT 1"
        ).fetchone()
        conn.close()
    return {"commit": commit, "counts": counts, "order": {"order_no": order_no, "total_fen": total}}


def main() -> None:
    version, commit = int(sys.argv[1]), sys.argv[2]
    sha = subprocess.run(
        ["git", "rev-parse", "--short", commit],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    entry = make(version, sha)
    manifest_path = FIXTURES / "manifest.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    manifest[str(version)] = entry
    manifest_path.write_text(json.dumps(dict(sorted(manifest.items())), indent=1) + "\n")
    print(f"v{version}.db from {sha}: {entry['counts']}")


if __name__ == "__main__":
    shutil.which("git") or sys.exit("git is needed")
    main()
