"""Read article files into :class:`~kg.model.Article` records.

bytes → text (encoding detected) → paragraphs (page layout repaired) → articles
(a newspaper page may hold several) → sentences with character offsets.

What an Article's ``text`` holds (offsets refer to it):

* the headline block first — an optional kicker line (often the unit's name),
  then the headline — whether the page printed it above the body or below it
  (a headline printed as a page's last line is moved to the front);
* then the body paragraphs, layout-repaired, one blank line between paragraphs;
* never the byline (本报记者…/通讯员…) nor editor lines (责任编辑…): those are
  kept in ``byline`` or dropped. ``title`` repeats the headline.

``norm`` is ``normalise(text)``: same length, character for character, so an
offset found while matching on ``norm`` slices ``text`` to the same passage.
Note that NFKC turns full-width punctuation ，；：！？（） into ASCII in
``norm``, while 。、“”《》「」 stay as they are.
"""
from __future__ import annotations

import codecs
import json
import os
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import date as _date
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

from kg.errors import InputError
from kg.model import Article, Sentence

MAX_ARTICLE_CHARS = 200_000     # longer articles are cut at paragraph boundaries
MAX_SENTENCE_CHARS = 400        # longer sentences are cut at a comma or space, else hard
HEADLINE_MAX_CHARS = 40
TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".html", ".htm", ".jsonl"})

_SAMPLE_BYTES = 64 * 1024
_TERMINALS = "。！？；!?;…．.：:"
_QUOTE_CLOSERS = "”’」』》〉\"'"
_BRACKET_CLOSERS = "）)】]"


# ---------------------------------------------------------------- characters

# Variants that OpenCC's t2s leaves alone but that name the same places.
VARIANTS = {"砦": "寨", "邨": "村"}


@lru_cache(maxsize=1)
def _t2s():
    import opencc
    return opencc.OpenCC("t2s")


_SEEN: set[str] = set()            # characters whose folding is known
_FOLDS: dict[str, str] = {}        # those among them that fold to another character
_SURROGATE = re.compile("[\ud800-\udfff]")


def _learn(chars: set[str]) -> None:
    for c in chars - _SEEN:
        n = unicodedata.normalize("NFKC", c)
        folded = n if len(n) == 1 else c
        folded = VARIANTS.get(folded, folded)
        if folded != c:
            _FOLDS[c] = folded
        _SEEN.add(c)


def _convert_same_length(text: str) -> str:
    converted = _t2s().convert(text)
    if len(converted) == len(text):
        return converted
    # OpenCC's t2s tables map equal lengths today; keep offsets safe if a phrase ever does not.
    out = []
    for line in text.splitlines(keepends=True):
        c = _t2s().convert(line)
        if len(c) != len(line):
            c = "".join(x if len(x := _t2s().convert(ch)) == 1 else ch for ch in line)
        out.append(c)
    return "".join(out)


def normalise(text: str) -> str:
    """Fold ``text`` for matching, keeping its length: NFKC per character (when the
    result is one character), Traditional → Simplified (OpenCC t2s) and a few variants.

    >>> normalise("臺灣雲溪縣ＡＢ１２３號")
    '台湾云溪县AB123号'
    >>> s = "白馬砦村，㮾梨街道"
    >>> normalise(s), len(normalise(s)) == len(s)
    ('白马寨村,㮾梨街道', True)
    """
    if not text:
        return text
    chars = set(text)
    if not chars <= _SEEN:
        _learn(chars)
    changes = chars.intersection(_FOLDS)
    if len(changes) > 16:
        text = text.translate({ord(c): _FOLDS[c] for c in changes})
    else:
        for c in changes:
            text = text.replace(c, _FOLDS[c])
    try:
        return _convert_same_length(text)
    except UnicodeEncodeError:
        # OpenCC cannot take lone surrogates; they become U+FFFD in the folded copy.
        return _convert_same_length(_SURROGATE.sub("\ufffd", text))


_DIRT = re.compile(r"\r\n?|[\x0b\x0c\x85\u2028\u2029]|[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ufeff]|[\ud800-\udfff]")
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ufeff]")


def _clean_one(m: re.Match[str]) -> str:
    c = m.group()
    if c[0] in "\r\x0b\x0c\x85\u2028\u2029":
        return "\n"
    return "\ufffd" if "\ud800" <= c <= "\udfff" else ""


def clean_text(text: str) -> str:
    """Line breaks to ``\\n``, control characters and NUL removed, lone surrogates replaced.

    >>> clean_text("青石镇\\r\\n白马村\\x00\\r东湖\\ud800")
    '青石镇\\n白马村\\n东湖\\ufffd'
    """
    return _DIRT.sub(_clean_one, text)


# Reprints gloss characters with pinyin (福嶺鎮(zhèn)); the gloss would cut every name it
# sits in. Lowercase letters with a vowel only, so (km), (PPP), (AAA级) stay.
_PINYIN_GLOSS = re.compile(r"(?<=[\u3400-\u9fff])[(（](?=[a-zü]*[aeiouüāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ])"
                           r"[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}[)）]")


def strip_pinyin(text: str) -> str:
    """Pinyin glosses after characters removed.

    >>> strip_pinyin("福嶺鎮(zhèn)白馬村（cūn）修路12公里(km)，PPP(ppp)")
    '福嶺鎮白馬村修路12公里(km)，PPP(ppp)'
    """
    return _PINYIN_GLOSS.sub("", text)


# ----------------------------------------------------------------- encodings

_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"), (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"), (b"GIF89a", "GIF image"), (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"), (b"PK\x05\x06", "ZIP archive"), (b"\x1f\x8b", "gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"), (b"Rar!\x1a\x07", "RAR archive"),
    (b"\x7fELF", "ELF executable"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE document"),
    (b"SQLite format 3\x00", "SQLite database"), (b"\x00asm", "WebAssembly"),
    (b"II*\x00", "TIFF image"), (b"MM\x00*", "TIFF image"), (b"BZh91AY&SY", "bzip2 archive"),
)
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (0, 9, 10, 12, 13, 27)) + b"\x7f"
_NOT_CONTROL = bytes(b for b in range(256) if b not in _CONTROL_BYTES)

# Frequent characters of Chinese news prose; a right decoding is mostly made of
# them (in their simplified or traditional form), a wrong one is not.
_COMMON = (
    "的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过"
    "发后作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她本前"
    "开但因只从想实日军者意无力它与长把机十民第公此已工使情明性知全三又关点正业外将两高间由问很最重"
    "并物手应战向头文体政美相见被利什二等产或新己制身果加西斯月话合回特代内信表化老给世位次度门任常"
    "先海通教儿原东声提立及比员解水名真论处走义各入几口认条平系气题活尔更别打女变四神总何电数安少报"
    "才结反受目太量再感建务做接必场件计管期市直德资命山金指克许统区保至队形社便空决治展马科司五基眼"
    "书非则听白却界达光放强即像难且权思王象完设式色路记南品住告类求据程北边死张该交规万取拉格望觉术"
    "领共确传师观清今切院让识候带导争运笑飞风步改收根干造言联持组每济车亲极林服快办议往元英士证近失"
    "转夫令准布始怎呢存未远叫台单影具罗字爱击流备兵连调深商算质团集百需价花党华城石级整府离况亚请技"
    "际约示复病息究线似官火断精满支视消越器容照须九增研写称企八功吗包片史委乎查轻易早曾除农找装广显"
    "村镇乡县省街社群众项目推进落实创升优护健康医疗卫养老救助扶贫振兴环境生态治理网格干部书记主任支"
    "部召举参深持积示范先荣誉获评彰任务措施案标准规质效础设交住房置改筑施土源种殖旅游贸场费培训校"
    "困富增居幸福丽谐稳防控疫急汛整纠纷调访宣传习题精神座谈签约投资亿亩积累户籍镇域辖街道区域园"
)


@lru_cache(maxsize=1)
def _common_chars() -> frozenset[str]:
    import opencc
    return frozenset(_COMMON) | frozenset(opencc.OpenCC("s2t").convert(_COMMON))


def _plausibility(text: str) -> float:
    """Share of the non-ASCII characters that are frequent Chinese characters or punctuation."""
    wide = [c for c in text if c > "\x7f" and c != "\ufffd" and not c.isspace()]
    if not wide:
        return 1.0
    common = _common_chars()
    return sum(1 for c in wide if c in common or unicodedata.category(c).startswith("P")) / len(wide)


def _magic_kind(data: bytes) -> str:
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    if data[:4] == b"RIFF" and data[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return "RIFF media"
    return ""


def _binary_kind(data: bytes) -> str:
    kind = _magic_kind(data)
    sample = data[:_SAMPLE_BYTES]
    if kind or not sample:
        return kind
    controls = len(sample.translate(None, _NOT_CONTROL))
    nuls = sample.count(0)
    if (controls >= 4 and controls > 0.03 * len(sample)) or (nuls >= 8 and nuls > 0.3 * len(sample)):
        return "many control bytes"
    return ""


def _decodes(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _sample_decode(data: bytes, encoding: str) -> str | None:
    try:
        return codecs.getincrementaldecoder(encoding)("strict").decode(data[:_SAMPLE_BYTES], final=False)
    except UnicodeDecodeError:
        return None


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    sample = data[:4096]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = max(1, len(sample) // 2)
    for encoding, zeros in (("utf-16-le", odd), ("utf-16-be", even)):
        if zeros > 0.3 * half:
            text = _decodes(data[: len(data) // 2 * 2], encoding)
            if (text is not None and text.count("\x00") <= len(text) // 100
                    and not _CONTROLS.search(text.replace("\x00", "")) and _plausibility(text[:4096]) >= 0.5):
                return text, encoding
    return None


def decode(data: bytes, name: str = "") -> tuple[str, str]:
    """Decode a file's bytes: UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK or Big5.

    Returns ``(text, encoding)``; raises :class:`InputError` for binary or undecodable data.

    >>> decode("白马村召开村民大会".encode("gbk"))
    ('白马村召开村民大会', 'gb18030')
    >>> decode("白馬村召開村民大會".encode("big5"))
    ('白馬村召開村民大會', 'big5')
    >>> decode(b"\\x89PNG\\r\\n\\x1a\\n....", "a.txt")
    Traceback (most recent call last):
    ...
    kg.errors.InputError: a.txt: binary file (PNG image), not text
    """
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            text = _decodes(data, encoding)
            if text is None:
                raise InputError(f"starts with a {encoding} byte-order mark but does not decode as {encoding}",
                                 file=name or None)
            return text, encoding
    if _magic_kind(data):
        raise InputError(f"binary file ({_magic_kind(data)}), not text", file=name or None)
    utf16 = _utf16_without_bom(data) if data.count(0) > len(data) // 8 else None
    if utf16:
        return utf16
    kind = _binary_kind(data)
    if kind:
        raise InputError(f"binary file ({kind}), not text", file=name or None)
    text = _decodes(data, "utf-8")
    if text is not None:
        return text, "utf-8"
    chinese = [(enc, s) for enc in ("gb18030", "big5", "cp950", "big5hkscs")
               if (s := _sample_decode(data, enc)) is not None]
    # Big5 bytes nearly always also decode as GB18030 (to nonsense): let the characters decide;
    # sorted() is stable, so GB18030 wins a tie.
    for encoding, sample in sorted(chinese, key=lambda es: -_plausibility(es[1])):
        if _plausibility(sample) < 0.3:
            break
        text = _decodes(data, encoding)
        if text is not None:
            return text, encoding
    return _decode_leniently(data, name)


def _decode_leniently(data: bytes, name: str) -> tuple[str, str]:
    """A mostly-good file with a few broken bytes is kept; anything else is refused."""
    for encoding in ("utf-8", "gb18030", "big5hkscs"):
        text = data.decode(encoding, errors="replace")
        bad = text.count("\ufffd")
        if bad <= max(1, len(text) // 1000) and _plausibility(text[:_SAMPLE_BYTES]) >= 0.5:
            return text, f"{encoding} ({bad} undecodable bytes replaced)"
    import charset_normalizer
    best = charset_normalizer.from_bytes(data[: 4 * _SAMPLE_BYTES]).best()
    if best is not None and best.chaos < 0.1:
        high = sum(1 for b in data[:_SAMPLE_BYTES] if b > 0x7F) / max(1, min(len(data), _SAMPLE_BYTES))
        single_byte = not best.encoding.startswith(("utf", "gb", "big5", "euc", "shift", "cp9", "iso2022"))
        # UTF-16 without a byte-order mark was tried above, on its tell-tale NUL bytes.
        if not best.encoding.startswith(("utf_16", "utf_32")) and not (single_byte and high > 0.05):
            text = _decodes(data, best.encoding)
            if text is not None:
                return text, best.encoding
    raise InputError("cannot decode: not UTF-8, GB18030/GBK or Big5 text", file=name or None)


# ----------------------------------------------------------------- paragraphs
# Lines are classified on their normalised form (so 記者, 來源：, full-width marks count too);
# after NFKC the full-width ，；：！？（） are ASCII, while 。、“”「」【】 stay as they are.

_BYLINE_PERSON = re.compile(
    r"^[(【\[]?\s*(?:(?:本报|特约|融媒体?|全媒体|见习|实习|首席)?(?:记者|通讯员)|撰稿人?|"
    r"摄影|摄像|文\s*[/·・]\s*图|文\s*/|图\s*/|文图)")
_BYLINE_CUES = re.compile(
    r"(?:本报|特约|融媒体?|全媒体|见习|实习|首席)?(?:记者|通讯员)|撰稿人?|摄影|摄像|"
    r"文\s*[/·・]\s*图|文\s*/|图\s*/|文图|本报讯|[()【】\[\]\s:、,/·・|]")
_CUE_BEFORE_COLON = re.compile(r"(?:记者|通讯员|撰稿人?|摄影|摄像|作者|来源|供稿|文|图)\s*$")
_BYLINE_SOURCE = re.compile(r"(?:^|\s)[(【\[]?\s*(?:来源|作者|供稿|稿源|出处|发布单位)\s*:")
_SENTENCE_PUNCT = re.compile(r"[，。；！？,;!?]")
_TRAILER = re.compile(r"^[(【\[]?\s*(?:责任编辑|值班编辑|编辑|审核|校对|监制|终审|二审|初审|一审|审校|责编)\s*:")
_DATE_LINE = re.compile(
    r"^\d{4}\s*(?:年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[-/.]\d{1,2}[-/.]\d{1,2})(?:\s*(?:星期|周)[一二三四五六日天])?$")
_ENUMERATED = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|\([一二三四五六七八九十\d]+\)|\d{1,2}[、.．](?!\d)|"
    r"第[一二三四五六七八九十]+[,、:]|[①-⑳])")
_BRACKETED = re.compile(r"^(?:\(.*\)|【.*】|\[.*\]|〔.*〕)$")
# Closing lines of notices that are short and unpunctuated but never a title.
_NOT_TITLE = re.compile(r"^(?:附件|附表|注|备注|联系|咨询|地址|邮编|电话|网址|扫码|监督电话|举报电话)")
_SIGNATURE = re.compile(r"(?:政府|委员会|委|办公室|办事处|局|厅|处|科|所|站|中心|公司|集团|协会|支部|指挥部|领导小组|小组)$")
# A report's own lead (本报讯, a 电 dateline), not a citation of another's (据新华社…电).
_STRONG_LEAD = re.compile(r"^[(【\[]?\s*(?!据)(?:本报讯|本报[^,。\n]{0,12}电|[^,。\n]{0,24}\d{1,2}月\d{1,2}日电|\(记者)")
_LEAD_CREDIT = re.compile(r"^(?:本报讯)?\s*(\((?:[^()]{0,8}记者|通讯员)[^()]{1,40}\))")
_WEAK_LEAD = re.compile(r"^(?:近日|日前|\d{4}年\d{1,2}月\d{1,2}日|\d{1,2}月\d{1,2}日)")
_SHORT = 80          # no byline, editor line, date line or headline is longer


def _byline(n: str) -> bool:
    if not n or len(n) > _SHORT or _SENTENCE_PUNCT.search(n):
        return False
    if _BYLINE_SOURCE.search(n):
        return True
    if len(n) > 60 or not _BYLINE_PERSON.match(n):
        return False
    # A colon follows a cue word (记者：李青), never a headline's topic (记者走基层：…).
    if any(not _CUE_BEFORE_COLON.search(n, 0, m.start()) for m in re.finditer(":", n)):
        return False
    # What is left once cue words and dates are gone must be names, not a headline.
    names = [t for t in _BYLINE_CUES.split(_DATE_NUM.sub(" ", _DATE_CN.sub(" ", n))) if t]
    return all(len(t) <= 4 for t in names)


def _trailer(n: str) -> bool:
    return len(n) <= _SHORT and bool(_TRAILER.match(n)) and not _SENTENCE_PUNCT.search(n)


def _headline(n: str) -> bool:
    if not 2 <= len(n) <= HEADLINE_MAX_CHARS or "。" in n or ";" in n or n.count(",") > 2:
        return False
    # A headline may end in a bracket (…清单（第一批）) but never in a sentence mark or comma.
    tail = n.rstrip(_QUOTE_CLOSERS + _BRACKET_CLOSERS)
    if not tail or tail[-1] in _TERMINALS or tail[-1] in ",、" or _BRACKETED.match(n):
        return False
    return not (_byline(n) or _trailer(n) or _DATE_LINE.match(n))


def _short_norm(line: str) -> str:
    return normalise(line.strip()) if len(line.strip()) <= _SHORT else ""


def is_byline(line: str) -> bool:
    """A byline line: reporters, correspondents, photographers, or the source of the text.

    >>> [is_byline(s) for s in ("本报记者 李青 通讯员 王白", "来源：云溪县融媒体中心",
    ...                          "（記者 李青 2023年7月1日）", "记者走基层：青石镇见闻",
    ...                          "记者从青石镇获悉，该镇新建了公园。")]
    [True, True, True, False, False]
    """
    return _byline(_short_norm(line))


def is_trailer(line: str) -> bool:
    """An editor's line that closes a printed article.

    >>> is_trailer("责任编辑：陈东"), is_trailer("编辑部召开会议")
    (True, False)
    """
    return _trailer(_short_norm(line))


def ends_sentence(line: str) -> bool:
    """Whether a paragraph ends where a sentence may end (closing quotes looked through).

    >>> ends_sentence("全村道路全部硬化。”"), ends_sentence("建起“幸福小院”"), ends_sentence("驻村工作队")
    (True, False, False)
    """
    line = line.rstrip().rstrip(_QUOTE_CLOSERS)
    return not line or line[-1] in _TERMINALS or line[-1] in _BRACKET_CLOSERS


def is_headline(line: str) -> bool:
    """A line that may stand alone as a headline, kicker or subheading: short, no sentence end.

    >>> [is_headline(s) for s in ("青石镇：乡村振兴跑出加速度", "云溪县重点项目清单（第一批）",
    ...                            "全镇完成造林三千亩。", "本报记者 李青", "2023年7月1日", "（完）")]
    [True, True, False, False, False, False]
    """
    return _headline(_short_norm(line))


@dataclass(frozen=True)
class _Para:
    text: str
    gap: int          # newlines before this paragraph (1 = directly on the next line)
    kind: str         # head | byline | trailer | meta | body
    lead: str         # normalised start of the paragraph, for cue patterns


def _classify(line: str, lead: str | None = None) -> tuple[str, str]:
    """(kind, normalised lead) of one paragraph; ``lead`` when it is already normalised."""
    n = normalise(line[:_SHORT]) if lead is None else lead
    if len(line) > _SHORT:
        return "body", n
    if _byline(n):
        return "byline", n
    if _trailer(n):
        return "trailer", n
    if _DATE_LINE.match(n):
        return "meta", n
    return ("head" if _headline(n) else "body"), n


def _split_paragraphs(text: str) -> list[tuple[str, int]]:
    paras: list[tuple[str, int]] = []
    gap = 0
    for line in text.split("\n"):
        gap += 1
        line = line.strip()
        if line:
            paras.append((line, gap))
            gap = 0
    return paras


_TABLE_ROW = re.compile(r" \| |\t")


def continues(prev: str, nxt: str) -> bool:
    """Whether ``nxt`` continues a paragraph ``prev`` that a column break cut mid-sentence.

    >>> continues("……全村开展环境整治，清理垃圾二十吨，有效改善了人居环", "境；村民纷纷点赞。")
    True
    >>> continues("青石镇：乡村振兴跑出加速度", "今年以来，青石镇新建道路十公里。")
    False
    """
    kind, lead = _classify(nxt) if nxt else ("body", "")
    return _continues(prev, nxt, kind, lead)


def _continues(prev: str, nxt: str, kind: str, lead: str) -> bool:
    if not prev or not nxt or ends_sentence(prev) or _TABLE_ROW.search(prev) \
            or _TABLE_ROW.search(nxt):
        return False        # table rows (cells joined by " | " or tabs) are never one sentence
    if kind in ("byline", "trailer", "meta") or _ENUMERATED.match(lead):
        return False
    first = nxt[0]
    if first in "，、；。！？：”’）》」』%,;:!?)":
        return True         # no paragraph starts with these
    if not first.isalnum():
        return False
    if prev[-1] in "，、,":
        return True
    commas = prev.count("，") + prev.count(",")
    # Headlines are short; a comma in a headline sits in a short, balanced line.
    body_like = (len(prev) > HEADLINE_MAX_CHARS or "。" in prev or "；" in prev or ";" in prev
                 or commas >= 2 or (commas > 0 and len(prev) >= 24))
    return body_like and kind != "head"


def repair_layout(text: str) -> str:
    """Join paragraphs that a page's column breaks cut mid-sentence; one paragraph per line.

    >>> repair_layout("青石镇新闻\\n\\n全村开展环境整治，清理垃圾二十吨，有效改善了人居环\\n\\n境；村民纷纷点赞。")
    '青石镇新闻\\n全村开展环境整治，清理垃圾二十吨，有效改善了人居环境；村民纷纷点赞。'
    """
    return "\n".join(p.text for p in _repaired(_split_paragraphs(strip_pinyin(clean_text(text)))))


def _joiner(prev: str, nxt: str) -> str:
    return " " if prev[-1].isascii() and prev[-1].isalnum() and nxt[0].isascii() and nxt[0].isalnum() else ""


def _repaired(raw: list[tuple[str, int]], repair: bool = True) -> list[_Para]:
    out: list[_Para] = []
    parts: list[str] = []
    gap = 0
    first_kind, first_lead = "body", ""

    def flush() -> None:
        joined = "".join(parts)
        if len(parts) == 1:
            out.append(_Para(joined, gap, first_kind, first_lead))
        else:
            out.append(_Para(joined, gap, *_classify(joined)))

    # One OpenCC call for all the leads: a paragraph holds no line break, so they split back.
    leads = normalise("\n".join(line[:_SHORT] for line, _ in raw)).split("\n") if raw else []
    for (line, line_gap), lead in zip(raw, leads):
        kind, lead = _classify(line, lead)
        if parts and repair and _continues(parts[-1], line, kind, lead):
            parts.append(_joiner(parts[-1], line) + line)
            continue
        if parts:
            flush()
        parts, gap, first_kind, first_lead = [line], line_gap, kind, lead
    if parts:
        flush()
    return out


# ------------------------------------------------------------- page splitting

_UNIT_KEY = re.compile(r"([\u4e00-\u9fff]{2})(?=镇|乡|街道)")
_KEY_STOP = frozenset("全该本各城每个等和与及在的了对从向到为是其此乡镇村区县市省")


def _unit_keys(text: str) -> list[str]:
    """The two characters before 镇/乡/街道: a cheap, prefix-independent key of the unit named."""
    return [k for k in _UNIT_KEY.findall(text) if k[0] not in _KEY_STOP and k[1] not in _KEY_STOP]


def _head_run_before(paras: list[_Para], i: int, floor: int) -> int:
    j = i
    while j > floor and i - j < 4 and paras[j - 1].kind == "head":
        j -= 1
    return j


def _has_body(paras: list[_Para], lo: int, hi: int) -> bool:
    return any(p.kind == "body" for p in paras[lo:hi])


def _cue_starts(paras: list[_Para]) -> list[int]:
    """Indexes where a new report visibly starts: a headline over a byline, a 本报讯/电 lead,
    or a headline after a wide gap over a dated lead."""
    starts = [0]
    n = len(paras)
    for i in range(1, n):
        p = paras[i]
        start = None
        if p.kind == "byline":
            j = _head_run_before(paras, i, starts[-1])
            following = [q.kind for q in paras[i + 1:i + 4] if q.kind != "byline"]
            if j < i and following[:1] == ["body"]:
                start = j
        elif p.kind == "body" and _STRONG_LEAD.match(p.lead):
            start = _head_run_before(paras, i, starts[-1])
        elif p.kind == "head" and p.gap >= 3 and ends_sentence(paras[i - 1].text):
            k = i
            while k < n and k - i < 4 and paras[k].kind == "head":
                k += 1
            if k < n and paras[k].kind == "body" and _WEAK_LEAD.match(paras[k].lead):
                start = i
        if start is not None and start > starts[-1] and _has_body(paras, starts[-1], start):
            starts.append(start)
    return starts


@dataclass(frozen=True)
class _Layout:
    """Where the parts of one article block sit among its paragraphs."""
    title: str
    heads: tuple[int, ...]        # kicker and headline printed above the body, kept in the text
    bylines: tuple[int, ...]
    meta: tuple[int, ...]         # date lines
    body: tuple[int, ...]         # a headline printed after the body is not among them


def _layout(paras: list[_Para], lo: int, hi: int, *, trailing_title: bool = True) -> _Layout:
    i = lo
    meta: list[int] = []
    while i < hi and paras[i].kind == "meta":
        meta.append(i)
        i += 1
    top = i
    heads: list[int] = []
    while i < hi and paras[i].kind == "head":
        heads.append(i)
        i += 1
    bylines: list[int] = []
    while i < hi and paras[i].kind in ("byline", "meta"):
        (bylines if paras[i].kind == "byline" else meta).append(i)
        i += 1
    if len(heads) > 4 or (heads and not bylines and i < hi and paras[i].kind != "body"):
        # A run of short lines is a list, not a header.
        i, heads, bylines, meta = top, [], [], meta[:top - lo]
    end = hi
    while end > i and paras[end - 1].kind in ("byline", "trailer", "meta"):
        end -= 1
        if paras[end].kind == "byline":
            bylines.append(end)
        elif paras[end].kind == "meta":
            meta.append(end)
    body = list(range(i, end))
    title = ""
    if heads:
        subtitles = ("——", "--", "—")
        title = max((paras[h].text for h in heads if not paras[h].text.startswith(subtitles)),
                    key=len, default=paras[heads[0]].text)
    elif trailing_title and _ends_with_headline(paras, body):
        title = paras[body.pop()].text
    return _Layout(title, tuple(heads), tuple(sorted(bylines)), tuple(sorted(meta)), tuple(body))


def _ends_with_headline(paras: list[_Para], body: list[int]) -> bool:
    """A last line that reads as a headline after a body: the page printed the title below."""
    if len(body) < 3 or paras[body[-1]].kind != "head" or paras[body[-2]].kind != "body":
        return False
    lead = paras[body[-1]].lead
    return not (_SIGNATURE.search(lead) or _ENUMERATED.match(lead) or _NOT_TITLE.match(lead)
                or parse_date(lead))


def _switch_point(paras: list[_Para], lo: int, hi: int) -> int | None:
    """The paragraph where the unit a page talks about changes for good.

    Before it one unit is named again and again and the next never; from it on,
    the reverse; and it names the new unit itself, as a report's lead does.
    """
    if hi - lo > 2000:
        return None
    keys = [_unit_keys(normalise(paras[i].text)) for i in range(lo, hi)]
    after = Counter(k for ks in keys for k in ks)
    before: Counter[str] = Counter()
    for b in range(lo, hi):
        ks = keys[b - lo]
        if b > lo and before and ends_sentence(paras[b - 1].text) and paras[b].kind == "body":
            (k1, n1), = before.most_common(1)
            top = after.most_common(1)
            if top:
                (k2, n2), = top
                if (k1 != k2 and n1 >= 3 and n2 >= 3 and after[k1] <= 1 and before[k2] == 0
                        and k2 in ks and _has_body(paras, lo, b) and _has_body(paras, b, hi)):
                    return b
        before.update(ks)
        after.subtract(ks)
    return None


def _blocks(paras: list[_Para], split: bool) -> list[tuple[int, int]]:
    if not split or not paras:
        return [(0, len(paras))]
    starts = _cue_starts(paras)
    bounds = list(zip(starts, starts[1:] + [len(paras)]))
    lo, hi = bounds[-1]
    last = _layout(paras, lo, hi)
    if last.heads and _ends_with_headline(paras, list(last.body)):
        # A page opening with a headed report and closing with a headline holds a second report.
        b = _switch_point(paras, last.body[0], last.body[-1])
        if b is not None:
            bounds[-1:] = [(lo, b), (b, hi)]
    return bounds


# ------------------------------------------------------------------ sentences

_T = "。！？；!?;"
# A sentence: from a visible character to the end of its terminal run (closing quotes
# included), or to the last visible character before a line break.
_SENTENCE = re.compile(rf"[^\s{_T}](?:[^\n{_T}]*[^\s{_T}])?(?:[{_T}]+[”’」』）)》〉】]*)?")
_SOFT_BREAKS = "，,、：: \t　"
_WORD = re.compile(r"[^\W_]")


def split_sentences(text: str) -> tuple[Sentence, ...]:
    """Sentences of ``text`` with offsets: split at 。！？；!?; (closing quotes kept) and line
    breaks, whitespace trimmed, none longer than ``MAX_SENTENCE_CHARS``.

    >>> [(s.start, s.end, s.text) for s in split_sentences("白马村修路。“路通了！”村民说。\\n新建桥梁2座")]
    [(0, 6, '白马村修路。'), (6, 12, '“路通了！”'), (12, 16, '村民说。'), (17, 23, '新建桥梁2座')]
    """
    out: list[Sentence] = []
    word = _WORD.search
    for m in _SENTENCE.finditer(text):
        start, end = m.span()
        if end - start > MAX_SENTENCE_CHARS:
            _cut_sentence(text, start, end, out)
        elif word(text, start, end):
            out.append(Sentence(start, end, m.group()))
    return tuple(out)


def _cut_sentence(text: str, start: int, end: int, out: list[Sentence]) -> None:
    """Cut an over-long span at its last comma or space within the limit, else hard."""
    while start < end:
        while start < end and text[start].isspace():
            start += 1
        stop = end
        if end - start > MAX_SENTENCE_CHARS:
            window = text[start:start + MAX_SENTENCE_CHARS]
            cut = max(window.rfind(c) for c in _SOFT_BREAKS)
            stop = start + (cut + 1 if cut > 0 else MAX_SENTENCE_CHARS)
        next_start = stop
        while stop > start and text[stop - 1].isspace():
            stop -= 1
        if stop > start and _WORD.search(text, start, stop):
            out.append(Sentence(start, stop, text[start:stop]))
        start = next_start


# ---------------------------------------------------------------- dates

_DATE_CN = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_DATE_NUM = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")


def parse_date(s: str) -> str:
    """The first valid date in ``s`` as ISO ``YYYY-MM-DD``, else ``""``.

    >>> parse_date("本报记者 李青 2023年7月1日"), parse_date("2023/7/1 10:00"), parse_date("七月")
    ('2023-07-01', '2023-07-01', '')
    """
    for pattern in (_DATE_CN, _DATE_NUM):
        for m in pattern.finditer(s):
            try:
                return _date(int(m[1]), int(m[2]), int(m[3])).isoformat()
            except ValueError:
                continue
    return ""


# ------------------------------------------------------------------ articles

def _chunks(pieces: list[str], limit: int) -> Iterator[list[str]]:
    """Group paragraphs into runs of at most ``limit`` characters; cut longer paragraphs."""
    run: list[str] = []
    size = 0
    for piece in pieces:
        for part in _cut_long(piece, limit):
            if run and size + len(part) + 2 > limit:
                yield run
                run, size = [], 0
            run.append(part)
            size += len(part) + 2
    if run:
        yield run


def _cut_long(text: str, limit: int) -> Iterator[str]:
    start = 0
    while len(text) - start > limit:
        window = text[start:start + limit]
        cut = max(window.rfind(c) for c in "。！？；!?;")
        if cut <= 0:
            cut = max(window.rfind(c) for c in _SOFT_BREAKS)
        stop = start + (cut + 1 if cut > 0 else limit)
        yield text[start:stop]
        start = stop
    if start < len(text):
        yield text[start:]


def _article(article_id: str, source: str, index: int, text: str, title: str, byline: str,
             date: str, url: str, encoding: str) -> Article:
    return Article(id=article_id, source=source, index=index, text=text, norm=normalise(text),
                   sentences=split_sentences(text), title=title, byline=byline, date=date,
                   url=url, encoding=encoding)


def iter_articles(text: str, source: str, *, stem: str | None = None, title: str = "", date: str = "",
                  url: str = "", encoding: str = "utf-8", split: bool = True, first_index: int = 0,
                  article_id: str | None = None, repair: bool = True) -> Iterator[Article]:
    """Lazy form of :func:`articles_from_text`: a huge text never holds all its Articles at once.

    >>> [a.id for a in iter_articles("东湖街道开展义诊。", "in/donghu.txt")]
    ['donghu-0']
    """
    stem = stem if stem is not None else Path(source).stem
    paras = _repaired(_split_paragraphs(strip_pinyin(clean_text(text))), repair)
    title = " ".join(clean_text(title).split())
    index = first_index
    for lo, hi in _blocks(paras, split and not article_id):
        layout = _layout(paras, lo, hi, trailing_title=not title)
        lines = [paras[i].text for i in layout.heads + layout.body]
        block_title = title or layout.title
        if block_title and block_title not in lines[:max(1, len(layout.heads))]:
            lines.insert(0, block_title)
        if not any(_WORD.search(line) for line in lines):
            continue
        first_body = paras[layout.body[0]].lead[:60] if layout.body else ""
        byline = " ".join(paras[i].text for i in layout.bylines)
        credit = _LEAD_CREDIT.match(first_body)
        if credit and not byline:
            # Same offsets in the lead and the text: the credit is quoted as printed.
            byline = paras[layout.body[0]].text[credit.start(1):credit.end(1)]
        dateline = first_body if _STRONG_LEAD.match(first_body) else ""
        # A notice is dated under its signature, on its last short line.
        last = paras[layout.body[-1]] if layout.body else None
        signed = last.lead if last is not None and len(last.text) <= HEADLINE_MAX_CHARS else ""
        block_date = (parse_date(normalise(date)) or parse_date(normalise(byline))
                      or parse_date(" ".join(paras[i].lead for i in layout.meta)) or parse_date(dateline)
                      or parse_date(signed))
        pieces = list(_chunks(lines, MAX_ARTICLE_CHARS))
        for k, piece in enumerate(pieces):
            if article_id is not None:
                aid = article_id if k == 0 else f"{article_id}-part{k}"
            else:
                aid = f"{stem}-{index}"
            yield _article(aid, source, index, "\n\n".join(piece), block_title, byline, block_date,
                           url, encoding)
            index += 1


def articles_from_text(text: str, source: str, *, stem: str | None = None, title: str = "",
                       date: str = "", url: str = "", encoding: str = "utf-8", split: bool = True,
                       first_index: int = 0, article_id: str | None = None,
                       repair: bool = True) -> list[Article]:
    """Turn one page of text into Articles (``split=False``: exactly one article, maybe cut when huge;
    ``repair=False``: paragraphs are never joined, for text whose blocks are explicit).

    ``title``/``date``/``url`` come from the container (JSONL, HTML) when known; ``article_id``
    fixes the id (JSONL), else ids are ``f"{stem}-{index}"``.

    >>> page = ("云溪县青石镇\\n\\n青石镇：小山村走上致富路\\n\\n本报记者 李青 2023年7月1日\\n\\n"
    ...         "今年以来，青石镇白马村新修道路3公里。\\n\\n村民收入持续增长。")
    >>> [(a.id, a.title, a.byline, a.date) for a in articles_from_text(page, "p/page.txt")]
    [('page-0', '青石镇：小山村走上致富路', '本报记者 李青 2023年7月1日', '2023-07-01')]
    >>> articles_from_text(page, "p/page.txt")[0].text.splitlines()[:3]
    ['云溪县青石镇', '', '青石镇：小山村走上致富路']
    """
    return list(iter_articles(text, source, stem=stem, title=title, date=date, url=url,
                              encoding=encoding, split=split, first_index=first_index,
                              article_id=article_id, repair=repair))


# ----------------------------------------------------------------- markdown

_MD_FENCE = re.compile(r"^\s*(```|~~~)")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_MD_RULE = re.compile(r"^\s*([-*_])(\s*\1){2,}\s*$")
_MD_INLINE = (
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),
    (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])"), r"\1"),
    (re.compile(r"`([^`]*)`"), r"\1"),
    (re.compile(r"<[^>\n]+>"), ""),
)
_MD_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_MD_TABLE_ROW = re.compile(r"^\s*\|(.*)\|\s*$")
_MD_BLOCK_PREFIX = re.compile(r"^\s{0,3}(?:>\s?)+|^\s*(?:[-*+]|\d+[.)])\s+")


def markdown_to_text(md: str) -> tuple[str, str, str]:
    """Plain text of a Markdown article, one block (paragraph, heading, list item, table row) per
    paragraph, with the title and date of its front matter or first heading.

    >>> markdown_to_text("---\\ntitle: 东湖街道简讯\\ndate: 2024-03-05\\n---\\n# 东湖街道简讯\\n\\n"
    ...                  "**东湖街道**新建[公园](http://x)\\n一座。\\n- 占地十亩")
    ('东湖街道简讯\\n\\n东湖街道新建公园一座。\\n\\n占地十亩', '东湖街道简讯', '2024-03-05')
    """
    lines = clean_text(md).split("\n")
    meta: dict[str, str] = {}
    if lines and lines[0].strip() == "---":
        for k in range(1, min(len(lines), 60)):
            if lines[k].strip() in ("---", "..."):
                for line in lines[1:k]:
                    key, sep, value = line.partition(":")
                    if sep:
                        meta[key.strip().lower()] = value.strip().strip("\"'")
                lines = lines[k + 1:]
                break
    blocks: list[str] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            blocks.append("".join(paragraph))
            paragraph.clear()

    title = meta.get("title", "")
    in_fence = False
    for line in lines:
        if _MD_FENCE.match(line):
            in_fence = not in_fence
            flush()
            continue
        if in_fence or not line.strip() or _MD_RULE.match(line) or _MD_TABLE_RULE.match(line):
            flush()
            if in_fence and line.strip():
                blocks.append(line.strip())
            continue
        row = _MD_TABLE_ROW.match(line)
        heading = _MD_HEADING.match(line)
        # Headings, list items, quotes and table rows stand alone; other lines wrap a paragraph.
        alone = bool(row or heading or _MD_BLOCK_PREFIX.match(line))
        if row:
            line = " | ".join(cell.strip() for cell in row[1].split("|"))
        elif heading:
            line = heading[1]
            if not title and not blocks and not paragraph:
                title = line
        line = _MD_BLOCK_PREFIX.sub("", line)
        for pattern, repl in _MD_INLINE:
            line = pattern.sub(repl, line)
        line = line.strip()
        if alone:
            flush()
            blocks.append(line)
        elif line:
            paragraph.append(_joiner(paragraph[-1], line) + line if paragraph else line)
    flush()
    return "\n\n".join(b for b in blocks if b), title, meta.get("date", "")


# --------------------------------------------------------------------- html

_HTML_NOISE = ("script", "style", "noscript", "template", "iframe", "svg", "canvas", "nav", "header",
               "footer", "aside", "form", "button", "select", "input", "textarea", "object", "embed",
               "menu", "dialog")
_HTML_BLOCKS = frozenset((
    "address", "article", "blockquote", "dd", "details", "div", "dl", "dt", "fieldset", "figcaption",
    "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li", "main", "ol", "p", "pre", "section",
    "table", "tr", "ul", "caption", "summary", "center"))
_HTML_CELLS = frozenset(("td", "th"))
_WS = re.compile(r"[ \t\r\n\f\v]+")
_HTML_DATE_META = ", ".join(f'meta[{a}="{v}"]' for a, v in (
    ("property", "article:published_time"), ("name", "publishdate"), ("name", "PubDate"),
    ("name", "pubdate"), ("itemprop", "datePublished"), ("name", "date")))
_TITLE_SEPARATORS = re.compile(r"\s+[-_|—–]+\s+|_|\|")


def _html_walk(root) -> str:
    """Text of a subtree, paragraphs on their own lines; iterative so deep nesting cannot overflow."""
    out: list[str] = []
    stack = [(root, False)]
    while stack:
        node, leaving = stack.pop()
        if node.is_text_node:
            out.append(_WS.sub(" ", node.text_content or ""))
            continue
        tag = node.tag
        if tag == "br":
            out.append("\n")
            continue
        if not node.is_element_node and not node.is_document_node:
            continue
        if tag in _HTML_BLOCKS:
            out.append("\n")
        if leaving:
            if tag in _HTML_CELLS:
                out.append(" | ")      # a table row stays one line, its cells apart
            continue
        stack.append((node, True))
        children = []
        child = node.child
        while child is not None:
            children.append(child)
            child = child.next
        stack.extend((c, False) for c in reversed(children))
    return "\n".join(line.strip(" |") for line in "".join(out).split("\n"))


def _html_container(tree):
    best, best_score = None, 0
    for candidate in tree.css("article, main, [role=main]"):
        score = len(candidate.text(strip=True))
        if score > best_score:
            best, best_score = candidate, score
    if best is not None:
        return best
    scores: Counter = Counter()
    nodes = {}
    for p in tree.css("p"):
        parent = p.parent
        if parent is not None:
            key = parent.mem_id
            nodes[key] = parent
            scores[key] += len(p.text(strip=True))
    if scores:
        key, score = scores.most_common(1)[0]
        if score >= 100:
            return nodes[key]
    return tree.body or tree.root


def html_to_text(html: str) -> tuple[str, str, str, str]:
    """Main text of an HTML page (navigation, scripts, styles dropped), its title, canonical URL
    and publication date (ISO, from the page's meta tags).

    >>> html_to_text("<title>东湖街道新闻 - 云溪网</title><nav>首页 政务</nav>"
    ...              '<meta property="article:published_time" content="2024-03-05T08:00:00+08:00">'
    ...              "<article><h1>东湖街道新建公园</h1><p>东湖街道新建公园一座。</p>"
    ...              "<script>alert(1)</script></article>")
    ('东湖街道新建公园\\n\\n东湖街道新建公园一座。', '东湖街道新建公园', '', '2024-03-05')
    """
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    title = ""
    node = tree.css_first("title")
    if node is not None:
        parts = [p.strip() for p in _TITLE_SEPARATORS.split(node.text(strip=True)) if p.strip()]
        title = parts[0] if parts else ""
    url = ""
    for selector, attr in (('link[rel="canonical"]', "href"), ('meta[property="og:url"]', "content")):
        node = tree.css_first(selector)
        if node is not None and (node.attributes.get(attr) or "").startswith(("http://", "https://")):
            url = node.attributes[attr] or ""
            break
    published = ""
    for node in tree.css(_HTML_DATE_META):
        published = parse_date(node.attributes.get("content") or "")
        if published:
            break
    tree.strip_tags(list(_HTML_NOISE))
    container = _html_container(tree)
    h1 = container.css_first("h1") or tree.css_first("h1")
    if h1 is not None and h1.text(strip=True):
        title = _WS.sub(" ", h1.text(strip=True))
    text = re.sub(r"\n{3,}", "\n\n", _html_walk(container)).strip()
    return text, title, url, published


# -------------------------------------------------------------------- files

def _read_bytes(path: Path, source: str) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", file=source) from None
    except IsADirectoryError:
        raise InputError("is a folder, not a file", file=source) from None
    except OSError as e:
        raise InputError(f"cannot read: {e.strerror or e}", file=source) from None


_HTML_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.I)


def _decode_html(data: bytes, source: str) -> tuple[str, str]:
    declared = _HTML_CHARSET.search(data[:4096])
    if declared:
        encoding = declared[1].decode("ascii").lower()
        encoding = "gb18030" if encoding in ("gb2312", "gbk", "gb_2312-80", "x-gbk") else encoding
        text = _decodes(data, encoding)
        if text is not None and not _binary_kind(data):
            return text, encoding
    return decode(data, source)


def iter_file(path: str | os.PathLike[str],
              data: bytes | None = None) -> Iterator[Article | InputError]:
    """Articles of one file, with an :class:`InputError` in place of each part that cannot be read
    (the whole file, or one bad JSONL line — the other lines are still read). ``data``: the
    file's bytes when the caller has read them already.

    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as d:
    ...     f = pathlib.Path(d, "feed.jsonl")
    ...     _ = f.write_text('{"id": "a1", "text": "白马村修路。"}\\n{"text": \\n', encoding="utf-8")
    ...     [getattr(x, "id", None) or x.message for x in iter_file(f)]
    ['a1', 'line 2: invalid JSON (Expecting value, column 9)']
    """
    source = os.fspath(path)
    p = Path(source)
    stem = p.stem
    try:
        if data is None:
            data = _read_bytes(p, source)
        suffix = p.suffix.lower()
        if suffix == ".jsonl":
            text, encoding = decode(data, source)
            yield from _iter_jsonl(text, source, stem, encoding)
            return
        if suffix in (".html", ".htm"):
            html, encoding = _decode_html(data, source)
            text, title, url, published = html_to_text(html)
            yield from iter_articles(text, source, stem=stem, title=title, url=url, date=published,
                                     encoding=encoding, split=False)
            return
        text, encoding = decode(data, source)
        del data
        if suffix in (".md", ".markdown"):
            text, title, when = markdown_to_text(text)
            yield from iter_articles(text, source, stem=stem, title=title, date=when, encoding=encoding,
                                     repair=False)
            return
        yield from iter_articles(text, source, stem=stem, encoding=encoding)
    except InputError as e:
        yield e


def _iter_jsonl(text: str, source: str, stem: str, encoding: str) -> Iterator[Article | InputError]:
    index = 0
    seen: set[str] = set()
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.strip().lstrip("\ufeff")
        if not line:
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as e:
            yield InputError(f"line {number}: invalid JSON ({e.msg}, column {e.colno})", file=source)
            continue
        except RecursionError:
            yield InputError(f"line {number}: JSON nested too deeply", file=source)
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            yield InputError(f"line {number}: expected an object with a string \"text\"", file=source)
            continue
        fields = {k: "" if record.get(k) is None else clean_text(str(record[k])).strip()
                  for k in ("title", "date", "url", "id", "source")}
        article_id = fields["id"] or f"{stem}-{number}"
        if article_id in seen:
            yield InputError(f"line {number}: duplicate id {article_id!r}", file=source)
            continue
        seen.add(article_id)
        url = fields["url"] or (fields["source"] if fields["source"].startswith(("http://", "https://")) else "")
        articles = list(iter_articles(record["text"], source, stem=stem, title=fields["title"],
                                      date=fields["date"], url=url, encoding=encoding, split=False,
                                      first_index=index, article_id=article_id))
        index += len(articles)
        yield from articles


def read_file(path: str | os.PathLike[str]) -> list[Article]:
    """All Articles of one file; raises the first :class:`InputError` (use :func:`iter_file`
    or :func:`read_paths` to keep the good lines of a JSONL file that has bad ones).

    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as d:
    ...     f = pathlib.Path(d, "qingshi.txt")
    ...     _ = f.write_bytes("青石镇召开党员大会。\\r\\n会议由镇党委书记主持。".encode("gbk"))
    ...     [(a.id, a.encoding, [s.text for s in a.sentences]) for a in read_file(f)]
    [('qingshi-0', 'gb18030', ['青石镇召开党员大会。', '会议由镇党委书记主持。'])]
    """
    out = []
    for item in iter_file(path):
        if isinstance(item, InputError):
            raise item
        out.append(item)
    return out


# A folder's own documentation is not one of its articles (named explicitly, it is read).
_NOT_ARTICLES = frozenset({"README", "LICENSE", "LICENCE", "CHANGELOG", "CHANGES", "NOTICE", "AUTHORS"})


def _folder_files(folder: Path) -> list[Path]:
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found += [Path(root, name) for name in files
                  if not name.startswith(".") and Path(name).suffix.lower() in TEXT_SUFFIXES
                  and Path(name).stem.upper() not in _NOT_ARTICLES]
    return sorted(found, key=lambda f: f.relative_to(folder).parts)


def read_paths(paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str]
               ) -> Iterator[Article | InputError]:
    """Articles of files and folders. A folder is read recursively in path order, taking its .txt
    .md .html .htm .jsonl files but not hidden ones nor README/LICENSE-like files; a file named
    explicitly is always read (as text when its extension is none of those). Each unreadable
    file or JSONL line is yielded as an InputError, then reading goes on.

    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as d:
    ...     _ = pathlib.Path(d, "a.txt").write_text("东湖街道开展义诊。", encoding="utf-8")
    ...     _ = pathlib.Path(d, "b.png").write_bytes(b"\\x89PNG\\r\\n\\x1a\\n")
    ...     _ = pathlib.Path(d, "c.txt").write_bytes(b"\\x89PNG\\r\\n\\x1a\\n")
    ...     [type(x).__name__ for x in read_paths([d])]
    ['Article', 'InputError']
    """
    for file in input_files(paths):
        if isinstance(file, InputError):
            yield file
        else:
            yield from iter_file(file)


def input_files(paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str]
                ) -> Iterator[str | os.PathLike[str] | InputError]:
    """The files :func:`read_paths` reads, in its order, with an InputError for each path
    that does not exist."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    for given in paths:
        p = Path(given)
        if p.is_dir():
            yield from _folder_files(p)
        elif p.exists():
            yield given
        else:
            yield InputError("no such file or folder", file=os.fspath(given))
