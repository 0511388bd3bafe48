"""The dense pickup list, labels per member, item labels and sort orders, checked on real
PDFs (pdfinfo, pdftotext, pdftoppm and a QR decoder)."""

from __future__ import annotations

import math
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import zxingcpp
from PySide6.QtGui import QImage

from leader_app.app import LeaderApp
from leader_app.print_data import load
from ui.printing.output import to_pdf

pytestmark = pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="needs poppler-utils")
MEMBERS = 75


@pytest.fixture(scope="module")
def campaign(tmp_path_factory):
    """75 members in 6 buildings, each ordering 1 to 4 of 6 products; 10 order twice."""
    app = LeaderApp.open(tmp_path_factory.mktemp("dense") / "shop.db")
    names = ["丹东草莓", "散养土鸡蛋", "赣南脐橙", "五常大米", "三文鱼刺身", "猪肉白菜水饺"]
    products = [
        app.catalog.create({"name": n, "spec": s, "price_fen": "19.9"})
        for n, s in zip(names, ["500g/盒", "30枚", "5斤装", "10斤", "200g", "1kg"], strict=True)
    ]
    c = app.campaigns.create({"title": "12月6日 水果生鲜团", "pickup_on": "2026-12-06"})
    items = [app.campaigns.add_item(c["id"], p["id"], {})["id"] for p in products]
    app.campaigns.set_status(c["id"], "open")
    for i in range(MEMBERS):
        m = app.members.create(
            {
                "name": f"会员{i:02d}",
                "mobile": f"139{i:08d}",
                "building": str(i % 6 + 1),
                "unit": str(i % 2 + 1),
                "room": str(101 + i),
            }
        )
        count = i % 4 + 1
        lines = [{"item_id": items[(i + k) % 6], "quantity": k % 3 + 1} for k in range(count)]
        app.orders.create(c["id"], m["id"], lines)
        if i % 7 == 0:
            app.orders.create(c["id"], m["id"], [{"item_id": items[0], "quantity": 1}])
    app.campaigns.set_status(c["id"], "closed")
    app.campaigns.set_status(c["id"], "arrived")
    yield app, c["id"]
    app.close()


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return int(re.search(r"Pages:\s+(\d+)", info.stdout).group(1))


def _text(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_dense_list_fits_25_members_a_page(qapp, campaign, tmp_path) -> None:
    app, cid = campaign
    data = load(app.store, cid, app.ensure_shop_secret(), "幸福里")
    assert len(data.members) == MEMBERS and len(data.orders) > MEMBERS
    dense = tmp_path / "dense.pdf"
    pages = to_pdf(dense, data, "pickup-list")
    assert pages == _pages(dense) <= math.ceil(MEMBERS / 25) + 1
    text = _text(dense)
    for m in data.members:
        assert m.short_code in text  # every member, with the member code
    cards = tmp_path / "cards.pdf"
    assert to_pdf(cards, data, "pickup-list", "cards") > pages  # today's layout stays


def test_member_labels_scan_as_member_codes(qapp, campaign, tmp_path) -> None:
    app, cid = campaign
    data = load(app.store, cid, app.ensure_shop_secret())
    pdf = tmp_path / "members.pdf"
    assert to_pdf(pdf, data, "labels", "a4-3x8", per="member") >= MEMBERS
    subprocess.run(
        ["pdftoppm", "-r", "150", "-f", "1", "-l", "1", "-png", str(pdf), str(tmp_path / "m")],
        check=True,
    )
    codes = [b.text for b in zxingcpp.read_barcodes(QImage(str(tmp_path / "m-1.png")))]
    assert len(codes) == 24
    for code in codes:
        verdict = app.pickup.check(code)
        assert verdict.ok and verdict.member_level


def test_item_labels_one_per_unit_numbered_by_order_and_building(qapp, campaign, tmp_path):
    app, cid = campaign
    data = load(app.store, cid, app.ensure_shop_secret())
    pdf = tmp_path / "items.pdf"
    units = sum(i.quantity for o in data.orders for i in o.items)
    assert to_pdf(pdf, data, "item-labels") == units
    text = _text(pdf)
    first = data.orders[0]
    assert first.order_no in text
    numbers = re.findall(r"(\d+)/(\d+) · \S+ (\d+)/(\d+)", text)
    assert len(numbers) == units
    assert all(int(a) <= int(b) and int(c) <= int(d) for a, b, c, d in numbers)


@pytest.mark.parametrize(
    "sort", ["building-room-product", "building-product-room", "product-building-room"]
)
def test_sort_orders(qapp, campaign, tmp_path, sort) -> None:
    app, cid = campaign
    data = load(app.store, cid, app.ensure_shop_secret())
    pick = tmp_path / f"picking-{sort}.pdf"
    assert to_pdf(pick, data, "picking-list", sort=sort) >= 1
    text = _text(pick)
    if sort == "product-building-room":  # headed by product, buildings in the entries
        assert "1栋1单元" not in text and text.index("三文鱼刺身") < text.index("丹东草莓")
    else:  # headed by building
        assert text.index("1栋1单元") < text.index("2栋2单元") < text.index("6栋2单元")
    dense = tmp_path / f"dense-{sort}.pdf"
    assert to_pdf(dense, data, "pickup-list", sort=sort) <= math.ceil(MEMBERS / 25) + 1


def test_print_dialog_offers_layouts_sorts_and_member_labels(qapp, campaign, tmp_path) -> None:
    from ui.print_dialog import PrintDialog

    app, cid = campaign
    data = load(app.store, cid, app.ensure_shop_secret())
    dialog = PrintDialog(data)
    dialog.document.setCurrentIndex(dialog.document.findData("pickup-list"))
    assert dialog.list_layout.isEnabled() and not dialog.per.isEnabled()
    dense = dialog.save_pdf(str(tmp_path / "dense.pdf"))
    dialog.list_layout.setCurrentIndex(dialog.list_layout.findData("cards"))
    cards = dialog.save_pdf(str(tmp_path / "cards.pdf"))
    assert _pages(dense) <= math.ceil(MEMBERS / 25) + 1 < _pages(cards)
    dialog.document.setCurrentIndex(dialog.document.findData("labels"))
    dialog.per.setCurrentIndex(dialog.per.findData("member"))
    labels = dialog.save_pdf(str(tmp_path / "members.pdf"))
    assert _pages(labels) == math.ceil(MEMBERS / 24)
    dialog.document.setCurrentIndex(dialog.document.findData("item-labels"))
    items = dialog.save_pdf(str(tmp_path / "items.pdf"))
    units = sum(i.quantity for o in data.orders for i in o.items)
    assert _pages(items) == math.ceil(units / 24)
    dialog.deleteLater()
