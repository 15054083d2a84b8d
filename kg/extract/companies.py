"""Companies: registered names, their short names, and brand-style businesses.

Three forms, by how Chinese reports write them:

1. A registered name ends with its organisational form (``org_forms`` of
   kg/lexicons/companies.toml: 有限公司,
   股份有限公司, 集团, 合作社, 银行…支行 …) and starts with its region (云溪青禾新能源
   科技有限公司); its left edge is found like a project's (``projects.NameText``).
2. A short name and a registered name are one company when brackets join them, either way:
   ``青禾能源（云溪青禾新能源科技有限公司）`` and ``云溪青禾新能源科技有限公司（以下简称
   “青禾能源”）`` → name = the registered name, attr ``("alias", "青禾能源")``; the
   mention spans both.
3. A brand-style name ends with an industry word (``brand_suffixes``: 家居, 汽车, 置业 …).
   Most industry words also make ordinary phrases (智能家居, 新能源汽车), so such a name
   counts only as an item of an enumeration that a company cue opens or closes (帮助A、B
   等…, 引进A, A、B等企业); a few words that only companies use (置业, 地产, 实业, 控股,
   建工, 商贸) count anywhere.

Every name keeps a specific part once generic words are stripped from its ends: 平台公司,
投资公司, 各类企业 and 新能源汽车 are not companies.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Iterator

from .. import lexicons
from ..model import Article, Mention
from . import skipping
from .projects import (CLAUSE_BREAK, QUOTES, SECTOR_LIST, SHORT_NAME, NameText, alternation,
                       canonical, clauses, edge_strip, place_start, region_bracket_at,
                       region_bracket_before, unbracket)

# Organisational forms, industry words of brand-style names, words only companies end with,
# role words written before a company and the 以…为代表 frames: kg/lexicons/companies.toml.
# Industry words are never name boundaries, whatever jieba tags them.
BRAND_SUFFIXES = lexicons.shipped()["companies"]["brand_suffixes"]

GENERIC_WORDS = (
    "有限", "责任", "股份", "集团", "公司", "控股", "实业", "投资", "开发", "建设", "建筑", "建工",
    "工程", "置业", "地产", "房地产", "物业", "管理", "服务", "科技", "技术", "信息", "网络",
    "电子", "智能", "数字", "新能源", "能源", "电力", "光伏", "新材料", "材料", "化工", "医药",
    "生物", "农业", "农牧", "牧业", "畜牧", "林业", "渔业", "食品", "餐饮", "酒店", "旅游", "文旅",
    "文化", "传媒", "教育", "咨询", "贸易", "商贸", "商业", "物流", "运输", "供应链", "电商",
    "电子商务", "制造", "机械", "装备", "汽车", "家居", "家具", "纺织", "服装", "服饰", "建材",
    "水泥", "钢铁", "矿业", "环保", "环境", "水务", "燃气", "热力", "城投", "城建", "交投", "国资",
    "平台", "政府", "国有", "民营", "私营", "外资", "合资", "上市", "龙头", "重点", "骨干", "规上",
    "本地", "本土", "当地", "中介", "保险", "银行", "商业银行", "农商", "农村", "信用", "合作社",
    "专业", "股份经济", "经济", "联合", "发展", "产业", "工贸", "精工", "新材", "超市", "商场",
    "百货", "商城", "电器", "家电", "药业", "制药", "乳业", "酒业", "茶业", "米业", "果蔬", "蔬菜",
    "种植", "养殖", "农产品", "加工", "销售", "经营", "运营", "租赁", "劳务", "人力资源", "家政",
    "快递", "通信", "软件", "光电", "半导体", "电气", "重工", "化学", "现代", "高新", "新型",
    "绿色", "智慧", "优质", "特色", "创新", "数码", "健康", "康养", "养老", "医疗", "器械", "用品",
    "包装", "印刷", "塑料", "五金", "工艺", "陶瓷", "家纺", "粮油", "水产", "调味品", "饮品",
    "供销", "村集体", "集体", "农民", "村民", "居民", "企业", "商户", "各类", "相关", "有关",
    "大型", "中小", "小微", "知名", "优秀", "省级", "市级", "县级", "国家级", "外地", "异地",
    "食品城", "购物中心", "大药房", "药房", "书城", "影城", "智造", "新能", "第三方", "施工",
    "物业服务", "总", "分", "子", "母",
    # what farmers' cooperatives grow or raise (肉牛养殖合作社 is a kind, not a name)
    "肉牛", "奶牛", "黄牛", "肉羊", "生猪", "家禽", "土鸡", "养蜂", "蜂蜜", "水果", "茶叶", "中药材",
    "食用菌", "花卉", "苗木", "粮食", "小麦", "玉米", "水稻", "大豆", "马铃薯", "蔬菜", "果品",
    "林果", "农机", "植保", "农资", "土地", "股份", "资金", "互助", "旅游",
    # a county's own investment groups keep the county in their name (云溪县交投集团)
    "农发", "交投", "国投", "水投", "产投", "建投", "文投", "农投",
)
_GENERIC_END = re.compile(f"(?:{alternation(GENERIC_WORDS)})$")
_KEEP = frozenset(GENERIC_WORDS + BRAND_SUFFIXES)
_GENERIC_START = re.compile(
    f"^(?:{alternation(GENERIC_WORDS)}|该|本|我|其|此|这|各|每|辖区|[省市县区镇乡村]|"
    r"[一二两三四五六七八九十几多\d]+家)")
# A pronoun or category directly before the form: 该公司, 平台公司, 3家公司.
_COLLECTIVE = skipping.compile(
    r"(?:^(?:该|此|其|本|这|那|各|每|多|几|子|母|分|总)|[一二两三四五六七八九十\d]+家|平台|上市|"
    r"国有|民营|私营|龙头|重点|规上|中介|第三方|相关|有关|上述|以上|同类|外资|合资)$")

_REGION_BRACKET = r"(?:[（(][\u4e00-\u9fff]{2,4}[）)])?"


@dataclass(frozen=True)
class _Vocabulary:
    """The lexicon's words compiled for one configuration (shipped plus the user's)."""
    org: re.Pattern               # a registered name's form (with a bracketed region, a branch)
    brand_end: re.Pattern         # a brand-style name's industry word
    strong: re.Pattern            # words only companies end with
    lead: re.Pattern              # 中共, 村企 … before a company
    represented: re.Pattern       # 以A、B等为代表的一批企业


@lexicons.per_configuration
def _vocabulary() -> _Vocabulary:
    return _Vocabulary(
        org=skipping.compile(
            rf"(?P<region>{_REGION_BRACKET})(?P<form>{lexicons.alternation('companies', 'org_forms')})"
            r"(?P<branch>[\u4e00-\u9fff]{2,8}?(?:分公司|分行|支行|营业部))?"),
        brand_end=re.compile(f"{lexicons.alternation('companies', 'brand_suffixes')}$"),
        strong=re.compile(lexicons.alternation("companies", "strong_suffixes")),
        lead=re.compile(lexicons.alternation("companies", "lead_words")),
        represented=re.compile(
            r"以(?P<body>[^，,。；;：:（）()]{2,80}?)等?"
            f"{lexicons.alternation('companies', 'represent_frames')}"
            r"的(?:一批|一大批|众多|多家|[\d一二两三四五六七八九十百]+家)?[\u4e00-\u9fff]{0,8}?"
            r"(?:企业|公司|品牌|集团|龙头)"),
    )
# Cues that open an enumeration of businesses (帮助A、B等…) or close one (A、B等企业).
_OPEN_CUE = re.compile(
    r"帮助|协助|服务|走访|引进|引导|支持|扶持|培育|招引|对接|推动|带动|吸引|包括|入驻|落户|签约|"
    r"联合|携手|深入|来到|走进|前往|督促|指导|协调|帮扶|助力|联系|包保|结对|企业|商户|商家|"
    r"龙头企业|如")
_CLOSE_CUE = re.compile(
    r"(?:等(?:[\d一二两三四五六七八九十多]+家)?|(?:[\d两三四五六七八九十多]+家))"
    r"(?:企业|商户|商家|公司|品牌|市场主体|经营主体|龙头企业|单位|门店|店铺|个体工商户)")
_NAME_MAX = 40
_BRAND_MAX = 10
_SHORT_MAX = 10

OK, CONTINUE, STOP = "ok", "continue", "stop"


def specific_part(core: str) -> str:
    """What is left of a company name's core (without its form) once generic trade and
    scope words are stripped from both ends.

    >>> specific_part("云溪青禾新能源科技"), specific_part("政府平台"), specific_part("现代农业")
    ('云溪青禾', '', '')
    """
    return edge_strip(canonical(core), _GENERIC_END, _GENERIC_START)


@lexicons.per_name
def judge(core: str) -> str:
    """OK when ``core`` before an organisational form names one company; CONTINUE when
    its start may lie further left; STOP for a pronoun or category (该公司, 平台公司).

    >>> judge("云溪青禾新能源科技"), judge("投资"), judge("政府平台")
    ('ok', 'continue', 'stop')
    """
    name = canonical(core)
    if _COLLECTIVE.search(name):
        return STOP
    return OK if len(specific_part(name)) >= 2 else CONTINUE


@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    name: str
    aliases: tuple[str, ...] = ()


def _clause_floor(norm: str, end: int) -> int:
    """Start of the clause that a name ending at ``end`` lies in (looking back at most
    ``_NAME_MAX`` characters); a bracketed place inside a name is no clause break.

    >>> _clause_floor("入驻后，东湖科技有限公司", 12), _clause_floor("近日，华源（德州）汽车有限公司", 15)
    (4, 3)
    """
    bottom = max(0, end - _NAME_MAX)
    i = end - 1
    while i >= bottom:
        if norm[i] in "）)" and (opening := region_bracket_before(norm, i + 1)) >= 0:
            i = opening - 1
            continue
        if CLAUSE_BREAK.match(norm, i):
            return i + 1
        i -= 1
    return bottom


def _registered(text: NameText) -> Iterator[_Found]:
    """Names ending in an organisational form, from the nearest start that makes a name,
    with the province, city or county written before it or in brackets inside it (named
    without the brackets, the written form as alias).

    >>> s = "与云溪青禾科技有限公司签约，由政府平台公司接手"
    >>> [f.name for f in _registered(NameText.of(s))]
    ['云溪青禾科技有限公司']
    >>> [(f.name, f.aliases) for f in _registered(NameText.of("近日，华源（德州）汽车有限公司"))]
    [('华源德州汽车有限公司', ('华源（德州）汽车有限公司',))]
    """
    norm = text.norm
    for m in _vocabulary().org.finditer(norm):
        end = m.end()
        if end < len(norm) and end not in text.starts:
            continue  # 公司化, 银行卡: the form is inside a longer word
        core_end = m.start()
        if core_end == 0 or norm[core_end - 1] in "（(":
            continue
        lo = _clause_floor(norm, core_end)
        for start in text.candidate_starts(lo, core_end):
            start = _before_region_bracket(text, lo, place_start(text, lo, start))
            if end - start > _NAME_MAX:
                break
            verdict = judge(unbracket(norm[start:core_end]))
            if verdict == CONTINUE:
                continue
            if verdict == OK:
                start = _lead_stripped(norm, start, core_end, m["form"])
                written = canonical(norm[start:end])
                name = unbracket(written)
                yield _Found(start, end, name, (written,) if name != written else ())
            break


# Words written before a company that are no part of its name: the party organisation of
# 中共X有限公司委员会, and the role the report gives it (村企, 结对企业 …).
# A unit written before a group's or brand's short name (河西区澄岳集团) is where it is, not
# part of its name; registered names (…有限公司) keep the region they were registered with.
_UNIT_LEAD = re.compile(r"[\u4e00-\u9fff]{2,6}?(?:自治县|街道|社区|[区县镇乡村])")
_SHORT_FORMS = frozenset(("集团",))


def _before_region_bracket(text: NameText, lo: int, start: int) -> int:
    """``start`` moved before the name a bracketed place follows when a cut put it inside
    (华驰（保定）汽车部件有限公司: jieba's verb 保定 cut after the bracket).

    >>> s = "签约企业中，华驰（保定）汽车部件有限公司投资建设"
    >>> s[_before_region_bracket(NameText.of(s), 6, 9):20]
    '华驰（保定）汽车部件有限公司'
    """
    norm = text.norm
    if start - 1 > lo and norm[start - 1] in "（(" and region_bracket_at(norm, start - 1) >= 0:
        starts = text.candidate_starts(lo, start - 1)
        if starts:
            return starts[0]
    return start


def _lead_stripped(norm: str, start: int, core_end: int, form: str) -> int:
    """``start`` moved past a party or role word, and past a unit before a group's name,
    when a specific name remains.

    >>> s = "中共青石新材料股份有限公司委员会"
    >>> s[_lead_stripped(s, 0, 7, "股份有限公司"):13]
    '青石新材料股份有限公司'
    >>> s, t = "河西区澄岳集团", "云溪县坡头果蔬专业合作社"
    >>> s[_lead_stripped(s, 0, 5, "集团"):], t[_lead_stripped(t, 0, 7, "专业合作社"):]
    ('澄岳集团', '云溪县坡头果蔬专业合作社')
    """
    while start < core_end and norm[start] in QUOTES:
        start += 1
    lead = _vocabulary().lead.match(norm, start, core_end)
    if lead and len(specific_part(norm[lead.end():core_end])) >= 2:
        start = lead.end()
    unit = _UNIT_LEAD.match(norm, start, core_end)
    if form in _SHORT_FORMS and unit and len(specific_part(norm[unit.end():core_end])) >= 2:
        start = unit.end()
    return start


def _short_before(text: NameText, bracket: int) -> int | None:
    """Start of a short name written right before the bracket at ``bracket``.

    >>> s = "招商引资，青禾能源（云溪青禾能源有限公司）"
    >>> s[_short_before(NameText.of(s), s.index("（")):s.index("（")]
    '青禾能源'
    """
    norm = text.norm
    lo = _clause_floor(norm, bracket)
    for start in text.candidate_starts(lo, bracket):
        short = canonical(norm[start:bracket])
        if 2 <= len(short) <= _SHORT_MAX and not re.search(r"\d", short) \
                and len(specific_part(short)) >= 2:
            return start
    return None


def _bracketed(text: NameText, found: list[_Found]) -> list[_Found]:
    """Join a registered name with the short name that a bracket gives it.

    >>> s = "云溪青禾能源有限公司（以下简称“青禾”）"
    >>> t = NameText.of(s)
    >>> [(f.name, f.aliases, f.end) for f in _bracketed(t, list(_registered(t)))]
    [('云溪青禾能源有限公司', ('青禾',), 20)]
    """
    norm = text.norm
    joined = []
    for f in found:
        after = SHORT_NAME.match(norm, f.end)
        if after and len(specific_part(after["alias"])) >= 2:
            joined.append(_Found(f.start, after.end(), f.name,
                                 (*f.aliases, canonical(after["alias"]))))
            continue
        if f.start > 0 and norm[f.start - 1] in "（(" and f.end < len(norm) and norm[f.end] in "）)":
            short = _short_before(text, f.start - 1)
            if short is not None:
                alias = canonical(norm[short:f.start - 1])
                joined.append(_Found(short, f.end + 1, f.name, (*f.aliases, alias)))
                continue
        joined.append(f)
    return joined


def _brand_item(text: NameText, s: int, e: int) -> _Found | None:
    """The enumeration item at [s, e) when it is a brand-style name (after the verb or 的
    that may lead it), else None.

    >>> s = "辖区内的白鹭家居、新能源汽车"
    >>> t = NameText.of(s)
    >>> _brand_item(t, 0, 8).name, _brand_item(t, 9, len(s))
    ('白鹭家居', None)
    """
    s = text.floor(s, e)
    if text.starts_with_cut_word(s):
        return None
    item = text.norm[s:e]
    if not _vocabulary().brand_end.search(item):
        return None
    name = canonical(item)
    if not 3 <= len(name) <= _BRAND_MAX or re.search(r"\d", name):
        return None
    if len(specific_part(name)) < 2:
        return None
    return _Found(s, e, name)


def _item_spans(text: NameText, lo: int, hi: int) -> list[tuple[int, int]]:
    """Items of an enumeration in [lo, hi): split at 、 and at a lone 和/及/与.

    >>> s = "白鹭家居、驰远汽车和青禾食品"
    >>> [s[a:b] for a, b in _item_spans(NameText.of(s), 0, len(s))]
    ['白鹭家居', '驰远汽车', '青禾食品']
    """
    norm = text.norm
    cuts = [lo]
    for i in range(lo, hi):
        ch = norm[i]
        if ch == "、" or (ch in "和及与" and i in text.starts and i + 1 in text.starts):
            cuts.append(i)
            cuts.append(i + 1)
    cuts.append(hi)
    return [(cuts[k], cuts[k + 1]) for k in range(0, len(cuts), 2) if cuts[k + 1] > cuts[k]]


def _brands(text: NameText) -> Iterator[_Found]:
    """Brand-style names among the items of enumerations that a company cue opens
    (帮助A、B等…) or closes (A、B等企业).

    >>> s = "帮助白鹭家居、云溪中城、驰远汽车等解决难题"
    >>> [f.name for f in _brands(NameText.of(s))]
    ['白鹭家居', '驰远汽车']
    """
    norm = text.norm
    for (lo, hi), opens, closes in _cues_by_clause(norm):
        for cue in opens:
            body_lo = cue.end()
            if body_lo not in text.starts or cue.start() not in text.starts:
                continue
            stop = norm.find("等", body_lo, hi)
            if stop >= 0 and SECTOR_LIST.match(norm, stop, hi):
                continue  # 涵盖电子新材料、锂电新能源等多个领域: sectors
            body_hi = stop if stop >= 0 else hi
            spans = _item_spans(text, body_lo, body_hi)
            if spans and stop < 0:
                # the last item runs into the sentence: it ends at the next verb
                s, e = spans[-1]
                spans[-1] = (s, text.next_hard_start(s, e))
            for s, e in spans:
                f = _brand_item(text, s, e)
                if f:
                    yield f
        for close in closes:
            body_hi = close.start()
            for s, e in _item_spans(text, text.context_floor(lo, body_hi), body_hi):
                f = _brand_item(text, s, e)
                if f:
                    yield f


def _cues_by_clause(norm: str) -> list[tuple[tuple[int, int], list[re.Match], list[re.Match]]]:
    """The clauses holding an opening or closing cue, with those cues, in text order: one
    pass over the text per cue pattern (no cue word holds a clause break, so none runs
    across two clauses).

    >>> [(span, len(o), len(c)) for span, o, c in _cues_by_clause("引进白鹭家居，天晴。云溪等门店")]
    [((0, 6), 1, 0), ((10, 15), 0, 1)]
    """
    bounds = list(clauses(norm))
    starts = [lo for lo, _ in bounds]
    found: dict[int, tuple[list[re.Match], list[re.Match]]] = {}
    for kind, pattern in enumerate((_OPEN_CUE, _CLOSE_CUE)):
        for m in pattern.finditer(norm):
            i = bisect_right(starts, m.start()) - 1
            if i >= 0 and m.end() <= bounds[i][1]:
                found.setdefault(i, ([], []))[kind].append(m)
    return [(bounds[i], *found[i]) for i in sorted(found)]


# 以A、B、C等为代表的一批企业: the frame makes every item a company, whatever its form.
_ITEM_MAX = 10


def _represented(text: NameText) -> Iterator[_Found]:
    """Items of an enumeration that a 以…为代表的…企业 frame calls companies, brand short
    names without a form among them.

    >>> s = "形成了以启岚、澄岳和屿帆等为代表的一批鞋业企业"
    >>> [f.name for f in _represented(NameText.of(s))]
    ['启岚', '澄岳', '屿帆']
    """
    norm = text.norm
    for m in _vocabulary().represented.finditer(norm):
        for s, e in _item_spans(text, m.start("body"), m.end("body")):
            name = canonical(norm[s:e])
            if 2 <= len(name) <= _ITEM_MAX and not re.search(r"\d", name) \
                    and len(specific_part(name)) >= 2 and not _UNIT_LEAD.fullmatch(name):
                yield _Found(s, e, name)


# A brand-style name opening a plant's name is its owner (麦溪面业年产20万吨面粉项目), and so
# is one that invests a sum (远帆体育投资3亿元的…项目).
_PLANT_AFTER = re.compile(r"年产|日产|年加工|年处理|年屠宰|年出栏|"
                          r"(?:计划)?投资(?:约|逾|超|近)?[\d一二三四五六七八九十两]")


def _plant_owners(text: NameText) -> Iterator[_Found]:
    """Brand-style names written right before a plant's capacity.

    >>> s = "建设麦溪面业年产20万吨专用面粉项目"
    >>> [f.name for f in _plant_owners(NameText.of(s))]
    ['麦溪面业']
    """
    norm = text.norm
    for m in _PLANT_AFTER.finditer(norm):
        brand = _vocabulary().brand_end.search(norm, max(0, m.start() - _BRAND_MAX), m.start())
        if brand is None or brand.end() != m.start():
            continue
        lo = _clause_floor(norm, m.start())
        for start in text.candidate_starts(lo, m.start()):
            name = canonical(norm[start:m.start()])
            if len(name) <= _BRAND_MAX and len(specific_part(name)) >= 2:
                yield _Found(start, m.start(), name)
                break


def _strong(text: NameText) -> Iterator[_Found]:
    """Names ending in a word only companies use (置业, 地产 …), wherever they stand.

    >>> s = "协调白鹭置业加快交房，推动房地产市场平稳"
    >>> [f.name for f in _strong(NameText.of(s))]
    ['白鹭置业']
    """
    norm = text.norm
    for m in _vocabulary().strong.finditer(norm):
        if m.start() not in text.starts or (m.end() < len(norm) and m.end() not in text.starts):
            continue  # 房地产: the industry word is inside a longer word
        lo = _clause_floor(norm, m.start())
        for start in text.candidate_starts(lo, m.start()):
            if m.end() - start > _BRAND_MAX:
                break
            if len(specific_part(norm[start:m.start()])) >= 2:
                yield _Found(start, m.end(), canonical(norm[start:m.end()]))
                break


def _merge(found: list[_Found]) -> list[_Found]:
    """Longest first; a name inside another is dropped; one record per span.

    >>> [f.name for f in _merge([_Found(0, 4, "青禾集团"), _Found(0, 8, "青禾集团有限公司")])]
    ['青禾集团有限公司']
    """
    kept: list[_Found] = []
    for f in sorted(found, key=lambda f: (-(f.end - f.start), f.start)):
        if any(k.start <= f.start and f.end <= k.end for k in kept):
            continue
        kept.append(f)
    return sorted(kept, key=lambda f: f.start)


def find(article: Article) -> Iterator[Mention]:
    """Every company named in the article, in text order.

    >>> from kg.model import Sentence
    >>> s = "青禾能源（云溪青禾新能源科技有限公司）成功入驻，帮助白鹭家居、云溪超市等解决难题。"
    >>> a = Article("t-0", "t", 0, s, s, (Sentence(0, len(s), s),))
    >>> [(m.name, m.attrs) for m in find(a)]
    [('云溪青禾新能源科技有限公司', (('alias', '青禾能源'),)), ('白鹭家居', ()), ('云溪超市', ())]
    """
    norm = article.norm
    text = NameText.of(norm, _KEEP)
    found = _bracketed(text, list(_registered(text)))
    found += [*_brands(text), *_strong(text), *_represented(text), *_plant_owners(text)]
    kept = _merge(found)
    for f in kept:
        f = _as_registered(f, kept)
        yield Mention("Company", f.name, f.start, f.end, tuple(("alias", a) for a in f.aliases))


def _as_registered(f: _Found, found: list[_Found]) -> _Found:
    """A short brand name (澜帆) that a registered name of the article holds after its region
    (常州澜帆智能装备股份有限公司) is that company, named in full with the short one as alias.

    >>> full, short = _Found(0, 14, "常州澜帆智能装备股份有限公司"), _Found(20, 22, "澜帆")
    >>> _as_registered(short, [full, short])
    _Found(start=20, end=22, name='常州澜帆智能装备股份有限公司', aliases=('澜帆',))
    """
    if len(f.name) > 4 or _vocabulary().org.search(f.name):
        return f
    holders = [g for g in found if g is not f and _vocabulary().org.search(g.name)
               and f.name in g.name[:len(f.name) + 6]]
    if len(holders) != 1:
        return f
    return _Found(f.start, f.end, holders[0].name, (*holders[0].aliases, f.name))
