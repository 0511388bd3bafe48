"""Helpers for the web desk's tests: two real demo desks synced to a real HQ, a signed-in
requests session, and the desks' own purchase lists to compare HQ's demand against."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from typing import Any

import requests

from leader_app.app import LeaderApp
from storage import export_sql
from tests.conftest import ROOT
from tests.sync.conftest import HQProcess, make_desk, push_all

PASSWORD = "correct horse battery"


def add_staff(server: HQProcess, name: str = "小周", password: str = PASSWORD) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "hq_server",
            "add-staff",
            name,
            "--password-stdin",
            "--db",
            server.db,
        ],
        input=password + "\n",
        text=True,
        cwd=ROOT,
        check=True,
        capture_output=True,
    )


def login_csrf(session: requests.Session, server: HQProcess) -> str:
    page = session.get(server.url + "/admin/login")
    return re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)


def signed_in(server: HQProcess, name: str = "小周", password: str = PASSWORD) -> requests.Session:
    session = requests.Session()
    csrf = login_csrf(session, server)
    reply = session.post(
        server.url + "/admin/login",
        data={"csrf": csrf, "name": name, "password": password, "next": "/admin/demand"},
        allow_redirects=False,
    )
    assert reply.status_code == 303, reply.text[:500]
    return session


def page_csrf(session: requests.Session, url: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', session.get(url).text).group(1)


def two_desks(tmp_path, server: HQProcess) -> list[tuple[LeaderApp, dict[str, str]]]:
    desks = []
    for seed, name in ((1, "a"), (2, "b")):
        app, leader = make_desk(tmp_path, server, orders=400, members=50, seed=seed, name=name)
        result = push_all(app)
        assert result.pending == 0 and not result.problem, result
        desks.append((app, leader))
    return desks


def purchase_lists(
    desks: list[tuple[LeaderApp, dict[str, str]]], day: str | None = None
) -> tuple[Counter, dict[tuple[str, str, str], dict[str, int]]]:
    """(product, spec, pickup date) → quantity, over every open or closed campaign of the
    desks, from each desk's own purchase list; and the same per leader."""
    total: Counter = Counter()
    per_leader: dict[tuple[str, str, str], dict[str, int]] = {}
    for app, leader in desks:
        conn = app.store.conn
        for c in conn.execute(
            "SELECT id, pickup_on FROM campaigns WHERE status IN ('open', 'closed')"
        ):
            if day and c["pickup_on"] != day:
                continue
            for row in export_sql.purchase_list(conn, c["id"]):
                key = (row["product"], row["spec"], c["pickup_on"])
                total[key] += row["quantity"]
                by = per_leader.setdefault(key, {})
                by[leader["leader_id"]] = by.get(leader["leader_id"], 0) + row["quantity"]
    return total, per_leader


def demand_counter(rows: list[dict[str, Any]]) -> Counter:
    return Counter({(r["product"], r["spec"], r["pickup_date"]): r["quantity"] for r in rows})
