"""`leader-app import` and `export` as real processes, including a SIGKILL mid-import."""

from __future__ import annotations

import csv
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from leader_app.demo_files import write_ktt_csv
from tests.conftest import ROOT, SAMPLES, dump
from tests.test_cli import cli


def test_import_json_and_purchase_list(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    out = json.loads(
        cli(
            "import",
            str(SAMPLES / "qjl_export.csv"),
            "--new-campaign",
            "群接龙",
            "--json",
            db=db,
            check=True,
        ).stdout
    )
    assert {
        "campaign_id",
        "rows",
        "orders_imported",
        "orders_skipped_duplicate",
        "lines",
        "members_created",
        "errors",
    } <= set(out)
    assert out["orders_imported"] == 50 and out["rows"] == 85
    again = json.loads(
        cli(
            "import",
            str(SAMPLES / "qjl_export.csv"),
            "--campaign",
            out["campaign_id"],
            "--json",
            db=db,
            check=True,
        ).stdout
    )
    assert again["orders_imported"] == 0 and again["orders_skipped_duplicate"] == 50
    rows = json.loads(
        cli(
            "export", "purchase-list", "--campaign", out["campaign_id"], "--json", db=db, check=True
        ).stdout
    )
    expected = json.loads((SAMPLES / "expected.json").read_text())["qjl_export.csv"]
    assert {f"{r['product']}|{r['spec']}": r["quantity"] for r in rows} == expected[
        "quantity_by_product"
    ]
    assert set(rows[0]) == {"product", "spec", "unit", "quantity", "amount_fen"}


def test_export_writes_files(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    out = json.loads(
        cli(
            "import",
            str(SAMPLES / "ktt_export.xlsx"),
            "--new-campaign",
            "团",
            "--json",
            db=db,
            check=True,
        ).stdout
    )
    for name, suffix in (("orders", "xlsx"), ("pickup-list", "csv"), ("summary", "xlsx")):
        target = tmp_path / f"{name}.{suffix}"
        cli("export", name, "--campaign", out["campaign_id"], "-o", str(target), db=db, check=True)
        assert target.stat().st_size > 500


def test_the_text_report_counts_members_already_known(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    first = cli("import", str(SAMPLES / "members.xlsx"), db=db, check=True).stdout
    assert "60 members created" in first and "already known" not in first
    text = cli(
        "import", str(SAMPLES / "ktt_export.xlsx"), "--new-campaign", "团", db=db, check=True
    ).stdout
    # every buyer of the order export is on the member list imported first
    members = json.loads((SAMPLES / "expected.json").read_text())["ktt_export.xlsx"]["members"]
    assert f"0 members created, {members} already known," in text


@pytest.mark.parametrize("content", [b"", b"\x89PNG\r\n\x1a\n" + b"\0" * 100, b"hello\nworld\n"])
def test_unreadable_files_exit_1_and_change_nothing(tmp_path: Path, content: bytes) -> None:
    db = tmp_path / "s.db"
    cli("import", str(SAMPLES / "members.xlsx"), db=db, check=True)
    before = dump(db)
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(content)
    result = cli("import", str(bad), "--new-campaign", "团", db=db)
    assert result.returncode == 1 and "bad.xlsx" in result.stderr
    assert "Traceback" not in result.stderr
    assert dump(db) == before


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("{tmp}/missing.xlsx", "--new-campaign", "团"), "file_unreadable"),
        ((str(SAMPLES / "ktt_export.xlsx"),), "import_needs_campaign"),
        ((str(SAMPLES / "ktt_export.xlsx"), "--pickup-date", "2026-05-01"), "usage"),
        (("{tmp}/bad.csv", "--new-campaign", "团"), "nothing_to_import"),
    ],
)
def test_a_failed_import_with_json_is_one_json_object_too(
    tmp_path: Path, args: tuple[str, ...], code: str
) -> None:
    """A script reading `import --json` always gets one JSON object on stdout, whatever went
    wrong, beside the usual one line on stderr and exit 1."""
    db = tmp_path / "s.db"
    cli("import", str(SAMPLES / "members.xlsx"), db=db, check=True)
    (tmp_path / "bad.csv").write_text("收货人,手机号,商品,数量\n张三,123,苹果,abc\n", "utf-8")
    before = dump(db)
    result = cli("import", *(a.format(tmp=tmp_path) for a in args), "--json", db=db)
    assert result.returncode == 1
    assert result.stdout.count("\n") == 1, result.stdout
    out = json.loads(result.stdout)
    assert out["error"]["code"] == code
    assert result.stderr == f"leader-app: {out['error']['message']}\n"
    if code == "nothing_to_import":  # the refused rows come along, as before
        assert {e["code"] for e in out["errors"]} == {"mobile_invalid", "quantity_invalid"}
    assert dump(db) == before


def _counts(db: Path) -> tuple[int, ...]:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return tuple(
            conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
            for t in ("members", "orders", "order_lines", "change_log", "campaigns")
        )
    finally:
        conn.close()


@pytest.mark.slow
def test_sigkill_mid_import_leaves_the_store_as_it_was(tmp_path: Path) -> None:
    big = write_ktt_csv(tmp_path / "big.csv", 30_000, seed=3)
    with big.open(encoding="utf-8-sig", newline="") as fh:
        orders_in_file = len({row[0] for row in list(csv.reader(fh))[2:]})  # 跟团号
    db = tmp_path / "s.db"
    cli("import", str(SAMPLES / "members.xlsx"), db=db, check=True)
    before = _counts(db)
    rng = random.Random(42)
    outcomes = []
    for _ in range(3):
        proc = subprocess.Popen(
            [
                sys.executable,
                str(ROOT / "main.py"),
                "import",
                str(big),
                "--new-campaign",
                "大团",
                "--db",
                str(db),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd=ROOT,
        )
        time.sleep(rng.uniform(0.4, 1.2))  # the whole import takes ~1.7 s
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        after = _counts(db)
        outcomes.append(proc.returncode)
        if after != before:  # the import finished before the kill: all of it
            assert after[1] == before[1] + orders_in_file
            return
    assert all(code == -signal.SIGKILL for code in outcomes)
    assert _counts(db) == before


def test_the_pre_import_copy_is_the_store_before_and_a_refused_file_leaves_none(
    tmp_path: Path,
) -> None:
    """The copy is made on its own thread while the file is read; it must still be the store
    exactly as it was before the write, and a file refused before any write leaves no copy."""
    db = tmp_path / "s.db"
    cli("demo", "--members", "40", "--orders", "300", "--seed", "3", db=db, check=True)
    before = dump(db)
    cli("import", str(SAMPLES / "qjl_export.csv"), "--new-campaign", "群接龙", db=db, check=True)
    folder = tmp_path / "s-backups"
    copies = sorted(folder.glob("pre-import-*.db"))
    assert len(copies) == 1
    assert dump(copies[0]) == before != dump(db)
    meta = json.loads(copies[0].with_suffix(".json").read_text())
    assert meta["counts"]["orders"] == 300 and meta["reason"] == "qjl_export.csv"
    with sqlite3.connect(copies[0]) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    bad = tmp_path / "orders.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a workbook")
    out = cli("import", str(bad), "--new-campaign", "x", db=db)
    assert out.returncode == 1 and "orders.xlsx" in out.stderr and "Traceback" not in out.stderr
    assert sorted(folder.glob("pre-import-*.db")) == copies
    assert not [p for p in folder.iterdir() if ".partial" in p.name]
    # The same file again into its campaign: every order is there already, nothing changes,
    # and neither a copy (a whole store each) nor a transaction to undo is left behind.
    campaign = json.loads(cli("campaigns", "--json", db=db, check=True).stdout)
    target = next(c["id"] for c in campaign if c["title"] == "群接龙")
    out = cli("import", str(SAMPLES / "qjl_export.csv"), "--campaign", target, "--json", db=db)
    again = json.loads(out.stdout)
    assert out.returncode == 0 and again["orders_imported"] == 0
    assert again["orders_skipped_duplicate"] > 0 and again["tx_id"] is None
    assert sorted(folder.glob("pre-import-*.db")) == copies


def test_jielong_into_a_new_campaign_says_it_needs_the_product_list(tmp_path: Path) -> None:
    """接龙 entries name products by short names; a new campaign has no products to match.
    The message says what to do, not "choose a campaign" when one was named."""
    db = tmp_path / "s.db"
    out = cli("import", str(SAMPLES / "jielong.txt"), "--new-campaign", "周五团", db=db)
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert "product list first" in out.stderr


def test_a_member_or_product_list_reports_without_order_counts(tmp_path: Path) -> None:
    """A member list's report said "0 orders imported (0 lines) … 0 products created"; it
    speaks of members only, and a product list of products."""
    db = tmp_path / "s.db"
    cli("import", str(SAMPLES / "ktt_export.xlsx"), "--new-campaign", "团", db=db, check=True)
    text = cli("import", str(SAMPLES / "members.xlsx"), db=db, check=True).stdout
    assert text.startswith("60 rows: 23 members created, 37 already known")
    assert "orders" not in text and "products" not in text
    products = cli("import", str(SAMPLES / "jielong_products.xlsx"), db=db, check=True).stdout
    assert "0 products created, 9 already in the catalog" in products
    assert "orders" not in products


def test_refusals_say_what_to_type_and_campaigns_go_by_title(tmp_path: Path) -> None:
    """The desk's dialogs have buttons for these; the command line named no flag. And
    `--campaign` wanted the 36-character id, where the leader knows the campaign's title."""
    db = tmp_path / "s.db"
    qjl = str(SAMPLES / "qjl_export.csv")
    cli("import", qjl, "--new-campaign", "群接龙", db=db, check=True)
    needs = cli("import", qjl, db=db)
    assert needs.returncode == 1 and "Add --campaign ID or TITLE" in needs.stderr
    elsewhere = cli("import", qjl, "--new-campaign", "又一个团", db=db)
    assert elsewhere.returncode == 1 and "--again" in elsewhere.stderr
    first = json.loads(cli("campaigns", "--json", db=db, check=True).stdout)[0]["id"]
    assert f"--campaign {first}" in elsewhere.stderr
    again = json.loads(cli("import", qjl, "--campaign", "群接龙", "--json", db=db).stdout)
    assert again["campaign_id"] == first and again["orders_imported"] == 0
    missing = cli("import", qjl, "--campaign", "草莓团", db=db)
    assert missing.returncode == 1 and "`leader-app campaigns` lists" in missing.stderr
    members = cli("import", str(SAMPLES / "members.xlsx"), "--kind", "orders", "--campaign",
                  "群接龙", db=db)  # fmt: skip
    assert members.returncode == 1 and "\n  row 2, " in members.stderr  # why, row by row
    assert "Traceback" not in needs.stderr + elsewhere.stderr + missing.stderr + members.stderr


def test_the_text_report_names_new_products_and_an_empty_store_says_it_is_empty(
    tmp_path: Path,
) -> None:
    """The README says the products an import adds are listed for the leader to check: the
    text report only counted them. And `campaigns` on a new store printed nothing at all."""
    db = tmp_path / "s.db"
    empty = cli("campaigns", db=db, check=True).stdout
    assert empty.startswith("No campaigns yet")
    out = cli("import", str(SAMPLES / "ktt_export.xlsx"), "--new-campaign", "团", db=db).stdout
    named = next(line for line in out.splitlines() if "new products:" in line)
    assert len(named.split(":", 1)[1].split(",")) == 12 and "丹东草莓 500g/盒" in named
    assert "12 products created" in out
