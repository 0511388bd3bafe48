"""HQ's own desk on the web (/admin): server-rendered pages for HQ's staff."""

from __future__ import annotations

from typing import Any


def mount_admin(app: Any, hq: Any) -> None:
    from fastapi import APIRouter

    from hq_server.admin import actions, login, pages

    router = APIRouter(prefix="/admin", include_in_schema=False)
    login.register(router, hq)
    pages.register(router, hq)
    actions.register(router, hq)
    app.include_router(router)
