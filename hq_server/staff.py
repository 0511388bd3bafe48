"""HQ staff accounts for the web desk: argon2 password hashes, server-side sessions with a CSRF
token each, and a lockout after repeated failed logins.

Only hashes are stored: the password's (argon2id) and the session token's (sha256). A device
token is a different secret in a different table, so it can never open a staff session.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from hq_server.db import Database

MAX_FAILED = 5  # failed logins in a row before the account locks …
LOCK_MINUTES = 15  # … for this long
SESSION_HOURS = 12
MIN_PASSWORD = 8
_hasher = PasswordHasher()
_dummy: list[str] = []  # a hash made on first use: unknown names cost a verify too


def _dummy_hash() -> str:
    if not _dummy:
        _dummy.append(_hasher.hash("not a password of anyone"))
    return _dummy[0]


class StaffError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


@dataclass
class Session:
    staff_id: str
    name: str
    csrf: str


def _now() -> datetime:
    return datetime.now(UTC)


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def add_staff(db: Database, name: str, password: str) -> dict[str, str]:
    name = name.strip()
    if not name or len(name) > 60:
        raise StaffError("bad_name", "a staff name is 1 to 60 characters")
    if len(password) < MIN_PASSWORD:
        raise StaffError("weak_password", f"the password needs at least {MIN_PASSWORD} characters")
    staff_id = str(uuid.uuid4())
    with db.transaction() as cur:
        if cur.one("SELECT 1 FROM staff WHERE name = ?", (name,)):
            raise StaffError("name_taken", f"there is already a staff account named {name}")
        cur.execute(
            "INSERT INTO staff (id, name, password_hash, failed, created_at) "
            "VALUES (?, ?, ?, 0, ?)",
            (staff_id, name, _hasher.hash(password), _iso(_now())),
        )
    return {"staff_id": staff_id, "name": name}


def login(db: Database, name: str, password: str) -> str:
    """A new session token, or StaffError bad_login / locked. The lock counts failures per
    account; while locked even the right password is refused."""
    with db.transaction() as cur:
        row = cur.one(
            "SELECT id, password_hash, failed, locked_until FROM staff WHERE name = ?",
            (name.strip(),),
        )
    if row is None:
        try:
            _hasher.verify(_dummy_hash(), password)
        except VerificationError:
            pass
        raise StaffError("bad_login", "wrong name or password")
    staff_id, stored, _failed, locked_until = row
    if locked_until and locked_until > _iso(_now()):
        raise StaffError("locked", "too many failed logins; try again later")
    try:
        _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        with db.transaction() as cur:
            cur.execute("UPDATE staff SET failed = failed + 1 WHERE id = ?", (staff_id,))
            failed = cur.one("SELECT failed FROM staff WHERE id = ?", (staff_id,))[0]
            if failed >= MAX_FAILED:
                until = _iso(_now() + timedelta(minutes=LOCK_MINUTES))
                cur.execute(
                    "UPDATE staff SET failed = 0, locked_until = ? WHERE id = ?", (until, staff_id)
                )
        if failed >= MAX_FAILED:
            raise StaffError("locked", "too many failed logins; try again later") from None
        raise StaffError("bad_login", "wrong name or password") from None
    token = secrets.token_urlsafe(32)
    with db.transaction() as cur:
        cur.execute("UPDATE staff SET failed = 0, locked_until = NULL WHERE id = ?", (staff_id,))
        cur.execute("DELETE FROM staff_sessions WHERE expires_at < ?", (_iso(_now()),))
        cur.execute(
            "INSERT INTO staff_sessions (token_hash, staff_id, csrf, created_at, expires_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (
                _hash(token),
                staff_id,
                secrets.token_urlsafe(24),
                _iso(_now()),
                _iso(_now() + timedelta(hours=SESSION_HOURS)),
            ),
        )
    return token


def session(db: Database, token: str | None) -> Session | None:
    if not token:
        return None
    with db.transaction() as cur:
        row = cur.one(
            "SELECT s.staff_id, st.name, s.csrf FROM staff_sessions s "
            "JOIN staff st ON st.id = s.staff_id WHERE s.token_hash = ? AND s.expires_at > ?",
            (_hash(token), _iso(_now())),
        )
    return Session(*row) if row else None


def logout(db: Database, token: str | None) -> None:
    if token:
        with db.transaction() as cur:
            cur.execute("DELETE FROM staff_sessions WHERE token_hash = ?", (_hash(token),))


def csrf_ok(sess: Session, submitted: str | None) -> bool:
    return bool(submitted) and hmac.compare_digest(sess.csrf, str(submitted))
