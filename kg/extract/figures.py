"""Figures: money, areas, percentages and counted things, as normalised numbers.

Money is brought to yuan (``约237亿元`` → 23700000000 CNY, approx ``约``), areas to a unit
code (亩 → ``mu``, 平方米 → ``m2``, 公顷 → ``ha``, 平方公里 → ``km2``), percentages to ``%``;
a count keeps its counter word as unit (``走访1.9万余次`` → 19000 ``次``) and the verb
phrase before it as ``measure`` (``走访``).

Choices, for the relation rules that read these records:

- ``start``/``end`` cover the number and its unit, with an approximation written between
  them (``100万余元``); an approximation word outside (``约``, ``左右``) is kept in
  ``approx`` only, so the cue before a figure (``总投资约``) ends right where it starts.
- Chinese numerals (三千万元, 两亿元) count for money and areas only. Government writing
  puts statistics in Arabic digits, while Chinese numerals before a counter are mostly
  slogans and set phrases (两个维护, 四个意识, 一村一品), so counts need digits.
- ``measure`` keeps 新增 (新增市场主体 is a flow, 市场主体 a stock) but drops adverbs of
  accumulation (累计, 共, 先后 …) and the subject before them (全镇网格员累计走访 → 走访).
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Iterator

from ..model import Article, Quantity
from . import skipping

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_CN_SMALL = {"十": 10, "百": 100, "千": 1000}
_CN_LARGE = {"万": 10_000, "亿": 100_000_000}
_MAGNITUDE = {**_CN_SMALL, **_CN_LARGE}

_MONEY = {"元": "CNY", "美元": "USD", "欧元": "EUR"}
_AREA = {"平方公里": "km2", "平方千米": "km2", "平方米": "m2", "平米": "m2", "㎡": "m2",
         "公顷": "ha", "亩": "mu"}
_PERCENT = {"%": "%", "％": "%"}
# Counter words after which a number counts things; longest first so 人次 beats 人.
_COUNTERS = ("个百分点", "人次", "户次", "车次", "架次", "立方米", "公里", "千米", "公斤", "千克",
             "次", "件", "起", "个", "家", "名", "人", "户", "场", "套", "所", "条", "处", "项",
             "座", "栋", "间", "位", "支", "批", "辆", "台", "吨", "米", "株", "棵", "头", "只",
             "篇", "期", "轮", "份", "张", "本", "块", "宗", "倍", "类", "种", "队", "组", "把")

_UNITS = {**_MONEY, **_AREA, **_PERCENT, **{c: c for c in _COUNTERS}}
_UNIT_ALT = "|".join(re.escape(u) for u in sorted(_UNITS, key=len, reverse=True))

_PRE = ("大约", "将近", "接近", "超过", "约", "近", "超", "逾")
_PRE_ALT = "|".join(_PRE)

_QUANTITY = skipping.compile(
    rf"(?P<pre>{_PRE_ALT})?"
    r"(?:(?P<ar>(?<![\d.,A-Za-z第])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)"
    r"|(?P<cn>(?<![几数上成第零〇一二两三四五六七八九十百千万亿])"
    r"[一二两三四五六七八九十][零〇一二两三四五六七八九十百千万亿]*))"
    r"(?P<mid>[余多])?(?P<mag>(?(ar)[十百千万亿]*|))(?P<mid2>[余多])?"
    rf"(?P<unit>{_UNIT_ALT})"
    r"(?P<post>左右|以上)?")

# Accumulating adverbs, deictic subjects, conjunctions, the 等 closing an enumeration and
# the name of a work (敬老院改扩建工程完成投资 → 完成投资): the measure follows the last one.
_MEASURE_CUT = re.compile(
    r".*(?:累计|累积|共计|合计|总计|一共|总共|先后|分别|全年|年均|今年以来|今年|去年|当年|"
    r"目前|截至目前|辖区|全[省市区县镇乡村]|全街道|全社区|(?<!公)共|已|同时|并|等|"
    r"(?:项目|工程)(?=.))")
_MEASURE_TAIL = skipping.compile(r"(?:达到|达|为|是|计|约|有)+$")
_BENEFICIARY = re.compile(
    r"^(?:为|向|给|帮助|对)(?:困难群众|群众|居民|村民|市民|企业|农户|群体|老人|学生|家庭|商户)")
_CLAUSE_END = re.compile(r"[，,、；;。：:！!？?\s（(）)“”\"「」《》]")
_MEASURE_MAX = 14


def parse_chinese_number(s: str) -> int | None:
    """The value of a Chinese numeral, or None when it is not one.

    >>> parse_chinese_number("一百二十"), parse_chinese_number("三千万"), parse_chinese_number("一亿二千万")
    (120, 30000000, 120000000)
    """
    total = section = number = 0
    for ch in s:
        if ch in _CN_DIGITS:
            number = _CN_DIGITS[ch]
        elif ch in _CN_SMALL:
            # 十二 is twelve: a bare 十 counts one ten.
            section += (number or 1) * _CN_SMALL[ch]
            number = 0
        elif ch == "万":
            section = (section + number) * 10_000
            number = 0
        elif ch == "亿":
            total = (total + section + number) * 100_000_000
            section = number = 0
        else:
            return None
    value = total + section + number
    return value or None


def _tidy(value: Decimal) -> Decimal:
    """Integral values without exponent or trailing zeros: 2.37E+10 → 23700000000."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def _value(m: re.Match) -> Decimal | None:
    if m["ar"]:
        try:
            value = Decimal(m["ar"].replace(",", ""))
        except InvalidOperation:
            return None
        for ch in m["mag"]:
            value *= _MAGNITUDE[ch]
        return _tidy(value)
    cn = m["cn"]
    if cn == "一" or m["unit"] not in _MONEY and m["unit"] not in _AREA:
        return None
    number = parse_chinese_number(cn)
    return None if number is None else Decimal(number)


def _quantity(m: re.Match, offset: int = 0, measure: str = "") -> Quantity | None:
    value = _value(m)
    if value is None:
        return None
    unit = _UNITS[m["unit"]]
    approx = m["pre"] or m["mid"] or m["mid2"] or m["post"] or ""
    start = m.start("ar") if m["ar"] else m.start("cn")
    return Quantity(value, unit, offset + start, offset + m.end("unit"), approx, measure)


def parse_quantity(s: str) -> Quantity | None:
    """The quantity that ``s`` is (offsets into ``s``), or None.

    >>> parse_quantity("约237亿元")
    Quantity(value=Decimal('23700000000'), unit='CNY', start=1, end=6, approx='约', measure='')
    >>> parse_quantity("三千万元").value, parse_quantity("340亩").unit, parse_quantity("东湖") is None
    (Decimal('30000000'), 'mu', True)
    """
    m = _QUANTITY.fullmatch(s.strip())
    if m is None:
        return None
    lead = len(s) - len(s.lstrip())
    return _quantity(m, lead)


def measure_before(text: str, start: int, floor: int = 0) -> str:
    """What a figure counts: the phrase before ``start`` in its clause, without the adverbs
    of accumulation and the subject before them.

    >>> t = "今年以来，全镇网格员累计走访1.9万余次"
    >>> measure_before(t, t.index("1.9"))
    '走访'
    """
    window = text[max(floor, start - _MEASURE_MAX):start]
    clause = _CLAUSE_END.split(window)[-1]
    cut = _MEASURE_CUT.match(clause)
    if cut:
        clause = clause[cut.end():]
    clause = _BENEFICIARY.sub("", clause)
    return _MEASURE_TAIL.sub("", clause)


def find(article: Article) -> Iterator[Quantity]:
    """Every figure of the article, in text order.

    >>> from kg.model import Sentence
    >>> s = "化解矛盾纠纷300余起，发放补贴100万余元。"
    >>> a = Article("t-0", "t", 0, s, s, (Sentence(0, len(s), s),))
    >>> [(q.value, q.unit, q.approx, q.measure) for q in find(a)]
    [(Decimal('300'), '起', '余', '化解矛盾纠纷'), (Decimal('1000000'), 'CNY', '余', '发放补贴')]
    """
    return scan(_with_original_commas(article.norm, article.text))


def _with_original_commas(norm: str, text: str) -> str:
    """``norm`` with the full-width commas of ``text`` back: NFKC makes 共3，200人 look
    like 3,200 people. Where no such comma touches a digit the figures are the same either
    way, and ``norm`` itself is returned: its figures are found once for every recogniser.

    >>> _with_original_commas("共3,200人", "共3，200人"), _with_original_commas("共3人,200户", "共3人，200户")
    ('共3，200人', '共3人，200户')
    >>> _with_original_commas("全村,共3人", "全村，共3人")
    '全村,共3人'
    """
    if "，" not in text:
        return norm
    commas = [m.start() for m in re.finditer("，", text)]
    if all(norm[i] in ",，" and not _next_to_digit(norm, i) for i in commas):
        return norm
    chars = list(norm)
    for i in commas:
        chars[i] = "，"
    return "".join(chars)


def _next_to_digit(text: str, i: int) -> bool:
    return (i > 0 and text[i - 1].isdecimal()) or (i + 1 < len(text) and text[i + 1].isdecimal())


def scan(text: str) -> Iterator[Quantity]:
    """Every figure of a normalised text, in order (``find`` on a bare string).

    >>> [(q.value, q.unit) for q in scan("新建厂房1.5万平方米")]
    [(Decimal('15000'), 'm2')]
    """
    return iter(_scanned(text))


@lru_cache(maxsize=8)
def _scanned(text: str) -> tuple[Quantity, ...]:
    """The figures of ``text``, found once per text (projects and companies read them too)."""
    found = []
    previous_end = 0
    for m in _QUANTITY.finditer(text):
        # The measure never reaches back over the figure before (8个100% counts nothing).
        q = _quantity(m, measure=measure_before(text, m.start(), previous_end))
        if q is not None:
            previous_end = m.end()
            found.append(q)
    return tuple(found)
