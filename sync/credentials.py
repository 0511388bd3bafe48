"""The device token: in the system keyring where there is one, otherwise in a file that only
this user can read (headless Linux has no keyring), and the caller is told which."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

SERVICE = "LeaderDesk"


def _account(db_path: Path) -> str:
    return "device:" + hashlib.sha256(str(Path(db_path).resolve()).encode()).hexdigest()[:16]


def _file(db_path: Path) -> Path:
    folder = os.environ.get("LEADER_APP_CREDENTIALS_DIR")
    if folder:
        base = Path(folder)
    else:
        import platformdirs

        base = Path(platformdirs.user_config_dir("LeaderDesk", appauthor=False))
    return base / f"{_account(db_path).replace(':', '-')}.token"


def _keyring():
    if os.environ.get("LEADER_APP_CREDENTIALS_DIR"):
        return None  # tests and portable set-ups keep tokens in files
    try:
        import keyring
        from keyring.backends import fail

        backend = keyring.get_keyring()
        if isinstance(backend, fail.Keyring) or "fail" in type(backend).__module__:
            return None
        return keyring
    except Exception:  # noqa: BLE001 - any keyring trouble means: use the file
        return None


def save(db_path: Path, token: str) -> str:
    """Returns where it went: 'keyring' or the file path."""
    ring = _keyring()
    if ring is not None:
        try:
            ring.set_password(SERVICE, _account(db_path), token)
            return "keyring"
        except Exception:  # noqa: BLE001
            pass
    path = _file(db_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(token)
    os.chmod(path, 0o600)
    return str(path)


def load(db_path: Path) -> str:
    ring = _keyring()
    if ring is not None:
        try:
            token = ring.get_password(SERVICE, _account(db_path))
            if token:
                return token
        except Exception:  # noqa: BLE001
            pass
    path = _file(db_path)
    return path.read_text().strip() if path.exists() else ""
