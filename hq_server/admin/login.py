"""Signing in and out, the language toggle, and the style sheet."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, Response

from hq_server import staff
from hq_server.admin import i18n, web
from hq_server.service import HQ


def register(router: APIRouter, hq: HQ) -> None:
    @router.get("/static/desk.css")
    async def css() -> FileResponse:
        return FileResponse(web.HERE / "static" / "desk.css", media_type="text/css")

    @router.get("")
    @router.get("/")
    async def home(request: Request) -> Response:
        return web.redirect("/admin/demand")

    @router.get("/login")
    async def login_page(request: Request) -> Response:
        refused = web.device_token_refused(request)
        if refused is not None:
            return refused
        return _login_form(request, "")

    @router.post("/login")
    async def login(request: Request) -> Response:
        refused = web.device_token_refused(request)
        if refused is not None:
            return refused
        data = await web.form(request)
        t = i18n.translator(web.lang(request))
        cookie = request.cookies.get(web.LOGIN_CSRF_COOKIE)
        if (
            data is None
            or not cookie
            or not staff.csrf_ok(staff.Session("", "", cookie), data.get("csrf"))
        ):
            return web.problem(request, 403, t("The form expired. Please try again."))
        try:
            token = staff.login(hq.db, data.get("name", ""), data.get("password", ""))
        except staff.StaffError as exc:
            message = (
                t("Too many failed logins. Try again in 15 minutes.")
                if exc.code == "locked"
                else t("Wrong name or password.")
            )
            return _login_form(
                request, message, status=401, name=data.get("name", ""), nxt=data.get("next")
            )
        response = web.redirect(web.safe_next(data.get("next")))
        response.set_cookie(
            web.SESSION_COOKIE,
            token,
            max_age=staff.SESSION_HOURS * 3600,
            httponly=True,
            samesite="strict",
            secure=web.secure(request),
            path="/admin",
        )
        response.delete_cookie(web.LOGIN_CSRF_COOKIE, path="/admin")
        return response

    @router.post("/logout")
    async def logout(request: Request) -> Response:
        got = await web.posted(hq, request)
        if isinstance(got, Response):
            return got
        staff.logout(hq.db, request.cookies.get(web.SESSION_COOKIE))
        response = web.redirect("/admin/login")
        response.delete_cookie(web.SESSION_COOKIE, path="/admin")
        return response

    @router.get("/lang/{code}")
    async def set_lang(request: Request, code: str) -> Response:
        response = web.redirect(web.safe_next(request.query_params.get("next")))
        if code in ("zh_CN", "en"):
            response.set_cookie(
                web.LANG_COOKIE,
                code,
                max_age=365 * 86400,
                samesite="lax",
                secure=web.secure(request),
                path="/admin",
            )
        return response


def _login_form(
    request: Request, message: str, status: int = 200, name: str = "", nxt: str | None = None
) -> Response:
    token = web.new_login_csrf()
    response = web.render(
        request,
        "login.html",
        status=status,
        sess=None,
        csrf=token,
        message=message,
        name=name,
        next=web.safe_next(nxt or request.query_params.get("next")),
    )
    response.set_cookie(
        web.LOGIN_CSRF_COOKIE,
        token,
        max_age=3600,
        httponly=True,
        samesite="strict",
        secure=web.secure(request),
        path="/admin",
    )
    return response
