"""The web desk's access rules over real HTTP to a real HQ: no session → the login page; a
POST without the CSRF token → refused and nothing changed; a device token opens no page; a
staff session pushes no batch; the lockout; the cookie's flags; the catalog's validation."""

from __future__ import annotations

import io
import subprocess
import sys
import uuid

import openpyxl
import pytest
import requests

from sync.engine import enroll
from tests.conftest import ROOT
from tests.sync.web_support import PASSWORD, add_staff, login_csrf, page_csrf, signed_in

PAGES = [
    "/admin",
    "/admin/demand",
    "/admin/demand.xlsx",
    "/admin/leaders",
    "/admin/catalog",
    "/admin/statements",
    "/admin/statements.xlsx?leader=x&month=2026-11",
    "/admin/deliveries",
]
FORMS = [
    "/admin/catalog/products",
    "/admin/catalog/campaigns",
    "/admin/catalog/products/p1/withdraw",
    "/admin/deliveries",
    "/admin/devices/d1/revoke",
    "/admin/leaders/l1/enroll-code",
    "/admin/logout",
]


@pytest.fixture
def web(make_hq):
    server = make_hq()
    add_staff(server)
    return server


def test_no_session_goes_to_the_login_page(web):
    for path in PAGES:
        reply = requests.get(web.url + path, allow_redirects=False)
        assert reply.status_code == 303, path
        if path != "/admin":
            assert reply.headers["location"].startswith("/admin/login?next=/admin/"), path
    for path in FORMS:
        reply = requests.post(web.url + path, data={"csrf": "x"}, allow_redirects=False)
        assert reply.status_code == 303 and "/admin/login" in reply.headers["location"], path
    login = requests.get(web.url + "/admin/login")
    assert login.status_code == 200 and "登录" in login.text  # Chinese first


def test_a_form_without_the_csrf_token_is_refused(web):
    session = signed_in(web)
    before = requests.get(web.url + "/v1/catalog", headers=_device(web)).json()["changes"]
    product = {"name": "草莓", "spec": "500g", "price": "29.90"}
    for data in (product, {**product, "csrf": "forged"}):
        reply = session.post(web.url + "/admin/catalog/products", data=data)
        assert reply.status_code == 403
    assert requests.get(web.url + "/v1/catalog", headers=_device(web)).json()["changes"] == before
    good = page_csrf(session, web.url + "/admin/catalog")
    reply = session.post(web.url + "/admin/catalog/products", data={**product, "csrf": good})
    assert reply.status_code == 200 and "草莓" in reply.text  # redirected to the catalog
    # the login form too: a double-submit cookie, refused without it
    fresh = requests.Session()
    login_csrf(fresh, web)
    reply = fresh.post(web.url + "/admin/login", data={"name": "小周", "password": PASSWORD})
    assert reply.status_code == 403 and "hq_session" not in fresh.cookies


def _device(server) -> dict[str, str]:
    leader = server.add_leader("王店长")
    token = requests.post(
        server.url + "/v1/enroll", json={"code": leader["enrollment_code"]}
    ).json()["token"]
    return {"Authorization": f"Bearer {token}"}


def test_a_device_token_opens_no_page_and_a_session_pushes_no_batch(web):
    device = _device(web)
    assert requests.get(web.url + "/v1/catalog", headers=device).status_code == 200
    session = signed_in(web)
    for path in PAGES + ["/admin/login"]:
        alone = requests.get(web.url + path, headers=device, allow_redirects=False)
        assert alone.status_code == 403, path
        both = session.get(web.url + path, headers=device, allow_redirects=False)
        assert both.status_code == 403, path  # not even beside a staff session
    batch = {"batch_id": str(uuid.uuid4()), "protocol": 1, "changes": []}
    reply = session.post(web.url + "/v1/batches", json=batch)
    assert reply.status_code == 401
    assert session.get(web.url + "/admin/demand").status_code == 200


def test_lockout_after_repeated_failed_logins(web):
    session = requests.Session()
    for _ in range(4):
        reply = session.post(
            web.url + "/admin/login",
            data={"csrf": login_csrf(session, web), "name": "小周", "password": "wrong"},
        )
        assert reply.status_code == 401 and "用户名或密码错误" in reply.text
    reply = session.post(
        web.url + "/admin/login",
        data={"csrf": login_csrf(session, web), "name": "小周", "password": "wrong"},
    )
    assert "登录失败次数过多" in reply.text
    reply = session.post(
        web.url + "/admin/login",
        data={"csrf": login_csrf(session, web), "name": "小周", "password": PASSWORD},
        allow_redirects=False,
    )
    assert reply.status_code == 401 and "hq_session" not in session.cookies  # locked


def test_session_cookie_flags(web):
    for proto, secure in (("", False), ("https", True)):
        session = requests.Session()
        headers = {"X-Forwarded-Proto": proto} if proto else {}
        csrf = login_csrf(session, web)
        reply = session.post(
            web.url + "/admin/login",
            data={"csrf": csrf, "name": "小周", "password": PASSWORD},
            headers=headers,
            allow_redirects=False,
        )
        cookie = [c for c in reply.headers["set-cookie"].split(", hq_") if "session=" in c][0]
        assert "HttpOnly" in cookie and "SameSite=strict" in cookie
        assert ("Secure" in cookie) is secure
    page = signed_in(web).get(web.url + "/admin/demand")
    assert page.headers["X-Frame-Options"] == "DENY"
    assert "default-src 'self'" in page.headers["Content-Security-Policy"]


def test_catalog_validation_on_the_web_and_the_cli(web):
    session = signed_in(web)
    csrf = page_csrf(session, web.url + "/admin/catalog")
    for data in (
        {"name": "  ", "price": "5"},
        {"name": "苹果", "price": "-1"},
        {"name": "苹果", "price": "abc"},
    ):
        reply = session.post(web.url + "/admin/catalog/products", data={**data, "csrf": csrf})
        assert reply.status_code == 400, data
    for args in (["--name", "", "--price-fen", "100"], ["--name", "苹果", "--price-fen", "-5"]):
        out = subprocess.run(
            [sys.executable, "-m", "hq_server", "publish-product", *args, "--db", web.db],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        assert out.returncode == 1 and "Traceback" not in out.stderr, args
    reply = session.post(
        web.url + "/admin/catalog/products",
        data={
            "name": "丹东草莓",
            "spec": "500g/盒",
            "price": "29.9",
            "supplier": "丹东果园",
            "csrf": csrf,
        },
    )
    assert reply.status_code == 200
    feed = requests.get(web.url + "/v1/catalog", headers=_device(web)).json()["changes"]
    assert [(c["data"]["name"], c["data"]["price_fen"], c["data"]["supplier"]) for c in feed] == [
        ("丹东草莓", 2990, "丹东果园")
    ]
    product_id = feed[0]["id"]
    for title, status in (("", 400), ("周末草莓团", 200)):
        reply = session.post(
            web.url + "/admin/catalog/campaigns",
            data={"title": title, f"price_{product_id}": "28", "csrf": csrf},
        )
        assert reply.status_code == status, title
    feed = requests.get(web.url + "/v1/catalog", headers=_device(web)).json()["changes"]
    assert [(c["kind"], c["data"].get("items")) for c in feed][-1] == (
        "campaign",
        [{"product_id": product_id, "price_fen": 2800}],
    )
    weak = subprocess.run(
        [sys.executable, "-m", "hq_server", "add-staff", "x", "--password-stdin", "--db", web.db],
        input="short\n",
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert weak.returncode == 1 and "at least" in weak.stderr


def test_leaders_page_issues_a_code_that_enrols(web, tmp_path, creds):
    from leader_app.app import LeaderApp

    leader = web.add_leader("李团长")
    session = signed_in(web)
    page = session.get(web.url + f"/admin/leaders/{leader['leader_id']}")
    assert "李团长" in page.text
    csrf = page_csrf(session, web.url + f"/admin/leaders/{leader['leader_id']}")
    reply = session.post(
        web.url + f"/admin/leaders/{leader['leader_id']}/enroll-code", data={"csrf": csrf}
    )
    code = reply.text.split('id="code">')[1].split("<")[0]
    app = LeaderApp.open(tmp_path / "desk.db")
    enroll(app.store, web.url, code, "前台")
    page = session.get(web.url + f"/admin/leaders/{leader['leader_id']}").text
    assert "前台" in page and "使用中" in page
    listing = session.get(web.url + "/admin/leaders").text
    assert "李团长" in listing


def test_demand_xlsx_and_statement_match_the_desk(web, tmp_path, creds):
    from tests.sync.web_support import purchase_lists, two_desks

    desks = two_desks(tmp_path, web)
    expected, _ = purchase_lists(desks)
    session = signed_in(web)
    book = openpyxl.load_workbook(io.BytesIO(session.get(web.url + "/admin/demand.xlsx").content))
    rows = list(book.active.iter_rows(min_row=2, values_only=True))
    assert rows[-1][4] == sum(expected.values())
    assert {(r[1], r[2], r[0]): r[4] for r in rows[:-1]} == dict(expected)

    (name, spec, day), qty = expected.most_common(1)[0]
    row = session.get(
        web.url + "/admin/demand/row", params={"product": name, "spec": spec, "date": day}
    ).text
    assert f"<strong>{qty}</strong>" in row and "北门便利店" in row
    leaders_page = session.get(web.url + "/admin/leaders").text
    assert "从未" not in leaders_page  # both desks synced: a last sync each
    assert leaders_page.count('<td class="num">0</td>') >= 2  # nothing waiting, nothing refused

    app, leader = desks[0]
    month = app.store.conn.execute(
        "SELECT substr(pickup_on, 1, 7) AS m FROM campaigns WHERE status = 'done' "
        "ORDER BY pickup_on DESC"
    ).fetchone()["m"]
    ids = [
        c["id"]
        for c in app.store.conn.execute(
            "SELECT id FROM campaigns WHERE status <> 'draft' AND substr(pickup_on, 1, 7) = ?",
            (month,),
        )
    ]
    summaries = [app.campaigns.summary(i) for i in ids]
    statement = web.cli("statement", "--leader", leader["leader_id"], "--month", month)
    assert len(statement["campaigns"]) == len(ids) > 0
    totals = statement["totals"]
    assert totals["commission_fen"] == sum(s["commission_fen"] for s in summaries) > 0
    assert totals["sold_fen"] == sum(s["amount_fen"] for s in summaries)
    assert totals["orders"] == sum(s["orders_active"] for s in summaries)
    page = session.get(
        web.url + f"/admin/statements?leader={leader['leader_id']}&month={month}"
    ).text
    fen = totals["commission_fen"]
    assert f"¥{fen // 100:,}.{fen % 100:02d}" in page
    sheet = openpyxl.load_workbook(
        io.BytesIO(
            session.get(
                web.url + f"/admin/statements.xlsx?leader={leader['leader_id']}&month={month}"
            ).content
        )
    ).active
    last = list(sheet.iter_rows(values_only=True))[-1]
    assert round(last[-1] * 100) == fen


def test_a_campaign_without_a_pickup_date_shows_a_dash_not_none(web, tmp_path, creds):
    """A desk's campaign made by an import has no pickup date until the leader sets one: the
    demand and deliveries pages say so with “—”, not Python's “None”."""
    from leader_app.app import LeaderApp
    from leader_app.importing.service import import_file
    from tests.conftest import SAMPLES
    from tests.sync.conftest import push_all

    app = LeaderApp.open(tmp_path / "desk.db")
    report = import_file(app.store, SAMPLES / "ktt_export.xlsx", new_campaign="无取货日的团")
    campaign = app.campaigns.get(report.campaign_id)
    assert campaign["pickup_on"] is None and campaign["status"] == "open"
    leader = web.add_leader()
    enroll(app.store, web.url, leader["enrollment_code"], "desk")
    assert push_all(app).pending == 0
    session = signed_in(web)

    demand = session.get(web.url + "/admin/demand").text
    assert "丹东草莓" in demand  # the campaign's demand is on the page
    assert "None" not in demand and "<td>—</td>" in demand
    deliveries = session.get(
        web.url + "/admin/deliveries", params={"leader": leader["leader_id"]}
    ).text
    assert "无取货日的团" in deliveries
    assert "None" not in deliveries and "— 无取货日的团" in deliveries
    app.close()
