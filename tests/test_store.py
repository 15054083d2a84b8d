"""The store: writer lock, one-transaction replacement, deterministic atomic exports."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import QueryError, StoreError, StoreLockedError
from kg.rdf import ID, ONT, article_graph, article_iri
from kg.store import LOCK_NAME, Store

P = ox.NamedNode("https://example.org/p")
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"


def article_quads(article_id: str, n: int = 3, tag: str = "v1") -> list[ox.Quad]:
    """n facts in the article's graph plus its metadata, as kg.rdf lays them out."""
    g, a = article_graph(article_id), article_iri(article_id)
    quads = [ox.Quad(ox.NamedNode(f"{ID}Town/{article_id}-{i}"), P, ox.Literal(f"{tag}-{i}"), g)
             for i in range(n)]
    quads += [ox.Quad(a, LABEL, ox.Literal(f"{article_id} {tag}")),
              ox.Quad(g, LABEL, ox.Literal(article_id))]
    return quads


def graph_size(store: Store, article_id: str) -> int:
    return len(list(store.db.quads_for_pattern(None, None, None, article_graph(article_id))))


# ── replacing articles ──────────────────────────────────────────────────────────────────

def test_replace_article_swaps_graph_and_metadata(tmp_path):
    with Store(tmp_path / "s") as store:
        store.replace_article("a-0", "h1", article_quads("a-0", 3, "v1"))
        store.replace_article("b-0", "h1", article_quads("b-0", 2, "v1"))
        store.replace_article("a-0", "h2", article_quads("a-0", 1, "v2"))
        assert store.article_hash("a-0") == "h2"
        assert store.article_hash("b-0") == "h1"
        assert store.article_hash("c-0") is None
        assert store.article_ids() == ["a-0", "b-0"]
        assert (graph_size(store, "a-0"), graph_size(store, "b-0")) == (1, 2)
        labels = {q.object.value for q in store.db.quads_for_pattern(
            article_iri("a-0"), LABEL, None, ox.DefaultGraph())}
        assert labels == {"a-0 v2"}  # the old metadata is gone, not merged


def test_store_owns_the_content_hash(tmp_path):
    quads = article_quads("a-0") + [ox.Quad(article_iri("a-0"), ox.NamedNode(ONT + "contentHash"),
                                            ox.Literal("stale"))]
    with Store(tmp_path / "s") as store:
        store.replace_article("a-0", "fresh", quads)
        assert store.article_hash("a-0") == "fresh"


@pytest.mark.parametrize("stray", [
    ox.Quad(ox.NamedNode(ID + "x"), P, ox.Literal("1"), article_graph("other-0")),
    ox.Quad(ox.NamedNode(ID + "x"), P, ox.Literal("1"), ox.DefaultGraph()),
])
def test_quads_outside_the_article_are_refused_and_nothing_changes(tmp_path, stray):
    with Store(tmp_path / "s") as store:
        store.replace_article("a-0", "h1", article_quads("a-0"))
        before = store.quads()
        with pytest.raises(StoreError, match="outside the article"):
            store.replace_article("a-0", "h2", article_quads("a-0", 5) + [stray])
        assert store.quads() == before


def test_remove_article(tmp_path):
    with Store(tmp_path / "s") as store:
        store.replace_article("a-0", "h", article_quads("a-0"))
        store.replace_article("b-0", "h", article_quads("b-0"))
        assert store.remove_article("a-0") is True
        assert store.remove_article("a-0") is False
        assert store.article_ids() == ["b-0"] and graph_size(store, "a-0") == 0
        assert all(q.subject != article_iri("a-0") for q in store.quads())


def owned_quads(article_id: str, tag: str = "v1") -> list[ox.Quad]:
    """A sentence, its evidence and a figure in the default graph, linked as kg.rdf links
    them: sentence → lgkg:article, evidence and figure → lgkg:sentence, entity → figure."""
    a, d = article_iri(article_id), ox.DefaultGraph()
    sentence = ox.NamedNode(f"{ID}sentence/{article_id}/0-9")
    evidence = ox.NamedNode(f"{ID}evidence/{article_id}/{tag}")
    figure = ox.NamedNode(f"{ID}figure/{article_id}/{tag}")
    return [ox.Quad(sentence, ox.NamedNode(ONT + "article"), a, d),
            ox.Quad(sentence, ox.NamedNode(ONT + "startOffset"), ox.Literal(0), d),
            ox.Quad(evidence, ox.NamedNode(ONT + "sentence"), sentence, d),
            ox.Quad(evidence, ox.NamedNode(RDF + "type"), ox.NamedNode(ONT + "Evidence"), d),
            ox.Quad(figure, ox.NamedNode(ONT + "sentence"), sentence, d),
            ox.Quad(figure, LABEL, ox.Literal(tag), d),
            ox.Quad(ox.NamedNode(f"{ID}Town/{article_id}-0"), ox.NamedNode(ONT + "hasFigure"), figure, d)]


def default_subjects(store: Store) -> set[str]:
    return {q.subject.value for q in store.db.quads_for_pattern(None, None, None, ox.DefaultGraph())}


def test_replacing_or_removing_an_article_takes_the_nodes_it_owns(tmp_path):
    with Store(tmp_path / "s") as store:
        store.replace_article("a-0", "h1", article_quads("a-0") + owned_quads("a-0", "v1"))
        store.replace_article("b-0", "h1", article_quads("b-0") + owned_quads("b-0"))
        assert len(store.article_quads("a-0")) == 5 + 7 + 2  # with its hash and id
        store.replace_article("a-0", "h2", article_quads("a-0") + owned_quads("a-0", "v2"))
        owned = {s for s in default_subjects(store) if "/a-0/" in s}
        assert owned == {f"{ID}sentence/a-0/0-9", f"{ID}evidence/a-0/v2", f"{ID}figure/a-0/v2"}
        assert {q.object.value for q in store.db.quads_for_pattern(
            ox.NamedNode(f"{ID}figure/a-0/v2"), LABEL, None, ox.DefaultGraph())} == {"v2"}
        store.remove_article("a-0")
        assert not {s for s in default_subjects(store) if "/a-0/" in s}
        assert {s for s in default_subjects(store) if "/b-0/" in s} == {
            f"{ID}sentence/b-0/0-9", f"{ID}evidence/b-0/v1", f"{ID}figure/b-0/v1"}
        assert set(store.article_quads("b-0")) >= set(owned_quads("b-0"))
        assert not list(store.db.quads_for_pattern(  # the link to a removed figure went too
            None, ox.NamedNode(ONT + "hasFigure"), ox.NamedNode(f"{ID}figure/a-0/v1"), None))


@pytest.mark.parametrize("orphan", [
    ox.Quad(ox.NamedNode(f"{ID}sentence/a-0/5-7"), ox.NamedNode(ONT + "startOffset"),
            ox.Literal(5), ox.DefaultGraph()),
    ox.Quad(ox.NamedNode(f"{ID}evidence/a-0/x"), LABEL, ox.Literal("x"), ox.DefaultGraph()),
    ox.Quad(ox.NamedNode(f"{ID}sentence/a-0/5-7"), ox.NamedNode(ONT + "article"),
            article_iri("b-0"), ox.DefaultGraph()),
])
def test_an_owned_node_the_store_could_not_find_again_is_refused(tmp_path, orphan):
    with Store(tmp_path / "s") as store:
        with pytest.raises(StoreError, match="not reachable from the article"):
            store.replace_article("a-0", "h", article_quads("a-0") + [orphan])
        assert store.quads() == []


def test_hostile_literals_survive_the_update_text(tmp_path):
    values = ['x" } ; DROP ALL ; INSERT DATA { <a> <b> "c', "\\u0022", "a\\", "\u2028\x00\x7f",
              "'''", '"""', "#", "<script>", "𠀀"]
    g = article_graph("a-0")
    quads = [ox.Quad(ox.NamedNode(f"{ID}x{i}"), P, ox.Literal(v), g) for i, v in enumerate(values)]
    with Store(tmp_path / "s") as store:
        store.replace_article("b-0", "h", article_quads("b-0"))
        store.replace_article("a-0", "h", quads)
        assert {q.object.value for q in store.db.quads_for_pattern(None, P, None, g)} == set(values)
        assert graph_size(store, "b-0") == 3


# ── locking ─────────────────────────────────────────────────────────────────────────────

def test_second_writer_fails_at_once_naming_the_holder(tmp_path):
    with Store(tmp_path / "s"):
        with pytest.raises(StoreLockedError, match=f"process {os.getpid()}"):
            Store(tmp_path / "s").open()
        with pytest.raises(StoreLockedError, match="being written"):
            Store(tmp_path / "s", read_only=True).open()
    with Store(tmp_path / "s") as store:  # released on close
        store.replace_article("a-0", "h", article_quads("a-0"))


def test_writer_waits_for_no_reader(tmp_path):
    with Store(tmp_path / "s") as store:
        store.replace_article("a-0", "h", article_quads("a-0"))
    with Store(tmp_path / "s", read_only=True) as one, Store(tmp_path / "s", read_only=True) as two:
        assert one.article_ids() == two.article_ids() == ["a-0"]
        with pytest.raises(StoreLockedError, match="reader"):
            Store(tmp_path / "s").open()


def test_lock_held_by_another_process(tmp_path):
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys, time
            from kg.store import Store
            with Store({str(tmp_path / "s")!r}):
                print("ready", flush=True)
                sys.stdin.readline()
        """)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=Path.cwd())
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreLockedError, match=f"process {holder.pid}") as err:
            Store(tmp_path / "s").open()
        assert "only one process may write" in str(err.value)
    finally:
        holder.communicate("\n", timeout=30)
    with Store(tmp_path / "s"):
        pass


def test_a_killed_writer_leaves_whole_articles_and_no_lock(tmp_path):
    """SIGKILL in the middle of a stream of replacements: every article in the store is
    complete (its graph, metadata and hash together), and the store opens again."""
    script = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        from test_store import article_quads
        from kg.store import Store
        with Store({str(tmp_path / "s")!r}) as store:
            for i in range(100000):
                store.replace_article(f"a-{{i % 50}}", f"h{{i}}", article_quads(f"a-{{i % 50}}", 40 + i % 7, f"v{{i}}"))
                if i == 60:
                    print("going", flush=True)
    """)
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True,
                             cwd=Path.cwd())
    assert child.stdout.readline().strip() == "going"
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    with Store(tmp_path / "s") as store:
        ids = store.article_ids()
        assert len(ids) == 50
        for article_id in ids:
            i = int(store.article_hash(article_id)[1:])
            assert graph_size(store, article_id) == 40 + i % 7
            tags = {q.object.value.split("-")[0] for q in store.db.quads_for_pattern(
                None, P, None, article_graph(article_id))}
            assert tags == {f"v{i}"}


def test_a_killed_writer_of_new_articles_leaves_whole_batches(tmp_path):
    """SIGKILL while batches of articles new to the store are bulk loaded: each batch is
    in the store whole or not at all, and the store opens again."""
    script = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        from test_store import article_quads, nquads
        from kg.store import Store
        with Store({str(tmp_path / "s")!r}) as store:
            for b in range(100000):
                store.replace_articles([(f"a-{{b}}-{{i}}", f"h{{b}}", nquads(article_quads(f"a-{{b}}-{{i}}", 30)), False)
                                        for i in range(20)])
                if b == 30:
                    print("going", flush=True)
    """)
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True,
                             cwd=Path.cwd())
    assert child.stdout.readline().strip() == "going"
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    with Store(tmp_path / "s") as store:
        ids = store.article_ids()
        batches = {article_id.split("-")[1] for article_id in ids}
        assert len(batches) > 30
        assert len(ids) == 20 * len(batches)
        assert all(graph_size(store, article_id) == 30 for article_id in ids)


def test_a_batch_with_an_unreadable_article_writes_none_of_it(tmp_path):
    good = nquads(article_quads("a-1"))
    with Store(tmp_path / "s") as store:
        with pytest.raises(StoreError, match="cannot write the articles"):
            store.replace_articles([("a-1", "h", good, False),
                                    ("a-2", "h", b"<https://x/a> <https://x/b> .\n", False)])
        assert store.article_ids() == []
        store.replace_articles([("a-1", "h", good, False)])
        assert store.article_ids() == ["a-1"]


def test_read_only_store(tmp_path):
    with pytest.raises(StoreError, match="no store"):
        Store(tmp_path / "missing", read_only=True).open()
    with Store(tmp_path / "s") as store:
        store.replace_article("a-0", "h", article_quads("a-0"))
    with Store(tmp_path / "s", read_only=True) as store:
        with pytest.raises(StoreError, match="read-only"):
            store.replace_article("a-0", "h", [])
        with pytest.raises(StoreError, match="read-only"):
            store.update("DROP ALL")
        assert store.article_hash("a-0") == "h"


def test_closed_store_says_so(tmp_path):
    store = Store(tmp_path / "s")
    with pytest.raises(StoreError, match="not open"):
        store.article_ids()


# ── querying ────────────────────────────────────────────────────────────────────────────

def test_query_sees_every_graph_and_the_metadata(tmp_path):
    with Store(tmp_path / "s") as store:
        store.replace_article("a-0", "h", article_quads("a-0"))
        rows = list(store.query("SELECT ?s WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> "
                                "?l } ORDER BY ?s"))
        assert [r[0] for r in rows] == [article_iri("a-0"), article_graph("a-0")]
        assert len(list(store.query("SELECT * WHERE { ?s <https://example.org/p> ?o }"))) == 3
        assert list(store.query("SELECT * WHERE { ?s <https://example.org/p> ?o }",
                                union=False)) == []


def test_query_bindings_are_values(tmp_path):
    with Store(tmp_path / "s") as store:
        store.replace_article("a-0", "h", article_quads("a-0"))
        q = "SELECT ?o ?s WHERE { ?s <https://example.org/p> ?o }"
        rows = list(store.query(q, bindings={"o": ox.Literal("v1-1")}))
        assert [r["s"].value for r in rows] == [f"{ID}Town/a-0-1"]
        assert list(store.query(q, bindings={"o": ox.Literal('v1-1" || true || "')})) == []


def test_query_errors_are_query_errors(tmp_path):
    with Store(tmp_path / "s") as store:
        with pytest.raises(QueryError, match="syntax"):
            store.query("SELECT WHERE")


# ── exports ─────────────────────────────────────────────────────────────────────────────

FORMATS = ["turtle", "trig", "nquads", "ntriples", "jsonld"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_exports_do_not_depend_on_insertion_order(tmp_path, fmt):
    ids = [f"n-{i}" for i in range(6)]
    for name, order in (("one", ids), ("two", ids[::-1])):
        with Store(tmp_path / name) as store:
            for article_id in order:
                store.replace_article(article_id, "h", article_quads(article_id, 4))
            store.export(fmt, tmp_path / f"{name}.{fmt}")
    one, two = (tmp_path / f"one.{fmt}").read_bytes(), (tmp_path / f"two.{fmt}").read_bytes()
    assert one == two and len(one) > 500


def test_turtle_holds_each_triple_once_and_trig_keeps_graphs(tmp_path):
    shared = ox.Triple(ox.NamedNode(ID + "Town/1"), LABEL, ox.Literal("青石镇", language="zh"))
    with Store(tmp_path / "s") as store:
        for article_id in ("a-0", "b-0"):
            store.replace_article(article_id, "h", [ox.Quad(*shared, article_graph(article_id))])
        turtle = store.serialize("turtle").decode()
        trig = store.serialize("trig").decode()
    assert turtle.count('"青石镇"@zh') == 1
    assert trig.count('"青石镇"@zh') == 2
    header = [line for line in turtle.splitlines() if line.startswith("@prefix")]
    assert header == sorted(header) and "@prefix lgkg: <https://w3id.org/lgkg/ontology#> ." in header


def test_export_is_atomic(tmp_path, monkeypatch):
    target = tmp_path / "graph.ttl"
    target.write_text("old and whole\n")
    with Store(tmp_path / "s") as store:
        store.replace_article("a-0", "h", article_quads("a-0"))

        def crash(src, dst):
            raise OSError("disk full")
        monkeypatch.setattr(os, "replace", crash)
        with pytest.raises(OSError):
            store.export("turtle", target)
        assert target.read_text() == "old and whole\n"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.ttl", "s"]
        monkeypatch.undo()
        store.export("turtle", target)
        assert target.read_bytes() == store.serialize("turtle")
    with pytest.raises(StoreError, match="unknown export format"):
        with Store(tmp_path / "s") as store:
            store.serialize("rdfxml")


def test_dataset_and_union_graph(tmp_path):
    with Store(tmp_path / "s") as store:
        store.replace_article("a-0", "h", article_quads("a-0"))
        store.replace_article("b-0", "h", article_quads("b-0"))
        ds, union, n = store.dump_dataset(), store.union_graph(), len(store.quads())
    assert len(list(ds.quads((None, None, None, None)))) == n
    assert len(union) == 3 + 3 + 2 * 4  # facts, plus label, hash, identifier, graph label each


def test_lock_file_lives_in_the_store(tmp_path):
    with Store(tmp_path / "s"):
        assert (tmp_path / "s" / LOCK_NAME).read_text().strip() == str(os.getpid())
    assert (tmp_path / "s" / LOCK_NAME).read_text() == ""


def test_reopening_a_writer_leaves_no_old_info_logs(tmp_path):
    for tag in ("v1", "v2", "v3"):
        with Store(tmp_path / "s") as store:
            store.replace_article("a-0", tag, article_quads("a-0", 2, tag))
    assert not list((tmp_path / "s").glob("LOG*"))
    with Store(tmp_path / "s", read_only=True) as store:
        assert store.article_hash("a-0") == "v3"


# ── N-Quads from kg.rdf, checked line by line ───────────────────────────────────────────

def nquads(quads: list[ox.Quad]) -> bytes:
    return ox.serialize(quads, format=ox.RdfFormat.N_QUADS)


def test_nquads_are_checked_like_quads_and_kept_byte_for_byte():
    from kg.store import encode_article
    good = article_quads("a-0") + owned_quads("a-0")
    data = nquads(good)
    assert encode_article("a-0", data) is data
    stale = ox.Quad(article_iri("a-0"), ox.NamedNode(ONT + "contentHash"), ox.Literal("x"))
    assert set(ox.parse(encode_article("a-0", nquads(good + [stale])),
                        format=ox.RdfFormat.N_QUADS)) == set(good)


@pytest.mark.parametrize("stray", [
    ox.Quad(ox.NamedNode(ID + "x"), P, ox.Literal("1"), article_graph("other-0")),
    ox.Quad(ox.NamedNode(ID + "x"), P, ox.Literal("1"), ox.DefaultGraph()),
    # an IRI of the article's graph as an object does not make a default-graph triple its own
    ox.Quad(ox.NamedNode(ID + "x"), P, article_graph("a-0"), ox.DefaultGraph()),
    ox.Quad(ox.NamedNode(ID + "x"), P, ox.Literal(f'<{ID}graph/a-0> .'), ox.DefaultGraph()),
    ox.Quad(ox.NamedNode(f"{ID}sentence/a-00/1-2"), P, ox.Literal("1"), ox.DefaultGraph()),
])
def test_nquads_outside_the_article_are_refused(stray):
    from kg.store import encode_article
    with pytest.raises(StoreError, match="outside the article"):
        encode_article("a-0", nquads(article_quads("a-0") + [stray]))


@pytest.mark.parametrize("line", [b"<a> <b> <c> <d> <e> .\n", b"<a> <b> c .\n", b"# a comment\n",
                                  b'<a> <b> "x\n" .\n', b"\xff\n"])
def test_unreadable_nquads_name_the_article(line):
    from kg.store import encode_article
    with pytest.raises(StoreError, match="article a-0") as err:
        encode_article("a-0", nquads(article_quads("a-0")) + line)
    assert "cannot read" in str(err.value) or "not UTF-8" in str(err.value)


def wal_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in path.glob("*.log"))


@pytest.mark.parametrize("keep_below, kept", [(0, False), (10**9, True)])
def test_closing_a_writer_drops_the_write_ahead_log_only_after_a_large_write(
        tmp_path, monkeypatch, keep_below, kept):
    import kg.store
    monkeypatch.setattr(kg.store, "KEEP_LOG_BYTES", keep_below)
    with Store(tmp_path / "s") as store:
        for i in range(200):
            store.replace_article(f"a-{i}", "h", article_quads(f"a-{i}", 20))
    assert (wal_bytes(tmp_path / "s") > 100_000) == kept
    with Store(tmp_path / "s") as store:  # nothing written: the log goes at this open
        pass
    assert wal_bytes(tmp_path / "s") < 100_000
    with Store(tmp_path / "s", read_only=True) as store:
        assert len(store.article_ids()) == 200
