"""Extraction quality, end to end: build the articles into a real store, score with `kg eval`.

The bars are those of the extraction issue. The held-out, real-style and unseen sets were written
by people who never saw the extractor; the unseen set was also kept from those tuning it (see its
README), so it is the nearest estimate of quality on articles nobody here wrote.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"

SETS = {
    # name: (inputs, gold files, entity F1 bar, relation F1 bar)
    "seed": ([ROOT / "seeds"], sorted((FIXTURES / "gold").glob("seed-*.json")), 0.92, 0.85),
    "own": ([FIXTURES / "articles"], sorted((FIXTURES / "articles").glob("*.gold.json")), 0.90, 0.80),
    "heldout": ([FIXTURES / "heldout"], sorted((FIXTURES / "heldout").glob("*.gold.json")), 0.85, 0.75),
    # Invented articles in the styles of real reports, written blind to kg/ (see its README);
    # the issue asks for 0.90 / 0.80 here.
    "realstyle": ([FIXTURES / "realstyle"], sorted((FIXTURES / "realstyle").glob("*.gold.json")),
                  0.90, 0.80),
    # Written apart from the rules and kept out of the repository while they were tuned.
    "unseen": ([FIXTURES / "unseen"], sorted((FIXTURES / "unseen").glob("*.gold.json")),
               0.90, 0.80),
}


def kg(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=1200)


@pytest.fixture(scope="module", params=sorted(SETS))
def scores(request, tmp_path_factory):
    inputs, golds, entity_bar, relation_bar = SETS[request.param]
    assert golds, f"no gold files for {request.param}"
    store = tmp_path_factory.mktemp(request.param) / "store"
    built = kg("build", *map(str, inputs), "--store", str(store))
    assert built.returncode == 0, built.stdout + built.stderr
    evaluated = kg("eval", *map(str, golds), "--store", str(store), "--json")
    assert evaluated.returncode == 0, evaluated.stderr
    return json.loads(evaluated.stdout), entity_bar, relation_bar


def test_typed_entity_f1_meets_the_bar(scores):
    report, entity_bar, _ = scores
    assert report["entities"]["micro"]["f1"] >= entity_bar, report["entities"]["micro"]


def test_relation_f1_meets_the_bar(scores):
    report, _, relation_bar = scores
    assert report["relations"]["micro"]["f1"] >= relation_bar, report["relations"]["micro"]
