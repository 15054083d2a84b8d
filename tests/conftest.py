"""Real SPARQL servers for the tests, on free loopback ports in temporary folders.

``oxigraph_server`` runs the oxigraph package's ``oxigraph serve``; ``virtuoso_server`` runs
Virtuoso Open Source from Debian's ``virtuoso-opensource`` package (``make test`` installs
it), with its own ``virtuoso.ini``. Both are always stopped and waited for, whatever the
test did. A missing server binary fails the tests that need it, it does not skip them.
"""
from __future__ import annotations

import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest

from kg.serve import oxigraph_binary

VIRTUOSO = shutil.which("virtuoso-t") or "/usr/bin/virtuoso-t"
ISQL = shutil.which("isql-vt") or "/usr/bin/isql-vt"


def example_params(named) -> dict[str, str]:
    """A named query's parameters set to the examples their descriptions give ("e.g. 白马村");
    the invented world of test_query holds every one."""
    params = {}
    for p in named.params:
        m = re.search(r"e\.g\.\s*(\S+)", p.description)
        assert m, f"{named.name}: parameter {p.name} gives no example"
        params[p.name] = m.group(1)
    return params


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_http(url: str, process: subprocess.Popen, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the server stopped with exit {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return  # it answers
        except (urllib.error.URLError, OSError):
            time.sleep(0.1)
    raise AssertionError(f"no answer from {url} within {timeout} s")


def stop(process: subprocess.Popen, timeout: float = 30.0) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass(frozen=True)
class Server:
    query: str          # the URL given to --endpoint
    graph_store: str
    process: subprocess.Popen


def start_oxigraph(folder: Path) -> Server:
    port = free_port()
    process = subprocess.Popen(
        [oxigraph_binary(), "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}",
         "--union-default-graph"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(f"{base}/query?query=ASK%7B%7D", process)
    except BaseException:
        stop(process)
        raise
    return Server(f"{base}/query", f"{base}/store", process)


@pytest.fixture
def oxigraph_server(tmp_path):
    """A fresh, empty read-write Oxigraph server (default graph = union of the graphs)."""
    server = start_oxigraph(tmp_path / "oxigraph")
    try:
        yield server
    finally:
        stop(server.process)


_VIRTUOSO_INI = """\
[Database]
DatabaseFile = virtuoso.db
ErrorLogFile = virtuoso.log
LockFile = virtuoso.lck
TransactionFile = virtuoso.trx
xa_persistent_file = virtuoso.pxa
[TempDatabase]
DatabaseFile = virtuoso-temp.db
TransactionFile = virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DirsAllowed = .
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
CheckpointInterval = 60
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = .
ServerThreads = 10
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 300
MaxQueryCostEstimationTime = 0
"""


def isql(port: int, statement: str) -> str:
    done = subprocess.run([ISQL, str(port), "dba", "dba", f"exec={statement}"],
                          capture_output=True, text=True, timeout=60)
    if done.returncode != 0 or "*** Error" in done.stdout:
        raise AssertionError(f"isql {statement!r} failed: {done.stdout}{done.stderr}")
    return done.stdout


@contextmanager
def running_virtuoso(folder: Path) -> Iterator[Server]:
    """Virtuoso in ``folder`` on loopback, anonymous SPARQL Update and Graph Store allowed
    (loopback only), stopped on exit."""
    sql_port, http_port = free_port(), free_port()
    (folder / "virtuoso.ini").write_text(
        _VIRTUOSO_INI.format(sql_port=sql_port, http_port=http_port), encoding="utf-8")
    process = subprocess.Popen([VIRTUOSO, "+foreground", "+configfile", "virtuoso.ini"],
                               cwd=folder, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{http_port}"
    try:
        wait_for_http(f"{base}/sparql?query=ASK%7B%7D", process, timeout=120)
        isql(sql_port, 'GRANT SPARQL_UPDATE TO "SPARQL";')
        yield Server(f"{base}/sparql", f"{base}/sparql-graph-crud", process)
    finally:
        stop(process, timeout=60)


@pytest.fixture(scope="module")
def virtuoso_server(tmp_path_factory):
    if not Path(VIRTUOSO).exists():
        pytest.fail(f"{VIRTUOSO} is missing: install Debian's virtuoso-opensource "
                    "(`make virtuoso`) to run the Virtuoso tests", pytrace=False)
    with running_virtuoso(tmp_path_factory.mktemp("virtuoso")) as server:
        yield server


def clear_virtuoso(server: Server) -> None:
    """Drop every graph a test put on the shared Virtuoso (its system graphs stay)."""
    body = urllib.parse.urlencode({"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
                                   "FILTER (STRSTARTS(STR(?g), 'https://w3id.org/lgkg/')) }"})
    request = urllib.request.Request(server.query, data=body.encode(), headers={
        "Accept": "text/csv", "Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(request, timeout=60) as response:
        graphs = response.read().decode().split()[1:]
    for graph in graphs:
        url = f"{server.graph_store}?{urllib.parse.urlencode({'graph': graph.strip(chr(34))})}"
        urllib.request.urlopen(urllib.request.Request(url, method="DELETE"), timeout=60).close()
