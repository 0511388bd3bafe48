"""Enrolment codes that survive being read out over the phone.

Crockford base32 (no I, L, O or U), 20 characters (100 bits) in groups of four:
`K7Q2-MX9P-4RTA-0C3D-8VWZ`. A code never starts with '-', and any case and any separator are
accepted; O reads as 0 and I or L as 1, as Crockford's decoding says.
"""

from __future__ import annotations

import re
import secrets
import unicodedata

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 20  # characters: 100 bits
GROUP = 4
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return "-".join(raw[i : i + GROUP] for i in range(0, LENGTH, GROUP))


def normalise(text: str) -> str:
    """What a person typed → the canonical code (no separators, upper case). Full-width
    characters from a Chinese input method count as their ASCII twins."""
    text = unicodedata.normalize("NFKC", text).upper()
    return re.sub(r"[^0-9A-Z]", "", text).translate(_LOOKALIKES)


def looks_like_code(text: str) -> bool:
    code = normalise(text)
    return len(code) == LENGTH and all(c in ALPHABET for c in code)
