"""Named programs (``Program`` mentions): campaigns, systems and work methods.

Programs are recognised by the forms reports give them, never by a list of names:

- a quoted slogan with a form word: “板凳会”工作法, “2+4+N”网格联户制度, “七彩”支部创建,
  “千企帮千村”活动, “河长+警长”协作机制 (``quoted_with_form``);
- a quoted name that is itself a form: “街长制”, “春雨行动”, “万村千社工程”
  (``quoted_form``);
- a quoted slogan right after a cue verb and standing alone: 持续开展“便民服务大篷车”，
  (``cued_quote``) — a quoted metaphor (“金扁担”, “必答题”, 群众“心坎上”) has no cue and
  no form word, and a quote followed by a noun (“发展优先”理念, “路面见新”要求) is not
  a program;
- numbered slogans: “一事一议”, “三议一公开”, 通过三议一公开确定 (``number_slogan``);
- unquoted system and campaign forms: 湖长制 / 林长制 (``chief_system``), 禁赌专项斗争,
  …三年攻坚行动 (``campaign``), 落实县级领导分包重点项目制度 / 开展春耕行动
  (``cued_form``), 文明城市创建 (``named_creation``), 《…工作法》 (``book_title``).

Canonical names drop quote marks. “X”活动 is named X (alias X活动): the slogan is the
program; other form words stay (板凳会工作法, 春雨行动). A conferring prefix stays
(江南省…三年攻坚行动). A name found once is found again where it is written without
its cue (a heading 七彩支部创建亮点纷呈).

Programs inside an honour title (…“湖长制”工作先进单位) are left to the honour: ``find``
drops any program span that lies inside an honour that ``honours.find`` reports.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from .. import lexicons
from ..model import Article, Mention
from . import honours, skipping
from .honours import SpanSet, strip_marks

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff"
_QUOTED = (r"(?:“[^“”\n]{1,40}”|「[^「」\n]{1,40}」|『[^『』\n]{1,40}』|‘[^‘’\n]{1,40}’|"
           r"\"[^\"\n]{1,40}\")")

# Single characters end a name only when they do not start a word with the next one
# (和 but not 和谐, 中 but not 中心, 为 but not 为民).
_FUNCTION = ("该镇|该乡|该村|该区|该县|该市|全镇|全乡|全县|全区|全市|全省|全村|各村|各地|我镇|我乡|"
             "我县|我区|我市|本村|已(?!经)|正(?![式常])|将|把|对(?![标口接])|在(?!线)|于|"
             "以(?![案商人])|的|是|为(?![民])|了|着|并|也|又|还|再|从(?![严])|向(?![阳])|等(?![级])|"
             "中(?![心国央华小])|和(?![谐美平睦顺])|与(?!会)|及(?!时)")
_NAME_CHAR = re.compile(rf"[{_HAN}0-9]")
_QUOTE_BEFORE = re.compile(r"(?:“[^“”\n]{1,14}”|「[^「」\n]{1,14}」)$")
# ── forms ───────────────────────────────────────────────────────────────────────────────
# Descriptors that make the phrase a description or a one-day event, not a named program:
# …养老服务新模式, “…”主题党日活动.
_DESCRIPTIVE = re.compile(r"新$|主题党日$|党日$|主题$")
_DESCRIPTOR = rf"(?:集中|(?![的和与及等在是了把将对从向中为])[{_HAN}A-Za-z0-9+]){{0,8}}?"
_QUOTE_ALONE = re.compile(rf"{_QUOTED}")
# A quoted …工程 among building words is a construction project (道路“白改黑”工程), not a
# program (以“千万工程”为牵引).
_BUILDING = re.compile(r"建设|施工|开工|竣工|完工|改造|修建|新建|续建|投资|项目|道路|公路")

_NUMERAL = "一二三四五六七八九十两百千万"
_NUMBER_SLOGAN = re.compile(rf"[{_NUMERAL}](?:[^{_NUMERAL}]{{1,5}}[{_NUMERAL}])+[^{_NUMERAL}]{{0,5}}")
_CHIEF_SYSTEM = re.compile(r"(?:河湖|街巷|山林|林草|[河湖林田路街巷楼山链园塘渠库湾港桥])长制|积分制(?!度)")
# An unquoted 制度 needs a name of its own (村级小微权力清单制度), not 值守制度 or 管理制度.
_MIN_SYSTEM_BODY = 4
_MIN_CREATION_BODY = 4
_CREATION = skipping.compile(r"(?:(?<=城市|县城|乡镇|村镇|社区|支部|单位|范区|范县|范市|校园|机关|家庭|进县|"
                             r"范乡|范村)|(?<=[村星]))创建(?!示范|先进)")

_GENERIC_BODY = re.compile(r"^(?:实际|一致|统一|联合|集中|具体|自觉|共同|专项|系列|相关|各项|此次|这次|本次|"
                           r"一系列|管理|工作|规章|考核|会议|学习|值班|财务|登记|报告|例会|这项|该项|此项|"
                           r"这一)$|(?:执法|整治|检查|巡查|排查|宣传|清查)$")
_MAX_SLOGAN = 14
# 制 alone is a form (“街长制”) unless it ends another word (体制, 机制 is its own form, 编制).
_BARE_SYSTEM_AFTER_QUOTE = "制(?![度作造定约止服品图冷热])"
_BARE_SYSTEM_IN_QUOTE = "(?<![体机控编限管抵强研定复压专节克遏牵法税学建])制"


class _Lexicon(NamedTuple):
    stop: re.Pattern
    cue: re.Pattern
    cue_before_quote: re.Pattern
    quoted_with_form: re.Pattern
    form_in_quote: re.Pattern
    after_cued_quote: re.Pattern
    cued_quote: re.Pattern
    bare_number_slogan: re.Pattern
    campaign: re.Pattern
    cued_form: re.Pattern
    known_names: re.Pattern | None
    managed: re.Pattern
    slogan_project: re.Pattern
    book: re.Pattern
    brand: re.Pattern
    work_on: re.Pattern
    generic: frozenset
    idioms: frozenset


@lexicons.per_configuration
def _lexicon() -> _Lexicon:
    """The program regexes compiled from the lexicon in effect (kg/lexicons/programs.toml)."""
    def words(key: str) -> str:
        return lexicons.alternation("programs", key)
    cues, other = words("cues"), words("other_verbs")
    not_form_next = f"(?!{words('not_form_next')})"
    names = lexicons.words("programs", "names")
    return _Lexicon(
        # Cue verbs, adverbs and function words end a program name on its left
        # (…深化禁赌专项斗争 → 禁赌专项斗争).
        stop=skipping.compile(rf"(?:{cues}|{other}|{words('adverbs')}|{words('name_stops')}"
                              rf"|{_FUNCTION}|\d+年度?|\d+)"),
        cue=skipping.compile(rf"(?:{cues}|{other})(?:了)?"),
        # A cue shortly before a quote (深化“红色管家”建设, 探索的“积分银行”做法, 以“…”建设为抓手).
        cue_before_quote=skipping.compile(rf"(?:{cues}|{other}|以)[了的]?[{_HAN}]{{0,4}}$"),
        # Gated forms make a program only when a cue verb comes before the quote: 深化“红色管家”
        # 建设 — without a cue they are ordinary nouns. A form word that begins another word is
        # not a form: 活动室, 工程项目, 计划生育, 运动会.
        quoted_with_form=re.compile(
            rf"(?P<q>{_QUOTED})(?P<d>{_DESCRIPTOR})"
            rf"(?:(?P<f>{words('forms_after_quote')}|{_BARE_SYSTEM_AFTER_QUOTE})"
            rf"|(?P<g>{words('gated_forms')})){not_form_next}"),
        # A quoted name that ends with a form word is a program by itself: “街长制”, “春雨行动”.
        form_in_quote=skipping.compile(rf"(?:{_BARE_SYSTEM_IN_QUOTE}|{words('forms_in_quote')})$"),
        after_cued_quote=re.compile(
            rf"[，,。；;、!！?？\s]|$|和|与|及|等|(?:作)?为(?:主)?{words('frame_nouns')}"),
        cued_quote=skipping.compile(rf"(?P<cue>{cues}(?:了)?|以)(?P<q>{_QUOTED})"),
        bare_number_slogan=skipping.compile(
            rf"(?:{cues}|通过|按照|依照)"
            rf"(?P<s>[{_NUMERAL}][{_HAN}][{_NUMERAL}][{_HAN}]{{1,2}})"
            r"(?=[，,。；;、]|程序|制度|工作法|机制|模式|的|确定|决定|决策|表决|办理|要求|学习教育|活动|"
            r"主题|专题|行动)"),
        campaign=re.compile(words("campaign_forms")),
        cued_form=skipping.compile(rf"(?:{cues}|{other})(?:了)?(?P<body>[{_HAN}]{{2,12}}?)"
                                   rf"(?P<f>工作法|责任制|制度|行动|创建(?!示范|先进)){not_form_next}"),
        known_names=re.compile(words("names")) if names else None,
        managed=re.compile(rf"(?:{cues})(?P<n>(?!{words('generic_styles')}化)[{_HAN}]{{2,3}}化"
                           r"管理)"),
        slogan_project=re.compile(rf"(?:{cues})[了]?(?P<q>{_QUOTED})(?=项目)"),
        book=re.compile(rf"《(?P<t>[^《》\n]{{2,40}}?{words('book_forms')})"
                        r"(?P<y>[（(][^（）()《》\n]{2,16}[）)])?》"),
        brand=re.compile(rf"{words('brand_cues')}[了的]?(?P<q>{_QUOTED})[{_HAN}]{{0,6}}?"
                         rf"{words('brand_nouns')}|{words('brand_nouns')}(?:——|—|：|:)(?P<n>{_QUOTED})"),
        work_on=re.compile(rf"在(?P<q>{_QUOTED}){words('work_on_frames')}"),
        generic=frozenset(lexicons.words("programs", "generic_names")),
        idioms=frozenset(lexicons.words("programs", "idioms")))

_SENTENCE_END = re.compile(r"[。！？!?]")
_SLOGAN_PARTS = re.compile(r"[、，,+·]")
_HAN_CHAR = re.compile(rf"[{_HAN}]")
_HAN_WORD = re.compile(rf"[{_HAN}]+")


def _slogan_ok(q: str) -> bool:
    """A quoted slogan is short, or several short parts (人人有技、家家增收).

    >>> _slogan_ok("板凳会"), _slogan_ok("人人有技、家家增收"), _slogan_ok("云溪县青石小区二期不动产证转移登记")
    (True, True, False)
    """
    if not q or _SENTENCE_END.search(q):
        return False
    parts = _SLOGAN_PARTS.split(q)
    return len(q) <= _MAX_SLOGAN or (len(parts) > 1 and all(len(p) <= 10 for p in parts))


def _building_works(norm: str, start: int, end: int) -> bool:
    """Whether the clause around ``start:end`` speaks of building works.

    >>> t = "启动道路“白改黑”工程建设"
    >>> _building_works(t, 4, 11)
    True
    """
    return bool(_BUILDING.search(norm, max(0, start - 15), min(len(norm), end + 15)))


def _substantial(q: str) -> bool:
    """A slogan that names the program on its own (千名干部进万户), not a tag (七彩, 2+4+N)."""
    return len(_HAN_CHAR.findall(q)) >= 4


def _left_edge(norm: str, pos: int, reach: int = 16) -> int | None:
    """Where an unquoted name ending in a form word at ``pos`` begins: after the last cue,
    adverb or function word of its clause (a conjunction too: “甲”和乙制度 names 乙制度);
    a quoted tag right before the words belongs to the name (“5+1”治水三年行动); None when
    the clause runs on past ``reach`` characters without a stop.

    >>> text = "持续深化禁赌专项斗争，实施“3+2”治水建设幸福河湖三年行动"
    >>> end = text.index("三年行动")
    >>> text[_left_edge(text, 6):6], text[_left_edge(text, end):end]
    ('禁赌', '“3+2”治水建设幸福河湖')
    """
    start = pos
    while start > max(0, pos - reach) and _NAME_CHAR.match(norm[start - 1]):
        start -= 1
    last = None
    for last in _lexicon().stop.finditer(norm, start, pos):
        pass
    if last is not None:
        return last.end()
    if start > 0 and _NAME_CHAR.match(norm[start - 1]):
        return None
    quote = _QUOTE_BEFORE.search(norm, max(0, start - 16), start)
    if quote and quote.end() == start and _slogan_ok(strip_marks(quote.group())):
        return quote.start()
    return start


def _cue_extension(norm: str, quote: int) -> int:
    """Start of the words between a cue and a quote (开展党员“四比”行动 → 党员)."""
    window = max(0, quote - 10)
    best = quote
    lex = _lexicon()
    for m in lex.cue.finditer(norm, window, quote):
        ext = norm[m.end():quote]
        if 1 <= len(ext) <= 4 and _HAN_WORD.fullmatch(ext) and not lex.stop.search(ext):
            best = m.end()
        elif not ext:
            best = quote
    return best


# ── recognisers: each yields (start, end, name, aliases) ────────────────────────────────
Candidate = tuple[int, int, str, tuple[str, ...]]


def quoted_with_form(norm: str) -> Iterator[Candidate]:
    """A quoted slogan, a few descriptive words, a form word.

    >>> [c[2:] for c in quoted_with_form("组织开展党员“四比”行动，以“千企帮千村”活动为抓手")]
    [('党员四比行动', ('四比行动',)), ('千企帮千村', ('千企帮千村活动',))]
    """
    lex = _lexicon()
    for m in lex.quoted_with_form.finditer(norm):
        q, d, f = strip_marks(m.group("q")), m.group("d"), m.group("f") or m.group("g")
        if d == "新" and f in ("机制", "模式") and _substantial(q):
            d = ""  # 推广“企业+合作社+农户”新机制: the slogan is named, 新 only says it is new
        if not _slogan_ok(q) or _DESCRIPTIVE.search(d) or q in lex.generic or lex.form_in_quote.search(q):
            continue  # “积分制”评比活动: the quoted system is the program (quoted_form)
        if m.group("g") and (not lex.cue_before_quote.search(norm, max(0, m.start() - 10), m.start())
                             or (d and f == "建设")):
            continue
        if f == "工程" and _building_works(norm, m.start(), m.end()):
            continue
        start, end = _cue_extension(norm, m.start()), m.end()
        ext = norm[start:m.start()]
        aliases: list[str] = []
        if f in ("活动", "做法") and not d:
            name = ext + q
            aliases.append(q + f)
        else:
            if f == "活动" and d.endswith(("创建", "行动")):
                d, f = d[:-2], d[-2:]
                aliases.append(q + d + f + "活动")
            elif norm.startswith("活动", end) and f in ("创建", "行动"):
                aliases.append(ext + q + d + f + "活动")
                end += 2
            name = ext + q + d + f
            if ext:
                aliases.append(q + d + f)
            if _substantial(q):
                aliases.append(q)
        yield start, end, name, tuple(aliases)


def quoted_form(norm: str) -> Iterator[Candidate]:
    """A quoted name that is itself a form: “街长制”, “春雨行动”.

    >>> [c[2] for c in quoted_form("深入推进“街长制”，办好“春雨行动”招聘会，用好“金扁担”")]
    ['街长制', '春雨行动']
    """
    lex = _lexicon()
    for m in _QUOTE_ALONE.finditer(norm):
        q = strip_marks(m.group())
        if len(q) >= 3 and _slogan_ok(q) and lex.form_in_quote.search(q) and q not in lex.generic \
                and not (q.endswith("工程") and _building_works(norm, m.start(), m.end())):
            yield m.start(), m.end(), q, ()


def cued_quote(norm: str) -> Iterator[Candidate]:
    """A quoted slogan right after a cue verb, standing alone in its clause.

    >>> [c[2] for c in cued_quote("持续开展“便民服务大篷车”，落实“路面见新”要求，用好党建“金扁担”。")]
    ['便民服务大篷车']
    """
    lex = _lexicon()
    for m in lex.cued_quote.finditer(norm):
        q = strip_marks(m.group("q"))
        after = lex.after_cued_quote.match(norm, m.end())
        if after is None or not _slogan_ok(q) or len(q) < 2 or q in lex.generic:
            continue
        if m.group("cue") == "以" and not after.group().lstrip("作").startswith("为"):
            continue
        yield m.start("q"), m.end("q"), q, ()


def number_slogan(norm: str) -> Iterator[Candidate]:
    """Numbered slogans: quoted (“一事一议”, “百村示范、千户增收”) or unquoted after a cue
    (通过三议一公开确定).

    >>> [c[2] for c in number_slogan("按照“一事一议”程序，顺利通过三议一公开确定方案，迎来“十四五”开局")]
    ['一事一议', '三议一公开']
    """
    lex = _lexicon()
    for m in _QUOTE_ALONE.finditer(norm):
        q = strip_marks(m.group())
        if 4 <= len(q) <= 24 and _NUMBER_SLOGAN.fullmatch(q) and _slogan_ok(q) and q not in lex.idioms:
            yield m.start(), m.end(), q, ()
    for m in lex.bare_number_slogan.finditer(norm):
        if m.group("s") not in lex.idioms:
            yield m.start("s"), m.end("s"), m.group("s"), ()


def chief_system(norm: str) -> Iterator[Candidate]:
    """湖长制, 林长制, 河湖长制, 积分制 …; 家长制 is not one.

    >>> [c[2] for c in chief_system("全面推行林长制、河湖长制，推广积分制，反对家长制")]
    ['林长制', '河湖长制', '积分制']
    """
    for m in _CHIEF_SYSTEM.finditer(norm):
        yield m.start(), m.end(), m.group(), ()


def campaign(norm: str) -> Iterator[Candidate]:
    """Unquoted campaigns by their form word, named from their clause's last cue:
    …专项斗争, …攻坚行动, …攻坚战, …工作法.

    >>> [c[2] for c in campaign("抢抓江南省老旧小区改造三年攻坚行动机遇，开展专项行动")]
    ['江南省老旧小区改造三年攻坚行动']
    """
    lex = _lexicon()
    for m in lex.campaign.finditer(norm):
        start = _left_edge(norm, m.start())
        shortest = _MIN_SYSTEM_BODY if m.group() == "制度" else 2
        if start is None or m.start() - start < shortest:
            continue
        name = strip_marks(norm[start:m.end()])
        if name not in lex.generic and not _GENERIC_BODY.search(norm[start:m.start()]):
            yield start, m.end(), name, ()


def cued_form(norm: str) -> Iterator[Candidate]:
    """A cue verb, a specific name, a form word: 落实县级领导分包重点项目制度, 开展春耕行动.

    >>> [c[2] for c in cued_form("严格落实云溪县领导包联制度，开展联合执法行动，完善管理制度")]
    ['云溪县领导包联制度']
    """
    lex = _lexicon()
    for m in lex.cued_form.finditer(norm):
        body = m.group("body")
        if lex.stop.search(body) or _GENERIC_BODY.search(body) or (
                m.group("f") == "创建" and len(body) < _MIN_CREATION_BODY):
            continue  # 坚持品牌创建: a creation needs a name of its own
        name = body + m.group("f")
        if name not in lex.generic:
            yield m.start("body"), m.end(), name, ()


def named_creation(norm: str) -> Iterator[Candidate]:
    """…创建 after what is created: 文明城市创建, 七彩支部创建.

    >>> [c[2] for c in named_creation("深入推进全国文明城市创建，积极创建")]
    ['全国文明城市创建']
    """
    split = re.compile(lexicons.alternation("honours", "split_list_titles") + "$")
    for m in _CREATION.finditer(norm):
        if norm.startswith(("名单", "对象", "单位"), m.end()):
            continue  # 入选…创建名单: a list of honoured units, not a campaign
        start = _left_edge(norm, m.start())
        if start is not None and m.start() - start >= 3:
            if split.search(strip_marks(norm[start:m.start()])):
                continue  # 全国…治理示范村镇创建: the national list's campaign, not a unit's
            yield start, m.end(), strip_marks(norm[start:m.end()]), ()


def book_title(norm: str) -> Iterator[Candidate]:
    """A method or plan published under book-title marks, its years kept (the name without
    them is an alias): 《农村党员“五到位”工作法》, 《青川镇人居环境三年行动计划（2024—2026年）》.

    >>> [c[2:] for c in book_title("按照《农村党员“五到位”工作法》，制定《青川镇人居环境整治"
    ...                             "行动方案（2024—2026年）》，学习《村规民约》")]
    [('农村党员五到位工作法', ()), ('青川镇人居环境整治行动方案（2024—2026年）', ('青川镇人居环境整治行动方案', '青川镇人居环境整治行动方案2024—2026年'))]
    """
    for m in _lexicon().book.finditer(norm):
        title = strip_marks(m.group("t"))
        years = m.group("y")
        if years:
            yield (m.start("t"), m.end("y"), title + years,
                   (title, title + strip_marks(years)[1:-1]))
        else:
            yield m.start("t"), m.end("t"), title, ()


def brand(norm: str) -> Iterator[Candidate]:
    """A quoted brand a unit launches or polishes: 打造“青山向党”党建品牌 → 青山向党.

    >>> [c[2] for c in brand("发布“河畔先锋”党建品牌，打造宜居宜业美丽家园，提炼出党建品牌——“梅岭红”")]
    ['河畔先锋', '梅岭红']
    """
    for m in _lexicon().brand.finditer(norm):
        group = "q" if m.group("q") else "n"
        q = strip_marks(m.group(group))
        if _slogan_ok(q) and len(q) >= 2:
            yield m.start(group), m.end(group), q, ()


def worked_on(norm: str) -> Iterator[Candidate]:
    """What a unit 在“…”上做文章 on: 在“孝善积分”上做文章 → 孝善积分.

    >>> [c[2] for c in worked_on("白水村在“孝善积分”上做文章，在产业上下功夫")]
    ['孝善积分']
    """
    for m in _lexicon().work_on.finditer(norm):
        q = strip_marks(m.group("q"))
        if _slogan_ok(q) and len(q) >= 2:
            yield m.start("q"), m.end("q"), q, ()


def known_name(norm: str) -> Iterator[Candidate]:
    """A program name listed in the lexicon's ``names`` (a county's own programs), as written.

    >>> lexicons.configure(()); [c[2] for c in known_name("推行三清一改")]
    []
    """
    pattern = _lexicon().known_names
    if pattern is not None:
        for m in pattern.finditer(norm):
            yield m.start(), m.end(), m.group(), ()


def managed_style(norm: str) -> Iterator[Candidate]:
    """A named way of managing after a cue verb: 实行片区化管理 (not 推进精细化管理).

    >>> [c[2] for c in managed_style("白沙镇实行片区化管理，推进精细化管理")]
    ['片区化管理']
    """
    for m in _lexicon().managed.finditer(norm):
        yield m.start("n"), m.end("n"), m.group("n"), ()


def slogan_project(norm: str) -> Iterator[Candidate]:
    """A numbered slogan carried out as a “project”: 全面铺开“五个一”项目 is a program.

    >>> [c[2] for c in slogan_project("全面铺开“五个一”项目，实施“白沙水厂”项目")]
    ['五个一']
    """
    for m in _lexicon().slogan_project.finditer(norm):
        q = strip_marks(m.group("q"))
        if _NUMBER_SLOGAN.fullmatch(q) and q not in _lexicon().idioms:
            yield m.start("q"), m.end("q"), q, ()


RULES = (known_name, brand, worked_on, managed_style, slogan_project, quoted_with_form, book_title, quoted_form, cued_quote, number_slogan, chief_system,
         campaign, cued_form, named_creation)


# ── assembling ──────────────────────────────────────────────────────────────────────────

def _settle(candidates: list[Candidate]) -> list[Candidate]:
    """Overlaps: the longest span wins; a shorter one ending at the same place (the
    “五到位”工作法 inside 《农村党员“五到位”工作法》) lends its name as an alias."""
    kept: dict[tuple[int, int], Candidate] = {}
    spans = SpanSet()
    for c in sorted(candidates, key=lambda c: (-(c[1] - c[0]), c[0])):
        clash = spans.overlapping(c[0], c[1])
        if clash is None:
            spans.add(c[0], c[1])
            kept[(c[0], c[1])] = c
        elif abs(clash[1] - c[1]) <= 1 and c[2] != kept[clash][2]:
            k = kept[clash]
            kept[clash] = (*k[:3], tuple(dict.fromkeys((*k[3], c[2], *c[3]))))
    return sorted(kept.values())


def _repeats(norm: str, found: list[Candidate]) -> Iterator[Candidate]:
    """Every other place a found name is written as it is (七彩支部创建亮点纷呈)."""
    taken = SpanSet()
    for c in found:
        taken.add(c[0], c[1])
    names = {c[2]: c[3] for c in found if len(c[2]) >= 3}
    for name, aliases in names.items():
        pos = norm.find(name)
        while pos >= 0:
            end = pos + len(name)
            if taken.overlapping(pos, end) is None:
                taken.add(pos, end)
                yield pos, end, name, aliases
            pos = norm.find(name, end)


@lexicons.per_configuration
def _plan_words() -> tuple[re.Pattern, re.Pattern]:
    def words(key: str) -> str:
        return lexicons.alternation("programs", key)
    return (re.compile(rf"[”」』\"]?[{_HAN}]{{0,4}}?(?:{words('layout_nouns')})"),
            re.compile(rf"(?P<s>.+?)(?:{words('slogan_trailers')})"))


def _names_layout(norm: str, c: Candidate) -> bool:
    """A numbered slogan before a plan noun is a layout: “一心两带三庄”发展布局.

    >>> text = "白沙镇构建“一核两翼三区”发展格局，推行“一事一议”"
    >>> _names_layout(text, (6, 12, "一核两翼三区", ())), _names_layout(text, (21, 25, "一事一议", ()))
    (True, False)
    """
    return bool(_NUMBER_SLOGAN.fullmatch(c[2]) and _plan_words()[0].match(norm, c[1]))


def _trim_slogan_trailer(c: Candidate) -> Candidate:
    """实行五统一管理: the program is 五统一; 管理/服务 after a numbered slogan is no part of it.

    >>> _trim_slogan_trailer((2, 7, "五统一管理", ())), _trim_slogan_trailer((2, 7, "片区化管理", ()))
    ((2, 5, '五统一', ()), (2, 7, '片区化管理', ()))
    """
    m = _plan_words()[1].fullmatch(c[2])
    if m and _NUMBER_SLOGAN.fullmatch(m.group("s")) and m.group("s") not in _lexicon().idioms:
        return c[0], c[0] + len(m.group("s")), m.group("s"), c[3]
    return c


def find(article: Article) -> Iterator[Mention]:
    """Program mentions of one article, in text order.

    >>> from kg.model import Article
    >>> text = "青石镇推行“板凳会”工作法，严格执行湖长制，荣获云溪县“湖长制工作先进单位”称号。"
    >>> [m.name for m in find(Article("t-0", "t", 0, text, text, ()))]
    ['板凳会工作法', '湖长制']
    """
    norm = article.norm
    titles = SpanSet()
    for h in honours.find(article):
        titles.add(h.start, h.end)
    generic = _lexicon().generic
    candidates = [c for rule in RULES for c in rule(norm)
                  if c[2] not in generic and not titles.covers(c[0], c[1])]
    candidates = [_trim_slogan_trailer(c) for c in candidates if not _names_layout(norm, c)]
    settled = _settle(candidates)
    settled += [c for c in _repeats(norm, settled) if not titles.covers(c[0], c[1])]
    for start, end, name, aliases in sorted(settled):
        attrs = tuple(("alias", a) for a in dict.fromkeys(aliases) if a != name)
        yield Mention("Program", name, start, end, attrs)
