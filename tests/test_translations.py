"""Every user-facing string is translated, and placeholders survive translation."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

I18N = Path(__file__).resolve().parent.parent / "resources" / "i18n"
PLACEHOLDER = re.compile(r"\{\w+\}|%L?\d+|%L?n")


def _messages(name: str):
    root = ET.parse(I18N / name).getroot()
    for context in root.findall("context"):
        for message in context.findall("message"):
            yield context.find("name").text, message


def test_zh_cn_catalogue_is_complete_and_placeholders_match() -> None:
    count = 0
    for context, message in _messages("leader_zh_CN.ts"):
        source = message.find("source").text
        translation = message.find("translation")
        assert translation.get("type") not in ("unfinished", "obsolete", "vanished"), (
            context,
            source,
        )
        forms = (
            [f.text or "" for f in translation.findall("numerusform")]
            if message.get("numerus") == "yes"
            else [translation.text or ""]
        )
        for text in forms:
            assert text.strip(), (context, source)
            assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(source)), (
                context,
                source,
                text,
            )
        count += 1
    assert count > 250


def test_english_plurals_have_one_and_many() -> None:
    for context, message in _messages("leader_en.ts"):
        forms = [f.text for f in message.find("translation").findall("numerusform")]
        assert len(forms) == 2 and all(forms), (context, message.find("source").text)


def test_every_core_error_code_is_in_the_catalogue() -> None:
    from leader_app.errors import MESSAGES

    sources = {m.find("source").text for c, m in _messages("leader_zh_CN.ts") if c == "errors"}
    missing = [code for code, text in MESSAGES.items() if text not in sources]
    assert not missing


@pytest.mark.parametrize("name", ["leader_zh_CN.qm", "leader_en.qm"])
def test_compiled_catalogues_exist(name: str) -> None:
    assert (I18N / name).stat().st_size > 100, "run `make translations`"
