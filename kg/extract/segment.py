"""Word boundaries from jieba, so that a name never starts or ends inside a word.

Words are cut by jieba's own algorithm compiled (``rjieba``, the binding of jieba-rs) over
jieba's dictionary with lgkg's words added: every official division name and the words of
local administration (村委会, 社区居委会, 街道办事处 …), so they come out whole. They are
added once per process to rjieba's process-wide instance, which rjieba builds over jieba's
dictionary when imported (a tenth of a second: a second instance would double that at
every start; nothing else in lgkg uses rjieba); they are computed once per extractor
version and kept in ``$XDG_CACHE_HOME/lgkg`` (see :mod:`kg.cache`). Extraction does not
import jieba.
Segmentation runs with the HMM off: unknown names fall apart into single characters,
which is what the recognisers expect (a boundary between every unknown character).
Each article is cut once (:func:`words`), exactly as ``jieba.Tokenizer.tokenize(HMM=False)``
cuts it over the same dictionary (tests/extract/test_segment.py compares them).

>>> [w for w, _, _ in tokens("青石镇召开村委会议")][:2]
['青石镇', '召开']
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import accumulate
from typing import AbstractSet, Callable, Iterable, Iterator

import rjieba

from .. import gazetteer
from ..cache import remembered

# Words of local administration that jieba's dictionary lacks or ranks too low to keep
# whole next to a name (白马村民委员会 → 白马 / 村民委员会).
DOMAIN_WORDS = (
    "街道", "街道办", "街道办事处", "办事处", "社区", "居委会", "社区居委会", "居民委员会",
    "社区居民委员会", "村委会", "村民委员会", "村两委", "行政村", "自然村", "嘎查", "嘎查村",
    "苏木", "民族乡", "自治县", "自治州", "自治区", "自治旗", "党工委", "党支部", "党总支",
    "网格员", "两委",
)
_DOMAIN_FREQ = 3000
# Low on purpose: enough for a division name to beat its own pieces in isolation, not so
# much that it cuts through ordinary words around it.
_NAME_FREQ = 20
# jieba's total counts a word added again (and a word its dictionary lists twice) twice;
# jieba-rs counts its last frequency. The difference is given to this word, which no text
# can hold (both cut only runs of Han characters, letters and digits), so that every path
# through a text is scored as jieba scores it.
_TOTAL_KEEPER = "\n"
# Characters jieba-rs cuts as Han but jieba does not (extension blocks, compatibility
# ideographs, U+9FD6–U+9FFF): jieba ends a run of Han characters at each, so a word never
# spans one (㮾梨街道 stays 㮾 / 梨 / 街道); the text is split at them first.
_NOT_JIEBA_HAN = re.compile("[\u3400-\u4DBF\u9FD6-\u9FFF\uF900-\uFAFF\U00020000-\U0002FA1F]")


@cache
def jieba_dictionary() -> tuple[tuple[str, int, str], ...]:
    """(word, frequency, tag) of every line of jieba's dictionary (read once per process,
    only to build what :mod:`kg.cache` keeps)."""
    import jieba

    path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    with open(path, encoding="utf-8") as f:
        return tuple((word, int(freq), tag) for word, freq, tag in map(str.split, f))


def added_words() -> tuple[tuple[str, int], ...]:
    """The (word, frequency) pairs lgkg adds to jieba's dictionary, in order, and last the
    keeper of jieba's total (seconds: the names alone are 33k words)."""
    freq: dict[str, int] = {}
    jieba_total = 0
    for word, count, _ in jieba_dictionary():
        freq[word] = count
        jieba_total += count
    added: list[tuple[str, int]] = []
    for words, count in ((sorted(gazetteer.names()), _NAME_FREQ), (DOMAIN_WORDS, _DOMAIN_FREQ)):
        for word in words:
            if freq.get(word, 0) < count:
                freq[word] = count
                added.append((word, count))
                jieba_total += count
    added.append((_TOTAL_KEEPER, jieba_total - sum(freq.values())))
    return tuple(added)


def add_words(add_word: Callable[[str, int, None], object]) -> None:
    """Give :func:`added_words` to ``add_word`` (an ``rjieba.Jieba``'s or rjieba's own)."""
    for word, freq in remembered("segmenter-words", added_words):
        add_word(word, freq, None)


@cache
def _cutter() -> Callable[[str, bool], list[str]]:
    """rjieba's ``cut`` over its process-wide instance, lgkg's words added."""
    add_words(rjieba.add_word)
    return rjieba.cut


def remembered_words(name: str, build: Callable[[], Iterable[AbstractSet[str]]]
                     ) -> tuple[frozenset[str], ...]:
    """``tuple(build())``, sets of words, kept by :func:`kg.cache.remembered` as one string
    per set, its words joined by newlines (no word holds one): they load twice as fast as
    sets of strings.

    >>> [sorted(s) for s in remembered_words("doctest-words", lambda: [{"青石镇", "不是词"}, ()])]
    [['不是词', '青石镇'], []]
    """
    stored = remembered(name, lambda: tuple("\n".join(sorted(s)) for s in build()))
    return tuple(frozenset(joined.split("\n") if joined else ()) for joined in stored)


@dataclass(frozen=True)
class Words:
    """One text cut into words once, shared by every recogniser of an article."""
    words: tuple[str, ...]
    bounds: tuple[int, ...]   # where each word starts, then where the text ends
    starts: frozenset[int]
    ends: frozenset[int]

    @property
    def spans(self) -> Iterator[tuple[str, int, int]]:
        """(word, start, end) of every word, in order, covering the text."""
        return zip(self.words, self.bounds, self.bounds[1:])


@lru_cache(maxsize=8)
def words(text: str) -> Words:
    """The words of ``text``, cut once per text (the recognisers of one article share them).

    >>> sorted(words("全镇党员").starts), sorted(words("全镇党员").ends)
    ([0, 2], [2, 4])
    """
    cut_words = cut(text)
    bounds = (0, *accumulate(map(len, cut_words)))
    return Words(cut_words, bounds, frozenset(bounds[:-1]), frozenset(bounds[1:]))


def tokens(text: str) -> list[tuple[str, int, int]]:
    """The words of ``text`` as (word, start, end), covering it without gaps.

    >>> tokens("在翠屏镇")
    [('在', 0, 1), ('翠', 1, 2), ('屏', 2, 3), ('镇', 3, 4)]
    """
    return list(words(text).spans)


def cut(text: str) -> tuple[str, ...]:
    """The words of ``jieba.Tokenizer.cut(text, HMM=False)`` over jieba's dictionary with
    :func:`added_words` added.

    >>> cut("在翠屏镇开会2025年")
    ('在', '翠', '屏', '镇', '开会', '2025', '年')
    """
    jieba_cut = _cutter()
    if not _NOT_JIEBA_HAN.search(text):
        return tuple(jieba_cut(text, False))
    out: list[str] = []
    start = 0
    for odd in _NOT_JIEBA_HAN.finditer(text):
        out += jieba_cut(text[start:odd.start()], False)
        out.append(odd.group())
        start = odd.end()
    out += jieba_cut(text[start:], False)
    return tuple(out)
