"""Copy a store to a SPARQL 1.1 server: one Graph Store PUT per changed graph.

What is sent: each article's named graph (its facts, evidence, metadata and content hash,
see :mod:`kg.endpoint`) and the ontology in its own graph ``<https://w3id.org/lgkg/ontology>``
with a hash of its file. What is skipped: every graph whose hash the server already holds,
read back from the server at the start of the push. A graph is recorded as pushed only by
the server holding it with its hash, and a PUT is applied whole or not at all, so a push
that is killed, or that fails for some graphs, is completed by running it again. Articles
the server holds and the store does not are left alone: several stores may share a server.
"""
from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from typing import Callable

import pyoxigraph as ox

from .endpoint import CONTENT_HASH, RemoteStore, article_triples
from .errors import EndpointError, StoreError
from .rdf import article_graph, plain
from .store import Store
from .validate import ONTOLOGY

ONTOLOGY_GRAPH = ox.NamedNode("https://w3id.org/lgkg/ontology")

Progress = Callable[[str, str], None]


@dataclass(frozen=True)
class PushReport:
    sent: int
    skipped: int
    failed: tuple[tuple[str, str], ...]   # (graph IRI, why)
    seconds: float

    def summary(self) -> str:
        lines = [f"graphs sent {self.sent}, skipped {self.skipped} (unchanged), "
                 f"failed {len(self.failed)} in {self.seconds:.2f} s"]
        lines += [f"failed: <{graph}>: {why}" for graph, why in self.failed]
        return "\n".join(lines)


def ontology_triples() -> tuple[str, list[ox.Triple]]:
    """The ontology file's hash and its triples, the hash among them."""
    try:
        data = ONTOLOGY.read_bytes()
        triples = [q.triple for q in ox.parse(data, format=ox.RdfFormat.TURTLE,
                                               base_iri=ONTOLOGY_GRAPH.value)]
    except (OSError, SyntaxError) as exc:
        raise StoreError(f"cannot read the ontology: {exc}", file=str(ONTOLOGY)) from None
    digest = hashlib.sha256(data).hexdigest()
    return digest, triples + [ox.Triple(ONTOLOGY_GRAPH, CONTENT_HASH, plain(digest))]


def local_article(store: Store, article_id: str) -> list[ox.Quad]:
    """The article's quads as the build wrote them (:meth:`kg.store.Store.article_quads`)."""
    return store.article_quads(article_id)


def push(store: Store, remote: RemoteStore, *, progress: Progress | None = None) -> PushReport:
    """Send every graph of ``store`` whose hash ``remote`` does not hold; see the module.

    An unreachable server fails the push at once (EndpointError); a graph the server
    refuses is reported and the others are still sent.
    """
    started = time.perf_counter()
    held = remote.manifest()
    sent = skipped = 0
    failed: list[tuple[str, str]] = []

    def send(graph: ox.NamedNode, digest: str, triples: Callable[[], list[ox.Triple]]) -> None:
        nonlocal sent, skipped
        if held.get(graph.value) == digest:
            skipped += 1
            event = "skipped"
        else:
            try:
                remote.put_graph(graph, triples())
            except EndpointError as exc:
                if exc.status is None and not failed and not sent:
                    raise  # the server is unreachable: saying so once beats N failures
                failed.append((graph.value, exc.message))
                event = "failed"
            else:
                sent += 1
                event = "sent"
        if progress is not None:
            progress(event, graph.value)

    digest, triples = ontology_triples()
    send(ONTOLOGY_GRAPH, digest, lambda: triples)
    for article_id in store.article_ids():
        article_hash = store.article_hash(article_id)
        send(article_graph(article_id), article_hash,
             lambda: article_triples(article_id, article_hash, local_article(store, article_id)))
    return PushReport(sent, skipped, tuple(failed), round(time.perf_counter() - started, 3))
