from __future__ import annotations

from functools import cache
from pathlib import Path

import jieba
import pytest

from kg.extract import segment


@cache
def tokenizer() -> jieba.Tokenizer:
    """jieba's own tokenizer over lgkg's dictionary: what ``segment.cut`` must cut as."""
    tok = jieba.Tokenizer()
    tok.FREQ, tok.total = segment.dictionary()
    tok.initialized = True
    return tok


@pytest.mark.parametrize("text, expected", [
    ("在翠屏镇", ["在", "翠", "屏", "镇"]),                 # unknown name: single characters
    ("全镇党员", ["全镇", "党员"]),
    ("蕲春县青石镇", ["蕲春县", "青石镇"]),                # official names stay whole
    ("白马村民委员会", ["白马", "村民委员会"]),            # domain words stay whole
    ("东湖社区居委会", ["东湖", "社区居委会"]),
    ("建设路街道办事处", ["建设路", "街道办事处"]),
    ("新民嘎查", ["新民", "嘎查"]),
    ("在㮾梨街道", ["在", "㮾", "梨", "街道"]),  # jieba's Han class ends at U+9FD5
    ("", []),
])
def test_tokens(text, expected):
    assert [w for w, _, _ in segment.tokens(text)] == expected


@pytest.mark.parametrize("text", [
    "河南省郑州市金水区青石镇白马村", "在㮾梨街道工作，𠙶字也算。", "Ａ１ 2023年 \n\r\n 村 ",
])
def test_tokens_cover_text_without_gaps(text):
    spans = segment.tokens(text)
    assert "".join(w for w, _, _ in spans) == text
    assert all(text[s:e] == w for w, s, e in spans)
    assert all(a[2] == b[1] for a, b in zip(spans, spans[1:]))


@pytest.mark.parametrize("text, starts, ends", [
    ("全镇党员", {0, 2}, {2, 4}),
    ("在翠屏镇", {0, 1, 2, 3}, {1, 2, 3, 4}),
    ("村民", {0}, {2}),
])
def test_word_starts_and_ends(text, starts, ends):
    assert segment.words(text).starts == starts
    assert segment.words(text).ends == ends


def test_one_text_is_cut_once():
    text = "云溪县翠屏镇白马村村民在东湖社区居委会的帮助下建成了文化广场。"
    assert segment.words(text) is segment.words(text)
    assert segment.words(text).spans == tuple(segment.tokens(text))


def test_own_dictionary_not_the_global_one():
    freq = segment.dictionary().freq
    assert segment.dictionary() is segment.dictionary()   # built once per process
    jieba.dt.initialize()
    assert "鹤鸣镇" in freq and "鹤鸣镇" not in jieba.dt.FREQ   # the global one untouched


def test_the_tokenizer_loaded_from_the_cache_cuts_as_the_one_built_fresh():
    fresh = jieba.Tokenizer()
    fresh.FREQ, fresh.total = segment._dictionary()
    fresh.initialized = True
    text = "鹤鸣镇白马村村民委员会召开会议，社区居委会和街道办事处参加。"
    assert list(tokenizer().tokenize(text, HMM=False)) == list(
        fresh.tokenize(text, HMM=False))


def test_jieba_is_quiet(capfd):
    segment.tokens("青石镇召开会议")
    assert "Building prefix dict" not in capfd.readouterr().err


_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.mark.parametrize("text", [
    "在翠屏镇开会", "Ａ１ 2023年 \n\r\n 村 ", "abc12 x-y_z 3.5亿元 A股 LED显示模组 G5国道",
    "在㮾梨街道工作，𠙶字也算。", "", "  \t", "——“白马村”（暂定名）、东湖社区居委会2025年",
    "在翠屏镇开会，在翠屏镇开会；LED 2025年LED",   # a block met again is cut at its new offsets
])
def test_cut_cuts_as_jieba_does(text):
    assert segment.cut(text) == tuple(tokenizer().tokenize(text, HMM=False))


def test_cut_cuts_every_fixture_article_as_jieba_does():
    texts = [p.read_bytes().decode("utf-8", "replace") for p in sorted(_FIXTURES.glob("*/*.txt"))]
    assert len(texts) > 50
    for text in texts:
        assert segment.cut(text) == tuple(tokenizer().tokenize(text, HMM=False))
