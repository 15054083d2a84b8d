"""``kg serve``: the oxigraph package's own SPARQL server, read-only, over a snapshot of the store.

Why a snapshot: Oxigraph calls reading a database another process writes undefined
behaviour, and the store's lock (see :mod:`kg.store`) would otherwise keep every build
out for as long as the server runs. So ``kg serve`` takes a RocksDB checkpoint of the
store (hard links beside it, made in milliseconds under the readers' lock) and serves
that; a ``kg build`` may then write the store meanwhile, and a restart of ``kg serve``
shows what it wrote. The checkpoint is deleted when the server stops.

The server (``oxigraph serve-read-only``) serves its own query page (YASGUI, bundled in the
binary), so the page needs no internet; SPARQL Update is refused with 403. It runs as a
child process that dies with this one: on Ctrl-C or SIGTERM it is stopped and waited for,
and should this process be killed outright the kernel sends it SIGTERM (PR_SET_PDEATHSIG).
"""
from __future__ import annotations

import ctypes
import ipaddress
import os
import shutil
import signal
import subprocess
import sys
import sysconfig
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator, TextIO

import pyoxigraph as ox

from . import query
from .errors import StoreError, StoreLockedError, UsageError
from .store import Store

SNAPSHOT_PREFIX = ".kg-serve-snapshot-"
_PR_SET_PDEATHSIG = 1


def oxigraph_binary() -> str:
    """The ``oxigraph`` command the oxigraph package installs beside this Python."""
    for folder in (sysconfig.get_path("scripts"), str(Path(sys.executable).parent)):
        candidate = Path(folder) / "oxigraph"
        if candidate.is_file():
            return str(candidate)
    found = shutil.which("oxigraph")
    if found is None:
        raise UsageError("the `oxigraph` command is missing: `pip install oxigraph` "
                         "(it comes with lgkg's dependencies)")
    return found


def is_loopback(host: str) -> bool:
    """Whether ``host`` is reachable from this machine only.

    >>> [is_loopback(h) for h in ("127.0.0.1", "::1", "localhost", "0.0.0.0", "192.168.1.5")]
    [True, True, True, False, False]
    """
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_bind(host: str, public: bool) -> str | None:
    """Refuse a non-loopback address without ``public``; the warning to print when given."""
    if is_loopback(host):
        return None
    if not public:
        raise UsageError(f"--bind {host} would let other machines read the whole graph; "
                         "add --public if that is what you want")
    return (f"warning: serving on {host}: anyone who can reach this machine can read the "
            "whole graph (there is no authentication)")


def _remove_orphans(folder: Path) -> None:
    # A kg serve killed outright (SIGKILL) cannot remove its checkpoint; the next one does,
    # knowing it by the pid in its name.
    for path in folder.glob(SNAPSHOT_PREFIX + "*"):
        pid = path.name[len(SNAPSHOT_PREFIX):].split("-")[0]
        if pid.isdigit() and not Path(f"/proc/{pid}").exists():
            shutil.rmtree(path, ignore_errors=True)


@contextmanager
def snapshot(store_path: str | Path) -> Iterator[Path]:
    """A read-only checkpoint of the store beside it, removed on exit."""
    source = Path(store_path)
    folder = source.resolve().parent
    _remove_orphans(folder)
    target = Path(tempfile.mkdtemp(prefix=f"{SNAPSHOT_PREFIX}{os.getpid()}-", dir=folder))
    try:
        shutil.rmtree(target)  # RocksDB creates the checkpoint directory itself
        try:
            with Store(source, read_only=True) as store:
                store.db.backup(str(target))
        except StoreLockedError as exc:
            raise StoreLockedError(
                f"{exc.message}. kg serve copies the store when it starts (a build may then "
                "run while it serves): start it again when the build has finished",
                file=exc.file) from None
        except OSError as exc:
            raise StoreError(f"cannot take a snapshot of the store: {exc}",
                             file=str(source)) from None
        yield target
    finally:
        shutil.rmtree(target, ignore_errors=True)


def _die_with_parent() -> None:
    # Runs in the child between fork and exec: if kg serve is killed outright (SIGKILL),
    # the kernel stops the server too instead of leaving it orphaned on the port.
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def _wait_ready(process: subprocess.Popen, log: IO[bytes], url: str,
                timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            error = log.read().decode("utf-8", "replace").strip()
            raise UsageError(f"the oxigraph server stopped at once: {error or 'no message'}"
                             " (is the port taken? choose another with --port)")
        try:
            with urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=2):
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.1)
    raise UsageError(f"the oxigraph server did not answer on {url} within {timeout:g} s")


class _Stop(Exception):
    pass


def _raise_stop(signum, frame) -> None:
    raise _Stop()


def serve(store_path: str | Path, *, host: str = "127.0.0.1", port: int = 7878,
          public: bool = False, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    """Serve the store until Ctrl-C or SIGTERM; 0 after a clean stop."""
    warning = check_bind(host, public)
    if warning:
        print(warning, file=err, flush=True)
    address = f"[{host}]" if ":" in host else host
    url = f"http://{address}:{port}"
    previous = signal.signal(signal.SIGTERM, _raise_stop)
    try:
        # The server's messages go to a file, not a pipe: a pipe nobody reads while it
        # serves would fill up and stall it.
        with snapshot(store_path) as copy, tempfile.TemporaryFile() as log:
            taken = time.strftime("%H:%M:%S")
            process = subprocess.Popen(
                [oxigraph_binary(), "serve-read-only", "--location", str(copy),
                 "--bind", f"{address}:{port}", "--union-default-graph"],
                stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                preexec_fn=_die_with_parent)
            try:
                _wait_ready(process, log, url)
                print(f"serving {store_path} read-only (as it was at {taken}; restart to see "
                      f"later builds)\n"
                      f"  query page:      {url}/\n"
                      f"  SPARQL endpoint: {url}/query\n"
                      f"  named queries:   kg serve --print-queries --store {store_path}\n"
                      "Ctrl-C stops the server.", file=out, flush=True)
                code = process.wait()
                raise UsageError(f"the oxigraph server stopped by itself (exit {code})")
            except (KeyboardInterrupt, _Stop):
                print("stopping the server", file=err, flush=True)
                return 0
            finally:
                _stop(process)
    finally:
        signal.signal(signal.SIGTERM, previous)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# ── named queries, ready to paste ───────────────────────────────────────────────────────

def _example(description: str) -> str | None:
    """The example name in a parameter's description ("… e.g. 白马村")."""
    _, sep, tail = description.partition("e.g.")
    return tail.strip().split()[0].rstrip(".,;)") if sep and tail.strip() else None


_NAMING = ("<http://www.w3.org/2000/01/rdf-schema#label>|"
           "<http://www.w3.org/2004/02/skos/core#altLabel>")
_BUSIEST_UNIT = """SELECT ?name WHERE {
  ?unit <http://www.w3.org/2000/01/rdf-schema#label> ?name .
  { SELECT ?unit (COUNT(DISTINCT ?part) AS ?parts)
    WHERE { ?part <https://w3id.org/lgkg/ontology#partOf> ?unit } GROUP BY ?unit }
} ORDER BY DESC(?parts) STR(?name) LIMIT 1"""


def pasteable(named: query.NamedQuery, store) -> str:
    """``named`` as text to paste into the query page. Each parameter is given by name, as
    on the command line: a VALUES block binds ``?given_<param>`` to the example of the
    parameter's description when ``store`` knows it (else to the name of its busiest
    unit), and the entity is found by its label or alias, as :func:`kg.query.run_named`
    does."""
    lines = [f"# {named.name}: {named.description}"]
    given = {}
    for p in named.params:
        name = _example(p.description)
        if not (name and query.entities_named(store, name)):
            name = next((row["name"].value for row in store.query(_BUSIEST_UNIT)), "名称")
        given[f"given_{p.name}"] = ox.Literal(name, language="zh")
        lines.append(f"# ?{p.name}: {p.description} (change the name in VALUES)")
    body = "\n".join(line for line in named.text.splitlines()
                     if not line.startswith("#")).strip()
    if given:
        bound = query.with_values(body, given)
        block = (f" VALUES ({' '.join('?' + k for k in given)}) "
                 f"{{ ({' '.join(str(v) for v in given.values())}) }}")
        naming = "".join(f" ?{p.name} {_NAMING} ?given_{p.name} ." for p in named.params)
        body = bound.replace(block, block + naming, 1)
    return "\n".join(lines) + "\n" + body + "\n"


def print_queries(store_path: str | Path, out: TextIO) -> None:
    with Store(store_path, read_only=True) as store:
        for named in query.list_queries():
            print(pasteable(named, store), file=out)
