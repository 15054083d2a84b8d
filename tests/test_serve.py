"""``kg serve``: the oxigraph server over a snapshot of the store, run as a real process.

Every test starts ``kg serve`` on a free loopback port and stops it, checking that no
server process and no snapshot is left behind. The query page is opened in Debian's
Chromium (as the graph page tests do), with every request that would leave the machine
blocked and recorded.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from conftest import example_params, free_port
from kg import query
from kg.endpoint import RemoteStore
from kg.serve import SNAPSHOT_PREFIX
from kg.store import Store
from test_query import build_world
from test_viz_browser import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parent.parent
KG = [sys.executable, "-m", "kg"]
@pytest.fixture(scope="module")
def world_store(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("served") / "store"
    build_world(path)
    return path


def children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(c) for c in path.read_text().split()] if path.exists() else []


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def snapshots(store: Path) -> list[Path]:
    return sorted(store.parent.glob(SNAPSHOT_PREFIX + "*"))


@contextmanager
def kg_serve(store: Path, *extra: str, port: int | None = None):
    """``kg serve`` running; yields (process, base URL, what it printed)."""
    port = port or free_port()
    process = subprocess.Popen([*KG, "serve", "--store", str(store), "--port", str(port),
                                *extra], cwd=ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    try:
        lines = []
        for line in process.stdout:
            lines.append(line)
            if line.startswith("Ctrl-C"):
                break
        else:
            raise AssertionError(f"kg serve stopped: {process.wait()} {process.stderr.read()}")
        yield process, f"http://127.0.0.1:{port}", "".join(lines)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def post(url: str, field: str, text: str) -> tuple[int, bytes]:
    body = urllib.parse.urlencode({field: text}).encode()
    request = urllib.request.Request(url, data=body, headers={
        "Content-Type": "application/x-www-form-urlencoded",
        "Accept": "application/sparql-results+json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def test_serve_prints_its_urls_answers_like_the_store_and_stops_clean(world_store):
    with kg_serve(world_store) as (process, url, printed):
        assert f"query page:      {url}/" in printed
        assert f"SPARQL endpoint: {url}/query" in printed
        servers = children(process.pid)
        assert len(servers) == 1 and len(snapshots(world_store)) == 1
        remote = RemoteStore(f"{url}/query")
        with Store(world_store, read_only=True) as local:
            for named in query.list_queries():
                params = example_params(named)
                here = query.run_named(local, named.name, params).values()
                there = query.run_named(remote, named.name, params).values()
                assert here, named.name
                if "CONSTRUCT" in named.text:  # a graph has no order
                    here, there = sorted(set(here)), sorted(set(there))
                assert there == here, named.name
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
    assert not alive(servers[0]) and snapshots(world_store) == []


def test_sigkill_takes_the_server_down_too_and_the_next_run_tidies_up(world_store):
    with kg_serve(world_store) as (process, url, _):
        servers = children(process.pid)
        process.send_signal(signal.SIGKILL)
        process.wait()
        deadline = time.monotonic() + 10
        while alive(servers[0]) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not alive(servers[0])
    assert len(snapshots(world_store)) == 1  # killed outright, it could not remove it
    with kg_serve(world_store):
        assert len(snapshots(world_store)) == 1  # the orphan went, its own came
    assert snapshots(world_store) == []


def test_sparql_update_is_refused(world_store):
    with kg_serve(world_store) as (_, url, _):
        assert post(f"{url}/update", "update", "DROP ALL")[0] == 403
        put = urllib.request.Request(f"{url}/store?graph=urn:x", data=b"<urn:a> <urn:b> <urn:c> .",
                                     method="PUT", headers={"Content-Type": "text/turtle"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(put, timeout=30)
        assert refused.value.code == 403
        done = subprocess.run([*KG, "query", "--endpoint", f"{url}/query", "--allow-update",
                               "INSERT DATA { <urn:a> <urn:b> <urn:c> }"],
                              cwd=ROOT, capture_output=True, text=True)
        assert done.returncode == 1 and "403" in done.stderr and "read-only" in done.stderr
        status, body = post(f"{url}/query", "query", "SELECT * WHERE { <urn:a> ?p ?o }")
        assert status == 200 and b'"bindings":[]' in body.replace(b" ", b"")


def test_a_build_may_write_the_store_while_it_is_served(world_store, tmp_path):
    store = tmp_path / "store"
    assert subprocess.run([*KG, "build", str(ROOT / "seeds"), "--store", str(store)],
                          cwd=ROOT, capture_output=True).returncode == 0
    with Store(store, read_only=True) as s:
        before = s.article_ids()
    with kg_serve(store) as (_, url, printed):
        assert "restart to see later builds" in printed
        extra = tmp_path / "more.txt"
        extra.write_text("青峰镇召开会议\n\n青峰镇白云村荣获“省级文明村”称号。\n", encoding="utf-8")
        build = subprocess.run([*KG, "build", str(extra), "--store", str(store)], cwd=ROOT,
                               capture_output=True, text=True)
        assert build.returncode == 0, build.stderr
        assert RemoteStore(f"{url}/query").article_ids() == before  # the snapshot's
    with Store(store, read_only=True) as s:
        assert len(s.article_ids()) == len(before) + 1


def test_serve_while_a_build_writes_says_why_not_and_what_to_do(world_store):
    with Store(world_store):  # this process writes the store, as a build would
        done = subprocess.run([*KG, "serve", "--store", str(world_store), "--port",
                               str(free_port())], cwd=ROOT, capture_output=True, text=True,
                              timeout=60)
    assert done.returncode == 1
    assert f"being written by process {os.getpid()}" in done.stderr
    assert "start it again when the build has finished" in done.stderr
    assert snapshots(world_store) == []


def test_only_loopback_without_public(world_store):
    done = subprocess.run([*KG, "serve", "--store", str(world_store), "--bind", "0.0.0.0"],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "--public" in done.stderr
    with kg_serve(world_store, "--bind", "0.0.0.0", "--public") as (process, url, _):
        status, _ = post(f"{url}/query", "query", "ASK {}")
        assert status == 200
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
        assert "warning: serving on 0.0.0.0" in process.stderr.read()


def printed_queries(store: Path) -> dict[str, str]:
    done = subprocess.run([*KG, "serve", "--print-queries", "--store", str(store)],
                          cwd=ROOT, capture_output=True, text=True, check=True)
    chunks = done.stdout.removeprefix("# ").split("\n\n# ")
    return {chunk.split(":", 1)[0]: "# " + chunk for chunk in chunks}


def test_printed_queries_pasted_into_the_server_give_the_named_results(world_store):
    texts = printed_queries(world_store)
    assert sorted(texts) == sorted(q.name for q in query.list_queries())
    with kg_serve(world_store) as (_, url, _):
        remote = RemoteStore(f"{url}/query")
        with Store(world_store, read_only=True) as local:
            for name, text in texts.items():
                params = example_params(query.get_query(name))
                for value in params.values():
                    assert f'"{value}"@zh' in text, name
                expected = query.run_named(local, name, params)
                answer = remote.query(text)
                if isinstance(answer, list):  # a CONSTRUCT's triples, in no order
                    assert sorted({(t.subject.value, t.predicate.value, t.object.value)
                                   for t in answer}) == sorted(set(expected.values())), name
                    continue
                pasted = query.Result(expected.variables, tuple(tuple(row) for row in answer))
                assert pasted.values() == expected.values(), name


def test_the_query_page_runs_a_named_query_with_nothing_leaving_the_machine(world_store,
                                                                              tmp_path):
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (`make browser`)",
                    pytrace=False)
    text = printed_queries(world_store)["units-under"]
    outside: list[str] = []
    with kg_serve(world_store) as (_, url, _), sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1300, "height": 900})

            def route(r):
                if r.request.url.startswith(url + "/"):
                    r.continue_()
                else:
                    outside.append(r.request.url)
                    r.abort()
            context.route("**/*", route)
            page = context.new_page()
            page.goto(url + "/")
            page.wait_for_selector(".CodeMirror")
            page.evaluate("q => document.querySelector('.CodeMirror').CodeMirror.setValue(q)",
                          text)
            page.click(".yasqe_queryButton")
            page.wait_for_selector(".yasr table.dataTable td", timeout=60_000)
            table = page.inner_text(".yasr table.dataTable")
            page.screenshot(path=str(tmp_path / "query-page.png"))
        finally:
            browser.close()
    for name in ("东湖街道", "青石镇", "柳岸社区", "白马村", "黑山村"):
        assert name in table
    # The page and its scripts come from the server. The one thing the bundled YASGUI
    # asks elsewhere is prefix.cc's list for prefix completion; blocked, the page works.
    assert [u for u in outside if "prefix.cc/popular/all.file.json" not in u] == []


def test_a_taken_port_is_named_with_what_to_do(world_store):
    import socket
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([*KG, "serve", "--store", str(world_store), "--port", str(port)],
                              cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "the oxigraph server stopped at once" in done.stderr and "--port" in done.stderr
    assert snapshots(world_store) == []
