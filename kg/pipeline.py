"""Build a store from files: read → extract → resolve → quads → one writer.

``build`` takes the store's writer lock before it reads anything, so a second build on
the same store fails at once instead of after minutes of extraction. Articles stream
through: only a bounded window of them is in flight, whatever the size of the input.
With ``jobs > 1`` (0: one per CPU) extraction runs in worker processes that warm up once
and take articles in batches, but results are written by this process in input order, so
the store ends up the same as with ``jobs=1``.

An article whose content hash (its text and metadata plus the extractor version) matches
the one stored is skipped unless ``force``: rebuilding an unchanged corpus writes nothing.
Each article of a file read without a fault also records its file's source digest (the
file's bytes, the extractor version and the number of articles read from it); a file whose
stored articles all carry the digest of its bytes now, and are as many as it says, is not
even decoded: its articles count as unchanged, by their stored ids.
Stored articles that a file read whole in this build no longer holds are removed.
A failure in one file or article is recorded in the report and the batch goes on.

Extracted articles are committed in batches, each batch all or nothing (new articles: one
bulk ingestion; an article that replaces a stored one: its own transaction, old and new
swapped together), so a build that
is killed leaves every article of the batches it committed and none in part; running it
again skips the finished ones by their hash.
"""
from __future__ import annotations

import hashlib
import os
import queue
import threading
import time
from collections import deque
from itertools import islice
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import cache, partial
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, NamedTuple

from . import lexicons
from .corpus import articles_from_text, input_files, iter_file
from .errors import ExtractionError, InputError, LgkgError
from .extract import extract
from .model import Article
from .rdf import plain, to_nquads, to_quads
from .resolve import resolve
from .store import Store, source_digest_nquads

if TYPE_CHECKING:  # multiprocessing and its pools are imported by the builds that use them
    import multiprocessing.context
    from concurrent.futures import Future, ProcessPoolExecutor

    from .endpoint import RemoteStore

# Modules that never change what an article's graph holds; every other file under kg/
# is part of the extractor version, so editing a rule re-extracts everything on the
# next build (a forgotten entry here only costs a needless re-extraction).
_NOT_EXTRACTION = frozenset({
    "__main__.py", "cache.py", "cli.py", "pipeline.py", "evaluate.py", "query.py", "store.py",
    "validate.py", "viz.py", "queries", "templates", "endpoint.py", "push.py", "serve.py",
    "warm.py",
})

Progress = Callable[[str, str], None]

# RocksDB keeps written quads in memtables (one per index, each growing to 64 MB before it
# spills) for as long as the store is open: without a flush now and then a long build grows
# by about 0.6 MB per article, to well over a gigabyte. Flushing every 20 MB of N-Quads
# (about 100,000 quads) keeps a build near 100 MB more than its baseline, and costs less
# time than it saves.
FLUSH_EVERY_BYTES = 20_000_000
# The writer loads this many extracted articles (or this many bytes of them) at once: one
# commit per article cost more than loading its quads, and each bulk load lands in every
# index as sorted files that RocksDB then merges in the background, so fewer, larger loads
# merge less (10,000 bench articles, two A/B runs: 64 articles or 8 MB → 256 or 24 MB cut
# the build's CPU from 106 s to 97 s, for 60 MB more memory; its time moved less). Under
# kg.store.BULK_LOAD_BYTES a batch stays one all-or-nothing ingestion.
# Batches start at one article and double up to that size, so the first articles of a
# build are shown (and kept) as soon as they are done. Near the end they shrink to half of
# what is still to come (never below TAIL_BATCH_ARTICLES): the last batch is loaded after
# the last article is extracted, with nothing else left to do, and a full one took 0.23 s
# of a 4.8 s build of 1,000 articles (a load costs about 20 ms however small).
WRITE_BATCH_ARTICLES = 256
TAIL_BATCH_ARTICLES = 16
WRITE_BATCH_BYTES = 24_000_000
# Articles per task sent to a worker process.
TASK_BATCH_ARTICLES = 8


class Failure(NamedTuple):
    """One file or article that could not be read, extracted or written."""
    file: str
    article: str | None
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.article or '-'}: {self.message}"


@dataclass(frozen=True)
class BuildReport:
    articles_read: int
    articles_written: int
    articles_unchanged: int
    failures: tuple[Failure, ...]
    seconds: float
    articles_removed: int = 0    # stored articles their file no longer holds

    @property
    def ok(self) -> bool:
        return not self.failures

    def summary(self) -> str:
        lines = [f"articles read {self.articles_read}, written {self.articles_written}, "
                 f"unchanged {self.articles_unchanged}, removed {self.articles_removed}, "
                 f"failed {len(self.failures)} "
                 f"in {self.seconds:.2f} s"]
        lines += [f"failed: {f}" for f in self.failures]
        return "\n".join(lines)


def extractor_version() -> str:
    """The package version plus a digest of every source file that shapes the graph, and
    of the user lexicons in effect (``+lex…``), so editing either re-extracts."""
    user = lexicons.digest()
    return f"{source_version()}+lex{user}" if user else source_version()


@cache
def source_version() -> str:
    """The package version plus a digest of every source file that shapes the graph."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if (not path.is_file() or rel.parts[0] in _NOT_EXTRACTION
                or "__pycache__" in rel.parts or path.suffix == ".pyc"):
            continue
        digest.update(rel.as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    try:
        version = metadata.version("lgkg")
    except metadata.PackageNotFoundError:
        version = "0"
    return f"{version}+{digest.hexdigest()[:12]}"


def content_hash(article: Article, version: str) -> str:
    """sha256 over everything of the article that reaches its graph, and the extractor."""
    digest = hashlib.sha256()
    for part in (version, article.id, article.source, str(article.index), article.title,
                 article.byline, article.date, article.url, article.text):
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()


def source_digest(data: bytes, version: str) -> str:
    """sha256 over a file's bytes and the extractor version (a file's recorded digest adds
    ``/<number of its articles>``, so that one that failed or was not written is missed)."""
    return hashlib.sha256(version.encode("utf-8", "surrogatepass") + b"\0" + data).hexdigest()


def generated_at() -> datetime:
    """Now, or SOURCE_DATE_EPOCH when set, so a build can be reproduced to the byte."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    return datetime.now(timezone.utc).replace(microsecond=0)


def article_quads(article: Article, when: datetime, version: str,
                  lexicon_paths: tuple[str, ...] = (), *, convert=to_quads) -> list | bytes | Failure:
    """Extract, resolve and convert one article (``convert``: :func:`kg.rdf.to_quads`, or
    :func:`kg.rdf.to_nquads` for N-Quads bytes); any exception becomes a Failure.

    Module level and free of shared state so that spawned worker processes can run it;
    ``lexicon_paths`` are configured in the process first (a no-op once they are).
    """
    try:
        lexicons.configure(lexicon_paths)
        return convert(resolve(extract(article)), generated_at=when, extractor_version=version)
    except Exception as exc:  # one bad article must not stop the batch
        error = exc if isinstance(exc, LgkgError) else ExtractionError(
            f"{type(exc).__name__}: {exc}", file=article.source, article=article.id)
        return Failure(error.file or article.source, error.article or article.id,
                       error.message)


def article_nquads(article: Article, when: datetime, version: str,
                   lexicon_paths: tuple[str, ...] = ()) -> bytes | Failure:
    """:func:`article_quads` as N-Quads for :meth:`kg.store.Store.replace_articles`: bytes
    cross from a worker to the writer a hundred times faster than pickled quads, and are
    written as text from the start (no pyoxigraph term per position).

    :func:`kg.rdf.to_nquads` writes only what :func:`kg.store.encode_article` lets through
    (tests/test_rdf.py checks it on every fixture article), so they are not checked line by
    line again here, which cost a quarter of the time of cutting the text into words; the
    store still parses every byte, IRIs included.
    """
    return article_quads(article, when, version, lexicon_paths, convert=to_nquads)


# An invented article that runs every recogniser once, so that a worker has built its
# tokenizer, lexicons and rule tables before the first real article reaches it.
_WARM_UP_TEXT = "云溪县青石镇白马村获评“省级文明村”，村里新建的冷链物流园总投资1.2亿元，由青禾农业科技有限公司运营。"


def warm_up(lexicon_paths: tuple[str, ...] = ()) -> None:
    """Configure the lexicons and build every per-process table extraction needs."""
    lexicons.configure(lexicon_paths)
    for article in articles_from_text(_WARM_UP_TEXT, "warm-up"):
        extract(article)


def _start_worker(lexicon_paths: tuple[str, ...]) -> None:
    """A worker process's initializer: end with the build, then :func:`warm_up`."""
    _end_with_parent()
    warm_up(lexicon_paths)


def _end_with_parent() -> None:
    """Exit this process as soon as the process that started it dies.

    A build killed with SIGKILL cannot shut its pool down, and its workers would otherwise
    wait for work forever, each holding its tables in memory.
    """
    import multiprocessing.connection

    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="lgkg-end-with-parent", daemon=True).start()


def _is_new(store_path: str | os.PathLike) -> bool:
    path = Path(store_path)
    return not path.exists() or (path.is_dir() and not any(path.iterdir()))


def _opened_while_warming_up(store: Store, lexicon_paths: tuple[str, ...]) -> Store:
    """``store`` opened in a thread while this one builds the extractor's tables.

    Creating a database mostly waits for the disk (0.05–0.15 s, a tenth of a cold
    one-article build, without holding the GIL), and every article of a build into a new
    store is extracted, so the tables cost no more now than at the first article.
    """
    failed: list[BaseException] = []

    def open_store() -> None:
        try:
            store.open()
        except BaseException as exc:  # raised again below, in the building thread
            failed.append(exc)

    opener = threading.Thread(target=open_store, name="lgkg-open")
    opener.start()
    try:
        warm_up(lexicon_paths)
    except Exception:  # noqa: BLE001 (any fault of a recogniser)
        pass  # the first article meets the same fault, and its failure names it
    finally:
        opener.join()
    if failed:
        raise failed[0]
    return store


class _Work(NamedTuple):
    article: Article
    digest: str
    stored: bool = False          # the store holds an older version of the article
    source_digest: str | None = None  # of the article's file, when it was read whole


def build(paths: Iterable[str | os.PathLike], store_path: str | os.PathLike, *, jobs: int = 1,
          force: bool = False, progress: Progress | None = None,
          lexicon_paths: Iterable[str | os.PathLike] = (),
          target: RemoteStore | None = None) -> BuildReport:
    """Read ``paths`` into the store at ``store_path``, or into the server ``target``
    instead (same per-article graphs and skip-by-hash, see :mod:`kg.endpoint`); see the
    module docstring.

    ``lexicon_paths`` are user lexicon files added to the shipped ones (kg.lexicons); a bad
    one raises LexiconError before any article is read. Raises StoreLockedError at once
    when another process holds the store.
    """
    lexicon_paths = tuple(str(p) for p in lexicon_paths)
    previous = lexicons.configured_paths()
    lexicons.configure(lexicon_paths)
    try:
        return _build(paths, store_path, jobs, force, progress, lexicon_paths, target)
    finally:  # a library caller's later extract() sees the lexicons it configured itself
        lexicons.configure(previous)


def _build(paths: Iterable[str | os.PathLike], store_path: str | os.PathLike, jobs: int,
           force: bool, progress: Progress | None, lexicon_paths: tuple[str, ...],
           target: RemoteStore | None) -> BuildReport:
    started = time.perf_counter()
    when, version = generated_at(), extractor_version()
    read = unchanged = 0
    by_file: dict[str, dict[str, str | None]] | None = None  # stored ids and digests by file
    failures: list[Failure] = []
    owners: dict[str, str] = {}  # article id → file, to catch two files claiming one id
    unreadable: set[str] = set()  # files with a part that could not be read

    shown = threading.Lock()  # the writer's thread reports too

    def note(event: str, article_id: str) -> None:
        if progress is not None:
            with shown:
                progress(event, article_id)

    if target is None and jobs == 1 and _is_new(store_path):
        store: Store | RemoteStore = _opened_while_warming_up(Store(store_path), lexicon_paths)
    else:
        store = target if target is not None else Store(store_path)
    with store:
        restamp: dict[str, str] = {}  # unchanged articles of a changed file → its digest
        # A new store holds no article to compare with or to leave stale: no lookup per
        # file and article, and no scan for stale ones at the end.
        empty = isinstance(store, Store) and store.is_empty()

        def fail(failure: Failure, shown_as: str) -> None:
            failures.append(failure)
            note("failed", shown_as)

        handed = 0  # articles todo has handed out
        after_this_file = 0.0  # its estimate of the articles in the files it has not read
        left_in_file = 0

        def todo() -> Iterator[_Work]:
            nonlocal read, unchanged, by_file, handed, after_this_file, left_in_file
            skip_files = not force and isinstance(store, Store) and not empty
            files = list(input_files(paths))
            if skip_files and len(files) > STALE_LOOKUPS:
                by_file = store.all_source_digests()
            for done_files, file in enumerate(files):
                if isinstance(file, InputError):
                    unreadable.add(file.file or "")
                    fail(Failure(file.file or "-", None, file.message), file.file or "-")
                    continue
                source = os.fspath(file)
                try:
                    data: bytes | None = Path(file).read_bytes()
                except OSError:
                    data = None  # iter_file names the fault
                file_digest = source_digest(data, version) if data is not None else None
                if not (skip_files and file_digest):
                    stored = {}
                elif by_file is not None:
                    stored = by_file.get(plain(source).value, {})
                else:
                    stored = store.source_digests(source)
                if stored and set(stored.values()) == {f"{file_digest}/{len(stored)}"}:
                    for article_id in sorted(stored):
                        read += 1
                        if article_id in owners:
                            fail(Failure(source, article_id,
                                         f"article id already taken by {owners[article_id]}"),
                                 article_id)
                            continue
                        owners[article_id] = source
                        unchanged += 1
                        note("unchanged", article_id)
                    continue
                # Read whole before any article is handed on: a fault in any part of the
                # file keeps the digest off all of them, so that it is read again next time.
                items = list(iter_file(file, data))
                del data
                if any(isinstance(item, InputError) for item in items):
                    file_digest = None
                elif file_digest:
                    file_digest = f"{file_digest}/{len(items)}"
                per_file = (read + len(items)) / (done_files + 1)
                after_this_file = (len(files) - done_files - 1) * per_file
                for position, item in enumerate(items):
                    left_in_file = len(items) - position - 1
                    if isinstance(item, InputError):
                        unreadable.add(item.file or "")
                        fail(Failure(item.file or "-", item.article, item.message),
                             item.article or item.file or "-")
                        continue
                    read += 1
                    if item.id in owners:
                        fail(Failure(item.source, item.id,
                                     f"article id already taken by {owners[item.id]}"), item.id)
                        continue
                    owners[item.id] = item.source
                    digest = content_hash(item, version)
                    stored_hash = None if empty else store.article_hash(item.id)
                    if not force and stored_hash == digest:
                        unchanged += 1
                        note("unchanged", item.id)
                        if file_digest and skip_files and stored.get(item.id) != file_digest:
                            restamp[item.id] = file_digest
                        continue
                    handed += 1
                    yield _Work(item, digest, stored_hash is not None, file_digest)

        task = partial(article_nquads, when=when, version=version, lexicon_paths=lexicon_paths)
        batch: list[tuple[_Work, bytes]] = []
        batch_bytes = 0
        batch_size = 1
        finished = 0
        writer = _Writer(store, note, failures)
        try:
            init = partial(_start_worker, lexicon_paths)
            for work, result in _results(todo(), jobs, task, init):
                finished += 1
                if isinstance(result, Failure):
                    fail(result, work.article.id)
                    continue
                if work.source_digest:
                    result += source_digest_nquads(work.article.id, work.source_digest)
                batch.append((work, result))
                batch_bytes += len(result)
                to_come = handed - finished + left_in_file + after_this_file
                if len(batch) >= min(batch_size, max(TAIL_BATCH_ARTICLES, to_come // 2)) \
                        or batch_bytes >= WRITE_BATCH_BYTES:
                    writer.put(batch)
                    batch, batch_bytes = [], 0
                    batch_size = min(2 * batch_size, WRITE_BATCH_ARTICLES)
            writer.put(batch)
        finally:
            writer.close()

        if restamp:
            store.set_source_digests(restamp)
        removed = 0 if empty else _remove_stale(store, owners, unreadable, by_file)
    # Sorted: with jobs > 1 reading and extracting interleave, and the report must not vary.
    failures.sort(key=lambda f: (f.file, f.article or "", f.message))
    return BuildReport(read, writer.written, unchanged, tuple(failures),
                       round(time.perf_counter() - started, 3), removed)


class _Writer:
    """The store's one writer, in a thread of its own, so that reading, hashing and handing
    out work go on while a batch is loaded (Oxigraph loads and flushes without holding the
    GIL). Batches are written in the order given; at most two wait, so a slow store slows
    the build down instead of filling memory.
    """

    def __init__(self, store: Store | RemoteStore, note: Callable[[str, str], None],
                 failures: list[Failure]):
        self.written = 0
        self._store, self._note, self._failures = store, note, failures
        self._unflushed = 0
        self._error: BaseException | None = None
        self._batches: queue.Queue[list[tuple[_Work, bytes]] | None] = queue.Queue(maxsize=2)
        self._thread = threading.Thread(target=self._run, name="lgkg-writer", daemon=True)
        self._thread.start()

    def put(self, batch: list[tuple[_Work, bytes]]) -> None:
        """Queue ``batch`` (the caller must not touch it again); raises what stopped the
        writer, if anything did."""
        if self._error is not None:
            raise self._error
        if batch:
            self._batches.put(batch)

    def close(self) -> None:
        """Wait until every queued batch is written; raise what stopped the writer."""
        self._batches.put(None)
        self._thread.join()
        if self._error is not None:
            raise self._error

    def _run(self) -> None:
        while (batch := self._batches.get()) is not None:
            if self._error is None:  # after a fault: only drain, so that put never blocks
                try:
                    self._commit(batch)
                except BaseException as exc:  # handed to the building thread
                    self._error = exc

    def _commit(self, batch: list[tuple[_Work, bytes]]) -> None:
        for work, error in _write(self._store, batch):
            if error is None:
                self.written += 1
                self._note("written", work.article.id)
            else:
                self._failures.append(Failure(work.article.source, work.article.id, error))
                self._note("failed", work.article.id)
        self._unflushed += sum(len(data) for _, data in batch)
        if self._unflushed >= FLUSH_EVERY_BYTES:
            self._store.flush()
            self._unflushed = 0


_STORED_SOURCES = """SELECT ?id ?source WHERE {
  ?article <http://purl.org/dc/terms/identifier> ?id ; <http://purl.org/dc/terms/source> ?source
}"""


# A build of a few files asks for each one's stored articles (their digests, and at the end
# the stale ones); past this many files one scan of every stored article costs less than a
# query per file.
STALE_LOOKUPS = 100


def _remove_stale(store: Store | RemoteStore, owners: dict[str, str], unreadable: set[str],
                  stored_by_file: dict[str, dict[str, str | None]] | None = None) -> int:
    """Drop stored articles of a file read whole in this build that it no longer holds.

    A file that shrank from three articles to two would otherwise keep serving its old
    third article. Files that failed to read, even in part, keep what they had.
    ``stored_by_file`` is what the store held before the build (Store.all_source_digests),
    when the build read it.
    """
    read_whole = sorted(set(owners.values()) - unreadable)
    sources = {plain(source).value for source in read_whole}  # as the store keeps them
    if stored_by_file is not None:
        pairs = [(source, article_id) for source in sources
                 for article_id in stored_by_file.get(source, ())]
    else:
        if isinstance(store, Store) and len(read_whole) <= STALE_LOOKUPS:
            rows = [row for source in read_whole
                    for row in store.query(_STORED_SOURCES, bindings={"source": plain(source)},
                                           union=False)]
        else:
            rows = store.query(_STORED_SOURCES, union=False)
        pairs = [(row["source"].value, row["id"].value) for row in rows]
    stale = sorted(article_id for source, article_id in pairs
                   if source in sources and article_id not in owners)
    for article_id in stale:
        store.remove_article(article_id)
    return len(stale)


def _write(store: Store, batch: list[tuple[_Work, bytes]]) -> list[tuple[_Work, str | None]]:
    """Write a batch of articles; each with None, or the message of why it was not written.

    The batch goes in together; only when that fails is each article tried alone, so that
    one that cannot be written is named and the others are kept.
    """
    items = [(w.article.id, w.digest, data, w.stored) for w, data in batch]
    if len(items) > 1:
        try:
            store.replace_articles(items)
            return [(w, None) for w, _ in batch]
        except LgkgError:
            pass  # find the article at fault below
    outcome: list[tuple[_Work, str | None]] = []
    for (work, _), item in zip(batch, items):
        try:
            store.replace_articles([item])
            outcome.append((work, None))
        except LgkgError as exc:
            outcome.append((work, exc.message))
    return outcome


Task = Callable[[Article], "list | bytes | Failure"]
Result = "list | bytes | Failure"


def _results(work: Iterator[_Work], jobs: int, task: Task,
             initializer: Callable[[], None] | None = None) -> Iterator[tuple[_Work, Result]]:
    """``task`` applied to each work item's article, results in input order.

    ``jobs`` 0 means one worker per CPU; 1 runs in this process, which builds its tables
    as the first article needs them. ``initializer`` runs once per worker process before
    its first task.
    """
    jobs = jobs or os.cpu_count() or 1
    if jobs <= 1:
        for item in work:
            yield item, task(item.article)
        return
    yield from _parallel(work, jobs, task, initializer)


def _run_batch(task: Task, articles: list[Article]) -> list:
    return [task(article) for article in articles]


def _submit(pool: ProcessPoolExecutor, task: Task, articles: list[Article]) -> Future:
    """``pool.submit`` of a batch, but a pool broken by a worker that just died gives a
    failed future.

    ``submit`` itself raises BrokenProcessPool once the pool has noticed the death, which can
    happen while the next batches are being queued; as a failed future the batch goes
    through the same retry-alone path as the ones already in flight.
    """
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool

    try:
        return pool.submit(_run_batch, task, articles)
    except BrokenProcessPool as exc:
        broken: Future = Future()
        broken.set_exception(exc)
        return broken


def _worker_context() -> multiprocessing.context.BaseContext:
    """Workers forked from a fork server that has imported :mod:`kg.warm`, or spawned where
    the platform has no fork server.

    The server builds the extractor's tables once and each worker starts with them (a
    second of CPU per worker saved, and their pages shared). Never a fork of this process:
    it holds an open RocksDB store whose threads a fork would copy in an undefined state;
    the server is a fresh interpreter.
    """
    import multiprocessing

    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["kg.warm"])  # no effect once the server runs
    return context


def _parallel(work: Iterator[_Work], jobs: int, task: Task,
              initializer: Callable[[], None] | None) -> Iterator[tuple[_Work, Result]]:
    """Fan extraction out to ``jobs`` worker processes in batches of up to
    ``TASK_BATCH_ARTICLES`` articles, keeping 2×jobs batches in flight.

    Batches, because a task's round trip (pickling the articles, waking a worker, sending
    the result) costs about as much as extracting a short article. When a worker dies
    (killed, out of memory) the whole pool breaks without saying which article did it, so
    the articles then in flight are retried one at a time in a fresh pool, which names the
    culprit exactly.
    """
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    context = _worker_context()

    def new_pool() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=initializer)

    pending: deque[tuple[list[_Work], bool, Future]] = deque()  # (batch, runs alone, future)
    suspects: deque[_Work] = deque()
    pool = new_pool()
    exhausted = False
    try:
        while True:
            while True:
                if suspects:
                    if not pending:
                        item = suspects.popleft()
                        pending.append(([item], True, _submit(pool, task, [item.article])))
                    break
                if exhausted or len(pending) >= 2 * jobs:
                    break
                batch = list(islice(work, TASK_BATCH_ARTICLES))
                if len(batch) < TASK_BATCH_ARTICLES:
                    exhausted = True
                if not batch:
                    break
                pending.append((batch, False, _submit(pool, task, [w.article for w in batch])))
            if not pending:
                return
            batch, alone, future = pending.popleft()
            try:
                results = future.result()
            except BrokenProcessPool:
                pool.shutdown(wait=False, cancel_futures=True)
                pool = new_pool()
                if alone:
                    [item] = batch
                    yield item, Failure(item.article.source, item.article.id,
                                        "worker process died while extracting this article")
                else:
                    suspects.extend(batch + [w for b, _, _ in pending for w in b])
                pending.clear()
                continue
            yield from zip(batch, results)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
