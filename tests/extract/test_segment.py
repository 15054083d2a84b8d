from __future__ import annotations

import logging
import subprocess
import sys
from functools import cache
from pathlib import Path

import jieba
import pytest
import rjieba

from kg import gazetteer
from kg.extract import segment


@cache
def tokenizer() -> jieba.Tokenizer:
    """jieba's own tokenizer, with the division names and domain words added as jieba's
    ``add_word`` adds them: what ``segment.cut`` must cut as."""
    logging.getLogger("jieba").setLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.initialize()
    for name in sorted(gazetteer.names()):
        if tok.FREQ.get(name, 0) < segment._NAME_FREQ:
            tok.add_word(name, segment._NAME_FREQ)
    for word in segment.DOMAIN_WORDS:
        if tok.FREQ.get(word, 0) < segment._DOMAIN_FREQ:
            tok.add_word(word, segment._DOMAIN_FREQ)
    return tok


def _copy(tok: jieba.Tokenizer) -> jieba.Tokenizer:
    copy = jieba.Tokenizer()
    copy.FREQ, copy.total, copy.initialized = dict(tok.FREQ), tok.total, True
    return copy


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
    assert list(segment.words(text).spans) == segment.tokens(text)


def test_lgkg_words_are_added_once_to_rjiebas_own_instance():
    assert rjieba.Jieba().cut("鹤鸣镇", False) == ["鹤鸣", "镇"]   # not in jieba's dictionary
    assert [w for w, _, _ in segment.tokens("鹤鸣镇")] == ["鹤鸣镇"]
    assert segment._cutter() is segment._cutter() is rjieba.cut
    assert rjieba.cut("鹤鸣镇", False) == ["鹤鸣镇"]


def test_the_words_loaded_from_the_cache_cut_as_the_ones_built_fresh():
    fresh = rjieba.Jieba()
    for word, freq in segment.added_words():
        fresh.add_word(word, freq, None)
    text = "鹤鸣镇白马村村民委员会召开会议，社区居委会和街道办事处参加。"
    assert fresh.tokenize(text, "default", False) == segment.tokens(text)


@pytest.mark.parametrize("second, whole", [(9, True), (11, False)])
def test_the_dictionary_total_is_jiebas_to_the_unit(second, whole):
    """A word of frequency 2 against its two characters, of frequencies 3 and 2·T + k, in a
    dictionary of total T: whole for k = 9 and split for k = 11, each by half a unit of
    the total (jieba-rs counts the total of a word added twice otherwise than jieba)."""
    ref, seg = _copy(tokenizer()), rjieba.Jieba()
    segment.add_words(seg.add_word)
    assert not {"龘", "靐", "龘靐"} & set(ref.FREQ)
    for word, freq in (("龘", 3), ("靐", 2 * ref.total + second), ("龘靐", 2)):
        ref.add_word(word, freq)
        seg.add_word(word, freq, None)
    assert seg.cut("龘靐", False) == ref.lcut("龘靐", HMM=False) == (
        ["龘靐"] if whole else ["龘", "靐"])


_ROOT = Path(__file__).resolve().parents[2]
_FIXTURES = _ROOT / "tests" / "fixtures"


@pytest.mark.parametrize("text", [
    "在翠屏镇开会", "Ａ１ 2023年 \n\r\n 村 ", "abc12 x-y_z 3.5亿元 A股 LED显示模组 G5国道",
    "在㮾梨街道工作，𠙶字也算。", "", "  \t", "——“白马村”（暂定名）、东湖社区居委会2025年",
    "在翠屏镇开会，在翠屏镇开会；LED 2025年LED",
    "㮾梨街道的𠙶山镇、塘㙍镇和下\U00031cea镇", "鿏鿐\uf900\r\n㐀\r\n𠀀",  # odd Han characters
    "白马村\u3000\u00a0\x1c东湖社区——（一）、①Ⅱ％＋＃",
])
def test_cut_cuts_as_jieba_does(text):
    assert segment.tokens(text) == list(tokenizer().tokenize(text, HMM=False))


def test_cut_cuts_every_fixture_article_as_jieba_does():
    texts = [p.read_bytes().decode("utf-8", "replace") for p in sorted(_FIXTURES.glob("*/*.txt"))]
    assert len(texts) > 50
    for text in texts:
        assert segment.tokens(text) == list(tokenizer().tokenize(text, HMM=False))


def test_cut_cuts_bench_articles_as_jieba_does(tmp_path):
    subprocess.run([sys.executable, str(_ROOT / "bench" / "corpus.py"), str(tmp_path),
                    "--articles", "300", "--seed", "1", "--realstyle", "0.5"],
                   check=True, capture_output=True)
    for path in sorted(tmp_path.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert segment.tokens(text) == list(tokenizer().tokenize(text, HMM=False)), path.name
