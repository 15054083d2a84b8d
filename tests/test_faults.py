"""Issue 5 through the command line: cases 5, 6, 9, 10, 12, 13 and 14.

Each test is named after its case. The others (encodings, hostile names, random text …)
live next to the modules they concern.
"""
from __future__ import annotations

import json
import os
import pty
import select
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pyoxigraph as ox
import pytest

from kg.cli import main
from kg.model import ENTITY_KINDS
from kg.store import LOCK_NAME, Store

ROOT = Path(__file__).resolve().parent.parent
EPOCH = "1700000000"  # the same generatedAtTime in every build, so stores compare exactly

TOWNS = "青白红黄蓝紫金银松柏桃李杏梅兰竹"
VILLAGES = "石马牛羊鹤燕雁鹰龙凤虎豹林森苑园"


def invented_article(i: int) -> str:
    town, village = TOWNS[i % 16] + VILLAGES[i // 16 % 16], VILLAGES[i % 16] + TOWNS[i // 16 % 16]
    return (f"云溪县{town}镇{village}村新建文化广场，总投资{i + 2}00万元。"
            f"{town}镇荣获“省级文明镇”称号。{town}镇推行“网格长制”工作法。")


def write_articles(folder: Path, n: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"a{i:03d}.txt").write_text(invented_article(i), encoding="utf-8")
    return folder


CODE: Path = ROOT


@pytest.fixture(scope="module", autouse=True)
def frozen_code(tmp_path_factory):
    """The builds of one test compare stores, so they must all run the same code: a copy of
    kg/ taken once, which edits to the tree while the tests run cannot reach."""
    global CODE
    CODE = tmp_path_factory.mktemp("code")
    shutil.copytree(ROOT / "kg", CODE / "kg", ignore=shutil.ignore_patterns("__pycache__"))
    yield
    CODE = ROOT


def kg(*argv, **kwargs) -> subprocess.CompletedProcess:
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH)
    return subprocess.run([sys.executable, "-m", "kg", *map(str, argv)], capture_output=True,
                          text=True, cwd=CODE, env=env, timeout=600, **kwargs)


def start_kg(*argv, **kwargs) -> subprocess.Popen:
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH)
    return subprocess.Popen([sys.executable, "-m", "kg", *map(str, argv)], cwd=CODE, env=env,
                            **kwargs)


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def export(store: Path, fmt: str = "nquads") -> bytes:
    with Store(store, read_only=True) as s:
        return s.serialize(fmt)


def article_quads(store: Path) -> dict[str, set[str]]:
    """Each stored article's quads (its graph and its metadata), as N-Quads lines."""
    from kg.rdf import article_graph, article_iri

    with Store(store, read_only=True) as s:
        out = {}
        for article_id in s.article_ids():
            graph, node = article_graph(article_id), article_iri(article_id)
            out[article_id] = {str(q) for q in s.db.quads_for_pattern(None, None, None, graph)} | {
                str(q) for q in s.db.quads_for_pattern(None, None, None, ox.DefaultGraph())
                if q.subject in (node, graph)}
        return out


# ── case 5 ──────────────────────────────────────────────────────────────────────────────

def test_case5_empty_blank_and_punctuation_only_files_make_a_valid_empty_graph(capsys, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    contents = {"empty.txt": b"", "bom.txt": b"\xef\xbb\xbf",
                "blank.txt": " \n\t\r\n\u3000\u3000\n".encode(),
                "punct.txt": "。，、！？……——“”‘’《》（）【】；：\n...!!!???---".encode(),
                "blank.md": b"\n\n", "empty.jsonl": b"\n", "empty.html": b"<html></html>"}
    for name, data in contents.items():
        (folder / name).write_bytes(data)
    store = tmp_path / "store"
    code, out, err = run(capsys, "build", folder, "--store", store)
    assert code == 0, out + err
    assert "failed 0" in out
    code, out, _ = run(capsys, "stats", "--store", store)
    assert code == 0
    assert "entities  0" in out and "facts     0" in out
    code, out, _ = run(capsys, "validate", "--store", store)
    assert code == 0 and out.startswith("conforms")
    code, _, _ = run(capsys, "export", "--store", store, "-o", tmp_path / "g.ttl")
    assert code == 0
    triples = list(ox.parse(path=str(tmp_path / "g.ttl"), format=ox.RdfFormat.TURTLE))
    entity_classes = {ox.NamedNode(f"https://w3id.org/lgkg/ontology#{k}") for k in ENTITY_KINDS}
    assert not [t for t in triples if t.object in entity_classes]


# ── case 6 ──────────────────────────────────────────────────────────────────────────────

BIG_MB = 0.5          # bench/faults_big.py runs the same at 50 MB; figures in its output
LINE_CHARS = 1_000_000
MAX_RSS_MIB = 3072


def test_case6_big_file_and_a_million_character_line_finish_in_bounded_memory(tmp_path):
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "faults_big.py"),
                           "--size-mb", str(BIG_MB), "--line-chars", str(LINE_CHARS),
                           "--workdir", str(tmp_path)],
                          capture_output=True, text=True, cwd=ROOT, timeout=1800)
    results = [json.loads(line) for line in done.stdout.splitlines()]
    print("\n".join(json.dumps({k: r[k] for k in ("input", "bytes", "exit", "seconds",
                                                   "peak_rss_mib")}) for r in results))
    assert [r["input"] for r in results] == ["big.txt", "longline.txt"]
    for r in results:
        assert r["exit"] == 0, r["output"]
        assert "failed 0" in r["output"]
        assert r["peak_rss_mib"] < MAX_RSS_MIB


# ── cases 9 and 10 ──────────────────────────────────────────────────────────────────────

@pytest.fixture(scope="module")
def small_store(tmp_path_factory):
    root = tmp_path_factory.mktemp("faults")
    store = root / "store"
    done = kg("build", write_articles(root / "in", 3), "--store", store)
    assert done.returncode == 0, done.stdout + done.stderr
    return store


@pytest.mark.parametrize("value", [
    'x" || true || "',
    '} ; DROP ALL ; {',
    '白马村" } UNION { ?s ?p ?o } #',
    "' || 1=1 --",
    '"\n} ?s ?p ?o {',
    "*",
])
def test_case9_parameter_values_never_widen_or_change_a_named_query(capsys, small_store, value):
    before = export(small_store)
    code, out, err = run(capsys, "query", "--name", "entity", "--param", f"entity={value}",
                         "--store", small_store, "--format", "csv")
    assert code == 0, err
    assert len(out.splitlines()) == 1  # the header line only: no entity has that name
    assert export(small_store) == before


def test_case9_a_real_value_finds_rows(capsys, small_store):
    code, out, _ = run(capsys, "query", "--name", "entity", "--param", "entity=青石镇",
                       "--store", small_store, "--format", "csv")
    assert code == 0 and len(out.splitlines()) > 1


UPDATES = [
    "DROP ALL",
    "CLEAR DEFAULT",
    "DELETE WHERE { ?s ?p ?o }",
    "INSERT DATA { <urn:x> <urn:p> <urn:o> }",
    "PREFIX x: <urn:x>\n# a comment that says SELECT\nDELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
]


@pytest.mark.parametrize("update", UPDATES)
def test_case10_an_update_needs_allow_update(capsys, small_store, update):
    before = export(small_store)
    code, _, err = run(capsys, "query", update, "--store", small_store)
    assert code == 2 and "--allow-update" in err
    assert export(small_store) == before


def test_case10_allow_update_applies_it(capsys, small_store, tmp_path):
    store = tmp_path / "store"
    shutil.copytree(small_store, store)
    code, out, _ = run(capsys, "query", "INSERT DATA { GRAPH <urn:g> { <urn:x> <urn:p> 'y' } }",
                       "--store", store, "--allow-update")
    assert code == 0
    code, out, _ = run(capsys, "query", "ASK { <urn:x> <urn:p> 'y' }", "--store", store,
                       "--format", "json")
    assert json.loads(out)["boolean"] is True


@pytest.fixture
def listener():
    """A local socket that would see any connection attempt."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.setblocking(False)
    yield server
    server.close()


def connections(server: socket.socket) -> int:
    count = 0
    while select.select([server], [], [], 0.2)[0]:
        conn, _ = server.accept()
        conn.close()
        count += 1
    return count


REMOTE = [
    (["SELECT * WHERE { SERVICE <{url}/sparql> { ?s ?p ?o } }"], "SERVICE"),
    (["SELECT * WHERE { ?a ?b ?c . SERVICE SILENT <{url}/q> { ?s ?p ?o } }"], "SERVICE"),
    (["LOAD <{url}/data.ttl>", "--allow-update"], "LOAD"),
    (["LOAD SILENT <{url}/data.ttl> INTO GRAPH <urn:g>", "--allow-update"], "LOAD"),
    (["SELECT * FROM <{url}/g> WHERE { ?s ?p ?o }"], "FROM"),
    (["SELECT * FROM NAMED <{url}/g> WHERE { GRAPH ?g { ?s ?p ?o } }"], "FROM"),
]


@pytest.mark.parametrize("argv, word", REMOTE)
def test_case10_remote_access_is_refused_without_connecting(capsys, small_store, listener,
                                                            argv, word):
    url = "http://127.0.0.1:%d" % listener.getsockname()[1]
    argv = [a.replace("{url}", url) for a in argv]
    code, _, err = run(capsys, "query", *argv, "--store", small_store)
    assert code == 2
    assert word in err and "--allow-remote" in err
    assert connections(listener) == 0


def test_case10_remote_checks_hold_for_an_endpoint_too(capsys, listener):
    url = "http://127.0.0.1:%d" % listener.getsockname()[1]
    code, _, err = run(capsys, "query", f"SELECT * WHERE {{ SERVICE <{url}/x> {{ ?s ?p ?o }} }}",
                       "--endpoint", f"{url}/sparql")
    assert code == 2 and "--allow-remote" in err
    code, _, err = run(capsys, "query", "DROP ALL", "--endpoint", f"{url}/sparql")
    assert code == 2 and "--allow-update" in err
    assert connections(listener) == 0


# ── case 12 ─────────────────────────────────────────────────────────────────────────────

def wait_for_writer(store: Path, pid: int, timeout: float = 120) -> None:
    """Until process ``pid`` holds the store's writer lock (it writes its pid there)."""
    lock = store / LOCK_NAME
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if lock.exists() and lock.read_text().strip() == str(pid):
            return
        time.sleep(0.02)
    raise AssertionError(f"process {pid} never took the lock")


def test_case12_a_second_build_fails_at_once_and_the_first_completes(tmp_path):
    corpus = write_articles(tmp_path / "in", 40)
    store = tmp_path / "store"
    first = start_kg("build", corpus, "--store", store, stdout=subprocess.PIPE,
                     stderr=subprocess.PIPE, text=True)
    try:
        wait_for_writer(store, first.pid)
        started = time.monotonic()
        second = kg("build", corpus, "--store", store)
        elapsed = time.monotonic() - started
        assert first.poll() is None, "the first build ended before the second tried"
    finally:
        out, err = first.communicate(timeout=600)
    assert second.returncode == 1
    assert second.stderr.startswith("kg: error: ") and "in use by process" in second.stderr
    assert str(first.pid) in second.stderr and "Traceback" not in second.stderr
    assert elapsed < 30
    assert first.returncode == 0, out + err
    assert "written 40" in out
    reference = tmp_path / "reference"
    assert kg("build", corpus, "--store", reference).returncode == 0
    assert export(store) == export(reference)


# ── case 13 ─────────────────────────────────────────────────────────────────────────────

@pytest.mark.parametrize("jobs", ["1", "2"])
def test_case13_a_killed_build_keeps_whole_articles_and_a_rerun_completes(tmp_path, jobs):
    corpus = write_articles(tmp_path / "in", 60)
    store, reference = tmp_path / "store", tmp_path / "reference"
    assert kg("build", corpus, "--store", reference).returncode == 0
    # A terminal on stderr makes the build report each article as it commits it.
    leader, follower = pty.openpty()
    build = start_kg("build", corpus, "--store", store, "--jobs", jobs,
                     stdout=subprocess.DEVNULL, stderr=follower)
    os.close(follower)
    seen = b""
    try:
        deadline = time.monotonic() + 300
        while seen.count(b"written") < 5 and time.monotonic() < deadline:
            if select.select([leader], [], [], 1)[0]:
                try:
                    seen += os.read(leader, 4096)
                except OSError:
                    break
        helpers = psutil.Process(build.pid).children(recursive=True)
        os.kill(build.pid, signal.SIGKILL)
    finally:
        build.wait(timeout=60)
        os.close(leader)
    assert build.returncode == -signal.SIGKILL
    assert len(helpers) >= (0 if jobs == "1" else 2)  # the workers (and multiprocessing's tracker)
    _, alive = psutil.wait_procs(helpers, timeout=60)
    for orphan in alive:
        orphan.kill()
    assert alive == [], "worker processes outlived the killed build"
    stored = article_quads(store)
    expected = article_quads(reference)
    assert 5 <= len(stored) < 60, "the kill did not land mid-way"
    for article_id, quads in stored.items():
        assert quads == expected[article_id], f"{article_id} is not whole"
    rerun = kg("build", corpus, "--store", store)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert f"written {60 - len(stored)}, unchanged {len(stored)}" in rerun.stdout
    assert export(store) == export(reference)


def test_case13_a_killed_export_never_leaves_a_partial_file(tmp_path):
    corpus = write_articles(tmp_path / "in", 30)
    store = tmp_path / "store"
    assert kg("build", corpus, "--store", store).returncode == 0
    target = tmp_path / "out" / "graph.ttl"
    target.parent.mkdir()
    target.write_bytes(b"# the previous export\n")
    full = export(store, "turtle")
    outcomes = set()
    for delay in (0.2, 0.4, 0.6, 0.8, 1.0, 1.3, 1.6, 2.0, 3.0):
        child = start_kg("export", "--store", store, "-o", target)
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=60)
        data = target.read_bytes()
        assert data in (b"# the previous export\n", full)
        outcomes.add(data == full)
    assert True in outcomes, "no export finished within 3 s"


# ── case 14 ─────────────────────────────────────────────────────────────────────────────

def test_case14_a_file_failing_mid_batch_is_named_and_the_rest_kept(tmp_path):
    corpus = write_articles(tmp_path / "in", 4)
    (corpus / "a001.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64)
    (corpus / "a002.jsonl").write_text(
        '{"id": "j1", "text": "青石镇白马村新建文化广场。"}\n{broken\n'
        '{"id": "j3", "text": "东湖街道柳岸社区新建养老服务中心。"}\n', encoding="utf-8")
    store = tmp_path / "store"
    done = kg("build", corpus, "--store", store)
    assert done.returncode == 1
    assert "written 5" in done.stdout and "failed 2" in done.stdout
    assert f"failed: {corpus / 'a001.txt'}: -: " in done.stdout
    assert f"failed: {corpus / 'a002.jsonl'}: -: line 2: invalid JSON" in done.stdout
    assert "Traceback" not in done.stderr
    with Store(store, read_only=True) as s:
        assert s.article_ids() == ["a000-0", "a002-0", "a003-0", "j1", "j3"]
