"""The guided tour, the presenter's keys and links to a moment, in real headless Chromium (network blocked)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mapgen.options import Preset, RenderOptions, Tiles
from mapgen.pipeline import load_dataset
from mapgen.tour import tour_stops
from tests.conftest import SHIPPED, VALID, PageLog

pytestmark = pytest.mark.browser

OFFLINE = RenderOptions(tiles=Tiles.NONE)
STOPS = tour_stops(load_dataset(SHIPPED))
PLACES = {f["properties"]["id"]: f["properties"] for f in json.loads(SHIPPED.read_text("utf-8"))["features"]}


@pytest.fixture
def open_at(browser):
    """Open a map at a #fragment, the network blocked; wait until it is ready."""
    from mapgen.outputs.browser import block_network

    contexts = []

    def opener(path: Path, fragment: str = "", width: int = 1280, height: int = 800, reduced_motion: bool = False):
        context = browser.new_context(
            viewport={"width": width, "height": height}, reduced_motion="reduce" if reduced_motion else "no-preference"
        )
        contexts.append(context)
        page = context.new_page()
        log = PageLog()
        page.on("console", lambda m: m.type in ("error", "warning") and log.errors.append(m.text))
        page.on("pageerror", lambda e: log.errors.append(f"uncaught: {e}"))
        block_network(page)
        page.goto(path.resolve().as_uri() + fragment)
        page.wait_for_selector("html[data-mapgen-ready=true]", state="attached", timeout=15000)
        return page, log

    yield opener
    for context in contexts:
        context.close()


def popup_of(page, place_id: str, timeout: int = 15000):
    return page.wait_for_selector(f'.leaflet-popup .mapgen-popup[data-place="{place_id}"]', timeout=timeout)


def status(page) -> str:
    return page.locator(".mapgen-tour-status").inner_text()


def at_stop(page, k: int) -> None:
    """Stop k is shown: its number on <html>, "Stop k of n" said, its popup open with its quote, its year set."""
    place = PLACES[STOPS[k - 1]]
    page.wait_for_selector(f"html[data-mapgen-tour='{k}']", state="attached", timeout=10000)
    popup = popup_of(page, STOPS[k - 1]).inner_text()
    assert status(page).startswith(f"Stop {k} of {len(STOPS)}:")
    quotes = [c["quote"] for c in place["citations"] if c.get("quote")]
    if quotes:
        assert page.query_selector(".leaflet-popup blockquote.mapgen-quote") is not None
        assert " ".join(quotes[0].split())[:40] in " ".join(popup.split())
    assert page.evaluate("document.documentElement.dataset.mapgenYear") == str(place["year"])


def test_tour_button_and_keys(built_maps, open_at):
    page, log = open_at(built_maps(SHIPPED, OFFLINE))
    live = page.locator(".mapgen-tour-status")
    assert live.get_attribute("aria-live") == "polite" and live.get_attribute("role") == "status"
    history = page.evaluate("history.length")
    page.click(".mapgen-tour-start")
    at_stop(page, 1)
    first = PLACES[STOPS[0]]
    assert (first.get("title") or first["new_name"]) in status(page)
    page.focus(".leaflet-container")  # the map has the focus, as after a click on it
    for key, k in [("PageDown", 2), ("ArrowRight", 3), ("Space", 4), ("ArrowLeft", 3), ("PageUp", 2)]:
        page.keyboard.press(key)
        at_stop(page, k)
        assert page.evaluate("location.hash") == f"#tour={k}"
    # The keys still reach the tour when the focus is inside the popup.
    page.focus(".leaflet-popup a[href]")
    page.keyboard.press("PageDown")
    at_stop(page, 3)
    assert page.evaluate("history.length") == history  # replaceState: no entry per stop
    page.keyboard.press("Home")
    page.wait_for_selector("html[data-mapgen-tour='0']", state="attached")
    assert status(page).startswith("Overview")
    page.wait_for_selector(".leaflet-popup", state="detached", timeout=1000)
    page.keyboard.press("PageDown")
    at_stop(page, 1)
    page.keyboard.press("Escape")
    page.wait_for_function("!document.documentElement.hasAttribute('data-mapgen-tour')")
    page.wait_for_selector(".leaflet-popup", state="detached", timeout=1000)
    assert status(page) == "Tour ended."
    assert page.locator(".mapgen-tour-start").is_visible()
    assert log.errors == []


#: Steps through every stop inside the page (one round trip, not a dozen per stop) and says what each showed.
EVERY_STOP = """async () => {
  const tour = mapgen.api.tour, map = mapgen.api.map, seen = [];
  for (let k = 1; k <= tour.length; k++) {
    const opened = new Promise(done => {
      map.once("popupopen", e => done(e.popup.getContent()));
      setTimeout(() => done(null), 15000);
    });
    if (k === 1) tour.go(1); else tour.next();
    const popup = await opened;
    seen.push({
      place: popup && popup.getAttribute("data-place"),
      text: popup ? popup.textContent : "",
      quotes: popup ? popup.querySelectorAll("blockquote.mapgen-quote").length : 0,
      status: document.querySelector(".mapgen-tour-status").textContent,
      year: document.documentElement.dataset.mapgenYear,
    });
  }
  return seen;
}"""


def test_every_stop_opens_its_popup_with_its_quote(built_maps, open_at):
    page, log = open_at(built_maps(SHIPPED, RenderOptions(tiles=Tiles.NONE, preset=Preset.SLIDE)), reduced_motion=True)
    seen = page.evaluate(EVERY_STOP)
    assert [s["place"] for s in seen] == list(STOPS)
    for k, (shown, stop) in enumerate(zip(seen, STOPS, strict=True), start=1):
        place = PLACES[stop]
        assert shown["status"].startswith(f"Stop {k} of {len(STOPS)}:")
        assert shown["year"] == str(place["year"])
        quotes = [c["quote"] for c in place["citations"] if c.get("quote")]
        if quotes:
            assert shown["quotes"] >= 1
            assert " ".join(quotes[0].split())[:40] in " ".join(shown["text"].split()), stop
    page.keyboard.press("PageDown")  # past the last stop, a map of its own stays there
    at_stop(page, len(STOPS))
    assert log.errors == []


def test_page_down_starts_the_tour_on_a_map_of_its_own(built_maps, open_at):
    page, log = open_at(built_maps(SHIPPED, OFFLINE), reduced_motion=True)
    page.keyboard.press("PageDown")
    at_stop(page, 1)
    assert log.errors == []


@pytest.mark.parametrize(("fragment", "k"), [("#tour=5", 5), ("#tour", 1)])
def test_link_to_a_tour_stop(built_maps, open_at, fragment, k):
    page, log = open_at(built_maps(SHIPPED, OFFLINE), fragment)
    at_stop(page, k)
    assert log.errors == []


def test_link_to_a_year(built_maps, open_at):
    page, log = open_at(built_maps(SHIPPED, OFFLINE), "#year=1956")
    assert page.evaluate("document.documentElement.dataset.mapgenYear") == "1956"
    assert page.evaluate("mapgen.api.label('volgograd')") == "Stalingrad"
    assert page.query_selector(".leaflet-popup") is None
    assert page.evaluate("location.hash") == "#year=1956"
    assert log.errors == []


@pytest.mark.parametrize(("fragment", "year"), [("#place=volgograd", "1961"), ("#year=1950&place=volgograd", "1950")])
def test_link_to_a_place(built_maps, open_at, fragment, year):
    page, log = open_at(built_maps(SHIPPED, OFFLINE), fragment)
    text = popup_of(page, "volgograd").inner_text()
    assert "the ‘hero city’ Stalingrad was renamed to Volgograd" in text
    assert page.evaluate("document.documentElement.dataset.mapgenYear") == year
    assert page.evaluate("document.activeElement === document.body")  # a link's popup takes no focus
    assert log.errors == []


BAD_LINKS = [
    "#place=nowhere",
    "#place=__proto__",
    "#place=%E0%A4%A",
    "#year=3000",
    "#year=19x1",
    "#tour=99",
    "#tour=-1",
]


def test_a_bad_link_is_ignored_quietly(built_maps, open_at):
    page, log = open_at(built_maps(SHIPPED, OFFLINE), "#place=nowhere&year=3000")
    page.wait_for_timeout(300)
    assert page.query_selector(".leaflet-popup") is None
    assert page.evaluate("document.documentElement.hasAttribute('data-mapgen-tour')") is False
    # The year the map opens at without a link (the data's opening year; older pages: the default year).
    opening = page.evaluate("(d => d.openingYear === undefined ? d.defaultYear : d.openingYear)(mapgen.api.data)")
    assert page.evaluate("document.documentElement.dataset.mapgenYear") == str(opening)
    nothing = {"year": None, "place": None, "tour": None}
    for fragment in BAD_LINKS:
        assert page.evaluate(f"mapgen.readMoment({json.dumps(fragment)}, mapgen.api.data)") == nothing, fragment
    assert log.errors == []


def test_the_address_follows_the_reader(built_maps, open_at):
    page, log = open_at(built_maps(SHIPPED, OFFLINE))
    history = page.evaluate("history.length")
    assert page.evaluate("location.hash") == ""
    page.evaluate("mapgen.api.setYear(1957)")
    assert page.evaluate("location.hash") == "#year=1957"
    page.evaluate("mapgen.api.open('perm', {focus: false})")
    popup_of(page, "perm")
    assert page.evaluate("location.hash") == "#place=perm"
    page.evaluate("void mapgen.api.map.closePopup()")
    assert page.evaluate("location.hash") == "#year=1957"
    assert page.evaluate("history.length") == history
    page.evaluate("location.hash = '#tour=7'")  # a link followed inside the page
    at_stop(page, 7)
    assert log.errors == []


def test_the_data_file_orders_the_tour(built_maps, open_at, tmp_path):
    import shutil

    shutil.copytree(VALID.parent, tmp_path / "data")
    path = tmp_path / "data" / "places.geojson"
    document = json.loads(path.read_text("utf-8"))
    document["tour"] = ["deltaburg", "betatown"]
    path.write_text(json.dumps(document), encoding="utf-8")
    page, log = open_at(built_maps(path, OFFLINE), "#tour=1")
    assert page.locator(".mapgen-tour-start").get_attribute("aria-label") == "Start the guided tour: 2 stops"
    popup_of(page, "deltaburg")
    assert status(page).startswith("Stop 1 of 2:")
    page.keyboard.press("PageDown")
    popup_of(page, "betatown")
    assert log.errors == []
