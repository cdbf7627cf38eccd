"""The explorer page in headless Chromium, opened from file:// with the network blocked.

Needs Debian's chromium (``apt-get install chromium``) and Playwright for Python (``pip
install playwright``; its own browser download is not used). Without them the tests skip
locally and fail in CI (``CI=true``). A screenshot is saved to ``test-artifacts/explorer.png``;
``KG_UPDATE_SCREENSHOT=1`` also copies it to ``docs/explorer.png`` for the README.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from kg import api

from .test_viz import build_crafted, drawn_count, select

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"


def _missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed: pip install 'playwright>=1.40'"
    if not CHROMIUM.exists():
        return f"no Chromium at {CHROMIUM}: apt-get install -y chromium chromium-driver"
    return None


@pytest.fixture(scope="module")
def browser():
    problem = _missing()
    if problem:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"browser tests cannot run in CI: {problem}", pytrace=False)
        pytest.skip(problem)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@dataclass
class Log:
    """What the page tried to do besides drawing itself."""

    network: list[str] = field(default_factory=list)  # every non-file request
    errors: list[str] = field(default_factory=list)  # console errors, uncaught exceptions
    dialogs: list[str] = field(default_factory=list)


@dataclass
class Opened:
    page: Any
    log: Log

    def js(self, expr: str, arg: Any = None) -> Any:
        return self.page.evaluate(expr, arg)

    def node_id(self, iri: str) -> int:
        return self.js("(iri) => kgExplorer.nodes.get().find(n => n.d.iri === iri).id", iri)

    def point(self, node: int) -> tuple[float, float]:
        """Centre the view on ``node``, zoomed in, and return its position on the screen."""
        return tuple(
            self.js(
                """(id) => {
                  const net = kgExplorer.network;
                  net.moveTo({position: net.getPosition(id), scale: 2.5, animation: false});
                  const p = net.canvasToDOM(net.getPosition(id));
                  const r = document.getElementById("kg-network").getBoundingClientRect();
                  return [r.left + p.x, r.top + p.y];
                }""",
                node,
            )
        )


def open_page(browser, path: Path) -> Opened:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    log = Log()

    def block(route):
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            log.network.append(route.request.url)
            route.abort()

    context.route("**/*", block)
    page = context.new_page()
    page.on("request", lambda r: r.url.startswith("file:") or log.network.append(r.url))
    page.on("websocket", lambda ws: log.network.append(ws.url))
    page.on("console", lambda m: m.type == "error" and log.errors.append(m.text))
    page.on("pageerror", lambda e: log.errors.append(str(e)))

    def dialog(d):
        log.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", dialog)
    page.goto(path.resolve().as_uri())
    try:
        page.wait_for_selector("body[data-ready=true]", timeout=30_000)
    except Exception:  # playwright's TimeoutError: say what the page said instead
        pytest.fail(f"the page never finished drawing; errors: {log.errors}", pytrace=False)
    return Opened(page, log)


@pytest.fixture(scope="module")
def seed(seed_built):
    out, _ = seed_built
    return api.open_store(out), api.explorer_path(out)


def test_seed_page_renders_offline(browser, seed):
    store, path = seed
    opened = open_page(browser, path)
    canvas = opened.js(
        """() => {
          const c = document.querySelector("#kg-network canvas");
          const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
          let ink = 0;
          for (let i = 0; i < d.length; i += 4) {
            if (d[i + 3] && d[i] + d[i + 1] + d[i + 2] < 600) ink++;
          }
          return {width: c.width, height: c.height, ink: ink};
        }"""
    )
    assert canvas["width"] > 300 and canvas["height"] > 300
    assert canvas["ink"] > 1000, "the canvas has something drawn on it"
    expected = drawn_count(store)
    assert opened.js("kgExplorer.network.body.data.nodes.length") == expected
    assert opened.js("kgExplorer.network.body.nodeIndices.length") == expected  # all visible
    legend = opened.js(
        "[...document.querySelectorAll('#kg-legend .kg-count')].map(e => Number(e.textContent))"
    )
    assert sum(legend) == expected
    assert opened.js("kgExplorer.state.stabilized"), "physics settled, then was switched off"
    assert opened.js("kgExplorer.network.physics.options.enabled") is False
    print(f"seed page ready {opened.js('kgExplorer.state.readyAt'):.0f} ms after navigation")
    assert opened.log.network == []
    assert opened.log.errors == []
    assert opened.log.dialogs == []


def test_search_finds_an_agency_by_its_alias(browser, seed):
    opened = open_page(browser, seed[1])
    opened.page.fill("#kg-search", "省工信厅")
    hit = opened.page.locator("#kg-results button", has_text="江西省工业和信息化厅").first
    hit.wait_for(timeout=5_000)
    assert "省工信厅" in hit.inner_text()  # shown with the alias it was found by
    hit.click()
    assert opened.page.inner_text("#kg-details h3") == "江西省工业和信息化厅"
    assert opened.log.errors == [] and opened.log.network == []


def test_hover_and_click_on_a_pledge_show_its_source(browser, seed):
    store, path = seed
    (row,) = select(
        store,
        """SELECT ?p ?text ?sentence ?title ?date WHERE {
             ?p plk:agency ?a ; plk:text ?text ; prov:wasDerivedFrom/rdfs:label ?sentence ;
                plk:article ?art . ?a skos:altLabel "省商务厅"@zh .
             ?art dcterms:title ?title ; dcterms:issued ?date }""",
    )
    opened = open_page(browser, path)
    node = opened.node_id(row["p"])
    x, y = opened.point(node)
    opened.page.mouse.move(x, y)
    tooltip = opened.page.locator(".vis-tooltip")
    tooltip.wait_for(state="visible", timeout=5_000)
    assert row["sentence"] in tooltip.inner_text()
    opened.page.mouse.click(x, y)
    details = opened.page.locator("#kg-details")
    details.wait_for(state="visible", timeout=5_000)
    assert details.get_attribute("data-node") == str(node)
    text = details.inner_text()
    assert row["sentence"] in text
    assert row["title"] in text and row["date"] in text
    assert opened.page.inner_text("#kg-details mark") == row["text"]  # the pledge, highlighted
    shot = ARTIFACTS / "explorer.png"
    ARTIFACTS.mkdir(exist_ok=True)
    opened.page.mouse.move(5, 5)  # no tooltip over the picture
    opened.js(
        """(id) => kgExplorer.network.moveTo(
             {position: kgExplorer.network.getPosition(id), scale: 0.75, animation: false})""",
        node,
    )
    opened.page.screenshot(path=str(shot))
    if os.environ.get("KG_UPDATE_SCREENSHOT"):
        shutil.copyfile(shot, ROOT / "docs" / "explorer.png")
    assert opened.log.errors == [] and opened.log.network == []


def test_class_filter_hides_every_node_of_the_class(browser, seed):
    store, path = seed
    figures = {r["o"] for r in select(store, "SELECT DISTINCT ?o WHERE { ?o a plk:Observation }")}
    opened = open_page(browser, path)
    opened.page.locator("#kg-legend li[data-class=Observation] input").uncheck()
    hidden = opened.js(
        """() => Object.values(kgExplorer.network.body.nodes)
                 .filter(n => n.options.hidden).map(n => kgExplorer.nodes.get(n.id).d.iri)"""
    )
    assert set(hidden) == figures
    visible = opened.js("kgExplorer.network.body.nodeIndices.length")
    assert visible == drawn_count(store) - len(figures)
    count = opened.page.inner_text("#kg-legend li[data-class=Observation] .kg-count")
    assert count == f"0 / {len(figures)}"
    opened.page.click("#kg-reset")
    assert opened.js("kgExplorer.network.body.nodeIndices.length") == drawn_count(store)
    assert opened.log.errors == []


def test_article_filter_shows_that_article(browser, seed):
    store, path = seed
    (art,) = select(
        store, 'SELECT ?a WHERE { ?a dcterms:title "我省启动新一批专精特新企业认定"@zh }'
    )
    facts = {
        r["f"]
        for r in select(
            store,
            f"SELECT ?f WHERE {{ ?f plk:article <{art['a']}> ; a ?c "
            "VALUES ?c { plk:Observation plk:Target plk:Pledge plk:Directive } }",
        )
    }
    opened = open_page(browser, path)
    option = opened.page.locator("#kg-article option", has_text="我省启动新一批专精特新企业认定")
    opened.page.select_option("#kg-article", option.get_attribute("value"))
    shown = set(
        opened.js(
            """() => Object.values(kgExplorer.network.body.nodes)
                     .filter(n => !n.options.hidden).map(n => kgExplorer.nodes.get(n.id).d.iri)"""
        )
    )
    assert facts and facts <= shown
    others = select(
        store,
        f"SELECT ?f WHERE {{ ?f a plk:Observation ; plk:article ?a FILTER(?a != <{art['a']}>) }}",
    )
    assert not {r["f"] for r in others} & shown
    assert opened.log.errors == []


def test_agency_filter_and_hierarchical_layout(browser, seed):
    store, path = seed
    gongxin = "https://w3id.org/plenum-kg/id/agency/江西省工业和信息化厅"
    pledges = {r["p"] for r in select(store, f"SELECT ?p WHERE {{ ?p plk:agency <{gongxin}> }}")}
    opened = open_page(browser, path)
    opened.page.select_option("#kg-agency", str(opened.node_id(gongxin)))
    shown = set(
        opened.js(
            """() => Object.values(kgExplorer.network.body.nodes)
                     .filter(n => !n.options.hidden).map(n => kgExplorer.nodes.get(n.id).d.iri)"""
        )
    )
    assert {gongxin} | pledges <= shown
    assert len(shown) < drawn_count(store)
    opened.page.check("input[name=kg-layout][value=hierarchical]")
    assert opened.js("kgExplorer.network.layoutEngine.options.hierarchical.enabled") is True
    assert opened.log.errors == []


def test_crafted_article_cannot_run_script(browser, tmp_path):
    out = build_crafted(tmp_path)
    opened = open_page(browser, api.explorer_path(out))
    opened.page.fill("#kg-search", "消费品")
    opened.page.locator("#kg-results button").first.click()
    details = opened.page.inner_text("#kg-details")
    assert "<img src=x onerror=window.__kgPwned=5>" in details  # shown as text
    titles = opened.js("[...document.querySelectorAll('#kg-article option')].map(o => o.text)")
    assert any("<script>window.__kgPwned=1</script>" in t for t in titles)
    for node in opened.js("kgExplorer.nodes.getIds()"):
        opened.page.mouse.move(*opened.point(node))  # every tooltip
        opened.js("(id) => kgExplorer.network.selectNodes([id])", node)
    assert opened.js("document.querySelectorAll('img, iframe, object, embed').length") == 0
    assert opened.js("[...document.querySelectorAll('a')].map(a => a.href)") == []
    assert opened.js("window.__kgPwned") is None
    assert opened.log.dialogs == []
    assert opened.log.errors == []  # a blocked inline script would show here as a CSP error
    assert opened.log.network == []
