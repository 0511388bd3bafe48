"""HQ's HTTP API (FastAPI on uvicorn). Every refusal is a 4xx with a JSON body, never a 500."""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import threading
import time
import uuid
from contextlib import asynccontextmanager
from dataclasses import asdict, dataclass
from typing import Annotated, Any

from fastapi import FastAPI, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, ValidationError, field_validator

from hq_server import validate
from hq_server.admin import mount_admin
from hq_server.bodylimit import BodyLimit
from hq_server.db import POOL_SIZE, Database, PoolTimeout
from hq_server.leaders import seen
from hq_server.service import HQ, PROTOCOL, HQError
from hq_server.verify import PREFIX

log = logging.getLogger("hq_server")


@dataclass
class Limits:
    max_body: int = 2_000_000  # bytes → 413
    max_changes: int = 1000  # per batch → 413
    rate: float = 50.0  # requests per second per device (burst 2×) → 429
    small_body: int = 65_536  # bytes, every endpoint but /v1/batches → 413
    enroll_failures: float = 10.0  # failed enrolments per minute per address (burst 10) → 429
    pool_size: int = POOL_SIZE  # PostgreSQL connections per process


def _clean(value: str) -> str:
    if validate.BAD_TEXT.search(value):
        raise ValueError("NUL characters and lone surrogates are not accepted")
    return value


class Change(BaseModel):
    seq: int = Field(ge=0, le=2**63 - 1)
    tx_id: str = Field(max_length=64)
    entity: str = Field(max_length=40)
    entity_id: str = Field(min_length=1, max_length=80)
    op: str = Field(max_length=10)
    data: dict[str, Any] | None = None
    at: str = Field(max_length=40)

    _text = field_validator("tx_id", "entity", "entity_id", "op", "at")(_clean)


class Batch(BaseModel):
    batch_id: uuid.UUID
    protocol: int
    changes: list[Change]


def batch_body(batch: Batch) -> dict[str, Any]:
    return {"batch_id": str(batch.batch_id), "changes": [c.model_dump() for c in batch.changes]}


class Enrollment(BaseModel):
    code: str = Field(min_length=1, max_length=200)
    device_name: str = Field(default="", max_length=100)

    _text = field_validator("code", "device_name")(_clean)


class FailureLimiter:
    """Enrolment guessing: `burst` failures per client address, refilled at `per_minute`.
    Only failures count, so a leader who types a code right is never held up."""

    def __init__(self, per_minute: float, burst: float = 10.0) -> None:
        self.rate, self.burst = per_minute / 60.0, max(burst, per_minute)
        self.buckets: dict[str, tuple[float, float]] = {}
        self.lock = threading.Lock()

    def _level(self, key: str) -> float:
        tokens, last = self.buckets.get(key, (self.burst, time.monotonic()))
        return min(self.burst, tokens + (time.monotonic() - last) * self.rate)

    def retry_after(self, key: str) -> float:
        with self.lock:
            tokens = self._level(key)
            return 0.0 if tokens >= 1 else (1 - tokens) / max(self.rate, 1e-9)

    def failed(self, key: str) -> None:
        with self.lock:
            self.buckets[key] = (max(0.0, self._level(key) - 1), time.monotonic())
            if len(self.buckets) > 100_000:  # forget the oldest addresses, bounded memory
                for old in sorted(self.buckets, key=lambda k: self.buckets[k][1])[:50_000]:
                    del self.buckets[old]


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


def _transient(exc: BaseException) -> bool:
    """The database is busy or away for a moment: the client should retry, not give up."""
    if isinstance(exc, (PoolTimeout, sqlite3.OperationalError)):
        return True
    try:
        import psycopg
    except ImportError:  # pragma: no cover
        return False
    return isinstance(exc, psycopg.OperationalError)


def app_from_env() -> FastAPI:
    """For `serve --workers N`: each uvicorn worker process builds its own app from the
    settings the parent left in the environment."""
    config = json.loads(os.environ["HQ_SERVE_CONFIG"])
    return create_app(config["db"], Limits(**config["limits"]), config["claim_timeout"])


def serve_config(db: str, limits: Limits, claim_timeout: float) -> str:
    return json.dumps({"db": db, "limits": asdict(limits), "claim_timeout": claim_timeout})


def create_app(db_url: str, limits: Limits | None = None, claim_timeout: float = 30.0) -> FastAPI:
    limits = limits or Limits()
    hq = HQ(Database(db_url, limits.pool_size), claim_timeout)
    limiter = RateLimiter(limits.rate)
    guesses = FailureLimiter(limits.enroll_failures)

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        await run_in_threadpool(lambda: hq.instance)  # register and start the heartbeat
        yield
        await run_in_threadpool(hq.instance.stop)

    app = FastAPI(
        title="Leader Desk HQ",
        version="1.0",
        description="Receives desks' changes exactly once; publishes the catalog.",
        lifespan=lifespan,
    )
    app.state.hq = hq

    def body_limit(path: str) -> int:
        """Batches may be large; the desk API's other endpoints take a few hundred bytes.
        Anything else (pages for HQ's staff) gets the batch limit, still enforced."""
        if path == "/v1/batches" or not path.startswith(("/v1/", "/healthz", "/openapi")):
            return limits.max_body
        return limits.small_body

    app.add_middleware(BodyLimit, limit_for=body_limit)

    def throttle(device_id: str) -> None:
        wait = limiter.retry_after(device_id)
        if wait:
            raise HQError(
                429,
                "rate_limited",
                "too many requests",
                {"Retry-After": str(max(1, round(wait + 0.5)))},
            )

    @app.exception_handler(HQError)
    async def hq_error(_request: Request, exc: HQError) -> JSONResponse:
        return _error(exc.status, exc.code, exc.message, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def bad_request(_request: Request, exc: RequestValidationError) -> JSONResponse:
        return _error(400, "invalid_request", str(exc.errors()[:3])[:500])

    @app.exception_handler(Exception)
    async def unexpected(_request: Request, exc: Exception) -> JSONResponse:
        if _transient(exc):
            log.warning("database busy or away: %s", exc)
            return _error(503, "unavailable", "HQ is busy; retry", {"Retry-After": "2"})
        log.exception("unexpected error")
        return _error(500, "internal", "HQ hit an unexpected problem; the batch was not applied")

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.post(
        "/v1/enroll",
        responses={
            401: {"description": "unknown, used or expired code"},
            429: {"description": "too many failed attempts from this address"},
        },
    )
    async def enroll(body: Enrollment, request: Request) -> dict[str, str]:
        address = request.client.host if request.client else ""
        wait = guesses.retry_after(address)
        if wait:
            raise HQError(
                429,
                "too_many_attempts",
                "too many wrong enrollment codes; wait and try again",
                {"Retry-After": str(max(1, round(wait + 0.5)))},
            )
        try:
            return await run_in_threadpool(hq.enroll, body.code, body.device_name)
        except HQError as exc:
            if exc.status == 401:
                guesses.failed(address)
            raise

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
        throttle(device.id)
        raw = await request.body()  # BodyLimit has already refused anything over max_body
        if len(raw) > limits.max_body:
            raise HQError(413, "body_too_large", f"at most {limits.max_body} bytes")
        try:
            payload = json.loads(raw)
        except (ValueError, UnicodeDecodeError, RecursionError):
            raise HQError(400, "malformed_json", "the body is not JSON") from None
        if not isinstance(payload, dict):
            raise HQError(400, "malformed_json", "the body must be a JSON object")
        if validate.too_deep(payload):
            raise HQError(400, "too_deep", f"nested deeper than {validate.MAX_DEPTH} levels")
        if payload.get("protocol") != PROTOCOL:
            raise HQError(426, "protocol", f"this HQ speaks protocol {PROTOCOL}; update the desk")
        try:
            batch = Batch.model_validate(payload)
        except ValidationError as exc:
            raise HQError(400, "invalid_batch", str(exc.errors()[:3])[:500]) from None
        if len(batch.changes) > limits.max_changes:
            raise HQError(413, "too_many_changes", f"at most {limits.max_changes} per batch")
        body = batch_body(batch)
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

    def _prefix(prefix: str) -> str:
        if not PREFIX.fullmatch(prefix):
            raise HQError(400, "bad_prefix", "prefix: 0 to 16 lowercase hex characters")
        return prefix

    def _entities(names: list[str]) -> list[str]:
        wanted = [n for name in names for n in name.split(",") if n] or sorted(validate.ENTITIES)
        unknown = [n for n in wanted if n not in validate.ENTITIES]
        if unknown:
            raise HQError(400, "bad_entity", f"HQ keeps no {validate.safe_text(unknown[0], 40)!r}")
        return list(dict.fromkeys(wanted))

    @app.get("/v1/verify/digest", responses={400: {"description": "bad entity or prefix"}})
    async def verify_digest(
        request: Request,
        entity: Annotated[list[str] | None, Query(max_length=20)] = None,
        prefix: str = Query("", max_length=16),
    ) -> dict[str, Any]:
        """Counts and hashes of this leader's records (docs/sync-verify.md)."""
        device = await run_in_threadpool(hq.authenticate, request.headers.get("authorization"))
        throttle(device.id)
        wanted = _entities([e[:200] for e in entity or []])
        return await run_in_threadpool(hq.digest, device.leader_id, wanted, _prefix(prefix))

    @app.get("/v1/verify/records", responses={400: {"description": "bad entity or prefix"}})
    async def verify_records(
        request: Request,
        entity: str = Query(max_length=40),
        prefix: str = Query("", max_length=16),
        after: str = Query("", max_length=80),
        limit: int = Query(1000, ge=1, le=5000),
    ) -> dict[str, Any]:
        """Ids and versions in one narrowed range, paged (docs/sync-verify.md)."""
        device = await run_in_threadpool(hq.authenticate, request.headers.get("authorization"))
        throttle(device.id)
        if entity not in validate.ENTITIES or validate.BAD_TEXT.search(after):
            raise HQError(400, "bad_entity", "one entity HQ keeps, and a valid `after`")
        return await run_in_threadpool(
            hq.listing, device.leader_id, entity, _prefix(prefix), after, limit
        )

    mount_admin(app, hq)  # HQ's web desk at /admin (hq_server/admin/)
    return app
