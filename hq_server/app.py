"""HQ's HTTP API (FastAPI on uvicorn). Every refusal is a 4xx with a JSON body, never a 500."""

from __future__ import annotations

import json
import logging
import threading
import time
import uuid
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, ValidationError

from hq_server.admin import mount_admin
from hq_server.db import Database
from hq_server.leaders import seen
from hq_server.service import HQ, PROTOCOL, HQError

log = logging.getLogger("hq_server")


@dataclass
class Limits:
    max_body: int = 2_000_000  # bytes → 413
    max_changes: int = 1000  # per batch → 413
    rate: float = 50.0  # requests per second per device (burst 2×) → 429


class Change(BaseModel):
    seq: int = Field(ge=0)
    tx_id: str = Field(max_length=64)
    entity: str = Field(max_length=40)
    entity_id: str = Field(max_length=80)
    op: str = Field(max_length=10)
    data: dict[str, Any] | None = None
    at: str = Field(max_length=40)


class Batch(BaseModel):
    batch_id: uuid.UUID
    protocol: int
    changes: list[Change]


class Enrollment(BaseModel):
    code: str = Field(min_length=1, max_length=200)
    device_name: str = Field(default="", max_length=100)


class RateLimiter:
    """A token bucket per device, in this process."""

    def __init__(self, rate: float) -> None:
        self.rate, self.burst = rate, max(rate * 2, 1.0)
        self.buckets: dict[str, tuple[float, float]] = {}
        self.lock = threading.Lock()

    def retry_after(self, key: str) -> float:
        with self.lock:
            tokens, last = self.buckets.get(key, (self.burst, time.monotonic()))
            now = time.monotonic()
            tokens = min(self.burst, tokens + (now - last) * self.rate)
            if tokens >= 1:
                self.buckets[key] = (tokens - 1, now)
                return 0.0
            self.buckets[key] = (tokens, now)
            return (1 - tokens) / self.rate


def _error(status: int, code: str, message: str, headers: dict | None = None) -> JSONResponse:
    return JSONResponse({"error": code, "message": message}, status_code=status, headers=headers)


def create_app(db_url: str, limits: Limits | None = None, claim_timeout: float = 30.0) -> FastAPI:
    limits = limits or Limits()
    hq = HQ(Database(db_url), claim_timeout)
    limiter = RateLimiter(limits.rate)
    app = FastAPI(
        title="Leader Desk HQ",
        version="1.0",
        description="Receives desks' changes exactly once; publishes the catalog.",
    )
    app.state.hq = hq

    @app.exception_handler(HQError)
    async def hq_error(_request: Request, exc: HQError) -> JSONResponse:
        return _error(exc.status, exc.code, exc.message, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def bad_request(_request: Request, exc: RequestValidationError) -> JSONResponse:
        return _error(400, "invalid_request", str(exc.errors()[:3])[:500])

    @app.exception_handler(Exception)
    async def unexpected(_request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error")
        return _error(500, "internal", "HQ hit an unexpected problem; the batch was not applied")

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.post("/v1/enroll", responses={401: {"description": "unknown or used code"}})
    async def enroll(body: Enrollment) -> dict[str, str]:
        return await run_in_threadpool(hq.enroll, body.code, body.device_name)

    @app.post(
        "/v1/batches",
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": Batch.model_json_schema()}},
            }
        },
        responses={
            400: {"description": "malformed"},
            401: {"description": "token"},
            409: {"description": "in progress"},
            413: {"description": "too large"},
            422: {"description": "batch id reused"},
            426: {"description": "protocol"},
            429: {"description": "rate"},
        },
    )
    async def push(request: Request) -> dict[str, Any]:
        device = await run_in_threadpool(hq.authenticate, request.headers.get("authorization"))
        wait = limiter.retry_after(device.id)
        if wait:
            raise HQError(
                429,
                "rate_limited",
                "too many requests",
                {"Retry-After": str(max(1, round(wait + 0.5)))},
            )
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > limits.max_body:
            raise HQError(413, "body_too_large", f"at most {limits.max_body} bytes")
        raw = await request.body()
        if len(raw) > limits.max_body:
            raise HQError(413, "body_too_large", f"at most {limits.max_body} bytes")
        try:
            payload = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            raise HQError(400, "malformed_json", "the body is not JSON") from None
        if not isinstance(payload, dict):
            raise HQError(400, "malformed_json", "the body must be a JSON object")
        if payload.get("protocol") != PROTOCOL:
            raise HQError(426, "protocol", f"this HQ speaks protocol {PROTOCOL}; update the desk")
        try:
            batch = Batch.model_validate(payload)
        except ValidationError as exc:
            raise HQError(400, "invalid_batch", str(exc.errors()[:3])[:500]) from None
        if len(batch.changes) > limits.max_changes:
            raise HQError(413, "too_many_changes", f"at most {limits.max_changes} per batch")
        body = {"batch_id": str(batch.batch_id), "changes": [c.model_dump() for c in batch.changes]}
        return await run_in_threadpool(hq.push, device, body)

    @app.get("/v1/catalog")
    async def catalog(
        request: Request,
        since: int = Query(0, ge=0, le=2**62),
        limit: int = Query(500, ge=1, le=5000),
    ) -> dict[str, Any]:
        device = await run_in_threadpool(hq.authenticate, request.headers.get("authorization"))
        await run_in_threadpool(seen, hq.db, device.id, request.headers.get("x-pending-changes"))
        return await run_in_threadpool(hq.catalog, since, limit, device.leader_id)

    mount_admin(app, hq)  # HQ's web desk at /admin (hq_server/admin/)
    return app
