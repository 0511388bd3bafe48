"""HQ's own desk on the web (/admin): server-rendered pages for HQ's staff."""

from __future__ import annotations

from typing import Any


class NoDeviceTokens:
    """A desk's device token opens nothing under /admin, whatever else comes with it. Plain
    ASGI, so the desks' own requests pay one header scan and nothing more."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if (path == "/admin" or path.startswith("/admin/")) and any(
            name == b"authorization" for name, _ in scope["headers"]
        ):
            from fastapi import Request

            from hq_server.admin import web

            await web.device_token_refused(Request(scope))(scope, receive, send)
            return
        await self.app(scope, receive, send)


def mount_admin(app: Any, hq: Any) -> None:
    from fastapi import APIRouter

    from hq_server.admin import actions, login, pages

    router = APIRouter(prefix="/admin", include_in_schema=False)
    login.register(router, hq)
    pages.register(router, hq)
    actions.register(router, hq)
    app.include_router(router)
    app.add_middleware(NoDeviceTokens)
