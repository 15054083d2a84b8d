"""Honour titles (``Honor`` mentions) recognised by how reports list them.

Chinese governance reports name honours in a few fixed shapes:

- after a conferring cue: 白马村被评为全国文明村 / 荣获“省级卫生乡镇”称号 / 先后获评…;
- before a closing cue: A、B、C等荣誉称号 / A、B……一系列荣誉接踵而至;
- as a quoted title followed by 称号 (授予青石镇“平安乡镇”称号), or after a conferring
  unit (江南省“文明村镇”).

An enumeration is split at 、，； and between adjacent quoted titles (“甲”“乙”); quote
marks inside one item are typography, so 云溪县“平安建设先进乡镇” is ONE title, named
云溪县平安建设先进乡镇. Every item must still look like a title (its tail: 先进单位,
示范村, 文明村镇, …奖, …星); the walk stops at the first item that does not, which is
what keeps 干劲更加充足，A、B等荣誉 from taking the clause before the list.

The conferring prefix stays in the name and gives the ``level`` (national … town) and the
``conferrer`` as written; a year (2023年度…) goes to ``year``. Personal titles (先进个人,
优秀共产党员) are kept as honours with ``("holder", "person")`` so relation rules can
leave them out of receivedHonor.
"""
from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterator
from functools import cache
from typing import NamedTuple

from .. import gazetteer, lexicons
from ..model import Article, Mention
from . import skipping

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff"
# Typography, never part of a name: quotes, book-title marks, spaces, Markdown emphasis.
_MARKS = re.compile(r"[“”‘’「」『』《》\"'\s\u3000*]")
_OPEN = "“「『‘"
_CLOSE = "”」』’"
MAX_TITLE = 40
# A fully quoted item after a weak cue that ends with a holder word is a title from this
# length on; shorter ones are unit names (入选“白沙镇”).
_QUOTED_TITLE_MIN = 6
# The longest stretch an enumeration of titles is looked for in, either side of its cue.
LIST_REACH = 600
# No real enumeration holds more titles; the caps keep degenerate text (a cue repeated
# thousands of times without punctuation) linear.
MAX_ITEMS = 24
MAX_TITLE_ENDS = 8

# ── what a title ends with, and the cues (words from kg/lexicons/honours.toml) ─────────
# Some pieces need context a word list cannot say: 星 but not 之星 (a person), 获 but not
# 获悉/收获, 获得 but not 获得感.
# 农业示范区（三星级） / 示范区三星级: a park's star grade written after its title.
_STANDALONE_PATTERNS = r"(?<!之)星|(?<=区)[（(]?[一二三四五]星级[）)]?"
_WEAK_PATTERNS = ("获得(?!感|者)|"
                  "(?<![收查缴捕俘斩破截猎荣喜摘擒])获(?![得悉批取益利救胜知评授奖释])")
_STRONG_PATTERNS = r"(?:荣誉称号|荣誉|称号)(?:有|包括)?[:：]"


class _Lexicon(NamedTuple):
    strict_tail: re.Pattern
    loose_tail: re.Pattern
    bare_kind: re.Pattern
    personal: re.Pattern
    not_titles: frozenset
    forward: re.Pattern
    future: re.Pattern
    quoted_title: re.Pattern
    list_heading: re.Pattern
    bare_heading: re.Pattern
    heading_ends: frozenset       # the last characters a list heading can have
    list_lead: re.Pattern
    published: re.Pattern
    assignment: re.Pattern


@lexicons.per_configuration
def _lexicon() -> _Lexicon:
    """The honour regexes compiled from the lexicon in effect."""
    def words(key: str) -> str:
        return lexicons.alternation("honours", key)
    holder, standalone = words("holders"), f"{words('standalone_tails')}|{_STANDALONE_PATTERNS}"
    return _Lexicon(
        strict_tail=skipping.compile(rf"(?:{words('qualifiers')}{holder}|{standalone})$"),
        # After a strong cue (被评为, 荣获) any holder word ends a title: 被评为省级森林乡村.
        loose_tail=skipping.compile(rf"(?:{holder}|{standalone})$"),
        bare_kind=re.compile(rf"(?:示范|先进|优秀|模范){holder}"),
        personal=re.compile(rf"{words('personal_tails')}$"),
        not_titles=frozenset(lexicons.words("honours", "not_titles")),
        forward=skipping.compile(rf"(?P<strong>{words('strong_cues')}|{_STRONG_PATTERNS})"
                                 rf"|(?P<weak>{words('weak_cues')}|{_WEAK_PATTERNS}|"
                                 rf"成为{words('first_of_kind')}|成为(?=第[一二三四五六七八九十\d]+批))"),
        future=re.compile(rf"{words('future_markers')}[^，,。；;！!？?\n]{{0,3}}$"),
        quoted_title=re.compile(rf"[“「『]([^“”「」『』\n]{{2,40}})[”」』](?={words('title_objects')})"),
        # 公布…名单 / 认定…等6个乡镇为… / 不再保留…称号 name an honour after them.
        published=re.compile(
            rf"(?:{words('publishing_cues')})(?:关于)?(?:\d{{4}}年度?)?"
            r"(?=[^，,。；;\n]{3,40}?(?:名单|名录|评定结果|榜单))"
            rf"|(?:{words('conferring_verbs')})[^，,。；;\n]{{0,40}}?等?[\d一二三四五六七八九十百]+个"
            rf"[^为，,。；;\n]{{0,8}}为|(?:{words('conferring_verbs')})[^，,。；;为\n]{{2,24}}为"
            rf"|{words('revoking_cues')}"),
        assignment=re.compile(words("assignment_words")),
        list_heading=re.compile(rf"{words('list_headings')}[:：]?\s*$"),
        bare_heading=re.compile(rf"^[^，,。；;！!？?]{{0,16}}(?:{words('bare_headings')})[:：]?\s*$"),
        heading_ends=frozenset({":", "："}.union(w[-1] for key in ("list_headings", "bare_headings")
                                                 for w in lexicons.words("honours", key))),
        list_lead=re.compile(rf"^(?:[\s▲●■◆★☆·•\-—*]|\d{{1,2}}[.、．)）]|[（(]\d{{1,2}}[)）]|"
                             rf"\d{{4}}\s*年度?|{words('list_line_leads')})+"))


# A title never holds a verb phrase or a sentence particle.
_NOT_IN_TITLE = re.compile(r"[了着呢吗吧啊]|我们|他们|更加|得到|受到|正在|已经|通过|进行|积极|不断|持续|"
                           r"以上|以下|之一|左右|殊荣|荣誉(?!称号)|^[此该这其本]|正向|冲刺|力争|争创|"
                           r"突破|\d+个|今年|去年|手捧|捧回")
_BACKWARD = re.compile(
    r"(?:等|……|…|\.{3,6})\s*(?:多项|多个|一系列|系列|一连串|一长串|一项项|诸多|众多|一批|各类|各项|"
    r"省级|国家级|市级|县级)?"
    r"(?:荣誉称号|荣誉奖项|荣誉|称号|奖项|殊荣|奖励|表彰)"
    r"|(?:荣誉|称号|奖项|殊荣)(?=纷至沓来|纷纷而来|接踵而至|纷纷而至|收入囊中)")

# ── list walking ────────────────────────────────────────────────────────────────────────
# An item is capped: a longer run is cut, and the piece after the cut has no joint, which
# ends any list walk there.
_ITEM = re.compile(r"(?:“[^“”\n]{0,40}”|「[^「」\n]{0,40}」|『[^『』\n]{0,40}』|‘[^‘’\n]{0,40}’|"
                   r"\"[^\"\n]{0,40}\"|[^、，,；;。！？!?\n“”「」『』‘’\"…]){1,64}")
_JOINT = re.compile(r"[、，,”」』’\"]")
_ADJACENT_QUOTES = re.compile(r"(?<=[”」』’\"])(?=[“「『‘\"])")
_CLAUSE_END = re.compile(r"[。！？!?；;]|\n")
_SEPARATOR_BEFORE_BREAK = re.compile(r"[、，,]\s*$")
_LEAD = re.compile(r"^(?:\s|了|过|为|的|:|：)*")
_TRAILER = re.compile(r"(?:[”」』’\"]|[:：]|称号|荣誉|等|的|并|后|以来|之后|和|及|与|再|又|也|还|名单|榜单|名录|候选|拟命名|拟认定|啦|呀|哦|[(（]|"
                      r"行列|…|\.{2,}|\s)")
_LIST_JOINTS = ("、", "”“")
_COMMAS = ("，", ",")
_TRAILER_AT = re.compile(rf"(?={_TRAILER.pattern})")
_CONJUNCTION = re.compile(r"以及|和|及|与")
_YEAR = re.compile(r"^(?P<year>\d{4}(?:\s*[-—~至到]\s*\d{4})?)年度?")
# 全县2021年度招商引资三等奖: the year written after a level word.
_YEAR_AFTER_LEVEL = re.compile(r"^(?:全国|全省|全市|全县|全区|全镇|省级|市级|县级|区级)"
                               r"(?P<year>\d{4}(?:\s*[-—~至到]\s*\d{4})?)年度?")
_BATCH = re.compile(r"^(?:第[一二三四五六七八九十\d]+[批届](?:次)?|首批|首届)")
_SPACE = re.compile(r"\s")
_ALL_HAN = re.compile(rf"[{_HAN}]+")
_YEAR_BEFORE_CUE = re.compile(r"(\d{4})年度?[^\d，,。、；;]{0,5}$")


class SpanSet:
    """Non-overlapping spans with logarithmic overlap and cover tests (bulk text holds
    thousands of candidates; a pairwise check would be quadratic).

    >>> spans = SpanSet(); spans.add(2, 5); spans.add(8, 9)
    >>> spans.overlapping(4, 8), spans.overlapping(5, 8), spans.covers(3, 5), spans.covers(3, 6)
    ((2, 5), None, True, False)
    """

    def __init__(self) -> None:
        self._spans: list[tuple[int, int]] = []

    def overlapping(self, start: int, end: int) -> tuple[int, int] | None:
        i = bisect_left(self._spans, (end,)) - 1
        return self._spans[i] if i >= 0 and self._spans[i][1] > start else None

    def covers(self, start: int, end: int) -> bool:
        i = bisect_right(self._spans, (start, math.inf)) - 1
        return i >= 0 and self._spans[i][1] >= end

    def add(self, start: int, end: int) -> None:
        insort(self._spans, (start, end))


def strip_marks(text: str) -> str:
    """A name as written, without quote marks, book-title marks and spaces.

    >>> strip_marks('江南省“文明村镇” ')
    '江南省文明村镇'
    """
    return _MARKS.sub("", text)


@lexicons.per_name
def is_title(name: str, *, strong: bool = False) -> bool:
    """Whether ``name`` (quote marks removed) reads as an honour title.

    ``strong`` is for items right after 被评为 / 荣获 or before 等荣誉, where any holder
    word (…村, …单位) ends a title; otherwise the tail must pair a qualifier with a
    holder (先进+单位, 文明+村镇) or be a title on its own (…奖, …星).

    >>> is_title("云溪县平安建设先进乡镇"), is_title("青石镇"), is_title("青石镇", strong=True)
    (True, False, True)
    >>> is_title("一系列荣誉"), is_title("干劲更加充足")
    (False, False)
    """
    lex = _lexicon()
    bare = _BATCH.sub("", _YEAR.sub("", name))
    if not 3 <= len(bare) <= MAX_TITLE or bare in lex.not_titles or _NOT_IN_TITLE.search(bare) \
            or lex.assignment.search(bare):
        return False
    if not strong and "的" in bare:
        return False  # 获此殊荣的文明村: a description, not a title
    if lex.bare_kind.fullmatch(bare):
        return False  # 示范社区 alone is an ellipsis of a title named just before
    return bool((lex.loose_tail if strong else lex.strict_tail).search(bare))


def _quoted_whole(raw: str) -> bool:
    raw = raw.strip()
    return len(raw) > 2 and raw[0] in _OPEN + '"' and raw[-1] in _CLOSE + '"' and \
        not any(c in raw[1:-1] for c in _OPEN + _CLOSE)


@lexicons.per_name
def _valid(raw: str, strong: bool) -> bool:
    """A title by its tail; after a strong cue also any fully quoted item (荣获“最美乡村”);
    after a weak one a fully quoted item any holder word ends (入选“江南省特色精品村”)."""
    name = strip_marks(raw)
    if is_title(name, strong=strong):
        return True
    if _quoted_whole(raw) and len(name) >= _QUOTED_TITLE_MIN and is_title(name, strong=True):
        return True  # long enough not to be a unit's own name (“白沙镇”)
    return strong and _quoted_whole(raw) and 3 <= len(name) <= MAX_TITLE and \
        name not in _lexicon().not_titles and not _NOT_IN_TITLE.search(name)


def _close_quote(raw: str, end: int) -> int:
    """Take a closing quote right after ``end`` when the title opened one."""
    opened = sum(raw[:end].count(c) for c in _OPEN) - sum(raw[:end].count(c) for c in _CLOSE)
    if opened > 0 and end < len(raw) and raw[end] in _CLOSE:
        return end + 1
    return end


def title_span(raw: str, strong: bool) -> tuple[int, int] | None:
    """Where the title lies inside one list item, trailing words (称号, 等荣誉, 并…) cut off.

    >>> raw = "“全国文明村”称号"
    >>> s, e = title_span(raw, True); raw[s:e]
    '“全国文明村”'
    >>> title_span("群众好评", True) is None
    True
    """
    start = len(_LEAD.match(raw).group(0))
    body = raw[start:start + MAX_TITLE + 12]  # a longer item holds no title at its start
    stripped = body.rstrip()
    if stripped and _valid(stripped, strong):
        return start, start + len(stripped)
    ends = sorted({m.start() for m in _TRAILER_AT.finditer(body) if m.start() > 1}, reverse=True)
    for end in ends[:MAX_TITLE_ENDS]:
        if _valid(body[:end], strong):
            return start, start + _close_quote(body, end)
    return None


def _split_conjunction(raw: str, strong: bool) -> list[tuple[int, int]]:
    """全国文明村和省级卫生村 is two titles; 征迁安置和信访维稳工作先进单位 is one."""
    for m in _CONJUNCTION.finditer(raw):
        left, right = raw[:m.start()], raw[m.end():]
        if is_title(strip_marks(left)) and _valid(right, strong) and is_title(strip_marks(right)):
            return [(0, m.start()), (m.end(), len(raw))]
    return [(0, len(raw))]


def _segments(norm: str, start: int, end: int) -> Iterator[tuple[int, int, str]]:
    """List items in ``norm[start:end]`` as (start, end, joint before it), lazily."""
    prev = start
    for m in _ITEM.finditer(norm, start, end):
        joint = norm[prev:m.start()].strip()
        cuts = [m.start()] + [m.start() + c.start() for c in _ADJACENT_QUOTES.finditer(m.group())
                              if 0 < c.start() < len(m.group())] + [m.end()]
        for i, (a, b) in enumerate(zip(cuts, cuts[1:])):
            yield a, b, joint if i == 0 else "”“"
        prev = m.end()


def _clause_end(norm: str, pos: int, reach: int = LIST_REACH) -> int:
    """End of the clause from ``pos`` (at most ``reach`` on); a line break after 、 or ，
    does not end a list."""
    for m in _CLAUSE_END.finditer(norm, pos, min(len(norm), pos + reach)):
        if m.group() == "\n" and _SEPARATOR_BEFORE_BREAK.search(norm, max(pos, m.start() - 8),
                                                                m.start()):
            continue
        return m.start()
    return min(len(norm), pos + reach)


def _clause_start(norm: str, pos: int, reach: int = LIST_REACH) -> int:
    lo = max(0, pos - reach)
    start = lo
    for m in _CLAUSE_END.finditer(norm, lo, pos):
        if m.group() == "\n" and _SEPARATOR_BEFORE_BREAK.search(norm, max(lo, m.start() - 8),
                                                                m.start()):
            continue
        start = m.end()
    return start


def _titles_in(norm: str, a: int, b: int, strong: bool) -> tuple[list[tuple[int, int]], bool]:
    """Titles in one item and whether the item is nothing but them."""
    raw = norm[a:b]
    span = title_span(raw, strong)
    if span is None:
        return [], False
    s, e = span
    whole = not raw[e:].strip()
    return [(a + s + x, a + s + y) for x, y in _split_conjunction(raw[s:e], strong)], whole


def forward_list(norm: str, pos: int, strong: bool) -> list[tuple[int, int]]:
    """Titles listed from ``pos`` (just after a cue such as 荣获) to the end of the list.

    Items joined by 、 or by adjacent quotes keep the cue's strength; an item after a
    comma must read as a title on its own.

    >>> text = "先后荣获全国文明村镇、省级卫生乡镇等称号，受到好评。"
    >>> [text[s:e] for s, e in forward_list(text, 4, True)]
    ['全国文明村镇', '省级卫生乡镇']
    """
    found: list[tuple[int, int]] = []
    for i, (a, b, joint) in enumerate(_segments(norm, pos, _clause_end(norm, pos))):
        if i == MAX_ITEMS or (i == 0 and norm[pos:a].strip()):
            break
        if i > 0 and (joint not in _LIST_JOINTS + _COMMAS or _lexicon().forward.search(norm, a, b)
                      or _lexicon().published.search(norm, a, b)):
            break
        titles, whole = _titles_in(norm, a, b, strong and (i == 0 or joint in _LIST_JOINTS))
        if not titles:
            break
        found.extend(titles)
        if not whole:
            break
    return found


def backward_list(norm: str, end: int) -> list[tuple[int, int]]:
    """Titles listed before ``end`` (where 等荣誉 / ……一系列荣誉 begins), nearest first.

    The walk stops at the clause start, at a forward cue inside an item (该镇先后荣获…),
    or at the first item that is not a title.

    >>> text = "干劲更加充足，江南省文明村镇、云溪县“平安建设先进乡镇”等荣誉接踵而至。"
    >>> [text[s:e] for s, e in backward_list(text, text.index("等"))]
    ['云溪县“平安建设先进乡镇”', '江南省文明村镇']
    """
    found: list[tuple[int, int]] = []
    start = _clause_start(norm, end)
    near = max(start, end - MAX_TITLE - 12)
    if near > start and not _JOINT.search(norm, near, end):
        return found  # the item against the cue is longer than any title
    segments = list(_segments(norm, start, end))[-MAX_ITEMS:]
    if not segments or norm[segments[-1][1]:end].strip():
        return found
    strong = True
    for a, b, joint in reversed(segments):
        cue = None
        for cue in _lexicon().forward.finditer(norm, a, b):
            pass
        if cue is not None:
            a = cue.end()
        titles, whole = _titles_in(norm, a, b, strong)
        if not titles or not whole:
            break
        found.extend(reversed(titles))
        if cue is not None or joint not in _LIST_JOINTS + _COMMAS:
            break
        strong = joint in _LIST_JOINTS
    return found


# ── level and conferrer ─────────────────────────────────────────────────────────────────
_LEVEL_WORDS = (
    (re.compile(r"^(?:全国|国家级|国家|中国|中华|中央)"), "national"),
    (re.compile(r"^(?:省级|全省|省委|省政府)"), "province"),
    (re.compile(r"^(?:市级|全市|地市级|市委|市政府)"), "city"),
    (re.compile(r"^(?:县级|区级|全县|全区|县委|区委|县政府|区政府)"), "county"),
    (re.compile(r"^(?:镇级|乡级|全镇|全乡|街道级)"), "town"),
)
_UNIT_SUFFIX = re.compile(
    rf"^([{_HAN}]{{2,7}}?)(自治区|自治州|自治县|特别行政区|省|市|州|盟|地区|区|县|旗|街道|镇|乡)")
# Words ending in a unit suffix that are not units (城市, 社区), and title words a place
# name never contains, so 平安乡镇 / 文明城市 are not read as 平安乡 / 文明城市.
_NOT_UNIT = re.compile(r"(?:社区|小区|园区|景区|城区|市区|片区|街区|校区|山区|库区|灾区|牧区|老区|"
                       r"示范区|开发区|城市|都市|超市|集市|县城|乡镇|村镇|城镇|乡村)$")
_LEVEL_OF_SUFFIX = {"省": "province", "自治区": "province", "特别行政区": "province",
                    "市": "city", "州": "city", "盟": "city", "地区": "city", "自治州": "city",
                    "区": "county", "县": "county", "旗": "county", "自治县": "county",
                    "街道": "town", "镇": "town", "乡": "town"}
# A suffix character that starts a word with the next one (秀美乡村, 市场监管) ends no name.
_SUFFIX_WORD = re.compile(r"乡[村镇土风贤情]|镇[村域]|县[城域区]|市[容场民域县]|区[域县]|州[府]|省[内外]")
_LEVEL_RANK = {"": 0, "national": 1, "province": 2, "city": 3, "county": 4, "town": 5}
_UNIT_SUFFIX_CHAR = re.compile(r"[省市州盟区县旗镇乡]")
_WHOLE_UNIT = re.compile(r"全[省市县区镇乡]")
_LEVEL_OF_DIVISION = {1: "province", 2: "city", 3: "county", 4: "town"}


@lexicons.per_configuration
def _not_place() -> re.Pattern:
    return skipping.compile(rf"{lexicons.alternation('honours', 'qualifiers')}|工作|建设|发展|管理|"
                            r"服务|[省市县区镇乡]")


@cache
def _short_names() -> dict[str, int]:
    return {short: d.level for short, d in gazetteer.short_names().items()}


def _official_prefix(name: str) -> tuple[str, str] | None:
    """The longest official province, city or county name that begins ``name`` (towns are
    left to the suffix rule: too many town names are words, 平安乡, 城关镇)."""
    for n in range(min(len(name) - 3, 12), 1, -1):
        found = [d for d in gazetteer.by_name(name[:n]) if d.level <= 3]
        if found:
            return name[:n], _LEVEL_OF_DIVISION[min(d.level for d in found)]
    return None


def _short_prefix(name: str) -> tuple[str, str] | None:
    """A unique short form (洛阳 for 洛阳市) that begins ``name`` and is not itself the
    start of a longer unit name (江南省 is not 江南 + 省…)."""
    for n in range(min(len(name) - 3, 8), 1, -1):
        level = _short_names().get(name[:n])
        if level is not None and not _UNIT_SUFFIX_CHAR.match(name, n):
            return name[:n], _LEVEL_OF_DIVISION[level]
    return None


def _suffix_prefix(name: str) -> tuple[str, str] | None:
    m = _UNIT_SUFFIX.match(name)
    if m is None or len(name) - m.end() < 3 or _NOT_UNIT.search(m.group(0)) \
            or _not_place().search(m.group(1)) or _SUFFIX_WORD.match(name, m.end() - 1):
        return None
    return m.group(0), _LEVEL_OF_SUFFIX[m.group(2)]


def conferrer(name: str) -> tuple[str, str, str]:
    """(level, conferring unit as written, rest of the title) read from the title's start.

    Official names come from the gazetteer (a short form such as 洛阳 counts when the
    gazetteer knows it); unknown names by their suffix (江南省, 云溪县). The innermost unit
    of a chain confers (江南省云溪县… → 云溪县).

    >>> conferrer("江南省云溪县平安建设先进乡镇")
    ('county', '云溪县', '平安建设先进乡镇')
    >>> conferrer("全国文明村镇")
    ('national', '', '文明村镇')
    >>> conferrer("平安乡镇建设先进单位")
    ('', '', '平安乡镇建设先进单位')
    >>> conferrer("云溪市市场监管先进单位")[1]
    '云溪市'

    """
    for pattern, level in _LEVEL_WORDS:
        m = pattern.match(name)
        if m:
            return level, "", name[m.end():]
    level, unit, rest = "", "", name
    while (found := _official_prefix(rest) or _suffix_prefix(rest) or _short_prefix(rest)):
        if _LEVEL_RANK[found[1]] <= _LEVEL_RANK[level]:
            break  # a chain goes down (江南省云溪县); 云溪市 + 街长制市… is no chain
        unit, level = found
        rest = rest[len(unit):]
    return level, unit, rest


# ── mentions ────────────────────────────────────────────────────────────────────────────

def _mention(norm: str, start: int, end: int, year: str = "") -> Mention | None:
    raw = norm[start:end]
    name = strip_marks(raw)
    m = _YEAR.match(name) or _YEAR_AFTER_LEVEL.match(name)
    if m:
        year = year or _SPACE.sub("", m.group("year"))
        name = name[:m.start("year")] + name[m.end():]
    batch = _BATCH.match(name)
    bare = name[batch.end():] if batch else name
    if not 3 <= len(bare) <= MAX_TITLE or bare in _lexicon().not_titles:
        return None
    level, unit, rest = conferrer(bare)
    # 第一批 and 第二批 of a title are two honours, and neither is the title written alone
    # (a candidate list, a later batch): the bare title is no alias of them.
    attrs: list[tuple[str, str]] = []
    if level:
        attrs.append(("level", level))
    if unit:
        attrs.append(("conferrer", unit))
    if year:
        attrs.append(("year", year))
    if rest != name and len(rest) >= 3 and (unit or _WHOLE_UNIT.match(name)):
        attrs.append(("alias", rest))
    if name.endswith("提名") and len(name) > 5:
        attrs.append(("alias", name[:-2]))  # 获“…”提名: the nomination, known by the title
    if _lexicon().personal.search(name):
        attrs.append(("holder", "person"))
    return Mention("Honor", name, start, end, tuple(attrs))


def _year_before(norm: str, pos: int) -> str:
    m = _YEAR_BEFORE_CUE.search(norm, max(0, pos - 12), pos)
    return m.group(1) if m else ""


def _after_cues(norm: str) -> Iterator[tuple[int, int, str]]:
    lex = _lexicon()
    for cue in lex.forward.finditer(norm):
        if lex.future.search(norm, max(0, cue.start() - 8), cue.start()):
            continue  # 力争创成…: a goal, not an honour
        if norm.startswith("的", cue.end()):
            continue  # 同时获评的还有…: the cue describes the units after it, names no title
        year = _year_before(norm, cue.start())
        for s, e in forward_list(norm, cue.end(), cue.lastgroup == "strong"):
            yield s, e, year


def published_lists(norm: str) -> Iterator[tuple[int, int, str]]:
    """The honour an official list names: 公布第六批江南省历史名村名录 / 认定…等6个乡镇为
    第二批江南省乡村治理示范乡镇 / 不再保留…称号. A list of 善治示范村镇 titles names two
    honours (the 村 and the 镇 one; lexicon key split_list_titles), so it is none itself.

    >>> text = "江南省公布第六批江南省历史名村名录，青岩村被列入其中。"
    >>> [text[s:e] for s, e, _ in published_lists(text)]
    ['第六批江南省历史名村名录']
    """
    split = re.compile(lexicons.alternation("honours", "split_list_titles") + "$")
    for cue in _lexicon().published.finditer(norm):
        for s, e in forward_list(norm, cue.end(), True):
            if not split.search(strip_marks(norm[s:e])):
                yield s, e, _year_before(norm, cue.end())


def _before_cues(norm: str) -> Iterator[tuple[int, int, str]]:
    for cue in _BACKWARD.finditer(norm):
        if not _lexicon().loose_tail.search(strip_marks(norm[max(0, cue.start() - 12):cue.start()])):
            continue  # the item against the cue must end like a title; skip the list walk
        for s, e in backward_list(norm, cue.start()):
            yield s, e, ""


_RECIPIENT_CUE = re.compile(r"(?:授予|命名|表彰)$")
_LEVEL_BEFORE_QUOTE = re.compile(r"(?:全国|国家级|省级|市级|县级|区级|全省|全市|全县|全区)$")
_CONFERRING_LEVELS = ("national", "province", "city", "county")


_UNIT_AT_END = re.compile(rf"(?:自治区|自治州|自治县|省|市|州|盟|区|县|旗)$")


def _unit_ending_at(norm: str, pos: int) -> int | None:
    """Start of a province/city/county name that ends at ``pos``: the longest official
    name, else the shortest ``X省/X市/X县…`` with a 2–5 character X."""
    for n in range(min(12, pos), 1, -1):
        found = gazetteer.by_name(norm[pos - n:pos])
        if found and min(d.level for d in found) <= 3:
            return pos - n
    for n in range(3, min(8, pos) + 1):
        head = norm[pos - n:pos]
        suffix = _UNIT_AT_END.search(head)
        if suffix and _ALL_HAN.fullmatch(head) and len(head) - len(suffix.group()) >= 2 \
                and not _NOT_UNIT.search(head) and not _not_place().search(head[:suffix.start()]):
            return pos - n
    return None


def _conferring_prefix(norm: str, quote: int) -> int:
    """Start of the conferring unit written against a quoted title (全县“…”, 江南省“…”),
    or ``quote`` itself. A unit right after 授予 receives the title, it does not confer it.

    >>> _conferring_prefix("荣获江南省“文明村镇”称号", 5), _conferring_prefix("授予云溪县“平安县”称号", 5)
    (2, 5)
    """
    m = _LEVEL_BEFORE_QUOTE.search(norm, max(0, quote - 3), quote)
    if m:
        return m.start()
    start = _unit_ending_at(norm, quote)
    if start is None or _RECIPIENT_CUE.search(norm, max(0, start - 2), start):
        return quote
    return start


def _quoted_with_title_word(norm: str) -> Iterator[tuple[int, int, str]]:
    """授予青石镇“平安乡镇”称号: a quoted title right before 称号, with its conferring
    prefix when one is written against the quote."""
    for m in _lexicon().quoted_title.finditer(norm):
        if _valid(m.group(0), True):
            yield _conferring_prefix(norm, m.start()), m.end(), ""


_LINE = re.compile(r"[^\n]*")
_LINE_END = re.compile(r"[；;。，,]\s*$")


def listed_lines(norm: str) -> Iterator[tuple[int, int, str]]:
    r"""Honours one a line under a heading (岩松村近年所获荣誉 / （四）获得的荣誉), each line
    led by a bullet, a number, a year or 连续两年; the list ends at the first line that is
    not a title (blank lines aside).

    >>> text = "白沙村近年所获荣誉\n▲ 2019年 江南省生态示范乡村\n▲ 连续两年 云溪县“先锋党支部”\n来源：云溪发布"
    >>> [text[s:e] for s, e, _ in listed_lines(text)]
    ['江南省生态示范乡村', '云溪县“先锋党支部”']

    A cue closing its line with a colon (先后荣获：) heads a list as well; a verb-less
    heading (白沙村荣誉) only year-led lines.

    >>> text = "白沙村先后荣获：\n市级文明村\n全区平安示范村\n白沙村荣誉\n2020年 江南省森林乡村"
    >>> [text[s:e] for s, e, _ in listed_lines(text)]
    ['市级文明村', '全区平安示范村', '江南省森林乡村']
    """
    lex = _lexicon()
    lines = [m for m in _LINE.finditer(norm) if m.end() > m.start() or m.start() < len(norm)]
    for i, heading in enumerate(lines):
        # A long line that cannot end as a heading is passed by one test, not by the four
        # searches below, each a scan of the whole line.
        if len(heading.group()) > 40 and heading.group().rstrip()[-1:] not in lex.heading_ends:
            continue
        # 先后荣获： — a cue ending its line with a colon announces the list as a heading does
        named = lex.list_heading.search(heading.group()) or _cue_colon().search(heading.group())
        # 连续四年荣获青川县“明星村”称号 / 白沙村荣誉 then 2014年… lines: only year-led lines follow
        if not named and not lex.bare_heading.search(heading.group()) and not (
                len(heading.group()) <= 40 and lex.forward.search(heading.group())
                and not _SENTENCE_INSIDE.search(heading.group())):
            continue
        for line in lines[i + 1:i + 1 + MAX_ITEMS]:
            text = line.group()
            if not text.strip():
                continue
            if not named and not _YEAR_LED.match(text):
                break
            lead = lex.list_lead.match(text)
            start = line.start() + (lead.end() if lead else 0)
            end = line.start() + len(_LINE_END.sub("", text).rstrip())
            if lex.forward.match(norm, start):
                break  # 获评…: the cue rules take the line
            raw = norm[start:end]
            if end - start < 3 or not _valid(raw, True) or not is_title(strip_marks(raw)):
                break
            year = lead and _YEAR_IN_LEAD.search(lead.group())
            yield start, end, year.group(1) if year else ""


_YEAR_IN_LEAD = re.compile(r"(\d{4})\s*年")


@lexicons.per_configuration
def _cue_colon() -> re.Pattern:
    return re.compile(rf"(?:{lexicons.alternation('honours', 'strong_cues')})[:：]\s*$")
_UNIT_COLON_LINE = re.compile(
    rf"^[\s▲●■◆★☆·•\-—*\d.、]*[{_HAN}]{{1,12}}?(?:村|镇|乡|街道|社区|嘎查|苏木|县|区|市)[：:]\s*"
    r"(?P<t>[^：:\n]{3,40}?)\s*(?:[（(][^）)\n]{1,12}[）)])?\s*[；;。]?\s*$", re.M)


# What a colon line's pattern needs: without one, the lazy search over the text is skipped.
_HAS_COLON = re.compile("[:：]")
_APPOSED = re.compile(rf"(?:^|(?<=[，,。；;：:\n]))(?:据悉|据了解|其中)?[，,]?(?P<t>[^，,。；;：:\n—]{{3,40}}?)"
                      rf"——(?=[{_HAN}]{{2,24}}?(?:村|镇|乡|街道|社区|嘎查))", re.M)


def apposed_titles(norm: str) -> Iterator[tuple[int, int, str]]:
    """A title set against its holder by a dash: 首批江南省善治示范村——青川县白沙镇梅岭村.

    >>> text = "据悉，首批江南省善治示范村——青川县白沙镇梅岭村，今年复核合格。工作情况——白沙村"
    >>> [text[s:e] for s, e, _ in apposed_titles(text)]
    ['首批江南省善治示范村']
    """
    if "——" not in norm:
        return  # the dash is what the (slow, lazily repeating) pattern needs
    for m in _APPOSED.finditer(norm):
        if is_title(strip_marks(m.group("t"))):
            yield m.start("t"), m.end("t"), ""


def unit_colon_lines(norm: str) -> Iterator[tuple[int, int, str]]:
    r"""A list line naming a unit and its honour: ★ 白水村：全国“一乡一业”示范村（茶叶）.
    The title must end like one on its own (no cue says it is an honour).

    >>> text = "★ 白水村：全国“一乡一业”示范村（茶叶）\n白沙镇：全力抓好秋收"
    >>> [text[s:e] for s, e, _ in unit_colon_lines(text)]
    ['全国“一乡一业”示范村']
    """
    if not _HAS_COLON.search(norm):
        return
    for m in _UNIT_COLON_LINE.finditer(norm):
        if is_title(strip_marks(m.group("t"))):
            yield m.start("t"), m.end("t"), ""
_YEAR_LED = re.compile(r"^[\s▲●■◆★☆·•\-—*]*\d{4}\s*年")
# A notice's section heading: 一、第二批市级美丽乡村示范村名单 (the number optional; a
# …名录 is a title of its own, a year-led line a list item).
SECTION_HEADING = re.compile(
    r"^[ \t\u3000]*(?:[一二三四五六七八九十\d]{1,3}[、.．]|[（(][一二三四五六七八九十\d]{1,3}[)）])?"
    r"[ \t\u3000]*(?P<t>(?!\d)[^，,。；;：:、\n]{3,44}?)名单[ \t\u3000]*[:：]?[ \t\u3000]*$", re.M)


# A title, then a colon and the units that hold it: 表彰全镇乡村振兴先进村：双河村、富民村.
_TITLE_CLAUSE_MARKS = "，,。；;\n"
COLON_TITLE = re.compile(rf"(?:^|(?<=[{_TITLE_CLAUSE_MARKS}]))[ \t\u3000]*(?P<t>[^，,。；;：:、\n]{{3,44}}?)(?:名单)?[:：]"
                         rf"(?=[ \t\u3000]*[{_HAN}]{{2,16}}?(?:村|镇|乡|街道|社区|嘎查|苏木)[、，,；;。\n]|"
                         rf"[ \t\u3000]*[{_HAN}]{{2,16}}?(?:村|镇|乡|街道|社区|嘎查|苏木)$)", re.M)


def _colon_title_matches(norm: str) -> Iterator[re.Match]:
    """``COLON_TITLE.finditer(norm)``, tried only where a clause that holds a colon begins
    (nowhere else can a match start, and the text's other characters then cost nothing).

    >>> [m.group("t") for m in _colon_title_matches("会上，表彰先进村：双河村。")]
    ['表彰先进村']
    """
    starts = sorted({max(norm.rfind(mark, 0, colon.start()) for mark in _TITLE_CLAUSE_MARKS) + 1
                     for colon in _HAS_COLON.finditer(norm)})
    end = 0
    for start in starts:
        if start >= end and (m := COLON_TITLE.match(norm, start)):
            end = m.end()
            yield m


def colon_titles(norm: str) -> Iterator[tuple[int, int, str]]:
    """A title (after a conferring verb, or alone) set before a colon and a list of units.

    >>> text = "大会表彰2023年度全镇乡村振兴先进村：双河村、富民村。地址：青松镇"
    >>> [text[s:e] for s, e, _ in colon_titles(text)]
    ['2023年度全镇乡村振兴先进村']
    """
    if not _HAS_COLON.search(norm):
        return
    lex = _lexicon()
    verb = re.compile(rf"^.*?(?:{lexicons.alternation('honours', 'conferring_verbs')})")
    for m in _colon_title_matches(norm):
        head = verb.match(m.group("t"))
        start = m.start("t") + (head.end() if head else 0)
        raw = norm[start:m.end("t")]
        if is_title(strip_marks(raw)) and not lex.forward.search(raw) and not lex.published.search(raw):
            yield start, m.end("t"), ""


def section_titles(norm: str) -> Iterator[tuple[int, int, str]]:
    r"""The title a notice's section heading names, its members one a line or by 、 below.

    >>> text = "一、第二批市级美丽乡村示范村名单\n北山区稻香镇双河村\n二、参会人员名单"
    >>> [text[s:e] for s, e, _ in section_titles(text)]
    ['第二批市级美丽乡村示范村']
    """
    if "名单" not in norm:
        return
    lex = _lexicon()
    for m in SECTION_HEADING.finditer(norm):
        if is_title(strip_marks(m.group("t"))) and not lex.forward.search(m.group("t")) \
                and not lex.published.search(m.group("t")):  # 白沙村入选…名单 is a sentence
            yield m.start("t"), m.end("t"), ""
_SENTENCE_INSIDE = re.compile(r"[。！？!?；;]")


def find(article: Article) -> Iterator[Mention]:
    """Honour mentions of one article, in text order, each span once.

    >>> from kg.model import Article
    >>> text = "白马村被评为全国文明村，荣获江南省“卫生村”称号。"
    >>> [m.name for m in find(Article("t-0", "t", 0, text, text, ()))]
    ['全国文明村', '江南省卫生村']
    """
    return iter(_found(article.norm))


@lexicons.per_text
def _found(norm: str) -> tuple[Mention, ...]:
    """The honours of a text, found once per article (programs leave their titles alone)."""
    spans: dict[tuple[int, int], str] = {}
    for rule in (_after_cues, _before_cues, _quoted_with_title_word, listed_lines,
                 published_lists, unit_colon_lines, apposed_titles, section_titles,
                 colon_titles):
        for s, e, year in rule(norm):
            if spans.get((s, e)) in (None, ""):
                spans[(s, e)] = year
    mentions = (_mention(norm, s, e, spans[(s, e)]) for s, e in _longest(spans))
    return tuple(m for m in mentions if m is not None)


def _longest(spans: dict[tuple[int, int], str]) -> list[tuple[int, int]]:
    """Overlapping candidates: the longest title wins (…大整治活动“红旗乡镇” is one)."""
    kept = SpanSet()
    chosen: list[tuple[int, int]] = []
    for s, e in sorted(spans, key=lambda se: (-(se[1] - se[0]), se[0])):
        if kept.overlapping(s, e) is None:
            kept.add(s, e)
            chosen.append((s, e))
    return sorted(chosen)
