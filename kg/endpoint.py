"""A SPARQL 1.1 server used as the store: queries, updates and the Graph Store Protocol.

:class:`RemoteStore` offers what the pipeline and the read commands use of
:class:`kg.store.Store` (``article_hash``, ``article_ids``, ``replace_article``,
``remove_article``, ``query``, ``update``), so ``kg build --endpoint`` writes straight into
a shared server and ``kg query/stats/viz --endpoint`` read from it.

Layout on the server: each article is one named graph (``<ID>graph/<article id>``, as in
the local store) holding its facts, its evidence, its metadata and its content hash. The
metadata cannot live in the server's default graph as it does locally: replacing an
article there would need a read-modify-write that two builders could interleave. A PUT of
the whole graph is one request the server applies at once, so an article is on the server
with the hash of exactly what it holds, or not at all: nothing half-sent is ever recorded
as done. The hashes, read back with one query, are the manifest ``kg push`` and
``kg build`` compare against (never a local file, which could disagree with the server).
Queries expect the server's default graph to be the union of its graphs (Virtuoso,
GraphDB and QLever do this by default; ``oxigraph serve --union-default-graph``; Fuseki's
``unionDefaultGraph``).

URLs: ``--endpoint`` is the query URL; the update and Graph Store URLs follow from it for
the servers whose layout is known (see :func:`server_urls`), or are given explicitly.
Credentials come from ``LGKG_ENDPOINT_USER``/``LGKG_ENDPOINT_PASSWORD`` or a ``~/.netrc``
entry for the host, never from the URL, which would leave them in the shell history.
Requests that fail for a reason that may pass (no connection, a timeout, 5xx, 429) are
retried with exponential backoff; a 4xx is an answer and is not retried.
"""
from __future__ import annotations

import http.client
import netrc
import os
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

import pyoxigraph as ox

from .errors import EndpointError, QueryError, StoreError, UsageError
from .query import Term, with_values
from .rdf import ONT, article_graph, article_iri, plain
from .store import in_article

USER_VARIABLE = "LGKG_ENDPOINT_USER"
PASSWORD_VARIABLE = "LGKG_ENDPOINT_PASSWORD"
CONTENT_HASH = ox.NamedNode(ONT + "contentHash")
IDENTIFIER = ox.NamedNode("http://purl.org/dc/terms/identifier")
_RESULTS = "application/sparql-results+json"
_GRAPH = "application/n-triples, text/turtle;q=0.9"
# Sorted pages, each well under the row limits servers impose (Virtuoso's is 10,000 by
# default), so a large manifest is never silently cut short.
_PAGE = 5000
_MANIFEST = f"""SELECT ?graph ?hash WHERE {{
  GRAPH ?graph {{ ?node <{ONT}contentHash> ?hash }}
}} ORDER BY ?graph LIMIT {_PAGE} OFFSET """
# Over the default graph, so that it finds the articles of a server holding a store as it
# is on disk (``kg serve``, metadata in the default graph) as well as pushed ones.
_ARTICLE_IDS = f"""SELECT DISTINCT ?id WHERE {{
  ?article <{ONT}contentHash> ?hash ; <http://purl.org/dc/terms/identifier> ?id
}} ORDER BY ?id LIMIT {_PAGE} OFFSET """


@dataclass(frozen=True)
class ServerUrls:
    """Where a server answers queries, updates and Graph Store Protocol requests."""
    query: str
    update: str | None = None
    graph_store: str | None = None


# (query path pattern, update path, Graph Store path) of servers whose layout is fixed.
_LAYOUTS = (
    (re.compile(r"(?P<base>)/query"), "/update", "/store"),                     # Oxigraph
    (re.compile(r"(?P<base>)/sparql"), "/sparql", "/sparql-graph-crud"),        # Virtuoso
    (re.compile(r"(?P<base>/[^/]+)/(?:sparql|query)"), "/update", "/data"),     # Fuseki
    (re.compile(r"(?P<base>/repositories/[^/]+)"), "/statements", "/rdf-graphs/service"),  # GraphDB
)


def check_url(url: str) -> urllib.parse.SplitResult:
    """``url`` parsed, refused unless it is http(s) and carries no credentials.

    >>> check_url("http://127.0.0.1:7878/query").port
    7878
    >>> check_url("http://me:secret@example.org/sparql")
    Traceback (most recent call last):
    kg.errors.UsageError: the endpoint URL holds credentials, which would stay in your shell history: give the URL without them and put them in LGKG_ENDPOINT_USER and LGKG_ENDPOINT_PASSWORD, or in ~/.netrc (machine example.org login … password …)
    """
    parts = urllib.parse.urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise UsageError(f"an endpoint is an http(s) URL, not {url!r}")
    if parts.username is not None or parts.password is not None:
        raise UsageError(
            "the endpoint URL holds credentials, which would stay in your shell history: give "
            f"the URL without them and put them in {USER_VARIABLE} and {PASSWORD_VARIABLE}, "
            f"or in ~/.netrc (machine {parts.hostname} login … password …)")
    return parts


def server_urls(query: str, *, update: str | None = None,
                graph_store: str | None = None) -> ServerUrls:
    """The update and Graph Store URLs that go with ``query`` on a known server layout.

    >>> server_urls("http://127.0.0.1:7878/query")
    ServerUrls(query='http://127.0.0.1:7878/query', update='http://127.0.0.1:7878/update', graph_store='http://127.0.0.1:7878/store')
    >>> server_urls("http://127.0.0.1:8890/sparql").graph_store
    'http://127.0.0.1:8890/sparql-graph-crud'
    >>> server_urls("http://127.0.0.1:3030/lgkg/sparql").update
    'http://127.0.0.1:3030/lgkg/update'
    >>> server_urls("http://127.0.0.1:7200/repositories/lgkg").graph_store
    'http://127.0.0.1:7200/repositories/lgkg/rdf-graphs/service'
    >>> server_urls("http://127.0.0.1:9/unknown").graph_store is None
    True
    """
    for url in (query, update, graph_store):
        if url is not None:
            check_url(url)
    parts = urllib.parse.urlsplit(query)
    for pattern, update_path, store_path in _LAYOUTS:
        m = pattern.fullmatch(parts.path.rstrip("/"))
        if m:
            root = f"{parts.scheme}://{parts.netloc}{m.group('base')}"
            update = update or root + update_path
            graph_store = graph_store or root + store_path
            break
    return ServerUrls(query, update, graph_store)


def _credentials(host: str) -> tuple[str, str] | None:
    user, password = os.environ.get(USER_VARIABLE), os.environ.get(PASSWORD_VARIABLE)
    if user and password is not None:
        return user, password
    try:
        entry = netrc.netrc().authenticators(host)
    except (FileNotFoundError, netrc.NetrcParseError, OSError):
        return None
    return (entry[0], entry[2] or "") if entry else None


def _opener(urls: ServerUrls) -> urllib.request.OpenerDirector:
    # Basic and Digest both (Virtuoso's authenticated Graph Store answers with Digest); the
    # password is sent only in answer to the server's 401, to the hosts of these URLs.
    # Without credentials no handler is installed: a 401 is then the server's answer
    # (urllib's Basic handler would raise on a Digest challenge it cannot answer).
    passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    found = False
    for url in {u for u in (urls.query, urls.update, urls.graph_store) if u}:
        credentials = _credentials(urllib.parse.urlsplit(url).hostname or "")
        if credentials:
            passwords.add_password(None, url, *credentials)
            found = True
    if not found:
        return urllib.request.build_opener()
    return urllib.request.build_opener(urllib.request.HTTPBasicAuthHandler(passwords),
                                       urllib.request.HTTPDigestAuthHandler(passwords))


def _transient(status: int) -> bool:
    return status >= 500 or status in (408, 429)


class RemoteStore:
    """A SPARQL 1.1 server with the Store's interface; see the module docstring."""

    def __init__(self, urls: ServerUrls | str, *, timeout: float = 60.0, retries: int = 3,
                 backoff: float = 0.5):
        self.urls = server_urls(urls) if isinstance(urls, str) else urls
        self.url = self.urls.query
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self._open = _opener(self.urls).open
        self._hashes: dict[str, str] | None = None

    # The pipeline opens stores in a with block; a server needs no opening.
    def __enter__(self) -> RemoteStore:
        return self

    def __exit__(self, *exc) -> None:
        pass

    def flush(self) -> None:
        """Nothing to flush: each request is applied by the server when it answers."""

    # ── HTTP ────────────────────────────────────────────────────────────────────────────

    def request(self, method: str, url: str, *, body: bytes | None = None,
                headers: Mapping[str, str] | None = None, what: str) -> tuple[str, bytes]:
        """Send one request, retrying what may pass; (media type, body) of the answer.

        ``what`` names the request in error messages ("PUT graph <…>").
        """
        attempt = 0
        while True:
            status = None
            request = urllib.request.Request(url, data=body, method=method,
                                             headers=dict(headers or {}))
            try:
                with self._open(request, timeout=self.timeout) as response:
                    return response.headers.get_content_type(), response.read()
            except urllib.error.HTTPError as exc:
                detail = " ".join(exc.read()[:300].decode("utf-8", "replace").split())
                problem = f"{url} answered {exc.code} {exc.reason} to {what}: {detail}"
                status = exc.code
                if not _transient(exc.code):
                    raise EndpointError(problem + _advice(exc.code), status=exc.code) from None
            except (TimeoutError, socket.timeout):
                problem = (f"{url} did not answer {what} within {self.timeout:g} s; the server "
                           "may be overloaded: try again later or raise --timeout")
            except urllib.error.URLError as exc:
                reason = exc.reason
                if isinstance(reason, (TimeoutError, socket.timeout)):
                    problem = (f"{url} did not answer {what} within {self.timeout:g} s; the "
                               "server may be overloaded: try again later or raise --timeout")
                else:
                    problem = (f"cannot reach {url} ({what}): {reason}; is the server running "
                               "and the URL right?")
            except (http.client.HTTPException, OSError) as exc:
                problem = f"the connection to {url} failed during {what}: {exc}"
            if attempt >= self.retries:
                tries = f" (tried {attempt + 1} times)" if attempt else ""
                raise EndpointError(problem + tries, status=status)
            time.sleep(self.backoff * 2 ** attempt)
            attempt += 1

    def _form(self, url: str, field: str, text: str, accept: str, what: str):
        # A form POST is the one way every SPARQL 1.1 server takes a request (Virtuoso 7
        # ignores a direct application/sparql-query body).
        body = urllib.parse.urlencode({field: text}).encode("ascii")
        return self.request("POST", url, body=body, what=what, headers={
            "Content-Type": "application/x-www-form-urlencoded", "Accept": accept})

    # ── SPARQL ──────────────────────────────────────────────────────────────────────────

    def query(self, sparql: str, *, bindings: Mapping[str, Term] | None = None,
              union: bool = True):
        """Like Store.query; ``union`` is the server's business (see the module docstring).

        Bindings become a VALUES block, each value one term in N-Triples syntax.
        """
        if bindings:
            sparql = with_values(sparql, bindings)
        media, data = self._form(self.urls.query, "query", sparql, _accept(sparql), "a query")
        try:
            if media in ("application/sparql-results+json", "application/json"):
                return ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
            rdf_format = ox.RdfFormat.from_media_type(media)
            if rdf_format is None:
                raise QueryError(f"{self.urls.query} answered with {media}")
            return list(ox.parse(data, format=rdf_format))
        except (SyntaxError, ValueError) as exc:
            raise QueryError(f"cannot read the answer of {self.urls.query}: {exc}") from None

    def union_graph(self):
        """Every triple the server's default graph holds, as an rdflib Graph."""
        import rdflib  # slow to import; only kg validate needs it here

        _, data = self._form(self.urls.query, "query", "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
                             "application/n-triples", "a query for every triple")
        graph = rdflib.Graph()
        try:
            graph.parse(data=data, format="nt")
        except Exception as exc:  # rdflib's parsers raise many types for a bad answer
            raise QueryError(f"cannot read the answer of {self.urls.query}: {exc}") from None
        return graph

    def update(self, sparql: str) -> None:
        self._form(self._needs("update"), "update", sparql, "*/*", "an update")

    def _needs(self, kind: str) -> str:
        url = self.urls.update if kind == "update" else self.urls.graph_store
        if url is None:
            option = "--update-endpoint" if kind == "update" else "--graph-store"
            raise UsageError(f"the {kind} URL of {self.urls.query} is not known for this "
                             f"server; give it with {option} URL")
        return url

    def _pages(self, sparql: str) -> Iterable:
        offset = 0
        while True:
            rows = list(self.query(sparql + str(offset)))
            yield from rows
            if len(rows) < _PAGE:
                return
            offset += _PAGE

    # ── Graph Store Protocol ────────────────────────────────────────────────────────────

    def _graph_url(self, graph: ox.NamedNode) -> str:
        return f"{self._needs('graph store')}?{urllib.parse.urlencode({'graph': graph.value})}"

    def put_graph(self, graph: ox.NamedNode, triples: Iterable[ox.Triple]) -> None:
        """Replace ``graph`` with ``triples`` in one PUT (so sending it twice changes nothing)."""
        # N-Triples is also Turtle, the one syntax every Graph Store takes.
        data = ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES) or b""
        self.request("PUT", self._graph_url(graph), body=data, what=f"PUT graph {graph}",
                     headers={"Content-Type": "text/turtle; charset=utf-8"})

    def delete_graph(self, graph: ox.NamedNode) -> bool:
        """Delete ``graph``; False when the server did not hold it."""
        try:
            self.request("DELETE", self._graph_url(graph), what=f"DELETE graph {graph}")
        except EndpointError as exc:
            if exc.status == 404:
                return False
            raise
        return True

    # ── articles ────────────────────────────────────────────────────────────────────────

    def manifest(self) -> dict[str, str]:
        """Graph IRI → content hash of every graph the server holds with one, read now."""
        self._hashes = {row["graph"].value: row["hash"].value
                        for row in self._pages(_MANIFEST)}
        return dict(self._hashes)

    def article_hash(self, article_id: str) -> str | None:
        """The hash the server held for the article when the manifest was read (once, at
        the first call), or the one this store wrote since."""
        if self._hashes is None:
            self.manifest()
        return self._hashes.get(article_graph(article_id).value)

    def article_ids(self) -> list[str]:
        return sorted({row["id"].value for row in self._pages(_ARTICLE_IDS)})

    def replace_article(self, article_id: str, content_hash: str,
                        quads: Iterable[ox.Quad]) -> None:
        """Put the article's graph, metadata and hash on the server in one PUT."""
        graph = article_graph(article_id)
        self.put_graph(graph, article_triples(article_id, content_hash, quads))
        if self._hashes is not None:
            self._hashes[graph.value] = content_hash

    def replace_articles(self, articles: Sequence[tuple[str, str, bytes, bool]]) -> None:
        """Put articles given as :meth:`kg.store.Store.replace_articles` takes them (id,
        content hash, N-Quads, whether stored), each in its own PUT."""
        for article_id, content_hash, nquads, _ in articles:
            try:
                quads = list(ox.parse(nquads, format=ox.RdfFormat.N_QUADS))
            except SyntaxError as exc:
                raise StoreError(f"cannot read the article's quads: {exc}",
                                 article=article_id) from None
            self.replace_article(article_id, content_hash, quads)

    def remove_article(self, article_id: str) -> bool:
        graph = article_graph(article_id)
        if self._hashes is not None:
            self._hashes.pop(graph.value, None)
        return self.delete_graph(graph)


def article_triples(article_id: str, content_hash: str,
                    quads: Iterable[ox.Quad]) -> list[ox.Triple]:
    """The triples of an article's graph on a server: its named graph, its default-graph
    metadata and ``content_hash``, as :meth:`kg.store.Store.replace_article` accepts them.

    >>> g = article_graph("a-0")
    >>> q = ox.Quad(ox.NamedNode("https://example.org/x"), ox.NamedNode("https://example.org/p"), ox.Literal("1"), g)
    >>> sorted(t.predicate.value for t in article_triples("a-0", "abc", [q]))
    ['http://purl.org/dc/terms/identifier', 'https://example.org/p', 'https://w3id.org/lgkg/ontology#contentHash']
    """
    article = article_iri(article_id)
    triples = []
    for q in quads:
        in_article(q, article_id)
        if q.predicate not in (CONTENT_HASH, IDENTIFIER) or q.subject != article:
            triples.append(q.triple)
    triples.append(ox.Triple(article, CONTENT_HASH, plain(content_hash)))
    triples.append(ox.Triple(article, IDENTIFIER, plain(article_id)))
    return triples


_FORM = re.compile(r"""\s*(?:(?:PREFIX\s+[^\s:]*:\s*<[^<>]*>|BASE\s*<[^<>]*>)\s*)*(\w+)""", re.I)


def _accept(sparql: str) -> str:
    """What to ask for: RDF for a CONSTRUCT or DESCRIBE, else a results table. Offering
    both at once lets a server choose (Virtuoso then writes triples as a results table
    with a key of its own). The form is the first word after the prologue (a full parse
    would cost a tenth of a second per query).

    >>> _accept("PREFIX x: <http://e/#> CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    'application/n-triples, text/turtle;q=0.9'
    >>> _accept("PREFIX c: <http://e/CONSTRUCT#> SELECT * WHERE { ?s ?p 'CONSTRUCT' }")
    'application/sparql-results+json'
    """
    code = "\n".join(line for line in sparql.splitlines() if not line.lstrip().startswith("#"))
    m = _FORM.match(code)
    form = m.group(1).upper() if m else ""
    return _GRAPH if form in ("CONSTRUCT", "DESCRIBE") else _RESULTS


def _advice(status: int) -> str:
    if status in (401, 403):
        return (f" (set {USER_VARIABLE} and {PASSWORD_VARIABLE}, or a ~/.netrc entry, to a "
                "user the server lets write)")
    if status == 404:
        return " (is the URL right? see --graph-store and --update-endpoint)"
    return ""
