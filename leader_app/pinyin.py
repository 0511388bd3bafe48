"""Search keys so that `zs` finds 张三 and `zhangsan` does too."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=4096)
def keys(text: str) -> str:
    """'张三' → 'zs zhangsan'. pypinyin is imported on first use: it costs ~0.2 s."""
    if not text or text.isascii():
        return ""
    from pypinyin import Style, lazy_pinyin

    syllables = lazy_pinyin(text, style=Style.NORMAL, errors="ignore")
    if not syllables:
        return ""
    initials = "".join(s[0] for s in syllables if s)
    return f"{initials} {''.join(syllables)}"


def warm() -> None:
    """Load pypinyin ahead of need (the desk calls this on a thread at start-up)."""
    keys("张三")


def search_text(*parts: str) -> str:
    words = [p for p in parts if p]
    words += [keys(p) for p in parts[:2] if p]  # name and nickname get pinyin keys
    return " ".join(w for w in words if w).lower()
