"""The web desk's plumbing: rendering, the staff session, CSRF, forms and security headers.

Access rules, in one place:
- a request with an Authorization header (a desk's device token) gets 403 on every page;
- no valid session cookie → a redirect to the login page;
- every POST carries the session's CSRF token (the login form a double-submit cookie), or 403.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

from hq_server import staff
from hq_server.admin import i18n
from hq_server.service import HQ

HERE = Path(__file__).parent
SESSION_COOKIE = "hq_session"
LOGIN_CSRF_COOKIE = "hq_login_csrf"
LANG_COOKIE = "hq_lang"
MAX_FORM = 64_000
HEADERS = {
    "Content-Security-Policy": "default-src 'self'; form-action 'self'; frame-ancestors 'none'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def _yuan(fen: Any) -> str:
    if fen is None:
        return ""
    fen = int(fen)
    sign = "-" if fen < 0 else ""
    return f"{sign}¥{abs(fen) // 100:,}.{abs(fen) % 100:02d}"


def _local(iso: str | None) -> str:
    """UTC ISO-8601 as stored → the server's local time, to the minute."""
    if not iso:
        return ""
    try:
        moment = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return iso
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


env = Environment(
    loader=FileSystemLoader(HERE / "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)
env.filters["yuan"] = _yuan
env.filters["local"] = _local


def secure(request: Request) -> bool:
    """Behind TLS: the request's own scheme, or what the TLS-terminating proxy says."""
    proto = request.headers.get("x-forwarded-proto", "").split(",")[0].strip().lower()
    return request.url.scheme == "https" or proto == "https"


def lang(request: Request) -> str:
    return i18n.pick(request.cookies.get(LANG_COOKIE), request.headers.get("accept-language"))


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    code = lang(request)
    html = env.get_template(template).render(
        _=i18n.translator(code),
        lang=code,
        path=request.url.path,
        query=str(request.url.query),
        **context,
    )
    response = HTMLResponse(html, status_code=status)
    response.headers.update(HEADERS)
    return response


def problem(request: Request, status: int, message: str) -> HTMLResponse:
    return render(request, "problem.html", status=status, message=message, sess=None)


def device_token_refused(request: Request) -> HTMLResponse | None:
    if request.headers.get("authorization"):
        t = i18n.translator(lang(request))
        return problem(
            request, 403, t("This page needs a staff sign-in; device tokens cannot open it.")
        )
    return None


def current(hq: HQ, request: Request) -> staff.Session | Response:
    """The staff session, or the response to send instead (403 for a device token, a
    redirect to the login page without a session)."""
    refused = device_token_refused(request)
    if refused is not None:
        return refused
    sess = staff.session(hq.db, request.cookies.get(SESSION_COOKIE))
    if sess is None:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/admin/login?next={quote(target)}", status_code=303)
    return sess


async def form(request: Request) -> dict[str, str] | None:
    """The urlencoded form (last value per name), or None when it is too large."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_FORM:
        return None
    raw = await request.body()
    if len(raw) > MAX_FORM:
        return None
    parsed = parse_qs(raw.decode("utf-8", "replace"), keep_blank_values=True)
    return {k: v[-1] for k, v in parsed.items()}


def form_lists(raw: dict[str, str], prefix: str) -> dict[str, str]:
    return {k[len(prefix) :]: v for k, v in raw.items() if k.startswith(prefix)}


async def posted(hq: HQ, request: Request) -> tuple[staff.Session, dict[str, str]] | Response:
    """A POST from a signed-in member of staff with the right CSRF token."""
    sess = current(hq, request)
    if isinstance(sess, Response):
        return sess
    data = await form(request)
    if data is None:
        return problem(request, 413, "form too large")
    if not staff.csrf_ok(sess, data.get("csrf")):
        t = i18n.translator(lang(request))
        return problem(request, 403, t("The form expired. Please try again."))
    return sess, data


def redirect(url: str) -> RedirectResponse:
    response = RedirectResponse(url, status_code=303)
    response.headers.update(HEADERS)
    return response


def new_login_csrf() -> str:
    return secrets.token_urlsafe(24)


def safe_next(target: str | None) -> str:
    """Only a path inside the web desk: never an absolute URL (an open redirect)."""
    if target and target.startswith("/admin") and not target.startswith("//"):
        return target
    return "/admin/demand"


def page_args(request: Request, size: int = 50) -> tuple[int, int, int]:
    try:
        page = max(1, int(request.query_params.get("page", "1")))
    except ValueError:
        page = 1
    return page, size, (page - 1) * size
