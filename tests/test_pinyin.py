"""Members' pinyin search keys: the same as pypinyin's own conversion of the whole text."""

from itertools import product

from pypinyin import Style, lazy_pinyin

from leader_app import pinyin
from leader_app.demo import GIVEN, NICK_STYLES, SURNAMES


def expected(text: str) -> str:
    syllables = lazy_pinyin(text, style=Style.NORMAL, errors="ignore")
    if not syllables:
        return ""
    return f"{''.join(s[0] for s in syllables if s)} {''.join(syllables)}"


def test_keys_match_pypinyin_on_whole_names_phrases_and_mixed_text():
    # Phrases decide a character's reading (重庆 chong, 银行 hang, 长江 chang, 单雄信 shan),
    # and a name's characters may run into one phrase: the cut must be pypinyin's own.
    names = [s + g for s, g in product(SURNAMES, GIVEN)]
    names += [s + a + b for s, a, b in product(SURNAMES[:12], GIVEN, GIVEN[:10])]
    names += [
        style.format(name=name, given=name[-1], surname=name[0])
        for style in NICK_STYLES
        for name in names[:: len(names) // 40]
    ]
    names += ["重庆", "银行行长", "长江", "单雄信", "曾国藩", "乐嘉", "朴树", "解晓东", "区长"]
    names += [
        "Amy华",
        "☀️萍",
        "张三丰123",
        "王 芳",
        "李-娜",
        "Ｗ王",
        "㐀张",
        "张\u3007",
        "🍉",
        "abc",
    ]
    for text in names:
        pinyin.keys.cache_clear()
        assert pinyin.keys(text) == expected(text), text
    assert pinyin.keys("重庆") == "cq chongqing"
    assert pinyin.keys("银行行长") == "yhhz yinhanghangzhang"
    assert pinyin.keys("Amy华") == "h hua"
    assert pinyin.keys("abc") == ""


def test_search_text_gives_name_and_nickname_their_keys():
    text = pinyin.search_text("张三", "三妈", "13800000000", "9-3-1203")
    assert text == "张三 三妈 13800000000 9-3-1203 zs zhangsan sm sanma"
