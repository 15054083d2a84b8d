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
