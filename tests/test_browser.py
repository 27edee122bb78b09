"""The map as people see it: real headless Chromium, network blocked."""

from __future__ import annotations

import json

import pytest

from mapgen.options import Preset, RenderOptions, Tiles
from tests.conftest import SHIPPED, VALID

pytestmark = pytest.mark.browser

OFFLINE = RenderOptions(tiles=Tiles.NONE)


def click_place(page, place_id: str) -> str:
    """Click a marker where it is drawn, as a person would, and return the popup's text."""
    point = page.evaluate(f"mapgen.api.markerPoint({json.dumps(place_id)})")
    page.mouse.click(point["x"], point["y"])
    popup = page.wait_for_selector(f'.leaflet-popup .mapgen-popup[data-place="{place_id}"]', timeout=5000)
    return popup.inner_text()


def test_offline_map_loads_clean_with_one_marker_per_place(built_maps, open_map):
    page, log = open_map(built_maps(SHIPPED, OFFLINE))
    data = json.loads(SHIPPED.read_text(encoding="utf-8"))
    places = [f for f in data["features"] if f["properties"].get("category", "renaming") == "renaming"]
    events = [f for f in data["features"] if f["properties"].get("category") == "event"]
    assert page.evaluate("mapgen.api.data.places.length") == len(places) + len(events)
    # Every place is drawn in the opening view: as its own marker, or counted in a cluster.
    assert page.evaluate("mapgen.api.visibleCount()") == len(places) + len(events)
    clustered = page.evaluate(
        "[...document.querySelectorAll('.marker-cluster')].reduce((n, c) => n + parseInt(c.textContent, 10), 0)"
    )
    assert clustered < len(places) + len(events)
    assert log.errors == []
    assert log.failed == []
    assert [u for u in log.requests if not u.startswith("file:")] == []
    assert page.title() == data.get("title", "Renamed places")


def test_clicking_volgograd_quotes_the_article(built_maps, open_map):
    page, log = open_map(built_maps(SHIPPED, OFFLINE))
    text = click_place(page, "volgograd")
    assert "Stalingrad → Volgograd" in text
    assert "the ‘hero city’ Stalingrad was renamed to Volgograd" in text
    assert page.query_selector(".leaflet-popup blockquote.mapgen-quote") is not None
    assert log.errors == []


def test_tiles_blocked_still_shows_outlines_and_says_so(built_maps, open_map):
    page, log = open_map(built_maps(VALID, RenderOptions()))
    page.wait_for_selector(".mapgen-offline", timeout=10000)
    assert log.failed, "tile requests should have been attempted and blocked"
    assert all("basemaps.cartocdn.com" in url for url in log.failed), log.failed
    # The built-in basemap is drawn on its own canvas beneath the tiles.
    assert page.evaluate("document.querySelector('.leaflet-mapgen-basemap-pane canvas') !== null")
    assert [e for e in log.errors if "ERR_INTERNET_DISCONNECTED" not in e] == []


def test_fixture_popup_shows_history_natives_and_disagreement(built_maps, open_map):
    page, log = open_map(built_maps(VALID, OFFLINE))
    text = click_place(page, "deltaburg")
    assert "Gammagrad → Deltaburg" in text
    assert "1957 (sources differ: 1957–1958)" in text
    assert "Epsilon" in text and "Gammagrad" in text
    text = click_place(page, "betatown")
    assert "Альфавиль → Бетатаун" in text
    assert "10 November 1961" in text
    link = page.query_selector('.leaflet-popup cite a[href="https://example.org/test-article"]')
    assert link is not None and link.get_attribute("rel") == "noopener noreferrer"
