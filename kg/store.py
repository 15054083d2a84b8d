"""The store: an Oxigraph database on disk, one named graph per article, one writer at a time.

Locking: ``<store>/lgkg.lock`` is held with ``flock`` for as long as a ``Store`` is open —
exclusively by a writer (which writes its pid into the file), shared by readers. Oxigraph
calls reading a database that another process writes undefined behaviour, so a reader
facing a writer, or a writer facing a reader or writer, fails at once with
StoreLockedError instead of waiting or reading a moving target. The lock dies with its
process, so a killed build never leaves the store locked.

Writes: articles arrive as N-Quads (:func:`kg.rdf.to_nquads` or :func:`encode_article`,
made where the quads are made)
and :meth:`Store.replace_articles` loads every article new to the store together, with
Oxigraph's bulk loader: it writes sorted files beside the database and hands them to
RocksDB in one ingestion (all indexes at once, so all or nothing), at half the CPU of a
transaction; an article that replaces a stored one is one SPARQL Update request, which Oxigraph runs in
a single transaction: the old graph and metadata disappear and the new ones appear
together, or nothing changes.

Exports are deterministic (quads sorted, prefixes in a fixed order) and atomic (written to
a temporary file in the target directory, then renamed over the target).
"""
from __future__ import annotations

import fcntl
import os
import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Mapping, Sequence

import pyoxigraph as ox

from .errors import QueryError, StoreError, StoreLockedError
from .rdf import ID, PREFIXES, article_graph, article_iri, ont, plain, quad_sort_key

if TYPE_CHECKING:
    import rdflib

LOCK_NAME = "lgkg.lock"
FORMATS = {"turtle": ox.RdfFormat.TURTLE, "trig": ox.RdfFormat.TRIG,
           "nquads": ox.RdfFormat.N_QUADS, "ntriples": ox.RdfFormat.N_TRIPLES,
           "jsonld": ox.RdfFormat.JSON_LD}
# Formats without named graphs get the union of all graphs (each triple once).
_TRIPLE_FORMATS = frozenset({"turtle", "ntriples"})
_CONTENT_HASH = ont("contentHash")
_SOURCE_DIGEST = ont("sourceDigest")
_IDENTIFIER = ox.NamedNode("http://purl.org/dc/terms/identifier")
_SOURCE = ox.NamedNode("http://purl.org/dc/terms/source")
_ARTICLE, _SENTENCE = ont("article"), ont("sentence")
_OWNED_KINDS = ("sentence", "evidence", "figure")
# The default-graph nodes an article owns, as kg.rdf links them to it (a sentence by
# lgkg:article, evidence and figures by lgkg:sentence); ?article is the article's IRI.
_OWNED_NODES = """
  { ?node <https://w3id.org/lgkg/ontology#article> ?article }
  UNION { ?sentence <https://w3id.org/lgkg/ontology#article> ?article .
          ?node <https://w3id.org/lgkg/ontology#sentence> ?sentence }
"""
Progress = Callable[[Iterable[ox.Quad], int], Iterable[ox.Quad]]
# Below this many bytes written, closing keeps RocksDB's write-ahead log (about what was
# written) for the next open to drop, instead of reopening the store now to drop it
# (0.1-0.25 s): a rebuild that changed nothing or a few articles need not pay for it.
KEEP_LOG_BYTES = 1_000_000
# The bulk loader ingests up to 1,000,000 quads at once; past that it ingests in parts, and
# a failure could leave some of them. Under this many bytes of N-Quads (a quad takes 40 or
# more) a load is one ingestion; a larger one goes through a transaction instead.
BULK_LOAD_BYTES = 32_000_000


class _Scope:
    """What one article may write: its named graph, and in the default graph the triples
    about the article, its graph and the nodes it owns (IRIs under
    ``<ID>sentence|evidence|figure/<article>/``, see :mod:`kg.rdf`), or pointing at one."""

    def __init__(self, article_id: str):
        self.article_id = article_id
        self.graph, self.article = article_graph(article_id), article_iri(article_id)
        path = self.article.value[len(ID + "article/"):]
        self.owned = tuple(f"{ID}{kind}/{path}/" for kind in _OWNED_KINDS)

    def owns(self, node) -> bool:
        return isinstance(node, ox.NamedNode) and node.value.startswith(self.owned)

    def check(self, quad: ox.Quad) -> bool:
        in_default = isinstance(quad.graph_name, ox.DefaultGraph)
        if (quad.graph_name != self.graph and not in_default) or (
                in_default and quad.subject not in (self.article, self.graph)
                and not self.owns(quad.subject) and not self.owns(quad.object)):
            raise StoreError(f"quad outside the article's graph and metadata: {quad}",
                             article=self.article_id)
        return in_default


def in_article(quad: ox.Quad, article_id: str) -> bool:
    """Check that ``quad`` lies in the article's graph or, in the default graph, describes
    the article, its graph or a node the article owns, or points at such a node (anything
    else would survive the article's next replacement); true when it is in the default
    graph.

    >>> q = ox.Quad(article_iri("a-0"), _IDENTIFIER, ox.Literal("a-0"), ox.DefaultGraph())
    >>> in_article(q, "a-0")
    True
    """
    return _Scope(article_id).check(quad)


def _check_reachable(scope: _Scope, links: Mapping[object, list[tuple[object, object]]],
                     article: object, article_p: object, sentence_p: object) -> None:
    # The store finds an article's owned nodes by following links from the article
    # (_OWNED_NODES); a node it could not reach would outlive the article. ``links`` maps
    # each owned node to its (predicate, object) pairs, terms as pyoxigraph terms or as
    # N-Triples text (then ``article`` and the predicates are given the same way).
    sentences = {n for n, po in links.items() if (article_p, article) in po}
    linked = {n for n, po in links.items()
              if any(p == sentence_p and o in sentences for p, o in po)}
    for node in links.keys() - sentences - linked:
        raise StoreError(f"{node} is not reachable from the article (a sentence names it with "
                         "lgkg:article, evidence and figures their sentence with lgkg:sentence)",
                         article=scope.article_id)


# One N-Quads line as kg.rdf and pyoxigraph write them: subject, predicate, object (its text
# kept when it is an IRI) and graph; nothing but single spaces between terms.
_IRI = r'<[^<>"{}|^`\\\x00-\x20]*>'
_LINE = re.compile(rf'({_IRI}|_:\S+) ({_IRI}) (?:({_IRI})|_:\S+|"(?:[^"\\\n\r]|\\.)*"'
                   rf'(?:@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*|\^\^{_IRI})?)(?: ({_IRI}))? \.')


def _check_nquads(scope: _Scope, data: bytes) -> bytes:
    """:func:`encode_article` for N-Quads bytes, line by line without making a Python object
    per term (a third of the time of parsing them); a line of another shape is refused, and
    Oxigraph still parses every byte when the store loads them."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise StoreError(f"the article's quads are not UTF-8: {exc}", article=scope.article_id) from None
    graph, article = f"<{scope.graph.value}>", f"<{scope.article.value}>"
    owned = tuple("<" + prefix for prefix in scope.owned)
    content_hash = f"<{_CONTENT_HASH.value}>"
    links: dict[str, list[tuple[str, str | None]]] = {}
    dropped = []
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    for number, line in enumerate(lines):
        m = _LINE.fullmatch(line)
        if m is None:
            raise StoreError(f"cannot read the article's quads, line {number + 1}: {line[:200]}",
                             article=scope.article_id)
        s, p, o, g = m.groups()
        if g is not None:
            if g != graph:
                raise StoreError(f"quad outside the article's graph and metadata: {line}",
                                 article=scope.article_id)
        elif s.startswith(owned):
            links.setdefault(s, []).append((p, o))
        elif s == article and p == content_hash:
            dropped.append(number)
        elif s != article and s != graph and not (o is not None and o.startswith(owned)):
            raise StoreError(f"quad outside the article's graph and metadata: {line}",
                             article=scope.article_id)
    _check_reachable(scope, links, article, f"<{_ARTICLE.value}>", f"<{_SENTENCE.value}>")
    if not dropped:
        return data
    for number in reversed(dropped):
        del lines[number]
    return "".join(line + "\n" for line in lines).encode("utf-8")


def encode_article(article_id: str, quads: Iterable[ox.Quad] | bytes) -> bytes:
    """An article's quads (or N-Quads, as :func:`kg.rdf.to_nquads` writes them) as N-Quads
    for :meth:`Store.replace_articles`, each checked by :func:`in_article`, and every node
    the article owns reachable from it. A content hash among them is dropped: the store
    records its own.

    Runs where the quads are made (a build's worker processes), so the single writer only
    moves bytes.
    """
    scope = _Scope(article_id)
    if isinstance(quads, bytes):
        return _check_nquads(scope, quads)
    kept = []
    links: dict[ox.NamedNode, list[tuple[ox.NamedNode, object]]] = {}
    for q in quads:
        if scope.check(q):
            if q.predicate == _CONTENT_HASH:
                continue
            if scope.owns(q.subject):
                links.setdefault(q.subject, []).append((q.predicate, q.object))
        kept.append(q)
    _check_reachable(scope, links, scope.article, _ARTICLE, _SENTENCE)
    return ox.serialize(kept, format=ox.RdfFormat.N_QUADS) if kept else b""


def _metadata(article_id: str, content_hash: str) -> bytes:
    article = article_iri(article_id)
    return ox.serialize([ox.Quad(article, _CONTENT_HASH, plain(content_hash)),
                         ox.Quad(article, _IDENTIFIER, plain(article_id))],
                        format=ox.RdfFormat.N_QUADS)


def source_digest_nquads(article_id: str, digest: str) -> bytes:
    """The article's ``lgkg:sourceDigest`` as an N-Quads line to add to its quads: the
    digest of the bytes of the file it was read from (and of the extractor version), by
    which a build skips an unchanged file without reading it (:mod:`kg.pipeline`)."""
    return ox.serialize([ox.Quad(article_iri(article_id), _SOURCE_DIGEST, plain(digest))],
                        format=ox.RdfFormat.N_QUADS)


def _forget(article_id: str) -> str:
    """SPARQL Update that removes an article: its graph, its metadata, the nodes it owns and
    the triples pointing at them (one DELETE: the links that find the nodes go with them)."""
    graph, article = article_graph(article_id), article_iri(article_id)
    return (f"DROP SILENT GRAPH {graph} ;\n"
            "DELETE { ?node ?p ?o . ?x ?q ?node } WHERE { "
            f"{_OWNED_NODES.replace('?article', str(article))} "
            "{ ?node ?p ?o } UNION { ?x ?q ?node } } ;\n"
            f"DELETE WHERE {{ {article} ?p ?o }} ;\n"
            f"DELETE WHERE {{ {graph} ?p ?o }}")


def _as_update_data(nquads: str) -> str:
    # N-Quads lines are "s p o g ." or "s p o ."; SPARQL's INSERT DATA wants the graph
    # around the triple. Terms in N-Triples syntax escape every quote, backslash and line
    # break, so a literal round-trips through the update text unchanged.
    out = []
    for q in ox.parse(nquads.encode("utf-8"), format=ox.RdfFormat.N_QUADS):
        triple = f"{q.subject} {q.predicate} {q.object} ."
        out.append(triple if isinstance(q.graph_name, ox.DefaultGraph)
                   else f"GRAPH {q.graph_name} {{ {triple} }}")
    return "\n".join(out)


def write_atomically(path: str | os.PathLike, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path`` and rename it, so a reader (or a
    killed run) never leaves half a file; the file gets the usual permissions for the umask."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class Store:
    """An lgkg store at ``path`` (a directory, created for a writer when missing).

    >>> import tempfile, pyoxigraph as ox
    >>> from kg.rdf import article_graph
    >>> with tempfile.TemporaryDirectory() as tmp, Store(tmp + "/s") as store:
    ...     g = article_graph("a-0")
    ...     q = ox.Quad(ox.NamedNode("https://example.org/x"), ox.NamedNode("https://example.org/p"), ox.Literal("1"), g)
    ...     store.replace_article("a-0", "abc", [q])
    ...     (store.article_hash("a-0"), store.article_ids(), len(store.quads()))
    ('abc', ['a-0'], 3)
    """

    def __init__(self, path: str | os.PathLike, *, read_only: bool = False):
        self.path = Path(path)
        self.read_only = read_only
        self._lock_fd: int | None = None
        self._db: ox.Store | None = None
        self._written = 0  # bytes written since the store was opened, about

    # ── lifecycle ───────────────────────────────────────────────────────────────────────

    def __enter__(self) -> Store:
        self.open()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def open(self) -> None:
        if self._db is not None:
            return
        if self.read_only and not self.path.is_dir():
            raise StoreError(f"no store at {self.path}")
        if not self.read_only:
            try:
                self.path.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"cannot create the store directory: {exc}",
                                 file=str(self.path)) from None
        self._lock()
        self._written = 0
        try:
            self._db = (ox.Store.read_only(str(self.path)) if self.read_only
                        else ox.Store(str(self.path)))
        except OSError as exc:
            self._unlock()
            raise StoreError(f"cannot open the store: {exc}", file=str(self.path)) from None

    def close(self) -> None:
        if self._db is not None:
            if self._written:
                self._db.flush()
            # Dropping the last reference closes RocksDB; only then may another process in.
            self._db = None
            if not self.read_only and self._written >= KEEP_LOG_BYTES:
                # RocksDB keeps the write-ahead log of everything written since the store
                # was opened until the next open, even when every write has been flushed:
                # after a build that is as large as the data itself. Opening once more
                # (while still holding the lock) lets it go.
                ox.Store(str(self.path))
            if not self.read_only:
                # Each writer's open also writes RocksDB's info log (LOG, 130 kB of settings,
                # kept as LOG.old.* by the next open); nothing reads it.
                for info_log in (*self.path.glob("LOG.old.*"), self.path / "LOG"):
                    info_log.unlink(missing_ok=True)
        self._unlock()

    def _lock(self) -> None:
        lock_path = self.path / LOCK_NAME
        try:
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError:
            if not self.read_only:
                raise StoreError("cannot create the lock file", file=str(lock_path)) from None
            # A reader of a store it may not write (a read-only mount) locks nothing;
            # nobody can be writing there either.
            return
        try:
            fcntl.flock(fd, (fcntl.LOCK_SH if self.read_only else fcntl.LOCK_EX) | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip()
            os.close(fd)
            who = f"process {holder}" if holder.isdigit() else "another process (a reader)"
            if self.read_only:
                raise StoreLockedError(f"the store is being written by {who}; "
                                       "try again when it has finished",
                                       file=str(self.path)) from None
            raise StoreLockedError(f"the store is in use by {who}; only one process may "
                                   "write it, and not while others read it",
                                   file=str(self.path)) from None
        if not self.read_only:
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        self._lock_fd = fd

    def _unlock(self) -> None:
        if self._lock_fd is None:
            return
        if not self.read_only:
            os.ftruncate(self._lock_fd, 0)
        fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
        os.close(self._lock_fd)
        self._lock_fd = None

    @property
    def db(self) -> ox.Store:
        """The underlying pyoxigraph store (open)."""
        if self._db is None:
            raise StoreError("the store is not open (use `with Store(path) as store:`)",
                             file=str(self.path))
        return self._db

    def flush(self) -> None:
        """Write what RocksDB holds in memory to disk (a writer's memory use stays bounded)."""
        self._writable().flush()

    def _writable(self, size: int = 0) -> ox.Store:
        """The database, to write about ``size`` bytes into (counted for :meth:`close`)."""
        if self.read_only:
            raise StoreError("the store is open read-only", file=str(self.path))
        db = self.db
        self._written += size
        return db

    # ── articles ────────────────────────────────────────────────────────────────────────

    def replace_article(self, article_id: str, content_hash: str,
                        quads: Iterable[ox.Quad]) -> None:
        """Swap in an article's quads in one transaction, with ``content_hash`` recorded.

        ``quads`` may hold only the article's named graph and default-graph triples about
        the article or its graph (what :func:`kg.rdf.to_quads` makes): anything else would
        survive the next replacement.
        """
        self.replace_articles([(article_id, content_hash, encode_article(article_id, quads),
                                True)])

    def replace_articles(self, articles: Sequence[tuple[str, str, bytes, bool]]) -> None:
        """Write several articles, each given as (id, content hash, N-Quads from
        :func:`encode_article` or :func:`kg.rdf.to_nquads`, whether the store may hold an
        older version of it).

        Articles new to the store are loaded together, all or nothing and without a
        Python call per quad; an article that replaces a stored one is swapped in its own
        transaction (drop and insert together), so a reader or a killed writer sees the old
        version or the new one, never neither.
        """
        db = self._writable()
        fresh: list[bytes] = []
        for article_id, content_hash, nquads, stored in articles:
            if stored:
                self._writable(len(nquads))
                self._swap(article_id, content_hash, nquads)
            else:
                fresh.append(nquads + _metadata(article_id, content_hash))
        if not fresh:
            return
        data = b"".join(fresh)
        # The bulk loader writes no log (what _writable counts for close) and needs no flush.
        load = db.bulk_load if len(data) <= BULK_LOAD_BYTES else self._writable(len(data)).load
        try:
            load(data, format=ox.RdfFormat.N_QUADS)
        except (OSError, SyntaxError, ValueError) as exc:
            raise StoreError(f"cannot write the articles: {exc}",
                             article=articles[0][0] if len(articles) == 1 else None) from None

    def _swap(self, article_id: str, content_hash: str, nquads: bytes) -> None:
        data = (nquads + _metadata(article_id, content_hash)).decode("utf-8")
        update = _forget(article_id) + " ;\nINSERT DATA {\n" + _as_update_data(data) + "\n}"
        try:
            self.db.update(update)
        except (OSError, SyntaxError, ValueError) as exc:
            raise StoreError(f"cannot write the article: {exc}", article=article_id) from None

    def remove_article(self, article_id: str) -> bool:
        """Remove an article's graph, metadata and owned nodes (one transaction); False if
        it was absent."""
        db = self._writable(KEEP_LOG_BYTES)  # its deletions' size is not known here
        present = (self.article_hash(article_id) is not None
                   or db.contains_named_graph(article_graph(article_id)))
        db.update(_forget(article_id))
        return present

    def article_quads(self, article_id: str) -> list[ox.Quad]:
        """The article's quads as the build wrote them: its graph, and in the default graph
        its metadata, the nodes it owns and the triples pointing at them."""
        graph, article = article_graph(article_id), article_iri(article_id)
        default = ox.DefaultGraph()
        quads = dict.fromkeys(self.db.quads_for_pattern(None, None, None, graph))
        for node in (article, graph):
            quads.update(dict.fromkeys(self.db.quads_for_pattern(node, None, None, default)))
        for row in self.db.query("SELECT DISTINCT ?node WHERE {"
                                 + _OWNED_NODES.replace("?article", str(article)) + "}"):
            quads.update(dict.fromkeys(self.db.quads_for_pattern(row["node"], None, None, default)))
            quads.update(dict.fromkeys(self.db.quads_for_pattern(None, None, row["node"], default)))
        return list(quads)

    def article_hash(self, article_id: str) -> str | None:
        """The content hash recorded with the article, or None when it is not stored."""
        for q in self.db.quads_for_pattern(article_iri(article_id), _CONTENT_HASH, None,
                                           ox.DefaultGraph()):
            return q.object.value
        return None

    def source_digests(self, source: str) -> dict[str, str | None]:
        """Id → source digest (see :func:`source_digest_nquads`, None when it has none) of
        every stored article read from the file ``source``."""
        default = ox.DefaultGraph()
        found: dict[str, str | None] = {}
        for q in self.db.quads_for_pattern(None, _SOURCE, plain(source), default):
            digest = next((d.object.value for d in self.db.quads_for_pattern(
                q.subject, _SOURCE_DIGEST, None, default)), None)
            for id_quad in self.db.quads_for_pattern(q.subject, _IDENTIFIER, None, default):
                found[id_quad.object.value] = digest
        return found

    def all_source_digests(self) -> dict[str, dict[str, str | None]]:
        """:meth:`source_digests` of every stored file at once, by file: a scan of each of
        three properties instead of three lookups per article, for a build of many files."""
        default = ox.DefaultGraph()

        def by_subject(predicate: ox.NamedNode) -> dict:
            return {q.subject: q.object.value
                    for q in self.db.quads_for_pattern(None, predicate, None, default)}

        digests, ids = by_subject(_SOURCE_DIGEST), by_subject(_IDENTIFIER)
        found: dict[str, dict[str, str | None]] = {}
        for q in self.db.quads_for_pattern(None, _SOURCE, None, default):
            if q.subject in ids:
                found.setdefault(q.object.value, {})[ids[q.subject]] = digests.get(q.subject)
        return found

    def set_source_digests(self, digests: Mapping[str, str]) -> None:
        """Record a new source digest (article id → digest) on stored articles, in one
        transaction: their file changed, but not what they were read as."""
        if not digests:
            return
        values = " ".join(f"({article_iri(i)} {plain(d)})" for i, d in sorted(digests.items()))
        update = (f"DELETE {{ ?a {_SOURCE_DIGEST} ?old }} INSERT {{ ?a {_SOURCE_DIGEST} ?new }} "
                  f"WHERE {{ VALUES (?a ?new) {{ {values} }} OPTIONAL {{ ?a {_SOURCE_DIGEST} ?old }} }}")
        self._writable(len(update)).update(update)

    def is_empty(self) -> bool:
        """True when the store holds no quad at all."""
        return next(iter(self.db.quads_for_pattern(None, None, None, None)), None) is None

    def article_ids(self) -> list[str]:
        """Ids of every stored article, sorted."""
        ids = {q.object.value for q in self.db.quads_for_pattern(None, _IDENTIFIER, None,
                                                                 ox.DefaultGraph())
               if isinstance(q.subject, ox.NamedNode) and article_iri(q.object.value) == q.subject}
        return sorted(ids)

    # ── SPARQL ──────────────────────────────────────────────────────────────────────────

    def query(self, sparql: str, *, bindings: Mapping[str, object] | None = None,
              union: bool = True):
        """Run a SPARQL query; returns pyoxigraph's QuerySolutions, QueryBoolean or QueryTriples.

        ``bindings`` maps variable names (without ``?``) to RDF terms; they are substituted
        by Oxigraph as values, never spliced into the text, and each bound variable must
        appear in the query's projection. With ``union`` (the default) the default graph of
        the query is the union of every graph, the metadata graph included, so patterns
        without GRAPH see everything. A triple stated by several articles then matches once
        per article: use DISTINCT or aggregate over distinct values.
        """
        substitutions = {ox.Variable(k): v for k, v in (bindings or {}).items()}
        try:
            return self.db.query(sparql, use_default_graph_as_union=union,
                                 substitutions=substitutions or None)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}") from None
        except (ValueError, RuntimeError, OSError) as exc:
            raise QueryError(f"query failed: {exc}") from None

    def update(self, sparql: str) -> None:
        """Run a SPARQL Update in one transaction (writers only; ``kg.query.run`` decides
        whether a user may)."""
        db = self._writable(KEEP_LOG_BYTES)  # what it deletes is not known here
        try:
            db.update(sparql)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}") from None
        except (ValueError, RuntimeError, OSError) as exc:
            raise QueryError(f"update failed: {exc}") from None

    # ── whole dataset ───────────────────────────────────────────────────────────────────

    def quads(self, progress: Progress | None = None) -> list[ox.Quad]:
        """Every quad, sorted: default graph first, then by graph, subject, predicate, object.

        ``progress(quads, total)`` may wrap the stream of quads as they are read (a bar).
        """
        stream: Iterable[ox.Quad] = self.db
        if progress is not None:
            stream = progress(stream, len(self.db))
        return sorted(stream, key=quad_sort_key)

    def serialize(self, fmt: str, progress: Progress | None = None) -> bytes:
        """The whole store in ``fmt`` (turtle, trig, nquads, ntriples, jsonld), byte-stable."""
        if fmt not in FORMATS:
            raise StoreError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
        quads = self.quads(progress)
        if fmt in _TRIPLE_FORMATS:
            triples = sorted({q.triple for q in quads},
                             key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
            data = ox.serialize(triples, format=FORMATS[fmt], prefixes=PREFIXES)
        else:
            data = ox.serialize(quads, format=FORMATS[fmt], prefixes=PREFIXES)
        return _sort_prefix_header(data)

    def export(self, fmt: str, path: str | os.PathLike, progress: Progress | None = None) -> None:
        """Write :meth:`serialize` to ``path`` atomically: a reader sees the old file or the
        whole new one, never part of it."""
        write_atomically(path, self.serialize(fmt, progress))

    def dump_dataset(self) -> rdflib.Dataset:
        """The store as an rdflib Dataset (named graphs kept), for rdflib-based tools."""
        import rdflib  # here: a second's import that queries, stats and builds never need

        dataset = rdflib.Dataset()
        dataset.parse(data=self.serialize("nquads"), format="nquads")
        return dataset

    def union_graph(self) -> rdflib.Graph:
        """Every triple of every graph, once, as an rdflib Graph."""
        import rdflib

        graph = rdflib.Graph()
        graph.parse(data=self.serialize("ntriples"), format="nt")
        return graph


def _sort_prefix_header(data: bytes) -> bytes:
    # pyoxigraph writes the prefix declarations in an order of its own choosing; sorting
    # them makes the bytes independent of that choice.
    lines = data.split(b"\n")
    n = 0
    while n < len(lines) and lines[n].startswith(b"@prefix "):
        n += 1
    return b"\n".join(sorted(lines[:n]) + lines[n:])
