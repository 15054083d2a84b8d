"""Word boundaries from jieba, so that a name never starts or ends inside a word.

lgkg keeps its own dictionary (never the global ``jieba`` one, which other code may tune):
it lives under ``$XDG_CACHE_HOME/lgkg`` (default ``~/.cache/lgkg``, see
:mod:`kg.cache`), it is loaded once per process on first use, and it knows every official
division name and the words of local administration (村委会, 社区居委会, 街道办事处 …) so
they come out whole. Cutting needs only the dictionary, so extraction does not import jieba
(an eighth of a second at start-up).
Segmentation runs with the HMM off: unknown names fall apart into single characters,
which is what the recognisers expect (a boundary between every unknown character), and it
is several times faster. Each article is cut once (:func:`words`) by :func:`cut`, jieba's
own dictionary-only algorithm written as one pass, twice as fast as ``Tokenizer.tokenize``
and cutting exactly as it does (tests/extract/test_segment.py compares them).

>>> [w for w, _, _ in tokens("青石镇召开村委会议")][:2]
['青石镇', '召开']
"""
from __future__ import annotations

import logging
import re
from array import array
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import chain
from math import log
from typing import AbstractSet, Callable, Iterable, NamedTuple

from .. import gazetteer
from ..cache import cache_dir, remembered

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


class Dictionary(NamedTuple):
    """jieba's ``FREQ`` and ``total``: every word and every prefix of a word (frequency 0)."""
    freq: dict[str, int]
    total: int


@cache
def dictionary() -> Dictionary:
    """The process's own dictionary, built on first call from the one kept on disk
    (:mod:`kg.cache`) with the division names and domain words already added."""
    # Kept as one string of words and one array of frequencies, not as a dict: a new
    # process then reads two objects instead of 560k, four times faster.
    words, frequencies, total = remembered("tokenizer", _stored_dictionary)
    return Dictionary(dict(zip(words.split("\n"), array("q", frequencies))), total)


@cache
def _dictionary_words() -> list[str]:
    return list(dictionary().freq)


def remembered_words(name: str, build: Callable[[], Iterable[AbstractSet[str]]]
                     ) -> tuple[frozenset[str], ...]:
    """``tuple(build())``, sets of words, kept by :func:`kg.cache.remembered` as the
    positions of their words in :func:`dictionary` (and the few words not in it): the sets
    then share the dictionary's strings, whose hashes are computed already, and load two
    to three times faster than from the words themselves.

    >>> [sorted(s) for s in remembered_words("doctest-words", lambda: [{"青石镇", "不是词的词"}])]
    [['不是词的词', '青石镇']]
    """
    words = _dictionary_words()
    stored = remembered(name, lambda: _positions(build(), words))
    return tuple(frozenset(chain(map(words.__getitem__, array("i", at)), others))
                 for at, others in stored)


def _positions(sets: Iterable[AbstractSet[str]], words: list[str]
               ) -> tuple[tuple[bytes, tuple[str, ...]], ...]:
    """Each set as the positions of its words in ``words`` and the words not there."""
    at = {word: i for i, word in enumerate(words)}
    return tuple((array("i", sorted(at[w] for w in s if w in at)).tobytes(),
                  tuple(sorted(w for w in s if w not in at))) for s in sets)


def _stored_dictionary() -> tuple[str, bytes, int]:
    """:func:`_dictionary` as the words joined by newlines (no word holds one), their
    frequencies as 64-bit integers, and the total."""
    freq, total = _dictionary()
    return "\n".join(freq), array("q", freq.values()).tobytes(), total


def _dictionary() -> tuple[dict[str, int], int]:
    """jieba's dictionary with the division names and domain words added (seconds: the
    names alone are 33k ``add_word`` calls)."""
    import jieba

    logging.getLogger("jieba").setLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    directory = cache_dir()
    try:
        directory.mkdir(parents=True, exist_ok=True)
        tok.tmp_dir = str(directory)
    except OSError:
        pass  # read-only home: jieba falls back to the system temp dir
    tok.cache_file = "jieba.lgkg.cache"
    tok.initialize()
    for name in sorted(gazetteer.names()):
        if tok.FREQ.get(name, 0) < _NAME_FREQ:
            tok.add_word(name, _NAME_FREQ)
    for word in DOMAIN_WORDS:
        if tok.FREQ.get(word, 0) < _DOMAIN_FREQ:
            tok.add_word(word, _DOMAIN_FREQ)
    return tok.FREQ, tok.total


@dataclass(frozen=True)
class Words:
    """One text cut into words once, shared by every recogniser of an article."""
    spans: tuple[tuple[str, int, int], ...]   # (word, start, end), covering the text
    starts: frozenset[int]
    ends: frozenset[int]


@lru_cache(maxsize=8)
def words(text: str) -> Words:
    """The words of ``text``, cut once per text (the recognisers of one article share them).

    >>> sorted(words("全镇党员").starts), sorted(words("全镇党员").ends)
    ([0, 2], [2, 4])
    """
    spans = cut(text)
    return Words(spans, frozenset(s for _, s, _ in spans), frozenset(e for _, _, e in spans))


def tokens(text: str) -> list[tuple[str, int, int]]:
    """The words of ``text`` as (word, start, end), covering it without gaps.

    >>> tokens("在翠屏镇")
    [('在', 0, 1), ('翠', 1, 2), ('屏', 2, 3), ('镇', 3, 4)]
    """
    return list(words(text).spans)


# jieba's classes of characters (jieba.re_han_default, re_skip_default, re_eng): a block
# of Han characters, Latin letters and digits is cut by the dictionary; anything else
# falls apart into single characters and whitespace; single letters and digits that the
# dictionary leaves alone are joined again (2025, LED).
_BLOCK = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._%\\-]+)")
_SPACE = re.compile("(\r\n|\\s)")
_LATIN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")


def cut(text: str) -> tuple[tuple[str, int, int], ...]:
    """``tuple(tok.tokenize(text, HMM=False))`` of a ``jieba.Tokenizer`` ``tok`` whose
    ``FREQ`` and ``total`` are :func:`dictionary`'s, in one pass per block: the most
    probable path through the dictionary's words is scored right to left while the words
    starting at each character are looked up (jieba builds a DAG dict, then scores it).

    >>> cut("在翠屏镇开会2025年")
    (('在', 0, 1), ('翠', 1, 2), ('屏', 2, 3), ('镇', 3, 4), ('开会', 4, 6), ('2025', 6, 10), ('年', 10, 11))
    """
    out: list[tuple[str, int, int]] = []
    pos = 0
    for block in _BLOCK.split(text):
        if not block:
            continue
        if not _BLOCK.match(block):
            for piece in _SPACE.split(block):
                if _SPACE.match(piece):
                    out.append((piece, pos, pos + len(piece)))
                    pos += len(piece)
                else:
                    for ch in piece:
                        out.append((ch, pos, pos + 1))
                        pos += 1
            continue
        start = 0
        for end in _word_ends(block):
            out.append((block[start:end], pos + start, pos + end))
            start = end
        pos += start
    return tuple(out)


# Blocks between punctuation recur across articles (slogans, datelines, set phrases: a
# third to two thirds of the characters of the bench corpora): each is scored once.
@lru_cache(maxsize=8192)
def _word_ends(block: str) -> tuple[int, ...]:
    """Where the words of one block of Han characters, letters and digits end."""
    freq, total = dictionary()
    get, logtotal = freq.get, log(total)
    ends: list[int] = []
    size = len(block)
    # score[k]: log-probability of the best path from k; after[k]: where its first word ends
    score = [0.0] * (size + 1)
    after = [0] * (size + 1)
    for k in range(size - 1, -1, -1):
        best = None
        i = k
        frag = block[k]
        while True:
            found = get(frag)
            if found is None:
                break  # no dictionary word starts with frag
            if found:
                p = log(found) - logtotal + score[i + 1]
                if best is None or p >= best:  # a tie goes to the longer word, as in jieba
                    best, end = p, i
            i += 1
            if i >= size:
                break
            frag = block[k:i + 1]
        if best is None:
            best, end = 0.0 - logtotal + score[k + 1], k
        score[k] = best
        after[k] = end + 1
    x, latin = 0, False
    while x < size:
        y = after[x]
        if y - x == 1 and block[x] in _LATIN:
            latin = True
        else:
            if latin:
                ends.append(x)
                latin = False
            ends.append(y)
        x = y
    if latin:
        ends.append(size)
    return tuple(ends)
