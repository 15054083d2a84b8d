"""The ``kg`` command, every subcommand through ``kg.cli.main`` or ``python -m kg``."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from kg.cli import main
from kg.store import Store

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = {
    "qingshi.txt": "云溪县青石镇白马村建成文化广场。青石镇荣获“省级文明镇”称号。",
    "donghu.txt": "云溪县东湖街道推行“网格长制”工作法。东湖街道柳岸社区新建养老服务中心。",
    "hongshi.txt": "云溪县红石乡黄土村获评“省级美丽乡村示范村”。",
}


def write_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One store for the read-only commands, and the output of the build that made it."""
    root = tmp_path_factory.mktemp("cli")
    corpus = write_corpus(root / "in")
    store = root / "store"
    with pytest.MonkeyPatch.context() as patch:
        output = []
        patch.setattr(sys, "stdout", _Collect(output))
        code = main(["build", str(corpus), "--store", str(store)])
    return store, code, "".join(output)


class _Collect:
    def __init__(self, parts: list[str]):
        self.parts = parts

    def write(self, text: str) -> int:
        self.parts.append(text)
        return len(text)

    def flush(self) -> None:
        pass


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


# ── usage ───────────────────────────────────────────────────────────────────────────────

def test_help_names_every_command(capsys):
    code, out, _ = run(capsys, "--help")
    assert code == 0
    for command in ("build", "export", "query", "viz", "validate", "stats", "eval"):
        assert command in out


@pytest.mark.parametrize("argv", [
    [],
    ["frobnicate"],
    ["build", "--jobs", "-1"],
    ["build", "--jobs", "two"],
    ["export", "--format", "xml"],
    ["query"],
    ["query", "SELECT * {}", "--name", "entity"],
    ["query", "--list", "--store", "a", "--endpoint", "http://127.0.0.1:9/"],
    ["query", "--name", "entity", "--param", "novalue"],
    ["viz", "--depth", "0"],
    ["eval"],
])
def test_bad_arguments_exit_2_with_usage(capsys, argv):
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert "usage: kg" in err and "Traceback" not in err


@pytest.mark.parametrize("command", [["export"], ["stats"], ["validate"], ["viz"],
                                     ["query", "ASK {}"], ["eval", "g.json"]])
def test_reading_a_missing_store_says_so_and_exits_2(capsys, tmp_path, command):
    code, _, err = run(capsys, *command, "--store", tmp_path / "nothing")
    assert code == 2
    assert err.startswith("kg: error: no store at") and "kg build" in err


# ── build ───────────────────────────────────────────────────────────────────────────────

def test_build_prints_a_summary_and_exits_0(built):
    store, code, output = built
    assert code == 0
    assert output.startswith("articles read 3, written 3, unchanged 0, removed 0, failed 0 in ")
    with Store(store, read_only=True) as s:
        assert s.article_ids() == ["donghu-0", "hongshi-0", "qingshi-0"]


def test_build_defaults_to_seeds_into_out_store(capsys, tmp_path, monkeypatch):
    write_corpus(tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "build")
    assert code == 0 and "written 3" in out
    assert (tmp_path / "out" / "store").is_dir()
    code, out, _ = run(capsys, "build")
    assert "written 0, unchanged 3" in out
    code, out, _ = run(capsys, "build", "--force", "--jobs", "2")
    assert code == 0 and "written 3, unchanged 0" in out


def test_build_names_a_missing_path_and_exits_1(capsys, tmp_path):
    corpus = write_corpus(tmp_path / "in")
    code, out, err = run(capsys, "build", corpus, tmp_path / "absent.txt",
                         "--store", tmp_path / "store")
    assert code == 1
    assert "written 3" in out and "failed 1" in out
    assert f"failed: {tmp_path / 'absent.txt'}: -: no such file or folder" in out
    assert "Traceback" not in err


def test_build_on_a_store_another_process_holds_fails_at_once(capsys, tmp_path):
    corpus = write_corpus(tmp_path / "in")
    with Store(tmp_path / "store"):
        code, _, err = run(capsys, "build", corpus, "--store", tmp_path / "store")
    assert code == 1
    assert err.startswith("kg: error: ") and "in use by process" in err


# ── export ──────────────────────────────────────────────────────────────────────────────

@pytest.mark.parametrize("fmt, rdf_format", [
    ("turtle", ox.RdfFormat.TURTLE), ("trig", ox.RdfFormat.TRIG),
    ("nquads", ox.RdfFormat.N_QUADS), ("jsonld", ox.RdfFormat.JSON_LD)])
def test_export_writes_a_file_that_parses(capsys, built, tmp_path, fmt, rdf_format):
    store, _, _ = built
    target = tmp_path / "sub" / f"graph.{fmt}"
    code, out, _ = run(capsys, "export", "--store", store, "--format", fmt, "-o", target)
    assert code == 0 and out == ""
    parsed = list(ox.parse(target.read_bytes(), format=rdf_format))
    assert any(getattr(t, "object", None) == ox.Literal("青石镇", language="zh") for t in parsed)


def test_export_turtle_parses_with_rdflib_and_defaults_to_turtle(capsys, built, tmp_path):
    store, _, _ = built
    code, _, _ = run(capsys, "export", "--store", store, "-o", tmp_path / "g.ttl")
    assert code == 0
    graph = rdflib.Graph().parse(tmp_path / "g.ttl", format="turtle")
    assert (None, rdflib.RDFS.label, rdflib.Literal("白马村", lang="zh")) in graph


def test_export_to_stdout_is_the_same_bytes_as_the_file(capfdbinary, built, tmp_path):
    store, _, _ = built
    assert main(["export", "--store", str(store), "--format", "nquads",
                 "-o", str(tmp_path / "g.nq")]) == 0
    capfdbinary.readouterr()
    assert main(["export", "--store", str(store), "--format", "nquads"]) == 0
    out, _ = capfdbinary.readouterr()
    assert out == (tmp_path / "g.nq").read_bytes()


# ── query ───────────────────────────────────────────────────────────────────────────────

COUNT_VILLAGES = ("PREFIX lgkg: <https://w3id.org/lgkg/ontology#> "
                  "SELECT (COUNT(DISTINCT ?v) AS ?n) WHERE { ?v a lgkg:Village }")


@pytest.mark.parametrize("fmt, check", [
    ("table", lambda out: out.split()[0] == "n" and out.splitlines()[2].isdigit()),
    ("csv", lambda out: out.splitlines()[0] == "n" and out.splitlines()[1].isdigit()),
    ("json", lambda out: json.loads(out)["head"]["vars"] == ["n"]),
])
def test_query_text_in_each_format(capsys, built, fmt, check):
    store, _, _ = built
    code, out, _ = run(capsys, "query", COUNT_VILLAGES, "--store", store, "--format", fmt)
    assert code == 0 and check(out)


def test_query_from_a_file_gives_the_same_answer(capsys, built, tmp_path):
    store, _, _ = built
    (tmp_path / "q.rq").write_text(COUNT_VILLAGES, encoding="utf-8")
    _, direct, _ = run(capsys, "query", COUNT_VILLAGES, "--store", store, "--format", "csv")
    code, from_file, _ = run(capsys, "query", "--file", tmp_path / "q.rq", "--store", store,
                             "--format", "csv")
    assert code == 0 and from_file == direct and int(direct.split()[1]) >= 2


def test_query_list_names_the_queries_and_their_parameters(capsys):
    code, out, _ = run(capsys, "query", "--list")
    assert code == 0
    assert "honours-of-unit --param unit=…" in out and "units-under" in out


def test_named_query_binds_its_parameter(capsys, built):
    store, _, _ = built
    code, out, _ = run(capsys, "query", "--name", "entity", "--param", "entity=白马村",
                       "--store", store, "--format", "csv")
    assert code == 0
    assert "白马村" in out and "青石镇" in out


@pytest.mark.parametrize("argv, message", [
    (["--name", "no-such-query"], "no named query 'no-such-query'"),
    (["--name", "entity"], "entity takes --param entity=…"),
    (["--name", "entity", "--param", "entity=x", "--param", "other=y"], "takes --param"),
    (["--name", "entity", "--param", "entity=x", "--param", "entity=y"], "given twice"),
    (["SELECT * WHERE { ?s ?p ?o } LIMIT 1", "--param", "a=b"], "--param goes with --name"),
    (["SELEC * WHERE {}"], "not a SPARQL query"),
    (["--file", "/nonexistent/q.rq"], "cannot read the query"),
])
def test_query_usage_errors_exit_2(capsys, built, argv, message):
    store, _, _ = built
    code, _, err = run(capsys, "query", *argv, "--store", store)
    assert code == 2
    assert err.startswith("kg: error: ") and message in err and "Traceback" not in err


# ── viz, validate, stats ────────────────────────────────────────────────────────────────

def test_viz_writes_a_page_with_the_graph(capsys, built, tmp_path):
    store, _, _ = built
    target = tmp_path / "pages" / "graph.html"
    code, out, _ = run(capsys, "viz", "--store", store, "-o", target)
    assert code == 0 and f"wrote {target}" in out
    page = target.read_text(encoding="utf-8")
    assert page.lstrip().lower().startswith("<!doctype html") and "青石镇" in page


def test_viz_focus_keeps_the_neighbourhood(capsys, built, tmp_path):
    store, _, _ = built
    code, _, _ = run(capsys, "viz", "--store", store, "-o", tmp_path / "g.html",
                     "--focus", "白马村", "--depth", "1")
    assert code == 0
    page = (tmp_path / "g.html").read_text(encoding="utf-8")
    assert "白马村" in page and "柳岸社区" not in page


def test_validate_passes_on_a_built_store(capsys, built):
    store, _, _ = built
    code, out, _ = run(capsys, "validate", "--store", store)
    assert code == 0 and out.startswith("conforms")


def test_validate_exits_1_on_a_violation(capsys, built, tmp_path):
    store = tmp_path / "store"
    shutil.copytree(built[0], store)
    bad = ("INSERT DATA { GRAPH <https://w3id.org/lgkg/id/graph/qingshi-0> { "
           "<https://w3id.org/lgkg/id/Village/无名> a <https://w3id.org/lgkg/ontology#Village> } }")
    code, out, _ = run(capsys, "query", bad, "--store", store, "--allow-update")
    assert code == 0 and out == "update applied\n"
    code, out, _ = run(capsys, "validate", "--store", store)
    assert code == 1
    assert out.startswith("does not conform") and "Village/无名" in out


def test_stats_counts_articles_classes_and_properties(capsys, built):
    store, _, _ = built
    code, out, _ = run(capsys, "stats", "--store", store)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "articles  3"
    counts = {k: int(v) for k, v in (line.split() for line in lines[1:5])}
    assert counts["entities"] >= 5 and counts["facts"] >= 2
    assert counts["evidence"] >= counts["facts"]
    assert any(line.split()[0] == "lgkg:Village" for line in lines if line.startswith("  "))
    assert any(line.split()[0] == "lgkg:partOf" for line in lines if line.startswith("  "))


def test_read_only_commands_refuse_a_store_being_written(capsys, built, tmp_path):
    store = tmp_path / "store"
    shutil.copytree(built[0], store)
    with Store(store):
        code, _, err = run(capsys, "stats", "--store", store)
    assert code == 1
    assert err.startswith("kg: error: ") and "being written" in err


# ── eval ────────────────────────────────────────────────────────────────────────────────

GOLD = {"id": "gold-qingshi", "source": "qingshi.txt", "subject": "青石镇",
        "entities": [{"type": "Town", "name": "青石镇"}, {"type": "Village", "name": "白马村"},
                     {"type": "Honor", "name": "省级文明镇"},
                     {"type": "District", "name": "云溪县", "optional": True}],
        "relations": [{"s": "白马村", "p": "partOf", "o": "青石镇"},
                      {"s": "青石镇", "p": "receivedHonor", "o": "省级文明镇"}]}


@pytest.fixture
def gold(tmp_path):
    path = tmp_path / "qingshi.json"
    path.write_text(json.dumps(GOLD, ensure_ascii=False), encoding="utf-8")
    return path


def test_eval_prints_scores_per_type_and_relation(capsys, built, gold):
    store, _, _ = built
    code, out, _ = run(capsys, "eval", gold, "--store", store)
    assert code == 0
    assert f"{gold} → article qingshi-0" in out
    for row in ("entities (micro)", "relations (micro)", "  Town", "  partOf"):
        assert row in out
    assert "missed" not in out


def test_eval_show_errors_and_json(capsys, built, gold, tmp_path):
    store, _, _ = built
    data = dict(GOLD, entities=GOLD["entities"] + [{"type": "Village", "name": "黑水村"}])
    gold.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, out, _ = run(capsys, "eval", gold, "--store", store, "--show-errors")
    assert code == 0 and "missed entity   Village 黑水村" in out
    code, out, _ = run(capsys, "eval", gold, "--store", store, "--json")
    report = json.loads(out)
    assert report["files"][0]["article"] == "qingshi-0"
    assert report["entities"]["by_type"]["Village"]["fn"] == 1
    assert set(report["relations"]["micro"]) == {"precision", "recall", "f1", "tp", "fp", "fn"}


def test_eval_of_a_broken_gold_file_names_it(capsys, built, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    code, _, err = run(capsys, "eval", bad, "--store", built[0])
    assert code == 1 and f"kg: error: {bad}: not a gold file" in err


# ── the installed entry point ───────────────────────────────────────────────────────────

def test_python_dash_m_kg_runs_the_cli(built):
    store, _, _ = built
    done = subprocess.run([sys.executable, "-m", "kg", "stats", "--store", str(store)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0 and done.stdout.startswith("articles  3")
    done = subprocess.run([sys.executable, "-m", "kg", "export", "--store", str(store.parent / "x")],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 2
    assert done.stderr.startswith("kg: error: no store at") and "Traceback" not in done.stderr


# Libraries a command loads only when it needs them: each costs a noticeable part of a
# second at start-up (extraction's tokenizer and lexicons, rdflib, the page, SHACL).
HEAVY = ("jieba", "rdflib", "networkx", "pyvis", "pyshacl", "opencc", "ahocorasick",
         "selectolax", "charset_normalizer", "kg.extract", "kg.corpus", "kg.pipeline")


@pytest.mark.parametrize("argv, allowed", [
    (["--help"], ()),
    (["stats"], ()),
    (["query", "--name", "hierarchy"], ()),
    (["query", "SELECT * WHERE { ?s ?p ?o } LIMIT 1"], ("rdflib",)),  # its grammar checks the text
])
def test_commands_import_only_what_they_use(built, argv, allowed):
    store, _, _ = built
    if argv != ["--help"]:
        argv = argv + ["--store", str(store)]
    probe = ("import sys, contextlib, io\n"
             "from kg.cli import main\n"
             "with contextlib.redirect_stdout(io.StringIO()):\n"
             "    try:\n"
             f"        main({argv!r})\n"
             "    except SystemExit:\n"
             "        pass\n"
             "print(' '.join(sorted(sys.modules)))\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          cwd=ROOT, check=True)
    loaded = set(done.stdout.split())
    assert "kg.cli" in loaded
    assert sorted(m for m in loaded if m.startswith(HEAVY) and not m.startswith(allowed)) == []


def test_a_one_process_build_imports_extraction_but_no_rdflib_page_server_client_or_pool(
        tmp_path):
    article = tmp_path / "qingshi.txt"
    article.write_text("云溪县青石镇白马村新建文化广场，总投资300万元。", encoding="utf-8")
    probe = ("import sys, contextlib, io\n"
             "from kg.cli import main\n"
             "with contextlib.redirect_stdout(io.StringIO()):\n"
             f"    code = main(['build', {str(article)!r}, '--store', {str(tmp_path / 'store')!r}])\n"
             "print(code, ' '.join(sorted(sys.modules)))\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          cwd=ROOT, check=True)
    code, *loaded = done.stdout.split()
    assert code == "0" and "kg.extract" in loaded
    assert sorted(m for m in loaded if m.startswith(("rdflib", "networkx", "pyvis", "pyshacl",
                                                      "tqdm", "kg.endpoint", "kg.query",
                                                      "kg.viz", "kg.validate",
                                                      "multiprocessing", "concurrent"))) == []


def _kg_with_terminal(argv: list[str], cwd: Path) -> tuple[int, str, str]:
    """Run ``python -m kg`` with stderr on a pseudo-terminal: what the terminal showed."""
    import os
    import pty
    import select

    leader, follower = pty.openpty()
    child = subprocess.Popen([sys.executable, "-m", "kg", *argv], stdout=subprocess.PIPE,
                             stderr=follower, cwd=cwd)
    # The follower stays open here until the child is done: Linux drops what is still
    # buffered once the last follower closes.
    shown = b""
    try:
        out = child.communicate(timeout=300)[0]
        while select.select([leader], [], [], 0.5)[0]:
            shown += os.read(leader, 65536)
    finally:
        os.close(follower)
        os.close(leader)
    return child.returncode, out.decode(), shown.decode(errors="replace")


def test_build_shows_a_progress_bar_on_a_terminal_and_keeps_the_summary(tmp_path):
    corpus = write_corpus(tmp_path / "in")
    code, out, shown = _kg_with_terminal(["build", str(corpus), "--store",
                                          str(tmp_path / "store")], ROOT)
    assert code == 0
    assert "3 articles" in shown and "articles/s" in shown and "written 3" in shown
    assert out.startswith("articles read 3, written 3,")  # the summary, on stdout


def test_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path):
    corpus = write_corpus(tmp_path / "in")
    done = subprocess.run([sys.executable, "-m", "kg", "build", str(corpus), "--store",
                           str(tmp_path / "store")], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0 and done.stderr == ""
    assert done.stdout.startswith("articles read 3, written 3,")
