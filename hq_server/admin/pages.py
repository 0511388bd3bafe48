"""The web desk's pages (GET): demand, leaders, catalog, statements, deliveries, and the two
xlsx exports. Reads only; every change is a POST in actions.py."""

from __future__ import annotations

import re
from datetime import date
from functools import partial

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from hq_server import catalog_admin, deliveries, leaders, statements
from hq_server.admin import web
from hq_server.demand import (
    DemandFilter,
    dates,
    demand,
    demand_row,
    suppliers_and_categories,
)
from hq_server.service import HQ, HQError

DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PER_ROW = 12  # leaders shown on a demand row; the row's own page lists them all


def _filter(request: Request) -> DemandFilter:
    q = request.query_params
    day = q.get("date", "")
    return DemandFilter(
        date=day if DAY.match(day) else None,
        supplier=q.get("supplier") or None,
        category=q.get("category") or None,
    )


def register(router: APIRouter, hq: HQ) -> None:
    db = hq.db

    @router.get("/demand")
    async def demand_page(request: Request) -> Response:
        sess = web.current(hq, request)
        if isinstance(sess, Response):
            return sess
        flt = _filter(request)
        sort = request.query_params.get("sort", "date")
        page, size, offset = web.page_args(request, 100)
        result = await run_in_threadpool(
            partial(demand, db, flt, sort=sort, limit=size, offset=offset, per_row=PER_ROW)
        )
        suppliers, categories = await run_in_threadpool(suppliers_and_categories, db)
        return web.render(
            request,
            "demand.html",
            sess=sess,
            nav="demand",
            result=result,
            flt=flt,
            sort=sort,
            page=page,
            pages=max(1, -(-result["total"] // size)),
            dates=await run_in_threadpool(dates, db),
            suppliers=suppliers,
            categories=categories,
            total_qty=sum(r["quantity"] for r in result["rows"]),
        )

    @router.get("/demand/row")
    async def demand_row_page(request: Request) -> Response:
        sess = web.current(hq, request)
        if isinstance(sess, Response):
            return sess
        q = request.query_params
        page, size, offset = web.page_args(request, 100)
        day = q.get("date", "")
        result = await run_in_threadpool(
            demand_row,
            db,
            q.get("product", ""),
            q.get("spec", ""),
            day if DAY.match(day) else None,
            size,
            offset,
        )
        return web.render(
            request,
            "demand_row.html",
            sess=sess,
            nav="demand",
            result=result,
            page=page,
            pages=max(1, -(-result["total"] // size)),
        )

    @router.get("/demand.xlsx")
    async def demand_xlsx(request: Request) -> Response:
        sess = web.current(hq, request)
        if isinstance(sess, Response):
            return sess
        from hq_server.admin import xlsx  # openpyxl loads on first export, not at start-up

        flt = _filter(request)
        result = await run_in_threadpool(demand, db, flt, limit=None)
        name = f"demand-{flt.date or 'all'}.xlsx"
        return xlsx.response(xlsx.demand_book(result["rows"], web.lang(request)), name)

    @router.get("/leaders")
    async def leaders_page(request: Request) -> Response:
        sess = web.current(hq, request)
        if isinstance(sess, Response):
            return sess
        page, size, offset = web.page_args(request)
        sort = request.query_params.get("sort", "name")
        q = request.query_params.get("q", "")
        result = await run_in_threadpool(leaders.listing, db, sort, size, offset, q)
        return web.render(
            request,
            "leaders.html",
            sess=sess,
            nav="leaders",
            result=result,
            sort=sort,
            q=q,
            page=page,
            pages=max(1, -(-result["total"] // size)),
        )

    @router.get("/leaders/{leader_id}")
    async def leader_page(request: Request, leader_id: str) -> Response:
        sess = web.current(hq, request)
        if isinstance(sess, Response):
            return sess
        found = await run_in_threadpool(leaders.detail, db, leader_id)
        if found is None:
            return web.problem(request, 404, "Not found.")
        return web.render(
            request,
            "leader.html",
            sess=sess,
            nav="leaders",
            leader=found,
            code=request.query_params.get("code", ""),
            notice=request.query_params.get("notice", ""),
        )

    @router.get("/catalog")
    async def catalog_page(request: Request) -> Response:
        sess = web.current(hq, request)
        if isinstance(sess, Response):
            return sess
        products = await run_in_threadpool(catalog_admin.current, db, "product")
        return web.render(
            request,
            "catalog.html",
            sess=sess,
            nav="catalog",
            products=products,
            names={p["id"]: p["name"] for p in products},
            campaigns=await run_in_threadpool(catalog_admin.current, db, "campaign"),
            notice=request.query_params.get("notice", ""),
            error=request.query_params.get("error", ""),
        )

    @router.get("/statements")
    async def statements_page(request: Request) -> Response:
        sess = web.current(hq, request)
        if isinstance(sess, Response):
            return sess
        leader_id = request.query_params.get("leader", "")
        month = request.query_params.get("month") or date.today().strftime("%Y-%m")
        result, error = None, ""
        if leader_id:
            try:
                result = await run_in_threadpool(statements.statement, db, leader_id, month)
            except HQError as exc:
                error = exc.message
        return web.render(
            request,
            "statements.html",
            sess=sess,
            nav="statements",
            leaders=await run_in_threadpool(leaders.names, db),
            leader_id=leader_id,
            month=month,
            result=result,
            error=error,
        )

    @router.get("/statements.xlsx")
    async def statement_xlsx(request: Request) -> Response:
        sess = web.current(hq, request)
        if isinstance(sess, Response):
            return sess
        from hq_server.admin import xlsx

        q = request.query_params
        try:
            result = await run_in_threadpool(
                statements.statement, db, q.get("leader", ""), q.get("month", "")
            )
        except HQError as exc:
            return web.problem(request, exc.status, exc.message)
        book = xlsx.statement_book(result, web.lang(request))
        return xlsx.response(book, f"statement-{result['month']}.xlsx")

    @router.get("/deliveries")
    async def deliveries_page(request: Request) -> Response:
        sess = web.current(hq, request)
        if isinstance(sess, Response):
            return sess
        page, size, offset = web.page_args(request)
        leader_id = request.query_params.get("leader", "")
        campaign_id = request.query_params.get("campaign", "")
        campaigns = (
            await run_in_threadpool(deliveries.open_campaigns, db, leader_id) if leader_id else []
        )
        products = (
            await run_in_threadpool(deliveries.campaign_products, db, leader_id, campaign_id)
            if leader_id and campaign_id
            else []
        )
        result = await run_in_threadpool(deliveries.listing, db, size, offset)
        return web.render(
            request,
            "deliveries.html",
            sess=sess,
            nav="deliveries",
            leaders=await run_in_threadpool(leaders.names, db),
            leader_id=leader_id,
            campaign_id=campaign_id,
            campaigns=campaigns,
            products=products,
            result=result,
            page=page,
            pages=max(1, -(-result["total"] // size)),
            notice=request.query_params.get("notice", ""),
            error=request.query_params.get("error", ""),
        )
