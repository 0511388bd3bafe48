"""Mobiles, money, quantities and rates as leaders type them, plus property tests."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from leader_app.errors import ValidationError
from leader_app.normalize import (
    commission_fen,
    format_money,
    mask_mobile,
    normalize_mobile,
    parse_chinese_numeral,
    parse_money,
    parse_quantity,
    parse_rate_bp,
)

FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@pytest.mark.parametrize(
    "raw",
    [
        "13800138000",
        "+8613800138000",
        "+86 138 0013 8000",
        "138-0013-8000",
        "0086 13800138000",
        "８６13800138000",
        "１３８００１３８０００",
        13800138000,
        13800138000.0,
        "13800138000.0",
        " 138 0013 8000 ",
        "(+86) 138-0013-8000",
    ],
)
def test_mobile_forms_normalise(raw: object) -> None:
    assert normalize_mobile(raw) == "13800138000"


@pytest.mark.parametrize(
    "raw",
    [
        "138001380001",
        "1380013800",
        "12800138000",
        "23800138000",
        "abc",
        "138a0138000",
        "+1 13800138000",
        1.38e10 + 0.5,
        True,
    ],
)
def test_bad_mobiles_are_refused(raw: object) -> None:
    with pytest.raises(ValidationError) as info:
        normalize_mobile(raw)
    assert info.value.code == "mobile_invalid"


def test_empty_mobile_says_required() -> None:
    with pytest.raises(ValidationError) as info:
        normalize_mobile("  ")
    assert info.value.code == "mobile_required"


@given(
    st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True),
    st.sampled_from(["", "+86", "+86 ", "0086", "86"]),
    st.booleans(),
    st.booleans(),
)
def test_mobile_property(mobile: str, prefix: str, dashes: bool, wide: bool) -> None:
    text = f"{mobile[:3]}-{mobile[3:7]}-{mobile[7:]}" if dashes else mobile
    text = prefix + text
    if wide:
        text = text.translate(FULL_WIDTH)
    assert normalize_mobile(text) == mobile
    assert mask_mobile(mobile) == f"{mobile[:3]}****{mobile[-4:]}"


@pytest.mark.parametrize(
    ("raw", "fen"),
    [
        ("¥29.9", 2990),
        ("29.90元", 2990),
        ("￥1,299.00", 129900),
        (29.9, 2990),
        (35.8, 3580),
        (0.1 + 0.2, 30),
        (12, 1200),
        ("0", 0),
        ("６．５", 650),
        ("RMB 3", 300),
    ],
)
def test_money_parses_to_fen(raw: object, fen: int) -> None:
    assert parse_money(raw) == fen


@pytest.mark.parametrize("raw", ["abc", "", "29.999", "1.2.3", "¥", "nan", "inf", None])
def test_bad_money_is_refused(raw: object) -> None:
    with pytest.raises(ValidationError):
        parse_money(raw)


def test_negative_money_is_refused() -> None:
    with pytest.raises(ValidationError) as info:
        parse_money("-5")
    assert info.value.code == "money_negative"


@given(st.integers(min_value=0, max_value=10**11))
def test_money_round_trips_through_text(fen: int) -> None:
    assert parse_money(format_money(fen)) == fen


@pytest.mark.parametrize(
    ("raw", "qty"),
    [
        (2, 2),
        ("2", 2),
        ("2份", 2),
        ("x2", 2),
        ("×2", 2),
        ("*2", 2),
        ("X 3", 3),
        ("两盒", 2),
        ("三", 3),
        ("十二", 12),
        ("二十", 20),
        ("一百零五", 105),
        (3.0, 3),
        ("２", 2),
        ("2.0", 2),
    ],
)
def test_quantities(raw: object, qty: int) -> None:
    assert parse_quantity(raw) == qty


@pytest.mark.parametrize("raw", ["-1", "0", "abc", 2.5, "", "2斤半", None, "1000001"])
def test_bad_quantities_are_refused(raw: object) -> None:
    with pytest.raises(ValidationError):
        parse_quantity(raw)


@given(
    st.integers(min_value=1, max_value=99_999),
    st.sampled_from(["", "x", "×", "*"]),
    st.sampled_from(["", "份", "盒", "斤"]),
)
def test_quantity_property(qty: int, prefix: str, unit: str) -> None:
    assert parse_quantity(f"{prefix}{qty}{unit}") == qty


@given(st.integers(min_value=1, max_value=99))
def test_chinese_numerals_match_digits(n: int) -> None:
    digits = "零一二三四五六七八九"
    tens, ones = divmod(n, 10)
    text = (("" if tens == 1 else digits[tens]) + "十" if tens else "") + (
        digits[ones] if ones else ""
    )
    assert parse_chinese_numeral(text) == n


@pytest.mark.parametrize(
    ("raw", "bp"),
    [("10%", 1000), ("0.1", 1000), ("8", 800), (0.08, 800), ("12.5%", 1250), ("", 0), ("0", 0)],
)
def test_rates(raw: object, bp: int) -> None:
    assert parse_rate_bp(raw) == bp


@pytest.mark.parametrize("raw", ["101%", "-1", "abc"])
def test_bad_rates(raw: str) -> None:
    with pytest.raises(ValidationError):
        parse_rate_bp(raw)


def test_commission_rounds_half_up_in_integers() -> None:
    assert commission_fen(2990, 1000) == 299
    assert commission_fen(5, 1000) == 1  # 0.5 fen rounds up
    assert commission_fen(4, 1000) == 0
