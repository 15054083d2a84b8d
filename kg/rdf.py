"""One resolved article → RDF quads: its own named graph, evidence for every fact, PROV-O metadata.

Layout (ontology in ``ontology/lgkg.ttl``). A triple that another article may state too
goes to the article's own named graph ``<ID>graph/<article id>``; a node that only this
article has (its IRI names the article) is described in the default graph, where a triple
costs half as much to store (Oxigraph keeps three indexes of it instead of six):

- the named graph holds every entity the article names (type, ``rdfs:label``,
  ``skos:altLabel``, codes and attributes) and every fact between entities or with a
  value as a plain triple;
- the default graph holds the article (``<ID>article/<id>``: source, title, date, text, text
  digest, ``schema:about`` its subject unit), its graph (``prov:wasDerivedFrom``,
  ``prov:generatedAtTime``, extractor version), one node per sentence that states a fact
  or names an entity (``<ID>sentence/<article>/<start>-<end>``: ``lgkg:article`` and the
  offsets, once however many facts it supports; its text is the article's between them,
  never stored twice; it ``schema:mentions`` each entity it names), one ``lgkg:Evidence``
  node per fact (its sentence, the rule, the fact as ``rdf:subject``/``rdf:predicate``/
  ``rdf:object``) and the figures (``lgkg:hasFigure``: a node of the article's own that
  names its sentence and rule itself).

Every default-graph node of an article is reachable from the article (a sentence by
``lgkg:article``, evidence and figures by ``lgkg:sentence``), so the store replaces an
article by dropping its graph, those nodes and the triples that point at them
(:mod:`kg.store`).

Numbers: investments are ``xsd:decimal`` in yuan, areas in square metres; the number as
written and an approximation word (约, 余 …) stay on the evidence node, with the stated
value and unit when they differ from the fact's (an area in mu). Counted figures
(``figure`` facts) become figure nodes (``lgkg:Figure``).

IRIs are a pure function of ``Entity.key`` (see :func:`iri_path`), readable for Chinese
names and valid for any string.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache

from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad, RdfFormat, parse

from .errors import LgkgError
from .model import ENTITY_KINDS, QUANTITY_RELATIONS, RELATIONS, Entity, Evidence, Quantity, \
    ResolvedArticle

ONT = "https://w3id.org/lgkg/ontology#"
ID = "https://w3id.org/lgkg/id/"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
DCTERMS = "http://purl.org/dc/terms/"
SCHEMA = "https://schema.org/"

# Prefixes written by every export; entity IRIs are left in full because their paths hold
# slashes, which Turtle would have to escape in a prefixed name.
PREFIXES = {"lgkg": ONT, "rdf": RDF, "rdfs": RDFS, "xsd": XSD, "skos": SKOS, "prov": PROV,
            "dcterms": DCTERMS, "schema": SCHEMA}


def ont(name: str) -> NamedNode:
    """A term of the lgkg ontology.

    >>> ont("partOf").value
    'https://w3id.org/lgkg/ontology#partOf'
    """
    return NamedNode(ONT + name)


DECIMAL = NamedNode(XSD + "decimal")

_HONOR_LEVELS = {"national": "NationalLevel", "province": "ProvinceLevel",
                 "city": "CityLevel", "county": "CountyLevel", "district": "CountyLevel",
                 "town": "TownLevel", "subdistrict": "TownLevel"}
# Entity attributes written as language-tagged text; "level" and "year" are typed below.
_TEXT_ATTRS = {"conferrer": "conferredBy", "status": "projectStatus", "category": "category"}
_INVESTMENTS = ("totalInvestment", "annualPlannedInvestment")
_SQUARE_METRES = {"m2": Decimal(1), "km2": Decimal(1_000_000), "ha": Decimal(10_000),
                  "mu": Decimal(2000) / Decimal(3)}
# First path segments that name non-entity resources; an entity key may not start with one.
_RESERVED = frozenset({"article", "graph", "evidence", "figure", "sentence"})

# ── IRIs ────────────────────────────────────────────────────────────────────────────────

_SAFE_ASCII = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~()")
# RFC 3987 ucschar: the non-ASCII code points an IRI path may hold unencoded.
_UCSCHAR = ((0xA0, 0xD7FF), (0xF900, 0xFDCF), (0xFDF0, 0xFFEF)) + tuple(
    (plane, plane + 0xFFFD) for plane in range(0x10000, 0xE0001, 0x10000))
# Invisible or layout-breaking characters stay encoded even where RFC 3987 allows them:
# a reader must see exactly which IRI it has (U+2028, U+3000, zero-width joiners …).
_HIDDEN = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp"})


def _readable(ch: str) -> bool:
    if ch in _SAFE_ASCII:
        return True
    cp = ord(ch)
    return (cp >= 0xA0 and any(lo <= cp <= hi for lo, hi in _UCSCHAR)
            and unicodedata.category(ch) not in _HIDDEN)


def _percent(ch: str) -> str:
    return "".join(f"%{b:02X}" for b in ch.encode("utf-8", "surrogatepass"))


# Safe ASCII and CJK unified ideographs (every one of them assigned, a letter): a segment
# of only these, not ending in a dot, is its own IRI path, with no test per character.
_PLAIN_SEGMENT = re.compile(r"[A-Za-z0-9\-._~()\u4e00-\u9fff]*(?<!\.)")


def _segment(text: str) -> str:
    if _PLAIN_SEGMENT.fullmatch(text):
        return text
    out = [ch if _readable(ch) else _percent(ch) for ch in text]
    # "." and ".." segments vanish when an IRI is resolved, and a trailing dot is lost by
    # many tools (file names, Turtle local names): encode those dots.
    if set(text) == {"."}:
        return "%2E" * len(text)
    i = len(out)
    while i and out[i - 1] == ".":
        i -= 1
        out[i] = "%2E"
    return "".join(out)


@lru_cache(maxsize=65536)
def iri_path(key: str, *, keep_slash: bool = True) -> str:
    """The IRI path for a key: readable characters kept, everything else percent-encoded.

    Kept: ASCII letters, digits, ``-._~()`` and ``/`` (as the separator between the key's
    parts), and visible non-ASCII characters such as Chinese. Encoded as UTF-8 ``%XX``:
    spaces, quotes, ``<>{}|\\^`` and backquote, ``%`` itself (so the mapping is one-to-one),
    ``#?&`` and other ASCII punctuation, control and format characters, U+2028/U+2029,
    ideographic spaces, private-use code points, and dots that end a part.

    >>> iri_path("Village/青石镇/白马村")
    'Village/青石镇/白马村'
    >>> iri_path('Company/A "B" <C> 100%.')
    'Company/A%20%22B%22%20%3CC%3E%20100%25%2E'
    >>> iri_path("a/b", keep_slash=False)
    'a%2Fb'
    """
    if not keep_slash:
        return _segment(key).replace("/", "%2F")
    return "/".join(_segment(part) for part in key.split("/"))


def entity_iri(key: str) -> NamedNode:
    """The IRI of an entity, from its stable key.

    >>> entity_iri("Town/410108106").value
    'https://w3id.org/lgkg/id/Town/410108106'
    """
    if key.split("/", 1)[0] in _RESERVED:
        raise LgkgError(f"entity key {key!r} starts with a reserved path segment")
    return NamedNode(ID + iri_path(key))


@lru_cache(maxsize=1 << 14)
def _entity_node(key: str) -> str:
    """The N-Triples form of :func:`entity_iri` (the same places recur in many articles)."""
    return f"<{entity_iri(key).value}>"


def article_iri(article_id: str) -> NamedNode:
    """The IRI of an article (described in the default graph).

    >>> article_iri("news/7-0").value
    'https://w3id.org/lgkg/id/article/news%2F7-0'
    """
    return NamedNode(ID + "article/" + iri_path(article_id, keep_slash=False))


def article_graph(article_id: str) -> NamedNode:
    """The named graph that holds what one article says.

    >>> article_graph("a-0").value
    'https://w3id.org/lgkg/id/graph/a-0'
    """
    return NamedNode(ID + "graph/" + iri_path(article_id, keep_slash=False))


# ── literals ────────────────────────────────────────────────────────────────────────────

_SURROGATE = re.compile("[\ud800-\udfff]")


def _clean(text: str) -> str:
    # RDF literals must be Unicode scalar values; a lone surrogate (possible in JSON input)
    # becomes U+FFFD, one for one, so character offsets still slice the text.
    return _SURROGATE.sub("\ufffd", text)


def zh(text: str) -> Literal:
    """A Chinese language-tagged literal.

    >>> zh("白马村")
    <Literal value=白马村 language=zh>
    """
    return Literal(_clean(text), language="zh")


def plain(text: str) -> Literal:
    return Literal(_clean(text))


def decimal_literal(value: Decimal) -> Literal:
    """An ``xsd:decimal`` in canonical form: no exponent, no trailing zeros.

    >>> decimal_literal(Decimal("2.37E+10")).value
    '23700000000'
    >>> decimal_literal(Decimal("12.50")).value
    '12.5'
    """
    if not value.is_finite():
        raise LgkgError(f"not a finite number: {value}")
    text = format(value.normalize(), "f")
    return Literal("0" if text == "-0" else text, datatype=DECIMAL)


def _datetime_literal(when: datetime | str) -> Literal:
    if isinstance(when, str):
        try:
            when = datetime.fromisoformat(when)
        except ValueError:
            raise LgkgError(f"generated_at is not an ISO date-time: {when!r}") from None
    return Literal(when.isoformat(), datatype=NamedNode(XSD + "dateTime"))


def _date_literal(text: str) -> Literal:
    try:
        return Literal(date.fromisoformat(text).isoformat(), datatype=NamedNode(XSD + "date"))
    except ValueError:
        return plain(text)  # a date the reader could not normalise is still worth keeping


# ── N-Quads text ────────────────────────────────────────────────────────────────────────
# The builder writes N-Quads lines itself: making a pyoxigraph term per position and
# sorting quads by their string forms took three times as long as the lines do.

_TYPE = f"<{RDF}type>"
_INTEGER = f"^^<{XSD}integer>"


def _iri(value: str) -> str:
    return f"<{value}>"


# What a literal must not hold as it is: N-Triples escapes, and lone surrogates (_clean).
_UNWRITABLE = re.compile(r'[\\"\n\r\ud800-\udfff]')


def _text(text: str) -> str:
    if _UNWRITABLE.search(text) is None:  # nearly every label
        return '"' + text + '"'
    # Four passes of str.replace: an article's text in a tenth of the time of one
    # str.translate, which looks every character up in a dict.
    return '"' + (_clean(text).replace("\\", "\\\\").replace('"', '\\"')
                  .replace("\n", "\\n").replace("\r", "\\r")) + '"'


# Labels and rule names recur from article to article: kept, they are written once.
@lru_cache(maxsize=1 << 13)
def _zh(text: str) -> str:
    return _text(text) + "@zh"


_rule_text = lru_cache(maxsize=1 << 10)(_text)


def _typed(value: str, datatype: str) -> str:
    return f'{_text(value)}^^<{datatype}>'


def _decimal(value: Decimal) -> str:
    return f'"{decimal_literal(value).value}"^^<{XSD}decimal>'


@lru_cache(maxsize=256)
def _term(name: str) -> str:
    return f"<{ONT}{name}>"


def quad_sort_key(quad: Quad) -> tuple[str, str, str, str]:
    """Default graph first, then by graph, subject, predicate, object (N-Triples text)."""
    graph = "" if isinstance(quad.graph_name, DefaultGraph) else str(quad.graph_name)
    return graph, str(quad.subject), str(quad.predicate), str(quad.object)


class _Builder:
    """Two homes for a triple (see the module docstring): ``add`` puts it in the article's
    graph (what the article says, which other articles may say too), ``own`` in the
    default graph (nodes only this article has: itself, its graph, its sentences,
    evidence and figures)."""

    def __init__(self, resolved: ResolvedArticle):
        self.resolved = resolved
        self.article = resolved.article
        self.graph_suffix = f" <{article_graph(self.article.id).value}> .\n"
        self.article_node = _iri(article_iri(self.article.id).value)
        self.graph_node = _iri(article_graph(self.article.id).value)
        self.path = iri_path(self.article.id, keep_slash=False)
        self.entities = {e.key: e for e in resolved.entities}
        # A dict for its order: the lines come out in the order they were made, the same in
        # every process, with no sorting (sets order strings by their per-process hashes).
        self.lines: dict[str, None] = {}
        self.sentences: set[str] = set()

    def error(self, message: str) -> LgkgError:
        return LgkgError(message, file=self.article.source, article=self.article.id)

    def add(self, s: str, p: str, o: str) -> None:
        self.lines[f"{s} {p} {o}{self.graph_suffix}"] = None

    def own(self, s: str, p: str, o: str) -> None:
        self.lines[f"{s} {p} {o} .\n"] = None

    def node(self, key: str) -> str:
        if key not in self.entities:
            raise self.error(f"a fact or mention refers to {key!r}, which is not an entity")
        return _entity_node(key)

    def owned_node(self, kind: str, *parts: object) -> str:
        digest = hashlib.sha256("\x1f".join(map(str, parts)).encode("utf-8", "surrogatepass"))
        return f"<{ID}{kind}/{self.path}/{digest.hexdigest()[:24]}>"

    def metadata(self, generated_at: datetime | str, extractor_version: str) -> None:
        a, art, own = self.article_node, self.article, self.own
        text = _clean(art.text)
        own(a, _TYPE, _term("Article"))
        own(a, _iri(RDFS + "label"), _zh(art.title) if art.title else _text(art.id))
        own(a, _iri(DCTERMS + "identifier"), _text(art.id))
        own(a, _iri(DCTERMS + "source"), _text(art.source))
        own(a, _term("articleIndex"), f'"{int(art.index)}"{_INTEGER}')
        own(a, _term("encoding"), _text(art.encoding))
        own(a, _iri(SCHEMA + "text"), _text(text))
        own(a, _term("textDigest"), _text(hashlib.sha256(text.encode("utf-8")).hexdigest()))
        if art.title:
            own(a, _iri(DCTERMS + "title"), _zh(art.title))
        if art.byline:
            own(a, _term("byline"), _zh(art.byline))
        if art.date:
            own(a, _iri(DCTERMS + "date"), str(_date_literal(art.date)))
        if art.url:
            own(a, _iri(SCHEMA + "url"), _typed(art.url, XSD + "anyURI"))
        g = self.graph_node
        own(g, _TYPE, _term("ArticleGraph"))
        own(g, _iri(RDFS + "label"), _text(art.id))
        own(g, _iri(PROV + "wasDerivedFrom"), a)
        own(g, _iri(PROV + "generatedAtTime"), str(_datetime_literal(generated_at)))
        own(g, _term("extractorVersion"), _text(extractor_version))

    def entity(self, e: Entity) -> None:
        if e.kind not in ENTITY_KINDS:
            raise self.error(f"entity {e.key!r} has unknown kind {e.kind!r}")
        s, add = self.node(e.key), self.add
        add(s, _TYPE, _term(e.kind))
        add(s, _LABEL, _zh(e.label))
        for alias in e.aliases:
            add(s, _ALT_LABEL, _zh(alias))
        if e.code:
            add(s, _term("divisionCode"), _text(e.code))
        for key, value in e.attrs:
            if key in _TEXT_ATTRS:
                add(s, _term(_TEXT_ATTRS[key]), _zh(value))
            elif key == "level" and value.lower() in _HONOR_LEVELS:
                add(s, _term("honorLevel"), _term(_HONOR_LEVELS[value.lower()]))
            elif key == "year" and re.fullmatch(r"[12]\d{3}", value):
                add(s, _term("year"), _typed(value, XSD + "gYear"))

    def sentence(self, ev: Evidence) -> str:
        """The node of the sentence ``ev`` quotes, described once per article: its article
        and offsets (its text is the article's between them)."""
        if ev.article_id and ev.article_id != self.article.id:
            raise self.error(f"evidence from article {ev.article_id!r} in another article")
        node = f"<{ID}sentence/{self.path}/{ev.start}-{ev.end}>"
        if node not in self.sentences:
            self.sentences.add(node)
            self.own(node, _ARTICLE, self.article_node)
            self.own(node, _START, f'"{int(ev.start)}"{_INTEGER}')
            self.own(node, _END, f'"{int(ev.end)}"{_INTEGER}')
        return node

    def evidence(self, s: str, p: str, o: str, ev: Evidence,
                 quantity: Quantity | None = None) -> None:
        node = self.owned_node("evidence", s[1:-1], p[1:-1], o, ev.start, ev.end)
        own = self.own
        own(node, _TYPE, _EVIDENCE)
        own(node, _SENTENCE, self.sentence(ev))
        if ev.rule:
            own(node, _RULE, _rule_text(ev.rule))
        own(node, _SUBJECT, s)
        own(node, _PREDICATE, p)
        own(node, _OBJECT, o)
        if quantity is not None:
            # The number as written; its value and unit only when they differ from the
            # fact's (an area stated in mu, stored in square metres).
            if quantity.approx:
                own(node, _term("approximation"), _zh(quantity.approx))
            own(node, _term("statedAs"), _text(self.article.text[quantity.start:quantity.end]))
            if quantity.unit != "CNY":
                own(node, _term("statedValue"), _decimal(quantity.value))
                own(node, _term("statedUnit"), _text(quantity.unit))

    def fact(self, subject: str, predicate: str, obj: str | Quantity, ev: Evidence) -> None:
        s = self.node(subject)
        if predicate in RELATIONS:
            if not isinstance(obj, str):
                raise self.error(f"{predicate} of {subject!r} must name an entity, not {obj!r}")
            o = self.node(obj)
            self.add(s, _term(predicate), o)
            self.evidence(s, _term(predicate), o, ev)
            return
        if predicate not in QUANTITY_RELATIONS or not isinstance(obj, Quantity):
            raise self.error(f"cannot write fact {predicate!r} of {subject!r} with {obj!r}")
        if predicate in _INVESTMENTS and obj.unit == "CNY":
            value = _decimal(obj.value)
        elif predicate == "area" and obj.unit in _SQUARE_METRES:
            value = _decimal((obj.value * _SQUARE_METRES[obj.unit]).quantize(Decimal("0.01")))
        else:
            self.figure(s, obj, ev, predicate)
            return
        self.add(s, _term(predicate), value)
        self.evidence(s, _term(predicate), value, ev, obj)

    def figure(self, s: str, q: Quantity, ev: Evidence, predicate: str) -> None:
        # Counted figures, and amounts in a unit the ontology has no property for (an
        # investment in dollars), keep their own unit on a Figure node. The node is the
        # article's own and stands for one statement, so it is its own evidence: it names
        # its sentence and rule itself, and the number as written is its label.
        measure = q.measure or predicate
        stated = self.article.text[q.start:q.end]
        node = self.owned_node("figure", s[1:-1], measure, q.value, q.unit, q.start, q.end)
        own = self.own
        own(node, _TYPE, _term("Figure"))
        own(node, _LABEL, _zh(f"{measure}：{stated}" if stated else measure))
        own(node, _term("measure"), _zh(measure))
        own(node, _term("value"), _decimal(q.value))
        own(node, _term("unitText"), _zh(q.unit))
        if q.approx:
            own(node, _term("approximation"), _zh(q.approx))
        own(node, _SENTENCE, self.sentence(ev))
        if ev.rule:
            own(node, _RULE, _rule_text(ev.rule))
        own(s, _HAS_FIGURE, node)

    def build(self, generated_at: datetime | str, extractor_version: str) -> bytes:
        self.metadata(generated_at, extractor_version)
        for e in self.resolved.entities:
            self.entity(e)
        if self.resolved.subject is not None:
            self.own(self.article_node, _ABOUT, self.node(self.resolved.subject))
        for f in self.resolved.facts:
            self.fact(f.subject, f.predicate, f.object, f.evidence)
        for key, ev in self.resolved.mentions:
            self.own(self.sentence(ev), _MENTIONS, self.node(key))
        return "".join(self.lines).encode("utf-8")


_LABEL = f"<{RDFS}label>"
_ALT_LABEL = f"<{SKOS}altLabel>"
_ABOUT = f"<{SCHEMA}about>"
_MENTIONS = f"<{SCHEMA}mentions>"
_EVIDENCE = _term("Evidence")
_SENTENCE = _term("sentence")
_RULE = _term("rule")
_ARTICLE = _term("article")
_START = _term("startOffset")
_END = _term("endOffset")
_HAS_FIGURE = _term("hasFigure")
_SUBJECT = f"<{RDF}subject>"
_PREDICATE = f"<{RDF}predicate>"
_OBJECT = f"<{RDF}object>"


def to_nquads(resolved: ResolvedArticle, *, generated_at: datetime | str,
              extractor_version: str) -> bytes:
    """Every quad of one article as N-Quads, one per line, in an order fixed by the article
    (the layout is in the module docstring); what :func:`to_quads` parses. Raises LgkgError
    as it does."""
    return _Builder(resolved).build(generated_at, extractor_version)


def to_quads(resolved: ResolvedArticle, *, generated_at: datetime | str,
             extractor_version: str) -> list[Quad]:
    """Every quad of one article, sorted (see the module docstring for the layout).

    ``generated_at`` (a datetime or ISO string) becomes ``prov:generatedAtTime`` of the
    article's graph. Raises LgkgError when a fact names a key that is not an entity.

    >>> from kg.model import Article, Entity, Fact, Evidence, ResolvedArticle, Sentence
    >>> text = "白马村隶属青石镇。"
    >>> art = Article("demo-0", "demo.txt", 0, text, text, (Sentence(0, 9, text),))
    >>> ev = Evidence("demo-0", 0, 9, text)
    >>> r = ResolvedArticle(art, "Town/青石镇",
    ...     (Entity("Town/青石镇", "Town", "青石镇"), Entity("Village/青石镇/白马村", "Village", "白马村")),
    ...     (Fact("Village/青石镇/白马村", "partOf", "Town/青石镇", ev),))
    >>> quads = to_quads(r, generated_at="2024-05-01T08:00:00+00:00", extractor_version="t")
    >>> [q.object.value for q in quads if q.predicate == ont("partOf")]
    ['https://w3id.org/lgkg/id/Town/青石镇']
    >>> sorted({q.graph_name.value for q in quads if not isinstance(q.graph_name, DefaultGraph)})
    ['https://w3id.org/lgkg/id/graph/demo-0']
    """
    data = to_nquads(resolved, generated_at=generated_at, extractor_version=extractor_version)
    return sorted(parse(data, format=RdfFormat.N_QUADS), key=quad_sort_key)
