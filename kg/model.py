"""The records that flow between stages: read → extract → resolve → rdf.

Every record is frozen; offsets are character offsets into ``Article.text``.
``Article.norm`` has exactly the same length as ``Article.text`` (simplified,
NFKC-folded character by character), so an offset found while matching on
``norm`` slices the original ``text`` to the same passage.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

UNIT_KINDS = ("Province", "City", "District", "Town", "Subdistrict", "Village", "Community")
ENTITY_KINDS = UNIT_KINDS + ("Project", "Company", "Honor", "Program")
# Depth of each unit kind in the hierarchy; a direct parent sits one or more levels above.
UNIT_DEPTH = {"Province": 1, "City": 2, "District": 3, "Town": 4, "Subdistrict": 4,
              "Village": 5, "Community": 5}
RELATIONS = ("partOf", "receivedHonor", "locatedIn", "implements", "operatedBy")
QUANTITY_RELATIONS = ("totalInvestment", "annualPlannedInvestment", "area", "figure")

Attrs = tuple[tuple[str, str], ...]


def _attr(attrs: Attrs, key: str, default: str | None = None) -> str | None:
    for k, v in attrs:
        if k == key:
            return v
    return default


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Article:
    """One article: a whole file, or one of several articles printed on one page."""
    id: str                      # stable: "<file stem>-<index>" or the JSONL id
    source: str                  # file path (as given) or URL
    index: int                   # position of the article in its source file
    text: str                    # original text (decoded, layout repaired); evidence slices this
    norm: str                    # same length as text: simplified, NFKC per character
    sentences: tuple[Sentence, ...]
    title: str = ""
    byline: str = ""
    date: str = ""               # ISO date when known
    url: str = ""
    encoding: str = "utf-8"


@dataclass(frozen=True)
class Mention:
    """A name found in an article. ``name`` is canonical (normalised, no quote marks)."""
    kind: str                    # one of ENTITY_KINDS
    name: str
    start: int
    end: int
    attrs: Attrs = ()            # e.g. ("code", "410108106"), ("alias", "…"), ("level", "city")

    def attr(self, key: str, default: str | None = None) -> str | None:
        return _attr(self.attrs, key, default)

    def attr_all(self, key: str) -> tuple[str, ...]:
        return tuple(v for k, v in self.attrs if k == key)


@dataclass(frozen=True)
class Quantity:
    """A normalised number: 约237亿元 → Decimal('23700000000'), unit 'CNY', approx '约'."""
    value: Decimal
    unit: str                    # 'CNY', 'mu' (亩), 'm2', or a counter word such as '次', '件'
    start: int
    end: int
    approx: str = ""             # '约', '余', '近', '超' … as written; '' when exact
    measure: str = ""            # what is counted, for figures: '走访', '化解矛盾纠纷'


@dataclass(frozen=True)
class Relation:
    """A statement between two mentions (or a mention and a quantity) with its sentence."""
    subject: Mention
    predicate: str               # one of RELATIONS or QUANTITY_RELATIONS
    object: Mention | Quantity
    sentence: Sentence
    rule: str = ""               # name of the rule that found it


@dataclass(frozen=True)
class Extraction:
    """Everything one article says, before entities are resolved."""
    article: Article
    subject: Mention | None      # the unit the article is about
    mentions: tuple[Mention, ...]
    relations: tuple[Relation, ...]


@dataclass(frozen=True)
class Evidence:
    article_id: str
    start: int                   # sentence start in Article.text
    end: int                     # sentence end
    text: str                    # Article.text[start:end]
    rule: str = ""               # the rule that stated the fact, e.g. "chain-adjacency", "gazetteer"


@dataclass(frozen=True)
class Entity:
    """One real thing. ``key`` is stable across runs and machines and becomes the IRI path."""
    key: str
    kind: str
    label: str
    aliases: tuple[str, ...] = ()
    code: str = ""               # official division code when the gazetteer knows it
    attrs: Attrs = ()

    def attr(self, key: str, default: str | None = None) -> str | None:
        return _attr(self.attrs, key, default)


@dataclass(frozen=True)
class Fact:
    subject: str                 # Entity.key
    predicate: str
    object: str | Quantity       # Entity.key or a quantity
    evidence: Evidence


@dataclass(frozen=True)
class ResolvedArticle:
    """What goes into one article's named graph."""
    article: Article
    subject: str | None          # Entity.key of the article's subject unit
    entities: tuple[Entity, ...]
    facts: tuple[Fact, ...]
    mentions: tuple[tuple[str, Evidence], ...] = field(default=())  # (Entity.key, where it is named)
