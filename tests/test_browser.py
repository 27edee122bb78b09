"""The map as people see it: real headless Chromium, network blocked."""

from __future__ import annotations

import json

import pytest

from mapgen.options import Preset, RenderOptions, Tiles
from tests.conftest import SHIPPED, VALID, lead_quote

pytestmark = pytest.mark.browser

OFFLINE = RenderOptions(tiles=Tiles.NONE)


def click_place(page, place_id: str) -> str:
    """Click a marker where it is drawn, as a person would, and return the popup's text.

    Like a reader, it first zooms in on the place, so that a neighbour drawn on top of it at
    a small scale (Volgograd and its oblast) does not catch the click; a cluster that holds
    it is clicked until the marker stands on its own; and if the map was still settling
    (an earlier popup panning the view), it clicks again."""
    target = f'.leaflet-popup .mapgen-popup[data-place="{place_id}"]'
    page.evaluate(
        f"(() => {{ const p = mapgen.api.data.places.find(p => p.id === {json.dumps(place_id)});"
        " mapgen.api.map.closePopup(); mapgen.api.map.setView([p.lat, p.lon], 7, {animate: false}); })()"
    )
    for _ in range(8):
        page.wait_for_timeout(300)  # let the view settle, as a person's eye would
        point = page.evaluate(f"mapgen.api.markerPoint({json.dumps(place_id)})")
        page.mouse.click(point["x"], point["y"])
        if point["clustered"]:
            continue
        try:
            return page.wait_for_selector(target, timeout=1500).inner_text()
        except Exception:  # Playwright's TimeoutError: try the click once more
            continue
    return page.wait_for_selector(target, timeout=1000).inner_text()


def test_offline_map_loads_clean_with_one_marker_per_place(built_maps, open_map):
    page, log = open_map(built_maps(SHIPPED, OFFLINE))
    data = json.loads(SHIPPED.read_text(encoding="utf-8"))
    places = [f for f in data["features"] if f["properties"].get("category", "renaming") == "renaming"]
    events = [f for f in data["features"] if f["properties"].get("category") == "event"]
    assert page.evaluate("mapgen.api.data.places.length") == len(places) + len(events)
    # Every place is drawn in the opening view: as its own marker, or counted in a cluster.
    assert page.evaluate("mapgen.api.visibleCount()") == len(places) + len(events)
    clustered = page.evaluate(
        "[...document.querySelectorAll('.mapgen-cluster')].reduce((n, c) => n + parseInt(c.textContent, 10), 0)"
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
    assert lead_quote("volgograd") in text  # the press of the day, the seed article folded below
    assert page.query_selector(".leaflet-popup blockquote.mapgen-quote") is not None
    assert log.errors == []


def test_tiles_blocked_still_shows_outlines_and_says_so(built_maps, open_map):
    page, log = open_map(built_maps(VALID, RenderOptions()))
    page.wait_for_selector(".mapgen-offline", timeout=10000)
    assert log.failed, "tile requests should have been attempted and blocked"
    assert all("tile.openstreetmap.org" in url for url in log.failed), log.failed
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
    # Readers see what kind of work each citation is; the copy it was read in is never offered.
    assert page.locator(".leaflet-popup .mapgen-source-kind").first.inner_text() == "scholarship"
    assert "copies.example" not in page.content()


def set_year(page, year: int) -> None:
    """Move the slider as a keyboard user would: focus it, Home, then the arrow key until the
    year shows (the slider steps through the years in which names changed)."""
    slider = page.locator("#mapgen-year")
    slider.focus()
    page.keyboard.press("Home")
    for _ in range(len(page.evaluate("mapgen.api.data.steps"))):
        if page.evaluate("document.documentElement.dataset.mapgenYear") == str(year):
            break
        page.keyboard.press("ArrowRight")
    assert page.locator("#mapgen-year-typed").input_value() == str(year)


def labels(page) -> set[str]:
    return set(page.eval_on_selector_all(".mapgen-label:not([hidden])", "els => els.map(e => e.textContent)"))


def test_slider_relabels_markers(built_maps, open_map):
    page, log = open_map(built_maps(SHIPPED, OFFLINE))
    page.evaluate("mapgen.api.setYear(1950)")
    assert page.locator("#mapgen-year-typed").input_value() == "1950"
    assert [page.evaluate(f"mapgen.api.label('{i}')") for i in ("volgograd", "donetsk", "perm")] == [
        "Stalingrad",
        "Stalino",
        "Molotov",
    ]
    shown = labels(page)
    assert "Stalinsk" in shown and "Novokuznetsk" not in shown
    page.evaluate("mapgen.api.setYear(1962)")
    assert [page.evaluate(f"mapgen.api.label('{i}')") for i in ("volgograd", "donetsk", "perm")] == [
        "Volgograd",
        "Donetsk",
        "Perm",
    ]
    assert page.evaluate("mapgen.api.label('novokuznetsk')") == "Novokuznetsk"
    # 1962's renamings are labelled old and new (the view moved to show them).
    assert {"Stalin Peak → Communism Peak", "Stalin → Musala"} <= labels(page)
    assert log.errors == []


def test_slider_keyboard_and_highlight(built_maps, open_map):
    page, log = open_map(built_maps(VALID, OFFLINE))
    set_year(page, 1930)
    assert "Epsilon → Gammagrad" in labels(page)
    assert page.evaluate("mapgen.api.label('betatown')") == "Alphaville"
    highlighted = ".mapgen-label-highlight:not([hidden])"
    assert page.eval_on_selector_all(highlighted, "els => els.map(e => e.textContent)") == ["Epsilon → Gammagrad"]
    set_year(page, 1961)
    assert page.eval_on_selector_all(highlighted, "els => els.map(e => e.textContent)") == ["Alphaville → Betatown"]


def test_play_steps_through_years(built_maps, open_map):
    page, log = open_map(built_maps(VALID, OFFLINE))
    page.evaluate("mapgen.api.setYear(1925)")
    page.click(".mapgen-play")
    page.wait_for_function("document.documentElement.dataset.mapgenYear === '1930'", timeout=5000)
    page.wait_for_function("document.documentElement.dataset.mapgenYear === '1956'", timeout=5000)


def test_build_year_option_opens_at_that_year(built_maps, open_map):
    page, log = open_map(built_maps(SHIPPED, RenderOptions(tiles=Tiles.NONE, year=1955)))
    assert page.locator("#mapgen-year-typed").input_value() == "1955"
    assert page.evaluate("mapgen.api.label('volgograd')") == "Stalingrad"


@pytest.mark.parametrize(
    ("query", "place"), [("Сталинград", "volgograd"), ("stalino", "donetsk"), ("Dushanbe", "dushanbe")]
)
def test_search_finds_any_name_and_opens_the_popup(built_maps, open_map, query, place):
    page, log = open_map(built_maps(SHIPPED, OFFLINE))
    page.fill(".mapgen-search-input", query)
    page.wait_for_selector(".mapgen-result")
    page.keyboard.press("Enter")
    page.wait_for_selector(f'.leaflet-popup .mapgen-popup[data-place="{place}"]', timeout=8000)
    assert log.errors == []


def test_accessible_table_lists_every_place(built_maps, open_map):
    page, log = open_map(built_maps(VALID, OFFLINE))
    page.click(".mapgen-list-button")
    dialog = page.wait_for_selector("dialog.mapgen-table-dialog[open]")
    rows = dialog.query_selector_all("tbody tr")
    assert len(rows) == 3
    assert "Gammagrad" in rows[1].inner_text()
    page.keyboard.press("Escape")
    assert page.query_selector("dialog.mapgen-table-dialog[open]") is None


def test_legend_filters_by_person(built_maps, open_map):
    page, log = open_map(built_maps(VALID, OFFLINE))
    assert page.evaluate("mapgen.api.visibleCount()") == 3
    page.get_by_label("Person B").uncheck()
    assert page.evaluate("mapgen.api.visibleCount()") == 2
    page.get_by_label("Events").uncheck()
    assert page.evaluate("mapgen.api.visibleCount()") == 1


def test_slide_preset_is_16_9_and_ignores_the_scroll_wheel(built_maps, open_map):
    page, log = open_map(built_maps(VALID, RenderOptions(tiles=Tiles.NONE, preset=Preset.SLIDE)), 1500, 900)
    box = page.locator(".folium-map").bounding_box()
    assert abs(box["width"] / box["height"] - 16 / 9) < 0.01
    zoom = page.evaluate("mapgen.api.map.getZoom()")
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, -600)
    page.wait_for_timeout(400)
    assert page.evaluate("mapgen.api.map.getZoom()") == zoom
    assert page.locator(".mapgen-fullscreen").is_visible()
    assert page.locator(".leaflet-control-attribution").is_visible()
    assert log.errors == []


def test_export_png_has_the_size_and_is_not_blank(tmp_path):
    """`mapgen export` as a user runs it (its own process: it drives its own Chromium)."""
    import subprocess
    import sys

    from PIL import Image

    out = tmp_path / "map.png"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mapgen",
            "export",
            str(VALID),
            "-o",
            str(out),
            "--width",
            "1200",
            "--height",
            "675",
            "--tiles",
            "none",
            "--year",
            "1950",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "[4/5] Rendering 1200×675" in result.stderr
    assert result.stdout.startswith(f"Wrote {out} (1200×675, ")
    image = Image.open(out)
    assert image.size == (1200, 675)
    colours = image.convert("RGB").getcolors(maxcolors=1_000_000)
    assert len(colours) > 50
    # Marker red (Person A's colour, blended at 92% opacity) is there, not only sea and land.
    assert any(abs(r - 0xCC) < 25 and abs(g - 0x33) < 25 and abs(b - 0x11) < 25 for _, (r, g, b) in colours)


def test_hover_shows_the_renaming_then_the_years_name(built_maps, open_map):
    page, log = open_map(built_maps(VALID, OFFLINE))
    page.evaluate("mapgen.api.setYear(1950)")
    page.evaluate("mapgen.api.map.setView([48.7, 44.5], 7, {animate: false}) && null")
    point = page.evaluate("mapgen.api.markerPoint('betatown')")
    page.mouse.move(point["x"], point["y"])
    page.wait_for_selector(".mapgen-hover:has-text('Alphaville → Betatown (1961)')", timeout=3000)
    page.wait_for_timeout(100)
    page.mouse.move(point["x"] + 200, point["y"] + 200, steps=10)  # a hand moves through many points
    # Leaflet drops canvas hover events closer than 32 ms apart; a hand keeps moving after that.
    page.wait_for_timeout(100)
    page.mouse.move(point["x"] + 205, point["y"] + 205)
    # Poll from Python: the pointer's "mouseout" reaches the canvas marker on a later tick.
    for _ in range(30):
        page.wait_for_timeout(100)
        hover = page.locator(".leaflet-tooltip.mapgen-hover").count()
        if hover == 0:
            break
    assert hover == 0
    assert "Alphaville" in labels(page)
    assert log.errors == []


def test_export_pdf(tmp_path):
    import subprocess
    import sys

    out = tmp_path / "map.pdf"
    result = subprocess.run(
        [sys.executable, "-m", "mapgen", "export", str(VALID), "-o", str(out), "--tiles", "none"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    content = out.read_bytes()
    assert content.startswith(b"%PDF-") and content.count(b"/Type /Page\n") + content.count(b"/Type /Page/") <= 2
    assert len(content) > 20_000


def boxes_overlap(a: dict, b: dict) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


def test_ready_means_settled(built_maps, open_map):
    """When the page says it is ready, no animation is pending: a view set then stays."""
    page, log = open_map(built_maps(SHIPPED, OFFLINE))
    assert page.evaluate("!mapgen.api.map._animatingZoom")
    page.evaluate("mapgen.api.map.setView([48.7, 44.5], 7, {animate: false}) && null")
    page.wait_for_timeout(600)
    assert page.evaluate("mapgen.api.map.getZoom()") == 7


def test_search_names_events_by_title(built_maps, open_map):
    page, log = open_map(built_maps(VALID, OFFLINE))
    page.fill(".mapgen-search-input", "speech")
    result = page.wait_for_selector(".mapgen-result")
    assert result.inner_text() == "The speech (1956)"


def test_events_box_follows_the_layer(built_maps, open_map):
    page, log = open_map(built_maps(VALID, OFFLINE))
    box = page.get_by_label("Events")
    box.uncheck()
    page.evaluate("mapgen.api.open('speech')")
    page.wait_for_selector('.mapgen-popup[data-place="speech"]')
    assert box.is_checked()


def test_keyboard_reader_reaches_the_popup_and_comes_back(built_maps, open_map):
    page, log = open_map(built_maps(VALID, OFFLINE))
    page.focus(".mapgen-search-input")
    page.keyboard.type("Gammagrad")
    page.wait_for_selector(".mapgen-result")
    page.keyboard.press("Enter")
    page.wait_for_selector('.mapgen-popup[data-place="deltaburg"]')
    page.wait_for_function("document.activeElement && document.activeElement.dataset.place === 'deltaburg'")
    page.keyboard.press("Escape")
    page.wait_for_function("!document.querySelector('.leaflet-popup')")
    assert page.evaluate("document.activeElement.classList.contains('mapgen-search-input')")


@pytest.mark.parametrize(
    ("width", "height", "preset"), [(390, 844, Preset.SCREEN), (1024, 768, Preset.SCREEN), (1400, 850, Preset.SLIDE)]
)
def test_title_controls_and_popup_fit_the_screen(built_maps, open_map, width, height, preset):
    page, log = open_map(built_maps(SHIPPED, RenderOptions(tiles=Tiles.NONE, preset=preset)), width, height)
    title = page.locator(".mapgen-title").bounding_box()
    for control in (".mapgen-panel", ".mapgen-search", ".leaflet-control-zoom", ".mapgen-timeline"):
        assert not boxes_overlap(title, page.locator(control).bounding_box()), control
    click_place(page, "volgograd")
    page.wait_for_timeout(600)  # the map pans to show the whole popup
    popup = page.locator(".leaflet-popup-content-wrapper").bounding_box()
    frame = page.locator(".folium-map").bounding_box()
    assert popup["x"] >= frame["x"] and popup["x"] + popup["width"] <= frame["x"] + frame["width"]
    close = page.locator(".leaflet-popup-close-button").bounding_box()
    assert not boxes_overlap(close, title), "the popup's close button must not hide under the title"
    assert log.errors == []


def test_choosing_a_filtered_place_shows_it_again(built_maps, open_map):
    page, log = open_map(built_maps(VALID, OFFLINE))
    page.get_by_label("Person B").uncheck()
    assert page.evaluate("mapgen.api.visibleCount()") == 2
    page.fill(".mapgen-search-input", "Deltaburg")
    page.wait_for_selector(".mapgen-result")
    page.keyboard.press("Enter")
    page.wait_for_selector('.mapgen-popup[data-place="deltaburg"]')
    assert page.get_by_label("Person B").is_checked()
    assert page.evaluate("mapgen.api.visibleCount()") == 3


def test_visible_labels_do_not_overlap(built_maps, open_map):
    page, log = open_map(built_maps(SHIPPED, RenderOptions(tiles=Tiles.NONE, preset=Preset.SLIDE)), 1280, 720)
    page.evaluate("mapgen.api.setYear(1956)")
    boxes = page.evaluate("mapgen.api.labelRects()")
    assert len(boxes) >= 5
    assert len(boxes) < page.evaluate("mapgen.api.data.places.length"), (
        "the shipped data at slide size has labels to thin out"
    )
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not boxes_overlap(a, b), (a["text"], b["text"])
    # Places renamed in the year keep their labels, shown as "Old → New".
    texts = {b["text"] for b in boxes if b["highlighted"]}
    assert {"Stalinogród → Katowice", "Stalin → Varna"} <= texts


def test_linked_places_file_maps_with_its_links(built_maps, open_map):
    # A gazetteer's Linked Places file, read as it is: its links show under the popup.
    gazetteer = VALID.parent.parent / "formats" / "gazetteer.jsonl"
    page, log = open_map(built_maps(gazetteer, OFFLINE))
    text = click_place(page, "p-101")
    assert "Alphaville → Betatown" in text
    assert "See also: vocab.getty.edu, geonames.org" in text
    hrefs = page.eval_on_selector_all(".leaflet-popup .mapgen-links a", "links => links.map(a => a.href)")
    assert hrefs == ["http://vocab.getty.edu/tgn/7011944", "http://www.geonames.org/4005539"]
    assert log.errors == []


def test_a_record_on_wikis_and_blogs_alone_says_so_in_its_popup(built_maps, open_map):
    page, log = open_map(built_maps(SHIPPED, OFFLINE))
    weak = page.evaluate("mapgen.api.data.places.filter(p => p.weak).map(p => p.id)")
    assert weak, "the shipped data still has records with only wiki and blog sources"
    assert "Only wiki and blog sources found for this record." in click_place(page, weak[0])
    assert "Only wiki and blog sources found" not in click_place(page, "volgograd")
    assert log.errors == []


def test_a_still_image_shows_no_popup_close_button(built_maps, open_map):
    """`mapgen export` opens the page as `#export`: an image has no use for a popup's ×."""
    path = built_maps(VALID, OFFLINE)
    page, log = open_map(path)
    page.evaluate("mapgen.api.open('betatown')")
    page.wait_for_selector(".leaflet-popup", state="visible")
    assert page.is_visible(".leaflet-popup-close-button")  # on screen, the reader closes it
    page.goto("about:blank")
    page.goto(path.resolve().as_uri() + "#export")
    page.wait_for_selector("html[data-mapgen-ready=true]", state="attached", timeout=15000)
    page.evaluate("mapgen.api.open('betatown')")
    page.wait_for_selector(".leaflet-popup", state="visible")
    assert page.is_visible(".leaflet-popup .mapgen-quote")
    assert not page.is_visible(".leaflet-popup-close-button")
    assert log.errors == []


def test_a_popup_leads_with_a_work_of_standing(built_maps, open_map):
    """Volgograd's first citation in the data is the seed blog; its popup leads with the press."""
    data = json.loads(SHIPPED.read_text(encoding="utf-8"))
    place = next(f["properties"] for f in data["features"] if f["properties"]["id"] == "volgograd")
    sources = SHIPPED.parent / "sources"
    kinds = {c["source"]: json.loads((sources / f"{c['source']}.json").read_text())["kind"] for c in place["citations"]}
    quoted = [c for c in place["citations"] if c.get("quote")]
    assert kinds[quoted[0]["source"]] in ("wiki", "blog")  # what this test is about
    expected = next(c for c in quoted if kinds[c["source"]] not in ("wiki", "blog"))
    page, log = open_map(built_maps(SHIPPED, OFFLINE))
    click_place(page, "volgograd")
    lead = page.text_content(".leaflet-popup .mapgen-popup > .mapgen-citation .mapgen-quote")
    assert lead == expected["quote"]
    # The blog's words are still there, folded among the further evidence.
    folded = page.eval_on_selector_all(
        ".leaflet-popup .mapgen-more-sources .mapgen-quote", "q => q.map(e => e.textContent)"
    )
    assert quoted[0]["quote"] in folded
    assert log.errors == []
