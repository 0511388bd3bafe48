"""HTTP to HQ with requests: one session, explicit timeouts, answers returned, not raised."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import requests

TIMEOUT = (5.0, 30.0)  # connect, read


@dataclass
class Reply:
    status: int  # 0 when there was no answer at all
    body: dict[str, Any]
    retry_after: float | None = None
    error: str = ""


class HQClient:
    def __init__(self, base_url: str, token: str = "", timeout: tuple[float, float] = TIMEOUT):
        self.base = base_url.rstrip("/")
        self.timeout = timeout
        self.session = requests.Session()
        self.session.headers["User-Agent"] = "LeaderDesk/0.1"
        if token:
            self.session.headers["Authorization"] = f"Bearer {token}"

    def _call(self, method: str, path: str, **kwargs: Any) -> Reply:
        try:
            response = self.session.request(
                method, self.base + path, timeout=self.timeout, **kwargs
            )
        except requests.RequestException as exc:
            return Reply(0, {}, error=type(exc).__name__)
        try:
            body = response.json()
        except ValueError:
            body = {}
        retry = response.headers.get("Retry-After")
        try:
            retry_after = float(retry) if retry else None
        except ValueError:
            retry_after = None
        return Reply(
            response.status_code,
            body if isinstance(body, dict) else {"data": body},
            retry_after,
            body.get("message", "") if isinstance(body, dict) else "",
        )

    def enroll(self, code: str, device_name: str) -> Reply:
        return self._call("POST", "/v1/enroll", json={"code": code, "device_name": device_name})

    def push(self, payload: dict[str, Any] | bytes) -> Reply:
        """A batch, as a dict or as its JSON already encoded (the outbox keeps a fixed batch's
        bytes, so they are not encoded again for every send)."""
        if isinstance(payload, bytes):
            return self._call(
                "POST", "/v1/batches", data=payload, headers={"Content-Type": "application/json"}
            )
        return self._call("POST", "/v1/batches", json=payload)

    def catalog(self, since: str, pending: int | None = None) -> Reply:
        # HQ's Leaders page shows how many changes this desk still has waiting
        headers = {} if pending is None else {"X-Pending-Changes": str(pending)}
        return self._call("GET", "/v1/catalog", params={"since": since or "0"}, headers=headers)

    def digest(self, entities: list[str], prefix: str = "") -> Reply:
        return self._call(
            "GET", "/v1/verify/digest", params={"entity": ",".join(entities), "prefix": prefix}
        )

    def records(self, entity: str, prefix: str = "", after: str = "", limit: int = 5000) -> Reply:
        return self._call(
            "GET",
            "/v1/verify/records",
            params={"entity": entity, "prefix": prefix, "after": after, "limit": limit},
        )
