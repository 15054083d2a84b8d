"""Administrative units at every level: Province … Community.

Two sources of evidence, both matched on ``article.norm``:

* the official gazetteer (provinces, cities, counties, towns, subdistricts), matched with
  one Aho–Corasick automaton over all 33k names, longest match first, on word boundaries;
* a suffix grammar for what the gazetteer lacks (villages, communities, towns and counties
  it does not list): a name body of Chinese characters directly before 县/旗/镇/乡/苏木/
  街道/村/嘎查/社区/居委会 …, grown leftwards over jieba words and stopped by function
  words, verbs and category words (全镇, 示范村, 美丽乡村 are not units).

Names chained without punctuation (省 → 市 → 区 → 镇 → 村) come out as adjacent mentions;
the chain and the article's other units pick the right official code among namesakes.

>>> a = _article("云溪县翠屏镇白马村")
>>> [(m.kind, m.name) for m in find(a)]
[('District', '云溪县'), ('Town', '翠屏镇'), ('Village', '白马村')]
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Container, Iterator

import ahocorasick

from .. import gazetteer, lexicons
from ..model import UNIT_DEPTH, Article, Mention, Sentence
from . import segment

# Written suffix → (kind, canonical suffix). A long written form folds to the canonical
# name (白马村委会 → 白马村) and is kept as an alias.
UNIT_SUFFIXES: dict[str, tuple[str, str]] = {
    "自治县": ("District", "自治县"), "自治旗": ("District", "自治旗"),
    "县": ("District", "县"), "旗": ("District", "旗"), "区": ("District", "区"),
    "民族乡": ("Town", "民族乡"), "镇": ("Town", "镇"), "乡": ("Town", "乡"),
    "苏木": ("Town", "苏木"),
    "街道办事处": ("Subdistrict", "街道"), "街道": ("Subdistrict", "街道"),
    "村民委员会": ("Village", "村"), "村委会": ("Village", "村"), "行政村": ("Village", "村"),
    "自然村": ("Village", "自然村"),
    "村": ("Village", "村"), "嘎查村": ("Village", "嘎查"), "嘎查": ("Village", "嘎查"),
    "社区居民委员会": ("Community", "社区"), "社区居委会": ("Community", "社区"),
    "居民委员会": ("Community", "社区"), "居委会": ("Community", "社区"),
    "社区": ("Community", "社区"),
}
# Provinces and cities are all in the gazetteer (省/自治区/特别行政区/市/州/盟/地区 are
# matched there only); so are counties, but renamed or invented ones still follow 县/旗.
GAZETTEER_ONLY_SUFFIXES = ("特别行政区", "自治区", "省", "自治州", "地区", "市", "州", "盟")
# 区 alone is too often a zone (园区, 片区): a district by rule only right after its city.
CHAIN_ONLY_SUFFIXES = frozenset({"区"})
# Longest name body before a suffix (most are 2–4 characters); autonomous units carry
# their peoples' names (长阳土家族自治县).
MAX_BODY = 6
AUTONOMOUS_MAX_BODY = 12

# Words that introduce a name: a name may start right after them, and a name made of
# ordinary words (幸福村, 建设村) is accepted only after them, a delimiter, or a unit.
INTRODUCERS = frozenset(
    "在 对 和 与 及 同 跟 向 到 从 由 往 赴 至 于 为 把 被 将 给 是 等 的 即 如 原 或 并 且 "
    "位于 地处 来自 包括 包含 其中 以及 还有 前往 来到 走进 走访 入驻 进驻 驻 进 去 "
    "隶属 属于 毗邻 紧邻 相邻 联合 携手 途经 经过 覆盖 涉及 辐射 惠及 连接 连通 贯穿 通往 "
    "直达 落户 落地 落户于 坐落 坐落于 扎根 中共 中国共产党 共青团 "
    # where a site lies or a route runs: a name follows directly (选址青石镇)
    "选址 选址于 选定 定址 横跨 跨越 地跨 横贯 纵贯 穿越 流经 迁至 设在 建在 位处".split())
# Of those, the verbs that place a thing: what follows them is a place's name, even where
# it starts with a function character (位于和林铺镇).
PLACE_VERBS = frozenset(
    "位于 地处 落户 落户于 坐落 坐落于 途经 选址 选址于 定址 横跨 地跨 横贯 纵贯 流经 迁至 "
    "设在 建在 位处 毗邻 紧邻 赴 前往".split())
# Prepositions that follow a verb of place (选址在, 位于与 … 交界处): never part of a name.
_PREPOSITIONS = frozenset("在于与到至向往为从由自对跟同")
# Words that can never be part of a name body before a unit suffix.
FUNCTION_WORDS = INTRODUCERS | frozenset(
    "全 该 各 本 我 其 此 每 逐 这 那 某 邻 辖 所 个 了 着 过 也 都 又 还 就 已 再 要 会 能 "
    "可 应 须 需 让 使 以 据 按 经 共 均 各个 每个 这个 那个 我们 他们 全体 所有 其他 其它 "
    "相关 周边 附近 沿线 辖区 所辖 下辖 管辖 域内 境内 一个 多个 两个 几个 首个 首批 "
    "部分 大部分 少数 多数 大多数 个别 一些 有些 许多 不少 若干 众多".split())
# Kinds the gazetteer lists completely: a body of ordinary words (打扫街道, 加快镇) is an
# official name or nothing.
ENUMERATED_KINDS = frozenset({"District", "Town", "Subdistrict"})
# A rank before the suffix makes a category (经济强镇, 历史文化名村, 产粮大县).
_RANK_CHARS = frozenset("强名重")
# Determiners: a body starting with one is a reference (各乡镇, 本乡, 该村), not a name.
DETERMINERS = frozenset("全该各本我每逐此这那某其")
# A count before a suffix (三个乡, 两座村) is no name; 三河镇 or 八一村 are.
_COUNTED = re.compile(r"^[一二三四五六七八九十百千万两几数多]+[个座家所名批类项]$")
# A count of miles, households or gullies heads many place names (五里墩, 三家冲, 二道沟):
# jieba tags it a numeral, yet it does not end a name body.
_NUMBERED_TAILS = "里家道岔"
_NUMBERED_HEAD = re.compile(rf"^[一二三四五六七八九十百千万两头]+[{_NUMBERED_TAILS}]$")
# Words that make 村/镇/社区 a category, not a name (示范村, 文明社区, 模范县, 名镇).
CATEGORY_WORDS = frozenset(
    "示范 模范 先进 文明 卫生 生态 美丽 和美 宜居 特色 重点 试点 星级 明星 标杆 样板 平安 "
    "小康 富裕 贫困 脱贫 后进 软弱 涣散 薄弱 中心 集体 城中 城郊 城边 空心 涉农 纯农 农业 "
    "工业 旅游 专业 传统 历史 文化 名 强 基层 城市 农村 城乡 老旧 新型 智慧 数字 绿色 和谐 "
    "完整 学习型 服务型 国家级 省级 市级 县级 区级 镇级 乡级 村级 全国 全省 全市 全县 全区 "
    "全镇 全乡 全村 街道级 社区级 五星 四星 三星 二星 一星 千万 百强 十强 民族 少数民族 "
    "易地 搬迁 移民 安置 创建 振兴 未来 党建 红色 网格 森林 园林 "
    "国际 社会 居住 商业 生活 养老 低碳 零碳 无废 法治 民主法治 善治 治理".split())
# 区 names that are functional zones or parts of towns, never districts by rule.
ZONE_TAILS = ("开发区", "高新区", "新区", "示范区", "试验区", "实验区", "保税区", "自贸区",
              "综保区", "片区", "园区", "景区", "风景区", "度假区", "旅游区", "功能区", "集聚区",
              "产业区", "工业区", "商务区", "合作区", "起步区", "先行区", "核心区", "城区",
              "社区", "小区", "辖区", "矿区", "林区", "牧区", "山区", "库区", "老区", "灾区",
              "市区", "郊区", "校区", "营区", "战区", "学区", "街区", "保护区", "管理区",
              "服务区", "港区", "物流区", "农区", "湖区")
# Short tails that attach to a name and are words of their own (王庄新村, 李家东村); jieba's
# proper X村 words (河村, 山村) are added from its dictionary.
NAME_TAIL_WORDS = frozenset("新村 东村 西村 南村 北村 中村 前村 后村 上村 下村".split())
# Generic characters of place names (铺 inn, 冲 valley floor, 坪 flat, 屯/营/寨 settlement …):
# one standing alone right before a suffix is part of a name even where jieba reads it as
# a verb (鹤鸣冲乡, 枫岭铺镇), and one between 村 and 乡/镇 makes the 村 part of a town's
# name (郭家村店乡).
PLACE_GENERICS = frozenset("铺店集坪冲寨屯营庄堡坳垭岭岗坝坡塘湾湖河溪沟渠桥口滩洲圩垸畈坞岙"
                           "坑峪墩堆台场埠渡关寺庙甸驿港垴塆垄峒硐洞坎埂")
# Verbs of governance reports whose object is often a bare unit word (推动社区治理, 包联社区,
# 下沉社区): as a name body they make a verb phrase, not a name. jieba's verb tags find
# most verbs; these are named outright because they are the usual ones, and some it tags
# otherwise (激活 a, 扎根 ns, 联系 n) or lacks (包联).
GOVERNANCE_VERBS = frozenset(
    "推动 推进 激活 实施 服务 走进 深入 覆盖 建设 打造 治理 融入 扎根 回到 返回 联系 包联 挂点 "
    "进驻 下沉 深耕 包保 结对 联建 共建 赋能 助力 美化 盘活 蹲点 驻点 回归 反哺 当选 深化 "
    "激发 唤醒 焕活 链接 串联 指导 督导 调研 走访 慰问 帮扶".split())
_GOVERNANCE_VERBS = tuple(sorted(GOVERNANCE_VERBS))  # for str.startswith
# Verbs of four-character slogans (科技兴镇, 生态美村, 工业立县): a 3-character body ending
# in one, after an ordinary word, is a slogan, not a name.
SLOGAN_VERBS = frozenset("兴强立富美活旺靓优稳")
# Words that follow a unit's name (its organs, people, institutions): a unit may end
# before them even where jieba joins the suffix to them (乡党 委, 镇长).
AFTER_UNIT_WORDS = ("委", "党委", "党工委", "党支部", "党总支", "党组织", "政府", "人民政府", "人大",
                    "纪委", "村委", "居委", "两委", "书记", "主任", "干部", "党员", "群众", "村民",
                    "居民", "卫生院", "派出所", "小学", "中学", "幼儿园", "工作人员", "负责人",
                    "网格员", "志愿者", "会计", "文书", "监委会", "妇联")
# Characters after which a short form may end (在青石，… / 对青石的 …).
SHORT_FOLLOWERS = frozenset("的 和 与 及 是 等 也 都 已 将 在 有 人".split())
SHORT_KINDS = frozenset({"City", "District", "Town", "Subdistrict"})
# A 1-character name body is a word too often (城区, 东区, 新县): such official names
# count only inside a chain of units or when the article names their parent.
_QUALIFIERS = frozenset("东西南北中上下前后内外左右新老旧大小高低城郊矿市县区")
_PROPER_TAGS = frozenset({"ns", "nr", "nrt", "nz", "nt"})
_CONTINUING = frozenset("省市州盟区县旗镇乡村社街组")
# First characters of words for a kind of area (城区, 城镇, 市区, 郊区): a qualifier before
# one (老城区, 小城镇) reads as a phrase even where it is an official name.
_AREA_HEADS = frozenset("城市郊镇乡村集")
# Verbs and ordinary words are recognised by jieba's tag and frequency; below these
# frequencies a dictionary word is as likely a piece of a name (立新 51, 老鸦 48) and
# counts as unknown.
_VERB_TAGS = frozenset({"v", "vn", "vd", "vg", "vi", "d", "p", "c", "r", "u", "uj", "ul", "uz",
                        "ug", "uv", "ud", "m", "mq", "q", "t", "tg", "f", "y", "e", "o",
                        "i", "l", "ad"})
_VERB_MIN_FREQ = 20
_COMMON_MIN_FREQ = 300
# Tags of verbs proper (not adverbs, measure words or directions): a body that is one acts
# on the unit word after it (服务社区居民).
_ACTION_TAGS = frozenset({"v", "vd", "vn", "vi", "vg"})
# Tags of nouns: one right after a unit word makes a compound with it (社区食堂, 村集体).
_NOUN_TAGS = frozenset({"n", "vn", "ng", "nl", "an", "nz", "j"})

_SUFFIX_RE = re.compile("|".join(sorted(map(re.escape, UNIT_SUFFIXES), key=len, reverse=True)))
_ALL_SUFFIXES = tuple(sorted(set(UNIT_SUFFIXES) | set(GAZETTEER_ONLY_SUFFIXES)
                             | {"林区", "区公所", "地区"}, key=len, reverse=True))
_SUFFIX_LAST_CHARS = frozenset(s[-1] for s in _ALL_SUFFIXES)
_UNIT_CHARS = frozenset("省市州盟区县旗镇乡村")
# After a suffix these make a word about the unit's area or state (镇域, 村级, 县情), so
# an ordinary word before it is no name (立足镇域实际).
_AREA_CHARS = frozenset("域级情貌容")
# After 村, a place-name generic and a town suffix: the 村 is inside the town's name.
_TOWN_GOES_ON = re.compile(f"[{''.join(sorted(PLACE_GENERICS))}](?:镇|乡)")
# Words of place after a unit (镇上, 村里, 县内): the unit's name ends before them.
_LOCATIVES = frozenset("上里内")
# Characters that close a date or a count written in digits (2025年, 3月, 第2批).
_DATE_TAILS = frozenset("年月日号期届批")
# A village's or community's name right ahead: the unit before it is a township (柯茶乡白马村).
_LOWER_UNIT_AHEAD = re.compile(r"([\u3400-\u9fff]{1,4}?)(?:村|社区|嘎查)")
_OPEN_QUOTES = frozenset("“‘「『\"'《")
_CLOSE_QUOTES = frozenset("”’」』\"'》")


@dataclass(frozen=True)
class _Words:
    """The word lists of kg/lexicons/units.toml (shipped plus the user's)."""
    category: frozenset[str]
    category_tails: tuple[str, ...]   # category words of two characters or more
    evaluative_heads: tuple[str, ...]
    negations: tuple[str, ...]
    slogan_verbs: frozenset[str]
    actions: frozenset[str]
    motion_verbs: frozenset[str]
    quantity_marks: frozenset[str]
    descriptive: frozenset[str]
    qualifiers: tuple[str, ...]
    separators: frozenset[str]
    epithet_heads: tuple[str, ...]
    place_tagged_verbs: frozenset[str]


@lexicons.per_configuration
def _words() -> _Words:
    def w(key: str) -> tuple[str, ...]:
        return lexicons.words("units", key)
    category = CATEGORY_WORDS | frozenset(w("category_words"))
    return _Words(category, tuple(c for c in category if len(c) >= 2), w("evaluative_heads"),
                  w("negations"), SLOGAN_VERBS | frozenset(w("slogan_verbs")),
                  _lexicon().actions | frozenset(w("action_words")), frozenset(w("motion_verbs")),
                  frozenset(w("quantity_marks")), frozenset(w("descriptive_units")),
                  w("describing_qualifiers"), frozenset(w("separator_glyphs")),
                  w("epithet_heads"), frozenset(w("place_tagged_verbs")))


def _is_category(word: str) -> bool:
    return word in _words().category


@lexicons.per_configuration  # asked some 150 times per article, of a few hundred characters
def _is_name_char(ch: str) -> bool:
    """A character that may stand in a place name: any CJK ideograph, rare ones included,
    but not one used as a separator glyph (丨 between a source and a headline).

    >>> _is_name_char("㮾"), _is_name_char("𠙶"), _is_name_char("，"), _is_name_char("丨")
    (True, True, False, False)
    """
    return _name_char().match(ch) is not None


@lexicons.per_configuration
def _name_char() -> re.Pattern:
    """One character of a place name as a regex: a test in C, asked some 150 times per article."""
    separators = "".join(sorted(_words().separators))
    not_separator = f"(?![{re.escape(separators)}])" if separators else ""
    return re.compile(f"{not_separator}[\u4E00-\u9FFF\u3400-\u4DBF\U00020000-\U0003134F"
                      "\uF900-\uFAFF\u3007]")


def _article(text: str) -> Article:
    return Article(id="doc-0", source="doc", index=0, text=text, norm=text,
                   sentences=(Sentence(0, len(text), text),))


@dataclass(frozen=True)
class _Lexicon:
    """What jieba's dictionary says about words: proper names, frequent verbs, and the
    common words that end in a unit suffix (城市, 全镇, 新农村, 示范区)."""
    proper: frozenset[str]
    verbs: frozenset[str]
    common: frozenset[str]
    stop: frozenset[str]
    tails: frozenset[str]   # X村 words that end longer names (河村 in 鹭鸣河村, 新村)
    actions: frozenset[str]  # verbs proper and governance verbs (推动, 当选, 包联)
    nouns: frozenset[str]
    area_words: frozenset[str]  # frequent words that open with an area head (城区, 镇区, 村委会)


@cache
def _lexicon() -> _Lexicon:
    # read from kg.cache: building it walks jieba's whole dictionary (a third of a second)
    return _Lexicon(*segment.remembered_words("units-lexicon", _lexicon_sets))


def _lexicon_sets() -> tuple[frozenset[str], ...]:
    """The sets of a ``_Lexicon``, in its field order, from jieba's dictionary."""
    known = gazetteer.names()
    proper: set[str] = set()
    verbs: set[str] = set()
    common: set[str] = set()
    stop: set[str] = set()
    tails: set[str] = set()
    actions: set[str] = set(GOVERNANCE_VERBS)
    nouns: set[str] = set()
    for word, freq, tag in segment.jieba_dictionary():
        if tag in _NOUN_TAGS:
            nouns.add(word)
        if tag in _PROPER_TAGS:
            proper.add(word)
        elif tag in _VERB_TAGS:
            if freq >= _VERB_MIN_FREQ:
                verbs.add(word)
                if tag in _ACTION_TAGS and len(word) > 1:
                    actions.add(word)
        elif freq >= _COMMON_MIN_FREQ:
            common.add(word)
        suffix = word[-1] in _SUFFIX_LAST_CHARS and _written_suffix(word)
        if suffix and word not in known and (
                tag not in _PROPER_TAGS or len(word) - len(suffix) <= 1
                or word[0] in DETERMINERS):
            stop.add(word)
        if (tag in _PROPER_TAGS and len(word) == 2 and word[1] == "村"):
            tails.add(word)
    # as frequent as the segmenter weighs them, lgkg's own words included
    weights = {word: freq for word, freq, _ in segment.jieba_dictionary()}
    weights.update(segment.added_words())
    area_words = {word for word, freq in weights.items()
                  if word[0] in _AREA_HEADS and freq >= _COMMON_MIN_FREQ}
    return (frozenset(proper), frozenset(verbs), frozenset(common),
            frozenset(stop - NAME_TAIL_WORDS - tails), frozenset(tails | NAME_TAIL_WORDS),
            frozenset(actions), frozenset(nouns), frozenset(area_words))


def _written_suffix(word: str) -> str:
    return next((s for s in _ALL_SUFFIXES if word.endswith(s)), "")


def is_stop_word(word: str) -> bool:
    """A common word ending in a unit suffix, built from jieba's dictionary: a word tagged
    as anything but a proper name, or one whose body is a single character; official
    names are never stop words.

    >>> is_stop_word("城市"), is_stop_word("示范区"), is_stop_word("全镇"), is_stop_word("武侯区")
    (True, True, True, False)
    """
    return word in _lexicon().stop


@cache
def _automaton() -> ahocorasick.Automaton:
    """All official names, reversed: every name ends in one of a dozen suffix characters,
    so the reversed automaton's root has a dozen branches instead of thousands, and
    scanning reversed text is about a hundred times faster."""
    automaton = ahocorasick.Automaton()
    for name in gazetteer.names():
        automaton.add_word(name[::-1], name)
    automaton.make_automaton()
    return automaton


@dataclass
class _Context:
    """One article's text and its word boundaries."""
    norm: str
    starts: frozenset[int]
    ends: frozenset[int]
    shorts: frozenset[str] = frozenset()  # short forms of the article's higher units (青山)

    @cached_property
    def _ordered_starts(self) -> list[int]:
        return sorted(self.starts)

    def token_before(self, pos: int) -> tuple[int, str]:
        start = pos - 1
        if start > 0 and start not in self.starts:
            # the nearest word start before: a search instead of a step per character
            before = bisect_right(self._ordered_starts, start)
            start = self._ordered_starts[before - 1] if before else 0
        return start, self.norm[start:pos]

    def token_after(self, pos: int) -> str:
        end = pos + 1
        while end < len(self.norm) and end not in self.ends:
            end += 1
        return self.norm[pos:end]

    def token_start_at_or_before(self, pos: int) -> int:
        while pos > 0 and pos not in self.starts:
            pos -= 1
        return pos

    def hard_left(self, pos: int, unit_ends: Container[int]) -> bool:
        return pos == 0 or pos in unit_ends or not _is_name_char(self.norm[pos - 1])


@dataclass(frozen=True)
class _Candidate:
    kind: str
    name: str
    start: int
    end: int
    alias: str = ""
    weak: bool = False     # an official name that is also a word: kept only in a chain


def _gazetteer_hits(norm: str) -> list[tuple[int, int, str]]:
    """Every occurrence of an official name, nested ones included, as (start, end, name).

    >>> _gazetteer_hits("去武侯区")
    [(1, 4, '武侯区')]
    """
    last = len(norm) - 1
    return sorted((last - end, last - end + len(name), name)
                  for end, name in _automaton().iter(norm[::-1]))


def _is_weak_official(name: str) -> bool:
    """An official name that is also a common phrase: a 1-character body that is a
    qualifier or a word jieba knows under a non-proper tag (城区, 郊区), or a qualifier
    before a common unit word (小城镇, 老城区).

    >>> [_is_weak_official(n) for n in ("城区", "东区", "小城镇", "老城区", "滑县", "朝阳区")]
    [True, True, True, True, False, False]
    """
    body = gazetteer.strip_suffix(name)
    lex = _lexicon()
    if _is_category(body):
        return True  # 重点中心镇: a category even where a town bears the name
    if len(body) == 1 and all(d.level == 4 for d in gazetteer.by_name(name)):
        return True  # towns named by one character are rare, phrases like 兴镇 are not
    if len(body) >= 2:
        rest = name[1:]
        return name[0] in _QUALIFIERS and rest in lex.area_words
    return body in _QUALIFIERS or body in FUNCTION_WORDS or (
        name in lex.common or name in lex.verbs)


def _starts_word(ctx: _Context, pos: int, unit_ends: Container[int]) -> bool:
    return pos in ctx.starts or ctx.hard_left(pos, unit_ends)


def _ends_word(ctx: _Context, pos: int, unit_starts: Container[int]) -> bool:
    """True when a unit may end at ``pos``: a word ends there, or a delimiter, another
    unit, a word about the unit or a word of place follows (石渠乡党委: jieba reads 乡党
    as a word; 青石镇上坪村: jieba reads 镇上, "in the town")."""
    norm = ctx.norm
    return (pos in ctx.ends or pos >= len(norm) or not _is_name_char(norm[pos])
            or pos in unit_starts or norm.startswith(AFTER_UNIT_WORDS, pos)
            or norm[pos] in _LOCATIVES)


def _closed_right(ctx: _Context, pos: int) -> bool:
    """True unless another unit word goes on at ``pos`` (推动镇村联动: 镇村 is "towns and
    villages"). A name of ordinary words needs it; 东风社区荣获 … is a community."""
    return pos >= len(ctx.norm) or ctx.norm[pos] not in _CONTINUING


def _extends_left(ctx: _Context, start: int, unit_ends: Container[int]) -> bool:
    """True when a lone character that is neither a function word nor a verb, or one that
    leads a name (``_leads_name``), stands right before an official name: the name written
    is longer (、西沙集镇 holds the official 沙集镇) and the
    suffix grammar reads it whole."""
    if ctx.hard_left(start, unit_ends):
        return False
    prev_start, word = ctx.token_before(start)
    lex = _lexicon()
    if _transliteration_before(ctx, prev_start, word, unit_ends):
        return True
    return len(word) == 1 and (_leads_name(ctx, prev_start, unit_ends) or (
        word not in FUNCTION_WORDS and word not in lex.verbs and word not in DETERMINERS
        and _is_name_char(word) and (ctx.hard_left(prev_start, unit_ends)
                                     or ctx.token_before(prev_start)[1] in FUNCTION_WORDS)))


def _transliteration_before(ctx: _Context, prev_start: int, word: str,
                            unit_ends: Container[int]) -> bool:
    """True when ``word``, glued before an official name, is the head of a longer
    transliterated name (在额尔德尼白石苏木 is one town even where 白石苏木 is official): a proper word of three or more characters that is no known place, no
    ordinary word and no verb, right after a delimiter or a function word.

    >>> ctx = _Context("在额尔德尼白石苏木", frozenset({0, 1, 5, 7}), frozenset())
    >>> _transliteration_before(ctx, 1, "额尔德尼", ()), _transliteration_before(ctx, 1, "领导", ())
    (True, False)
    """
    lex = _lexicon()
    return (len(word) >= 3 and word in lex.proper and word not in lex.common
            and not _UNIT_CHARS.intersection(word)  # 江南水乡白石镇: an epithet, then the town
            and word not in lex.verbs and not gazetteer.is_known(word)
            and (ctx.hard_left(prev_start, unit_ends)
                 or ctx.token_before(prev_start)[1] in FUNCTION_WORDS))


def _ends_slogan(ctx: _Context, start: int, name: str) -> bool:
    """True when an official name of a slogan verb and a suffix (兴县, 兴镇) ends a slogan
    after an ordinary word (产业兴县, 科技兴镇).

    >>> a = "坚持产业兴县"
    >>> _ends_slogan(_Context(a, frozenset({0, 2, 4}), frozenset()), 4, "兴县")
    True
    """
    if len(name) != 2 or name[0] not in SLOGAN_VERBS or ctx.hard_left(start, ()):
        return False
    word = ctx.token_before(start)[1]
    lex = _lexicon()
    return len(word) == 2 and word not in lex.proper and (
        word in lex.common or word in CATEGORY_WORDS)


def _official_candidates(ctx: _Context, hits: list[tuple[int, int, str]]) -> list[_Candidate]:
    """Gazetteer hits that sit on word boundaries or touch another hit (jieba may read
    a whole chain as one word), folded with 办事处 after a 街道."""
    norm = ctx.norm
    hit_starts = {s for s, _, _ in hits}
    hit_ends = {e for _, e, _ in hits}
    out = []
    for start, end, name in hits:
        if not _starts_word(ctx, start, hit_ends) or _extends_left(ctx, start, hit_ends):
            continue
        alias = ""
        if name.endswith("街道") and norm.startswith("办事处", end):
            alias, end = name + "办事处", end + 3
        elif not _ends_word(ctx, end, hit_starts):
            continue
        if _quoted(norm, start, end) and len(gazetteer.by_name(name)) > 1:
            continue  # a title such as “先锋街道办事处”, not the unit
        if _ends_slogan(ctx, start, name) or _epithet_title(norm, start, name):
            continue
        division = gazetteer.by_name(name)[0]
        out.append(_Candidate(division.kind, name, start, end, alias, _is_weak_official(name)))
    return out


@dataclass(frozen=True)
class _Body:
    start: int
    introduced: bool   # starts after a delimiter, a unit or a function word
    named: bool        # holds a proper name (jieba's tag) or an official name
    common: bool       # holds a frequent ordinary word or verb (建设, 领导, 包)
    pieces: bool       # holds characters or rare words: parts of a name jieba lacks


def _is_named(word: str) -> bool:
    return word in _lexicon().proper or gazetteer.is_known(word)


def _word_class(word: str) -> str:
    """'named', 'common' or 'piece' (a single character that is no verb, a rare word).

    >>> _word_class("东湖"), _word_class("领导"), _word_class("包"), _word_class("坪")
    ('named', 'common', 'common', 'piece')
    """
    lex = _lexicon()
    if len(word) > 1 and _is_named(word):
        return "named"
    if word in lex.verbs or (len(word) > 1 and word in lex.common):
        return "common"
    return "piece"


@cache
def _official_bodies() -> frozenset[str]:
    """Official names without their suffixes (武侯, 前进, 建设): a verb among them is a name
    that divisions bear as well.

    >>> "前进" in _official_bodies(), "推动" in _official_bodies()
    (True, False)
    """
    return segment.remembered_words("official-bodies", lambda: [frozenset(
        gazetteer.strip_suffix(name) for name in gazetteer.names())])[0]


@cache
def _name_bigrams() -> frozenset[str]:
    """Character pairs inside official name bodies (巴彦, 温都, 查干): where a verb or a
    function character forms one with its neighbour it is part of a transliterated or
    old name, not the word before it."""
    return segment.remembered_words("name-bigrams", lambda: [frozenset(
        body[i:i + 2] for body in _official_bodies() for i in range(len(body) - 1))])[0]


def _in_name_pair(ctx: _Context, pos: int) -> bool:
    """True when the character at ``pos`` pairs with a neighbour as in official names."""
    pairs = _name_bigrams()
    return ctx.norm[pos:pos + 2] in pairs or (pos > 0 and ctx.norm[pos - 1:pos + 1] in pairs)


def _pairs_with_char_before(ctx: _Context, pos: int) -> bool:
    """True when the function character at ``pos`` closes a pair that official names hold,
    with a lone character before it (呼和 in 相邻的呼和青格嘎查: 和 cannot be "and" there).

    >>> a = "的呼和青格"
    >>> _pairs_with_char_before(_Context(a, frozenset({0, 1, 2, 3}), frozenset()), 2)
    True
    """
    if pos < 1 or (pos - 1) not in ctx.starts or not _is_name_char(ctx.norm[pos - 1]):
        return False
    before = ctx.norm[pos - 1]
    return (ctx.norm[pos - 1:pos + 1] in _name_bigrams() and before not in FUNCTION_WORDS
            and before not in _UNIT_CHARS)


def _leads_name(ctx: _Context, pos: int, unit_ends: Container[int]) -> bool:
    """True when the single character at ``pos`` leads the name after it, where jieba reads
    it as a word of its own: any character after a verb that places things (选址安林铺镇),
    even a function character that pairs as in official names (位于和林铺镇: 和 cannot be
    "and" there); after a list mark or another word that introduces a place, any but a
    verb or a function character (在东林铺镇, 、高林铺镇); a direction or size after a
    delimiter (，上家村铺乡).

    >>> a = "，上家村铺乡；选址和林铺镇"
    >>> ctx = _Context(a, frozenset({0, 1, 2, 4, 5, 6, 7, 9, 10}), frozenset())
    >>> _leads_name(ctx, 1, ()), _leads_name(ctx, 9, ())
    (True, True)
    """
    ch = ctx.norm[pos]
    if not _is_name_char(ch) or ch in DETERMINERS:
        return False
    before = ctx.token_before(pos)[1] if pos > 0 else ""
    if ch in FUNCTION_WORDS:  # 选址在白马村: a preposition stays one; 和林 pairs as in names
        return ch not in _PREPOSITIONS and _in_name_pair(ctx, pos) and (
            before in PLACE_VERBS or (pos > 0 and ctx.norm[pos - 1] in "、：:"))
    if before in PLACE_VERBS:
        return True
    qualifier = ch in _QUALIFIERS and ch not in _UNIT_CHARS
    introduced = before in INTRODUCERS and (len(before) > 1 or before in _PREPOSITIONS)
    if introduced or (pos > 0 and ctx.norm[pos - 1] in "、：:"):  # not after 的, 是, 等
        return qualifier or ch not in _lexicon().verbs  # 修路、建白马村广场: 建 is a verb
    return qualifier and ctx.hard_left(pos, unit_ends)


def _opens_name(ctx: _Context, pos: int, unit_ends: Container[int]) -> bool:
    """True when a name may start at ``pos``: after a delimiter, a unit or a word that
    introduces a place (在青格塔拉嘎查, ，青格塔拉嘎查).

    >>> a = "在青格塔拉；的青格塔拉"
    >>> ctx = _Context(a, frozenset({0, 1, 3, 5, 6, 7, 9}), frozenset())
    >>> _opens_name(ctx, 1, ()), _opens_name(ctx, 7, ())
    (True, False)
    """
    return ctx.hard_left(pos, unit_ends) or (
        pos > 0 and ctx.token_before(pos)[1] in INTRODUCERS - {"的", "是", "等", "为"})


def _grow_body(ctx: _Context, begin: int, floor: int, unit_ends: Container[int],
               classes: set[str]) -> _Body:
    """Grow a name body leftwards from ``begin`` over whole words, never below ``floor``.

    A verb ends the body unless it is the only word (跃进村, 奋斗村); a single character
    continues an unknown name (南/月/堤) unless a dictionary word already stands in it or
    it is a function character, but a verb or soft function character that pairs with
    its neighbour as in official names (查/干, 温/都) continues it. After a proper name
    only single characters and other proper names join (项目落地宝音敖包嘎查).
    ``classes`` holds the word classes already in the body.
    """
    lex = _lexicon()
    cur = begin

    def body(introduced: bool) -> _Body:
        return _Body(cur, introduced, "named" in classes, "common" in classes, "piece" in classes)

    while True:
        if ctx.hard_left(cur, unit_ends):
            return body(True)
        prev_start, word = ctx.token_before(cur)
        inner = None if cur - 1 <= prev_start else next(
            (e for e in range(cur - 1, prev_start, -1) if e in unit_ends), None)
        if inner is not None:  # 青石镇上坪村: jieba's 镇上 holds the town's end
            cur = inner
            return body(True)
        single = len(word) == 1
        paired = single and (_leads_name(ctx, prev_start, unit_ends) or (
            word not in INTRODUCERS and _in_name_pair(ctx, prev_start))
            or _pairs_with_char_before(ctx, prev_start))
        if word in FUNCTION_WORDS and not paired:
            return body(True)
        if _county_word(word):
            return body(True)  # 北林区稻香镇: the district written before its town is no part of it
        inside_town = word[-1] == "村" and _town_goes_on(ctx.norm, cur)
        if (is_stop_word(word) and word not in lex.proper and not inside_town) \
                or _is_category(word):
            return body(False)  # 辖区, 全镇 … before a name; 黄旗 in 黄旗村 is no such word
        has_word = "word" in classes
        numbered = word[-1] in _NUMBERED_TAILS and _NUMBERED_HEAD.match(word) is not None
        is_verb = word in lex.verbs or word in _words().place_tagged_verbs
        if (cur < begin or has_word) and (has_word or not single) and not paired and (
                (is_verb and not numbered) or (not single and word[0] in _UNIT_CHARS)):
            return body(False)
        if prev_start < floor or not all(map(_is_name_char, word)):
            return body(False)
        word_class = "piece" if numbered or (single and cur == begin and word in PLACE_GENERICS) \
            else _word_class(word)
        if "named" in classes and not single and word_class != "named":
            if word_class == "piece" and _opens_name(ctx, prev_start, unit_ends):
                cur = prev_start  # 青格塔拉嘎查: a rare word opens the transliterated name
                classes.add("piece")
                return body(True)
            return body(False)
        classes.add("piece" if paired else word_class)
        if not single:
            classes.add("word")
        cur = prev_start


def _county_word(word: str) -> bool:
    """True for a word jieba reads as a place ending in a county-level suffix (区, 县, 旗):
    written before a town it names the town's district, not part of its name.

    >>> _county_word("北林区"), _county_word("稻香")
    (True, False)
    """
    return len(word) >= 3 and word[-1] in "区县旗" and _word_class(word) == "named"


def _listed_after_same_kind(ctx: _Context, start: int, kind: str, unit_kinds: dict[int, str]) -> bool:
    """True when a name stands after 、 right after a unit of its kind: a list item, so a
    verb as its body is a name (青河区西岚街道、启航街道), unless a governance verb acts on
    the unit word.

    >>> ctx = _Context("西岚街道、启航街道", frozenset({0, 2, 4, 5, 7}), frozenset())
    >>> _listed_after_same_kind(ctx, 5, "Subdistrict", {4: "Subdistrict"}), _listed_after_same_kind(ctx, 5, "Town", {4: "Subdistrict"})
    (True, False)
    """
    # 、推动街道办事处…: a governance verb acts on the unit word
    return (start > 0 and ctx.norm[start - 1] == "、" and unit_kinds.get(start - 1) == kind
            and not ctx.norm.startswith(_GOVERNANCE_VERBS, start))


def _rule_candidate(ctx: _Context, m: re.Match, unit_kinds: dict[int, str],
                    unit_starts: Container[int]) -> _Candidate | None:
    """One suffix occurrence → a unit, if a name body stands before it. ``unit_kinds``
    maps the end offset of every unit found so far to its kind; ``unit_starts`` holds
    where official names start."""
    written = m.group()
    kind, canonical = UNIT_SUFFIXES[written]
    p, q = m.span()
    norm = ctx.norm
    if not _ends_word(ctx, q, unit_starts):
        return None
    token_start = p if p in ctx.starts else ctx.token_start_at_or_before(p)
    classes: set[str] = set()
    # 集镇 (a market town) is a word, yet 青山集镇 is a town: the generic takes a name.
    generic = token_start == p - 1 and norm[token_start] in PLACE_GENERICS and kind == "Town"
    if token_start < p:
        token = norm[token_start:q]
        inside = _word_inside_name(ctx, token_start, q, unit_kinds)
        if (is_stop_word(token) and not generic and not inside) or _is_category(token):
            return None
        classes |= {"piece" if token in _lexicon().tails or generic or inside
                    else _word_class(token), "word"}
    limit = AUTONOMOUS_MAX_BODY if written.startswith("自治") else MAX_BODY
    grown = _grow_body(ctx, token_start, p - limit, unit_kinds, classes)
    start = grown.start
    if token_start < p and norm[token_start:q] in _lexicon().tails and start == token_start:
        return None
    body = norm[start:p]
    if (len(body) < 2 and not _single_after_town(ctx, start, p, q, unit_kinds)) \
            or body[0] in _UNIT_CHARS or not all(map(_is_name_char, body)):
        return None
    if generic and is_stop_word(norm[token_start:q]) and (len(body) < 3 or not grown.introduced):
        return None  # 小集镇, 推进集镇建设: the word, not a name
    listed = _listed_after_same_kind(ctx, start, kind, unit_kinds)
    if not listed and not grown.named and grown.common and not grown.pieces and (
            kind in ENUMERATED_KINDS or q not in ctx.ends
            or not (grown.introduced and _closed_right(ctx, q))):
        return None  # 推行村干部: jieba reads 村干部, and 推行 is no name
    if not grown.named and grown.common and grown.pieces and not grown.introduced:
        return None
    if body[-1] in _RANK_CHARS or (body[-1] == "大" and kind in ("District", "Town")) \
            or body[-1] == "之":
        return None  # 经济强镇, 产粮大县, 产茶大镇, 书法之乡: a rank or a title
    if not grown.named and not grown.pieces and q < len(norm) and norm[q] in _AREA_CHARS:
        return None
    if _COUNTED.match(body) or (body[0] in DETERMINERS and body[:2] not in _lexicon().proper):
        return None
    if _quoted(norm, start, q):
        return None
    if not listed and (
            _acts_on_unit(ctx, start, p, q, unit_kinds) or _is_slogan(ctx, start, p, unit_kinds)):
        return None
    if body in UNIT_SUFFIXES:
        return None  # 三个嘎查村: a unit word before a unit word ("gacha villages")
    if _evaluative(body) or _epithet(body) or _negated(body) or _quantity_marked(body) or _category_tail(body) \
            or _returning_person(ctx, start, p) or _describes(ctx, start, p, q):
        return None
    start = _after_place_prefix(ctx, _after_date(norm, start), p)
    if start < 0 or (p - start < 2 and not _single_after_town(ctx, start, p, q, unit_kinds)):
        return None
    body = norm[start:p]
    name = body + canonical
    if gazetteer.is_known(name) and _is_weak_official(name):
        return None  # the official reading decides (推进小城镇建设)
    if is_stop_word(name) or is_stop_word(body + written) or _is_category(body):
        return None
    if written in CHAIN_ONLY_SUFFIXES and (
            unit_kinds.get(start) not in ("City", "Province") or name.endswith(ZONE_TAILS)):
        return None
    official = _official_county(body, kind, name)
    if official:  # 长阳县 for 长阳土家族自治县: one county, its short form an alias
        return _Candidate(kind, official, start, q, body + written)
    alias = body + written if written != canonical else ""
    return _Candidate(kind, name, start, q, alias)


def _official_county(body: str, kind: str, name: str) -> str:
    """The official name of the county whose short form ``body`` is, when the name written
    is not official itself: an autonomous county written as a plain one (长阳县 → 长阳土家族自治县).

    >>> _official_county("长阳", "District", "长阳县"), _official_county("云溪", "District", "云溪县")
    ('长阳土家族自治县', '')
    """
    if kind != "District" or gazetteer.is_known(name):
        return ""
    division = gazetteer.short_names().get(body)
    autonomous = division is not None and division.name.endswith(("自治县", "自治旗")) \
        and division.name[-1] == name[-1]
    return division.name if autonomous else ""


def _word_inside_name(ctx: _Context, token_start: int, q: int, unit_ends: Container[int]) -> bool:
    """True when a common word of one character and a unit word (茶乡, 家村, 木村) follows a
    lone name character that starts a name: right after a higher unit (南北镇薛家村, 六屯镇大木村);
    for a village after a delimiter or an introducing word too (，薛家村); for a township only
    where its organs or villages follow (柯茶乡党委), since 茶乡 alone is a tea land (产茶乡).

    >>> a = "在柯茶乡党委；的产茶乡；镇大木村；，薛家村"
    >>> ctx = _Context(a, frozenset({0, 1, 2, 4, 7, 8, 9, 12, 13, 14, 16, 18, 19}),
    ...                frozenset({1, 2, 4, 6, 8, 9, 11, 13, 14, 16, 19, 21}))
    >>> [_word_inside_name(ctx, t, t + 2, {13}) for t in (2, 9, 14, 19)]
    [True, False, True, True]
    """
    norm = ctx.norm
    if q - token_start != 2 or norm[token_start] in _UNIT_CHARS or ctx.hard_left(token_start, unit_ends):
        return False
    prev_start, word = ctx.token_before(token_start)
    lex = _lexicon()
    if len(word) != 1 or not _is_name_char(word) or word in FUNCTION_WORDS or word in DETERMINERS \
            or word in lex.verbs or word in _UNIT_CHARS or word in _words().motion_verbs:
        return False
    if prev_start in unit_ends:
        return True
    if word in _QUALIFIERS or not (ctx.hard_left(prev_start, unit_ends)
                                   or ctx.token_before(prev_start)[1] in INTRODUCERS):
        return False
    if norm[q - 1] == "村":
        return True
    # the township's organs or villages follow: a name, not 产茶乡
    ahead = _LOWER_UNIT_AHEAD.match(norm, q)
    return norm[q - 1] in "乡镇" and (norm.startswith(AFTER_UNIT_WORDS, q) or (
        ahead is not None and not _is_category(ahead.group(1)) and not is_stop_word(ahead.group())))


def _single_after_town(ctx: _Context, start: int, p: int, q: int, unit_kinds: dict[int, str]) -> bool:
    """True when a village's one-character name follows its town directly (北亭乡耿村): a
    character that is no verb, function word, determiner or qualifier (青石镇驻村干部,
    青石镇各村 are none).

    >>> a = "北亭乡耿村。北亭乡驻村"
    >>> ctx = _Context(a, frozenset(range(12)), frozenset(range(12)))
    >>> _single_after_town(ctx, 3, 4, 5, {3: "Town"}), _single_after_town(ctx, 9, 10, 11, {9: "Town"})
    (True, False)
    """
    ch = ctx.norm[start:p]
    lex = _lexicon()
    return (p - start == 1 and unit_kinds.get(start) in ("Town", "Subdistrict")
            and ctx.norm[p:q] == "村" and _is_name_char(ch) and ch not in FUNCTION_WORDS
            and ch not in DETERMINERS and ch not in lex.verbs and ch not in _QUALIFIERS
            and ch not in _UNIT_CHARS and ch not in _words().motion_verbs
            and (q >= len(ctx.norm) or not _is_name_char(ctx.norm[q]) or q in ctx.ends))


def _after_date(norm: str, start: int) -> int:
    """Where a name starts once the tail of a date or count before it is dropped
    (2025年白石街道: 年 closes the year).

    >>> _after_date("2025年白石街道", 4), _after_date("年丰村", 0)
    (5, 0)
    """
    if start > 0 and norm[start - 1].isdigit() and norm[start] in _DATE_TAILS:
        return start + 1
    return start


def _evaluative(body: str) -> bool:
    """True when the body starts with a word of praise: 最美村居 is an evaluation.

    >>> _evaluative("最美"), _evaluative("美丽")
    (True, False)
    """
    return body.startswith(_words().evaluative_heads)


def _epithet(body: str) -> bool:
    """True when a country-wide head and a product make the body: 中国绒乡 is a title of
    a place ("China's cashmere land"), no town.

    >>> _epithet("中国绒"), _epithet("中国茶香"), _epithet("中兴")
    (True, True, False)
    """
    head = next((h for h in _words().epithet_heads if body.startswith(h)), "")
    return bool(head) and 1 <= len(body) - len(head) <= 2


def _epithet_title(norm: str, start: int, name: str) -> bool:
    """True when an official name of a product and a unit word ends an epithet: 中国绒乡
    is a title even where a 绒乡 exists.

    >>> _epithet_title("打造中国绒乡", 4, "绒乡"), _epithet_title("打造白沙绒乡", 4, "绒乡")
    (True, False)
    """
    head = next((h for h in _words().epithet_heads if norm.endswith(h, 0, start)), "")
    return bool(head) and _epithet(head + name[:-1])


def _category_tail(body: str) -> bool:
    """True when a category word of two or more characters ends the body: 滨河康养社区 is
    a kind of community, written with where it lies.

    >>> _category_tail("滨河康养"), _category_tail("康养"), _category_tail("青山")
    (True, True, False)
    """
    return body.endswith(_words().category_tails)


def _negated(body: str) -> bool:
    """True when the body holds a negation: 大事不出社区 is a clause of a slogan.

    >>> _negated("大事不出"), _negated("大石")
    (True, False)
    """
    return any(n in body for n in _words().negations)


def _quantity_marked(body: str) -> bool:
    """True when the body ends in a word of quantity: 光伏整县推进 names no county, “专家百村行”
    no village.

    >>> _quantity_marked("光伏整"), _quantity_marked("专家百"), _quantity_marked("整溪")
    (True, True, False)
    """
    return body[-1] in _words().quantity_marks


def _returning_person(ctx: _Context, start: int, p: int) -> bool:
    """True when the body ends in a verb of motion written as a word of its own after a
    longer word: 返乡的李明华回村创业 is a person going home.

    >>> a = "李明华回村创业"
    >>> _returning_person(_Context(a, frozenset({0, 3, 4, 5}), frozenset({3, 4, 5})), 0, 4)
    True
    """
    return (p - start >= 3 and ctx.norm[p - 1] in _words().motion_verbs
            and p - 1 in ctx.starts)


def _describes(ctx: _Context, start: int, p: int, q: int) -> bool:
    """True when the unit word and the character before it make a descriptive noun (山村,
    水乡) that a qualifier heads or a unit's name follows: 这个小山村, 江南水乡白石镇.

    >>> a = "这个小山村；江南水乡白石镇；青山村"
    >>> ctx = _Context(a, frozenset({0, 2, 6, 8, 10, 13, 14}), frozenset())
    >>> _describes(ctx, 2, 4, 5), _describes(ctx, 6, 9, 10), _describes(ctx, 14, 16, 17)
    (True, True, False)
    """
    norm, words = ctx.norm, _words()
    if norm[p - 1:q] not in words.descriptive:
        return False
    head = norm[start:p - 1]
    follows = q < len(norm) and _SUFFIX_RE.search(norm, q, q + 8) is not None \
        and all(_is_name_char(c) for c in norm[q:q + 3])
    return head in words.qualifiers or head.endswith(tuple(w for w in words.qualifiers if len(w) > 1)) \
        or (follows and len(head) >= 2)


def _after_place_prefix(ctx: _Context, start: int, p: int) -> int:
    """Where the name starts once short forms of higher units glued before it are dropped
    (海南青山白石镇 → 白石镇); -1 when what remains is a single character, an epithet of the
    place (江州橙乡: "the orange land of 江州").

    >>> a = "海南三亚白石镇；江州橙乡；青山湾村"
    >>> ctx = _Context(a, frozenset({0, 2, 4, 8, 10, 14, 16}), frozenset(), frozenset({"海南", "三亚", "江州", "青山"}))
    >>> _after_place_prefix(ctx, 0, 6), _after_place_prefix(ctx, 8, 11), _after_place_prefix(ctx, 13, 16)
    (4, -1, 13)
    """
    norm = ctx.norm
    cur = start
    while True:
        short = next((s for s in ctx.shorts if norm.startswith(s, cur) and cur + len(s) in ctx.starts
                      and cur + len(s) < p), None)
        if short is None:
            return cur
        rest = p - cur - len(short)
        if rest < 2:
            return -1 if cur + len(short) in ctx.starts and norm[p:p + 1] == "乡" else cur
        cur += len(short)


def _body_verb(body: str) -> str:
    """The verb a name body is or ends in, else "": the whole body (推动 in 推动社区) or its
    last two characters after other words (当选 in 全票当选村), unless those end in a
    place-name generic (合营, 扎营 end village names).

    >>> _body_verb("推动"), _body_verb("全票当选"), _body_verb("白马"), _body_verb("西合营")
    ('推动', '当选', '', '')
    """
    actions = _words().actions
    if body in actions:
        return body
    tail = body[-2:]
    return tail if len(body) > 2 and tail in actions and tail[-1] not in PLACE_GENERICS else ""


def _introduced_by_word(ctx: _Context, start: int, unit_ends: Container[int]) -> bool:
    """True when a unit or a word that introduces a place (在, 位于, 选址) stands right before."""
    return start in unit_ends or (start > 0 and ctx.token_before(start)[1] in INTRODUCERS)


def _acts_on_unit(ctx: _Context, start: int, p: int, q: int, unit_ends: Container[int]) -> bool:
    """True when the body before a suffix is a verb whose object is the unit word
    (推动社区治理, 全票当选村党支部书记). A verb that official divisions bear as a name
    (跃进, 建设) names a unit unless a noun or a governance verb makes a compound with
    the unit word (建设社区食堂, 创新社区治理) where no place word, unit or list mark
    introduces it; the unit's organs make no compound (，跃进村党支部).

    >>> a = "，服务社区居民；在建设社区；，建设社区食堂；，跃进村被评为"
    >>> ctx = _Context(a, frozenset(range(len(a))), frozenset({21, 27, 29}))
    >>> [_acts_on_unit(ctx, s, s + 2, s + 2 + n, ()) for s, n in ((1, 2), (9, 2), (15, 2), (23, 1))]
    [True, False, True, False]
    """
    norm = ctx.norm
    verb = _body_verb(norm[start:p])
    if not verb:
        return False
    if verb not in _official_bodies():
        return True
    if _introduced_by_word(ctx, start, unit_ends) or (start > 0 and norm[start - 1] == "、"):
        return False
    if q >= len(norm) or norm.startswith(AFTER_UNIT_WORDS, q):
        return False
    follower = ctx.token_after(q)
    lex = _lexicon()
    return follower in lex.nouns or follower in GOVERNANCE_VERBS


def _is_slogan(ctx: _Context, start: int, p: int, unit_ends: Container[int]) -> bool:
    """True when the body and suffix make a four-character slogan (科技兴镇, 产业富村): an
    ordinary word and a slogan verb, unless a place word or a unit introduces them.

    >>> a = "坚持科技兴镇；位于科技兴镇"
    >>> [_is_slogan(_Context(a, frozenset({0, 2, 7, 9}), frozenset()), s, s + 3, ()) for s in (2, 9)]
    [True, False]
    """
    body = ctx.norm[start:p]
    if len(body) != 3 or body[2] not in _words().slogan_verbs:
        return False
    head = body[:2]
    if head in _lexicon().proper or head in _official_bodies():
        return False
    return not _introduced_by_word(ctx, start, unit_ends)


def _town_goes_on(text: str, pos: int) -> bool:
    """True when a place-name generic and a town suffix follow ``pos``, and they are no
    word of their own (集镇 is a market town: 白马村集镇 is the village's).

    >>> _town_goes_on("郭家村店乡", 3), _town_goes_on("白马村集镇", 3)
    (True, False)
    """
    m = _TOWN_GOES_ON.match(text, pos)
    return m is not None and not is_stop_word(m.group())


def _quoted(text: str, start: int, end: int) -> bool:
    """True when text[start:end] is wrapped whole in quote marks: a title (“五好村”)."""
    return (start > 0 and end < len(text) and text[start - 1] in _OPEN_QUOTES
            and text[end] in _CLOSE_QUOTES)


class _Taken:
    """Which characters already belong to a unit: a mask, so overlap tests cost O(span)."""

    def __init__(self, size: int):
        self.mask = bytearray(size)

    def free(self, start: int, end: int) -> bool:
        return not any(self.mask[start:end])

    def take(self, start: int, end: int) -> None:
        self.mask[start:end] = b"\x01" * (end - start)


def _select(ctx: _Context, officials: list[_Candidate]) -> list[_Candidate]:
    """Strong official names first (longest first), then the suffix grammar left to right,
    then weak official names that touch a unit already found or whose parent the article
    names."""
    chosen: list[_Candidate] = []
    taken = _Taken(len(ctx.norm))

    def keep(c: _Candidate) -> None:
        chosen.append(c)
        taken.take(c.start, c.end)

    for c in sorted((c for c in officials if not c.weak), key=lambda c: (c.start - c.end, c.start)):
        if taken.free(c.start, c.end):
            keep(c)
    kinds = {c.end: c.kind for c in chosen}
    official_starts = {c.start for c in officials}
    matches = list(_SUFFIX_RE.finditer(ctx.norm))
    # A 村 that a town's suffix follows closely (郭家村店乡) waits until that town is read.
    deferred = [m for m in matches if m.group() == "村" and _town_goes_on(ctx.norm, m.end())]
    for m in [m for m in matches if m not in deferred] + deferred:
        if taken.mask[m.start()]:
            continue
        c = _rule_candidate(ctx, m, kinds, official_starts)
        if c and taken.free(c.start, c.end):
            keep(c)
            kinds[c.end] = c.kind
    starts = {c.start for c in chosen}
    parent_named: dict[str, bool] = {}
    for c in (c for c in officials if c.weak):
        in_chain = (c.start in kinds and UNIT_DEPTH[kinds[c.start]] < UNIT_DEPTH[c.kind]) \
            or c.end in starts
        if not in_chain and c.name not in parent_named:
            parent_named[c.name] = _ancestor_named(c.name, ctx.norm)
        if (in_chain or parent_named[c.name]) and taken.free(c.start, c.end) \
                and not _ends_title(ctx, c):
            keep(c)
    return sorted(chosen, key=lambda c: c.start)


def _ends_title(ctx: _Context, c: _Candidate) -> bool:
    """True when an official name of a category word ends a quoted title: “云州市平安街道”
    is an honour, not the 平安街道 of that city.

    >>> a = "获评“云州市平安街道”"
    >>> _ends_title(_Context(a, frozenset(), frozenset()), _Candidate("Subdistrict", "平安街道", 6, 10))
    True
    """
    return (_is_category(gazetteer.strip_suffix(c.name)) and c.end < len(ctx.norm)
            and ctx.norm[c.end] in _CLOSE_QUOTES)


def _ancestor_named(name: str, text: str) -> bool:
    """True when the text names a province, city or county above some division called
    ``name``, in full or short (洛阳市 … 老城区, 北京 … 东城区).

    >>> _ancestor_named("老城区", "洛阳的老城区"), _ancestor_named("老城区", "老城区改造")
    (True, False)
    """
    for d in gazetteer.by_name(name):
        above = gazetteer.path(d)[:-1]
        # a province alone says little (a province … 城区) unless it is the direct parent (北京 … 东城区)
        for a in (a for a in above if a.level >= 2 or a is above[-1]):
            short = gazetteer.strip_suffix(a.name)
            if (short if len(short) >= 2 else a.name) in text:
                return True
    return False


def _codes(chosen: list[_Candidate]) -> dict[int, gazetteer.Division]:
    """Official divisions for the chosen names: namesakes by the chain they stand in
    (蕲春县青石镇 → the 青石镇 under that 蕲春县), unique names directly unless their chain
    contradicts them, then the rest by every other coded unit of the article."""
    chain_of: dict[int, list[int]] = {}
    chain: list[int] = []
    for i, c in enumerate(chosen):
        chain = chain + [i] if chain and chosen[chain[-1]].end == c.start else [i]
        for j in chain:
            chain_of[j] = chain
    resolved: dict[int, gazetteer.Division] = {}
    for _ in range(2):  # a second pass lets a name resolved late help its neighbours
        for i, c in enumerate(chosen):
            candidates = gazetteer.by_name(c.name)
            if i in resolved or not candidates:
                continue
            context = [d.code for j in chain_of[i] if j != i
                       for d in ([resolved[j]] if j in resolved else gazetteer.by_name(chosen[j].name))
                       if j in resolved or len(gazetteer.by_name(chosen[j].name)) == 1]
            if len(candidates) == 1:
                if not context or _related(candidates[0], context):
                    resolved[i] = candidates[0]
            elif context and (match := gazetteer.best_match(c.name, context)):
                resolved[i] = match
    article_codes = [d.code for d in resolved.values()]
    for i, c in enumerate(chosen):
        in_coded_chain = any(j in resolved for j in chain_of[i] if j != i)
        if i not in resolved and not in_coded_chain and len(gazetteer.by_name(c.name)) > 1:
            if match := gazetteer.best_match(c.name, article_codes):
                resolved[i] = match
    return resolved


def _related(d: gazetteer.Division, codes: list[str]) -> bool:
    mine = {a.code for a in gazetteer.path(d)}
    return any(code in mine or d.code in {a.code for a in gazetteer.path(other)}
               for code in codes if (other := gazetteer.by_code(code)))


def _short_forms(ctx: _Context, mentions: list[Mention]) -> Iterator[Mention]:
    """Short forms of units the article names in full: standalone after the full name
    (在青石，…), or anywhere glued before a lower unit (江南青石白马镇: 白马镇 partOf 青石县)."""
    norm = ctx.norm
    taken = _Taken(len(norm))
    for m in mentions:
        taken.take(m.start, m.end)
    seen: dict[str, Mention] = {}
    for m in mentions:
        if (m.kind in SHORT_KINDS or m.kind == "Province") and m.attr("short") is None:
            seen.setdefault(m.name, m)
    shorts: dict[str, Mention] = {}
    for name, m in seen.items():
        short = gazetteer.strip_suffix(name) if gazetteer.is_known(name) else \
            name[: -len(_written_suffix(name))] if _written_suffix(name) else ""
        if len(short) >= 2 and short not in FUNCTION_WORDS and short not in CATEGORY_WORDS:
            shorts.setdefault(short, m)
    if not shorts:
        return
    hits = [(i, i + len(s), s) for s in shorts for i in _find_all(norm, s)]
    hits = [h for h in hits if taken.free(h[0], h[1])]
    if not hits:
        return
    below: dict[int, str] = {m.start: m.kind for m in mentions}
    hit_ends = {e for _, e, _ in hits}
    found: list[Mention] = []
    # right to left, so a short glued before another short is seen after it (江南青石白马镇)
    for s, e, short in sorted(hits, reverse=True):
        full = shorts[short]
        glued = e in below and UNIT_DEPTH[below[e]] > UNIT_DEPTH[full.kind]
        if glued:
            if not (ctx.hard_left(s, set()) or s in hit_ends
                    or ctx.token_before(s)[1] in INTRODUCERS):
                continue
        else:
            if full.kind not in SHORT_KINDS or s < full.end or s not in ctx.starts \
                    or e not in ctx.ends:
                continue
            if not ctx.hard_left(s, set()) and ctx.token_before(s)[1] not in INTRODUCERS:
                continue
            if e < len(norm) and _is_name_char(norm[e]):
                follower = next((w for w in SHORT_FOLLOWERS if norm.startswith(w, e)), None)
                if follower is None or e + len(follower) not in ctx.ends:
                    continue
        code = full.attr("code")
        attrs = (("short", "1"),) + ((("code", code),) if code else ())
        below[s] = full.kind
        found.append(Mention(full.kind, full.name, s, e, attrs))
    yield from reversed(found)


def _find_all(text: str, sub: str) -> Iterator[int]:
    i = text.find(sub)
    while i >= 0:
        yield i
        i = text.find(sub, i + 1)


def _higher_shorts(hits: list[tuple[int, int, str]]) -> frozenset[str]:
    """Short forms of the provinces, cities and counties the article names in full.

    >>> sorted(_higher_shorts([(0, 3, "海南省"), (3, 6, "三亚市"), (6, 9, "青石镇")]))
    ['三亚', '海南']
    """
    shorts = set()
    for _, _, name in hits:
        if any(d.level <= 3 for d in gazetteer.by_name(name)):
            short = gazetteer.strip_suffix(name)
            if len(short) >= 2 and short != name:
                shorts.add(short)
    return frozenset(shorts)


_COUNT_WORDS = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_COUNTED_SUFFIX = r"(?P<count>[两二三四五六七八九十]|\d)个(?P<suffix>街道|社区|嘎查|苏木|镇|乡|村)"
_SHARED_SUFFIX = re.compile(r"(?P<items>[\u4e00-\u9fff]{2,4}(?:、[\u4e00-\u9fff]{2,4})+)"
                            + _COUNTED_SUFFIX)
# What _SHARED_SUFFIX needs: a text without it is spared that pattern's try at every Han
# character.
_HAS_COUNTED_SUFFIX = re.compile(_COUNTED_SUFFIX)


def _shared_suffix_units(norm: str) -> Iterator[_Candidate]:
    """Names listed before a count and one unit word share it: 西岚、启航两个街道 names
    西岚街道 and 启航街道. The count must equal the items, and the first item is read as
    long as the second (the words before it are no part of it).

    >>> [c.name for c in _shared_suffix_units("辖西岚、启航两个街道")]
    ['西岚街道', '启航街道']
    """
    if not _HAS_COUNTED_SUFFIX.search(norm):
        return
    for m in _SHARED_SUFFIX.finditer(norm):
        items = m.group("items").split("、")
        count = m.group("count")
        if _COUNT_WORDS.get(count, int(count) if count.isdigit() else 0) != len(items):
            continue
        kind, canonical = UNIT_SUFFIXES[m.group("suffix")]
        at = m.start("items") + len(items[0]) - len(items[1])
        items[0] = items[0][-len(items[1]):]
        for item in items:
            if item[-1] in _UNIT_CHARS or item[0] in DETERMINERS:
                break  # 全镇、各村两个…: already units or determiners, no names
            yield _Candidate(kind, item + canonical, at, at + len(item))
            at += len(item) + 1


def find(article: Article) -> Iterator[Mention]:
    """Every administrative unit named in the article, in text order.

    >>> [(m.kind, m.name, m.attr("alias")) for m in find(_article("白马村委会和东湖社区居委会"))]
    [('Village', '白马村', '白马村委会'), ('Community', '东湖社区', '东湖社区居委会')]
    """
    norm = article.norm
    hits = _gazetteer_hits(norm)
    if not hits and not any(m.start() and _is_name_char(norm[m.start() - 1])
                            for m in _SUFFIX_RE.finditer(norm)):
        return
    words = segment.words(norm)
    ctx = _Context(norm, words.starts, words.ends, _higher_shorts(hits))
    chosen = _select(ctx, _official_candidates(ctx, hits))
    shared = list(_shared_suffix_units(norm))
    chosen = sorted(shared + [k for k in chosen  # the list's reading wins (白沙三个街道)
                              if not any(c.start < k.end and k.start < c.end for c in shared)],
                    key=lambda c: c.start)
    codes = _codes(chosen)
    mentions = []
    for i, c in enumerate(chosen):
        attrs: list[tuple[str, str]] = []
        kind = c.kind
        if i in codes:
            d = codes[i]
            kind = d.kind
            attrs += [("code", d.code), ("level", str(d.level))]
        if c.alias:
            attrs.append(("alias", c.alias))
        mentions.append(Mention(kind, c.name, c.start, c.end, tuple(attrs)))
    yield from sorted([*mentions, *_short_forms(ctx, mentions)], key=lambda m: m.start)
