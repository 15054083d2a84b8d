"""Entity resolution: mentions → one Entity per real thing, with stable keys.

Keys are a pure function of what the article says plus the official gazetteer, so the
same unit gets the same IRI in every article, run and machine:

- a unit the gazetteer knows:      ``Town/410108106`` (its official code);
- a village or community:          ``Village/<parent code or name>/<name>`` — the same
  village name under two towns stays two entities;
- any other unit:                  ``District/<parent>/<name>`` or ``District/<name>``;
- projects, companies, honours, programs: ``Project/<canonical name>``.

Aliases (short names, bracketed names, 以下简称) merge into one entity.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace

from . import gazetteer
from .corpus import VARIANTS
from .model import (UNIT_KINDS, Entity, Evidence, Extraction, Fact, Mention, Quantity,
                    Relation, ResolvedArticle, Sentence)

_PASS_THROUGH = ("level", "conferrer", "year", "status", "category")
# partOf rules that infer a parent the text does not write next to the unit (the article's
# subject, its only county): the gazetteer may know better, unless the article's own
# counties and cities contradict it too.
INFERRED_PARENT_RULES = frozenset({"part_of_subject", "part_of_sole_county", "part_of_sole_town"})
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


def display_name(original: str, folded: str, name: str) -> str:
    """``name`` (read from the folded text) with the characters the article wrote: keys fold
    砦 to 寨 and Traditional to Simplified so both spellings meet, the label keeps what the
    text says (松林區, 永安鎮; the Simplified form becomes an alias).

    >>> display_name("青石砦村“安置房”", "青石寨村“安置房”", "青石寨村安置房")
    '青石砦村安置房'
    >>> display_name("松林區永安鎮", "松林区永安镇", "永安镇")
    '永安鎮'
    """
    if original == folded:
        return name
    out, j = [], 0
    for ch in name:
        while j < len(folded) and folded[j] != ch:
            j += 1
        if j < len(folded) and original[j] != ch and (original[j] in VARIANTS
                                                     or _HAN.match(original[j]) and _HAN.match(ch)):
            out.append(original[j])
        else:
            out.append(ch)
        j += 1
    return "".join(out)


def _evidence(article_id: str, sentence: Sentence, rule: str) -> Evidence:
    return Evidence(article_id, sentence.start, sentence.end, sentence.text, rule)


def fold(name: str) -> str:
    """The spelling keys use, so variant characters meet: 青石砦村 and 青石寨村 are one place."""
    return "".join(VARIANTS.get(c, c) for c in name)


def _merge_aliases(mentions) -> dict[tuple[str, str], str]:
    """(kind, name) → the name of the entity it belongs to, for names that another mention
    of the same kind gives as its alias (柏溪产业园 and 槐岭镇柏溪产业园, 禾岚家居 and
    云川禾岚家居集团有限公司). The longest name of a group is its canonical name.

    >>> ms = [Mention("Company", "青禾科技有限公司", 0, 8, (("alias", "青禾科技"),)),
    ...       Mention("Company", "青禾科技", 20, 24)]
    >>> _merge_aliases(ms)[("Company", "青禾科技")]
    '青禾科技有限公司'
    """
    parent: dict[tuple[str, str], tuple[str, str]] = {}

    def find(x):
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    # An alias that two honours share (第一批…示范村 and 第二批…示范村 are both …示范村)
    # says nothing about which one a bare mention means, so it merges neither.
    claims: dict[tuple[str, str], set[str]] = {}
    for m in mentions:
        if m.kind not in UNIT_KINDS:
            for alias in m.attr_all("alias"):
                claims.setdefault((m.kind, alias), set()).add(m.name)
    for m in mentions:
        if m.kind in UNIT_KINDS:
            continue
        for alias in m.attr_all("alias"):
            if m.kind == "Honor" and len(claims[(m.kind, alias)]) > 1:
                continue
            a, b = find((m.kind, m.name)), find((m.kind, alias))
            if a != b:
                keep, drop = (a, b) if (len(a[1]), a[1]) >= (len(b[1]), b[1]) else (b, a)
                parent[drop] = keep
    return {x: find(x)[1] for x in list(parent)}


def _context_codes(units: list[Mention]) -> set[str]:
    """Codes of the article's units whose name is unique in the gazetteer."""
    codes: set[str] = set()
    for u in units:
        found = gazetteer.by_name(u.name)
        if len(found) == 1:
            codes.add(found[0].code)
    return codes


class _Resolver:
    def __init__(self, extraction: Extraction):
        self.x = extraction
        self.article = extraction.article
        self.units = [m for m in extraction.mentions if m.kind in UNIT_KINDS]
        self.context = _context_codes(self.units)
        self.divisions: dict[tuple[str, str], gazetteer.Division | None] = {}
        self.parents: dict[tuple[str, str], Mention] = {}
        self.written_parents: dict[tuple[str, str], list[Mention]] = {}
        for r in extraction.relations:
            if r.predicate == "partOf" and isinstance(r.object, Mention):
                ident = (r.subject.kind, r.subject.name)
                self.parents.setdefault(ident, r.object)
                if r.rule not in INFERRED_PARENT_RULES:
                    self.written_parents.setdefault(ident, []).append(r.object)
        self.canonical = _merge_aliases(extraction.mentions)
        self.keys: dict[tuple[str, str], str] = {}
        self.entities: dict[str, Entity] = {}
        self.facts: list[Fact] = []
        self.mentions: list[tuple[str, Evidence]] = []
        # A name written the same way again adds nothing to its entity: only its evidence.
        self.written: set[tuple] = set()
        self.sentence_starts = [s.start for s in extraction.article.sentences]
        self.evidence: dict[tuple[int, str], Evidence] = {}

    def division(self, m: Mention) -> gazetteer.Division | None:
        ident = (m.kind, m.name)
        if ident not in self.divisions:
            found = None
            if m.kind not in ("Village", "Community"):
                code = m.attr("code")
                found = gazetteer.by_code(code) if code else None
                if found is None:
                    found = gazetteer.best_match(m.name, self.context)
            if found is not None and self._misplaced(ident, found):
                found = None
            self.divisions[ident] = found
        return self.divisions[ident]

    def _misplaced(self, ident: tuple[str, str], found: gazetteer.Division) -> bool:
        """True when the official namesake cannot be the unit the article means: a parent
        written next to it is none of the namesake's ancestors (房山县青石镇 where the only
        official 青石镇 lies in another county), an inferred parent is none of them and
        neither is any county or city the article names unambiguously, or a town named with
        no parent lies in a province none of those counties and cities lies in."""
        ancestors = gazetteer.path(found)[:-1]
        names = {a.name for a in ancestors} | {gazetteer.strip_suffix(a.name) for a in ancestors}

        def contains(parent: Mention) -> bool:
            return parent.name in names or gazetteer.strip_suffix(parent.name) in names

        written = self.written_parents.get(ident, [])
        if written:
            return not any(contains(p) for p in written)
        inferred = self.parents.get(ident)
        if inferred is not None and contains(inferred):
            return False
        above = {a.code for a in ancestors}
        named = [d for code in self.context if (d := gazetteer.by_code(code)) is not None
                 and d.level in (2, 3)]
        if inferred is None:
            # named alone: only a town of a province the article names nothing else in
            # (毕节市新区响水乡 where the only official 响水乡 lies in another province)
            provinces = {gazetteer.path(d)[0].code for d in named}
            return bool(provinces) and found.level == 4 and ancestors[0].code not in provinces
        return not any(d.code in above for d in named)

    def key(self, m: Mention, depth: int = 0) -> str:
        ident = (m.kind, m.name)
        if ident in self.keys:
            return self.keys[ident]
        division = self.division(m)
        if division is not None:
            key = f"{division.kind}/{division.code}"
        elif m.kind not in UNIT_KINDS:
            key = f"{m.kind}/{fold(self.canonical.get(ident, m.name))}"
        else:
            parent = self.parents.get(ident)
            if parent is not None and depth < 8:
                parent_division = self.division(parent)
                token = parent_division.code if parent_division else parent.name
                key = f"{m.kind}/{token}/{fold(m.name)}"
            else:
                key = f"{m.kind}/{fold(m.name)}"
        self.keys[ident] = key
        return key

    def kind(self, m: Mention) -> str:
        division = self.division(m) if m.kind in UNIT_KINDS else None
        return division.kind if division is not None else m.kind

    def add_entity(self, key: str, kind: str, label: str, aliases=(), code: str = "",
                   attrs=()) -> None:
        old = self.entities.get(key)
        if old is None:
            self.entities[key] = Entity(key, kind, label, tuple(a for a in aliases if a != label),
                                        code, tuple(attrs))
            return
        merged_aliases = tuple(dict.fromkeys(a for a in (*old.aliases, *aliases) if a != old.label))
        merged_attrs = tuple(dict.fromkeys((*old.attrs, *attrs)))
        if merged_aliases != old.aliases or merged_attrs != old.attrs:
            self.entities[key] = replace(old, aliases=merged_aliases, attrs=merged_attrs)

    def add_mention(self, m: Mention) -> str:
        key = self.key(m)
        text, norm = self.article.text[m.start:m.end], self.article.norm[m.start:m.end]
        if (written_as := (m.kind, m.name, m.attrs, text, norm)) not in self.written:
            self.written.add(written_as)
            self.add_mentioned_entity(key, m, text, norm)
        self.mentions.append((key, self.evidence_at(m.start, "mention")))
        return key

    def add_mentioned_entity(self, key: str, m: Mention, text: str, norm: str) -> None:
        division = self.division(m) if m.kind in UNIT_KINDS else None
        canonical = self.canonical.get((m.kind, m.name), m.name)
        written = display_name(text, norm, canonical)
        label = written
        if division is not None:
            # The official name, unless the article wrote it in Traditional characters.
            label = written if canonical == division.name else division.name
        aliases = [*m.attr_all("alias")]
        if label != m.name:
            aliases.append(m.name)
        if canonical != m.name and division is None:
            aliases.append(display_name(text, norm, m.name))
        if m.attr("short") and text != label:
            aliases.append(norm)
        attrs = [(k, v) for k, v in m.attrs if k in _PASS_THROUGH]
        if m.kind == "Honor" and not m.attr("year") and self.article.date[:4].isdigit():
            attrs.append(("year", self.article.date[:4]))
        self.add_entity(key, self.kind(m), label, aliases,
                        division.code if division is not None else "", attrs)

    def evidence_at(self, pos: int, rule: str) -> Evidence:
        """The evidence of ``rule`` in the sentence at ``pos`` (one object per sentence)."""
        sentences = self.article.sentences
        i = bisect_right(self.sentence_starts, pos) - 1
        if i >= 0 and pos < max(sentences[i].end, sentences[i].start + 1):
            found = self.evidence.get((i, rule))
            if found is None:
                found = self.evidence[(i, rule)] = _evidence(self.article.id, sentences[i], rule)
            return found
        return _evidence(self.article.id, Sentence(pos, pos, ""), rule)

    def add_gazetteer_parents(self) -> None:
        """Official parents of every coded unit, up to the province, so a town named alone
        still sits in its county, city and province. A unit whose chain is stated already
        is not walked again: its first mention's sentence is the evidence kept."""
        walked: set[str] = set()
        for m in self.units:
            division = self.division(m)
            if division is None:
                continue
            child_key = self.key(m)
            if child_key in walked:
                continue
            evidence = self.evidence_at(m.start, "gazetteer")
            while child_key not in walked:
                walked.add(child_key)
                parent = gazetteer.parent(division)
                if parent is None:
                    break
                parent_key = f"{parent.kind}/{parent.code}"
                self.add_entity(parent_key, parent.kind, parent.name, code=parent.code)
                self.facts.append(Fact(child_key, "partOf", parent_key, evidence))
                division, child_key = parent, parent_key

    def add_relation(self, r: Relation) -> None:
        subject = self.key(r.subject)
        if r.predicate == "partOf" and self.division(r.subject) is not None:
            return  # the gazetteer states the direct parent of a coded unit
        obj: str | Quantity = self.key(r.object) if isinstance(r.object, Mention) else r.object
        self.facts.append(Fact(subject, r.predicate, obj,
                               _evidence(self.article.id, r.sentence, r.rule)))

    def run(self) -> ResolvedArticle:
        for m in self.x.mentions:
            self.add_mention(m)
        self.add_gazetteer_parents()
        for r in self.x.relations:
            self.add_relation(r)
        unique: dict[tuple, Fact] = {}  # the first fact of each triple, with its evidence
        for f in self.facts:
            unique.setdefault((f.subject, f.predicate, f.object), f)
        subject = self.key(self.x.subject) if self.x.subject is not None else None
        return ResolvedArticle(self.article, subject, tuple(self.entities.values()),
                               tuple(unique.values()), tuple(dict.fromkeys(self.mentions)))


def resolve(extraction: Extraction) -> ResolvedArticle:
    """One article's mentions and relations as entities and facts with evidence.

    >>> from kg.model import Article
    >>> text = "白马村和黑山村都在青石镇。"
    >>> a = Article("t-0", "t", 0, text, text, (Sentence(0, len(text), text),))
    >>> v = Mention("Village", "白马村", 0, 3)
    >>> t = Mention("Town", "青石镇", 9, 12)
    >>> x = Extraction(a, t, (v, t), (Relation(v, "partOf", t, a.sentences[0], "demo"),))
    >>> [f.subject for f in resolve(x).facts if f.predicate == "partOf"][:1]
    ['Village/青石镇/白马村']
    """
    return _Resolver(extraction).run()
