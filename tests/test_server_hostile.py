"""The API against hostile input and a hostile environment: every bad request is a 4xx naming
what is wrong (never a 500), a busy or foreign-held store is a 503 saying what to do, requests
under another Host name are refused (DNS rebinding), and `serve` refuses a --db that is not a
store. Issue 12 found `date: NaN` and lone surrogates answered 500, a write while an ingest held
the store answered 500, and `serve --db notdb.txt` started and then answered 503 to everything.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import warnings
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings, strategies as st

from test_analysis_sampledb import build_sample_db

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from communique.analysis import queries
from communique.cli.serve_cmd import command as serve_command
from communique.model import Article
from communique.pipeline import Coder
from communique.server import create_app
from communique.server.limits import HostCheck, hosts_for_bind
from communique.server.rwlock import LockTimeout, RWLock
from communique.server.work import Busy, Worker
from communique.store import Store

ARTICLE = "date 2024-05-16 (Harbor Times) Russian President Vladimir Putin met Indian Prime Minister Narendra Modi."
SRC = str(Path(__file__).resolve().parents[1] / "src")
JSON = {"content-type": "application/json"}


@pytest.fixture(scope="module")
def coder():
    return Coder()


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    return build_sample_db(tmp_path_factory.mktemp("hostile") / "events.duckdb")


@pytest.fixture()
def db(sample_db, tmp_path):
    path = tmp_path / "events.duckdb"
    shutil.copy(sample_db, path)
    return path


@pytest.fixture(scope="module")
def client(coder, sample_db):
    # raise_server_exceptions=False: a server error must show as the 500 a client would get
    return TestClient(create_app(sample_db, coder=coder, allow_store=False), raise_server_exceptions=False)


# --- hostile bodies ------------------------------------------------------------------------

HOSTILE = {
    # Python's json reads NaN/Infinity; the 422 that echoed them could not be rendered: 500
    "nan date": b'{"text": "Putin met Modi.", "date": NaN}',
    "infinite date": b'{"text": "Putin met Modi.", "date": -Infinity}',
    "nan store": b'{"text": "Putin met Modi.", "store": NaN}',
    "5000-digit date": b'{"text": "Putin met Modi.", "date": ' + b"9" * 5000 + b"}",
    "deep nesting": b"[" * 90_000 + b"]" * 90_000,
    "deep nesting in a field": b'{"text": ' + b"[" * 60_000 + b"]" * 60_000 + b"}",
    "invalid UTF-8": b'{"text": "Putin \xff\xfe met Modi."}',
    "not JSON": b"text=Putin met Modi",
    "null body": b"null",
    "list body": b'["Putin met Modi."]',
    "text a number": b'{"text": 12345}',
    "text a list": b'{"text": ["Putin met Modi."]}',
    "text an object": b'{"text": {"$gt": ""}}',
    "store a string": b'{"text": "Putin met Modi.", "store": "yes"}',  # was read as true
    "date not a date": b'{"text": "Putin met Modi.", "date": "2024-02-30"}',
    "unknown field": b'{"text": "Putin met Modi.", "admin": true}',
    "NUL in text": b'{"text": "Putin\\u0000 met Modi."}',
    "blank text": b'{"text": " \\n\\t "}',
}


@pytest.mark.parametrize("body", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_body_is_4xx_with_a_reason(client, body):
    r = client.post("/api/code", content=body, headers=JSON)
    assert 400 <= r.status_code < 500, (r.status_code, r.text[:300])
    assert r.json()["detail"], "the answer says what is wrong"


def test_nan_date_is_422_naming_the_field(client):
    r = client.post("/api/code", content=HOSTILE["nan date"], headers=JSON)
    assert r.status_code == 422
    (err,) = r.json()["detail"]
    assert err["loc"] == ["body", "date"] and err["input"] == "nan"


def test_huge_body_is_413(client):
    r = client.post("/api/code", json={"text": "Putin met Modi. " * 20_000})
    assert r.status_code == 413


@pytest.mark.parametrize("field", ["text", "title"])
def test_lone_surrogate_is_replaced_not_500(coder, db, field):
    # JSON "\ud800" with no low half decodes to a str UTF-8 cannot carry: hashing the article or
    # encoding the answer raised UnicodeEncodeError (500); stored, it would have failed too
    client = TestClient(create_app(db, coder=coder), raise_server_exceptions=False)
    body = {"text": "Putin met Modi in Moscow.", "store": True}
    body[field] = body.get(field, "") + " \ud800 x \udfff"
    r = client.post("/api/code", content=json.dumps(body).encode(), headers=JSON)  # ensure_ascii: \ud800 escapes
    assert r.status_code == 200, r.text[:300]
    out = r.json()
    assert out[field].endswith(" \ufffd x \ufffd")  # same length: offsets still index the text
    assert out["stored"] is True
    assert client.get(f"/api/articles/{out['id']}").status_code == 200


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(st.characters(categories=["L", "P", "Z", "S", "Cs", "Cc"]), max_size=60),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
FIELDS = st.sampled_from(["text", "date", "source", "title", "url", "store", "extra"])


@settings(max_examples=40, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.dictionaries(FIELDS, JSON_VALUES, max_size=5)
       | st.fixed_dictionaries({"text": st.text(st.characters(categories=["L", "P", "Z", "Cs"]), min_size=1, max_size=200)}))
def test_generated_bodies_never_500(client, body):
    # generated hostile bodies: NaN, infinities, huge ints, lone surrogates, control characters,
    # nesting, wrong types; texts are short, so each case codes in well under a second
    t = time.monotonic()
    r = client.post("/api/code", content=json.dumps(body).encode(), headers=JSON)
    assert r.status_code < 500, (body, r.status_code, r.text[:300])
    assert r.status_code in (200, 400, 422), (body, r.status_code)
    assert time.monotonic() - t < 30


# --- busy, locked and foreign-held stores --------------------------------------------------

HOLD_STORE = "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('held', flush=True); time.sleep(120)"


def test_write_while_another_process_holds_the_store_is_503_saying_what_to_do(coder, db):
    # `communique ingest` holds the DuckDB file open for writing; the server cannot write then
    holder = subprocess.Popen([sys.executable, "-c", HOLD_STORE, str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        client = TestClient(create_app(db, coder=coder), raise_server_exceptions=False)
        r = client.post("/api/code", json={"text": ARTICLE, "store": True})
        assert r.status_code == 503, r.text[:300]
        detail = r.json()["detail"]
        assert "another process" in detail and "communique ingest" in detail and "--no-store" in detail
        assert int(r.headers["retry-after"]) > 0
        # without storing the server still codes
        assert client.post("/api/code", json={"text": ARTICLE}).status_code == 200
        r = client.get("/api/events")
        assert r.status_code == 503 and "ingest" in r.json()["detail"]
    finally:
        holder.kill()
        holder.wait(10)
    r = client.post("/api/code", json={"text": ARTICLE, "store": True})
    assert r.status_code == 200 and r.json()["stored"] is True


def test_store_written_again_and_again_stays_readable(coder, db):
    # the server writes every queued article in one batch; after a few batches DuckDB had cut
    # free blocks from the end of the file while still counting them, and the check for a
    # truncated store (store.check_whole) called this whole store damaged: every query 503
    for batch in range(5):
        coded = [coder.code(Article.from_text(f"Putin met Modi in Moscow on day {batch}-{i}.")) for i in range(20)]
        with Store(db) as store:
            store.write(coded)
        queries.open_readonly(db).close()  # raised StoreUnavailable ("damaged or truncated")
    r = TestClient(create_app(db), raise_server_exceptions=False).get("/api/events")
    assert r.status_code == 200 and r.json()["total"] > 0


def test_query_waiting_too_long_for_a_write_is_503_not_a_hang(db):
    app = create_app(db, lock_wait=0.2)
    client = TestClient(app, raise_server_exceptions=False)
    with app.state.lock.write():  # a write under way
        t = time.monotonic()
        r = client.get("/api/events")
        assert time.monotonic() - t < 10
    assert r.status_code == 503 and "busy" in r.json()["detail"] and r.headers["retry-after"]
    assert client.get("/api/events").status_code == 200


def test_full_coding_queue_is_503_at_once(coder, db):
    app = create_app(db, coder=coder, max_coding_queue=1)
    client = TestClient(app, raise_server_exceptions=False)
    gate = threading.Event()
    app.state.coding.submit(gate.wait)  # the one coding slot is taken by a long article
    try:
        r = client.post("/api/code", json={"text": ARTICLE})
        assert r.status_code == 503 and "coder is busy" in r.json()["detail"] and r.headers["retry-after"]
        h = client.get("/api/health")  # health does not wait for the coder
        assert h.status_code == 200 and h.json()["coding_queue"] == 1
    finally:
        gate.set()
    deadline = time.monotonic() + 10
    while app.state.coding.pending and time.monotonic() < deadline:
        time.sleep(0.01)
    assert client.post("/api/code", json={"text": ARTICLE}).status_code == 200


def test_worker_refuses_beyond_its_bound_and_runs_jobs_in_order():
    w = Worker("test-worker", 2, "busy: {n} waiting")
    gate = threading.Event()
    order: list[int] = []
    first = w.submit(lambda: (gate.wait(), order.append(1)))
    second = w.submit(lambda: order.append(2))
    with pytest.raises(Busy, match="busy: 2 waiting"):
        w.submit(lambda: order.append(3))
    gate.set()
    first.result(10), second.result(10)
    assert order == [1, 2]
    failing = w.submit(lambda: 1 / 0)
    with pytest.raises(ZeroDivisionError):  # a job's error goes to its caller, the worker goes on
        failing.result(10)
    assert w.submit(lambda: "still running").result(10) == "still running"


def test_rwlock_waits_are_bounded_and_a_writer_giving_up_lets_readers_in():
    lock = RWLock()
    with lock.write():
        with pytest.raises(LockTimeout):
            lock.acquire_read(timeout=0.05)
    lock.acquire_read(timeout=1)  # a query under way
    got_in = threading.Event()

    def late_reader() -> None:
        lock.acquire_read(timeout=5)  # held back by the waiting writer below
        got_in.set()
        lock.release_read()

    def writer() -> None:
        with pytest.raises(LockTimeout):
            with lock.write(timeout=0.3):
                pass

    w = threading.Thread(target=writer)
    w.start()
    time.sleep(0.1)
    r = threading.Thread(target=late_reader)
    r.start()
    w.join(5)
    assert got_in.wait(5), "the reader held back for a writer that gave up must go on"
    r.join(5)
    lock.release_read()
    with lock.write(timeout=1):
        pass


# --- Host header (DNS rebinding) -----------------------------------------------------------

def _host_client(db: Path, bind: str, *allow: str) -> TestClient:
    return TestClient(create_app(db, allowed_hosts=hosts_for_bind(bind, allow)), raise_server_exceptions=False)


@pytest.mark.parametrize("host", ["127.0.0.1:8080", "localhost:8080", "LOCALHOST", "[::1]:8080", "127.0.0.1",
                                  "localhost.:8080", "127.0.0.2:8080"])
def test_loopback_names_are_served_on_a_loopback_bind(db, host):
    assert _host_client(db, "127.0.0.1").get("/api/health", headers={"host": host}).status_code == 200


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8080", "127.0.0.1.evil.example",
                                  "localhost.evil.example:8080", "", "10.0.0.5"])
def test_other_hosts_are_refused_on_a_loopback_bind(db, host):
    r = _host_client(db, "127.0.0.1").get("/api/events", headers={"host": host})
    assert r.status_code == 421 and "--allow-host" in r.json()["detail"]


def test_allow_host_adds_names(db):
    client = _host_client(db, "127.0.0.1", "events.example.org")
    assert client.get("/api/health", headers={"host": "events.example.org:8080"}).status_code == 200
    assert client.get("/api/health", headers={"host": "other.example.org"}).status_code == 421
    anyone = _host_client(db, "127.0.0.1", "*")
    assert anyone.get("/api/health", headers={"host": "other.example.org"}).status_code == 200


def test_wildcard_bind_takes_address_literals_not_names(db):
    client = _host_client(db, "0.0.0.0")
    assert client.get("/api/health", headers={"host": "192.168.1.20:8080"}).status_code == 200
    assert client.get("/api/health", headers={"host": "rebound.example:8080"}).status_code == 421


def test_host_check_parses_ipv6_and_ports():
    check = HostCheck(None, hosts_for_bind("::1"))  # type: ignore[arg-type]
    assert check.accepts("[::1]:8080") and check.accepts("[0:0:0:0:0:0:0:1]") and check.accepts("localhost")
    assert not check.accepts("[::1") and not check.accepts("evil.example")


def test_serve_help_documents_allow_host():
    out = CliRunner().invoke(serve_command, ["--help"]).output
    assert "--allow-host" in out and "--allow-host events.example.org" in out and "421" in out


# --- serve refuses what is not a store -----------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("kind", ["text", "duckdb without the tables"])
def test_serve_refuses_a_db_that_is_not_a_store(tmp_path, kind):
    path = tmp_path / "notdb.txt"
    if kind == "text":
        path.write_text("these are my notes\n")
    else:
        duckdb.connect(str(path)).close()
    env = {**os.environ, "PYTHONPATH": SRC + os.pathsep + os.environ.get("PYTHONPATH", "")}
    proc = subprocess.Popen([sys.executable, "-m", "communique.cli.main", "serve", "--db", str(path),
                             "--port", str(_free_port())], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        out, _ = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        pytest.fail("serve started on a file that is not a store")
    text = out.decode(errors="replace")
    assert proc.returncode != 0
    assert str(path) in text and "not a communique store" in text and "communique ingest" in text
    assert "Traceback" not in text
