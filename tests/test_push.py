"""``kg push``, ``kg build --endpoint`` and the read commands' ``--endpoint`` against real servers.

Oxigraph (``oxigraph serve``) and Virtuoso Open Source run as real processes on loopback
(tests/conftest.py). The hostile cases use small real HTTP servers in a thread: one that
answers 500 for one graph and passes everything else to a real Oxigraph, one too slow to
answer, one that asks for a password.
"""
from __future__ import annotations

import base64
import http.server
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox
import pytest

from conftest import clear_virtuoso, example_params
from kg import query
from kg.cli import main
from kg.endpoint import RemoteStore, server_urls
from kg.push import ONTOLOGY_GRAPH, ontology_triples
from kg.rdf import article_graph, plain, to_quads
from kg.store import Store
from test_query import world

ROOT = Path(__file__).resolve().parent.parent
KG = [sys.executable, "-m", "kg"]

def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory) -> Path:
    """The demo graph (seeds/) plus the invented world of test_query, in one store."""
    path = tmp_path_factory.mktemp("demo") / "store"
    assert main(["build", str(ROOT / "seeds"), "--store", str(path)]) == 0
    with Store(path) as store:
        for r in world():
            store.replace_article(r.article.id, "h-" + r.article.id,
                                  to_quads(r, generated_at="2024-03-05T10:00:00+08:00",
                                           extractor_version="test"))
    return path


class Local:
    """The store with the ontology graph beside it: what a server holds after a push."""

    def __init__(self, store_path: Path):
        self.memory = ox.Store()
        with Store(store_path, read_only=True) as store:
            self.memory.extend(store.db)
        self.memory.extend(ox.Quad(t.subject, t.predicate, t.object, ONTOLOGY_GRAPH)
                           for t in ontology_triples()[1])

    def query(self, sparql, *, bindings=None, union=True):
        return self.memory.query(sparql, use_default_graph_as_union=True, substitutions={
            ox.Variable(k): v for k, v in (bindings or {}).items()} or None)


def assert_same_named_queries(local, remote) -> None:
    empty = []
    for named in query.list_queries():
        params = example_params(named)
        here = query.run_named(local, named.name, params)
        there = query.run_named(remote, named.name, params)
        assert there.variables == here.variables, named.name
        if here.variables == ("subject", "predicate", "object"):  # a graph has no order
            assert sorted(set(there.values())) == sorted(set(here.values())), named.name
        else:
            assert there.values() == here.values(), named.name
        if not here.rows:
            empty.append(named.name)
    assert empty == [], f"queries without rows prove nothing: {empty}"


def graphs_on(server) -> dict[str, str]:
    return RemoteStore(server_urls(server.query)).manifest()


# ── push, on both servers ───────────────────────────────────────────────────────────────

@pytest.fixture(params=["oxigraph", "virtuoso"])
def server(request):
    if request.param == "oxigraph":
        return request.getfixturevalue("oxigraph_server")
    virtuoso = request.getfixturevalue("virtuoso_server")
    clear_virtuoso(virtuoso)
    return virtuoso


def test_push_sends_every_graph_once_and_queries_agree(capsys, demo_store, server):
    with Store(demo_store, read_only=True) as store:
        ids = store.article_ids()
    code, out, err = run(capsys, "push", "--store", str(demo_store), "--endpoint", server.query)
    assert (code, err) == (0, "")
    assert f"graphs sent {len(ids) + 1}, skipped 0 (unchanged), failed 0" in out
    held = graphs_on(server)
    assert set(held) == {article_graph(i).value for i in ids} | {ONTOLOGY_GRAPH.value}

    code, out, _ = run(capsys, "push", "--store", str(demo_store), "--endpoint", server.query)
    assert code == 0 and f"graphs sent 0, skipped {len(ids) + 1} (unchanged), failed 0" in out
    assert graphs_on(server) == held

    assert_same_named_queries(Local(demo_store), RemoteStore(server.query))
    code, out, _ = run(capsys, "query", "--endpoint", server.query, "--name", "units-under",
                       "--param", "unit=云溪县")
    assert code == 0 and "白马村" in out and "柳岸社区" in out


def test_read_commands_take_an_endpoint(capsys, demo_store, oxigraph_server, tmp_path):
    assert main(["push", "--store", str(demo_store), "--endpoint", oxigraph_server.query]) == 0
    capsys.readouterr()
    code, local, _ = run(capsys, "stats", "--store", str(demo_store))
    assert code == 0
    code, remote, _ = run(capsys, "stats", "--endpoint", oxigraph_server.query)
    assert code == 0
    # The ontology's triples are on the server too; the counts of the data are the same.
    for line in ("articles", "entities", "facts", "evidence"):
        assert [x for x in remote.splitlines() if x.startswith(line + " ")] == \
               [x for x in local.splitlines() if x.startswith(line + " ")]
    page = tmp_path / "graph.html"
    code, out, _ = run(capsys, "viz", "--endpoint", oxigraph_server.query, "-o", str(page))
    assert code == 0 and "白马村" in page.read_text(encoding="utf-8")
    code, out, _ = run(capsys, "validate", "--endpoint", oxigraph_server.query)
    assert "Conforms" in out or "conforms" in out.lower()


# ── a push killed half-way ──────────────────────────────────────────────────────────────

def many_articles(path: Path, n: int) -> list[str]:
    """A store of ``n`` small invented articles (a few quads each), quick to write."""
    ids = [f"many-{i:05d}" for i in range(n)]
    with Store(path) as store:
        for i, article_id in enumerate(ids):
            graph = article_graph(article_id)
            subject = ox.NamedNode(f"https://w3id.org/lgkg/id/Village/test/村{i}")
            store.replace_article(article_id, f"hash-{i}", [
                ox.Quad(subject, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                        ox.Literal(f"第{i}村", language="zh"), graph),
                ox.Quad(subject, ox.NamedNode("https://w3id.org/lgkg/ontology#population"),
                        plain(str(i)), graph)])
    return ids


def test_a_push_killed_with_sigkill_completes_when_run_again(tmp_path, oxigraph_server):
    ids = many_articles(tmp_path / "store", 1500)
    remote = RemoteStore(oxigraph_server.query)
    push = subprocess.Popen([*KG, "push", "--store", str(tmp_path / "store"),
                             "--endpoint", oxigraph_server.query], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while len(remote.manifest()) < 100 and time.monotonic() < deadline:
            time.sleep(0.02)
        push.send_signal(signal.SIGKILL)
    finally:
        push.wait()
    assert push.returncode == -signal.SIGKILL
    halfway = remote.manifest()
    assert 100 <= len(halfway) < len(ids) + 1, "the push was not killed half-way"

    again = subprocess.run([*KG, "push", "--store", str(tmp_path / "store"),
                            "--endpoint", oxigraph_server.query], cwd=ROOT,
                           capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    sent = len(ids) + 1 - len(halfway)
    assert f"graphs sent {sent}, skipped {len(halfway)} (unchanged), failed 0" in again.stdout
    held = remote.manifest()
    assert {g: h for g, h in held.items() if g != ONTOLOGY_GRAPH.value} == \
           {article_graph(i).value: f"hash-{n}" for n, i in enumerate(ids)}
    count = remote.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s "
                         "<http://www.w3.org/2000/01/rdf-schema#label> ?o } "
                         "FILTER (STRSTARTS(STR(?s), 'https://w3id.org/lgkg/id/Village/test/')) }")
    assert int(next(iter(count))["n"].value) == len(ids)


# ── builds that write straight into a server ────────────────────────────────────────────

def test_two_builds_on_disjoint_inputs_give_the_union(tmp_path, oxigraph_server):
    corpus = tmp_path / "corpus"
    subprocess.run([sys.executable, str(ROOT / "bench" / "corpus.py"), str(corpus),
                    "--articles", "8"], check=True, capture_output=True)
    halves = [tmp_path / "a", tmp_path / "b"]
    for n, path in enumerate(sorted(corpus.iterdir())):
        halves[n % 2].mkdir(exist_ok=True)
        path.rename(halves[n % 2] / path.name)
    builds = [subprocess.Popen([*KG, "build", str(half), "--endpoint", oxigraph_server.query],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True) for half in halves]
    outputs = [b.communicate(timeout=600) for b in builds]
    assert [b.returncode for b in builds] == [0, 0], outputs
    assert all("written 4," in out for out, _ in outputs), outputs

    assert main(["build", *map(str, halves), "--store", str(tmp_path / "local")]) == 0
    remote = RemoteStore(oxigraph_server.query)
    with Store(tmp_path / "local", read_only=True) as local:
        assert remote.article_ids() == local.article_ids()
        assert len(local.article_ids()) == 8
        for article_id in local.article_ids():
            assert remote.article_hash(article_id) == local.article_hash(article_id)
        for named in ("hierarchy", "programs", "companies", "counts-by-class"):
            assert query.run_named(remote, named, {}).values() == \
                   query.run_named(local, named, {}).values(), named

    again = subprocess.run([*KG, "build", str(halves[0]), "--endpoint", oxigraph_server.query],
                           cwd=ROOT, capture_output=True, text=True)
    assert again.returncode == 0 and "written 0, unchanged 4" in again.stdout, again.stdout


# ── hostile servers ─────────────────────────────────────────────────────────────────────

@contextmanager
def http_server(handler):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class Quiet(http.server.BaseHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the stdlib's signature
        pass


def failing_proxy(target: str, failing_graph: str, seen: list[str]):
    """A server passing every request to ``target`` but a PUT of ``failing_graph`` (500)."""

    class Proxy(Quiet):
        def forward(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            if self.command == "PUT":
                graph = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)["graph"][0]
                seen.append(graph)
                if graph == failing_graph:
                    self.send_response(500)
                    self.end_headers()
                    self.wfile.write(b"disk full")
                    return
            request = urllib.request.Request(target + self.path, data=body, method=self.command,
                                             headers={k: v for k, v in self.headers.items()
                                                      if k.lower() != "host"})
            with urllib.request.urlopen(request, timeout=60) as answer:
                data = answer.read()
                self.send_response(answer.status)
                self.send_header("Content-Type", answer.headers.get("Content-Type", ""))
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        do_GET = do_POST = do_PUT = do_DELETE = forward

    return Proxy


def test_one_graph_answering_500_fails_alone(capsys, demo_store, oxigraph_server):
    with Store(demo_store, read_only=True) as store:
        ids = store.article_ids()
    failing = article_graph(ids[1]).value
    seen: list[str] = []
    target = oxigraph_server.query.rsplit("/", 1)[0]
    with http_server(failing_proxy(target, failing, seen)) as url:
        code, out, err = run(capsys, "push", "--store", str(demo_store), "--endpoint",
                             f"{url}/query", "--retries", "1")
    assert code == 1
    assert f"graphs sent {len(ids)}, skipped 0 (unchanged), failed 1" in out
    assert f"failed: <{failing}>:" in out and "500" in out and "disk full" in out
    assert seen.count(failing) == 2  # retried once
    held = graphs_on(oxigraph_server)
    assert failing not in held and len(held) == len(ids)  # nothing half-sent counts as done

    code, out, _ = run(capsys, "push", "--store", str(demo_store),
                       "--endpoint", oxigraph_server.query)
    assert code == 0 and f"graphs sent 1, skipped {len(ids)} (unchanged), failed 0" in out


def test_an_endpoint_that_is_down(capsys, demo_store):
    from conftest import free_port
    url = f"http://127.0.0.1:{free_port()}/query"
    code, out, err = run(capsys, "push", "--store", str(demo_store), "--endpoint", url,
                         "--retries", "1")
    assert code == 1 and out == ""
    assert f"cannot reach {url}" in err and "is the server running" in err
    assert "Traceback" not in err


def test_a_slow_endpoint_times_out_with_a_clear_message(capsys, demo_store):
    class Slow(Quiet):
        def do_POST(self):
            time.sleep(3)
            self.send_response(200)
            self.end_headers()

    with http_server(Slow) as url:
        started = time.monotonic()
        code, out, err = run(capsys, "push", "--store", str(demo_store), "--endpoint",
                             f"{url}/query", "--timeout", "1", "--retries", "0")
    assert code == 1 and time.monotonic() - started < 3
    assert f"{url}/query did not answer" in err and "within 1 s" in err and "--timeout" in err


@pytest.mark.parametrize("command", ["push", "build", "query", "stats"])
def test_credentials_in_the_url_are_refused(capsys, command):
    argv = [command, "--endpoint", "http://me:secret@127.0.0.1:9/query"]
    if command == "query":
        argv += ["--name", "hierarchy"]
    code, out, err = run(capsys, *argv)
    assert code == 2 and "secret" not in err
    assert "LGKG_ENDPOINT_USER" in err and "~/.netrc" in err


def needs_password(user: str, password: str, seen: list[str]):
    expected = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()

    class Guarded(Quiet):
        def handle_any(self):
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            seen.append(self.headers.get("Authorization") or "")
            if self.headers.get("Authorization") != expected:
                self.send_response(401)
                self.send_header("WWW-Authenticate", 'Basic realm="lgkg"')
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.end_headers()
            if self.command == "POST":
                self.wfile.write(b'{"head":{"vars":["graph","hash"]},"results":{"bindings":[]}}')

        do_POST = do_PUT = handle_any

    return Guarded


def test_credentials_come_from_the_environment_or_netrc(capsys, demo_store, tmp_path,
                                                        monkeypatch):
    seen: list[str] = []
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("LGKG_ENDPOINT_USER", raising=False)
    monkeypatch.delenv("LGKG_ENDPOINT_PASSWORD", raising=False)
    monkeypatch.delenv("NETRC", raising=False)
    with http_server(needs_password("builder", "s3cret", seen)) as url:
        argv = ["push", "--store", str(demo_store), "--endpoint", f"{url}/query"]
        code, out, err = run(capsys, *argv)
        assert code == 1 and "401" in err and "LGKG_ENDPOINT_USER" in err

        monkeypatch.setenv("LGKG_ENDPOINT_USER", "builder")
        monkeypatch.setenv("LGKG_ENDPOINT_PASSWORD", "s3cret")
        code, out, err = run(capsys, *argv)
        assert code == 0 and "failed 0" in out, err

        monkeypatch.delenv("LGKG_ENDPOINT_USER")
        monkeypatch.delenv("LGKG_ENDPOINT_PASSWORD")
        netrc = tmp_path / ".netrc"
        netrc.write_text("machine 127.0.0.1 login builder password s3cret\n")
        netrc.chmod(0o600)
        code, out, err = run(capsys, *argv)
        assert code == 0 and "failed 0" in out, err
    assert seen.count("") >= 3  # the password goes only in answer to the server's 401


def test_virtuoso_digest_authentication_from_the_environment(capsys, demo_store,
                                                             virtuoso_server, monkeypatch):
    clear_virtuoso(virtuoso_server)
    monkeypatch.setenv("HOME", str(demo_store.parent))  # no ~/.netrc to fall back on
    monkeypatch.delenv("LGKG_ENDPOINT_USER", raising=False)
    monkeypatch.delenv("LGKG_ENDPOINT_PASSWORD", raising=False)
    argv = ["push", "--store", str(demo_store), "--endpoint", virtuoso_server.query,
            "--graph-store", virtuoso_server.graph_store + "-auth", "--retries", "0"]
    code, out, err = run(capsys, *argv)
    assert code == 1 and "401" in out and graphs_on(virtuoso_server) == {}
    monkeypatch.setenv("LGKG_ENDPOINT_USER", "dba")
    monkeypatch.setenv("LGKG_ENDPOINT_PASSWORD", "dba")
    code, out, err = run(capsys, *argv)
    assert code == 0 and "failed 0" in out, out + err
    assert ONTOLOGY_GRAPH.value in graphs_on(virtuoso_server)
