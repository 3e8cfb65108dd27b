"""POST /api/code with the real coder: an article in, its events out (and into the store when
the store writer is there). Skips only while the coder's packages are not yet importable."""

from __future__ import annotations

import shutil
import warnings

import pytest

from test_analysis_sampledb import build_sample_db

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from communique.server import create_app

ARTICLE = (
    "date 2024-05-16 (Harbor Times) Russian President Vladimir Putin met Indian Prime Minister "
    "Narendra Modi in Moscow on Wednesday. The two leaders signed an agreement on nuclear energy. "
    "Ukraine condemned the visit."
)


@pytest.fixture(scope="module")
def real_coder():
    from communique.pipeline import Coder

    return Coder()


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    return build_sample_db(tmp_path_factory.mktemp("code") / "events.duckdb")


def test_post_codes_article(real_coder, sample_db):
    client = TestClient(create_app(sample_db, coder=real_coder, allow_store=False))
    r = client.post("/api/code", json={"text": ARTICLE})
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["date"] == "2024-05-16" and out["source"] == "Harbor Times"
    assert out["text"].startswith("Russian President")  # header removed; offsets index this text
    assert out["events"], "no events coded"
    for ev in out["events"]:
        assert out["text"][ev["trigger"]["start"]:ev["trigger"]["end"]] == ev["trigger"]["text"]
    for a in out["actors"]:
        assert out["text"][a["start"]:a["end"]] == a["text"]
    dyads = {((e["source"] or {}).get("country"), (e["target"] or {}).get("country")) for e in out["events"]}
    assert ("RUS", "IND") in dyads or ("IND", "RUS") in dyads
    assert out["stored"] is False


def test_post_store_flag(real_coder, sample_db, tmp_path):
    db = tmp_path / "events.duckdb"
    shutil.copy(sample_db, db)
    client = TestClient(create_app(db, coder=real_coder, allow_store=False))
    out = client.post("/api/code", json={"text": ARTICLE, "store": True}).json()
    assert out["stored"] is False and "--no-store" in out["store_note"]
    client = TestClient(create_app(db, coder=real_coder, allow_store=True))
    out = client.post("/api/code", json={"text": ARTICLE, "store": True}).json()
    assert out["stored"] is True, out["store_note"]
    art = client.get(f"/api/articles/{out['id']}")
    assert art.status_code == 200
    assert len(art.json()["mentions"]) == len(out["events"])
    # reads still work after the write (the read-only connections reopen cleanly)
    assert client.get("/api/events", params={"from": "2024-05"}).json()["total"] >= 1


def test_warm_coder_loads_before_the_first_paste(sample_db):
    app = create_app(sample_db, allow_store=False, warm_coder=True)
    assert not app.state.coder_ready.is_set()  # nothing loads before the app starts
    with TestClient(app) as client:  # runs the app's startup, which starts the load
        assert app.state.coder_ready.wait(timeout=300)  # loaded with no request asking
        r = client.post("/api/code", json={"text": ARTICLE})
        assert r.status_code == 200 and r.json()["events"]


def test_paste_view_warms_the_coder(sample_db):
    # what the web UI's paste view sends when it opens: the load starts, the call returns
    lazy = create_app(sample_db, allow_store=False)
    with TestClient(lazy) as client:
        assert not lazy.state.coder_ready.wait(timeout=1)  # nobody asked: nothing loads
        first = client.post("/api/code/warm")
        assert first.status_code == 200 and first.json() in ({"ready": False}, {"ready": True})
        assert lazy.state.coder_ready.wait(timeout=300)
        assert client.post("/api/code/warm").json() == {"ready": True}
        assert client.post("/api/code", json={"text": ARTICLE}).json()["events"]
    # a server given its coder is ready from the start
    given = create_app(sample_db, coder=object(), allow_store=False)
    assert given.state.coder_ready.is_set()
