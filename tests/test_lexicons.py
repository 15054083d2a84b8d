"""Lexicons as data: the shipped files, a user's additions through ``kg build --lexicon``,
re-extraction when a lexicon changes, and bad files named by file and line."""
from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from kg import lexicons
from kg.cli import main
from kg.errors import LexiconError
from kg.extract import programs
from kg.model import Article

SHIPPED = Path(lexicons.__file__).parent
ARTICLE = "云溪县青石镇推行山林夜话，群众踊跃参与。\n"
USER = '[programs]\n# a county\'s own program\nnames = ["山林夜话"]\n'


@pytest.fixture(autouse=True)
def shipped_only():
    lexicons.configure(())
    yield
    lexicons.configure(())


def program_names(text: str) -> list[str]:
    return [m.name for m in programs.find(Article("t-0", "t", 0, text, text, ()))]


def test_every_shipped_file_is_one_table_of_word_arrays():
    files = sorted(SHIPPED.glob("*.toml"))
    assert {"honours.toml", "programs.toml"} <= {f.name for f in files}
    for path in files:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        assert list(data) == [path.stem], path
        for key, words in data[path.stem].items():
            assert isinstance(words, list) and all(isinstance(w, str) and w for w in words), key


def test_a_user_file_adds_words_to_the_shipped_ones(tmp_path):
    user = tmp_path / "mine.toml"
    user.write_text('[honours]\nstrong_cues = ["喜提"]\n', encoding="utf-8")
    before = lexicons.words("honours", "strong_cues")
    lexicons.configure([user])
    after = lexicons.words("honours", "strong_cues")
    assert after[:len(before)] == before and after[len(before):] == ("喜提",)
    assert lexicons.digest()
    lexicons.configure(())
    assert lexicons.words("honours", "strong_cues") == before and lexicons.digest() == ""


def test_a_user_program_name_is_found_only_with_the_lexicon(tmp_path):
    user = tmp_path / "mine.toml"
    user.write_text(USER, encoding="utf-8")
    assert "山林夜话" not in program_names(ARTICLE)
    lexicons.configure([user])
    assert "山林夜话" in program_names(ARTICLE)


def test_a_judgement_kept_per_name_follows_the_lexicons(tmp_path):
    # is_title is cached name by name across articles: a user's not_titles word must still count
    from kg.extract import honours
    user = tmp_path / "mine.toml"
    user.write_text('[honours]\nnot_titles = ["青岭县生态示范村"]\n', encoding="utf-8")
    assert honours.is_title("青岭县生态示范村")
    lexicons.configure([user])
    assert not honours.is_title("青岭县生态示范村")
    lexicons.configure(())
    assert honours.is_title("青岭县生态示范村")


@pytest.mark.parametrize("content, line, words", [
    ('[programs]\nnames = ["甲"\n', 2, "not valid TOML"),
    ('[programs]\ncues = ["开展"]\nslogans = ["甲"]\n', 3, "unknown key 'slogans'"),
    ('# mine\n[awards]\nnames = ["甲"]\n', 2, "unknown lexicon [awards]"),
    ('[honours]\n\nholders = "村"\n', 3, "must be an array of non-empty strings"),
    ('[honours]\nholders = ["村", 3]\n', 2, "must be an array of non-empty strings"),
])
def test_a_bad_file_is_named_with_its_line(tmp_path, content, line, words):
    bad = tmp_path / "bad.toml"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(LexiconError) as caught:
        lexicons.configure([bad])
    message = str(caught.value)
    assert str(bad) in message and f"line {line}" in message and words in message
    assert lexicons.configured_paths() == () and lexicons.digest() == ""


def build(capsys, corpus: Path, store: Path, *lexicon_files: Path, jobs: int = 1) -> dict:
    argv = ["build", str(corpus), "--store", str(store), "--jobs", str(jobs)]
    for path in lexicon_files:
        argv += ["--lexicon", str(path)]
    code = main(argv)
    out, err = capsys.readouterr()
    assert code == 0, err
    counts = out.split(" in ")[0]
    return {k: int(v) for k, v in (part.rsplit(" ", 1) for part in
                                   counts.replace("articles read", "read").split(", "))}


def implementers(capsys, store: Path) -> set[tuple[str, str]]:
    code = main(["query", "--store", str(store), "--name", "programs", "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    rows = json.loads(out)["results"]["bindings"]
    return {(r["unit_name"]["value"], r["program_name"]["value"]) for r in rows if "unit_name" in r}


def test_kg_build_lexicon_end_to_end_and_the_rebuild_re_extracts(tmp_path, capsys):
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.txt").write_text(ARTICLE, encoding="utf-8")
    store = tmp_path / "store"
    user = tmp_path / "mine.toml"
    user.write_text(USER, encoding="utf-8")

    assert build(capsys, corpus, store)["written"] == 1
    assert ("青石镇", "山林夜话") not in implementers(capsys, store)

    assert build(capsys, corpus, store, user)["written"] == 1  # the lexicon changed the version
    assert ("青石镇", "山林夜话") in implementers(capsys, store)
    assert build(capsys, corpus, store, user)["unchanged"] == 1

    user.write_text(USER.replace('"]', '", "三清一改"]'), encoding="utf-8")
    assert build(capsys, corpus, store, user)["written"] == 1  # its content, not its path


def test_spawned_workers_get_the_same_lexicons(tmp_path, capsys):
    corpus = tmp_path / "in"
    corpus.mkdir()
    for i in range(3):
        (corpus / f"a{i}.txt").write_text(ARTICLE.replace("青石", "青石白水红土"[i:i + 2]),
                                          encoding="utf-8")
    user = tmp_path / "mine.toml"
    user.write_text(USER, encoding="utf-8")
    assert build(capsys, corpus, tmp_path / "store", user, jobs=2)["written"] == 3
    found = {unit for unit, program in implementers(capsys, tmp_path / "store")
             if program == "山林夜话"}
    assert found == {"青石镇", "石白镇", "白水镇"}


def test_a_bad_lexicon_stops_the_build_before_any_article_is_read(tmp_path, capsys):
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.txt").write_text(ARTICLE, encoding="utf-8")
    bad = tmp_path / "bad.toml"
    bad.write_text('[programs]\nnames = ["山林夜话",\n', encoding="utf-8")
    code = main(["build", str(corpus), "--store", str(tmp_path / "store"), "--lexicon", str(bad)])
    _, err = capsys.readouterr()
    assert code == 2
    assert err.startswith("kg: error: ") and str(bad) in err and "line " in err
    assert not (tmp_path / "store").exists()
