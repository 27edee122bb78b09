"""Any dataset framed well (real headless Chromium, network blocked).

Datasets of four shapes (`tests/data/shapes/`: one country, one city's streets, a continent,
both sides of the antimeridian) and the shipped data open, at a 1280×720 projector, a
1280×800 laptop and a 390×844 phone, with and without tiles, on a view where every place of
the opening year is on screen and under no panel (title, legend, search, slider, the "tiles
could not load" notice), and no two labels overlap.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mapgen.options import Preset, RenderOptions, Tiles
from tests.conftest import SHIPPED, TESTS
from tests.test_story import overlap

pytestmark = pytest.mark.browser

SHAPES = TESTS / "data" / "shapes"
SIZES = [(1280, 720), (1280, 800), (390, 844)]


def opening_places(data: Path) -> tuple[int, set[str]]:
    """The year the map opens at (the one with most renamings, the latest of equals) and the
    ids of the places renamed in it, read from the data file itself."""
    features = json.loads(data.read_text(encoding="utf-8"))["features"]
    renamings = [f["properties"] for f in features if f["properties"].get("category", "renaming") == "renaming"]
    counts: dict[int, int] = {}
    for p in renamings:
        counts[p["year"]] = counts.get(p["year"], 0) + 1
    year = max(counts, key=lambda y: (counts[y], y))
    return year, {p["id"] for p in renamings if p["year"] == year}


def inside(rect: dict, frame: dict) -> bool:
    return (
        frame["x"] <= rect["x"]
        and rect["x"] + rect["width"] <= frame["x"] + frame["width"]
        and frame["y"] <= rect["y"]
        and rect["y"] + rect["height"] <= frame["y"] + frame["height"]
    )


def check_framing(page, data: Path, tiles: Tiles) -> None:
    """Every opening-year marker on screen and clear of every panel; labels clear of each
    other and of the panels; with tiles, the offline notice covers no place and no label."""
    year, renamed = opening_places(data)
    assert page.evaluate("document.documentElement.dataset.mapgenYear") == str(year)
    if tiles is Tiles.OPENSTREETMAP:
        # Tiles fail with the network blocked: the page says so, and makes room for the notice.
        page.wait_for_selector(".mapgen-offline", state="visible", timeout=10000)
        page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    frame = page.locator(".folium-map").bounding_box()
    panels = page.evaluate("mapgen.api.panelRects()")
    markers = page.evaluate("mapgen.api.markerRects()")
    labels = page.evaluate("mapgen.api.labelRects()")
    drawn = {m["id"]: m for m in markers}
    assert renamed <= set(drawn), sorted(renamed - set(drawn))
    # Framed, not merely on screen: the year's places spread over a good part of the map
    # (a city's streets are not a blob at the zoom of a continent).
    xs = [drawn[i]["x"] for i in renamed]
    ys = [drawn[i]["y"] for i in renamed]
    assert max(max(xs) - min(xs), max(ys) - min(ys)) >= 0.3 * min(frame["width"], frame["height"]), (xs, ys)
    for place_id in sorted(renamed):
        marker = drawn[place_id]
        assert inside(marker, frame), (place_id, marker, frame)
        for panel in panels:
            assert not overlap(marker, panel), (place_id, panel["name"])
    for i, a in enumerate(labels):
        for b in labels[i + 1 :]:
            assert not overlap(a, b), (a["text"], b["text"])
        for panel in panels:
            assert not overlap(a, panel), (a["text"], panel["name"])
    # No panel covers another (the notice, the credits, the scale and the slider included).
    for i, a in enumerate(panels):
        for b in panels[i + 1 :]:
            assert not overlap(a, b), (a["name"], b["name"])
    notices = [p for p in panels if "mapgen-offline" in p["name"]]
    assert len(notices) == (1 if tiles is Tiles.OPENSTREETMAP else 0)
    for notice in notices:
        for marker in markers:
            assert not (overlap(marker, frame) and overlap(marker, notice)), marker["id"]


CASES = [
    pytest.param(SHAPES / shape / "places.geojson", tiles, width, height, id=f"{shape}-{tiles.value}-{width}x{height}")
    for shape in ("country", "city", "continent", "antimeridian")
    for tiles in (Tiles.NONE, Tiles.OPENSTREETMAP)
    for width, height in SIZES
]


@pytest.mark.parametrize(("data", "tiles", "width", "height"), CASES)
def test_the_opening_view_frames_the_year_in_the_free_area(built_maps, open_map, data, tiles, width, height):
    page, log = open_map(built_maps(data, RenderOptions(tiles=tiles)), width, height)
    check_framing(page, data, tiles)
    assert [e for e in log.errors if "ERR_INTERNET_DISCONNECTED" not in e] == []


@pytest.mark.parametrize("tiles", [Tiles.NONE, Tiles.OPENSTREETMAP], ids=lambda t: t.value)
def test_the_shipped_map_on_a_projector_without_the_slide_preset_frames_1961(built_maps, open_map, tiles):
    page, log = open_map(built_maps(SHIPPED, RenderOptions(tiles=tiles, preset=Preset.SCREEN)), 1280, 720)
    check_framing(page, SHIPPED, tiles)
    labels = {r["id"]: r for r in page.evaluate("mapgen.api.labelRects()")}
    # Every renaming of 1961 is named, as on the slide (Volgograd and Donetsk included).
    for place_id in opening_places(SHIPPED)[1]:
        assert place_id in labels and "→" in labels[place_id]["text"], place_id


def test_places_across_the_antimeridian_are_drawn_side_by_side(built_maps, open_map):
    data = SHAPES / "antimeridian" / "places.geojson"
    page, log = open_map(built_maps(data, RenderOptions(tiles=Tiles.NONE)), 1280, 800)
    points = {m["id"]: m for m in page.evaluate("mapgen.api.markerRects()")}
    # Chukotka's 177.5° E lies just west of the Alaska coast's -173.2°, not a world away.
    assert 0 < points["east-sample"]["x"] - points["cape-test"]["x"] < 400
    # The country outlines are drawn where the places are: land under the Alaska-like interior.
    land = page.evaluate(
        "([x, y]) => { const c = document.querySelector('.leaflet-mapgen-basemap-pane canvas');"
        " const r = c.getBoundingClientRect(); const k = c.width / r.width;"
        " return Array.from(c.getContext('2d').getImageData((x - r.left) * k, (y - r.top) * k, 1, 1).data); }",
        [points["old-mimic"]["x"] + 16, points["old-mimic"]["y"]],
    )
    assert land[3] == 255 and land[:3] != [214, 228, 236], land


@pytest.mark.parametrize(
    ("data", "place_id"),
    [
        pytest.param(SHIPPED, "volgograd", id="shipped-volgograd"),
        pytest.param(SHIPPED, "dushanbe", id="shipped-dushanbe"),
        pytest.param(SHAPES / "country" / "places.geojson", "samplove", id="country-samplove"),
    ],
)
def test_a_link_to_a_place_opens_its_popup_clear_of_the_panels_on_a_phone(browser, built_maps, data, place_id):
    from mapgen.outputs.browser import block_network

    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        block_network(page)
        page.goto(built_maps(data, RenderOptions(tiles=Tiles.NONE)).resolve().as_uri() + f"#place={place_id}")
        page.wait_for_selector(f".mapgen-popup[data-place={place_id}]", state="visible", timeout=15000)
        page.wait_for_timeout(400)  # any pan has ended
        view = page.viewport_size
        frame = {"x": 0, "y": 0, "width": view["width"], "height": view["height"]}
        parts = [page.locator(".mapgen-popup h2").bounding_box(), page.locator(".mapgen-quote").first.bounding_box()]
        panels = page.evaluate("mapgen.api.panelRects()")
        covering = [p for p in panels if any(k in p["name"] for k in ("mapgen-title", "mapgen-panel", "mapgen-search"))]
        assert len(covering) == 3
        for part in parts:
            assert inside(part, frame), part
            for panel in panels:
                assert not overlap(part, panel), (part, panel["name"])
        assert errors == []
    finally:
        context.close()
