"""kg/pipeline.py: incremental, parallel and fault-tolerant builds on invented articles."""
from __future__ import annotations

import os
import time
from dataclasses import replace

import pytest

import kg.pipeline as pipeline
from kg.errors import StoreError, StoreLockedError
from kg.model import Article
from kg.pipeline import Failure, build, content_hash, extractor_version
from kg.store import Store

ARTICLES = {
    "qingshi.txt": "云溪县青石镇白马村建成文化广场。青石镇荣获“省级文明镇”称号。",
    "donghu.txt": "东湖街道推行“网格长制”工作法。东湖街道柳岸社区新建养老服务中心。",
    "yunxi.txt": "云溪县红石乡黄土村获评“省级美丽乡村示范村”。",
}


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def dump(store_path) -> bytes:
    with Store(store_path, read_only=True) as store:
        out = store_path.parent / f"{store_path.name}.nq"
        store.export("nquads", str(out))
    return out.read_bytes()


def test_build_writes_each_article_once_and_skips_unchanged(corpus, tmp_path):
    store = tmp_path / "store"
    first = build([corpus], store)
    assert (first.articles_read, first.articles_written, first.articles_unchanged) == (3, 3, 0)
    assert first.failures == ()
    before = dump(store)
    second = build([corpus], store)
    assert (second.articles_read, second.articles_written, second.articles_unchanged) == (3, 0, 3)
    assert dump(store) == before


def test_force_rewrites_unchanged_articles(corpus, tmp_path):
    store = tmp_path / "store"
    build([corpus], store)
    again = build([corpus], store, force=True)
    assert (again.articles_written, again.articles_unchanged) == (3, 0)


def test_a_changed_file_rewrites_only_its_article(corpus, tmp_path):
    store = tmp_path / "store"
    build([corpus], store)
    (corpus / "yunxi.txt").write_text("云溪县红石乡蓝田村获评“省级卫生村”。", encoding="utf-8")
    again = build([corpus], store)
    assert (again.articles_written, again.articles_unchanged) == (1, 2)
    exported = dump(store).decode()
    assert "蓝田村" in exported and "黄土村" not in exported


def test_parallel_build_gives_the_same_store(corpus, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    one, two = tmp_path / "one", tmp_path / "two"
    assert build([corpus], one, jobs=1).articles_written == 3
    assert build([corpus], two, jobs=2).articles_written == 3
    assert dump(one) == dump(two)


def break_extraction_on(monkeypatch, marker: str) -> None:
    """Extraction raises, as a recogniser bug would, for every article holding ``marker``."""
    real = pipeline.extract

    def fragile(article):
        if marker in article.text:
            raise ValueError("recogniser bug")
        return real(article)

    monkeypatch.setattr(pipeline, "extract", fragile)


def test_failing_article_is_reported_and_the_others_kept(corpus, tmp_path, monkeypatch):
    break_extraction_on(monkeypatch, "网格长制")
    report = build([corpus], tmp_path / "store")
    assert report.articles_written == 2
    [failure] = report.failures
    assert failure.file.endswith("donghu.txt") and failure.article == "donghu-0"
    assert "recogniser bug" in failure.message
    assert "donghu.txt: donghu-0: ValueError: recogniser bug" in report.summary()


def test_unreadable_file_is_reported_by_name(corpus, tmp_path):
    (corpus / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    report = build([corpus], tmp_path / "store")
    assert report.articles_written == 3
    assert [f.file.endswith("photo.txt") for f in report.failures] == [True]


def test_two_files_claiming_one_article_id_do_not_overwrite_each_other(corpus, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    (other / "qingshi.txt").write_text("云溪县绿水镇新建污水处理厂。", encoding="utf-8")
    report = build([corpus, other], tmp_path / "store")
    assert report.articles_written == 3
    [failure] = report.failures
    assert failure.article == "qingshi-0" and "already taken" in failure.message
    assert "绿水镇" not in dump(tmp_path / "store").decode()


def test_a_second_build_fails_at_once_while_the_store_is_locked(corpus, tmp_path):
    store = tmp_path / "store"
    with Store(store):
        started = time.perf_counter()
        with pytest.raises(StoreLockedError):
            build([corpus], store)
        assert time.perf_counter() - started < 5


def test_progress_reports_every_article(corpus, tmp_path):
    events = []
    build([corpus], tmp_path / "store", progress=lambda event, key: events.append((event, key)))
    assert sorted(events) == [("written", "donghu-0"), ("written", "qingshi-0"),
                              ("written", "yunxi-0")]


# Runs in a spawned worker: must be importable at module level.
def dies_on_marker(article: Article) -> list | Failure:
    if "☠" in article.text:
        os._exit(9)
    return [article.id]


def _work(texts):
    for i, text in enumerate(texts):
        article = Article(f"a-{i}", "a.txt", i, text, text, ())
        yield pipeline._Work(article, str(i))


def test_a_dying_worker_fails_only_its_own_article():
    texts = ["一", "二", "☠", "三", "四", "五"]
    results = [(w.article.id, r) for w, r in pipeline._results(_work(texts), 2, dies_on_marker)]
    assert [key for key, _ in results] == [f"a-{i}" for i in range(6)]
    assert [r for _, r in results if not isinstance(r, Failure)] == [
        ["a-0"], ["a-1"], ["a-3"], ["a-4"], ["a-5"]]
    [failure] = [r for _, r in results if isinstance(r, Failure)]
    assert failure.article == "a-2" and "worker process died" in failure.message


def test_submitting_to_a_pool_a_worker_died_in_gives_a_failed_future_not_an_exception():
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool
    dying = Article("a-0", "a.txt", 0, "☠", "☠", ())
    pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
    try:
        with pytest.raises(BrokenProcessPool):
            pool.submit(dies_on_marker, dying).result()
        with pytest.raises(BrokenProcessPool):
            pool.submit(dies_on_marker, dying)  # the race: submit itself raises
        future = pipeline._submit(pool, dies_on_marker, dying)
        assert isinstance(future.exception(), BrokenProcessPool)
    finally:
        pool.shutdown(wait=True)


def test_parallel_results_keep_input_order():
    texts = [str(i) for i in range(12)]
    results = [r for _, r in pipeline._results(_work(texts), 2, dies_on_marker)]
    assert results == [[f"a-{i}"] for i in range(12)]


@pytest.mark.parametrize("change", [
    {"text": "东湖街道推行“网格长制”。"},
    {"title": "新标题"},
    {"source": "other/donghu.txt"},
])
def test_content_hash_changes_with_what_reaches_the_graph(change):
    article = Article("donghu-0", "donghu.txt", 0, "东湖街道推行网格长制。", "东湖街道推行网格长制。", ())
    assert content_hash(article, "1") != content_hash(replace(article, **change), "1")
    assert content_hash(article, "1") != content_hash(article, "2")
    assert content_hash(article, "1") == content_hash(replace(article), "1")


def test_extractor_version_names_the_package_and_the_code():
    version = extractor_version()
    assert version.startswith("0.") and "+" in version
    assert version == extractor_version()


def test_articles_a_file_no_longer_holds_are_removed(tmp_path):
    feed = tmp_path / "feed.jsonl"
    lines = ['{"id": "n1", "text": "青石镇白马村新建文化广场。"}',
             '{"id": "n2", "text": "东湖街道柳岸社区新建养老服务中心。"}']
    feed.write_text("\n".join(lines), encoding="utf-8")
    store = tmp_path / "store"
    assert build([feed], store).articles_written == 2
    feed.write_text(lines[0], encoding="utf-8")
    again = build([feed], store)
    assert (again.articles_unchanged, again.articles_removed) == (1, 1)
    with Store(store, read_only=True) as s:
        assert s.article_ids() == ["n1"]


@pytest.mark.parametrize("lookups", [100, 0])  # a query per file read, or one scan of all
def test_a_rebuilt_file_loses_the_articles_it_no_longer_holds_and_no_other_file_does(
        tmp_path, monkeypatch, lookups):
    monkeypatch.setattr(pipeline, "STALE_LOOKUPS", lookups)
    feed, other = tmp_path / "feed.jsonl", tmp_path / "other.jsonl"
    lines = ['{"id": "n1", "text": "青石镇白马村新建文化广场。"}',
             '{"id": "n2", "text": "东湖街道柳岸社区新建养老服务中心。"}']
    feed.write_text("\n".join(lines), encoding="utf-8")
    other.write_text('{"id": "o1", "text": "红岩镇新建垃圾中转站。"}', encoding="utf-8")
    store = tmp_path / "store"
    assert build([feed, other], store).articles_written == 3
    feed.write_text(lines[0], encoding="utf-8")
    again = build([feed], store)
    assert (again.articles_unchanged, again.articles_removed) == (1, 1)
    with Store(store, read_only=True) as s:
        assert s.article_ids() == ["n1", "o1"]


def test_a_file_with_an_unreadable_part_keeps_its_stored_articles(tmp_path):
    feed = tmp_path / "feed.jsonl"
    good = '{"id": "n1", "text": "青石镇白马村新建文化广场。"}'
    feed.write_text(good + '\n{"id": "n2", "text": "东湖街道柳岸社区新建养老服务中心。"}',
                    encoding="utf-8")
    store = tmp_path / "store"
    build([feed], store)
    feed.write_text(good + "\n{not json", encoding="utf-8")
    again = build([feed], store)
    assert (again.articles_removed, len(again.failures)) == (0, 1)
    with Store(store, read_only=True) as s:
        assert s.article_ids() == ["n1", "n2"]


def test_batches_spread_over_workers_give_the_same_export(corpus, tmp_path, monkeypatch):
    # One article per task, so that the three articles meet different workers and the
    # results arrive out of order; --jobs 0 takes every CPU.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    monkeypatch.setattr(pipeline, "TASK_BATCH_ARTICLES", 1)
    monkeypatch.setattr(pipeline, "WRITE_BATCH_ARTICLES", 2)
    one, spread = tmp_path / "one", tmp_path / "spread"
    assert build([corpus], one, jobs=1).articles_written == 3
    assert build([corpus], spread, jobs=0).articles_written == 3
    assert dump(one) == dump(spread)


def test_write_batches_grow_then_shrink_so_the_last_load_is_small(tmp_path, monkeypatch):
    # The last batch is loaded after the last article is extracted, with nothing left to
    # overlap it: it must be small, while the batches before it may be large.
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(100):
        (folder / f"a{i:03d}.txt").write_text(f"青石镇第{i}村建成文化广场。", encoding="utf-8")
    monkeypatch.setattr(pipeline, "WRITE_BATCH_ARTICLES", 16)
    monkeypatch.setattr(pipeline, "TAIL_BATCH_ARTICLES", 2)
    sizes: list[int] = []
    put = pipeline._Writer.put
    monkeypatch.setattr(pipeline._Writer, "put",
                        lambda self, batch: (batch and sizes.append(len(batch)), put(self, batch)))
    assert build([folder], tmp_path / "store").articles_written == 100
    assert sum(sizes) == 100 and max(sizes) == 16
    assert sizes[-1] <= 2


def test_a_changed_article_replaces_the_stored_one_within_a_batch(corpus, tmp_path):
    store = tmp_path / "store"
    build([corpus], store)
    (corpus / "qingshi.txt").write_text("云溪县青石镇白马村新建污水处理厂。", encoding="utf-8")
    (corpus / "new.txt").write_text("云溪县红石乡新建文化广场。", encoding="utf-8")
    report = build([corpus], store)
    assert (report.articles_written, report.articles_unchanged) == (2, 2)
    exported = dump(store).decode()
    assert "污水处理厂" in exported and "省级文明镇" not in exported and "红石乡" in exported
    with Store(store, read_only=True) as s:
        assert s.article_ids() == ["donghu-0", "new-0", "qingshi-0", "yunxi-0"]


def test_a_new_store_that_cannot_be_created_fails_the_build_with_its_path(tmp_path):
    # A new store is opened in a thread while the extractor warms up: its error still
    # reaches the caller, and nothing is read.
    (tmp_path / "taken").write_text("a file, not a folder", encoding="utf-8")
    article = tmp_path / "qingshi.txt"
    article.write_text("青石镇白马村新建文化广场。", encoding="utf-8")
    with pytest.raises(StoreError) as caught:
        build([article], tmp_path / "taken" / "store")
    assert caught.value.file == str(tmp_path / "taken" / "store")
    assert "cannot create the store directory" in caught.value.message


# ── an unchanged file is skipped by its source digest, without being decoded ───────────

@pytest.fixture
def decoded(monkeypatch):
    """The names of the files kg.corpus decodes (every file it reads is decoded)."""
    import kg.corpus
    real, names = kg.corpus.decode, []

    def counting(data, name=""):
        names.append(os.path.basename(name))
        return real(data, name)

    monkeypatch.setattr(kg.corpus, "decode", counting)
    return names


def test_an_unchanged_file_is_not_read_again(corpus, tmp_path, monkeypatch):
    import kg.corpus
    store = tmp_path / "store"
    build([corpus], store)
    before = dump(store)

    def never(*_):
        raise AssertionError("an unchanged file was decoded")

    monkeypatch.setattr(kg.corpus, "decode", never)
    monkeypatch.setattr(kg.corpus, "normalise", never)
    again = build([corpus], store)
    assert (again.articles_read, again.articles_written, again.articles_unchanged) == (3, 0, 3)
    assert again.failures == ()
    assert dump(store) == before


@pytest.mark.parametrize("lookups", [100, 0])  # a query per file, or one scan of all
def test_only_an_edited_file_is_read_again(corpus, tmp_path, decoded, monkeypatch, lookups):
    monkeypatch.setattr(pipeline, "STALE_LOOKUPS", lookups)
    store = tmp_path / "store"
    build([corpus], store)
    (corpus / "yunxi.txt").write_text("云溪县红石乡蓝田村获评“省级卫生村”。", encoding="utf-8")
    decoded.clear()
    again = build([corpus], store)
    assert decoded == ["yunxi.txt"]
    assert (again.articles_written, again.articles_unchanged) == (1, 2)
    assert "蓝田村" in dump(store).decode()
    decoded.clear()
    assert build([corpus], store).articles_unchanged == 3
    assert decoded == []


@pytest.mark.parametrize("lookups", [100, 0])  # a query per file, or one scan of all
def test_a_file_of_several_articles_is_skipped_whole_and_read_again_when_edited(
        tmp_path, decoded, monkeypatch, lookups):
    monkeypatch.setattr(pipeline, "STALE_LOOKUPS", lookups)
    feed = tmp_path / "feed.jsonl"
    lines = ['{"id": "n1", "text": "青石镇白马村新建文化广场。"}',
             '{"id": "n2", "text": "东湖街道柳岸社区新建养老服务中心。"}']
    feed.write_text("\n".join(lines), encoding="utf-8")
    store = tmp_path / "store"
    build([feed], store)
    decoded.clear()
    assert build([feed], store).articles_unchanged == 2
    assert decoded == []
    feed.write_text("\n".join(lines + ['{"id": "n3", "text": "红岩镇新建垃圾中转站。"}']),
                    encoding="utf-8")
    grown = build([feed], store)
    assert (grown.articles_written, grown.articles_unchanged, decoded) == (1, 2, ["feed.jsonl"])
    decoded.clear()
    again = build([feed], store)  # the two kept articles now carry the file's new digest
    assert (again.articles_read, again.articles_unchanged, decoded) == (3, 3, [])
    feed.write_text(lines[0], encoding="utf-8")
    shrunk = build([feed], store)
    assert (shrunk.articles_unchanged, shrunk.articles_removed) == (1, 2)
    with Store(store, read_only=True) as s:
        assert s.article_ids() == ["n1"]


def test_force_reads_every_file_again(corpus, tmp_path, decoded):
    store = tmp_path / "store"
    build([corpus], store)
    decoded.clear()
    again = build([corpus], store, force=True)
    assert (again.articles_written, sorted(decoded)) == (3, sorted(ARTICLES))


def test_a_file_with_a_bad_line_is_read_again_and_its_failure_named_again(tmp_path, decoded):
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"id": "n1", "text": "青石镇白马村新建文化广场。"}\n{not json',
                    encoding="utf-8")
    store = tmp_path / "store"
    assert len(build([feed], store).failures) == 1
    decoded.clear()
    again = build([feed], store)
    assert (again.articles_unchanged, len(again.failures), decoded) == (1, 1, ["feed.jsonl"])


def test_a_file_with_an_article_that_failed_is_read_again(tmp_path, monkeypatch, decoded):
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"id": "n1", "text": "青石镇白马村新建文化广场。"}\n'
                    '{"id": "n2", "text": "东湖街道推行“网格长制”工作法。"}', encoding="utf-8")
    break_extraction_on(monkeypatch, "网格长制")
    store = tmp_path / "store"
    assert build([feed], store).articles_written == 1
    decoded.clear()
    again = build([feed], store)
    assert (again.articles_unchanged, decoded) == (1, ["feed.jsonl"])
    assert [f.article for f in again.failures] == ["n2"]
