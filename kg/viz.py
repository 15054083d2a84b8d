"""The graph page: store → networkx → one self-contained, offline HTML page.

The page carries everything it needs: vis-network's script and stylesheet (the copies the
pyvis package ships) are inlined, the graph travels as JSON inside a
``<script type="application/json">`` block, and a Content-Security-Policy forbids every
request. Names come from arbitrary articles, so the JSON is escaped for the script context
(``<``, ``>``, ``&``, U+2028/U+2029 and lone surrogates become ``\\uXXXX``) and the page's
script puts text into the DOM only through ``textContent``.

Positions are computed here (a balloon tree per connected component, O(E log V)), so no
page runs a physics simulation. A graph above :data:`OVERVIEW_MIN_NODES` also carries its
overview: the units down to towns, each labelled with what lies under it, laid out the same
way; the page opens on it and draws neighbourhoods (laid out on rings by the page itself)
when one drills down. Every node carries its districts and the articles naming it, for the
page's filters, and the named queries that take one entity come split around its IRI.
"""
from __future__ import annotations

import base64
import hashlib
import heapq
import html
import json
import math
import os
import re
from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import networkx as nx
import pyoxigraph as ox
import pyvis
from pyvis.edge import Edge
from pyvis.node import Node

from .errors import LgkgError, UsageError
from .query import list_queries, with_values
from .model import ENTITY_KINDS, RELATIONS, UNIT_DEPTH, Evidence
from .store import write_atomically
from .rdf import DCTERMS, ONT, RDF, RDFS, SCHEMA, SKOS

# Up to this many nodes edges are drawn curved and hovering highlights; larger pages keep
# dragging and zooming smooth instead.
SMOOTH_MAX_NODES = 300

# Colour, vis-network shape and size per class; the legend draws the same colour and shape.
CLASS_STYLE: dict[str, tuple[str, str, int]] = {
    "Province": ("#6a3d9a", "hexagon", 30),
    "City": ("#1f78b4", "diamond", 26),
    "District": ("#33a02c", "square", 22),
    "Town": ("#e31a1c", "dot", 18),
    "Subdistrict": ("#fb6a4a", "dot", 18),
    "Village": ("#b15928", "dot", 12),
    "Community": ("#fd8d3c", "dot", 12),
    "Project": ("#1b9e77", "triangle", 14),
    "Company": ("#525252", "square", 12),
    "Honor": ("#d4a106", "star", 16),
    "Program": ("#7570b3", "triangleDown", 14),
}
OTHER_STYLE = ("#97c2fc", "dot", 10)
PROPERTY_COLOR: dict[str, str] = {
    "partOf": "#9e9e9e",
    "receivedHonor": "#d4a106",
    "locatedIn": "#1b9e77",
    "implements": "#7570b3",
    "operatedBy": "#525252",
}
OTHER_PROPERTY_COLOR = "#bdbdbd"
# Sentences shown per fact; a fact repeated by forty articles still says how many there are.
EVIDENCE_PER_FACT = 5

_TEMPLATE = Path(__file__).with_name("templates") / "graph.html"
_VIS = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"


class Queryable(Protocol):
    """What the page needs of a store: ``kg.store.Store.query`` (default graph = union)."""

    def query(self, sparql: str) -> Any: ...


@dataclass(frozen=True)
class PageStats:
    nodes: int
    edges: int
    bytes: int


# --- store → networkx -------------------------------------------------------------------

_KIND_VALUES = " ".join(f"ont:{k}" for k in ENTITY_KINDS)
_REL_VALUES = " ".join(f"ont:{p}" for p in RELATIONS)
_PREFIXES = (f"PREFIX ont: <{ONT}>\nPREFIX rdf: <{RDF}>\nPREFIX rdfs: <{RDFS}>\n"
             f"PREFIX skos: <{SKOS}>\nPREFIX dcterms: <{DCTERMS}>\nPREFIX schema: <{SCHEMA}>\n")

# Every pattern sits inside GRAPH ?g: in Oxigraph's union default graph a join matches each
# triple once per article graph that repeats it, so an entity named by forty articles would
# multiply its rows forty-fold; joined within one graph, it costs one row per article.
_ENTITIES = _PREFIXES + f"""
SELECT DISTINCT ?e ?kind ?label WHERE {{
  VALUES ?kind {{ {_KIND_VALUES} }}
  GRAPH ?g {{ ?e a ?kind . OPTIONAL {{ ?e rdfs:label ?label }} }}
}}"""
_ALIASES = _PREFIXES + "SELECT DISTINCT ?e ?alias WHERE { GRAPH ?g { ?e skos:altLabel ?alias } }"
# Literal properties (codes, investments, years) and counted figures, shown in the panel.
_ATTRIBUTES = _PREFIXES + f"""
SELECT DISTINCT ?e ?p ?value WHERE {{
  VALUES ?kind {{ {_KIND_VALUES} }}
  GRAPH ?g {{ ?e a ?kind ; ?p ?value . FILTER(isLiteral(?value) && STRSTARTS(STR(?p), STR(ont:))) }}
}}"""
_FIGURES = _PREFIXES + """
SELECT DISTINCT ?e ?value WHERE { ?e ont:hasFigure ?figure . ?figure rdfs:label ?value }"""
_FACTS = _PREFIXES + f"""
SELECT DISTINCT ?s ?p ?o WHERE {{
  VALUES ?p {{ {_REL_VALUES} }}
  GRAPH ?g {{ ?s ?p ?o . FILTER(isIRI(?o)) }}
}}"""
_EVIDENCE = _PREFIXES + f"""
SELECT DISTINCT ?s ?p ?o ?text ?start ?end ?article ?rule WHERE {{
  VALUES ?p {{ {_REL_VALUES} }}
  ?ev rdf:predicate ?p ; rdf:subject ?s ; rdf:object ?o ; ont:sentence ?said .
  ?said ont:startOffset ?start ; ont:endOffset ?end ; ont:article ?article .
  ?article schema:text ?whole .
  BIND (SUBSTR(?whole, ?start + 1, ?end - ?start) AS ?text)
  OPTIONAL {{ ?ev ont:rule ?rule }}
}}"""
# Which articles name each entity (the page filters by article): an article names what its
# sentences mention; the sentences stay in the store (a corpus of thousands of articles
# holds tens of thousands of them).
_NAMED_IN = _PREFIXES + """
SELECT DISTINCT ?e ?article WHERE { ?sentence schema:mentions ?e ; ont:article ?article }"""
# Articles are described in the default graph, outside every article graph.
_ARTICLES = _PREFIXES + """
SELECT ?article ?id (SAMPLE(?t) AS ?title) (SAMPLE(?d) AS ?date) WHERE {
  ?article a ont:Article ; dcterms:identifier ?id .
  OPTIONAL { ?article dcterms:title ?t }
  OPTIONAL { ?article dcterms:date ?d }
} GROUP BY ?article ?id"""


def _local(iri: str) -> str:
    """The last segment of an IRI.

    >>> _local("https://w3id.org/lgkg/ontology#partOf")
    'partOf'
    """
    return re.split(r"[#/]", iri)[-1]


def _value(term: Any) -> str:
    return "" if term is None else term.value


def _evidence_order(ev: Evidence) -> tuple[str, int, int, str]:
    return (ev.article_id, ev.start, ev.end, ev.text)


def to_networkx(store: Queryable) -> nx.MultiDiGraph:
    """The store's entities and entity-to-entity facts as a directed multigraph.

    Nodes are entity IRIs with ``label``, ``kind``, ``aliases``, ``attrs`` (literal
    properties such as ``divisionCode`` or ``totalInvestment``, and counted figures as
    ``figure``), ``named_in`` (the ids of the articles that name the entity) and
    ``articles`` (how many they are); edges are keyed by the property's local name and carry
    ``evidence``: :class:`kg.model.Evidence` sorted by article and offset.
    ``graph.graph["articles"]`` maps an article id to its title, ``graph.graph["dates"]``
    to its date ("" when unknown).
    """
    graph = nx.MultiDiGraph()
    articles: dict[str, tuple[str, str]] = {}
    dates: dict[str, str] = {}
    for row in store.query(_ARTICLES):
        articles[row["article"].value] = (row["id"].value, _value(row["title"]))
        dates[row["id"].value] = _value(row["date"])
    graph.graph["articles"] = dict(sorted(articles.values()))
    graph.graph["dates"] = dict(sorted(dates.items()))

    kinds: dict[str, str] = {}
    labels: dict[str, set[str]] = defaultdict(set)
    for row in store.query(_ENTITIES):
        iri, kind = row["e"].value, _local(row["kind"].value)
        # An entity typed twice keeps the first class in ENTITY_KINDS order.
        if iri not in kinds or ENTITY_KINDS.index(kind) < ENTITY_KINDS.index(kinds[iri]):
            kinds[iri] = kind
        if row["label"] is not None:
            labels[iri].add(row["label"].value)
    aliases: dict[str, set[str]] = defaultdict(set)
    for row in store.query(_ALIASES):
        aliases[row["e"].value].add(row["alias"].value)
    attrs: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for row in store.query(_ATTRIBUTES):
        attrs[row["e"].value].add((_local(row["p"].value), row["value"].value))
    for row in store.query(_FIGURES):
        attrs[row["e"].value].add(("figure", row["value"].value))
    named_in: dict[str, set[str]] = defaultdict(set)
    for row in store.query(_NAMED_IN):
        article = row["article"].value
        named_in[row["e"].value].add(articles.get(article, (_local(article),))[0])
    for iri in sorted(kinds):
        # Articles may disagree on a name; the label is the first canonical one, others are aliases.
        label = min(labels[iri], default=_local(iri))
        graph.add_node(iri, label=label, kind=kinds[iri],
                       aliases=tuple(sorted((labels[iri] | aliases[iri]) - {label})),
                       attrs=tuple(sorted(attrs.get(iri, ()))),
                       named_in=tuple(sorted(named_in[iri])), articles=len(named_in[iri]))

    evidence: dict[tuple[str, str, str], set[Evidence]] = defaultdict(set)
    for row in store.query(_EVIDENCE):
        article = row["article"].value
        key = (row["s"].value, _local(row["p"].value), row["o"].value)
        evidence[key].add(Evidence(article_id=articles.get(article, (_local(article),))[0],
                                   start=int(row["start"].value), end=int(row["end"].value),
                                   text=row["text"].value, rule=_value(row["rule"])))
    for row in store.query(_FACTS):
        s, p, o = row["s"].value, _local(row["p"].value), row["o"].value
        for iri in (s, o):
            if iri not in graph:  # a fact's end the store never typed is still drawn
                graph.add_node(iri, label=_local(iri), kind="", aliases=(), attrs=(),
                               named_in=(), articles=0)
        graph.add_edge(s, o, key=p, property=p,
                       evidence=tuple(sorted(evidence.get((s, p, o), ()), key=_evidence_order)))
    return graph


# --- neighbourhood ----------------------------------------------------------------------

def neighbourhood(graph: nx.MultiDiGraph, focus_label: str, depth: int) -> nx.MultiDiGraph:
    """The nodes within ``depth`` hops (either direction) of every node named ``focus_label``.

    The name matches a node's label or one of its aliases, exactly; several nodes may share
    it (two villages of the same name), and the view then holds all their surroundings.

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("a", label="白马村", aliases=())
    >>> g.add_node("b", label="青石镇", aliases=("青石",))
    >>> g.add_node("c", label="云溪县", aliases=())
    >>> g.add_edges_from([("a", "b", "partOf"), ("b", "c", "partOf")])
    ['partOf', 'partOf']
    >>> sorted(neighbourhood(g, "青石", 1).nodes)
    ['a', 'b', 'c']
    >>> sorted(neighbourhood(g, "白马村", 1).nodes)
    ['a', 'b']
    """
    if depth < 0:
        raise UsageError(f"--depth must be 0 or more, not {depth}")
    wanted = focus_label.strip()
    seeds = [n for n, d in graph.nodes(data=True)
             if d.get("label") == wanted or wanted in d.get("aliases", ())]
    if not seeds:
        raise UsageError(f"no entity is named {wanted!r}")
    undirected = graph.to_undirected(as_view=True)
    seen = set(seeds)
    frontier = list(seeds)
    for _ in range(depth):
        frontier = [m for n in frontier for m in undirected.neighbors(n) if m not in seen]
        seen.update(frontier)
    return graph.subgraph(seen).copy()


# --- hierarchy and overview ---------------------------------------------------------------

# Above this many nodes the page opens on the administrative overview: drawn whole, a
# county's graph is one knot around the honours its villages share.
OVERVIEW_MIN_NODES = 500
OVERVIEW_KINDS = ("Province", "City", "District", "Town", "Subdistrict")
# The overview's first paint stays a few hundred nodes: past this it stops a level higher.
OVERVIEW_MAX_DRAWN = 400
# What an overview node counts under it, in label order, with the word its label uses.
OVERVIEW_COUNTS = (("City", "市"), ("District", "区县"), ("Town", "镇"), ("Subdistrict", "街道"),
                   ("Village", "村"), ("Community", "社区"), ("Project", "项目"), ("Honor", "荣誉"))
# Edges that place a non-unit entity in the units it belongs to.
_HOME_EDGES = {"Project": ("locatedIn", "out"), "Honor": ("receivedHonor", "in"),
               "Program": ("implements", "in"), "Company": ("operatedBy", "in")}


@dataclass(frozen=True)
class Hierarchy:
    """Each unit's direct parent, and the units every entity belongs to."""

    parent: dict[Hashable, Hashable]
    homes: dict[Hashable, frozenset[Hashable]]

    def chain(self, unit: Hashable) -> list[Hashable]:
        """``unit`` and the units above it, nearest first."""
        out = [unit]
        while out[-1] in self.parent and self.parent[out[-1]] not in out:
            out.append(self.parent[out[-1]])
        return out

    def above(self, node: Hashable) -> set[Hashable]:
        """Every unit that ``node`` is in or under."""
        return {u for home in self.homes.get(node, ()) for u in self.chain(home)}


def hierarchy(graph: nx.MultiDiGraph) -> Hierarchy:
    """Parents along ``partOf`` and homes along the edges that place an entity.

    A unit stated part of several units (a village ``partOf`` both its town and its
    district) hangs from the lowest of them. A unit's home is itself; a project's the units
    it is located in (through a park it is located in); an honour's or a program's the
    units holding it; a company's the homes of the projects it runs.

    >>> g = nx.MultiDiGraph()
    >>> for n, kind in [("d", "District"), ("t", "Town"), ("v", "Village"), ("h", "Honor")]:
    ...     g.add_node(n, kind=kind, label=n)
    >>> g.add_edges_from([("v", "t", "partOf"), ("v", "d", "partOf"), ("t", "d", "partOf"),
    ...                   ("v", "h", "receivedHonor")])
    ['partOf', 'partOf', 'partOf', 'receivedHonor']
    >>> h = hierarchy(g)
    >>> h.parent["v"], h.chain("v"), sorted(h.above("h"))
    ('t', ['v', 't', 'd'], ['d', 't', 'v'])
    """
    kind = {n: d.get("kind", "") for n, d in graph.nodes(data=True)}
    parent: dict[Hashable, Hashable] = {}
    for u, v, key in graph.edges(keys=True):
        depth_u, depth_v = UNIT_DEPTH.get(kind[u]), UNIT_DEPTH.get(kind[v])
        if key != "partOf" or depth_u is None or depth_v is None or depth_v >= depth_u:
            continue
        if u not in parent or (-depth_v, str(v)) < (-UNIT_DEPTH[kind[parent[u]]], str(parent[u])):
            parent[u] = v
    homes: dict[Hashable, frozenset[Hashable]] = {n: frozenset({n}) for n in graph if kind[n] in UNIT_DEPTH}

    def home_of(node: Hashable, seen: frozenset[Hashable]) -> frozenset[Hashable]:
        if node in homes:
            return homes[node]
        prop, way = _HOME_EDGES.get(kind[node], ("", ""))
        edges = (graph.out_edges(node, keys=True) if way == "out" else
                 ((v, u, k) for u, v, k in graph.in_edges(node, keys=True)))
        found: set[Hashable] = set()
        for _, other, key in edges:
            if key == prop and other not in seen:
                found |= home_of(other, seen | {node})
        homes[node] = frozenset(found)
        return homes[node]

    # Projects first: a company's home is where its projects are.
    for node in sorted(graph, key=lambda n: (kind[n] == "Company", str(n))):
        home_of(node, frozenset())
    return Hierarchy(parent=parent, homes=homes)


def overview(graph: nx.MultiDiGraph, tree: Hierarchy
             ) -> tuple[nx.MultiDiGraph, dict[Hashable, dict[str, int]]]:
    """The units down to towns and subdistricts (fewer levels when they are too many, see
    :func:`_overview_units`), each hung from its parent, and what each
    holds under it: how many entities of every class in :data:`OVERVIEW_COUNTS`.

    Shared concepts appear only as counts: an honour two hundred villages hold is one more
    in each of their towns' counts, never a node pulling them together. A unit with neither
    parent nor child among these is left out: scattered by the hundred, such towns would
    bury the tree (search and the table still find them).
    """
    units = _overview_units(graph, tree)
    view = nx.MultiDiGraph()
    for n in units:
        view.add_node(n, **graph.nodes[n])
    for n in units:
        if tree.parent.get(n) in view:
            view.add_edge(n, tree.parent[n], key="partOf")
    counted = {kind for kind, _ in OVERVIEW_COUNTS}
    held: dict[Hashable, dict[str, set[Hashable]]] = {n: defaultdict(set) for n in units}
    for n, d in graph.nodes(data=True):
        if d.get("kind") in counted:
            for unit in tree.above(n) - {n}:
                if unit in held:
                    held[unit][d["kind"]].add(n)
    counts = {n: {kind: len(held[n][kind]) for kind, _ in OVERVIEW_COUNTS if held[n][kind]}
              for n in units}
    return view, counts


def _overview_units(graph: nx.MultiDiGraph, tree: Hierarchy) -> list[Hashable]:
    """The units the overview draws: every level down to towns while they number at most
    :data:`OVERVIEW_MAX_DRAWN`, else one level less, and so on (the levels left out are
    counted on their parents and come back when one expands a unit).

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("d", kind="District")
    >>> for i in range(OVERVIEW_MAX_DRAWN):
    ...     g.add_node(i, kind="Town"); _ = g.add_edge(i, "d", key="partOf")
    >>> _overview_units(g, hierarchy(g))
    ['d']
    """
    kinds = set(OVERVIEW_KINDS)
    while True:
        units = [n for n, d in graph.nodes(data=True) if d.get("kind") in kinds]
        placed = {n for n in units if tree.parent.get(n) in units}
        placed |= {tree.parent[n] for n in placed}
        units = [n for n in units if n in placed] or units
        deepest = max(UNIT_DEPTH[k] for k in kinds)
        if len(units) <= OVERVIEW_MAX_DRAWN or len({UNIT_DEPTH[k] for k in kinds}) == 1:
            return units
        kinds = {k for k in kinds if UNIT_DEPTH[k] < deepest}


def count_label(label: str, counts: dict[str, int]) -> str:
    """An overview node's label: its name over what it holds.

    >>> count_label("青石镇", {"Village": 14, "Project": 6, "Honor": 3})
    '青石镇\\n14 村 · 6 项目 · 3 荣誉'
    >>> count_label("云溪县", {"Town": 9, "Subdistrict": 2, "Village": 80, "Project": 31})
    '云溪县\\n9 镇 · 2 街道 · 80 村\\n31 项目'
    """
    words = dict(OVERVIEW_COUNTS)
    parts = [f"{counts[kind]} {words[kind]}" for kind, _ in OVERVIEW_COUNTS if counts.get(kind)]
    # Three counts a line keep the label about as wide as a name.
    lines = [" · ".join(parts[i:i + 3]) for i in range(0, len(parts), 3)]
    return "\n".join([label, *lines])


# --- layout -------------------------------------------------------------------------------

# Honours and programmes are shared by many units: a tree grown along them would hang whole
# villages off a famous title, so they only link what the hierarchy leaves unconnected.
_WEAK = frozenset({"receivedHonor", "implements"})
_WEAK_COST = 10_000
_LEAF = 26.0       # radius a lone node and its label need
_PAD = 8.0         # space between neighbouring subtrees on a ring
_MIN_RING = 110.0  # smallest distance from a node to its children
_MARGIN = 120.0    # space between packed components


def _rank(kind: str) -> int:
    """Where a class sits when choosing a tree's root: higher units first.

    >>> _rank("Province") < _rank("Town") < _rank("Honor")
    True
    """
    return UNIT_DEPTH.get(kind, 9)


def layout(graph: nx.MultiDiGraph) -> dict[Hashable, tuple[float, float]]:
    """Deterministic positions: a balloon tree per connected component, components packed.

    Each component is rooted at its highest unit (or below a chain of single units) and spanned along the hierarchy first
    (``partOf``, ``locatedIn``, ``operatedBy``), honours and programmes last. Every node's
    children sit on a circle around it, each subtree given an arc as wide as the subtree,
    so a town and its villages form one cluster. Runs in O(E log V).

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("t", kind="Town", label="青石镇")
    >>> for v in ("白马村", "红岩村"):
    ...     _ = g.add_edge(v, "t", key="partOf")
    ...     g.nodes[v].update(kind="Village", label=v)
    >>> pos = layout(g)
    >>> round(math.dist(pos["t"], pos["白马村"])), round(math.dist(pos["t"], pos["红岩村"]))
    (110, 110)
    """
    cost: dict[Hashable, dict[Hashable, int]] = {n: {} for n in graph}
    for u, v, key in graph.edges(keys=True):
        if u != v:
            c = _WEAK_COST if key in _WEAK else 1
            for a, b in ((u, v), (v, u)):
                cost[a][b] = min(c, cost[a].get(b, c))

    def order(n: Hashable) -> tuple[int, int, str, str]:
        data = graph.nodes[n]
        return (_rank(data.get("kind", "")), -len(cost[n]), str(data.get("label", "")), str(n))

    rank = {n: i for i, n in enumerate(sorted(graph, key=order))}
    level = {n: _rank(d.get("kind", "")) for n, d in graph.nodes(data=True)}
    settled: set[Hashable] = set()
    components = []
    for root in sorted(graph, key=rank.__getitem__):
        if root not in settled:
            components.append(_balloon(root, cost, rank, level, settled))
    return _pack(components)


def _balloon(root: Hashable, cost: dict[Hashable, dict[Hashable, int]], rank: dict[Hashable, int],
             level: dict[Hashable, int], settled: set[Hashable]) -> dict[Hashable, tuple[float, float]]:
    """Lay out ``root``'s component: a cheapest-path tree, then circles of subtrees.

    A root with a single unit below it (a province above one city above one county) would
    stand at the end of a long spoke; the tree is grown again from that unit, and the chain
    above it is drawn as one short branch.
    """
    visit, children = _tree(root, cost, rank)
    while True:
        below = [k for k in children[root] if level[k] > level[root]]
        if len(below) != 1:
            break
        root = below[0]
        visit, children = _tree(root, cost, rank)
    settled.update(visit)
    # Children are settled after their parents, so the reversed visit sees subtrees first.
    radius: dict[Hashable, float] = {}
    ring: dict[Hashable, float] = {}
    for node in reversed(visit):
        kids = children[node]
        if not kids:
            radius[node] = _LEAF
            continue
        widest = max(radius[k] for k in kids)
        ring[node] = max(_MIN_RING, sum(radius[k] + _PAD for k in kids) / math.pi, widest + _LEAF)
        radius[node] = ring[node] + widest
    positions = {root: (0.0, 0.0)}
    back = {root: math.pi / 2}
    for node in visit:
        kids = children[node]
        if not kids:
            continue
        r = ring[node]
        shares = [2 * (radius[k] + _PAD) / r for k in kids]
        # The unused part of the circle faces the parent, so subtrees grow outwards.
        angle = back[node] + (2 * math.pi - sum(shares)) / 2
        x, y = positions[node]
        for kid, share in zip(kids, shares):
            theta = angle + share / 2
            positions[kid] = (x + r * math.cos(theta), y + r * math.sin(theta))
            back[kid] = theta + math.pi
            angle += share
    _pull_in_ancestors(root, children, positions, level)
    return positions


def _pull_in_ancestors(root: Hashable, children: dict[Hashable, list[Hashable]],
                       positions: dict[Hashable, tuple[float, float]], level: dict[Hashable, int]) -> None:
    """Bring the units above a re-rooted tree (its city, its province) next to the root.

    They share the root's circle with its widest subtree, so they would stand at the end of
    a long spoke; moved along the spoke to the nearest spot where they touch no other node.
    """
    for kid in children[root]:
        if level[kid] >= level[root]:
            continue
        chain = [kid]
        while len(children[chain[-1]]) == 1:
            chain.append(children[chain[-1]][0])
        if children[chain[-1]]:
            continue
        (x0, y0), (x, y) = positions[root], positions[kid]
        far = math.dist((x0, y0), (x, y))
        others = [p for n, p in positions.items() if n not in chain]
        step = _MIN_RING
        while step < far:
            dx, dy = (x - x0) * (step / far - 1), (y - y0) * (step / far - 1)
            moved = [(positions[n][0] + dx, positions[n][1] + dy) for n in chain]
            if all(math.dist(m, o) > 2 * _LEAF for m in moved for o in others):
                for n, m in zip(chain, moved):
                    positions[n] = m
                break
            step += _LEAF


def _tree(root: Hashable, cost: dict[Hashable, dict[Hashable, int]], rank: dict[Hashable, int]
          ) -> tuple[list[Hashable], dict[Hashable, list[Hashable]]]:
    """The cheapest-path tree from ``root``: nodes in the order reached, children of each."""
    children: dict[Hashable, list[Hashable]] = defaultdict(list)
    visit: list[Hashable] = []
    reached: set[Hashable] = set()
    heap: list[tuple[int, int, Hashable, Hashable | None]] = [(0, rank[root], root, None)]
    while heap:
        dist, _, node, parent = heapq.heappop(heap)
        if node in reached:
            continue
        reached.add(node)
        visit.append(node)
        if parent is not None:
            children[parent].append(node)
        for other, c in cost[node].items():
            if other not in reached:
                heapq.heappush(heap, (dist + c, rank[other], other, node))
    return visit, children


def _pack(components: list[dict[Hashable, tuple[float, float]]]) -> dict[Hashable, tuple[float, float]]:
    """Shelf-pack the components' bounding boxes, largest first, into a block about as wide
    as the page's graph area (square: filters left, panel right), so lone nodes sit beside
    the graph rather than far out at a corner."""
    if not components:
        return {}
    boxes = []
    for local in components:
        xs = [p[0] for p in local.values()]
        ys = [p[1] for p in local.values()]
        # A label is wider than its node: a column of single units still needs a ring's width.
        pad = max(_LEAF, _MIN_RING - (max(xs) - min(xs)) / 2)
        boxes.append((min(xs) - pad, min(ys) - _LEAF, max(xs) + pad, max(ys) + _LEAF))
    order = sorted(range(len(components)),
                   key=lambda i: -(boxes[i][2] - boxes[i][0]) * (boxes[i][3] - boxes[i][1]))
    area = sum((b[2] - b[0] + _MARGIN) * (b[3] - b[1] + _MARGIN) for b in boxes)
    row_width = max(max(b[2] - b[0] for b in boxes), math.sqrt(area))
    positions: dict[Hashable, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for i in order:
        left, top, right, bottom = boxes[i]
        if x and x + right - left > row_width:
            x, y, row_height = 0.0, y + row_height + _MARGIN, 0.0
        for node, (px, py) in components[i].items():
            positions[node] = (round(px - left + x, 1), round(py - top + y, 1))
        x += right - left + _MARGIN
        row_height = max(row_height, bottom - top)
    return positions


# --- networkx → page ----------------------------------------------------------------------

_SCRIPT_UNSAFE = re.compile("[<>&\u2028\u2029\ud800-\udfff]")


def script_json(value: Any) -> str:
    """JSON that can sit inside a ``<script>`` element whatever its strings hold.

    >>> script_json({"name": "</script><b>&"})
    '{"name":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    >>> json.loads(script_json(["a\\u2028b"])) == ["a\\u2028b"]
    True
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return _SCRIPT_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _page_data(graph: nx.MultiDiGraph, title: str) -> dict[str, Any]:
    nodes = sorted(graph.nodes)
    ids = {n: i for i, n in enumerate(nodes)}
    positions = layout(graph)
    tree = hierarchy(graph)
    catalogue = _catalogue(graph)
    article_index = {row[0]: i for i, row in enumerate(catalogue)}
    importance = _importance(graph)
    # pyvis's Node and Edge build the vis-network items. Network.add_node/add_edge would
    # too, but they look every id up in a list: quadratic, seconds at a few thousand nodes.
    vis_nodes = []
    for n in nodes:
        data = graph.nodes[n]
        kind = data.get("kind", "")
        color, shape, size = CLASS_STYLE.get(kind, OTHER_STYLE)
        x, y = positions[n]
        districts = sorted(ids[u] for u in tree.above(n) if graph.nodes[u].get("kind") == "District")
        vis_nodes.append(Node(ids[n], shape, label=str(data.get("label", n)), color=color,
                              size=size, x=x, y=y, kind=kind, iri=str(n),
                              aliases=list(data.get("aliases", ())),
                              attrs=[list(a) for a in data.get("attrs", ())],
                              articles=data.get("articles", 0), rank=importance[n],
                              districts=districts,
                              named_in=sorted(article_index[a] for a in data.get("named_in", ())
                                              if a in article_index)).options)
    # One sentence often states several facts (a unit, its parent and its honour): the
    # page holds each sentence once and each fact points at it with the rule that read it.
    sentences: dict[tuple[str, int, int, str], int] = {}
    rules: dict[str, int] = {}
    vis_edges = []
    edges = sorted(graph.edges(keys=True, data=True), key=lambda e: (ids[e[0]], ids[e[1]], str(e[2])))
    edge_ids = {}
    for i, (s, o, key, data) in enumerate(edges):
        prop = str(data.get("property", key))
        edge_ids.setdefault((s, o, key), i)
        evidence = data.get("evidence", ())
        refs = [[sentences.setdefault((ev.article_id, ev.start, ev.end, ev.text), len(sentences)),
                 rules.setdefault(ev.rule, len(rules))] for ev in evidence[:EVIDENCE_PER_FACT]]
        vis_edges.append(Edge(ids[s], ids[o], True, id=i, label=prop, prop=prop,
                              color=PROPERTY_COLOR.get(prop, OTHER_PROPERTY_COLOR), ev=refs,
                              evn=len(evidence)).options)
    kinds = _counts(graph.nodes[n].get("kind", "") for n in nodes)
    props = _counts(str(d.get("property", k)) for _, _, k, d in edges)
    articles = graph.graph.get("articles", {})
    return {
        "title": title,
        "nodes": vis_nodes,
        "edges": vis_edges,
        "overview": (_overview_data(graph, tree, ids, edge_ids)
                     if len(nodes) > OVERVIEW_MIN_NODES else None),
        "sentences": [{"article": a, "start": start, "end": end, "text": text}
                      for a, start, end, text in sentences],
        "rules": list(rules),
        "articles": {a: articles[a] for a in sorted({key[0] for key in sentences}) if a in articles},
        "catalogue": catalogue,
        "queries": _query_templates(),
        "classes": [{"name": k, "color": CLASS_STYLE.get(k, OTHER_STYLE)[0],
                     "shape": CLASS_STYLE.get(k, OTHER_STYLE)[1], "count": c}
                    for k, c in sorted(kinds.items(), key=lambda kc: _class_order(kc[0]))],
        "properties": [{"name": p, "color": PROPERTY_COLOR.get(p, OTHER_PROPERTY_COLOR), "count": c}
                       for p, c in sorted(props.items(), key=lambda pc: _property_order(pc[0]))],
        "options": _vis_options(len(nodes)),
        "smoothMaxNodes": SMOOTH_MAX_NODES,
    }


def _catalogue(graph: nx.MultiDiGraph) -> list[list[str]]:
    """Every article named by a node, as [id, title, date], oldest first."""
    titles, dates = graph.graph.get("articles", {}), graph.graph.get("dates", {})
    named = {a for _, d in graph.nodes(data=True) for a in d.get("named_in", ())}
    return sorted(([a, titles.get(a, ""), dates.get(a, "")] for a in named),
                  key=lambda row: (row[2], row[0]))


def _importance(graph: nx.MultiDiGraph) -> dict[Hashable, int]:
    """0 for the node whose label matters most: higher units first, then more facts."""
    def key(n: Hashable) -> tuple[int, int, str, str]:
        data = graph.nodes[n]
        return (_rank(data.get("kind", "")), -graph.degree(n), str(data.get("label", "")), str(n))

    return {n: i for i, n in enumerate(sorted(graph, key=key))}


def _overview_data(graph: nx.MultiDiGraph, tree: Hierarchy, ids: dict[Hashable, int],
                   edge_ids: dict[tuple[Hashable, Hashable, str], int]) -> dict[str, Any]:
    view, counts = overview(graph, tree)
    positions = layout(view)
    return {
        "unplaced": sum(1 for _, d in graph.nodes(data=True)
                        if d.get("kind") in {k for _, k in view.nodes(data="kind")}) - len(view),
        "nodes": [[ids[n], count_label(str(graph.nodes[n].get("label", n)), counts[n]), *positions[n]]
                  for n in sorted(view, key=ids.__getitem__)],
        # The tree's edges are the graph's own partOf facts, so clicking one shows its evidence.
        "edges": sorted(edge_ids[(u, v, "partOf")] for u, v in view.edges()),
    }


# The page shows each entity's named queries with the entity's IRI bound, ready to copy.
_IRI_SLOT = "urn:lgkg:bound-entity"


def _query_templates() -> list[dict[str, Any]]:
    """Each one-parameter named query split around the IRI the page binds its parameter to.

    ``kg.query.with_values`` writes the binding, so the copied text is the query ``kg query``
    runs; the IRI itself comes from the store, where it is already a valid IRI.
    """
    out = []
    for q in list_queries():
        if len(q.params) != 1:
            continue
        param = q.params[0].name
        before, after = with_values(q.text, {param: ox.NamedNode(_IRI_SLOT)}).split(f"<{_IRI_SLOT}>")
        out.append({"name": q.name, "param": param, "description": q.description,
                    "units": param == "unit", "before": before, "after": after})
    return out


def _counts(items: Iterable[str]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for item in items:
        counts[item] += 1
    return dict(counts)


def _class_order(kind: str) -> tuple[int, str]:
    return (ENTITY_KINDS.index(kind) if kind in ENTITY_KINDS else len(ENTITY_KINDS), kind)


def _property_order(prop: str) -> tuple[int, str]:
    return (RELATIONS.index(prop) if prop in RELATIONS else len(RELATIONS), prop)


# Canvas labels need a CJK face by name; the first one installed wins.
_FONT = "system-ui, Noto Sans CJK SC, WenQuanYi Zen Hei, PingFang SC, Microsoft YaHei, sans-serif"


def _vis_options(node_count: int) -> dict[str, Any]:
    # No physics: a simulation flings loose nodes to the edges and needs tens of seconds for
    # thousands of nodes; every view is laid out in advance (here, or by the page for a
    # neighbourhood). The page sizes labels itself; below drawThreshold pixels none is drawn.
    small = node_count <= SMOOTH_MAX_NODES
    label_scaling = {"label": {"enabled": False, "drawThreshold": 9, "maxVisible": 40}}
    return {
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},
        "nodes": {"font": {"size": 14, "face": _FONT, "strokeWidth": 3, "strokeColor": "#ffffff"},
                  "borderWidth": 1, "scaling": label_scaling},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
                  "font": {"size": 10, "align": "middle", "color": "#555"},
                  "scaling": label_scaling,
                  "smooth": {"enabled": small, "type": "continuous"}},
        "interaction": {"hover": small, "hideEdgesOnDrag": not small,
                        "hideEdgesOnZoom": not small, "tooltipDelay": 200},
    }


def _asset(name: str) -> str:
    text = (_VIS / name).read_text(encoding="utf-8")
    # The map is not shipped; a relative URL would make devtools request it from the page's folder.
    text = re.sub(r"^//# sourceMappingURL=.*$", "", text, flags=re.M)
    if re.search(r"</(script|style)", text, re.I):
        raise LgkgError(f"{_VIS / name} cannot be inlined: it closes its own element")
    return text


_SLOT = re.compile(r"\{\{(TITLE|CSP|VIS_CSS|VIS_JS|DATA)\}\}")
_PAGE_SCRIPT = re.compile(r"<script>(?!\{\{)(.*?)</script>", re.S)


def _policy(scripts: Iterable[str]) -> str:
    """A Content-Security-Policy that runs exactly ``scripts`` and loads nothing.

    Hashes rather than 'unsafe-inline': should markup ever slip into the page, its inline
    handlers (``onerror=…``) and scripts still would not run.

    >>> _policy(["1"]).split("; ")[:2]
    ["default-src 'none'", "script-src 'sha256-a4ayc/80/OGda4BO/1o/V0etpOqiLx1JwB5S3beHW0s='"]
    """
    hashes = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'"
                      for s in scripts)
    return (f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; "
            "img-src data:; font-src data:")


def to_html(graph: nx.MultiDiGraph, *, title: str = "lgkg knowledge graph") -> str:
    """The whole page for ``graph`` as one string (no external resource)."""
    template = _TEMPLATE.read_text(encoding="utf-8")
    vis_js = _asset("vis-network.min.js")
    slots = {
        "TITLE": html.escape(title),
        "CSP": _policy([vis_js, *_PAGE_SCRIPT.findall(template)]),
        "VIS_CSS": _asset("vis-network.css"),
        "VIS_JS": vis_js,
        "DATA": script_json(_page_data(graph, title)),
    }
    # One pass, so a name that spells a slot marker is never expanded.
    return _SLOT.sub(lambda m: slots[m.group(1)], template)


def write_html(store: Queryable, path: str | os.PathLike[str], *, focus: str | None = None,
               depth: int = 2) -> PageStats:
    """Write the store's graph, or the ``depth``-hop neighbourhood of ``focus``, to ``path``.

    The file is written to a temporary name beside ``path`` and renamed, so a reader never
    sees half a page.
    """
    graph = to_networkx(store)
    title = "lgkg knowledge graph"
    if focus is not None:
        graph = neighbourhood(graph, focus, depth)
        title = f"lgkg: {focus.strip()} (depth {depth})"
    page = to_html(graph, title=title).encode("utf-8")
    write_atomically(path, page)
    return PageStats(nodes=graph.number_of_nodes(), edges=graph.number_of_edges(), bytes=len(page))
