"""Maps of 10,000 and 100,000 places in real headless Chromium, network blocked.

"Ready" (``data-mapgen-ready``) must mean what tests and ``mapgen export`` take it to mean:
every place can be seen, searched and opened, and the page is idle. Each page is built once
per test session. Speed targets are the benchmark's (``bench/``), not these tests'.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from mapgen.options import CheckOptions, RenderOptions, Tiles
from mapgen.page.payload import read_page_data
from mapgen.pipeline import build
from tests.conftest import PageLog

pytestmark = pytest.mark.browser

#: Installed before the page's own scripts: every main-thread task over 50 ms, and the moment
#: the page says it is ready.
WATCH = """
window.mapgenTest = { longTasks: [], ready: null };
new PerformanceObserver(function (list) {
  list.getEntries().forEach(function (e) { window.mapgenTest.longTasks.push([e.startTime, e.duration]); });
}).observe({ type: "longtask", buffered: true });
new MutationObserver(function () {
  var root = document.documentElement;
  if (window.mapgenTest.ready === null && root && root.getAttribute("data-mapgen-ready") === "true") {
    window.mapgenTest.ready = performance.now();
  }
}).observe(document, { attributes: true, subtree: true, attributeFilter: ["data-mapgen-ready"] });
"""


@pytest.fixture(scope="session")
def scale_maps(tmp_path_factory):
    """Pages of synthetic places whose texts all differ (bench/synthetic.py), built once each."""
    from bench.synthetic import write_dataset

    folder = tmp_path_factory.mktemp("scale")
    built: dict[int, Path] = {}

    def get(n: int) -> Path:
        if n not in built:
            write_dataset(folder / f"data-{n}", n, seed=1)
            out = folder / f"map-{n}.html"
            # The GeoNames check is the build's business, not the page's: off, to keep the session short.
            build(
                folder / f"data-{n}" / "places.geojson",
                out,
                RenderOptions(tiles=Tiles.NONE),
                CheckOptions(gazetteer_km=0),
            )
            built[n] = out
        return built[n]

    return get


@pytest.fixture
def open_watched(browser):
    """Open a page with the network blocked and long tasks watched; wait until it is ready."""
    from mapgen.outputs.browser import block_network

    contexts = []

    def opener(path: Path, timeout_s: float = 60, fragment: str = ""):
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        contexts.append(context)
        page = context.new_page()
        log = PageLog()
        page.on("console", lambda m: m.type == "error" and log.errors.append(m.text))
        page.on("pageerror", lambda e: log.errors.append(f"uncaught: {e}"))
        page.on("request", lambda r: log.requests.append(r.url))
        block_network(page)
        page.add_init_script(WATCH)
        page.goto(path.resolve().as_uri() + fragment)
        page.wait_for_selector("html[data-mapgen-ready=true]", state="attached", timeout=timeout_s * 1000)
        return page, log

    yield opener
    for context in contexts:
        context.close()


def long_tasks_after_ready(page, idle_ms: int = 1500) -> list[list[float]]:
    """The main-thread tasks over 50 ms that ran after the page said it was ready, in an idle while."""
    page.wait_for_timeout(idle_ms)
    watched = page.evaluate("window.mapgenTest")
    return [task for task in watched["longTasks"] if task[0] + task[1] > watched["ready"]]


def represented_at_world_view(page) -> int:
    """How many places the map draws (each alone or counted in a cluster) when zoomed out on the world."""
    return page.evaluate("mapgen.api.map.setView([45, 70], 2, {animate: false}), mapgen.api.visibleCount()")


def search(page, text: str) -> list[str]:
    page.fill(".mapgen-search-input", text)
    page.wait_for_selector(".mapgen-results .mapgen-result", timeout=30000)
    return page.locator(".mapgen-results .mapgen-result").all_inner_texts()


def open_popup(page, place: dict) -> str:
    page.evaluate(f"mapgen.api.open({json.dumps(place['id'])}, {{focus: false}})")
    target = f'.leaflet-popup .mapgen-popup[data-place="{place["id"]}"]'
    return page.wait_for_selector(target, timeout=20000).inner_text()


def last_renaming(path: Path) -> dict:
    places = read_page_data(path.read_text(encoding="utf-8"))["places"]
    return [p for p in places if not p.get("event")][-1]


def test_ready_at_10000_places_means_every_place_can_be_seen_searched_and_opened(scale_maps, open_watched):
    path = scale_maps(10_000)
    last = last_renaming(path)
    page, log = open_watched(path)
    # Idle from the moment it says it is ready: nothing of start-up is left to run.
    assert long_tasks_after_ready(page) == []
    # Everything in view is drawn, alone or in a cluster, and every place is there to be drawn.
    in_view = page.evaluate(
        "(() => { const b = mapgen.api.map.getBounds();"
        " return mapgen.api.data.places.filter(p => b.contains([p.lat, p.lon])).length; })()"
    )
    assert page.evaluate("mapgen.api.visibleCount()") >= in_view > 0
    assert represented_at_world_view(page) == 10_000
    # The last place of the data is found (by its id: synthetic names repeat, and search lists
    # eight) and its popup quotes its source.
    assert f"{last['id']} → {last['new']} ({last['year']})" in search(page, last["id"])
    popup = open_popup(page, last)
    assert last["cites"][0]["quote"] in popup
    assert log.errors == []
    assert [u for u in log.requests if not u.startswith("file:")] == []


def test_a_link_to_a_place_of_a_large_map_is_ready_with_its_popup_open(scale_maps, open_watched):
    path = scale_maps(10_000)
    last = last_renaming(path)
    page, log = open_watched(path, fragment=f"#place={last['id']}")
    popup = page.wait_for_selector(f'.leaflet-popup .mapgen-popup[data-place="{last["id"]}"]', timeout=5000)
    assert last["cites"][0]["quote"] in popup.inner_text()
    assert page.evaluate(f"mapgen.api.markerPoint({json.dumps(last['id'])}).clustered") is False
    assert log.errors == []


def test_clusters_stand_for_their_places_and_open_them(scale_maps, open_watched):
    page, log = open_watched(scale_maps(10_000))
    # The page's clusters add up to what the map says it draws, and a click on one zooms in.
    clusters = page.evaluate(
        "[...document.querySelectorAll('.mapgen-cluster')].reduce((n, c) => n + parseInt(c.textContent, 10), 0)"
    )
    assert 0 < clusters <= page.evaluate("mapgen.api.visibleCount()")
    zoom = page.evaluate("mapgen.api.map.getZoom()")
    page.locator(".mapgen-cluster").first.click()
    page.wait_for_function(f"mapgen.api.map.getZoom() > {zoom}", timeout=10000)
    page.wait_for_timeout(800)  # the end of the zoom's animation
    # Zoomed in far enough, a place stands alone and a click on its marker opens it.
    place = page.evaluate(
        "(({id, lat, lon, new: name}) => ({id, lat, lon, new: name}))(mapgen.api.data.places.filter(p => !p.event)[4321])"
    )
    page.evaluate(f"void mapgen.api.map.setView([{place['lat']}, {place['lon']}], 17, {{animate: false}})")
    point = page.evaluate(f"mapgen.api.markerPoint({json.dumps(place['id'])})")
    assert point["clustered"] is False
    page.mouse.click(point["x"], point["y"])
    popup = page.wait_for_selector(f'.mapgen-popup[data-place="{place["id"]}"]', timeout=10000).inner_text()
    assert place["new"] in popup
    assert log.errors == []


def test_the_slider_rings_the_clusters_of_its_year(scale_maps, open_watched):
    page, log = open_watched(scale_maps(10_000))
    year = int(page.evaluate("document.documentElement.dataset.mapgenYear"))
    page.evaluate("void mapgen.api.map.setView([50, 60], 3, {animate: false})")

    def ringed() -> int:
        return page.locator(".mapgen-cluster-highlight").count()

    before = ringed()
    assert before > 0  # the opening year has renamings all over
    page.focus("#mapgen-year")
    page.keyboard.press("Home")  # the first year with a change: a handful of places
    page.wait_for_function(f"document.documentElement.dataset.mapgenYear !== '{year}'")
    page.wait_for_timeout(1000)  # the view may move to show the year's places
    first = int(page.evaluate("document.documentElement.dataset.mapgenYear"))
    # A cluster is ringed exactly when one of its places changed its name in the slider's year.
    changed = page.evaluate(f"mapgen.api.data.places.filter(p => p.changeYears.includes({first})).map(p => p.id)")
    assert 0 < len(changed) < 10_000
    assert ringed() < before
    for place_id in changed:
        point = page.evaluate(f"mapgen.api.markerPoint({json.dumps(place_id)})")
        if point["clustered"]:
            # A cluster drawn at that point is ringed (clusters, events' too, may overlap, so
            # not merely the topmost).
            icon = page.evaluate(
                f"""[...document.querySelectorAll('.mapgen-cluster')].filter(c => {{
                  const r = c.getBoundingClientRect();
                  return Math.abs(r.left + r.width / 2 - {point["x"]}) < 1.5 && Math.abs(r.top + r.height / 2 - {point["y"]}) < 1.5;
                }}).map(c => c.className)"""
            )
            assert any("mapgen-cluster-highlight" in c for c in icon), (place_id, icon)
    assert log.errors == []


def test_filters_and_the_tour_work_at_10000_places(scale_maps, open_watched):
    path = scale_maps(10_000)
    data = read_page_data(path.read_text(encoding="utf-8"))
    page, log = open_watched(path)
    person = data["people"][0]
    page.get_by_role("checkbox", name=re.compile(re.escape(person["name"]))).uncheck()
    assert represented_at_world_view(page) == 10_000 - person["count"]
    page.get_by_role("checkbox", name=re.compile(re.escape(person["name"]))).check()
    assert represented_at_world_view(page) == 10_000
    # The default tour: a stop per year, its title shown, the slider on its year.
    page.evaluate("mapgen.api.tour.go(1)")
    stop = page.evaluate("mapgen.api.tour.stops[0]")
    page.wait_for_selector(".mapgen-story .mapgen-story-title", timeout=20000)
    assert page.locator(".mapgen-story-title").inner_text() == stop["title"]
    assert page.evaluate("document.documentElement.dataset.mapgenYear") == str(stop["year"])
    assert page.locator(".mapgen-tour-status").inner_text().startswith("Stop 1 of ")
    assert log.errors == []


def test_a_map_of_100000_places_is_ready_searchable_and_opens_its_places(scale_maps, open_watched):
    path = scale_maps(100_000)
    assert path.stat().st_size <= 15_000_000, path.stat().st_size
    last = last_renaming(path)
    page, log = open_watched(path, timeout_s=120)
    assert represented_at_world_view(page) == 100_000
    assert search(page, last["id"])[0] == f"{last['id']} → {last['new']} ({last['year']})"
    page.keyboard.press("Enter")  # choosing the result zooms there and opens its popup
    popup = page.wait_for_selector(f'.leaflet-popup .mapgen-popup[data-place="{last["id"]}"]', timeout=30000)
    assert last["cites"][0]["quote"] in popup.inner_text()
    # The slider moves: the next year with a change, and the year's places are ringed.
    year = page.evaluate("document.documentElement.dataset.mapgenYear")
    page.focus("#mapgen-year")
    page.keyboard.press("ArrowLeft")
    page.wait_for_function(f"document.documentElement.dataset.mapgenYear !== '{year}'", timeout=10000)
    assert log.errors == []
