"""`leader-app pickup`, `codes` and `print` as real processes: exit codes and JSON."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import dump
from tests.test_cli import cli


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> tuple[Path, str]:
    db = tmp_path_factory.mktemp("pickup") / "s.db"
    cli("demo", "--members", "40", "--orders", "300", "--seed", "8", db=db, check=True)
    campaigns = json.loads(cli("campaigns", "--json", db=db, check=True).stdout)
    return db, next(c["id"] for c in campaigns if c["status"] == "arrived")


def _open_codes(db: Path, campaign: str) -> list[dict]:
    rows = json.loads(cli("codes", "--campaign", campaign, "--json", db=db, check=True).stdout)
    assert set(rows[0]) == {"order_no", "short_code", "qr_payload"}
    return rows


def test_pickup_exit_codes_and_json(store) -> None:
    db, campaign = store
    rows = _open_codes(db, campaign)
    results = {}
    for row in rows:
        out = cli("pickup", row["qr_payload"], "--json", db=db)
        data = json.loads(out.stdout)
        results[data["result"]] = (out.returncode, data)
        if "ok" in results and "already_picked_up" in results:
            break
    code, data = results["ok"]
    assert code == 0 and set(data) >= {"result", "order_no", "member", "items"}
    assert data["member"]["mobile"].count("*") == 4
    again = cli(
        "pickup",
        rows[[r["order_no"] for r in rows].index(data["order_no"])]["qr_payload"],
        "--json",
        db=db,
    )
    assert again.returncode == 2 and json.loads(again.stdout)["result"] == "already_picked_up"


def test_forged_and_altered_codes_exit_3(store) -> None:
    db, campaign = store
    payload = _open_codes(db, campaign)[0]["qr_payload"]
    altered = payload[:10] + ("A" if payload[10] != "A" else "B") + payload[11:]
    for code in (altered, "LD1" + "A" * 48, "1125-0001-AAA", "hello"):
        result = cli("pickup", code, "--json", db=db)
        assert result.returncode == 3 and json.loads(result.stdout)["result"] == "invalid", code


def test_dry_run_changes_nothing(store) -> None:
    db, campaign = store
    rows = _open_codes(db, campaign)
    before = dump(db)
    for row in rows[:20]:
        assert cli("pickup", row["short_code"], "--dry-run", db=db).returncode in (0, 2)
    assert dump(db) == before


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler-utils")
@pytest.mark.parametrize(
    ("document", "layout"),
    [
        ("pickup-list", "a4-3x8"),
        ("labels", "a4-2x5"),
        ("labels", "thermal-80"),
        ("picking-list", "a4-3x8"),
    ],
)
def test_print_headless(store, tmp_path, document, layout) -> None:
    db, campaign = store
    out = tmp_path / f"{document}.pdf"
    result = cli(
        "print",
        document,
        "--campaign",
        campaign,
        "--layout",
        layout,
        "-o",
        str(out),
        "--json",
        db=db,
        check=True,
    )
    assert json.loads(result.stdout)["path"] == str(out)
    assert out.read_bytes().startswith(b"%PDF")


def test_print_refuses_a_bad_output_name(store, tmp_path) -> None:
    db, campaign = store
    result = cli("print", "labels", "--campaign", campaign, "-o", str(tmp_path / "x.png"), db=db)
    assert result.returncode == 1 and ".pdf" in result.stderr
