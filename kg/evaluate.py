"""Score a store against hand-made gold files (``shared/gold/README.md`` describes them).

Scope: each gold file describes one article and is compared with that article's named
graph only. A gold ``id`` that is an article id of the store names its article. Otherwise
(the seed gold files are named after their subject, not after the file) the candidates are
the articles of the gold's ``source`` file — ids ``<stem>-<n>`` — or, when the store holds
none of them, every article; each gold file goes to the candidate whose text names the
gold subject most often, greedily over all gold files so that two gold files never share
one article (ties go to the earlier article).

Entities match by type and name: a graph entity matches a gold entity when its
``rdfs:label`` or a ``skos:altLabel`` equals the gold name or an alias after
``normalise_name``. Each gold entity takes at most one graph entity; a second graph entity
for the same gold item is a duplicate and a false hit. Optional gold items are neither
rewarded nor penalised. A graph entity that matches nothing and whose names occur nowhere
in the article's text came from outside the text (a gazetteer parent) and is not counted.

Relations are (subject, property, object) after mapping both ends to gold names (by name,
whatever the type); attributes (``totalInvestment``, ``annualPlannedInvestment``, ``area``) are
(subject, property, value) with the value compared as a number: money exactly, an area in
square metres within ``AREA_TOLERANCE`` (60亩 is 40,000 m², and a gold file may round it or
give it in 亩 with its ``unit``). A relation from or to an
entity that came from outside the text is not counted against precision either.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from pyoxigraph import Literal, NamedNode

from .errors import InputError, UsageError
from .model import ENTITY_KINDS, RELATIONS

ATTRIBUTES = ("totalInvestment", "annualPlannedInvestment", "area")
# A gold area may be written in the unit of the text; the graph holds square metres.
_SQUARE_METRES = {"平方米": Decimal(1), "㎡": Decimal(1), "m2": Decimal(1), "平米": Decimal(1),
                  "亩": Decimal(2000) / Decimal(3), "mu": Decimal(2000) / Decimal(3),
                  "公顷": Decimal(10_000), "ha": Decimal(10_000),
                  "平方公里": Decimal(1_000_000), "平方千米": Decimal(1_000_000),
                  "km2": Decimal(1_000_000)}
AREA_TOLERANCE = Decimal("0.01")
_DROP = re.compile(r"[“”‘’\"'「」『』《》〈〉（）()\[\]【】\s\u3000]+")


@cache
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def normalise_name(text: str) -> str:
    """The form names are compared in: NFKC, Simplified, no quote marks, brackets, spaces.

    >>> normalise_name("「東湖」街道 （青石鎮）")
    '东湖街道青石镇'
    """
    return _DROP.sub("", _t2s().convert(unicodedata.normalize("NFKC", text)))


# ── gold ────────────────────────────────────────────────────────────────────────────────

@dataclass(frozen=True)
class GoldEntity:
    type: str
    name: str
    names: frozenset[str]           # normalised name and aliases
    optional: bool = False


@dataclass(frozen=True)
class GoldStatement:
    s: str                          # normalised name of the subject
    p: str
    o: str | Decimal                # normalised name of the object, or a value
    optional: bool = False


@dataclass(frozen=True)
class Gold:
    path: str
    id: str
    source: str
    subject: str
    entities: tuple[GoldEntity, ...]
    statements: tuple[GoldStatement, ...]


def _number(value: object) -> Decimal | None:
    try:
        return Decimal(str(value)).normalize()
    except (InvalidOperation, ValueError):
        return None


def load_gold(path: str | Path) -> Gold:
    """Read one gold file; a malformed one is an InputError naming the file."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
        entities = tuple(
            GoldEntity(e["type"], normalise_name(e["name"]),
                       frozenset(normalise_name(n) for n in [e["name"], *e.get("aliases", ())]),
                       bool(e.get("optional", False)))
            for e in data.get("entities", ()))
        canonical = _gold_names(entities)

        def name(raw: str) -> str:
            return canonical.get(normalise_name(raw), normalise_name(raw))

        statements = [GoldStatement(name(r["s"]), r["p"], name(r["o"]),
                                    bool(r.get("optional", False)))
                      for r in data.get("relations", ())]
        for a in data.get("attributes", ()):
            value = _number(a["value"])
            if a["p"] == "area" and value is not None:
                value = _area_in_square_metres(value, str(a.get("unit", "平方米")), path)
            if a["p"] in ATTRIBUTES and value is not None:
                statements.append(GoldStatement(name(a["s"]), a["p"], value,
                                                bool(a.get("optional", False))))
        return Gold(str(path), str(data.get("id") or Path(path).stem), str(data.get("source", "")),
                    normalise_name(str(data.get("subject", ""))), entities, tuple(statements))
    except OSError as exc:
        raise UsageError(f"cannot read gold file: {exc.strerror or exc}", file=str(path)) from None
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise InputError(f"not a gold file ({type(exc).__name__}: {exc})", file=str(path)) from None


def _area_in_square_metres(value: Decimal, unit: str, path: str | Path) -> Decimal:
    """A gold area in square metres, from the unit its file gives.

    >>> _area_in_square_metres(Decimal(60), "亩", "g.json"), _area_in_square_metres(Decimal(3), "公顷", "g.json")
    (Decimal('40000.00'), Decimal('30000.00'))
    """
    factor = _SQUARE_METRES.get(unit.strip())
    if factor is None:
        raise InputError(f"unknown area unit {unit!r}", file=str(path))
    return (value * factor).quantize(Decimal("0.01"))


def _gold_names(entities: Iterable[GoldEntity]) -> dict[str, str]:
    """Normalised name or alias → canonical gold name; a name wins over another's alias."""
    names: dict[str, str] = {}
    for entity in entities:
        for alias in entity.names:
            names.setdefault(alias, entity.name)
    for entity in entities:
        names[entity.name] = entity.name
    return names


# ── prediction ──────────────────────────────────────────────────────────────────────────

@dataclass(frozen=True)
class Predicted:
    """One article's graph, reduced to what is scored."""
    article_id: str | None
    text: str                                        # normalised article text
    entities: tuple[tuple[str, str, str, frozenset[str]], ...]   # (node, type, label, names)
    statements: tuple[tuple[str, str, str | Decimal], ...]       # (node, property, node | value)


# ── scoring ─────────────────────────────────────────────────────────────────────────────

@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Tally) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_json(self) -> dict:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4), "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass
class FileScore:
    gold: str
    article: str | None
    entities: dict[str, Tally] = field(default_factory=dict)
    relations: dict[str, Tally] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def score(gold: Gold, predicted: Predicted) -> FileScore:
    """Compare one gold file with one article's graph (pure)."""
    result = FileScore(gold.path, predicted.article_id)

    def tally(table: dict[str, Tally], key: str) -> Tally:
        return table.setdefault(key, Tally())

    # Best pairs first (label = gold name, then label = alias, then an altLabel), one to one.
    pairs = []
    for i, (node, kind, label, names) in enumerate(predicted.entities):
        for j, g in enumerate(gold.entities):
            if g.type == kind and names & g.names:
                rank = 0 if label == g.name else 1 if label in g.names else 2
                pairs.append((rank, i, j))
    taken_pred: dict[int, int] = {}
    taken_gold: set[int] = set()
    for _, i, j in sorted(pairs):
        if i not in taken_pred and j not in taken_gold:
            taken_pred[i] = j
            taken_gold.add(j)
    candidates = {i for _, i, _ in pairs}

    by_name = _gold_names(gold.entities)
    node_key: dict[str, str] = {}
    outside: set[str] = set()
    for i, (node, kind, label, names) in enumerate(predicted.entities):
        if i in taken_pred:
            g = gold.entities[taken_pred[i]]
            node_key.setdefault(node, g.name)
            if not g.optional:
                tally(result.entities, kind).tp += 1
            continue
        matched = _name_match(names, label, kind, gold.entities, by_name)
        node_key.setdefault(node, matched or f"?{label}")
        if i in candidates:
            g = next(gold.entities[j] for _, k, j in pairs if k == i)
            if not g.optional:
                tally(result.entities, kind).fp += 1
                result.errors.append(f"false entity    {kind} {label} (duplicate of {g.name})")
        elif matched is None and not any(n and n in predicted.text for n in names):
            outside.add(node)
        else:
            tally(result.entities, kind).fp += 1
            result.errors.append(f"false entity    {kind} {label}")
    for j, g in enumerate(gold.entities):
        tally(result.entities, g.type)
        if j not in taken_gold and not g.optional:
            tally(result.entities, g.type).fn += 1
            result.errors.append(f"missed entity   {g.type} {g.name}")

    required = {(s.s, s.p, s.o) for s in gold.statements if not s.optional}
    optional = {(s.s, s.p, s.o) for s in gold.statements if s.optional} - required
    scored = {s.p for s in gold.statements} | set(RELATIONS) | set(ATTRIBUTES)
    found: set[tuple[str, str, str | Decimal]] = set()
    for s, p, o in predicted.statements:
        if p not in scored or s not in node_key or s in outside:
            continue
        if isinstance(o, str):
            if o not in node_key or o in outside:
                continue
            o = node_key[o]
        found.add((node_key[s], p, o))
    found = {_near_gold_area(t, required | optional) for t in found}
    for triple in sorted(found, key=_sort_key):
        if triple in required:
            tally(result.relations, triple[1]).tp += 1
        elif triple not in optional:
            tally(result.relations, triple[1]).fp += 1
            result.errors.append(f"false relation  {_show(triple)}")
    for triple in sorted(required - found, key=_sort_key):
        tally(result.relations, triple[1]).fn += 1
        result.errors.append(f"missed relation {_show(triple)}")
    for s in gold.statements:
        tally(result.relations, s.p)
    return result


def _near_gold_area(triple: tuple, gold: set[tuple]) -> tuple:
    """An area triple with the value of the gold area of the same subject it is within
    ``AREA_TOLERANCE`` of (relative), else unchanged.

    >>> _near_gold_area(("园", "area", Decimal("40000.00")), {("园", "area", Decimal("40020"))})
    ('园', 'area', Decimal('40020'))
    """
    s, p, o = triple
    if p != "area" or not isinstance(o, Decimal):
        return triple
    for gs, gp, go in gold:
        if gs == s and gp == p and isinstance(go, Decimal) and go \
                and abs(o - go) <= AREA_TOLERANCE * abs(go):
            return gs, gp, go
    return triple


def _name_match(names: frozenset[str], label: str, kind: str, gold: Sequence[GoldEntity],
                by_name: Mapping[str, str]) -> str | None:
    """The gold name an entity of another type or a duplicate stands for, for relations."""
    same_type = [g.name for g in gold if g.type == kind and names & g.names]
    if same_type:
        return same_type[0]
    if label in by_name:
        return by_name[label]
    return next((by_name[n] for n in sorted(names) if n in by_name), None)


def _sort_key(triple: tuple) -> tuple:
    return tuple(str(x) for x in triple)


def _show(triple: tuple) -> str:
    s, p, o = triple
    return f"{s.lstrip('?')} {p} {o.lstrip('?') if isinstance(o, str) else _plain(o)}"


def _plain(value: Decimal) -> str:
    return f"{value:f}"


# ── the store ───────────────────────────────────────────────────────────────────────────

_PREFIXES = """PREFIX lgkg: <https://w3id.org/lgkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX schema: <https://schema.org/>
"""
_ARTICLES = _PREFIXES + """SELECT ?id ?source ?index WHERE {
  ?a a lgkg:Article ; dcterms:identifier ?id .
  OPTIONAL { ?a dcterms:source ?source } OPTIONAL { ?a lgkg:articleIndex ?index }
}"""
_TEXT = _PREFIXES + "SELECT ?id ?text WHERE { ?a dcterms:identifier ?id ; schema:text ?text }"
_ENTITIES = _PREFIXES + """SELECT ?e ?kind ?label ?alt WHERE { GRAPH %(graph)s {
  VALUES ?kind { %(kinds)s }
  ?e a ?kind . OPTIONAL { ?e rdfs:label ?label } OPTIONAL { ?e skos:altLabel ?alt }
} }"""
_STATEMENTS = _PREFIXES + """SELECT ?s ?p ?o WHERE { GRAPH %(graph)s {
  VALUES ?p { %(properties)s } ?s ?p ?o
} }"""


@dataclass(frozen=True)
class StoredArticle:
    id: str
    source: str
    index: int


def _stored_articles(store) -> list[StoredArticle]:
    found = {}
    for row in store.query(_ARTICLES, union=False):
        index = row["index"].value if row["index"] is not None else "0"
        found[row["id"].value] = StoredArticle(
            row["id"].value, row["source"].value if row["source"] is not None else "",
            int(index) if index.isdigit() else 0)
    return sorted(found.values(), key=lambda a: (a.source, a.index, a.id))


def _article_text(store, article_id: str) -> str:
    for row in store.query(_TEXT, bindings={"id": Literal(article_id)}, union=False):
        return normalise_name(row["text"].value)
    return ""


def assign_articles(golds: Sequence[Gold], articles: Sequence[StoredArticle],
                    text_of) -> list[str | None]:
    """For each gold file, the id of the article it describes (see the module docstring).

    ``text_of(article_id)`` gives an article's normalised text; it is asked only about
    candidates.
    """
    ids = {a.id for a in articles}
    chosen: dict[int, str] = {}
    used: set[str] = set()
    for order, gold in enumerate(golds):
        if gold.id in ids and gold.id not in used:
            chosen[order] = gold.id
            used.add(gold.id)
    pairs = []
    for order, gold in enumerate(golds):
        if order in chosen:
            continue
        name = Path(gold.source).name
        same_file = [a for a in articles if name and Path(a.source).name == name]
        for rank, article in enumerate(same_file or articles):
            hits = text_of(article.id).count(gold.subject) if gold.subject else 0
            if hits or same_file:
                pairs.append((-hits, rank, order, article.id))
    for _, _, order, article_id in sorted(pairs):
        if order not in chosen and article_id not in used:
            chosen[order] = article_id
            used.add(article_id)
    return [chosen.get(order) for order in range(len(golds))]


def _predicted(store, article_id: str | None, text: str) -> Predicted:
    if article_id is None:
        return Predicted(None, "", (), ())
    from .rdf import article_graph

    graph = str(article_graph(article_id))
    labels: dict[tuple[str, str], str] = {}
    names: dict[tuple[str, str], set[str]] = {}
    kinds = " ".join(f"lgkg:{k}" for k in ENTITY_KINDS)
    for row in store.query(_ENTITIES % {"graph": graph, "kinds": kinds}, union=False):
        key = (row["e"].value, row["kind"].value.rsplit("#", 1)[-1])
        label = normalise_name(row["label"].value) if row["label"] is not None else ""
        if label and (key not in labels or label < labels[key]):
            labels[key] = label
        names.setdefault(key, set()).update(
            normalise_name(t.value) for t in (row["label"], row["alt"]) if t is not None)
    entities = tuple(sorted((node, kind, labels.get((node, kind), ""), frozenset(n))
                            for (node, kind), n in names.items()))
    properties = " ".join(f"lgkg:{p}" for p in RELATIONS + ATTRIBUTES)
    statements = []
    for row in store.query(_STATEMENTS % {"graph": graph, "properties": properties}, union=False):
        p, o = row["p"].value.rsplit("#", 1)[-1], row["o"]
        if p in ATTRIBUTES:
            value = _number(o.value)
            if value is not None:
                statements.append((row["s"].value, p, value))
        elif isinstance(o, NamedNode):
            statements.append((row["s"].value, p, o.value))
    return Predicted(article_id, text, entities, tuple(statements))


def evaluate(gold_files: Iterable[str | Path], store) -> EvalReport:
    """Score every gold file against the article of ``store`` it describes."""
    golds = [load_gold(path) for path in gold_files]
    texts: dict[str, str] = {}

    def text_of(article_id: str) -> str:
        if article_id not in texts:
            texts[article_id] = _article_text(store, article_id)
        return texts[article_id]

    chosen = assign_articles(golds, _stored_articles(store), text_of)
    return EvalReport(tuple(
        score(gold, _predicted(store, article_id, text_of(article_id) if article_id else ""))
        for gold, article_id in zip(golds, chosen)))


# ── report ──────────────────────────────────────────────────────────────────────────────

@dataclass(frozen=True)
class EvalReport:
    files: tuple[FileScore, ...]

    def _totals(self, part: str) -> dict[str, Tally]:
        totals: dict[str, Tally] = {}
        for f in self.files:
            for key, t in getattr(f, part).items():
                totals.setdefault(key, Tally()).add(t)
        return dict(sorted(totals.items(), key=lambda kv: _ORDER.get(kv[0], (9, kv[0]))))

    def by_type(self) -> dict[str, Tally]:
        return self._totals("entities")

    def by_relation(self) -> dict[str, Tally]:
        return self._totals("relations")

    @staticmethod
    def _micro(table: Mapping[str, Tally]) -> Tally:
        total = Tally()
        for t in table.values():
            total.add(t)
        return total

    @property
    def entities(self) -> Tally:
        return self._micro(self.by_type())

    @property
    def relations(self) -> Tally:
        return self._micro(self.by_relation())

    def to_json(self) -> dict:
        return {
            "files": [{"gold": f.gold, "article": f.article, "errors": f.errors}
                      for f in self.files],
            "entities": {"micro": self.entities.to_json(),
                         "by_type": {k: t.to_json() for k, t in self.by_type().items()}},
            "relations": {"micro": self.relations.to_json(),
                          "by_property": {k: t.to_json() for k, t in self.by_relation().items()}},
        }

    def text(self, *, show_errors: bool = False) -> str:
        lines = [f"{f.gold} → article {f.article or '(none in the store)'}" for f in self.files]
        for title, table, micro in (("entities", self.by_type(), self.entities),
                                    ("relations", self.by_relation(), self.relations)):
            lines += ["", f"{title:<28}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}"]
            lines += [_row(f"  {key}", t) for key, t in table.items() if t.tp or t.fp or t.fn]
            lines.append(_row(f"{title} (micro)", micro))
        if show_errors:
            for f in self.files:
                lines += ["", f"{f.gold} → article {f.article or '(none)'}:"]
                lines += [f"  {e}" for e in f.errors] or ["  no errors"]
        return "\n".join(lines) + "\n"


_ORDER = {name: (0, f"{i:02d}") for i, name in
          enumerate(ENTITY_KINDS + RELATIONS + ATTRIBUTES)}


def _row(name: str, t: Tally) -> str:
    return (f"{name:<28}{t.precision:>7.3f}{t.recall:>7.3f}{t.f1:>7.3f}"
            f"{t.tp:>6}{t.fp:>6}{t.fn:>6}")
