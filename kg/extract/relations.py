"""Relation rules: who is part of what, who received or carries out what, what is where.

Each rule is a pure function of a ``Context`` yielding ``Relation`` records. Rules are
listed once in ``RULES``. The actor of a sentence is the nearest unit named before the
fact in the same sentence (a unit written inside a title does not count); when there is
none, or a reference word stands in for it (该镇, 全镇, 辖区 …), it is the article's subject.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Callable, Iterator

from .. import lexicons
from ..model import UNIT_DEPTH, UNIT_KINDS, Article, Mention, Quantity, Relation, Sentence
from . import figures, honours, projects, skipping

_SUFFIX_OF_KIND = {
    "Province": ("省", "自治区", "市"), "City": ("市", "州", "盟", "地区"),
    "District": ("区", "县", "旗", "市"), "Town": ("镇", "乡", "苏木"),
    "Subdistrict": ("街道",), "Village": ("村", "嘎查"), "Community": ("社区",),
}
# 该镇 / 全镇 / 本街道 / 辖区 stand for a unit named elsewhere in the article.
_REFERENCE = re.compile(r"(?:该|全|本|我|咱)(镇|乡|街道|村|社区|区|县|市|旗|嘎查|苏木)|辖区")
_REFERENCE_KINDS = {"镇": ("Town",), "乡": ("Town",), "街道": ("Subdistrict",),
                    "村": ("Village",), "社区": ("Community",), "区": ("District",),
                    "县": ("District",), "旗": ("District",), "市": ("City", "District"),
                    "嘎查": ("Village",), "苏木": ("Town",)}
# 我县入选… in a headline: the article is about the county the body names.
_HEADLINE_REFERENCE = re.compile(r"(?:我|本|咱)(镇|乡|街道|村|社区|区|县|市|旗|嘎查|苏木)")
# 社区党委联合… / ，街道依托…: a level word opening a clause stands for the last unit of it.
_BARE_REFERENCE = re.compile(r"(?:^|(?<=[,，;；:：。\n]))(镇|乡|街道|村|社区|嘎查|苏木)(?=党|两委|居委|村委|依托|坚持|积极|持续|通过|组织|开展|实施|推行|建立|成立|聚焦|围绕|统筹|联合|按照|结合|先后|累计|还|将|把|以)")
# 全县 qualifying a noun (全县最大的…, 覆盖全县) or after a preposition is an extent.
_WHOLE_AS_EXTENT = re.compile(r"(?:依托|覆盖|辐射|带动|面向|服务|在|于|为|到|是)全[^\W\d_]{1,2}"
                              r"|全[^\W\d_]{1,2}(?:最|唯一|首个|首家|第一|范围|上下|各|所有|的)")
_LIST_GLUE = re.compile(r"[、，,和及与]|以及")
_DESTINATION = re.compile(r"(?:赴|到|前往|去|来自|从|向|与|同|跟|对接|联合|携手|助力|帮扶|支援|对口)$")
_PLACE_OF_ACTION = re.compile(r"(?:在|于)$")
_GRANT = re.compile(r"授予|表彰|命名")
_PERSONAL = re.compile(r"(?:个人|工作者|标兵|能手|模范|楷模|好人|代表|党员|书记|干部)$")
_PLACE_CUE = re.compile(r"(?:建设地点|项目地点|实施地点|选址|地址|位置)[:：]|位于|坐落于|落户(?:于|在)?|选址(?:于|在)?|"
                        r"落地(?:于|在)?|落在|设在|建在|建于|横跨|途经|覆盖|涉及|"
                        # 云岭县光伏项目在白音嘎查开工: 在 right after the work places it
                        r"^在")
_PROJECT_HEAD = re.compile(r"项目[^,，。；]{0,3}[、和]")
_SETTLE = re.compile(r"入驻|落户|进驻|入园|落地|签约|投产|开工建设|引进|选址|扎根")
_PARK = re.compile(r"(?:园|园区|基地|产业城|科技城|小镇|集中区|智谷)$")
_TOTAL = re.compile(r"(?:总投资|计划总投资|投资总额|总投入|概算投资|估算投资|项目投资|投资|投入资金|"
                    r"总投入资金|投入)(?:额)?(?:约|达|为|超|近|逾|共计|合计)?$")
_ANNUAL = re.compile(r"(?:年度|本年度|今年|年内|全年|本年|当年|年|\d{4}年)(?:计划|拟)?(?:完成)?投资(?:额)?"
                     r"(?:约|达|为)?$")
_PROJECT_COUNT = re.compile(r"项目(?:共)?(\d+)个|(\d+)个项目")
_MONEY_CUE_WINDOW = 14
# 江南省司法厅 / 云溪县文明办: a unit's office written against its name (not 白沙镇被省水利厅…).
_GOVERNMENT_BODY = re.compile(r"(?:(?![被获荣经由])[\u4e00-\u9fff]){0,5}?(?:厅|局|文明办|文明委)")


def short_form(name: str, kind: str) -> str:
    """The name without its level word, when two or more characters remain.

    >>> short_form("青石镇", "Town"), short_form("东湖街道", "Subdistrict"), short_form("白村", "Village")
    ('青石', '东湖', '')
    """
    for suffix in _SUFFIX_OF_KIND.get(kind, ()):
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return ""


def nested_spans(mentions) -> set[tuple[int, int]]:
    """Spans lying inside a longer mention's span, found in one sweep.

    >>> nested_spans([Mention("Honor", "江南省文明村", 0, 6), Mention("Province", "江南省", 0, 3)])
    {(0, 3)}
    """
    spans = sorted({(m.start, m.end) for m in mentions}, key=lambda se: (se[0], -se[1]))
    inside: set[tuple[int, int]] = set()
    reach = -1
    for start, end in spans:
        if reach >= end:
            inside.add((start, end))  # an earlier, different span starts no later and ends no sooner
        reach = max(reach, end)
    return inside


def _covers(mentions) -> Callable[[int], bool]:
    """A test whether a position lies inside any mention, by bisection over merged spans."""
    merged: list[list[int]] = []
    for start, end in sorted((m.start, m.end) for m in mentions):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    starts = [m[0] for m in merged]

    def covered(pos: int) -> bool:
        i = bisect_right(starts, pos) - 1
        return i >= 0 and pos < merged[i][1]
    return covered


def choose_subject(article: Article, mentions: tuple[Mention, ...]) -> Mention | None:
    """The unit the article is about: the town, subdistrict, village or district named most
    often (short forms count), with a bonus for the headline and the opening lines.

    >>> a = Article("t-0", "t", 0, "东湖街道：东湖街道召开大会。云溪县领导出席。", "", ())
    >>> ms = (Mention("Subdistrict", "东湖街道", 0, 4), Mention("Subdistrict", "东湖街道", 5, 9),
    ...       Mention("District", "云溪县", 15, 18))
    >>> choose_subject(a, ms).name
    '东湖街道'
    """
    units = [m for m in mentions if m.kind in UNIT_KINDS]
    if not units:
        return None
    inside = nested_spans(mentions)
    nested = {id(u) for u in units if (u.start, u.end) in inside}
    # 云溪县青石镇: the county only says where the town is
    nested |= {id(a) for a, b in zip(units, units[1:])
               if a.end == b.start and UNIT_DEPTH[a.kind] < UNIT_DEPTH[b.kind]}
    score: Counter[tuple[str, str]] = Counter()
    first: dict[tuple[str, str], Mention] = {}
    said = _HEADLINE_REFERENCE.search(article.title or "")
    headline_kinds = _REFERENCE_KINDS.get(said.group(1), ()) if said else ()
    head = min(len(article.text), 120)
    for u in units:
        key = (u.kind, u.name)
        first.setdefault(key, u)
        weight = 0.3 if id(u) in nested else 1.0
        if u.start < head:
            weight += 1.5
        if article.title and u.name in article.title:
            weight += 2.0
        score[key] += weight
    # A unit below the province and city levels is what local reports are about.
    for key in score:
        score[key] *= {"Province": 0.5, "City": 0.5, "District": 0.8}.get(key[0], 1.0)
    # 我县入选… in a headline: the county writes about itself, however often it names a town.
    said_by = [k for k in score if k[0] in headline_kinds]
    best = max(said_by or score, key=lambda k: (score[k], UNIT_DEPTH[k[0]], -first[k].start))
    return first[best]


@dataclass(frozen=True)
class Context:
    """Everything a rule may look at for one article."""
    article: Article
    mentions: tuple[Mention, ...]
    quantities: tuple[Quantity, ...]
    subject: Mention | None

    @cached_property
    def units(self) -> tuple[Mention, ...]:
        return tuple(m for m in self.mentions if m.kind in UNIT_KINDS)

    @cached_property
    def units_by_start(self) -> tuple[list[int], list[Mention]]:
        """The units in text order and their starts, for bisection."""
        ordered = sorted(self.units, key=lambda u: u.start)
        return [u.start for u in ordered], ordered

    @cached_property
    def anchors(self) -> tuple[Mention, ...]:
        """Units that can act in a sentence: not written inside another name, plus
        reference words resolved to the unit they stand for."""
        inside = nested_spans(self.mentions)
        covered = _covers(self.mentions)
        free = [u for u in self.units if (u.start, u.end) not in inside]
        named = sorted(free, key=lambda m: m.start)
        starts = [u.start for u in named]
        for match in (*_REFERENCE.finditer(self.article.norm),
                      *_BARE_REFERENCE.finditer(self.article.norm)):
            at = match.start(match.lastindex or 0)
            if match.group(0) == "辖区":
                i = bisect_right(starts, at) - 1
                if i >= 0 and named[i].start >= self.sentence_of(at).start:
                    continue  # 辖区 of the unit this sentence is about
            prefix = match.group(0)[0] if match.re is _REFERENCE else ""
            if prefix == "全" and _WHOLE_AS_EXTENT.search(self.article.norm, max(0, at - 3),
                                                            match.end() + 2):
                continue  # 依托全县最大的…: the county as an extent, not an actor
            unit = self._referent(prefix, match.group(1), at)
            if unit is not None and not covered(at):
                free.append(Mention(unit.kind, unit.name, at, match.end(), unit.attrs))
        return tuple(sorted(free, key=lambda m: m.start))

    def _referent(self, prefix: str, level: str | None, at: int) -> Mention | None:
        if level is None:  # 辖区
            return self.subject
        kinds = _REFERENCE_KINDS.get(level, ())
        if self.subject is not None and self.subject.kind in kinds:
            return self.subject
        if prefix == "全":  # 在全区 in a town's report is a place, not an actor
            return None
        if prefix == "" and self.subject is not None and self.subject.kind in kinds:
            return self.subject
        before = [u for u in self.units if u.kind in kinds and u.end <= at]
        return before[-1] if before else None

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s.start for s in self.article.sentences]

    def sentence_of(self, pos: int) -> Sentence:
        sentences = self.article.sentences
        i = bisect_right(self._sentence_starts, pos) - 1
        if 0 <= i < len(sentences) and sentences[i].start <= pos < max(sentences[i].end, pos + 1):
            return sentences[i]
        return Sentence(pos, pos, "")

    def actor(self, at: Mention | Quantity) -> Mention | None:
        """The nearest free unit before ``at`` in its sentence, else the subject."""
        actors = self.actors(at)
        return actors[-1] if actors else None

    def actors(self, at: Mention | Quantity, *, places_act: bool = True) -> list[Mention]:
        """The units acting on ``at``: the nearest free unit before it in its sentence and the
        units listed with it (授予青石镇、白马乡“…”称号); of a chain (青石镇白马村) the lowest
        one. When none is named: the subject — unless the sentence names recipients that are
        not units (授予县水务局…), then nobody. Without ``places_act``, units written as the
        place or the model of the action (该镇在白马村、黑山村推行…, 以白马村为样板) give way
        to a unit named before them."""
        sentence = self.sentence_of(at.start)
        before = [a for a in self.between("anchors", sentence.start, at.start) if a.end <= at.start]
        before = self._drop_destinations(before)
        if not places_act:
            norm = self.article.norm
            # 以白马村为样板: the model of the action does not carry it out
            acting = [a for a in self._drop_destinations(before, _PLACE_OF_ACTION)
                      if not (norm[a.start - 1:a.start] == "以" and norm.startswith("为", a.end))]
            before = acting or before
        if not before:
            head = self.article.norm[sentence.start:at.start]
            if _GRANT.search(head) or self.subject is None:
                return []
            return [self.subject]
        norm = self.article.norm
        items = [before[-1]]
        for earlier, later in zip(reversed(before[:-1]), reversed(before[1:])):
            gap = norm[earlier.end:later.start]
            if gap == "":
                continue  # a chain: keep its lowest unit, already taken
            if not _LIST_GLUE.fullmatch(gap):
                break
            items.append(earlier)
        chained = {id(a) for a, b in zip(before, before[1:]) if a.end == b.start}
        return [a for a in reversed(items) if id(a) not in chained]

    def _drop_destinations(self, anchors: list[Mention],
                           cue: re.Pattern = _DESTINATION) -> list[Mention]:
        """Units written as a destination or partner (赴青石镇、白马乡…, 与东湖街道) do not act."""
        norm = self.article.norm
        kept: list[Mention] = []
        destination = False
        for previous, a in zip([None, *anchors], anchors):
            gap = norm[previous.end:a.start] if previous is not None else ""
            if previous is None or not (gap == "" or _LIST_GLUE.fullmatch(gap)):
                destination = bool(cue.search(norm[max(0, a.start - 3):a.start]))
            if not destination:
                kept.append(a)
        return kept

    @cached_property
    def units_by_short(self) -> dict[str, Mention]:
        table: dict[str, Mention] = {}
        for u in self.units:
            for form in (u.name, short_form(u.name, u.kind)):
                if form:
                    table.setdefault(form, u)
        return table

    @cached_property
    def company_names(self) -> dict[str, Mention]:
        table: dict[str, Mention] = {}
        for m in self.mentions:
            if m.kind == "Company":
                for form in (m.name, *m.attr_all("alias")):
                    if len(form) >= 2:
                        table.setdefault(form, m)
        return table

    @cached_property
    def _by_kind(self) -> dict[str, tuple[list[int], list[Mention]]]:
        groups: dict[str, list[Mention]] = {"anchors": list(self.anchors)}
        for m in self.mentions:
            groups.setdefault(m.kind, []).append(m)
        out = {}
        for kind, ms in groups.items():
            ms = sorted(ms, key=lambda m: m.start)
            out[kind] = ([m.start for m in ms], ms)
        return out

    def of_kind(self, kind: str) -> list[Mention]:
        return self._by_kind.get(kind, ([], []))[1]

    def between(self, kind: str, start: int, end: int) -> list[Mention]:
        """Mentions of ``kind`` (or "anchors") starting in [start, end), by bisection."""
        starts, ms = self._by_kind.get(kind, ([], []))
        return ms[bisect_left(starts, start):bisect_left(starts, end)]

    def in_sentence(self, sentence: Sentence, kind: str) -> list[Mention]:
        return self.between(kind, sentence.start, max(sentence.end, sentence.start + 1))

    @cached_property
    def _found(self) -> dict[Callable, tuple[Relation, ...]]:
        return {}

    def found(self, rule: Callable[[Context], Iterator[Relation]]) -> tuple[Relation, ...]:
        """What ``rule`` finds in the article, found once (the partOf rules are asked again
        which units they place)."""
        if rule not in self._found:
            self._found[rule] = tuple(rule(self))
        return self._found[rule]

    @cached_property
    def placed(self) -> frozenset[str]:
        """Names of the units a written partOf places (read by three rules, found once)."""
        return frozenset(_placed_by_text(self))

    @cached_property
    def rows(self) -> tuple[tuple[str, list[Mention]], ...]:
        """(section heading, units of the row) of every table row (read by three rules)."""
        return tuple(_table_rows(self))


def _rel(ctx: Context, s: Mention, p: str, o: Mention | Quantity, at: int) -> Relation:
    return Relation(s, p, o, ctx.sentence_of(at))


def _natural_village_of(upper: Mention, lower: Mention) -> bool:
    """A natural village (自然村) written after an administrative one belongs to it."""
    return (upper.kind == lower.kind == "Village" and lower.name.endswith("自然村")
            and not upper.name.endswith("自然村"))


def part_of_by_chain(ctx: Context) -> Iterator[Relation]:
    """A unit written right after a higher one is part of it: 云溪县青石镇白马村, and a
    natural village after its administrative village: 白马村委会芒溪自然村."""
    units = ctx.units_by_start[1]
    for upper, lower in zip(units, units[1:]):
        if upper.end == lower.start and (UNIT_DEPTH[upper.kind] < UNIT_DEPTH[lower.kind]
                                         or _natural_village_of(upper, lower)):
            yield _rel(ctx, lower, "partOf", upper, lower.start)


def part_of_by_enumeration(ctx: Context) -> Iterator[Relation]:
    """Units listed after a chained one share its parent: 青石镇白马村、黑山村和红星社区."""
    units = ctx.units_by_start[1]
    norm = ctx.article.norm
    for i, (upper, first) in enumerate(zip(units, units[1:])):
        if not (upper.end == first.start and UNIT_DEPTH[upper.kind] < UNIT_DEPTH[first.kind]):
            continue
        previous = first
        for item in units[i + 2:]:
            if UNIT_DEPTH[item.kind] != UNIT_DEPTH[first.kind] or not _LIST_GLUE.fullmatch(
                    norm[previous.end:item.start]):
                break
            yield _rel(ctx, item, "partOf", upper, item.start)
            previous = item


def part_of_subject(ctx: Context) -> Iterator[Relation]:
    """A unit one level below the article's subject, with no parent written next to it, is
    part of the subject: in a town's report, 白马村 belongs to the town."""
    subject = ctx.subject
    if subject is None:
        return
    below = {"Town": ("Village", "Community"), "Subdistrict": ("Village", "Community"),
             "District": ("Town", "Subdistrict"), "City": ("District",)}.get(subject.kind, ())
    seen: set[str] = set()
    for unit in ctx.anchors:
        if unit.kind in below and unit.name not in ctx.placed and unit.name not in seen:
            seen.add(unit.name)
            yield _rel(ctx, unit, "partOf", subject, unit.start)


def _placed_by_text(ctx: Context) -> set[str]:
    """Names of the units a written partOf places (a chain, a list after one, a statement)."""
    return {r.subject.name for rule in (part_of_by_chain, part_of_by_enumeration,
                                        part_of_by_statement, part_of_by_reference_chain,
                                        part_of_by_table_row)
            for r in ctx.found(rule)}


def _sole(ctx: Context, kinds: tuple[str, ...]) -> Mention | None:
    """The one unit of ``kinds`` the article names (free, not inside another name), if one."""
    named = {(u.kind, u.name): u for u in ctx.anchors if u.kind in kinds}
    return next(iter(named.values())) if len(named) == 1 else None


def part_of_sole_county(ctx: Context) -> Iterator[Relation]:
    """In an article naming one county only, a town or subdistrict written with no parent
    is part of it: 房山县召开大会，青石镇、白马乡作交流发言."""
    return _part_of_sole(ctx, ("District",), ("Town", "Subdistrict"))


def part_of_sole_town(ctx: Context) -> Iterator[Relation]:
    """In an article naming one town or subdistrict only, a village or community written
    with no parent is part of it: 青石镇党委书记走访了白马村和东湖社区."""
    return _part_of_sole(ctx, ("Town", "Subdistrict"), ("Village", "Community"))


def _part_of_sole(ctx: Context, parent_kinds: tuple[str, ...],
                  child_kinds: tuple[str, ...]) -> Iterator[Relation]:
    """Units of ``child_kinds`` written with no parent are part of the article's only unit
    of ``parent_kinds``, unless that unit is the article's subject."""
    parent = _sole(ctx, parent_kinds)
    if parent is None or (ctx.subject is not None and ctx.subject.name == parent.name):
        return
    placed = set(ctx.placed)
    for unit in ctx.anchors:
        if unit.kind in child_kinds and unit.name not in placed:
            placed.add(unit.name)
            yield _rel(ctx, unit, "partOf", parent, unit.start)


def part_of_by_reference_chain(ctx: Context) -> Iterator[Relation]:
    """A unit written right after a reference word (该镇, 本乡) is part of the unit the
    word stands for: 该镇白马村."""
    units = {u.start: u for u in ctx.units}
    for ref in ctx.anchors:
        lower = units.get(ref.end)
        if lower is not None and (ref.start, ref.end) != (lower.start, lower.end) \
                and ref.start not in units and UNIT_DEPTH[ref.kind] < UNIT_DEPTH[lower.kind]:
            yield _rel(ctx, lower, "partOf", ref, lower.start)


_LIES_IN = re.compile(r"^(?:位于|地处|隶属于?|属于|坐落于|座落于|地属)$")


def part_of_by_statement(ctx: Context) -> Iterator[Relation]:
    """A unit said to lie in a higher one is part of it: 青石镇位于云溪县西南部."""
    norm = ctx.article.norm
    units = ctx.units_by_start[1]
    for lower, upper in zip(units, units[1:]):
        if UNIT_DEPTH[lower.kind] > UNIT_DEPTH[upper.kind] and _LIES_IN.match(
                norm[lower.end:upper.start]):
            yield _rel(ctx, lower, "partOf", upper, lower.start)


@lexicons.per_configuration
def _organisation_receives() -> re.Pattern:
    """A body that is not a unit ends the phrase before the honour's cue."""
    heads = lexicons.alternation("honours", "organisation_heads")
    return re.compile(rf"{heads}(?:党支部|党总支|党委)?[^，,。；;、：:\n]{{0,8}}$")


@lexicons.per_configuration
def _revoked() -> re.Pattern:
    """不再保留…称号: the unit loses the honour."""
    return re.compile(lexicons.alternation("honours", "revoking_cues"))


def _held_by_person(honour: Mention) -> bool:
    """A title for people, or a list title that names two honours (…善治示范村镇: its
    villages hold …示范村, its towns …示范乡镇): no unit holds it under that name."""
    return (honour.attr("holder") == "person" or bool(_PERSONAL.search(honour.name))
            or _split_list_title().search(honour.name) is not None)


@lexicons.per_configuration
def _split_list_title() -> re.Pattern:
    return re.compile(lexicons.alternation("honours", "split_list_titles") + "$")


_HOLDER_KINDS = ((re.compile(r"(?:乡镇|[镇乡]|苏木)$"), ("Town", "Subdistrict")),
                 (re.compile(r"(?:街道)$"), ("Subdistrict",)),
                 (re.compile(r"(?:村|嘎查|村庄|乡村|社区|村落)$"), ("Village", "Community")),
                 (re.compile(r"(?:县|区|旗)$"), ("District",)))


def _fits(honour: Mention, unit: Mention) -> bool:
    """Whether ``unit`` is of the kind the title is for (…示范乡镇 → a town), when it says."""
    for holder, kinds in _HOLDER_KINDS:
        if holder.search(honour.name):
            return unit.kind in kinds
    return True


def honours_received(ctx: Context) -> Iterator[Relation]:
    """An honour goes to the unit named before it in its sentence, else to the subject —
    unless a body that is not a unit receives it (镇农业服务中心获评…): 白马村被评为省级文明村."""
    norm = ctx.article.norm
    for honour in ctx.of_kind("Honor"):
        if _held_by_person(honour):
            continue  # a title for people; the unit named near it is their workplace
        sentence = ctx.sentence_of(honour.start)
        named = [a.end for a in ctx.between("anchors", sentence.start, honour.start)
                 if a.end <= honour.start]
        head = norm[max([sentence.start, *named]):honour.start]
        if _organisation_receives().search(head) or _revoked().search(
                norm, max(sentence.start, honour.start - 12), honour.start):
            continue
        if not named and _published().search(norm, max(sentence.start, honour.start - 12),
                                              honour.start):
            continue  # 住建部公布首批…名单: its members are named after it
        if not named and norm.startswith("——", honour.end):
            continue  # 首批…示范村——白沙镇梅岭村: the unit after the dash holds it
        if not named and (_MEMBERS_FOLLOW.search(norm, max(sentence.start, honour.start - 14),
                                                 honour.start)
                          or _section_members(ctx, honour) is not None) \
                or _colon_members(ctx, honour):
            continue  # 确定以下单位为… / a section heading / 先进村：…: the units listed hold it
        for recipient in ctx.actors(honour):
            if _GOVERNMENT_BODY.match(norm, recipient.end):
                continue  # 江南省司法厅命名…: the province's office confers, it does not receive
            yield _rel(ctx, recipient, "receivedHonor", honour, honour.start)


@lexicons.per_configuration
def _shared_cue() -> re.Pattern:
    # …名单公布，白沙村入选。: 入选 closing its clause says the same as 位列其中.
    return skipping.compile(lexicons.alternation("honours", "shared_cues")
                            + r"|(?:成功)?(?:入选|上榜)(?=[,，。；;！!])")


@lexicons.per_configuration
def _published() -> re.Pattern:
    """A publishing cue right before a title: the list's members hold it, not the subject."""
    return re.compile(lexicons.alternation("honours", "publishing_cues")
                      + r"(?:关于)?(?:\d{4}年度?)?(?:第[一二三四五六七八九十\d]+[批届]|首批|首届)?$")


@lexicons.per_configuration
def _shared_cue_before_units() -> re.Pattern:
    return re.compile(lexicons.alternation("honours", "shared_cues_before_units"))


_CLAUSE_BREAK = re.compile(r"[，,。；;！!？?：:\n]")


def _honour_meant(norm: str, honours: list[Mention], pos: int) -> Mention | None:
    """The honour 此殊荣 at ``pos`` means: the last one stated in its paragraph, else the
    article's first (a headline's 喜报, not the last line of a list of older honours)."""
    earlier = [h for h in honours if h.end <= pos]
    if not earlier:
        return None
    paragraph = norm.rfind("\n", 0, pos) + 1
    return earlier[-1] if earlier[-1].start >= paragraph else earlier[0]


def honours_in_apposition(ctx: Context) -> Iterator[Relation]:
    """The unit set after a title by a dash holds it (the lowest of its chain):
    首批江南省善治示范村——青川县白沙镇梅岭村."""
    norm = ctx.article.norm
    for honour in ctx.of_kind("Honor"):
        if not norm.startswith("——", honour.end) or _held_by_person(honour):
            continue
        at, chain = honour.end + 2, []
        for unit in ctx.between("anchors", at, at + 30):
            if unit.start != at:
                break
            chain.append(unit)
            at = unit.end
        if chain:
            yield _rel(ctx, chain[-1], "receivedHonor", honour, honour.start)


def honours_shared(ctx: Context) -> Iterator[Relation]:
    """Every unit listed before 也获此殊荣 / 榜上有名 receives the honour stated last before
    them: 据悉，云溪县白沙镇、青川县河口乡梅岭村也获此殊荣 (the lowest unit of each chain)."""
    norm = ctx.article.norm
    honours = [h for h in ctx.of_kind("Honor") if not _held_by_person(h)]
    for cue in _shared_cue_before_units().finditer(norm):
        sentence = ctx.sentence_of(cue.start())
        listed = [a for a in ctx.between("anchors", cue.end(), sentence.end)]
        listed = [a for a, b in zip(listed, [*listed[1:], None]) if b is None or a.end != b.start]
        honour = _honour_meant(norm, honours, cue.start())
        for unit in listed[:1] + [b for a, b in zip(listed, listed[1:])
                                  if _LIST_GLUE.fullmatch(norm[a.end:b.start])]:
            if honour is not None:
                yield _rel(ctx, unit, "receivedHonor", honour, cue.start())
    for cue in _shared_cue().finditer(norm):
        breaks = [m.end() for m in _CLAUSE_BREAK.finditer(norm, max(0, cue.start() - 120),
                                                           cue.start())]
        start = breaks[-1] if breaks else max(0, cue.start() - 120)
        listed = [a for a in ctx.between("anchors", start, cue.start()) if a.end <= cue.start()]
        listed = [a for a, b in zip(listed, [*listed[1:], None])
                  if b is None or a.end != b.start]  # of a chain, its lowest unit
        honour = _honour_meant(norm, honours, listed[0].start) if listed else None
        for unit in listed if honour is not None else ():
            yield _rel(ctx, unit, "receivedHonor", honour, cue.start())


_PARTY_ORGAN = re.compile(r"(?:党总支|党支部|党委|党工委|村委会|居委会|党组织|两委)?")
_LIST_WORD = re.compile(r"(?:候选)?(?:名单|名录)$")
_CELL = re.compile(r"\s*[|｜\t]\s*")
_HAS_CELL_MARK = re.compile(r"[|｜\t]")  # a line without one is no row: skip _CELL's slow scan
_HEADING_NUMBER = re.compile(r"^[\s一二三四五六七八九十\d]*[、.．)）]?\s*|[（(][^）)]*[）)]\s*$")


def _table_rows(ctx: Context) -> Iterator[tuple[str, list[Mention]]]:
    """(section heading, units of the row) for each table row (cells split by | or tabs)
    that names units; the heading is the last line above the table that is not a row."""
    norm = ctx.article.norm
    above = ""  # the last line that is not a row; made a heading only when a row follows
    pos = 0
    starts, ordered = ctx.units_by_start
    for line in norm.split("\n"):
        start, pos = pos, pos + len(line) + 1
        end = start + len(line)
        # the units starting on the line, by bisection: a long table stays linear
        units = [u for u in ordered[bisect_left(starts, start):bisect_right(starts, end)]
                 if u.end <= end]
        cells = len(_CELL.findall(line)) if _HAS_CELL_MARK.search(line) else 0
        if cells < 2 and not _units_only(line, start, units):
            if line.strip():
                above = line.strip()
            continue
        if units:
            yield _LIST_WORD.sub("", _HEADING_NUMBER.sub("", above)), units


def _units_only(line: str, start: int, units: list[Mention]) -> bool:
    """A list line that is one chain of units and perhaps its party organ (白沙镇梅岭村党支部)."""
    stripped = line.strip()
    at = start + len(line) - len(line.lstrip())
    for u in units:
        if u.start != at:
            return False
        at = u.end
    rest = line[at - start:].strip()
    return bool(units) and len(stripped) <= 30 and _PARTY_ORGAN.fullmatch(rest) is not None


def part_of_by_table_row(ctx: Context) -> Iterator[Relation]:
    """Units in the cells of one row, each in the one before (市 | 县 | 乡镇 | 村):
    1 | 云溪市 | 青川县 | 白沙镇 | 梅岭村."""
    for _, units in ctx.rows:
        for upper, lower in zip(units, units[1:]):
            if UNIT_DEPTH[upper.kind] < UNIT_DEPTH[lower.kind]:
                yield _rel(ctx, lower, "partOf", upper, lower.start)


def honours_by_table_row(ctx: Context) -> Iterator[Relation]:
    """The lowest unit of each row under a heading that names an honour's kind (二、示范村)
    receives the article's honour of that kind, one not taken away (不再保留…):
    第二批江南省善治示范村 … 二、示范村（40个） … 1 | 云溪市 | 青川县 | 白沙镇 | 梅岭村."""
    norm = ctx.article.norm
    honours = [h for h in ctx.of_kind("Honor") if not _held_by_person(h)
               and not _revoked().search(norm, max(0, h.start - 12), h.start)]
    for heading, units in ctx.rows:
        held = [h for h in honours if len(heading) >= 2 and h.name.endswith(heading)
                and _fits(h, units[-1])]
        if held:
            yield _rel(ctx, units[-1], "receivedHonor", held[0], units[-1].start)


_MEMBERS_FOLLOW = re.compile(r"(?:以下|下列)[^，,。；;\n]{0,8}为$")
_ITEM_GLUE = re.compile(r"[、，,；;]")
_COUNTY_LEAD = re.compile(r"[\u4e00-\u9fff]{2,6}?[市区县旗](?=[\u4e00-\u9fff]{2,8}?(?:镇|乡|街道))")


def _section_members(ctx: Context, honour: Mention) -> list[Mention] | None:
    """The units listed under a notice's section heading that names ``honour``: each line
    below, split at 、，；, must be chains of units (北山区稻香镇双河村); of each chain its
    lowest unit. ``None`` when the honour is no section heading."""
    norm = ctx.article.norm
    heading = honours.SECTION_HEADING.match(norm, norm.rfind("\n", 0, honour.start) + 1)
    if heading is None or heading.start("t") != honour.start or heading.end("t") != honour.end:
        return None
    members: list[Mention] = []
    at = heading.end() + 1
    while at < len(norm):
        end = norm.find("\n", at)
        end = len(norm) if end < 0 else end
        line_units = sorted((u for u in ctx.units if at <= u.start and u.end <= end),
                            key=lambda u: u.start)
        if norm[at:end].strip():
            chains = _chains(norm, at, end, line_units)
            if chains is None:
                break
            members.extend(chain[-1] for chain in chains)
        at = end + 1
    return members


def _chains(norm: str, start: int, end: int, units: list[Mention]) -> list[list[Mention]] | None:
    """A line that is nothing but chains of units joined by 、，； (else ``None``)."""
    chains: list[list[Mention]] = []
    pos = start
    for piece in [*_ITEM_GLUE.split(norm[start:end])]:
        lead = len(piece) - len(piece.lstrip())
        county = _COUNTY_LEAD.match(piece, lead)
        if county and not any(u.start == pos + lead for u in units):
            lead = county.end()  # 北山区稻香镇双河村: a county the recogniser left out leads it
        at, chain = pos + lead, []
        for u in units:
            if u.start == at:
                chain.append(u)
                at = u.end
        rest = norm[at:pos + len(piece)].strip()
        if piece.strip() and (not chain or _PARTY_ORGAN.fullmatch(rest) is None):
            return None
        if chain:
            chains.append(chain)
        pos += len(piece) + 1
    return chains


_COLON_AFTER_TITLE = re.compile(r"(?:名单)?[:：][ \t\u3000]*")
_LIST_END = re.compile(r"[。！!？?\n]|$")


def _colon_members(ctx: Context, honour: Mention) -> list[Mention]:
    """The unit chains listed after a title and a colon, to the end of the sentence:
    表彰全镇乡村振兴先进村：双河村、富民村 (none when anything else is listed)."""
    norm = ctx.article.norm
    colon = _COLON_AFTER_TITLE.match(norm, honour.end)
    if colon is None:
        return []
    end = _LIST_END.search(norm, colon.end()).start()
    units = sorted((u for u in ctx.units if colon.end() <= u.start and u.end <= end),
                   key=lambda u: u.start)
    chains = _chains(norm, colon.end(), end, units)
    return [chain[-1] for chain in chains or ()]


def honours_by_list_section(ctx: Context) -> Iterator[Relation]:
    """Every unit listed under a section heading, or after a title and a colon, receives
    that title, not the publisher: 一、第二批市级美丽乡村示范村名单 / 北山区稻香镇双河村、青松镇富民村."""
    for honour in ctx.of_kind("Honor"):
        for unit in (_section_members(ctx, honour) or []) + _colon_members(ctx, honour):
            if _fits(honour, unit):
                yield _rel(ctx, unit, "receivedHonor", honour, unit.start)


@lexicons.per_configuration
def _exhortation() -> re.Pattern:
    # 全县各级各部门要…: the county urges itself, and carries it out.
    return re.compile(r"(?<!全[县市区镇乡旗])" + lexicons.alternation("programs", "exhortations"))


def programs_implemented(ctx: Context) -> Iterator[Relation]:
    """A program is carried out by the unit named before it, else by the subject:
    东湖社区推行“红管家”工作法."""
    norm = ctx.article.norm
    for program in ctx.of_kind("Program"):
        sentence = ctx.sentence_of(program.start)
        if _exhortation().search(norm, sentence.start, program.start):
            continue  # 各地要…运用清单管理: urged on others, carried out by nobody named
        for actor in ctx.actors(program, places_act=False):
            yield _rel(ctx, actor, "implements", program, program.start)


def _unit_prefix(ctx: Context, name: str) -> Mention | None:
    """The article's county, town or village whose name or short form begins ``name``
    (longest wins); not the region a company's registered name opens with (湖南澄岳食品
    有限公司年产…项目 is not placed in 湖北省)."""
    if any(name.startswith(company) and len(company) > 4 for company in ctx.company_names):
        return None
    for length in range(min(len(name) - 1, 12), 1, -1):
        unit = ctx.units_by_short.get(name[:length])
        if unit is None or UNIT_DEPTH[unit.kind] < UNIT_DEPTH["District"] \
                or unit.name in projects.TOWN_PROPER:
            continue
        if unit.name != name[:length] and name[length] in _FEATURE_AFTER_SHORT:
            continue  # 梧溪河…工程 is about the river, not the town 梧溪镇
        return unit
    return None


# A short form followed by these names a river, hill, road or bridge, not the unit.
_FEATURE_AFTER_SHORT = frozenset("河江湖溪山岭峰路街桥湾港")


def projects_located(ctx: Context) -> Iterator[Relation]:
    """A project lies where a place phrase after it says (建设地点：白马村; 横跨青石镇、东湖乡),
    else in the more specific of the unit its name begins with (白马村安置房) and the unit
    named before it in the sentence, else in the subject."""
    for project in ctx.of_kind("Project"):
        if _in_table_row(ctx, project):
            continue  # its row's place cell says where it is (table_rows)
        places = _stated_places(ctx, project)
        if not places:
            prefix = _unit_prefix(ctx, project.name)
            named = ctx.actors(project)
            nearest = named[-1] if named and named[-1] is not ctx.subject else None
            if prefix is not None and (nearest is None
                                       or UNIT_DEPTH[prefix.kind] >= UNIT_DEPTH[nearest.kind]):
                places = [prefix]
            else:
                places = named
        for place in places:
            yield _rel(ctx, project, "locatedIn", place, project.start)


def _stated_places(ctx: Context, project: Mention) -> list[Mention]:
    """The units a place phrase after the project names: 建设地点：青石镇白马村 → 白马村;
    横跨青石镇、东湖乡 → both."""
    norm = ctx.article.norm
    end = norm.find("\n", project.end)
    window = norm[project.end:end if end >= 0 else len(norm)][:60]
    cue = _PLACE_CUE.search(window)
    lead = window[:cue.start()] if cue else ""
    if cue is None or _PROJECT_HEAD.search(lead):
        return []
    if "。" in lead and not lead.endswith("。") \
            and not _THE_PROJECT.fullmatch(lead[lead.rindex("。") + 1:]):
        return []  # a later sentence, unless it opens with 项目 / 该项目 (项目选址白马村)
    if ctx.between("Project", project.end, project.end + len(lead)):
        return []  # another project's place
    at = project.end + cue.end()
    if "。" in lead:
        clause_end = re.search(r"[，,；;。！？\n]|$", norm[at:]).start() + at
        if ctx.between("Project", at, clause_end):
            return []  # 。位于白马镇的X项目…: the next sentence places its own project
    park = _park_after(ctx, at)
    places: list[Mention] = []
    chain: list[Mention] = []
    starts, ordered = ctx.units_by_start
    for unit in ordered[bisect_left(starts, at):]:
        if unit.start < at:
            continue  # inside the unit just chained
        if unit.start == at:
            chain.append(unit)
            at = unit.end
        elif chain and _LIST_GLUE.fullmatch(norm[at:unit.start]):
            places.append(chain[-1])
            chain = [unit]
            at = unit.end
        else:
            break
    if chain:
        places.append(chain[-1])
    if not places and park is not None and park is not project:
        return [park]  # 选址街道东侧的东岸智造产业园: no unit named, the park is the place
    return places


def _park_after(ctx: Context, at: int) -> Mention | None:
    """A park named in the clause right after a place cue: 选址街道东侧的东岸智造产业园."""
    norm = ctx.article.norm
    clause_end = re.search(r"[，,；;。！？\n]|$", norm[at:]).start() + at
    parks = [p for p in ctx.between("Project", at, clause_end) if _PARK.search(p.name)]
    return parks[0] if parks else None


_PARK_REFERENCE = re.compile(r"(?<![\u4e00-\u9fff])园区|(?:该|本)(?:园区|产业园|园)|(?<=[在入进驻根])园区")


def _park_referred(ctx: Context, sentence: Sentence, after: int) -> Mention | None:
    """The park a bare 园区 (该园区, 扎根园区) after ``after`` in the sentence refers to: the
    last park named before it in the article."""
    norm = ctx.article.norm
    ref = _PARK_REFERENCE.search(norm, after, sentence.end)
    if ref is None or any(p.start <= ref.start() < p.end for p in ctx.of_kind("Project")):
        return None
    parks = [p for p in ctx.between("Project", 0, ref.start())
             if _PARK.search(p.name) and p.end <= ref.start()]
    return parks[-1] if parks else None


def _written_as_project(ctx: Context, park: Mention) -> bool:
    """True when a park's name is written with 项目 (签约入驻青山产业园项目): the text speaks of
    a work under way, in which companies invest, not of a park they lie in."""
    norm = ctx.article.norm
    return norm.endswith("项目", 0, park.end) or norm.startswith("项目", park.end)


def companies_located(ctx: Context) -> Iterator[Relation]:
    """A company that settles (入驻, 落户 …) lies in the park named in that sentence, else in
    the unit named before it, else the subject: 青禾科技有限公司成功入驻东湖产业园. When the
    company's own project follows it (青禾科技有限公司饲料项目落户青石镇), the place is the project's."""
    for company in ctx.of_kind("Company"):
        sentence = ctx.sentence_of(company.start)
        if not _SETTLE.search(sentence.text):
            continue
        own = [p for p in ctx.between("Project", company.end, company.end + 31)
               if _BUILDER.search(ctx.article.norm[company.end:p.start])]
        parks = [p for p in ctx.in_sentence(sentence, "Project") if _PARK.search(p.name)
                 and not p.name.startswith(tuple(ctx.company_names)) and p not in own
                 and not _written_as_project(ctx, p)
                 # a park after the company is its destination only in its own clause
                 and not (p.start > company.end and _CLAUSE_BREAK.search(
                     ctx.article.norm, company.end, p.start))]
        if not parks and ctx.between("Project", company.end, company.end + 31):
            continue  # the company's own project settles; the place belongs to the project
        if company.start > 0 and ctx.article.norm[company.start - 1] == "由":
            parks = [p for p in parks if p.start > company.end]  # 由X投资建设: X runs the park
        if not parks:
            parks = [p for p in [_park_referred(ctx, sentence, company.end)] if p is not None]
        place = parks[-1] if parks else ctx.actor(company)
        if place is not None:
            yield _rel(ctx, company, "locatedIn", place, company.start)


def companies_located_by_prefix(ctx: Context) -> Iterator[Relation]:
    """A company written right after a unit (its region kept out of its name) is in that
    unit: 河西区澄岳集团."""
    ends = {u.end: u for u in ctx.anchors}
    for company in ctx.of_kind("Company"):
        unit = ends.get(company.start)
        if unit is not None and unit.kind in UNIT_KINDS:
            yield _rel(ctx, company, "locatedIn", unit, company.start)


def projects_operated(ctx: Context) -> Iterator[Relation]:
    """A project whose name begins with a company's name or short name is that company's:
    青禾能源光伏组件项目 → 青禾能源."""
    for project in ctx.of_kind("Project"):
        for length in range(len(project.name) - 1, 1, -1):
            company = ctx.company_names.get(project.name[:length])
            if company is not None:
                yield _rel(ctx, project, "operatedBy", company, project.start)
                break


_BUILDER = re.compile(r"^(?:[（(][^）)]{0,20}[）)])?(?:旗下[^，。；、]{0,10})?(?:(?:计划)?投资(?:约|逾|超|近)?"
                      r"[\d.一二三四五六七八九十两百千]+[多余]?[万亿]*元)?"
                      r"(?:(?:投资建设|投资兴建|投资|建设|兴建|承建|实施|运营|开发|打造)?的)?$")
# 青禾集团在园区投资2.4亿元，建设年加工15万吨…中心; 投资1800万元建设了“山居茶舍”民宿集群.
_INVESTS_TO_BUILD = re.compile(r"^[，,]?[^。；;，,]{0,10}?(?:计划)?投资[^。；;]{0,14}?[，,]?"
                               r"(?:建设|新建|兴建|打造|建成|实施)了?[“「]?$")
_BUILT_BY = re.compile(r"^(?:[^，。；,;]{0,12}[，,]?)由$")
_BUILD_VERB = re.compile(r"^(?:负责)?(?:投资建设|投资兴建|投资|建设|承建|实施|运营|开发|打造|代建)")
_OWNER_CUE = re.compile(r"(?:业主单位|建设单位|实施主体|项目业主|投资主体|运营主体)[:：]$")


def projects_operated_by_phrase(ctx: Context) -> Iterator[Relation]:
    """A company that builds or owns a project in so many words runs it:
    青禾科技有限公司投资建设的东湖物流园项目; 青禾科技有限公司东湖物流园项目; 东湖物流园项目
    由青禾科技有限公司建设; 业主单位：青禾科技有限公司."""
    norm = ctx.article.norm
    for company in ctx.of_kind("Company"):
        for project in ctx.between("Project", company.end, company.end + 41):
            gap = norm[company.end:project.start]
            if gap == "的" and len(_listed_before(ctx, company.end)) > 1:
                continue  # A、B的“X”“Y”: the pairs rule matches them in order
            if (_BUILDER.search(gap) or _INVESTS_TO_BUILD.search(gap)) and "。" not in gap:
                yield _rel(ctx, project, "operatedBy", company, project.start)
        for project in ctx.between("Project", company.start - 200, company.start):
            verb = _BUILD_VERB.search(norm[company.end:company.end + 6])
            if (project.end < company.start <= project.end + 16
                    and _BUILT_BY.search(norm[project.end:company.start])
                    and verb and norm[company.end + verb.end():company.end + verb.end() + 1] != "的"):
                yield _rel(ctx, project, "operatedBy", company, project.start)
        if _OWNER_CUE.search(norm[max(0, company.start - 8):company.start]):
            line_start = norm.rfind("\n", 0, company.start) + 1
            owned = ctx.between("Project", line_start, company.start)
            if owned:
                yield _rel(ctx, owned[-1], "operatedBy", company, company.start)


_AGENT_VERB = re.compile(r"(?:[（(][^）)]{0,30}[）)])?(?:[、和及与][^，,。；;]{2,20}?)?"
                         r"(?:[两三四五六七八九十\d]方)?(?:共同|联合|合作|协作|负责|一起|统一|全面|专业化|整体)*"
                         r"(?:(?:出资|投资)(?:约|逾|超|近)?(?:[\d.]+[多余]?[万亿]*元)?)?"
                         r"(?:建设运营|投资建设|建设|运营|运维|经营|实施|承建|开发|管理|管护|打造|代建)")


# Words that hand a work to the companies after them (由, 交由, 委托, 交给, 引入).
_HANDED_TO = re.compile(r"由|委托|交给|引入")


def projects_operated_by_agents(ctx: Context) -> Iterator[Relation]:
    """Companies after 由 (交由, 委托, 交给, 引入) and before a verb that builds or runs
    operate the project their sentence is about (named before the cue, or the one 该项目
    refers to): 该项目由青禾科技有限公司、白鹭集团和白马村合作社三方共同建设运营."""
    norm = ctx.article.norm
    for by in _HANDED_TO.finditer(norm):
        sentence = ctx.sentence_of(by.start())
        listed: list[Mention] = []
        at = by.end()
        for company in ctx.between("Company", by.end(), sentence.end):
            if company.start != at and not (listed and _LIST_GLUE.fullmatch(norm[at:company.start])):
                break
            listed.append(company)
            at = company.end
        verb = _AGENT_VERB.match(norm, at, sentence.end) if listed else None
        if verb is None or norm[verb.end():verb.end() + 1] == "的":
            continue  # 由X投资建设的Y: Y is named after, and the phrase rule links it
        project = _sentence_project(ctx, sentence, by.start())
        if project is not None:
            for company in listed:
                yield _rel(ctx, project, "operatedBy", company, by.start())


def _sentence_project(ctx: Context, sentence: Sentence, before: int) -> Mention | None:
    """The project a sentence is about up to ``before``: the last one named in it, else the
    one named before it in its paragraph when the sentence opens with 项目 / 该项目."""
    named = [p for p in ctx.between("Project", sentence.start, before) if p.end <= before]
    if named:
        return named[-1]
    norm = ctx.article.norm
    opening = _THE_PROJECT.match(norm, sentence.start)
    if not opening:
        return None
    paragraph_start = norm.rfind("\n", 0, sentence.start) + 1
    earlier = ctx.between("Project", paragraph_start, sentence.start)
    if earlier:
        return earlier[-1]
    return _referred_project(ctx, sentence.start, opening.group().strip().lstrip("该此这个整"))


_REFERENCE_BACK = 600
# 建起这座占地8.6公顷的产业园: the kind word alone refers back to the park named before.
_KIND_REFERENCE = re.compile(r"(?:产业园|园区|基地|小镇|酒庄|商城|智谷)(?=[，,。；;！？\n]|$)")


def _referred_project(ctx: Context, at: int, noun: str) -> Mention | None:
    """The last project before ``at`` (in the last few paragraphs) whose name ends with the
    kind word a reference uses: 产业园由…建设 → …食用菌产业园."""
    if noun in ("项目", "工程"):
        return None  # too common a word to find its project paragraphs away
    named = [p for p in ctx.between("Project", max(0, at - _REFERENCE_BACK), at)
             if p.name.endswith(noun) and p.end <= at]
    return named[-1] if named else None


_QUOTED_NAMES = re.compile(r"(?:的|签订了?|签约了?|分别建设|分别投资建设)"
                           r"(?P<names>(?:[“「][^”」]{2,20}[”」][、和及与]?){2,})"
                           r"(?:(?:[两三四五六七八九十\d]个)?项目|(?<=项目[”」]))")
# 引进A公司、B公司，分别建设X和Y: the projects named after 分别 pair with the companies.
_RESPECTIVELY = re.compile(r"[，,]?分别(?:投资)?(?:建设|新建|兴建|打造|实施|建成)")


def projects_operated_in_pairs(ctx: Context) -> Iterator[Relation]:
    """Companies listed before 的 and the same number of quoted projects after it pair off in
    order: 引进青禾科技有限公司、白鹭集团的“智能仓储”“冷链物流”两个项目."""
    norm = ctx.article.norm
    by_name: dict[str, Mention] = {}
    for p in ctx.of_kind("Project"):
        for form in (p.name, *p.attr_all("alias")):
            by_name.setdefault(form, p)
    for m in _QUOTED_NAMES.finditer(norm):
        names = re.findall(r"[“「]([^”」]+)[”」]", m["names"])
        companies = _listed_before(ctx, m.start())
        projects = [by_name.get(n) or by_name.get(n + "项目") or by_name.get(n.removesuffix("项目"))
                    for n in names]
        if len(companies) == len(projects):
            for company, project in zip(companies, projects):
                if project is not None:
                    yield _rel(ctx, project, "operatedBy", company, m.start())
    for m in _RESPECTIVELY.finditer(norm):
        companies = _listed_before(ctx, m.start())
        sentence = ctx.sentence_of(m.start())
        built = ctx.between("Project", m.end(), sentence.end)
        if len(companies) >= 2 and len(built) >= len(companies):
            for company, project in zip(companies, built):
                yield _rel(ctx, project, "operatedBy", company, m.start())


def _listed_before(ctx: Context, at: int) -> list[Mention]:
    """The companies listed right before ``at`` (A公司、B公司和C公司), in order."""
    norm = ctx.article.norm
    companies: list[Mention] = []
    for company in reversed(ctx.between("Company", max(0, at - 120), at)):
        gap = norm[company.end:at]
        if gap and not _LIST_GLUE.fullmatch(gap):
            break
        companies.insert(0, company)
        at = company.start
    return companies


_COMPANY_REFERENCE = re.compile(r"(?:该|这家|此)(?:公司|企业|集团)")


def projects_operated_by_reference(ctx: Context) -> Iterator[Relation]:
    """该公司 building a project stands for the company named last before it:
    引进青禾食品有限公司，该公司投资680万元建设的白马村菌菇加工车间已投产."""
    norm = ctx.article.norm
    for ref in _COMPANY_REFERENCE.finditer(norm):
        named = ctx.between("Company", max(0, ref.start() - 200), ref.start())
        if not named:
            continue
        for project in ctx.between("Project", ref.end(), ref.end() + 31):
            if _BUILDER.search(norm[ref.end():project.start]) and "。" not in norm[ref.end():project.start]:
                yield _rel(ctx, project, "operatedBy", named[-1], project.start)


def table_rows(ctx: Context) -> Iterator[Relation]:
    """A row of a key-project table states its project's place, money and owner in its cells:
    1 | 白鹭物流园 | 青石镇白马村 | 5200 | 1800 | 青禾物流有限公司 (money in the header's 万元).
    A place cell without a unit (县城东部) leaves the project in the article's subject."""
    norm = ctx.article.norm
    for row in projects.table_rows(norm):
        a, b = row.cells["name"]
        project = next((p for p in ctx.between("Project", a, b + 1) if p.start == a), None)
        if project is None:
            continue
        for place in _row_places(ctx, row) or _list_owner(ctx, a):
            yield _rel(ctx, project, "locatedIn", place, a)
        for role, predicate in (("total", "totalInvestment"), ("annual", "annualPlannedInvestment")):
            amount = _cell_amount(norm, row, role)
            if amount is not None:
                yield _rel(ctx, project, predicate, amount, a)
        if "owner" in row.cells:
            for company in ctx.between("Company", *row.cells["owner"]):
                yield _rel(ctx, project, "operatedBy", company, a)


def _list_owner(ctx: Context, at: int) -> list[Mention]:
    """The county or city whose list a table row belongs to: the last one named before it,
    else the article's subject (never merely the first town of the article)."""
    owners = [u for u in ctx.between("anchors", 0, at) if u.kind in ("District", "City")]
    if owners:
        return [owners[-1]]
    return [ctx.subject] if ctx.subject is not None else []


def _row_places(ctx: Context, row) -> list[Mention]:
    """The lowest unit of each chain written in a row's place cell."""
    if "place" not in row.cells:
        return []
    units = [u for u in ctx.between("anchors", *row.cells["place"]) if u.kind in UNIT_KINDS]
    return [u for u, nxt in zip(units, [*units[1:], None]) if nxt is None or nxt.start != u.end]


def _cell_amount(norm: str, row, role: str) -> Quantity | None:
    """The money in a row's cell, in yuan by the column's scale."""
    if role not in row.cells:
        return None
    a, b = row.cells[role]
    number = re.fullmatch(r"\d+(?:\.\d+)?", norm[a:b])
    if number is None:
        written = figures.parse_quantity(norm[a:b])  # a cell with its own unit: 3.2亿元
        if written is None or written.unit != "CNY":
            return None
        return Quantity(written.value, "CNY", a + written.start, a + written.end, written.approx)
    value = Decimal(number.group()) * row.scale[role]
    if value == value.to_integral_value():
        value = value.quantize(Decimal(1))
    return Quantity(value, "CNY", a, b)


def _in_table_row(ctx: Context, project: Mention) -> bool:
    return any(r.cells["name"][0] == project.start for r in projects.table_rows(ctx.article.norm))


def investments(ctx: Context) -> Iterator[Relation]:
    """Money after 总投资 / 年度计划投资 belongs to the one project of its sentence; a sum over
    several projects (…等项目9个，总投资…) belongs to none:
    白马村安置房项目，总投资2.5亿元，年度计划投资8000万元."""
    norm = ctx.article.norm
    for q in ctx.quantities:
        if q.unit != "CNY":
            continue
        cue = norm[max(0, q.start - _MONEY_CUE_WINDOW):q.start]
        cue = re.split(r"[，,；;。、：:]", cue)[-1]
        predicate = ("annualPlannedInvestment" if _ANNUAL.search(cue)
                     else "totalInvestment" if _TOTAL.search(cue) else None)
        if predicate is None or predicate == "totalInvestment" and _figure_cues()[2].search(cue):
            continue  # 一期投资8亿元: a phase's share, not the whole
        project = _invested_project(ctx, q)
        if project is not None:
            yield _rel(ctx, project, predicate, q, q.start)


def _invested_project(ctx: Context, q: Quantity) -> Mention | None:
    """The one project a sum is said of: the project it qualifies (总投资5亿元的X项目), the
    project the same sentence goes on to build with it when none came before in it
    (投资5000万元在白沙社区兴建…的青山商城), else the nearest project before it in its
    paragraph, unless a list or a count of several projects stands between (X、Y等项目9个，
    总投资…)."""
    norm = ctx.article.norm
    after = ctx.between("Project", q.end, q.end + 5)
    if after and norm[q.end:q.end + 1] == "的":
        return after[0]
    built = _built_after(ctx, q)
    if built is not None:
        return built
    paragraph_start = norm.rfind("\n", 0, q.start) + 1
    before = [p for p in ctx.between("Project", paragraph_start, q.start)
              if p.end <= q.start and not _named_as_place(ctx, p)]
    if not before:
        return None
    project = before[-1]
    between = norm[project.end:q.start]
    count = _PROJECT_COUNT.search(between)
    if (int(count.group(1) or count.group(2)) != 1) if count else "等" in between:
        return None
    if norm[project.start - 1:project.start] in ("、", "和", "及") or re.match(r"[、和及]", between):
        return None  # one item of a list: the sum is the list's
    own_cue = _ANNUAL if _ANNUAL.search(between) else _TOTAL
    earlier = between[:max(0, len(between) - _MONEY_CUE_WINDOW)]
    if own_cue is _TOTAL and "总投资" in earlier or own_cue is _ANNUAL and "年度" in earlier:
        return None  # the project's own figure came already; this is a later sum
    return project


# A verb that builds, between a sum or an area and the work it goes to (投资5000万元在白沙
#社区兴建…的青山商城); no sentence end, no other project between.
_BUILDS = re.compile(r"建设|兴建|新建|修建|建成|打造|扩建|改造|实施|启动|开发|引进|落户|上马")
_AFTER_WINDOW = 40


_PLACE_BEFORE = re.compile(r"(?:位于|落户(?:于|在)?|选址(?:于|在)?|坐落于|入驻|进驻|地处)[^，,。；;]{0,16}$")


def _named_as_place(ctx: Context, project: Mention) -> bool:
    """True for a park named as where another work lies (X项目位于白马村茶产业园区; 建设地点：
    云溪县产业集聚区): figures after it are the work's, not the park's."""
    norm = ctx.article.norm
    before = norm[max(0, project.start - 20):project.start]
    return bool(_PARK.search(project.name) and _PLACE_BEFORE.search(before)
                or _PLACE_FIELD.search(before))


_PLACE_FIELD = re.compile(r"(?:建设地点|项目地点|实施地点|项目选址|地址)[:：]$")


def _is_annual(norm: str, q: Quantity) -> bool:
    cue = re.split(r"[，,；;。、：:]", norm[max(0, q.start - _MONEY_CUE_WINDOW):q.start])[-1]
    return bool(_ANNUAL.search(cue))


def _built_after(ctx: Context, q: Quantity) -> Mention | None:
    """The project a sentence builds after stating a sum or an area, when no project came
    before the figure in that sentence: 投资1.8亿元建设年产5万吨饲料项目."""
    norm = ctx.article.norm
    sentence = ctx.sentence_of(q.start)
    if any(p.end <= q.start for p in ctx.between("Project", sentence.start, q.start)):
        return None
    following = ctx.between("Project", q.end, min(sentence.end, q.end + _AFTER_WINDOW))
    if not following:
        return None
    first = following[0]
    gap = norm[q.end:first.start]
    if any(o.start >= q.end and o.end <= first.start and o.unit == q.unit
           and _is_annual(norm, o) == _is_annual(norm, q) for o in ctx.quantities):
        return None  # 合计投资14亿元，具体为：总投资5亿元的X — X's own sum comes between
    if _BUILDS.search(gap) or gap.endswith("的"):
        return first
    return None


_AREA_UNITS = ("mu", "m2", "ha", "km2")
_APPROX = r"(?:约|达|为|近|超|共)?"


@lexicons.per_configuration
def _figure_cues() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """What an area is of (the land a work takes or its floor space, not a stretch of fields
    it has improved so far: 已完成果园改造4200亩), which cues give floor space, and which
    sums are a share (一期投资), from kg/lexicons/figures.toml."""
    return (re.compile(f"{lexicons.alternation('figures', 'area_cues')}{_APPROX}$"),
            re.compile(lexicons.alternation("figures", "floor_cues")),
            re.compile(f"{lexicons.alternation('figures', 'part_sums')}(?:计划)?(?:总)?投(?:资|入)"))


def areas(ctx: Context) -> Iterator[Relation]:
    """An area stated as a work's land or floor space belongs to the project its clause is
    about — the nearest project before it in its sentence, else the one the sentence goes on
    to build: 东湖产业园占地500亩; 兴建占地60亩的青山建材商城. A building's floor space counts
    only when its land area is not given too (占地3200平方米，建筑面积1450平方米 → 3200)."""
    norm = ctx.article.norm
    stated: dict[tuple[int, int], list[tuple[Mention, bool, Quantity]]] = {}
    for q in ctx.quantities:
        if q.unit not in _AREA_UNITS:
            continue
        cue = re.split(r"[，,；;。、：:]", norm[max(0, q.start - 8):q.start])[-1]
        area_cue, floor_cue, _ = _figure_cues()
        match = area_cue.search(cue)
        project = _area_project(ctx, q) if match else None
        if project is not None:
            floor = bool(floor_cue.search(match.group()))
            stated.setdefault((project.start, project.end), []).append((project, floor, q))
    for found in stated.values():
        land = [(p, q) for p, floor, q in found if not floor]
        for project, q in land or [(p, q) for p, _, q in found]:
            yield _rel(ctx, project, "area", q, q.start)


def _area_project(ctx: Context, q: Quantity) -> Mention | None:
    """The project an area qualifies (面积约300平方米的X), else the nearest project before it
    in its sentence, else the one built after it."""
    norm = ctx.article.norm
    if norm[q.end:q.end + 1] == "的":
        clause_end = re.search(r"[，,；;。！？\n]|$", norm[q.end:]).start() + q.end
        qualified = ctx.between("Project", q.end, clause_end)
        if qualified:
            return qualified[0]
        kind = _KIND_REFERENCE.match(norm, q.end + 1)
        return _referred_project(ctx, q.start, kind.group()) if kind else None
    sentence = ctx.sentence_of(q.start)
    before = [p for p in ctx.between("Project", sentence.start, q.start)
              if p.end <= q.start and not _named_as_place(ctx, p)]
    if before:
        return before[-1]
    built = _built_after(ctx, q)
    if built is not None or not _THE_PROJECT.match(norm, sentence.start):
        return built
    paragraph_start = norm.rfind("\n", 0, q.start) + 1
    earlier = ctx.between("Project", paragraph_start, sentence.start)
    return earlier[-1] if earlier else None


# A sentence about the project just named: 该项目总投资12亿元，占地210亩.
_THE_PROJECT = re.compile(r"\s*(?:该|此|这个|整个)?(?:项目|工程|园区|产业园|基地)|"
                          r"\s*(?:该|此)(?:中心|车间|电站|园|小镇|酒庄|商城|农场|厂)")


def unit_figures(ctx: Context) -> Iterator[Relation]:
    """A counted figure (走访1.2万余次) belongs to the unit acting in its sentence."""
    for q in ctx.quantities:
        if not q.measure or q.unit in ("CNY", "mu", "m2", "ha", "km2"):
            continue
        actor = ctx.actor(q)
        if actor is not None:
            yield _rel(ctx, actor, "figure", q, q.start)


RULES: tuple[Callable[[Context], Iterator[Relation]], ...] = (
    part_of_by_chain, part_of_by_enumeration, part_of_by_statement, part_of_by_reference_chain,
    part_of_subject, part_of_sole_county, part_of_sole_town, honours_received,
    honours_shared, honours_in_apposition, part_of_by_table_row, honours_by_table_row,
    honours_by_list_section,
    programs_implemented, projects_located, companies_located, companies_located_by_prefix,
    projects_operated,
    projects_operated_by_phrase, projects_operated_by_agents, projects_operated_in_pairs,
    projects_operated_by_reference, table_rows,
    investments, areas, unit_figures,
)


def relate(article: Article, mentions: tuple[Mention, ...],
           quantities: tuple[Quantity, ...]) -> tuple[Mention | None, list[Relation]]:
    """The article's subject and every relation the rules find, without duplicates."""
    subject = choose_subject(article, mentions)
    ctx = Context(article, mentions, quantities, subject)
    relations: list[Relation] = []
    seen: set[tuple] = set()
    for rule in RULES:
        for r in ctx.found(rule):
            obj = r.object
            key = (r.subject.kind, r.subject.name, r.predicate,
                   (obj.kind, obj.name) if isinstance(obj, Mention) else (obj.value, obj.unit, obj.start))
            if key in seen or (isinstance(obj, Mention) and (obj.kind, obj.name) == key[:2]):
                continue
            seen.add(key)
            relations.append(Relation(r.subject, r.predicate, r.object, r.sentence, rule.__name__))
    return subject, relations
