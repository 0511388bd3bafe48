"""The web desk's changes (POST, each with the session's CSRF token): revoke a device, issue an
enrolment code, publish and withdraw catalog entries, record a delivery. A refused change
shows the reason and changes nothing; a done one redirects (post/redirect/get)."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from hq_server import catalog_admin, deliveries, leaders
from hq_server.admin import web
from hq_server.service import HQ, HQError


def _int(text: str, field: str, default: int = 0) -> int:
    text = (text or "").strip()
    if not text:
        return default
    try:
        return int(text)
    except ValueError:
        raise HQError(400, "bad_number", f"{field}: {text!r} is not a whole number") from None


def register(router: APIRouter, hq: HQ) -> None:
    db = hq.db

    @router.post("/devices/{device_id}/revoke")
    async def revoke(request: Request, device_id: str) -> Response:
        got = await web.posted(hq, request)
        if isinstance(got, Response):
            return got
        _sess, data = got
        await run_in_threadpool(hq.revoke_device, device_id)
        leader = quote(data.get("leader", ""), safe="")
        return web.redirect(f"/admin/leaders/{leader}?notice=revoked")

    @router.post("/leaders/{leader_id}/enroll-code")
    async def enroll_code(request: Request, leader_id: str) -> Response:
        got = await web.posted(hq, request)
        if isinstance(got, Response):
            return got
        sess, _data = got
        try:
            issued = await run_in_threadpool(hq.enroll_code, leader_id)
            code = issued["enrollment_code"]
        except HQError as exc:
            return web.problem(request, exc.status, exc.message)
        found = await run_in_threadpool(leaders.detail, db, leader_id)
        # Rendered, not redirected: the one-time code never lands in a URL or the history.
        return web.render(
            request, "leader.html", sess=sess, nav="leaders", leader=found, code=code, notice=""
        )

    @router.post("/catalog/products")
    async def publish_product(request: Request) -> Response:
        got = await web.posted(hq, request)
        if isinstance(got, Response):
            return got
        _sess, data = got
        try:
            product = {
                "name": data.get("name", ""),
                "spec": data.get("spec", ""),
                "unit": data.get("unit", ""),
                "supplier": data.get("supplier", ""),
                "category": data.get("category", ""),
                "price_fen": catalog_admin.yuan_to_fen(data.get("price", "")),
                "commission_bp": _int(data.get("commission", ""), "commission") * 100,
            }
            await run_in_threadpool(catalog_admin.publish_product, hq, product)
        except HQError as exc:
            return web.problem(request, 400, exc.message)
        return web.redirect("/admin/catalog?notice=published")

    @router.post("/catalog/products/{product_id}/withdraw")
    async def withdraw_product(request: Request, product_id: str) -> Response:
        got = await web.posted(hq, request)
        if isinstance(got, Response):
            return got
        await run_in_threadpool(hq.publish, {"id": product_id}, "delete")
        return web.redirect("/admin/catalog?notice=withdrawn")

    @router.post("/catalog/campaigns")
    async def publish_campaign(request: Request) -> Response:
        got = await web.posted(hq, request)
        if isinstance(got, Response):
            return got
        _sess, data = got
        try:
            products = {p["id"]: p for p in catalog_admin.current(db, "product")}
            suggestion = {
                "title": data.get("title", "").strip(),
                "items": catalog_admin.campaign_items(web.form_lists(data, "price_"), products),
                "note": data.get("note", "").strip()[:500],
            }
            for key in ("deadline", "pickup_date"):
                if data.get(key, "").strip():
                    suggestion[key] = data[key].strip()
            await run_in_threadpool(hq.publish, suggestion, "upsert", "campaign")
        except HQError as exc:
            return web.problem(request, 400, exc.message)
        return web.redirect("/admin/catalog?notice=published")

    @router.post("/catalog/campaigns/{campaign_id}/withdraw")
    async def withdraw_campaign(request: Request, campaign_id: str) -> Response:
        got = await web.posted(hq, request)
        if isinstance(got, Response):
            return got
        await run_in_threadpool(hq.publish, {"id": campaign_id}, "delete", "campaign")
        return web.redirect("/admin/catalog?notice=withdrawn")

    @router.post("/deliveries")
    async def record_delivery(request: Request) -> Response:
        got = await web.posted(hq, request)
        if isinstance(got, Response):
            return got
        sess, data = got
        leader_id, campaign_id = data.get("leader", ""), data.get("campaign", "")
        try:
            items = {
                pid: _int(qty, "quantity")
                for pid, qty in web.form_lists(data, "qty_").items()
                if qty.strip()
            }
            if any(q < 0 for q in items.values()):
                raise HQError(400, "bad_item", "a quantity cannot be negative")
            await run_in_threadpool(
                deliveries.record,
                db,
                leader_id,
                campaign_id,
                items,
                data.get("note", ""),
                sess.name,
            )
        except HQError as exc:
            return web.problem(request, exc.status, exc.message)
        return web.redirect("/admin/deliveries?notice=saved")
