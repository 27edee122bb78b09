"""The guided tour, the presenter's keys and links to a moment, in real headless Chromium (network blocked)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mapgen.options import Preset, RenderOptions, Tiles
from mapgen.pipeline import load_dataset
from mapgen.tour import tour_stops
from tests.conftest import SHIPPED, VALID, PageLog, lead_quote

pytestmark = pytest.mark.browser

OFFLINE = RenderOptions(tiles=Tiles.NONE)
SLIDE = RenderOptions(tiles=Tiles.NONE, preset=Preset.SLIDE)
STOPS = tour_stops(load_dataset(SHIPPED))


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
    return page.locator(".mapgen-tour-status").text_content()


def at_stop(page, k: int, stops=STOPS) -> None:
    """Stop k is shown: its number on <html>, "Stop k of n" said, its title and words in the story
    panel, its year on the slider, and the popup of a stop that names one open with its quote."""
    stop = stops[k - 1]
    page.wait_for_selector(f"html[data-mapgen-tour='{k}'][data-mapgen-tour-still]", state="attached", timeout=15000)
    assert status(page).startswith(f"Stop {k} of {len(stops)}:")
    assert page.locator(".mapgen-story-title").inner_text() == stop.title
    if stop.text:
        assert page.locator(".mapgen-story-text").inner_text() == stop.text
    assert page.evaluate("document.documentElement.dataset.mapgenYear") == str(stop.year)
    if stop.popup:
        popup = popup_of(page, stop.popup).inner_text()
        assert " ".join(lead_quote(stop.popup).split())[:40] in " ".join(popup.split())


def test_tour_button_and_keys(built_maps, open_at):
    page, log = open_at(built_maps(SHIPPED, OFFLINE))
    live = page.locator(".mapgen-tour-status")
    assert live.get_attribute("aria-live") == "polite" and live.get_attribute("role") == "status"
    history = page.evaluate("history.length")
    page.click(".mapgen-tour-start")
    at_stop(page, 1)
    assert STOPS[0].title in status(page)  # heard by screen readers, though the panel shows it
    page.focus(".leaflet-container")  # the map has the focus, as after a click on it
    for key, k in [("PageDown", 2), ("ArrowRight", 3), ("Space", 4), ("ArrowLeft", 3), ("PageUp", 2)]:
        page.keyboard.press(key)
        at_stop(page, k)
        assert page.evaluate("location.hash") == f"#tour={k}"
    # The keys still reach the tour when the focus is inside the story panel.
    page.focus(".mapgen-story summary")
    page.keyboard.press("PageDown")
    at_stop(page, 3)
    assert page.evaluate("history.length") == history  # replaceState: no entry per stop
    page.keyboard.press("End")
    at_stop(page, len(STOPS))
    page.keyboard.press("Home")
    page.wait_for_selector("html[data-mapgen-tour='0']", state="attached")
    assert status(page).startswith("Overview")
    assert page.locator(".mapgen-story").is_hidden() and page.locator(".mapgen-title").is_visible()
    page.wait_for_selector(".leaflet-popup", state="detached", timeout=1000)
    page.keyboard.press("PageDown")
    at_stop(page, 1)
    page.keyboard.press("Escape")
    page.wait_for_function("!document.documentElement.hasAttribute('data-mapgen-tour')")
    page.wait_for_selector(".leaflet-popup", state="detached", timeout=1000)
    assert status(page) == "Tour ended."
    assert page.locator(".mapgen-tour-start").is_visible()
    assert page.locator(".mapgen-story").is_hidden()
    assert log.errors == []


#: What a stop shows, measured in the page: the story panel and its type, its places' markers and labels.
SHOWN = """() => {
  const tour = mapgen.api.tour, stop = tour.stops[tour.position() - 1];
  const box = e => { const r = e.getBoundingClientRect(); return {x: r.left, y: r.top, width: r.width, height: r.height}; };
  const story = document.querySelector(".mapgen-story");
  const size = s => parseFloat(getComputedStyle(document.querySelector(s)).fontSize);
  const frame = box(mapgen.api.map.getContainer());
  return {
    story: box(story),
    sources: stop.cites.length ? box(story.querySelector(".mapgen-story-sources summary")) : null,
    panels: mapgen.api.panelRects().filter(r => !r.name.includes("mapgen-story")),
    frame: frame,
    titleSize: size(".mapgen-story-title"),
    textSize: stop.text ? size(".mapgen-story-text") : null,
    markers: mapgen.api.markerRects().filter(m => stop.places.includes(m.id)),
    others: mapgen.api.markerRects().filter(m => !stop.places.includes(m.id) && m.highlighted).map(m => m.id),
    labels: mapgen.api.labelRects().filter(l => stop.places.includes(l.id)).map(l => l.id),
  };
}"""


def overlaps(a: dict, b: dict) -> bool:
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


def inside(a: dict, frame: dict) -> bool:
    return (
        a["x"] >= frame["x"]
        and a["y"] >= frame["y"]
        and a["x"] + a["width"] <= frame["x"] + frame["width"]
        and a["y"] + a["height"] <= frame["y"] + frame["height"]
    )


@pytest.mark.parametrize(
    ("options", "width", "height"),
    [(SLIDE, 1280, 720), (OFFLINE, 1280, 800), (OFFLINE, 390, 844)],
    ids=["slide-1280x720", "screen-1280x800", "phone-390x844"],
)
def test_every_stop_shows_its_words_clear_of_its_places(built_maps, open_at, options, width, height):
    page, log = open_at(built_maps(SHIPPED, options), width=width, height=height, reduced_motion=True)
    page.click(".mapgen-tour-start")
    for k, stop in enumerate(STOPS, start=1):
        if k > 1:
            page.keyboard.press("PageDown")
        at_stop(page, k)
        page.wait_for_timeout(150)  # a popup's own pan
        shown = page.evaluate(SHOWN)
        if options is SLIDE:  # read from the back of the room
            assert shown["textSize"] >= 20 and shown["titleSize"] >= 24, (stop.title, shown["textSize"])
        # The panel covers none of the stop's places, each drawn, in view and ringed (and only they).
        assert sorted(m["id"] for m in shown["markers"]) == sorted(stop.places), stop.title
        for marker in shown["markers"]:
            assert not overlaps(marker, shown["story"]), (stop.title, marker)
            assert inside(marker, shown["frame"]), (stop.title, marker)
            assert marker["highlighted"], (stop.title, marker["id"])
        assert shown["others"] == [], stop.title
        # Its sources toggle shows without scrolling the panel.
        if stop.citations:
            bottom = shown["sources"]["y"] + shown["sources"]["height"]
            assert bottom <= shown["story"]["y"] + shown["story"]["height"], stop.title
        # Nor does it run under another panel (the tour box, the slider).
        assert [p["name"] for p in shown["panels"] if overlaps(p, shown["story"])] == [], stop.title
        if options is SLIDE:  # on the slide preset every place of the stop is named: labelled, or its popup open
            assert sorted(set(shown["labels"]) | {stop.popup} - {None}) == sorted(stop.places), stop.title
    page.keyboard.press("PageDown")  # past the last stop, a map of its own stays there
    at_stop(page, len(STOPS))
    assert log.errors == []


def test_a_stop_shows_its_sources_verbatim(built_maps, open_at):
    page, log = open_at(built_maps(SHIPPED, SLIDE), "#tour=5", width=1280, height=720, reduced_motion=True)
    at_stop(page, 5)
    stop = STOPS[4]
    page.click(".mapgen-story-sources summary")
    quotes = page.locator(".mapgen-story-sources blockquote.mapgen-quote").all_inner_texts()
    assert quotes == [c.quote for c in stop.citations]
    cites = page.locator(".mapgen-story-sources .mapgen-cite").all_inner_texts()
    assert any("De-Stalinization" in c and "The Daily Omnivore" in c for c in cites)
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
    assert lead_quote("volgograd") in text
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
    page.evaluate("location.hash = '#tour=6'")  # a link followed inside the page
    at_stop(page, 6)
    # One the map cannot show leaves the reader where they are, and the address says where.
    for fragment in BAD_LINKS:
        page.evaluate(f"location.hash = {json.dumps(fragment)}")
        page.wait_for_function("location.hash === '#tour=6'", timeout=5000)
        at_stop(page, 6)
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
    assert page.locator(".mapgen-story-title").inner_text() == "Gammagrad → Deltaburg"
    page.keyboard.press("PageDown")
    popup_of(page, "betatown")
    assert log.errors == []


def test_the_default_tour_is_a_stop_per_year(built_maps, open_at):
    stops = tour_stops(load_dataset(VALID))
    page, log = open_at(built_maps(VALID, OFFLINE), "#tour=1", reduced_motion=True)
    for k in range(1, len(stops) + 1):
        if k > 1:
            page.keyboard.press("PageDown")
        at_stop(page, k, stops)
        assert (
            page.locator(".mapgen-story-title").inner_text()
            == ["1956: 1 event", "1957: 1 renaming", "1961: 1 renaming"][k - 1]
        )
        ringed = [m["id"] for m in page.evaluate("mapgen.api.markerRects()") if m["highlighted"]]
        assert ringed == list(stops[k - 1].places)
    assert page.query_selector(".leaflet-popup") is None  # a year's stop opens no popup of its own
    assert log.errors == []


def test_a_stops_words_are_text_never_markup(built_maps, open_at, tmp_path):
    import shutil

    shutil.copytree(VALID.parent, tmp_path / "data")
    path = tmp_path / "data" / "places.geojson"
    document = json.loads(path.read_text("utf-8"))
    hostile = '<img src=x onerror="window.pwned=1">'
    document["tour"] = [{"title": hostile, "text": "</script><b>bold</b>", "places": ["betatown"]}]
    path.write_text(json.dumps(document), encoding="utf-8")
    page, log = open_at(built_maps(path, OFFLINE), "#tour=1")
    page.wait_for_selector("html[data-mapgen-tour='1'][data-mapgen-tour-still]", state="attached")
    assert page.locator(".mapgen-story-title").inner_text() == hostile
    assert page.locator(".mapgen-story-text").inner_text() == "</script><b>bold</b>"
    assert page.query_selector(".mapgen-story img, .mapgen-story b") is None
    assert page.evaluate("window.pwned === undefined")
    assert log.errors == []


def test_a_stop_with_its_own_view_looks_there(built_maps, open_at, tmp_path):
    import shutil

    shutil.copytree(VALID.parent, tmp_path / "data")
    path = tmp_path / "data" / "places.geojson"
    document = json.loads(path.read_text("utf-8"))
    document["tour"] = [
        {"title": "Close up", "view": {"center": [40.5, 50.25], "zoom": 5}, "year": 1957},
        {"title": "Everything", "places": []},
    ]
    path.write_text(json.dumps(document), encoding="utf-8")
    page, log = open_at(built_maps(path, OFFLINE), "#tour=1", reduced_motion=True)
    page.wait_for_selector("html[data-mapgen-tour='1'][data-mapgen-tour-still]", state="attached")
    assert page.evaluate("mapgen.api.map.getZoom()") == 5
    # Its centre is in the middle of the room the panels leave (a little off the map's own centre).
    spot = page.evaluate(
        """() => { const m = mapgen.api.map, p = m.latLngToContainerPoint([50.25, 40.5]),
                     b = m.getContainer().getBoundingClientRect(); return {x: b.left + p.x, y: b.top + p.y, width: 1, height: 1}; }"""
    )
    assert inside(
        spot,
        page.evaluate(
            "(r => ({x: r.left, y: r.top, width: r.width, height: r.height}))(mapgen.api.map.getContainer().getBoundingClientRect())"
        ),
    )
    assert [p["name"] for p in page.evaluate("mapgen.api.panelRects()") if overlaps(spot, p)] == []
    assert page.evaluate("document.documentElement.dataset.mapgenYear") == "1957"
    # A stop about no place rings what the slider's year rings: that year's renamings.
    assert page.evaluate("mapgen.api.markerRects().filter(m => m.highlighted).map(m => m.id)") == ["deltaburg"]
    page.keyboard.press("PageDown")
    page.wait_for_selector("html[data-mapgen-tour='2'][data-mapgen-tour-still]", state="attached")
    # A stop about no place shows them all, clear of the story panel.
    story = page.evaluate(
        "(r => ({x: r.left, y: r.top, width: r.width, height: r.height}))(document.querySelector('.mapgen-story').getBoundingClientRect())"
    )
    markers = page.evaluate("mapgen.api.markerRects()")
    assert len(markers) == 3 and not any(overlaps(m, story) for m in markers)
    assert log.errors == []


CITY = Path(__file__).parent / "data" / "shapes" / "city" / "places.geojson"


def test_a_city_tour_frames_its_streets_apart_not_as_one_blob(built_maps, open_at):
    """A dataset of one city's streets: a stop comes as close as the opening view does (zoom 12
    for these streets, a few kilometres apart), not to the zoom of a region, where its eleven
    streets lie on one spot and are fanned out round it."""
    stops = tour_stops(load_dataset(CITY))
    page, log = open_at(built_maps(CITY, SLIDE), width=1280, height=720, reduced_motion=True)
    opening = page.evaluate("mapgen.api.map.getZoom()")
    page.click(".mapgen-tour-start")
    page.keyboard.press("PageDown")
    at_stop(page, 2, stops)
    assert len(stops[1].places) == 11
    assert page.evaluate("mapgen.api.map.getZoom()") >= opening
    shown = page.evaluate(SHOWN)
    assert sorted(m["id"] for m in shown["markers"]) == sorted(stops[1].places)
    for marker in shown["markers"]:
        # Drawn where the street is (not set round a shared spot), in view and clear of the words.
        at = page.evaluate(f"mapgen.api.markerPoint({json.dumps(marker['id'])})")
        centre = (marker["x"] + marker["width"] / 2, marker["y"] + marker["height"] / 2)
        assert abs(centre[0] - at["x"]) < 2 and abs(centre[1] - at["y"]) < 2, marker["id"]
        assert inside(marker, shown["frame"]) and not overlaps(marker, shown["story"]), marker["id"]
    assert log.errors == []


VIEW_OF = "(m => ({zoom: m.getZoom(), lat: m.getCenter().lat, lon: m.getCenter().lng}))(mapgen.api.map)"


def test_a_panel_that_comes_late_leaves_the_stops_framing_as_it_was(built_maps, open_at):
    """The offline notice comes when the first tile fails, which may be after a linked stop is
    framed: the view then still shows the stop, not the year's other places."""
    page, log = open_at(built_maps(SHIPPED, SLIDE), "#tour=5", width=1280, height=720, reduced_motion=True)
    at_stop(page, 5)
    before = page.evaluate(VIEW_OF)
    page.evaluate("void mapgen.api.map.fire('mapgen:panels')")  # what the offline notice does as it arrives
    page.wait_for_timeout(300)
    after = page.evaluate(VIEW_OF)
    assert after["zoom"] == before["zoom"]
    assert abs(after["lat"] - before["lat"]) < 1e-6 and abs(after["lon"] - before["lon"]) < 1e-6
    shown = page.evaluate(SHOWN)
    assert sorted(m["id"] for m in shown["markers"]) == sorted(STOPS[4].places)
    assert all(inside(m, shown["frame"]) and not overlaps(m, shown["story"]) for m in shown["markers"])
    assert log.errors == []


def _valid_with_tour(tmp_path: Path, tour: list) -> Path:
    import shutil

    shutil.copytree(VALID.parent, tmp_path / "data")
    path = tmp_path / "data" / "places.geojson"
    document = json.loads(path.read_text("utf-8"))
    document["tour"] = tour
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


#: Words long enough to fill a phone's story panel to below the middle of the screen.
LONG_WORDS = " ".join(["Gammagrad became Deltaburg, and the names on the map changed with it."] * 5)


def test_a_view_is_centred_in_the_room_the_panels_leave_on_a_phone(built_maps, open_at, tmp_path):
    path = _valid_with_tour(
        tmp_path,
        [{"title": "Close up", "text": LONG_WORDS, "view": {"center": [40.5, 50.25], "zoom": 5}, "year": 1957}],
    )
    page, log = open_at(built_maps(path, OFFLINE), "#tour=1", width=390, height=844, reduced_motion=True)
    page.wait_for_selector("html[data-mapgen-tour='1'][data-mapgen-tour-still]", state="attached")
    assert page.evaluate("mapgen.api.map.getZoom()") == 5
    spot = page.evaluate(
        """() => { const m = mapgen.api.map, p = m.latLngToContainerPoint([50.25, 40.5]),
                     b = m.getContainer().getBoundingClientRect(); return {x: b.left + p.x, y: b.top + p.y, width: 1, height: 1}; }"""
    )
    story = page.locator(".mapgen-story").bounding_box()
    assert story["y"] + story["height"] > 844 / 2  # the words reach below the middle of the screen
    assert inside(spot, {"x": 0, "y": 0, "width": 390, "height": 844})
    panels = page.evaluate("mapgen.api.panelRects()")
    assert [p["name"] for p in panels if overlaps(spot, p)] == [], (spot, panels)
    assert log.errors == []


def test_on_a_phone_the_story_panel_folds_away_to_show_the_map(built_maps, open_at):
    page, log = open_at(built_maps(SHIPPED, OFFLINE), "#tour=5", width=390, height=844, reduced_motion=True)
    at_stop(page, 5)
    fold = page.locator(".mapgen-story-fold")
    assert fold.get_attribute("aria-expanded") == "true"
    assert page.locator("#" + fold.get_attribute("aria-controls")).is_visible()
    opened = page.locator(".mapgen-story").bounding_box()
    fold.click()
    page.wait_for_timeout(200)
    assert fold.get_attribute("aria-expanded") == "false" and fold.inner_text() == "Show"
    story = page.locator(".mapgen-story").bounding_box()
    # The stop's number and title stay, on one line; the words wait; the map has the room back.
    assert story["height"] <= 90 < opened["height"], (story, opened)
    assert page.locator(".mapgen-story-title").is_visible() and page.locator(".mapgen-story-text").is_hidden()
    shown = page.evaluate(SHOWN)
    assert sorted(m["id"] for m in shown["markers"]) == sorted(STOPS[4].places)
    assert all(inside(m, shown["frame"]) and not overlaps(m, shown["story"]) for m in shown["markers"])
    # Folded it stays, from stop to stop, until the reader shows the words again.
    page.keyboard.press("PageDown")
    at_stop(page, 6)
    assert page.locator(".mapgen-story-text").is_hidden()
    page.locator(".mapgen-story-fold").click()
    assert page.locator(".mapgen-story-text").is_visible()
    assert page.locator(".mapgen-story-fold").get_attribute("aria-expanded") == "true"
    assert log.errors == []


@pytest.mark.parametrize(
    "tour",
    [
        [
            {
                "title": "The square",
                "places": ["deltaburg"],
                "view": {"center": [68.78, 38.54], "zoom": 9},
                "popup": "deltaburg",
            }
        ],
        ["deltaburg"],
    ],
    ids=["with-a-view", "one-place"],
)
def test_a_stops_popup_stays_clear_of_the_panels_when_one_comes_late(built_maps, open_at, tmp_path, tour):
    path = _valid_with_tour(tmp_path, tour)
    page, log = open_at(built_maps(path, OFFLINE), "#tour=1", width=390, height=844, reduced_motion=True)
    page.wait_for_selector("html[data-mapgen-tour='1'][data-mapgen-tour-still]", state="attached")
    popup_of(page, "deltaburg")
    page.evaluate("void mapgen.api.map.fire('mapgen:panels')")  # as the offline notice does
    page.wait_for_timeout(400)  # the popup's own pan
    box = page.locator(".leaflet-popup-content-wrapper").bounding_box()
    assert inside(box, {"x": 0, "y": 0, "width": 390, "height": 844}), box
    covering = [p["name"] for p in page.evaluate("mapgen.api.panelRects()") if overlaps(box, p)]
    assert covering == [], (box, covering)
    assert log.errors == []


def test_an_overview_stop_shows_the_maps_own_year_whichever_way_it_is_reached(built_maps, open_at, tmp_path):
    """A stop with no places and no year: the slider at the year the map opens at, going
    forward to it or coming back to it from a stop of another year."""
    path = _valid_with_tour(
        tmp_path, [{"title": "The whole story"}, {"title": "Gammagrad", "places": ["deltaburg"], "year": 1957}]
    )
    page, log = open_at(built_maps(path, OFFLINE), reduced_motion=True)
    opening = page.evaluate("mapgen.api.data.openingYear")
    assert opening != 1957
    page.click(".mapgen-tour-start")
    page.wait_for_selector("html[data-mapgen-tour='1'][data-mapgen-tour-still]", state="attached")
    assert page.evaluate("document.documentElement.dataset.mapgenYear") == str(opening)
    page.keyboard.press("PageDown")
    page.wait_for_selector("html[data-mapgen-tour='2'][data-mapgen-tour-still]", state="attached")
    assert page.evaluate("document.documentElement.dataset.mapgenYear") == "1957"
    page.keyboard.press("PageUp")
    page.wait_for_selector("html[data-mapgen-tour='1'][data-mapgen-tour-still]", state="attached")
    assert page.evaluate("document.documentElement.dataset.mapgenYear") == str(opening)
    assert log.errors == []
