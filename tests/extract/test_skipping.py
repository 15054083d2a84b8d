from __future__ import annotations

import re

import pytest

from kg.extract import skipping

_TEXT = ("白沙镇荣获省级文明村镇称号，约3000人次参加；总投资5.8亿元的项目获评示范，"
         "第2批名单中青石村也获此殊荣。ABC abc 123 荣誉称号：\n二〇二五年 一二三 Ｔｅｓｔ")


@pytest.mark.parametrize("pattern, flags, lookahead", [
    (r"(?:大约|约)?\d+人次", 0, r"(?=[大约\d])"),                  # an optional qualifier
    (r"(?P<s>(?:荣获|获评)|(?:荣誉|称号)[:：])", 0, "(?=[荣获称])"),  # groups of words
    (r"(?<![第\d])\d+批|(?<=[，。])[^，。]{2,8}也获", 0, None),      # a negated class: any
    (r"(?:(?<=[镇村])|(?<=项目))获评", 0, "(?=[获])"),                # lookbehinds only
    (r"(?:省级|市级)?(?:文明|示范)[村镇]*$", 0, "(?=[省市文示])"),    # searched at a span's end
    (r"[一二三](?:[〇一二三四五六七八九十]+)?年", 0, None),            # a class: the engine skips
    (r"荣获|获评", 0, None),                                          # literals: the engine skips
    (r"(?:镇|村)?", 0, None),                                         # may match nothing
    (r"(?:ab|c)", re.IGNORECASE, None),                               # case folded
    (r"(?i)(?:ab|cd)", 0, None),                                      # global flags lead
    (r"(荣|获)\1", 0, None),                                          # a backreference
    (r"(?:\s|\d)+[个人]", 0, r"(?=[\s\d])"),
])
def test_a_lookahead_leads_only_where_it_helps_and_matches_stay(pattern, flags, lookahead):
    compiled = skipping.compile(pattern, flags)
    plain = re.compile(pattern, flags)
    if lookahead is None:
        assert compiled.pattern == pattern
    else:
        assert compiled.pattern == lookahead + pattern
    assert [m.group() for m in compiled.finditer(_TEXT)] == [m.group() for m in plain.finditer(_TEXT)]
    for lo in range(0, len(_TEXT), 7):   # searched from anywhere, in any window
        hi = min(len(_TEXT), lo + 23)
        found, expected = compiled.search(_TEXT, lo, hi), plain.search(_TEXT, lo, hi)
        assert (found and found.span()) == (expected and expected.span())
