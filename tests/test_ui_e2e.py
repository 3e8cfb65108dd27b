"""End-to-end: the real server in a subprocess, the web UI driven in headless Chromium.

Uses the Debian chromium binary through Playwright (never a downloaded browser); every request
that is not to the local server is refused and counted, so the UI is checked to work offline.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from test_analysis_sampledb import build_sample_db

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="/usr/bin/chromium not installed; run `bash .ci/install-browser.sh`"
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    db = build_sample_db(tmp_path_factory.mktemp("ui") / "events.duckdb")
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "communique.cli.main", "serve", "--db", str(db), "--port", str(port), "--no-store"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        if proc.poll() is not None:
            pytest.fail(f"server exited: {proc.stdout.read().decode(errors='replace')}")
        try:
            with urllib.request.urlopen(base + "/api/health", timeout=1) as r:
                if r.status == 200:
                    break
        except OSError:
            time.sleep(0.1)
    else:
        proc.terminate()
        pytest.fail("server did not start")
    yield base
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect


@pytest.fixture(scope="module")
def page(server):
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        pg = browser.new_page(viewport={"width": 1280, "height": 900})
        pg.outside = []
        pg.errors = []

        def only_local(route):
            if route.request.url.startswith(server):
                route.continue_()
            else:
                pg.outside.append(route.request.url)
                route.abort()

        pg.route("**/*", only_local)
        pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
        pg.on("pageerror", lambda e: pg.errors.append(str(e)))
        yield pg
        browser.close()


def _shot(pg, tmp_path: Path, name: str) -> Path:
    out = tmp_path / name
    pg.screenshot(path=str(out), full_page=True)
    assert out.stat().st_size > 10_000  # a real rendering, not a blank page
    keep = os.environ.get("COMMUNIQUE_UI_SHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(out, Path(keep) / name)
    return out


def test_filtered_event_table(page, server, tmp_path):
    page.goto(server + "/")
    page.wait_for_selector("#events-table tbody tr")
    assert page.locator("#events-table tbody tr").count() == 24  # every sample event fits one page
    page.fill("#event-filters input[name=dyad]", "RUS:IND")
    page.click("#apply-filters")
    expect(page.locator("#events-status")).to_have_text(re.compile(r"^7 events"))
    rows = page.locator("#events-table tbody tr")
    assert rows.count() == 7
    for i in range(7):
        assert rows.nth(i).locator("td").nth(1).inner_text().startswith("RUS")
        assert rows.nth(i).locator("td").nth(2).inner_text().startswith("IND")
    assert "dyad=RUS%3AIND" in page.url or "dyad=RUS:IND" in page.url
    # a bad value in a field is refused by the API with a readable message, not a crash
    page.goto(server + "/#/events?from=2023-13")
    expect(page.locator("#events-status")).to_have_text(re.compile(r"^Error"))
    assert "month must be 01-12" in page.inner_text("#events-status")
    # Chromium logs the intended 422 as a console error; anything else still fails the test.
    page.errors[:] = [e for e in page.errors if "status of 422" not in e]
    _shot(page, tmp_path, "events.png")
    assert page.outside == [] and page.errors == []


def test_article_view_highlights(page, server, tmp_path):
    page.goto(server + "/#/events?q=Kremlin%20on%20Wednesday")
    expect(page.locator("#events-status")).to_have_text(re.compile(r"^1 event"))
    page.click("#events-table tbody tr")
    page.wait_for_selector("#article-text .trigger")
    triggers = page.locator("#article-text .trigger")
    assert [triggers.nth(i).inner_text() for i in range(triggers.count())] == ["met", "invited", "called"]
    actors = page.locator("#article-text .actor")
    assert actors.first.inner_text() == "Russian President Vladimir Putin"
    assert page.locator("#article-text .flash").inner_text() == "met"  # the event we came from
    assert page.locator("#article-events tbody tr").count() == 3
    assert "at the Kremlin on Wednesday" in page.inner_text("#article-events")
    first = page.locator("#article-events tbody tr").first.inner_text()
    assert "CONSULT" in first and "0.80" in first and "test:040" in first.replace("\u200b", "")
    assert page.locator("#article-text .quote").inner_text() == "steady and strong"
    _shot(page, tmp_path, "article.png")
    assert page.outside == [] and page.errors == []


def test_dyad_chart_renders(page, server, tmp_path):
    page.goto(server + "/#/dyad?dyad=RUS:IND&both=true")
    page.wait_for_selector("#dyad-svg rect.bar")
    # Sep 2023: 4 bars' worth of verbal cooperation in one stacked rect; Dec: two classes
    assert page.locator("#dyad-svg rect.bar").count() == 7
    assert page.locator("#dyad-svg rect.bar.q3").count() == 1
    assert page.locator("#dyad-svg polyline.gline").count() >= 1
    assert page.locator("#dyad-table tbody tr").count() == 7  # Sep 2023 .. Mar 2024, gaps included
    box = page.locator("#dyad-svg").bounding_box()
    assert box["width"] > 500 and box["height"] > 250
    _shot(page, tmp_path, "dyad.png")
    assert page.outside == [] and page.errors == []


def test_dyad_lists_its_events(page, server, tmp_path):
    page.goto(server + "/#/dyad?dyad=russia:india&both=true")
    expect(page.locator("#dyad-list-title")).to_have_text(re.compile(r"All events: 12 events$"))
    assert page.locator("#dyad-events tbody tr").count() == 12
    page.locator("#dyad-svg rect.bar.q3").click()  # the one verbal-conflict bar: Mar 2024
    expect(page.locator("#dyad-list-title")).to_have_text(re.compile(r"2024-03 \(verbal conflict\): 1 event$"))
    row = page.locator("#dyad-events tbody tr")
    assert row.count() == 1 and "130" in row.inner_text()
    row.click()
    page.wait_for_selector("#article-text .flash")
    assert page.outside == [] and page.errors == []


def test_network_graph_renders(page, server, tmp_path):
    page.goto(server + "/#/network")
    # (the page's CSP forbids eval, so waits go through locators, not wait_for_function)
    expect(page.locator("#network-chart")).to_have_attribute("data-edges", re.compile(r"^\d+$"))
    nodes = page.evaluate("cy.nodes().map(n => n.id()).sort()")
    assert nodes == ["CHN", "IND", "PAK", "RUS", "UKR", "USA"]
    # every edge drawn between finite points, no node on another, the graph as wide as the page
    assert page.evaluate("cy.edges().length") == 13
    assert page.evaluate("cy.edges().every(e => [e.sourceEndpoint(), e.targetEndpoint()]"
                         ".every(p => Number.isFinite(p.x) && Number.isFinite(p.y)))")
    overlaps = page.evaluate("""() => { const b = cy.nodes().map(n => n.boundingBox()); let k = 0;
        for (let i = 0; i < b.length; i++) for (let j = i + 1; j < b.length; j++)
          if (b[i].x1 < b[j].x2 && b[j].x1 < b[i].x2 && b[i].y1 < b[j].y2 && b[j].y1 < b[i].y2) k++;
        return k; }""")
    assert overlaps == 0
    assert page.locator("#network-chart").bounding_box()["width"] > 1100
    page.wait_for_selector("#top-actors tbody tr")
    _shot(page, tmp_path, "network.png")
    page.evaluate("cy.getElementById('PAK').emit('tap')")
    expect(page.locator("#events-status")).to_have_text(re.compile(r"^3 events"))
    assert page.locator("#events-table tbody tr").count() == 3
    # actor level
    page.goto(server + "/#/network?level=actor")
    expect(page.locator("#network-status")).to_have_text(re.compile(r"actors, \d+ directed links"))
    assert "RUSGOV" in page.evaluate("cy.nodes().map(n => n.id())")
    assert page.outside == [] and page.errors == []


def test_map_points_and_choropleth(page, server, tmp_path):
    page.goto(server + "/#/map")
    expect(page.locator("#map-status")).to_have_text(re.compile(r"^9 events at 3 places; 15 without a place"))
    assert page.locator("#map path.map-point").count() == 3  # Moscow, Kherson, Jammu
    shaded = page.evaluate("""[...document.querySelectorAll('#map path.leaflet-interactive:not(.map-point)')]
        .filter(p => p.getAttribute('fill') !== '#f4f4f1').length""")
    assert shaded == 3  # RUS, UKR, IND: the countries where the sample's events took place
    _shot(page, tmp_path, "map.png")
    page.locator("#map path.map-point").first.click(force=True)  # the biggest point: Moscow
    expect(page.locator("#map-list-title")).to_have_text(re.compile(r"^Moscow, RUS: \d+ events"))
    assert page.locator("#map-events tbody tr").count() >= 2
    assert page.outside == [] and page.errors == []


def test_names_suggestions_confidence_and_download(page, server, tmp_path):
    page.goto(server + "/#/events")
    page.wait_for_selector("#events-table tbody tr")
    page.fill("#event-filters input[name=actor]", "puti")
    expect(page.locator("#suggest-list option").first).to_have_attribute("value", "RUSGOV")
    page.fill("#event-filters input[name=actor]", "Putin")
    page.fill("#event-filters input[name=min_confidence]", "0.5")
    page.click("#apply-filters")
    expect(page.locator("#events-status")).to_have_text(re.compile(r"^\d+ events"))
    rows = page.locator("#events-table tbody tr")
    texts = [rows.nth(i).inner_text() for i in range(rows.count())]
    assert texts and all("RUSGOV" in t for t in texts) and not any("036" in t for t in texts)
    head = page.inner_text("#events-table thead")
    for col in ("Where", "Conf.", "Rule", "PLOVER"):
        assert col in head
    assert "test:" in texts[0]  # the rule that coded it
    # the date cell does not wrap
    assert page.evaluate("getComputedStyle(document.querySelector('#events-table td.date')).whiteSpace") == "nowrap"
    with page.expect_download() as dl:
        page.click(".downloads a[data-format=csv]")
    body = Path(dl.value.path()).read_text(encoding="utf-8")
    assert body.startswith('"id",date,') and len(body.strip().splitlines()) == 1 + len(texts)
    assert page.outside == [] and page.errors == []


def test_codebook_page(page, server, tmp_path):
    page.goto(server + "/#/explain?term=0874")
    # the first lookup loads the lexicon in the server
    expect(page.locator("#explain-result h2")).to_have_text("0874 Retreat or surrender militarily", timeout=60_000)
    text = page.inner_text("#explain-result")
    assert "+10.0" in text and "RETREAT" in text and "Material cooperation" in text
    page.fill("#explain-form input[name=term]", "Jaishankar")
    page.click("#explain-form button")
    # the first name looked up loads the knowledge base in the server
    expect(page.locator("#explain-result")).to_contain_text("External Affairs Minister", timeout=60_000)
    assert "INDGOV" in page.inner_text("#explain-result")
    _shot(page, tmp_path, "codebook.png")
    page.click("#explain-result a.linkish")  # "events of INDGOV"
    expect(page.locator("#events-status")).to_have_text(re.compile(r"^\d+ events"))
    assert page.locator("#event-filters input[name=actor]").input_value() == "INDGOV"
    assert page.outside == [] and page.errors == []


def _coder_importable() -> bool:
    try:
        import communique.pipeline  # noqa: F401
    except ImportError:
        return False
    return True


def test_paste_an_article(page, server, tmp_path):
    page.goto(server + "/#/code")
    page.fill("#code-text", "date 2024-05-16 (Harbor Times) Russian President Vladimir Putin met Indian "
                            "Prime Minister Narendra Modi in Moscow on Wednesday.")
    page.click("#code-submit")
    if _coder_importable():
        # the first POST loads the models in the server process
        expect(page.locator("#code-status")).to_have_text(re.compile(r"^\d+ events?"), timeout=120_000)
        assert page.locator("#code-events tbody tr").count() >= 1
        assert page.locator("#code-text-view .trigger").count() >= 1
        assert page.locator("#code-text-view .actor").count() >= 2
        assert "Harbor Times" not in page.inner_text("#code-text-view")  # header stripped, offsets hold
        _shot(page, tmp_path, "code.png")
    else:
        # without the coder the server answers 503 and the page says why instead of failing silently
        expect(page.locator("#code-status")).to_have_text(re.compile(r"^Error: the coder is not available"),
                                                          timeout=30_000)
        page.errors[:] = [e for e in page.errors if "status of 503" not in e]
    assert page.outside == [] and page.errors == []


def test_offline_api_docs(page, server):
    page.goto(server + "/docs")
    page.wait_for_selector("section[data-path='/api/events']")
    assert "page_size" in page.inner_text("section[data-path='/api/events']")
    section = page.locator("section[data-path='/api/dyad']")
    section.locator("input[name=dyad]").fill("RUS:IND")
    section.locator("button").click()
    expect(section.locator("pre")).to_have_text(re.compile(r"^200"))
    assert page.outside == [] and page.errors == []
