"""Figures: money, areas, percentages and counts, on invented sentences."""
from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract.figures import find, measure_before, parse_chinese_number, parse_quantity, scan
from kg.model import Article, Sentence
from article_factory import RANDOM_PIECES as _PIECES, article


@pytest.mark.parametrize("text, value, unit, approx", [
    ("约237亿元", "23700000000", "CNY", "约"),
    ("24.7亿元", "2470000000", "CNY", ""),
    ("212.3亿元", "21230000000", "CNY", ""),
    ("100万余元", "1000000", "CNY", "余"),
    ("100余万元", "1000000", "CNY", "余"),
    ("3.5万元", "35000", "CNY", ""),
    ("1200元", "1200", "CNY", ""),
    ("2千万元", "20000000", "CNY", ""),
    ("1.2万亿元", "1200000000000", "CNY", ""),
    ("三千万元", "30000000", "CNY", ""),
    ("一百二十亿元", "12000000000", "CNY", ""),
    ("两亿元", "200000000", "CNY", ""),
    ("一亿二千万元", "120000000", "CNY", ""),
    ("1,200万元", "12000000", "CNY", ""),
    ("800多万元", "8000000", "CNY", "多"),
    ("超过5亿元", "500000000", "CNY", "超过"),
    ("近3亿元", "300000000", "CNY", "近"),
    ("逾2000万元", "20000000", "CNY", "逾"),
    ("340亩", "340", "mu", ""),
    ("3.2万亩", "32000", "mu", ""),
    ("300平方米", "300", "m2", ""),
    ("1.5万平方米", "15000", "m2", ""),
    ("12公顷", "12", "ha", ""),
    ("5平方公里", "5", "km2", ""),
    ("五百亩", "500", "mu", ""),
    ("1.9万余次", "19000", "次", "余"),
    ("300余起", "300", "起", "余"),
    ("4000余人次", "4000", "人次", "余"),
    ("580件", "580", "件", ""),
    ("12.5公里", "12.5", "公里", ""),
    ("300人左右", "300", "人", "左右"),
    ("100万元以上", "1000000", "CNY", "以上"),
    ("100%", "100", "%", ""),
    ("6.8%", "6.8", "%", ""),
    ("1.5个百分点", "1.5", "个百分点", ""),
])
def test_parse_quantity(text, value, unit, approx):
    q = parse_quantity(text)
    assert q is not None
    assert (q.value, q.unit, q.approx) == (Decimal(value), unit, approx)


@pytest.mark.parametrize("text", [
    "东湖", "", "2023年", "7月", "24小时", "5G",
    "两个",      # 两个维护: a slogan, not a count; counts need Arabic digits
    "四个",
    "一亩",      # a lone 一 is an article-like word (一亩三分地)
    "第3次",     # an ordinal
    "数十亿元",  # no number to give
])
def test_not_a_quantity(text):
    assert parse_quantity(text) is None


@pytest.mark.parametrize("text, written", [
    ("总投资约237亿元，年度计划投资35.8亿元", ["237亿元", "35.8亿元"]),
    ("发放补贴100万余元", ["100万余元"]),
    ("超过5亿元", ["5亿元"]),
    ("村民300人左右", ["300人"]),
])
def test_span_is_number_and_unit(text, written):
    """The span covers the number and the unit (and an approximation written between
    them); 约, 超过, 左右 outside stay in ``approx`` only."""
    assert [text[q.start:q.end] for q in scan(text)] == written


@pytest.mark.parametrize("text, expected", [
    ("今年以来，全镇网格员累计走访1.9万余次", [("19000", "次", "走访")]),
    ("化解矛盾纠纷300余起", [("300", "起", "化解矛盾纠纷")]),
    ("截至目前，累计开展200余场专题学习", [("200", "场", "开展")]),
    ("培育新增市场主体1500余家", [("1500", "家", "培育新增市场主体")]),
    ("为群众帮办代办事项580件", [("580", "件", "帮办代办事项")]),
    ("先后组织开展支部学习168次、专题测试2次",
     [("168", "次", "组织开展支部学习"), ("2", "次", "专题测试")]),
    ("总投资达5亿元", [("500000000", "CNY", "总投资")]),
    ("并选派9名干部", [("9", "名", "选派")]),
    ("完成8个100%", [("8", "个", "完成"), ("100", "%", "")]),
    ("白石镇敬老院改扩建工程完成投资800万元", [("8000000", "CNY", "完成投资")]),
    ("实施重点项目23个", [("23", "个", "实施重点项目")]),
])
def test_find_with_measure(text, expected):
    got = [(str(q.value), q.unit, q.measure) for q in find(article(text))]
    assert got == expected


@pytest.mark.parametrize("text", [
    "增强“四个意识”，做到“两个维护”。",
    "白马村坚持一村一品，一户一策。",
    "2023年7月，东湖街道召开第3次会议，24小时值守。",
    "推广5G应用，落实“1+6+N”制度。",
    "万人助万企活动持续开展。",
])
def test_no_figure_in_prose(text):
    assert list(find(article(text))) == []


def test_a_full_width_comma_is_no_thousands_separator():
    """NFKC folds ， to , in norm: 共3，200人 is 3 and then 200 people, not 3200."""
    text = "投入资金共3，200人受益"
    norm = text.replace("，", ",")
    a = Article(id="t-0", source="t", index=0, text=text, norm=norm,
                sentences=(Sentence(0, len(text), text),))
    assert [(q.value, q.unit) for q in find(a)] == [(Decimal(200), "人")]


def test_offsets_slice_the_original_text():
    text = "东湖街道今年新建厂房1.5万平方米，投资约2.5亿元，惠及居民4200余户。"
    for q in find(article(text)):
        assert parse_quantity(text[q.start:q.end]) is not None


@pytest.mark.parametrize("numeral, value", [
    ("十二", 12), ("二十", 20), ("一百零五", 105), ("三千零十", 3010), ("十二万三千", 123000),
    ("一万亿", 10 ** 12), ("两", 2), ("甲", None),
])
def test_parse_chinese_number(numeral, value):
    assert parse_chinese_number(numeral) == value


@pytest.mark.parametrize("text, measure", [
    ("累计走访", "走访"),
    ("面积约", "面积"),
    ("残疾人等需帮扶群体发放补贴", "需帮扶群体发放补贴"),
    ("提供公共服务", "提供公共服务"),   # 共 inside 公共 is no adverb
])
def test_measure_before(text, measure):
    assert measure_before(text, len(text)) == measure


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=60).map("".join))
def test_random_text_never_raises_and_offsets_fit(text):
    for found in find(article(text)):
        assert 0 <= found.start < found.end <= len(text)


def test_cubic_metres_are_counted_before_metres():
    q = next(iter(scan("年产5万立方米竹木复合板材")))
    assert (q.value, q.unit) == (Decimal(50000), "立方米")
