"""Projects: named construction, park, housing, school, road, water and investment works.

How Chinese reports name a project, and so how it is found:

1. By its type word at the end: ``…项目``, ``…工程``, ``…产业园``, ``…安置房``,
   ``…生产线``, ``…改扩建`` … (``work_tails`` of kg/lexicons/projects.toml). Schools, hospitals,
   roads, bridges, centres and the like (``built_tails``) are institutions or addresses as often as
   they are works, so they count only next to a construction word (新建东湖小学,
   东湖小学列入建设计划, 东湖卫生院建成投用): precision first.
2. By an enumeration that a cue calls projects: ``申报A、B、C等重点项目9个``,
   ``A、B等续建项目8个``, ``重点项目有A、B和C`` — the items need no type word
   (residential developments rarely have one); the cue's status (续建, 计划开工 …)
   applies to every item.

The left edge of a name is where the words of the sentence stop being part of it
(``NameText.candidate_starts``): after punctuation, 、, a governance verb or function word (推进, 实施,
引进, 的, 和 …, ``HARD_WORDS`` and jieba dictionary tags), or a figure. A name must keep
a specific part once the generic words at its edges are stripped (``specific_part``):
东湖新兴产业园 keeps 东湖, 新兴产业园 and 重点项目 keep nothing and are dropped.

The name is canonical without quote marks or spaces; ``X产业园项目`` is named
``X产业园`` with alias ``X产业园项目`` (so X产业园建设 elsewhere is the same project).

The helpers for name boundaries are shared with ``companies``.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, lru_cache
from itertools import compress, pairwise
from typing import Iterable, Iterator, Mapping

from .. import gazetteer, lexicons
from ..model import Article, Mention
from . import figures, segment, skipping

# ---------------------------------------------------------------------------------------
# Name boundaries (shared with companies)

QUOTES = "“”‘’「」『』\"'《》〈〉"
_OPEN_QUOTES = frozenset("“‘「『\"'")
_CLOSE_QUOTES = frozenset("”’」』\"'")
_QUOTE_RE = re.compile(f"[{re.escape(QUOTES)}\\s]")
# Clause boundaries: punctuation other than quote marks, 、 (handled per item), · and -.
# A space between Latin letters is part of a model name (Micro LED). The lookahead passes
# every other character with one test (the engine would try each branch there).
_BREAK_MARKS = r"，,；;。！!？?：:（()）【】\[\]…—～~|/*+=<>▲△■□●○◆◇★☆※→"
CLAUSE_BREAK = re.compile(rf"(?=[{_BREAK_MARKS}\s.])(?:[{_BREAK_MARKS}]|[^\S ]"
                          r"|(?<![A-Za-z]) | (?![A-Za-z])|(?<!\d)\.|\.(?!\d))")

# Governance verbs, adverbs and set phrases that stand before a name and never inside one.
HARD_WORDS = (
    "推进", "推动", "实施", "引进", "打造", "签约", "落地", "完成", "加快", "配合", "申报", "谋划",
    "启动", "争取", "招引", "落户", "入驻", "紧盯", "聚焦", "围绕", "包括", "推行",
    "助力", "协调", "督促", "跟踪", "实现", "开展", "参与", "承建", "筹建", "抓好", "抓实", "做好",
    "确保", "加速", "力促", "促进", "带动", "依托", "借助", "利用", "结合", "对接", "洽谈", "推介",
    "支持", "扶持", "帮助", "协助", "指导", "走访", "调研", "考察", "观摩", "视察", "检查", "参观",
    "督导", "调度", "坚持", "突出", "强化", "全力", "积极", "扎实", "大力", "持续", "深入", "着力",
    "稳步", "有序", "成功", "顺利", "正在", "已经", "列入", "纳入", "入选", "确定", "选定",
    "评为", "成为", "作为", "属于", "涉及", "涵盖", "新开工", "开工建设", "投资建设", "规划建设",
    "启动建设", "谋划建设", "加快建设", "组织", "召开", "举办", "举行", "瞄准", "锚定", "盯紧",
    "盯住", "紧扣", "对标", "抢抓", "统筹", "整合", "盘活", "落实", "布局", "兴建", "修建", "援建",
    "捐建", "建成", "建起", "承接", "中标", "通过", "按照", "根据", "经过", "其中", "以及", "还有",
    "同时", "今年", "去年", "明年", "目前", "当前", "近年来", "年内", "全年", "上半年", "下半年",
    "近期", "日前", "近日", "此前", "以来", "截至目前", "截至", "期间", "力争", "加紧", "新建",
    "续建", "开工", "竣工", "投产", "入股", "引导", "吸引", "服务于", "位于", "坐落",
    "拟", "筛选", "总投资", "全镇", "全县", "全区", "全市", "全乡", "全村", "全省",
    "该镇", "该县", "该区", "该市", "该乡", "该村", "该街道", "该社区", "我县", "我区", "我市",
    "我镇", "我乡", "本村", "辖区", "辖区内", "成立", "组建", "携手", "注册", "投用", "建成投用",
    "投入使用", "交付使用", "竣工投用", "现任", "担任", "曾任", "原任", "兼任", "就职于",
    "供职于", "任职于", "深化", "健全", "打响", "印发", "命名", "获批", "荣获", "培育", "动员",
    "部署", "做实", "做细", "做优", "做强", "做大", "壮大", "用好", "通车", "交房", "动工", "设计",
    "论证", "立项", "备案", "招标", "监理", "带队", "惠及", "主导", "分管", "包保", "联系", "获评",
    "主会场", "分会场", "扎根", "深耕", "选址", "选址于", "选址在", "交由", "交给", "委托", "分别",
    "引入", "运用", "借鉴", "践行", "学习借鉴",
)
# Single characters that end a name's left context only when jieba leaves them alone
# (和 in 和平路 is part of a word, 和 in 东湖和西山 is not).
FUNCTION_CHARS = frozenset("的了在把将对为由被与和及同等是有向从让使给经以于并或属其该到赴往还也")
# Dictionary tags of words that are no part of a name: verbs, prepositions, conjunctions,
# adverbs, pronouns. A tagged verb that does occur inside names is listed in INTERNAL.
_BOUNDARY_TAGS = frozenset({"v", "vd", "vi", "p", "c", "d", "ad", "r"})
# Verbs and adverbs of jieba's dictionary that name a work's content (安置房, 提标改造,
# 加装电梯, 旅游开发有限公司): inside a name they are not a boundary.
INTERNAL = frozenset((
    "安置", "改造", "提升", "治理", "开发", "迁建", "改建", "扩建", "改扩建", "排水", "处理",
    "种植", "制造", "孵化", "加固", "修复", "保护", "引水", "搬迁", "维修", "修缮", "加装", "烘干",
    "配送", "停车", "充电", "休闲", "度假", "露营", "采摘", "健身", "示范", "改善", "装配", "集聚",
    "振兴", "共享", "互联", "巩固", "开放", "转移", "集中", "回迁", "复建", "居住", "集散", "展示",
    "延伸", "扩容", "贯通", "打通", "连接", "托管", "定制", "更新", "一期", "二期", "三期", "四期",
    "提质", "提档", "升级", "整治", "加工", "生产", "养殖", "建设", "新建", "重建", "援建", "发展",
    "投资", "经营", "管理", "服务", "运输", "销售", "咨询", "培训", "研发", "检测", "储运", "冷藏",
    "仓储", "供应", "合作", "联合", "控股", "防洪", "灌溉", "调蓄", "蓄水", "引调", "防护", "监测",
    "检验", "屠宰", "酿造", "纺织", "印刷", "包装", "物流", "交易", "批发", "零售", "租赁", "融资",
    "担保", "结算", "保险", "储备", "应急", "避险", "救援", "消防", "教学", "实训", "研学", "疗养",
    "康复", "护理", "养老", "托育", "照料", "救助", "供热", "供暖", "供气", "供电", "发电", "储能",
    # what plants, farms and factories do (肉牛繁育基地, 再生铝项目, 显示模组项目)
    "繁育", "育种", "育苗", "饲养", "放养", "育肥", "改良", "再生", "回收", "回用", "降解", "处置",
    "拆解", "转化", "冷冻", "制冷", "精炼", "冶炼", "提取", "发酵", "烘焙", "制备", "封装", "组装",
    "装配", "集成", "铸造", "锻造", "焊接", "涂装", "分拣", "加注", "加氢", "节能", "减排", "显示",
    "抽水", "预制", "置换", "迁移", "腾退", "产能",
))
# Content verbs that begin a name's context as often as they sit inside a name (建设东湖小学,
# 东湖小学建设项目): a name may start after them, never with them.
SOFT_WORDS = frozenset(("建设", "改造", "提升", "开发", "发展", "管理", "服务", "投资", "企业",
                        "联合", "租赁", "租用"))
_QUANTITY_KEEP = re.compile(r"(?:年产|日产|年处理|日处理|年加工|年出栏|年屠宰|年吞吐|装机|库容)$")
# A figure or a model name: what a product's name holds and a sentence's words do not.
_PRODUCT_MARK = re.compile(r"[0-9A-Za-z]")
# Compounds whose second half is a governance verb elsewhere (利用闲置厂房 …).
_CONTENT_COMPOUND = re.compile(r"(?:回收|综合|循环|资源化|梯次|高效|清洁)利用|整(?:县|村|乡|镇)推进")
# A second product of one plant (年产50万吨新型建材和20万吨砂浆): the capacity keyword
# stands earlier in the same clause, with nothing but name characters between.
_PRODUCT_AND = re.compile(r"(?:年产|日产|年处理|日处理|年加工)[\w.]{1,24}[和及与、]$")


def _joins_products(norm: str, at: int) -> bool:
    """True when the capacity figure at ``at`` is the second product after 年产… and 和.

    >>> s = "建设年产50万吨新型建材和20万吨砂浆生产项目"
    >>> _joins_products(s, s.index("20")), _joins_products("东湖和20吨", 3)
    (True, False)
    """
    return bool(_PRODUCT_AND.search(norm, max(0, at - 30), at))


# Two roads of one crossing (东湖路与新港大道交叉口改造工程): the 与 is inside the name.
_JUNCTION = re.compile(r"(?:路|街|道)(?P<glue>[与和])[\u4e00-\u9fff]{1,8}?(?:路|街|大道|大街)"
                       r"(?:交叉口|交汇处|路口|节点)")

# Units of a work's capacity (3000吨, 5万头): such a figure may open a name
# (3000吨冷链仓储项目), and after a unit name it is inside one (白马村3000吨冷链仓储项目).
# Counted flats and machines (4690套安置房, 20台设备) are quantities, not names.
_CAPACITY_UNITS = frozenset(("吨", "公斤", "千克", "头", "只", "立方米"))
# What a plant's second product is counted in (年产2亿只结构件和5000万套连接器).
_PRODUCT_UNITS = _CAPACITY_UNITS | frozenset(("套", "台", "件", "片", "辆", "块", "支", "条", "个"))
_UNIT_END = re.compile(r"(?:[村镇乡县区市]|街道|社区)$")
_PHASE = re.compile(r"(?:[一二三四五六七八九十]|\d{1,2})期(?:工程|项目)?")
_PHASE_END = re.compile(f"{_PHASE.pattern}$")


@cache
def _boundary_words() -> frozenset[str]:
    """Multi-character words jieba's dictionary tags as verb, adverb, preposition, conjunction
    or pronoun (kept by kg.cache: reading the dictionary takes a third of a second)."""
    return segment.remembered_words("boundary-words", lambda: [frozenset(
        {word for word, _, tag in segment.jieba_dictionary()
         if len(word) > 1 and tag in _BOUNDARY_TAGS} - INTERNAL)])[0]


# A place's short form that is this frequent an ordinary word (比如, 前进, 资源) is no place
# in running text.
_COMMON_FREQ = 2000


@cache
def _places() -> frozenset[str]:
    """Names of provinces, cities and counties, official and without their suffix
    (德州市, 德州), and 中国: the regions that registered names begin with or bracket.
    Left out: names of one character before the suffix (城区, 矿区 are kinds of area) and
    short forms that are words of the sentence (新建, 振兴) or ordinary words."""
    return segment.remembered_words("places", lambda: [_found_places()])[0]


def _found_places() -> frozenset[str]:
    words = {w for w, freq, tag in segment.jieba_dictionary()
             if freq >= _COMMON_FREQ and tag != "ns"}
    words |= {*HARD_WORDS, *SOFT_WORDS, *INTERNAL, *GENERIC_WORDS}
    found = {"中国"}
    for name in gazetteer.names():
        body = gazetteer.strip_suffix(name)
        if len(body) >= 2 and any(d.level <= 3 for d in gazetteer.by_name(name)):
            found.add(name)
            if body not in words:
                found.add(body)
    return frozenset(found)


def is_place(name: str) -> bool:
    """True for the name of a province, city or county, with or without its suffix.

    >>> is_place("德州"), is_place("德州市"), is_place("比如"), is_place("白马村")
    (True, True, False, False)
    """
    return name in _places()


# A place in brackets inside a registered name: 华源（云溪）汽车部件有限公司.
_REGION = re.compile(r"[（(](?P<place>[\u4e00-\u9fff]{2,6})[）)]")
_NAME_CHAR = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")
_PLACE_MAX = 8


def region_bracket_at(norm: str, at: int) -> int:
    """The end of a bracketed province, city or county name that opens at ``at`` between
    two characters of a name, else -1.

    >>> s = "华源（德州）汽车部件有限公司（以下简称“华源”）"
    >>> region_bracket_at(s, 2), region_bracket_at(s, 14)
    (6, -1)
    """
    m = _REGION.match(norm, at)
    if m and at > 0 and _NAME_CHAR.match(norm, at - 1) and _NAME_CHAR.match(norm, m.end()) \
            and is_place(m["place"]):
        return m.end()
    return -1


def region_bracket_before(norm: str, end: int) -> int:
    """The start of the bracketed place name (as ``region_bracket_at``) that closes at
    ``end``, else -1.

    >>> region_bracket_before("华源（德州）汽车", 6)
    2
    """
    for at in range(end - 4, max(-1, end - _PLACE_MAX - 1), -1):
        if norm[at] in "（(":
            return at if region_bracket_at(norm, at) == end else -1
    return -1


def unbracket(name: str) -> str:
    """``name`` without the brackets around a place inside it.

    >>> unbracket("华源（德州）汽车部件有限公司")
    '华源德州汽车部件有限公司'
    """
    return _REGION.sub(lambda m: m["place"] if is_place(m["place"]) else m.group(), name)


def place_start(text: "NameText", lo: int, start: int) -> int:
    """``start`` moved left over a province, city or county name that a cut split off the
    name starting there (保定 and 包头 are verbs to jieba, 将 of 将乐 a function word), when
    the place lies in ``[lo, start]`` or runs into the name by whole words; else ``start``.

    >>> s = "近日，将乐禾旺食品有限公司投资的冷库开工"
    >>> s[place_start(NameText.of(s), 3, 4):13]
    '将乐禾旺食品有限公司'
    """
    norm, places = text.norm, _places()
    ends = [start, *(end for end in range(start + 1, min(len(norm), start - 1 + _PLACE_MAX) + 1)
                     if end in text.starts)]
    for at in range(max(lo, start - _PLACE_MAX), start):  # the leftmost place wins
        for end in ends:
            if end > at + _PLACE_MAX:
                break
            if norm[at:end] in places:
                return at
    return start


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, longest first so that 开工建设 beats 开工.

    >>> alternation(["开工", "开工建设"])
    '开工建设|开工'
    """
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


_HARD_RE = re.compile(alternation(HARD_WORDS))


@dataclass(frozen=True)
class _Cuts:
    """The name boundaries of one text that no recogniser's lexicon changes, found once per
    article for projects and companies alike."""
    starts: frozenset[int]
    strong: frozenset[int]                # ends of figures, function words, hard words
    cut_starts: frozenset[int]            # where those begin
    capacity: Mapping[int, int]
    inside: frozenset[int]                # ends of figures a name runs through
    quiet: frozenset[int]                 # offsets inside 年出栏, 日处理 …
    verbs: tuple[tuple[str, int, int], ...]  # the words a lexicon may or may not cut at


@lru_cache(maxsize=8)
def _cuts(norm: str) -> _Cuts:
    words = segment.words(norm)
    starts = words.starts
    ends: set[int] = set()
    cut_starts: set[int] = set()
    capacity: dict[int, int] = {}
    inside: set[int] = set()
    quiet: set[int] = set()
    joined: set[int] = set()          # offsets of 和 inside one product list
    for q in figures.scan(norm):
        joined.update(range(q.start, q.end))  # 800万把: the counter is no function word
        before = norm[max(0, q.start - 5):q.start]
        # 年产10万吨 and 白马村3000吨 belong to the name after them; other figures end
        # the context, and a capacity figure may still open the name.
        keep_word = _QUANTITY_KEEP.search(before)
        if q.unit in _PRODUCT_UNITS and _joins_products(norm, q.start):
            joined.add(q.start - 1)
            inside.add(q.end)
            continue
        if keep_word or (q.unit in _CAPACITY_UNITS and _UNIT_END.search(before)):
            inside.add(q.end)
            if keep_word:
                quiet.update(range(q.start - len(keep_word.group()), q.start))
            continue
        ends.add(q.end)
        if q.unit in _CAPACITY_UNITS:
            capacity[q.end] = q.start
            inside.add(q.end)
        else:
            cut_starts.add(q.start)
    strong = set(ends)
    joined.update(m.start("glue") for m in _JUNCTION.finditer(norm))
    compounds = {i for m in _CONTENT_COMPOUND.finditer(norm) for i in range(m.start(), m.end())}
    joined.update(i for i in compounds if i - 1 in compounds)  # 整县推进: 推进 is inside
    # 古廊桥修缮及步道提升项目: 及 after a content verb joins two works of one name
    if "及" in norm:
        joined.update(s for (prev, _, _), (w, s, _) in pairwise(words.spans)
                      if w == "及" and (prev in INTERNAL or prev.endswith("利用")))
    for m in _FUNCTION_CHAR.finditer(norm):
        s = m.start()
        if s in starts and s + 1 in words.ends and s not in joined:
            strong.add(s + 1)
            cut_starts.add(s)
    verbs = _verbs_or_soft()
    # “A项目”“B项目”: two quoted names side by side are two names
    strong.update(m.end() for m in re.finditer(r"[”」』](?=[“「『])", norm))
    for m in _HARD_RE.finditer(norm):
        if (m.end() in starts or m.end() == len(norm)) and m.start() not in compounds:
            strong.add(m.end())
            cut_starts.add(m.start())
    return _Cuts(starts, frozenset(strong), frozenset(cut_starts), capacity, frozenset(inside),
                 frozenset(quiet),
                 _spans_of(words, verbs, joined))


def _spans_of(words: segment.Words, wanted: frozenset[str], skipped: set[int]
              ) -> tuple[tuple[str, int, int], ...]:
    """The (word, start, end) of every word in ``wanted`` that does not start at an offset
    in ``skipped``, picked without a Python step per word (one word in ten is wanted).

    >>> _spans_of(segment.words("建设道路和建设桥梁"), frozenset({"建设"}), {5})
    (('建设', 0, 2),)
    """
    found, bounds = words.words, words.bounds
    return tuple((found[i], bounds[i], bounds[i + 1])
                 for i in compress(range(len(found)), map(wanted.__contains__, found))
                 if bounds[i] not in skipped)


_FUNCTION_CHAR = re.compile(f"[{''.join(sorted(FUNCTION_CHARS))}]")


@cache
def _verbs_or_soft() -> frozenset[str]:
    return _boundary_words() | SOFT_WORDS


@dataclass(frozen=True)
class NameText:
    """One article's text with what name boundaries need: jieba word starts, and the end
    offsets of every word that cannot be part of a name (its ``hard`` cuts) and of every
    inner content word a shorter name may follow (its ``soft`` cuts)."""
    norm: str
    starts: frozenset[int]
    hard: tuple[int, ...]                 # sorted offsets where the context before stops
    hard_starts: tuple[int, ...]          # sorted offsets where such a word begins
    soft: tuple[int, ...]                 # sorted ends of content verbs (建设, 改造 …)
    soft_starts: frozenset[int]
    capacity: Mapping[int, int]           # end → start of capacity figures that are cuts
    weak: Mapping[int, int]               # end → start of dictionary verbs that are cuts

    @classmethod
    def of(cls, norm: str, keep: frozenset[str] = frozenset()) -> "NameText":
        """The boundaries of ``norm``; words in ``keep`` (a recogniser's own lexicon) are
        never boundaries, whatever jieba's dictionary tags them (it calls 超市 a verb).

        >>> t = NameText.of("扎实推进东湖产业园建设")
        >>> t.candidate_starts(0, 7)    # a name ending before 产业园 starts after 推进
        [4]
        """
        cuts = _cuts(norm)
        boundary = _boundary_words()
        cut_starts = set(cuts.cut_starts)
        soft: set[int] = set()
        soft_starts: set[int] = set()
        weak: dict[int, int] = {}
        for word, s, e in cuts.verbs:
            if word in boundary and word not in keep:
                # a verb right after a capacity or a Latin model name is the product's
                # (3万吨再生铝, LED显示模组), not the sentence's; so is 出栏 of 年出栏
                if s in cuts.inside or s in cuts.quiet or (s > 0 and norm[s - 1].isascii()
                                                           and norm[s - 1].isalnum()):
                    continue
                weak[e] = s
                cut_starts.add(s)
            elif word in SOFT_WORDS:
                soft.add(e)
                soft_starts.add(s)
        strong = cuts.strong
        return cls(norm, cuts.starts, tuple(sorted(strong | set(weak))), tuple(sorted(cut_starts)),
                   tuple(sorted(soft)), frozenset(soft_starts), cuts.capacity,
                   {e: s for e, s in weak.items() if e not in strong})

    def next_hard_start(self, lo: int, hi: int) -> int:
        """The first offset in ``(lo, hi)`` where a verb, function word or figure begins,
        else ``hi``."""
        i = bisect.bisect_right(self.hard_starts, lo)
        return self.hard_starts[i] if i < len(self.hard_starts) and self.hard_starts[i] < hi else hi

    def starts_with_cut_word(self, at: int) -> bool:
        """True when a verb, function word or figure begins at ``at`` (a name cannot)."""
        if at in self.soft_starts:
            return True
        i = bisect.bisect_left(self.hard_starts, at)
        return i < len(self.hard_starts) and self.hard_starts[i] == at

    def context_floor(self, lo: int, end: int) -> int:
        """The offset after the last hard cut in ``(lo, end]``, else ``lo``: where an
        enumeration of names ending at ``end`` may begin."""
        i = bisect.bisect_right(self.hard, end) - 1
        return self.hard[i] if i >= 0 and self.hard[i] > lo else lo

    def floor(self, lo: int, end: int) -> int:
        """The leftmost offset a name ending at ``end`` may start at: after the last hard
        cut or 、 in ``[lo, end)``."""
        floor = self.context_floor(lo, end)
        comma = self.norm.rfind("、", floor, end)
        return comma + 1 if comma >= 0 else floor

    def candidate_starts(self, lo: int, end: int) -> list[int]:
        """Offsets a name ending at ``end`` may start at, nearest first; then the capacity
        figure right before the floor (建设3000吨冷链仓储项目 → 3000吨冷链仓储项目); then,
        past a dictionary verb, the starts before it when a figure or a model name there
        shows a product's name (年产5000吨锂电池正极材料: jieba calls 正极 a verb).

        >>> s = "建设3000吨冷链仓储项目"
        >>> NameText.of(s).candidate_starts(0, 11)
        [7, 2]
        >>> s = "建设年产5000吨锂电池正极材料项目"
        >>> NameText.of(s).candidate_starts(0, 16)
        [14, 2]
        """
        floor = self.floor(lo, end)
        found = [*self._inner(floor, end), floor]
        figure = self.capacity.get(floor)
        if figure is not None and figure >= lo:
            found.append(figure)
        while (verb := self.weak.get(floor)) is not None and verb > lo:
            below = self.floor(lo, verb)
            if not _PRODUCT_MARK.search(self.norm, below, verb):
                break
            found += [*self._inner(below, verb), below]
            floor = below
        return [s for s in found if not self.starts_with_cut_word(s)]

    def _inner(self, floor: int, end: int) -> list[int]:
        """Ends of content verbs in ``(floor, end)``, nearest ``end`` first."""
        return self.soft[bisect.bisect_right(self.soft, floor):bisect.bisect_left(self.soft, end)][::-1]


def clauses(norm: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each clause: text between punctuation other than quotes and 、.

    >>> list(clauses("推进东湖产业园，新建西山小学。"))
    [(0, 7), (8, 14)]
    >>> list(clauses("华源（德州）汽车部件有限公司（以下简称“华源”）"))
    [(0, 14), (15, 23)]
    """
    return iter(_clauses(norm))


@lru_cache(maxsize=8)
def _clauses(norm: str) -> tuple[tuple[int, int], ...]:
    """The clauses of a text, found once per article (projects and companies read them)."""
    found = []
    start = pos = 0
    # Every break is one character, so one scan finds them all; those inside a skipped
    # bracket are passed over.
    for m in CLAUSE_BREAK.finditer(norm):
        at = m.start()
        if at < pos:
            continue
        inside = region_bracket_at(norm, at) if m.group() in "（(" else -1
        if inside >= 0:
            pos = inside  # 华源（德州）汽车部件有限公司 is one name
            continue
        if at > start:
            found.append((start, at))
        start = pos = m.end()
    if start < len(norm):
        found.append((start, len(norm)))
    return tuple(found)


def canonical(s: str) -> str:
    """A name without quote marks and spaces.

    >>> canonical("“东湖夜市”项目")
    '东湖夜市项目'
    """
    return _QUOTE_RE.sub("", s)


def edge_strip(core: str, suffixes: re.Pattern, prefixes: re.Pattern) -> str:
    """``core`` without the generic words at its ends, repeatedly.

    >>> edge_strip("美丽乡村", _GENERIC_END, _GENERIC_START)
    ''
    """
    previous = None
    while core and core != previous:
        previous = core
        core = suffixes.sub("", core)
        core = prefixes.sub("", core)
    return core


# ---------------------------------------------------------------------------------------
# Project lexicons

# Type words ending a project name (``work_tails``: always a project) and the tails of
# institutions, addresses and named works (``built_tails``: a project only next to a
# construction word) come from kg/lexicons/projects.toml.
TYPE_SUFFIXES = lexicons.shipped()["projects"]["work_tails"]
GATED_SUFFIXES = lexicons.shipped()["projects"]["built_tails"]
_HOUSING = ("安置房", "安置区", "安置小区", "保障房")
_ORG_AFTER = re.compile(r"有限|股份|集团|公司|合作社")


@dataclass(frozen=True)
class _Vocabulary:
    """The lexicon's words compiled for one configuration (shipped plus the user's)."""
    type_end: re.Pattern          # a name ends in a tail
    work_end: re.Pattern          # it ends in a work's tail (or a phase)
    suffix: re.Pattern            # any tail
    gated: frozenset[str]         # tails that need a construction word
    after_work: re.Pattern        # the item before 、 in the same list is a work
    crowd: re.Pattern             # 众多项目, 部分项目, 实地看项目
    crowd_start: re.Pattern       # 一批冷链仓储中心, 多个光伏电站: a crowd of any kind of work
    sector_end: re.Pattern        # 白茶仓储物流 in a list is a sector
    content_cue: re.Pattern       # 主要建设 … parts of a work follow


@lexicons.per_configuration
def _vocabulary() -> _Vocabulary:
    work = lexicons.words("projects", "work_tails")
    built = lexicons.words("projects", "built_tails")
    tails = alternation((*work, *built))
    return _Vocabulary(
        type_end=re.compile(f"(?:{tails})$"),
        work_end=re.compile(f"(?:{alternation(work)}|期)$"),
        suffix=re.compile(tails),
        gated=frozenset(built) - frozenset(work),
        after_work=re.compile(f"(?:{alternation(work)})(?:[（(][^（()）]*[）)])?、[^、]*$"),
        crowd=re.compile(
            f"^{lexicons.alternation('projects', 'crowd_starts')}|"
            f"^{lexicons.alternation('projects', 'crowd_words')}$|"
            r"^(?:[省市县区镇乡村]|街道|社区)$|"
            f"{lexicons.alternation('projects', 'visit_endings')}$"),
        crowd_start=re.compile(f"^{lexicons.alternation('projects', 'crowd_starts')}"),
        sector_end=re.compile(f"{lexicons.alternation('projects', 'sector_endings')}$"),
        # 主要建设X、Y lists parts; 投资建设的Y names the work itself
        content_cue=re.compile(f"{lexicons.alternation('projects', 'content_cues')}(?!的)"
                               r"[^，,。；;！？]*$"),
    )
# Construction words that make a school or road a project when next to it.
_BUILD_BEFORE = re.compile(
    r"(?:新建|建设|建成|续建|开工建设|开工|改扩建|扩建|迁建|改建|筹建|规划建设|投资建设|启动建设|"
    r"谋划|动工|兴建|修建|援建|捐建|打造|启动)$")
_BUILD_AFTER = re.compile(
    r"^(?:[、和及与]|等|建设|改扩建|扩建|迁建|改建|新建|开工|竣工|完工|建成|投用|投入使用|主体|"
    r"设在|位于|落户|选址|坐落|"
    r"封顶|落成|交付|项目|工程|列入|纳入|于|已|正在|即将|顺利|正式|全面|基本|将|也|还|均|目前|"
    r"总投资|年度计划|计划|预计|完成投资|累计|占地|建筑面积|总建筑面积|$)")
_BUILD_WORD = re.compile(r"建设|建成|新建|开工|竣工|完工|投用|投入使用|封顶|落成|交付|施工|动工|"
                         r"改扩建|扩建|迁建|改建|兴建|修建|援建|捐建|筹建|总投资|计划投资|"
                         r"(?:正式|对外)开放|开业|揭牌|启用|投入运营")

# Words directly before 项目/工程 that make the phrase a category, not a name.
_COLLECTIVE = skipping.compile(
    r"(?:重点|重大|续建|新建|在建|计划开工|拟开工|新开工|开工|竣工|投产|签约|储备|招商|引资|民生|"
    r"政府投资|社会投资|产业|基础设施|公益|各类|各项|所有|全部|一批|亿元以上|千万元以上|"
    r"万元以上|[省市县区镇乡]级|[省市县区]重点|^(?:该|此|这|本|其|新|大|好|小|微)|有关|相关|上述|以上|同类|"
    r"配套|示范|试点|惠民|为民|利民|暖心|民心|德政|一把手|系统|形象|亮点|样板|精品|品牌|"
    r"民生实事|实事|好事|主要|每个|单个|各个|多个|投资|主体|附属|预算内|专项|这个|那个|这些|那些|"
    r"该批|此类|这类|在谈|在库|入库|技改|技术改造|PPP|专项债|以工代赈|衔接资金|乡村振兴|帮扶|扶贫|"
    r"援建|对口支援|协作|新基建|补短板|基建|前期|上级|争资|包装|谋划|招引|落地|落户|引进|合作|"
    r"共建|社会事业|城建|交通|水利|文旅|农业|工业|服务业|集体经济|资金|单体|"
    r"书记|党建|创投|志愿服务|志愿|文明实践|特色|创新|改革|服务|培训|活动|融资|"
    r"[一二两三四五六七八九十\d]+(?:个|号|大|项|批))(?:建设|投资)?$")

# A capacity in a name makes it one plant's, whatever kind word ends it.
_PRODUCT_NAME = re.compile(r"(?:年产|日产|年处理|日处理|年加工|年出栏|年屠宰)[\d一二三四五六七八九十两]")
# 项目 followed by a count heads a row of a count table (小河镇项目1个).
_COUNT_AFTER = re.compile(r"(?:共|有)?[\d一二三四五六七八九十两]+个")

# Generic words: what remains of a name without them must be specific.
GENERIC_WORDS = (
    # scope and stage
    "重点", "重大", "续建", "新建", "在建", "计划", "开工", "竣工", "投产", "签约", "储备", "招商",
    "引资", "民生", "各类", "各项", "所有", "全部", "一批", "省级", "市级", "县级", "区级", "镇级",
    "乡级", "村级", "国家级", "全国", "全省", "全市", "全县", "全区", "全镇", "全乡", "全村",
    "亿元以上", "千万元以上", "万元以上", "一期", "二期", "三期", "首期", "整体", "全域",
    # kinds of works and their content
    "产业", "工业", "农业", "商业", "服务业", "服务", "公共", "基础设施", "设施", "基础", "配套",
    "城市", "城乡", "乡村", "农村", "城镇", "新区", "园区", "片区", "老旧", "小区", "棚户区",
    "棚改", "保障性", "住房", "安置", "道路", "公路", "桥梁", "污水", "雨污", "管网", "供水",
    "排水", "供电", "燃气", "供热", "水利", "水系", "河道", "水环境", "生态", "环境", "人居环境",
    "人居", "绿化", "亮化", "美化", "硬化", "改造", "提升", "治理", "整治", "修复", "综合",
    "综合治理", "建设", "示范", "标准化", "高标准", "现代", "现代化", "新型", "智慧", "智能",
    "数字", "数字化", "绿色", "低碳", "文明", "美丽", "和美", "宜居", "幸福", "特色", "优质",
    "高端", "高效", "高新", "新兴", "先进", "战略性", "新能源", "能源", "光伏", "储能", "电站",
    "风电", "发电", "物流", "仓储", "冷链", "商贸", "文化", "体育", "旅游", "文旅", "康养", "养老", "托育",
    "教育", "医疗", "卫生", "健康", "科技", "创新", "创业", "孵化", "电商", "制造", "装备",
    "加工", "食品", "农产品", "种植", "养殖", "蔬菜", "果蔬", "大棚", "厂房", "标准", "民宿",
    "景区", "公园", "广场", "停车场", "充电桩", "垃圾", "处理", "中转站", "厕所", "学校", "小学",
    "中学", "幼儿园", "医院", "卫生院", "中心", "服务中心", "党群", "便民", "为民", "惠民", "暖心",
    "民心", "德政", "一把手", "系统", "形象", "亮点", "样板", "精品", "试点", "项目", "工程",
    "一体化", "提标", "扩容", "升级", "改扩建", "扩建", "迁建", "改建", "加装", "电梯", "维修",
    "修缮", "烘干", "搬迁", "安全", "饮水", "巩固", "防汛", "防洪", "灌溉", "高速", "铁路",
    "交通", "市政", "水库", "工厂", "产业园", "工业园", "基地", "生产线", "组件", "材料", "新材料",
    "精深", "深加工", "集聚区", "开发区", "开发", "经济", "产业链", "智能化", "信息化", "网络",
    "通信", "5G", "数据", "算力", "电力", "电网", "变电站", "充电", "停车", "农田", "土地",
    "整理", "复垦", "造林", "森林", "湿地", "河湖", "堤防", "水土保持", "农贸", "市场", "集贸",
    "党建", "阵地", "平台", "驿站", "书屋", "文化站", "民居", "房屋", "危房", "农房", "保障",
    "应急", "消防", "人民", "中心城区", "游客", "市民", "群众", "居民", "志愿", "政务", "邻里",
    "新时代", "文明实践", "实践", "活动", "服务站", "工作站", "综合服务", "便民服务", "更新",
    "中央", "预算内", "主体", "附属", "门诊楼", "住院楼", "病房楼",
    # how a line or plant works, not which one it is
    "自动化", "全自动", "半自动", "数控", "柔性", "无人化", "流水线", "车间", "生产", "闲置",
    "社区",
) + TYPE_SUFFIXES + GATED_SUFFIXES
_GENERIC_END = re.compile(f"(?:{alternation(GENERIC_WORDS)})$")
_KEEP = frozenset(GENERIC_WORDS)
# At the start also: deictics, time, batches and a lone level character (县第二人民医院).
_GENERIC_START = re.compile(
    f"^(?:{alternation(GENERIC_WORDS)}|该|本|我|其|辖区|[省市县区镇乡村]|"
    r"\d{4}年(?:度)?|(?:今|去|明)年(?:度)?|第[一二三四五六七八九十\d]+[批个期次轮])")
_ORDINAL = re.compile(r"第[一二三四五六七八九十百\d]+")
_UNIT_MAX = 12
_VILLAGE = re.compile(r"[\u4e00-\u9fff]{2,5}?(?:村|社区)")
_UNIT_PREFIX = re.compile(r"^[\u4e00-\u9fff]{2,7}?(?:街道|社区|[镇乡村])")
_UNIT_NAME = re.compile(r"^[\u4e00-\u9fff]{1,8}(?:省|市|区|县|州|盟|旗|镇|乡|街道)$")
# 区 that ends a kind of area, not a district: 度假区, 景区, 园区, 片区, 新区 …
_AREA_QU = skipping.compile(r"(?:度假|景|园|片|新|开发|示范|商务|功能|集聚|保护|核心|起步|试验|"
                            r"实验|产业|工业|安置|社|校|城|街|小|库|矿|站|港|物流|服务|商贸|科技)区$|小镇$")


def is_unit_name(name: str) -> bool:
    """True for a name shaped like an administrative unit's.

    >>> is_unit_name("云溪县"), is_unit_name("青石温泉度假区"), is_unit_name("东湖街道")
    (True, False, True)
    """
    return bool(_UNIT_NAME.match(name)) and not _AREA_QU.search(name)


_QUOTED_ONLY = re.compile(f"^[{re.escape(QUOTES)}][^{re.escape(QUOTES)}]+[{re.escape(QUOTES)}]$")

# Numbers and separators make a quoted term a slogan (一事一议, 3+2, 百千万).
_SLOGAN = re.compile(r"[一二三四五六七八九十百千万\d+·]")

OK, CONTINUE, STOP = "ok", "continue", "stop"


def specific_part(core: str) -> str:
    """What is left of a name's core (the name without its type suffix) once the generic
    words at its ends are gone; a name needs at least two characters of it.

    >>> specific_part("东湖新兴"), specific_part("农村人居环境整治提升"), specific_part("县第二人民")
    ('东湖', '', '第二')
    """
    stripped = edge_strip(canonical(core), _GENERIC_END, _GENERIC_START)
    return stripped


@lexicons.per_name
def judge(core: str, suffix: str) -> str:
    """OK when ``core`` + ``suffix`` names one project, CONTINUE when the name may still
    start further left, STOP when no start can make it a name.

    >>> judge("东湖新兴", "产业园"), judge("", "项目"), judge("东湖街道重点", "项目")
    ('ok', 'continue', 'stop')
    >>> judge("村级“一事一议”", "项目"), judge("“白鹭湾”", "安置房")    # a campaign; a name
    ('stop', 'ok')
    """
    core = re.sub(r"\s", "", core)
    if suffix in ("项目", "工程") and _COLLECTIVE.search(canonical(core)) \
            and not _PRODUCT_NAME.search(core):
        return STOP  # 技改项目 is a kind; 面业年产20万吨面粉技改项目 one plant's
    quoted = _QUOTED_ONLY.match(edge_strip(core, _GENERIC_END, _GENERIC_START))
    if quoted and (suffix == "工程" or suffix == "项目" and _SLOGAN.search(quoted.group())):
        return STOP  # “千村示范”工程, “一事一议”项目: campaigns; “白鹭湾”安置房 is a name
    rest = specific_part(core)
    if suffix in _HOUSING and is_unit_name(rest):
        return STOP  # 云溪县安置房: every resettlement flat of a county, not one project
    if suffix in ("项目", "工程") and _vocabulary().crowd.search(core):
        return STOP  # 众多项目, 实地看项目: a crowd or a visit, not one project
    if _vocabulary().crowd_start.search(core):
        return STOP  # 一批冷链仓储中心, 多个光伏电站: a crowd of any kind of work
    if len(rest) < 2 and not _ORDINAL.search(core):
        return CONTINUE
    return OK


# ---------------------------------------------------------------------------------------
# Recognisers

# An enumeration closed by 等…项目: A、B、C等重点项目9个 / A等计划开工项目1个 / A等3个项目.
_MODIFIER = (r"(?:[省市县区]级|[省市县区])?(?:重点|重大|续建|新建|在建|计划开工|拟开工|新开工|开工|"
             r"竣工|投产|签约|储备|招商|产业|民生|基础设施|建设|亿元以上|千万元以上)")
_ENUM_CLOSE = re.compile(rf"等(?:[\d一二三四五六七八九十]+个|一批)?(?P<mods>(?:{_MODIFIER})*)项目")
# An enumeration opened by a projects cue: 重点项目有A、B和C / 项目包括A、B.
_ENUM_OPEN = skipping.compile(
    rf"(?P<mods>(?:{_MODIFIER})+)项目(?:主要)?(?P<cue>有)|"
    rf"(?P<mods2>(?:{_MODIFIER})*)项目(?:主要)?(?P<cue2>包括|涵盖|涉及)")
# An enumeration counted without 等: A、B、C三个重点项目.
_ENUM_COUNT = re.compile(rf"(?:两|[三四五六七八九十]|\d+)个(?P<mods>(?:{_MODIFIER})*)项目")
_STATUS = ("计划开工", "拟开工", "新开工", "续建", "新建", "在建", "开工", "竣工", "投产", "签约",
           "储备")
_STATUS_BEFORE = {"新建": "新建", "续建": "续建", "开工建设": "开工", "新开工": "开工",
                  "签约": "签约", "建成": "竣工", "投资建设": "新建", "规划建设": "计划",
                  "筹建": "计划", "谋划": "计划", "启动建设": "开工"}
_STATUS_BEFORE_LONGEST = sorted(_STATUS_BEFORE.items(), key=lambda kv: -len(kv[0]))
_STATUS_AFTER = re.compile(
    r"(?:已经|已|顺利|正式|成功|全面|基本|主体)*(?P<s>开工建设|开工|竣工|完工|建成|投产|签约|落地|封顶|投用)")
_STATUS_AFTER_MAP = {"开工建设": "开工", "完工": "竣工", "建成": "竣工", "投用": "竣工"}
_ITEM_MAX = 16
_AREA_UNITS = ("mu", "m2", "ha", "km2")
_NAME_MAX = 50


@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    name: str
    aliases: tuple[str, ...] = ()
    status: str = ""


def _status_of(mods: str) -> str:
    for word in _STATUS:
        if word in mods:
            return word
    return ""


@lexicons.per_name
def canonical_project(written: str) -> tuple[str, tuple[str, ...]]:
    """The name and aliases of a project as written: without a phase (一期) and without
    项目 after a type word, so X产业园, X产业园项目 and X产业园项目一期 are one project.

    >>> canonical_project("东湖物流园项目一期"), canonical_project("“东湖夜市”项目")
    (('东湖物流园', ('东湖物流园项目一期', '东湖物流园项目')), ('东湖夜市项目', ()))
    >>> canonical_project("青石镇滨岸产业园")
    ('青石镇滨岸产业园', ('滨岸产业园',))
    >>> canonical_project("华源（德州）汽车部件有限公司年产5万套座椅项目")
    ('华源德州汽车部件有限公司年产5万套座椅项目', ('华源（德州）汽车部件有限公司年产5万套座椅项目', '年产5万套座椅项目'))
    """
    name = canonical(written)
    aliases = []
    if (plain := unbracket(name)) != name:
        aliases.append(name)
        name = plain
    inner = _innermost_unit(name)
    if inner:
        aliases.append(name)
        name = name[inner:]
    phase = _PHASE_END.search(name)
    if phase and phase.start() > 0:
        aliases.append(name)
        name = name[:phase.start()]
    if name.endswith("项目") and _vocabulary().type_end.search(name[:-2]):
        aliases.append(name)
        name = name[:-2]
    unit = _UNIT_PREFIX.match(name)
    # 青岭镇滨岸产业园 is 滨岸产业园 in the next line; 第五幼儿园 alone could be any town's.
    if unit and len(_ORDINAL.sub("", specific_part(name[unit.end():]))) >= 2 \
            and _vocabulary().type_end.search(name):
        aliases.append(name[unit.end():])
    company = _COMPANY_HEAD.match(name)
    if company and _judge_whole(name[company.end():]) == OK:
        aliases.append(name[company.end():])  # the work without its investor
    aliases += _quoted_alias(written)
    return name, tuple(aliases)


_QUOTED_PART = re.compile(r"[“「『\"](?P<short>[^“”「」『』\"]{2,12})[”」』\"]")


def _quoted_alias(written: str) -> list[str]:
    """The quoted short name inside a longer project name, which the article may use alone:
    “甘泉坊”年产30万吨饮用水项目 → 甘泉坊; nothing when the quote is the whole name but its
    type word (“东湖夜市”项目) or a slogan.

    >>> _quoted_alias("“甘泉坊”年产30万吨饮用水项目"), _quoted_alias("“东湖夜市”项目")
    (['甘泉坊'], [])
    """
    m = _QUOTED_PART.search(written)
    if m is None or _SLOGAN.search(m["short"]):
        return []
    rest = written[:m.start()] + written[m.end():]
    if not rest or _vocabulary().type_end.fullmatch(rest) or len(specific_part(m["short"])) < 2:
        return []
    return [m["short"]]


# The investor's registered name opening a project's name: 华源汽车部件有限公司年产…项目.
_COMPANY_HEAD = re.compile(r".{2,}(?:股份有限公司|有限责任公司|有限公司|集团公司|公司|集团)")


def _judge_whole(name: str) -> str:
    """``judge`` on a whole name, split at its type word (STOP without one).

    >>> _judge_whole("年产5万套座椅项目"), _judge_whole("光伏产业园"), _judge_whole("座椅")
    ('ok', 'continue', 'stop')
    """
    suffix = _vocabulary().type_end.search(name)
    return judge(name[:suffix.start()], suffix.group()) if suffix else STOP


# Words for a town's or county's built-up area that the gazetteer also lists as districts
# of some city (城区): in a project's name they say where in the county, not which county.
TOWN_PROPER = frozenset(("城区", "市区", "县城", "镇区", "老城区", "主城区", "中心城区"))


def _innermost_unit(name: str) -> int:
    """Where the last of two or more chained unit names at the start of ``name`` begins,
    when a specific name follows them (云溪省白石市青石镇白马村柑橘园 is 白马村柑橘园); else 0.

    >>> n = "河南省郑州市惠济区东湖产业园"
    >>> n[_innermost_unit(n):], _innermost_unit("惠济区东湖产业园")
    ('惠济区东湖产业园', 0)
    """
    starts, pos = [], 0
    while True:
        end = next((i for i in range(min(len(name), pos + _UNIT_MAX), pos + 1, -1)
                    if gazetteer.is_known(name[pos:i]) and name[pos:i] not in TOWN_PROPER), None)
        if end is None:
            break
        starts.append(pos)
        pos = end
    village = _VILLAGE.match(name, pos)
    if starts and village:
        starts.append(pos)
        pos = village.end()
    if len(starts) < 2 or len(specific_part(name[pos:])) < 2:
        return 0
    return starts[-1]


def _chains(text: NameText, lo: int, hi: int) -> Iterator[tuple[int, int, str]]:
    """Type-word runs in [lo, hi) as (start, end, last type word): adjacent type words and
    a phase form one run (中心小学教学楼, 产业园项目一期); an institution's type word after
    a work's does not (产业园项目一期|厂房).

    >>> s = "东湖产业园项目一期厂房"
    >>> [s[a:b] for a, b, _ in _chains(NameText.of(s), 0, len(s))]
    ['产业园项目一期', '厂房']
    """
    norm = text.norm
    pos = lo
    while True:
        m = _vocabulary().suffix.search(norm, pos, hi)
        if m is None:
            return
        start, end, last = m.start(), m.end(), m.group()
        while True:
            phase = _PHASE.match(norm, end, hi)
            if phase:
                end = phase.end()
                break
            nxt = _vocabulary().suffix.match(norm, end, hi)
            if nxt is None or (nxt.group() in _vocabulary().gated and last not in _vocabulary().gated):
                break
            end, last = nxt.end(), nxt.group()
        yield start, end, last
        pos = end


# How far back a list item may look for the work item before its 、 (across a bracket).
_ITEM_BACK = 40


def _gated_ok(norm: str, clause_lo: int, clause_hi: int, start: int, end: int) -> bool:
    """A school, road or centre at [start, end) is a work: a construction word stands in its
    clause, or it follows a work in a list (东湖产业园项目、西山示范基地), and what follows
    it is a construction word, an enumeration or the clause end.

    >>> s = "东湖小学列入建设计划"
    >>> _gated_ok(s, 0, len(s), 0, 4), _gated_ok("东湖小学教师队伍建设", 0, 10, 0, 4)
    (True, False)
    >>> s = "来到东湖物流园项目、西山种养基地"
    >>> _gated_ok(s, 0, len(s), 11, len(s))
    True
    >>> s = "白马镇西山种养基地，总投资1.2亿元"
    >>> _gated_ok(s, 0, 9, 3, 9)
    True
    """
    before = norm[clause_lo:start]
    after = norm[end:clause_hi]
    if not _BUILD_AFTER.match(after):
        return False
    return bool(_BUILD_BEFORE.search(before) or _BUILD_WORD.search(norm[clause_lo:clause_hi])
                or _vocabulary().after_work.search(norm, max(0, clause_lo - _ITEM_BACK), start) or _INVESTMENT_NEXT.match(norm, clause_hi)
                or _AREA_THEN_INVESTMENT.match(norm, end))


# The next clause gives the investment in it (西山种养基地，总投资1.2亿元).
_INVESTMENT_NEXT = re.compile(r"[，,（(](?:项目|该基地|基地)?(?:计划)?(?:总投资|年度计划投资|计划投资|投资)"
                              r"(?:约|达|超)?[\d一二三四五六七八九十两]")


# Its land and floor area, then the investment in it, in one sentence (东湖服务中心占地3200
# 平方米，建筑面积1450平方米，总投资260万元): a building described as a work.
_AREA_THEN_INVESTMENT = re.compile(r"(?:占地|建筑面积|总建筑面积|用地)[^。；;！？\n]{0,40}?"
                                   r"(?:总投资|计划投资|投资)(?:约|达|超|逾)?[\d一二三四五六七八九十两]")


def _suffix_names(text: NameText, lo: int, hi: int) -> Iterator[_Found]:
    """Names of the clause [lo, hi) that end in a type word.

    >>> s = "扎实推进白鹭夜市项目"
    >>> [f.name for f in _suffix_names(NameText.of(s), 0, len(s))]
    ['白鹭夜市项目']
    """
    norm = text.norm
    for chain_start, chain_end, last in _chains(text, lo, hi):
        if chain_end not in text.starts and chain_end != hi:
            continue  # 工程师, 小学生: the type word is inside a longer word
        if _ORG_AFTER.match(norm, chain_end, hi):
            continue  # 云溪水利建筑工程有限公司 is a company
        if last in _vocabulary().gated and (not _gated_ok(norm, lo, hi, chain_start, chain_end)
                               or _vocabulary().work_end.search(norm, lo, chain_start)):
            continue  # 东湖产业园项目一期厂房: the building is part of the work named before
        chain = norm[chain_start:chain_end]
        if _COUNT_AFTER.match(norm, chain_end) and last == "项目":
            continue  # 小河镇项目1个: a row of a count table
        for start in _product_starts(text, lo, chain_start):
            start = place_start(text, lo, start)
            if chain_end - start > _NAME_MAX:
                break
            if norm[start] in _OPEN_QUOTES and norm[chain_end:chain_end + 1] in _CLOSE_QUOTES \
                    and not (last == "项目" and _quoted_project(norm[start + 1:chain_start])):
                break  # “千万工程”, “一号工程”: a quoted whole is a campaign's name
            verdict = judge(unbracket(norm[start:chain_start]), chain)
            if verdict == CONTINUE:
                continue
            if verdict == OK:
                name, aliases = canonical_project(norm[start:chain_end])
                yield _Found(start, chain_end, name, aliases,
                             _adjacent_status(norm, lo, hi, start, chain_end))
            break


def _product_starts(text: NameText, lo: int, end: int) -> list[int]:
    """``candidate_starts``, but none after a capacity keyword that the name runs from
    (年产5万立方米竹木复合板材生产线: jieba's verb 复合 is no edge once 年产 came).

    >>> s = "岭峰竹业有限公司年产5万立方米竹木复合板材生产线"
    >>> t = NameText.of(s)
    >>> t.candidate_starts(0, 21)[0], _product_starts(t, 0, 21)[0]
    (19, 0)
    """
    starts = text.candidate_starts(lo, end)
    keyword = None
    for keyword in _PRODUCT_NAME.finditer(text.norm, lo, end):
        pass
    if keyword is None or any(keyword.start() < h <= end and h not in text.weak
                              for h in text.hard) \
            or re.search(r"[”」』]", text.norm[keyword.end():end]):
        return starts  # a cut or a closing quote ends the product's name first
    return [s for s in starts if s <= keyword.start()]


def _quoted_project(core: str) -> bool:
    """A quoted whole ending in 项目 is one project's name (“禾川智慧农场项目”) unless it reads
    as a slogan (“一村一品”项目 keeps its numbers outside a product's capacity).

    >>> _quoted_project("禾川智慧农场"), _quoted_project("年产20万吨饲料加工"), _quoted_project("一村一品")
    (True, True, False)
    """
    return bool(_PRODUCT_NAME.search(core)) or not _SLOGAN.search(core)


def _adjacent_status(norm: str, lo: int, hi: int, start: int, end: int) -> str:
    """The status a verb right before or after the name at [start, end) gives it.

    >>> s = "新建东湖小学，西山产业园顺利投产"
    >>> _adjacent_status(s, 0, 6, 2, 6), _adjacent_status(s, 7, 16, 7, 12)
    ('新建', '投产')
    """
    before = norm[max(lo, start - 4):start]
    for word, status in _STATUS_BEFORE_LONGEST:
        if before.endswith(word):
            return status
    m = _STATUS_AFTER.match(norm, end, hi)
    if m:
        return _STATUS_AFTER_MAP.get(m["s"], m["s"])
    return ""


def _item_ok(item: str) -> bool:
    """An enumeration item that reads as a project's name: with a type word, a name that
    ``judge`` accepts; without, short, specific, no activity (道路硬化), unit or figure.

    >>> _item_ok("白马花园"), _item_ok("道路硬化"), _item_ok("青石镇"), _item_ok("东湖小学")
    (True, False, False, True)
    """
    tail = re.search(f"(?:{_vocabulary().suffix.pattern})+$", item)
    if tail and len(item) <= _NAME_MAX:
        return judge(item[:tail.start()], tail.group()) == OK
    name = canonical(item)
    if not 2 <= len(name) <= _ITEM_MAX or _vocabulary().sector_end.search(name):
        return False
    if is_unit_name(name) or (re.search(r"\d", name) and not re.search(r"[A-Za-z]", name)):
        return False
    return len(specific_part(name)) >= 2


def _split_items(text: NameText, lo: int, hi: int) -> list[tuple[int, int]]:
    """Item spans of an enumeration in [lo, hi): split at 、 and between quoted names side by
    side (“A”“B”), the last at 和/及/与 when jieba leaves it a word of its own.

    >>> s = "东湖花园、西山广场和白石大桥"
    >>> [s[a:b] for a, b in _split_items(NameText.of(s), 0, len(s))]
    ['东湖花园', '西山广场', '白石大桥']
    >>> s = "“环保纸箱”“光伏电站”"
    >>> [s[a:b] for a, b in _split_items(NameText.of(s), 0, len(s))]
    ['“环保纸箱”', '“光伏电站”']
    """
    norm = text.norm
    spans, start = [], lo
    for m in re.finditer(r"、|(?<=[”」』])(?=[“「『])", norm[lo:hi]):
        spans.append((start, lo + m.start()))
        start = lo + m.end()
    spans.append((start, hi))
    s, e = spans[-1]
    for m in re.finditer(r"以及|和|及|与", norm[s:e]):
        at = s + m.start()
        if at in text.starts and s + m.end() in text.starts and at > s and s + m.end() < e:
            spans[-1:] = [(s, at), (s + m.end(), e)]
            break
    return [(a, b) for a, b in spans if b > a]


def _item_start(text: NameText, lo: int, end: int) -> int | None:
    """Where the first item of an enumeration starts: the nearest start that makes a name.

    >>> s = "经过综合筛选申报白鹭花园"
    >>> s[_item_start(NameText.of(s), 0, len(s)):]
    '白鹭花园'
    """
    for start in text.candidate_starts(lo, end):
        if _item_ok(text.norm[start:end]):
            return start
    return None


def _enumeration_names(text: NameText, lo: int, hi: int) -> Iterator[_Found]:
    """Items of the clause [lo, hi) that an enumeration cue calls projects.

    >>> s = "其中，西岭理想城、云青铁路安置房等续建项目8个"
    >>> [(f.name, f.status) for f in _enumeration_names(NameText.of(s), 3, len(s))]
    [('西岭理想城', '续建'), ('云青铁路安置房', '续建')]
    """
    norm = text.norm
    clause = norm[lo:hi]
    close = _ENUM_CLOSE.search(clause)
    if close:
        items = _split_items(text, lo, lo + close.start())
        after = _STATUS_AFTER.match(norm, lo + close.end(), hi)
        status = _status_of(close["mods"]) or (
            _STATUS_AFTER_MAP.get(after["s"], after["s"]) if after else "")
        yield from _items(text, items, status)
    else:
        count = _ENUM_COUNT.search(clause)
        if count and ("、" in clause[:count.start()] or _SIDE_BY_SIDE.search(clause, 0, count.start())):
            items = _split_items(text, lo, lo + count.start())
            yield from _items(text, items, _status_of(count["mods"]))
    open_ = _ENUM_OPEN.search(clause)
    cue_end = lo + open_.end() if open_ else -1
    # 有 of 有序 is no cue: the cue must be a word of its own.
    if open_ and cue_end in text.starts \
            and lo + open_.start("cue" if open_["cue"] else "cue2") in text.starts \
            and not _names_parts(text, lo, open_, lo):
        body_end = norm.find("等", cue_end, hi)
        if body_end >= 0 and SECTOR_LIST.match(norm, body_end):
            return  # 项目涵盖电子新材料、智能装备等多个领域: sectors, not projects
        items = _split_items(text, cue_end, body_end if body_end >= 0 else hi)
        yield from _items(text, items, _status_of(open_["mods"] or open_["mods2"] or ""))


# 等 closing a list of sectors or fields, not of works or companies.
SECTOR_LIST = re.compile(r"等(?:[\d一二两三四五六七八九十多]+个)?(?:多个|各个|重点|新兴|主导)?"
                         r"(?:领域|行业|产业|业态|方面|类别|门类|板块|赛道)")


_SIDE_BY_SIDE = re.compile(r"[”」』][“「『]")


def _names_parts(text: NameText, lo: int, cue: re.Match, offset: int) -> bool:
    """True when 项目包括 follows one named project (or 该项目): what it lists are the
    project's parts (青山湾康养项目包括村史馆、休闲公园), not projects.

    >>> s = "青山湾康养项目包括村史馆、休闲公园"
    >>> _names_parts(NameText.of(s), 0, _ENUM_OPEN.search(s), 0)
    True
    >>> s = "今年重点项目包括东湖产业园"
    >>> _names_parts(NameText.of(s), 0, _ENUM_OPEN.search(s), 0)
    False
    """
    if not cue["cue2"] or cue["mods2"]:
        return False
    head_end = offset + cue.start("cue2")
    if re.search(r"(?:该|此|本|这个|其)(?:项目|工程)(?:主要)?$", text.norm[lo:head_end]):
        return True
    return any(f.end == head_end or f.end == head_end - 2
               for f in _suffix_names(text, lo, head_end))


def _items(text: NameText, items: list[tuple[int, int]], status: str) -> Iterator[_Found]:
    """Names among enumeration items; the first may carry the sentence before it
    (申报A → A), so its start is searched like a suffix name's."""
    for i, (s, e) in enumerate(items):
        start = _item_start(text, s, e) if i == 0 else s
        if start is not None and (i == 0 or _item_ok(text.norm[s:e])):
            yield _Found(start, e, *canonical_project(text.norm[start:e]), status)


def _merge(found: Iterable[_Found]) -> list[_Found]:
    """One record per span (an enumeration item found by its suffix too keeps the
    enumeration's status); a name inside a longer one is dropped.

    >>> [f.name for f in _merge([_Found(0, 4, "东湖小学"), _Found(0, 7, "东湖小学综合楼")])]
    ['东湖小学综合楼']
    """
    by_span: dict[tuple[int, int], _Found] = {}
    for f in found:
        old = by_span.get((f.start, f.end))
        if old is None:
            by_span[(f.start, f.end)] = f
        else:
            by_span[(f.start, f.end)] = _Found(f.start, f.end, old.name, old.aliases or f.aliases,
                                               old.status or f.status)
    spans = sorted(by_span.values(), key=lambda f: (f.start, -(f.end - f.start)))
    kept: list[_Found] = []
    for f in spans:
        if any(k.start <= f.start and f.end <= k.end for k in kept):
            continue
        kept.append(f)
    return kept


# ---------------------------------------------------------------------------------------
# Key-project tables: 序号 | 项目名称 | 建设地点 | … | 总投资（万元） | 年度计划投资（万元） | 业主单位

_TABLE_SEPARATOR = re.compile(r"[|\t]")
# Column roles by their header words; the annual column is tried before the total one.
_COLUMN_ROLES = (
    ("name", re.compile(r"项目名称|工程名称")),
    ("place", re.compile(r"建设地点|实施地点|项目地点|所在地|地点|位置")),
    ("annual", re.compile(r"(?:年度|本年|\d{4}年)(?:计划)?(?:完成)?投资|计划投资")),
    ("total", re.compile(r"总投资|投资总额|估算投资|概算")),
    ("owner", re.compile(r"业主单位|建设单位|实施主体|项目业主|责任单位|承建单位|投资主体")),
)
_COLUMN_SCALE = {"万元": Decimal(10_000), "亿元": Decimal(100_000_000), "元": Decimal(1)}
_NOT_A_ROW = re.compile(r"^(?:合计|小计|总计|其中|备注|注)")


@dataclass(frozen=True)
class TableRow:
    """One row of a key-project table: the span of each column role's cell, and the scale of
    its money columns (万元 → 10000)."""
    cells: Mapping[str, tuple[int, int]]
    scale: Mapping[str, Decimal]


def _cells(norm: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Spans of the cells of the line [lo, hi), without the spaces around them."""
    spans, start = [], lo
    for m in [*_TABLE_SEPARATOR.finditer(norm, lo, hi), None]:
        end = m.start() if m else hi
        a, b = start, end
        while a < b and norm[a].isspace():
            a += 1
        while b > a and norm[b - 1].isspace():
            b -= 1
        spans.append((a, b))
        start = m.end() if m else hi
    return spans


@lru_cache(maxsize=8)
def _table_rows_of(norm: str) -> tuple[TableRow, ...]:
    if _TABLE_SEPARATOR.search(norm) is None:
        return ()  # most articles hold no table: no line needs reading
    rows: list[TableRow] = []
    roles: dict[str, int] = {}
    scale: dict[str, Decimal] = {}
    width = 0
    for line in re.finditer(r"[^\n]+", norm):
        cells = _cells(norm, line.start(), line.end()) if _TABLE_SEPARATOR.search(line.group()) else []
        header = {role: i for i, (a, b) in enumerate(cells) for role, words in _COLUMN_ROLES
                  if words.search(norm[a:b])}
        if "name" in header and len(cells) >= 2:
            roles, width = {}, len(cells)
            for i, (a, b) in enumerate(cells):
                role = next((r for r, words in _COLUMN_ROLES if words.search(norm[a:b])), None)
                if role and role not in roles:
                    roles[role] = i
                    unit = re.search(r"[（(](万元|亿元|元)[）)]", norm[a:b])
                    scale[role] = _COLUMN_SCALE[unit.group(1)] if unit else Decimal(10_000)
            continue
        if not roles or len(cells) < max(roles.values()) + 1 or len(cells) > width + 1:
            roles = {} if not cells else roles
            continue
        name = cells[roles["name"]]
        if name[0] == name[1] or _NOT_A_ROW.match(norm, name[0]):
            continue
        rows.append(TableRow({r: cells[i] for r, i in roles.items()}, dict(scale)))
    return tuple(rows)


def table_rows(norm: str) -> tuple[TableRow, ...]:
    """The rows of the key-project tables in a text (header row with 项目名称 and cells
    split by | or tabs), totals and notes left out.

    >>> s = "序号|项目名称|建设地点|总投资（万元）\\n1|白鹭物流园|青石镇|5200\\n合计| | |5200"
    >>> [(s[slice(*r.cells["name"])], s[slice(*r.cells["total"])], r.scale["total"]) for r in table_rows(s)]
    [('白鹭物流园', '5200', Decimal('10000'))]
    """
    return _table_rows_of(norm)


def _table_names(norm: str) -> Iterator[_Found]:
    """A project for every row of a key-project table: the name cell whole."""
    for row in table_rows(norm):
        a, b = row.cells["name"]
        if b - a <= _NAME_MAX and len(specific_part(canonical(norm[a:b]))) >= 2:
            yield _Found(a, b, *canonical_project(norm[a:b]))


def find(article: Article) -> Iterator[Mention]:
    """Every named project of the article, in text order.

    >>> from kg.model import Sentence
    >>> s = "青石镇扎实推进东湖新兴产业园项目，申报白马花园、云溪星城等续建项目2个。"
    >>> a = Article("t-0", "t", 0, s, s, (Sentence(0, len(s), s),))
    >>> [(m.name, m.attrs) for m in find(a)]
    [('东湖新兴产业园', (('alias', '东湖新兴产业园项目'),)), ('白马花园', (('status', '续建'),)), ('云溪星城', (('status', '续建'),))]
    """
    norm = article.norm
    if not _vocabulary().suffix.search(norm):
        return
    text = NameText.of(norm, _KEEP)
    areas = [q for q in figures.scan(norm) if q.unit in _AREA_UNITS]
    area_starts = [q.start for q in areas]
    found: list[tuple[_Found, str]] = []
    rows = list(_table_names(norm))
    for lo, hi in clauses(norm):
        in_row = [f for f in rows if lo <= f.start < hi]
        if not in_row and not _vocabulary().suffix.search(norm, lo, hi):
            continue  # no type word, so no 项目 either: no name and no enumeration here
        here_found = _merge([*in_row, *_suffix_names(text, lo, hi), *_enumeration_names(text, lo, hi)])
        here = areas[bisect.bisect_left(area_starts, lo):bisect.bisect_left(area_starts, hi)]
        # An area belongs to a project only when the clause names one project and one area.
        area = f"{here[0].value} {here[0].unit}" if len(here_found) == 1 and len(here) == 1 else ""
        found += [(f, area) for f in here_found]
    references = _company_references(norm, [f for f, _ in found])
    parts = _parts_of_works(norm, [f for f, _ in found])
    for f, area in found:
        if f in references or f in parts:
            continue
        attrs: list[tuple[str, str]] = [("alias", a) for a in f.aliases]
        if f.status:
            attrs.append(("status", f.status))
        if area:
            attrs.append(("area", area))
        yield Mention("Project", f.name, f.start, f.end, tuple(attrs))


# What a work is made of, listed after it in its sentence: 项目…主要建设恒温仓储库、分拣中心.
_SENTENCE_START = re.compile(r"[。！？；;\n]")
_WORK_REFERENCE = re.compile(r"(?:该|此|本|其)?(?:项目|工程)")


def _parts_of_works(norm: str, found: list[_Found]) -> set[_Found]:
    """Buildings and lines of a work, named in the sentence about that work after a content
    verb: a school, centre or line (a gated type word) is part of the project the sentence
    names before it or opens with (该项目…主要建设研发中心、检测中心).

    >>> s = "白鹭物流园项目总投资2亿元，主要建设恒温仓储库、分拣中心。"
    >>> work, part = _Found(0, 7, "白鹭物流园"), _Found(25, 29, "分拣中心")
    >>> [f.name for f in _parts_of_works(s, [work, part])]
    ['分拣中心']
    """
    parts = set()
    for f in found:
        kind = _vocabulary().type_end.search(f.name)
        if kind is None or kind.group() not in _vocabulary().gated:
            continue
        at = max((m.end() for m in _SENTENCE_START.finditer(norm, 0, f.start)), default=0)
        cue = _vocabulary().content_cue.search(norm, at, f.start)
        if cue is None:
            continue
        # the work comes before the verb; items sharing the verb with it are its siblings
        earlier = any(at <= g.start and g.end <= cue.start() for g in found)
        if earlier or _WORK_REFERENCE.match(norm, at):
            parts.add(f)
    return parts


# A short name the article gives a company, after its registered name or before it:
# 云溪恒远科技有限公司（以下简称“恒远科技”）, 恒远科技（云溪恒远科技有限公司）.
SHORT_NAME = re.compile(
    rf"[（(](?:以下简称|以下称|下称|简称)[{re.escape(QUOTES)}]?"
    rf"(?P<alias>[^{re.escape(QUOTES)}（()）]{{2,10}}?)[{re.escape(QUOTES)}]?[）)]")
# A short name before the bracketed registered name: 恒远科技（云溪恒远科技有限公司）. The
# bracket is found first and the name read back from it, since a pattern opening with a
# run of Han characters is tried at every character of the text.
_REGISTERED_IN_BRACKETS = re.compile(r"[（(](?P<registered>[^（()）]{4,40}?(?:公司|集团|合作社))[）)]")
_ALIAS_AT_END = re.compile(r"[\u4e00-\u9fffA-Za-z]{2,8}\Z")


def _company_references(norm: str, found: list[_Found]) -> set[_Found]:
    """Projects named a company's short name + 项目 (恒远科技项目) where the article names
    that company's project in full elsewhere: a longer name that begins with the short name,
    that starts right after the bracket giving the short name, that holds the registered
    name, or that follows a registered name holding the short name in its sentence
    (云溪恒远科技股份有限公司投资建设的东湖产业园项目).

    >>> s = "云溪恒远科技有限公司（以下简称“恒远科技”）年产5万吨铝材项目开工。恒远科技项目总投资2亿元。"
    >>> full, short = _Found(23, 33, "年产5万吨铝材项目"), _Found(36, 42, "恒远科技项目")
    >>> [f.name for f in _company_references(s, [full, short])]
    ['恒远科技项目']
    """
    defined: dict[str, list[tuple[str, int]]] = {}
    for m in SHORT_NAME.finditer(norm):
        registered = norm[max(0, m.start() - _NAME_MAX):m.start()]
        defined.setdefault(canonical(m["alias"]), []).append((canonical(registered), m.end()))
    for m in _REGISTERED_IN_BRACKETS.finditer(norm):
        if alias := _ALIAS_AT_END.search(norm, max(0, m.start() - 8), m.start()):
            defined.setdefault(alias.group(), []).append((m["registered"], m.end()))

    def names_in_full(g: _Found, short: str, invests: list[int]) -> bool:
        head = _COMPANY_HEAD.match(g.name)
        return g.name.startswith(short) or (short in defined and short in g.name) or any(
            g.start in (end, end + 1) or (head and registered.endswith(head.group()))
            for registered, end in defined.get(short, ())) or any(
            end <= g.start and not _SENTENCE_END.search(norm, end, g.start) for end in invests)

    references = set()
    for f in found:
        short = f.name[:-2] if f.name.endswith("项目") else ""
        if len(short) < _SHORT_MIN:
            continue
        # the registered name holding the short name, then its project in the same sentence
        invests = list(_registered_ends(norm, short))
        if any(len(g.name) > len(f.name) and names_in_full(g, short, invests) for g in found):
            references.add(f)
    return references


_SHORT_MIN = 3
_REGISTERED_TAIL = re.compile(r"[\u4e00-\u9fff]{0,8}?(?:有限公司|集团|公司|合作社)")


def _registered_ends(norm: str, short: str) -> Iterator[int]:
    """Ends of the registered names that hold ``short`` at their start (one compiled tail
    for every short name: a pattern per name costs a compilation per article).

    >>> list(_registered_ends("恒远科技有限公司与恒远科技", "恒远科技"))
    [8]
    """
    at = norm.find(short)
    while at >= 0:
        tail = _REGISTERED_TAIL.match(norm, at + len(short))
        at = norm.find(short, tail.end() if tail else at + 1)
        if tail:
            yield tail.end()
_SENTENCE_END = re.compile(r"[。！？；!?;\n]")
