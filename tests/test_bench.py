"""bench/corpus.py: the benchmark corpus (a smoke run of its generator; no timings here)."""
from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import corpus  # noqa: E402


def test_realstyle_copies_rename_towns_villages_and_communities_keeping_suffixes():
    template = ("云溪县青石镇白马村、柳岸社区获评示范村（社区）。青石镇党委书记说，白马村将再接再厉。",
                ["白马村", "柳岸社区", "青石镇"])
    names = corpus._Names(random.Random(3))
    one = corpus.realstyle_article(random.Random(1), names, template)
    two = corpus.realstyle_article(random.Random(1), names, template)
    for text in (one, two):
        assert "白马村" not in text and "柳岸社区" not in text and "青石镇" not in text
        assert text.startswith("云溪县") and text.count("镇") == 2 and "社区获评" in text
    assert one != two  # each copy names other places, so the graph grows


def test_a_template_without_gold_names_is_used_as_it_is():
    names = corpus._Names(random.Random(3))
    assert corpus.realstyle_article(random.Random(1), names, ("全文。", [])) == "全文。"


def test_the_corpus_is_the_same_for_a_seed_and_mixes_both_styles(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    assert corpus.write_corpus(a, 12, seed=5, realstyle=0.5) == corpus.write_corpus(
        b, 12, seed=5, realstyle=0.5)
    texts = [p.read_text(encoding="utf-8") for p in sorted(a.glob("*.txt"))]
    assert texts == [p.read_text(encoding="utf-8") for p in sorted(b.glob("*.txt"))]
    invented = [t for t in texts if "本报记者" in t]
    assert 0 < len(invented) < len(texts)


def test_the_corpus_does_not_depend_on_the_interpreters_string_hashing(tmp_path):
    import os
    import subprocess

    for hash_seed in ("0", "5"):
        subprocess.run([sys.executable, corpus.__file__, str(tmp_path / hash_seed), "--articles", "40",
                        "--seed", "2", "--realstyle", "1"], check=True, capture_output=True,
                       env={**os.environ, "PYTHONHASHSEED": hash_seed})
    assert [p.read_bytes() for p in sorted((tmp_path / "0").glob("*.txt"))] == \
        [p.read_bytes() for p in sorted((tmp_path / "5").glob("*.txt"))]


def test_a_small_run_of_the_benchmark_reports_every_figure_of_the_issue(tmp_path):
    """A smoke run (four articles, two rounds): every row of issue 11's table is filled,
    every named query has its line, and the stores built with --jobs 1 and 2 are the same."""
    import json
    import subprocess

    from kg.query import list_queries

    out = tmp_path / "results.md"
    done = subprocess.run([sys.executable, str(Path(corpus.__file__).with_name("run.py")),
                           "--articles", "4", "--jobs", "1", "2", "--repeat", "2",
                           "--rdflib-budget", "60",
                           "--skip-viz", "--workdir", str(tmp_path / "work"), "--out", str(out)],
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    report = out.read_text(encoding="utf-8")
    for row in ("`jieba.lcut` over the same text", "build `--jobs 1` vs `jieba.lcut`",
                "build `--jobs 2` |", "one-article build, cold process", "unchanged rebuild |",
                "rebuild with one article changed", "bytes per input character", "peak RSS, build",
                "the same on text that never repeats"):
        assert f"| {row}" in report or row in report, row
    # the ratios are taken within each of the two rounds, and their spread is shown
    ratio = next(x for x in report.splitlines() if "build `--jobs 1` vs `jieba.lcut`" in x)
    assert "over 2 rounds" in ratio, ratio
    assert "are identical (N-Quads byte for byte, less each graph's `prov:generatedAtTime`): **yes**" \
        in report
    for q in list_queries():
        assert f"\n| {q.name} | " in report, q.name
    # queries with a parameter are timed again on a typical unit, and their row says so
    line = next(x for x in report.splitlines() if x.startswith("| units-under | "))
    assert not line.rstrip(" |").endswith("—"), line
    figures = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    assert figures["cold_one_article"]["summary"].startswith("articles read 1, written 1")
    assert len(figures["builds"]["1"]["vs_jieba_runs"]) == len(figures["jieba"]["runs"]) == 2
    changed = figures["rebuild_one_changed"]
    assert (changed["written"], changed["unchanged"]) == (1, 3)
    assert figures["rdflib"]["queries"], "the rdflib comparison ran no query"
    distinct = figures["distinct"]
    assert distinct["failed"] == 0 and distinct["articles"] > 50 and distinct["vs_jieba"] > 0
    assert figures["builds"]["2"]["worker_peak_mib"] > 50  # the workers' memory is seen


def test_the_never_repeating_step_extracts_every_article_again_in_a_used_workdir(tmp_path):
    """A second run in the same work directory must not find its articles stored already
    (it would time hash checks, not extraction)."""
    import run

    warm = tmp_path / "warm"
    corpus.write_corpus(warm, 2, seed=1, realstyle=0.5)
    store = str(tmp_path / "store-distinct")
    first = run.step_distinct(str(warm), store)
    second = run.step_distinct(str(warm), store)
    assert first["written"] == second["written"] == second["articles"] > 50
