"""Colours beyond eight people, and a legend whose colours can be read in one tap
(real headless Chromium, network blocked)."""

from __future__ import annotations

import pytest

from mapgen.options import Preset, RenderOptions, Tiles
from mapgen.page.payload import PALETTE_12
from tests.conftest import SHIPPED, TESTS

pytestmark = pytest.mark.browser

#: 14 renamings of 2016 honouring 13 people (Person M twice), and 3 without a person.
COUNTRY = TESTS / "data" / "shapes" / "country" / "places.geojson"

MARKER_COLOURS = """() => Object.values(mapgen.api.map._layers)
  .filter(l => l.place && !l.place.event && l.options.fillColor)
  .map(l => [l.place.person || "", l.options.fillColor])"""


def test_thirteen_people_get_twelve_colours_and_a_named_group_of_others(built_maps, open_map):
    page, log = open_map(built_maps(COUNTRY, RenderOptions(tiles=Tiles.NONE)), 1280, 800)
    people = page.evaluate("mapgen.api.data.people")
    others = page.evaluate("mapgen.api.data.others")
    assert len(people) == 12
    assert [p["name"] for p in people][0] == "Person M"  # the most honoured first
    assert [p["colour"] for p in people] == list(PALETTE_12)
    assert others["names"] == ["Person L"] and others["count"] == 1
    colours = dict(page.evaluate(MARKER_COLOURS))
    # Each of the twelve is drawn in a colour of its own; the thirteenth in the group's colour,
    # which is none of the twelve, nor that of "not recorded".
    assert len({colours[p["name"]] for p in people}) == 12
    assert colours["Person L"] == others["colour"]
    assert others["colour"] not in PALETTE_12
    assert colours[""] == page.evaluate("mapgen.api.data.otherColour") != others["colour"]
    legend = page.locator(".mapgen-panel .mapgen-legend-row")
    texts = legend.all_inner_texts()
    assert any(t.startswith("Others (1 person)") and "Person L" in t for t in texts), texts
    # The group's box hides and shows the places of every one of its people.
    page.locator(".mapgen-legend-others input").uncheck()
    drawn = {m["id"] for m in page.evaluate("mapgen.api.markerRects()")}
    assert "bogushyn" not in drawn  # Person L's
    page.locator(".mapgen-legend-others input").check()
    assert "bogushyn" in {m["id"] for m in page.evaluate("mapgen.api.markerRects()")}
    assert log.errors == []


@pytest.mark.parametrize(
    ("preset", "width", "height"),
    [pytest.param(Preset.SLIDE, 1280, 720, id="slide"), pytest.param(Preset.SCREEN, 390, 844, id="phone")],
)
def test_one_tap_on_the_folded_legend_shows_what_each_colour_means(built_maps, open_map, preset, width, height):
    page, log = open_map(built_maps(COUNTRY, RenderOptions(tiles=Tiles.NONE, preset=preset)), width, height)
    assert page.evaluate("document.querySelector('.mapgen-panel details').open") is False
    # Folded, a dot per colour: the twelve people, the others, and "not recorded".
    assert page.locator(".mapgen-compact-key .mapgen-swatch").count() == 14
    page.locator(".mapgen-panel summary").click()
    names = [p["name"] for p in page.evaluate("mapgen.api.data.people")] + ["Others (1 person)", "Not recorded"]
    view = page.viewport_size
    for name in names:
        row = page.locator(".mapgen-legend-row", has_text=name).first
        assert row.is_visible(), name
        box = row.bounding_box()
        assert 0 <= box["x"] and box["x"] + box["width"] <= view["width"], name
        assert 0 <= box["y"] and box["y"] + box["height"] <= view["height"], name
        # Nothing lies over the name.
        on_top = page.evaluate(
            "([x, y]) => !!document.elementFromPoint(x, y).closest('.mapgen-legend-row')",
            [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
        )
        assert on_top, name
    assert log.errors == []


@pytest.mark.parametrize("data", [COUNTRY, SHIPPED], ids=["thirteen-people", "shipped"])
def test_the_exported_image_shows_the_legend_whole(browser, built_maps, data):
    from mapgen.outputs.export import ExportOptions, open_still_map

    page = open_still_map(browser, built_maps(data, RenderOptions(tiles=Tiles.NONE)), ExportOptions())
    try:
        body = page.locator(".mapgen-panel-body")
        # Nothing scrolled out of sight, nothing cut at the foot.
        assert page.evaluate("b => b.scrollHeight <= b.clientHeight + 1", body.element_handle())
        panel = page.locator(".mapgen-panel").bounding_box()
        view = page.viewport_size
        assert panel["y"] + panel["height"] <= view["height"]
        for line in page.locator(".mapgen-panel-body .mapgen-legend-row, .mapgen-panel-body .mapgen-key li").all():
            if not line.is_visible():
                continue
            box = line.bounding_box()
            assert box["y"] + box["height"] <= panel["y"] + panel["height"], line.inner_text()
        others = [r for r in page.evaluate("mapgen.api.panelRects()") if "mapgen-panel" not in r["name"]]
        for rect in others:
            assert not (
                panel["x"] < rect["x"] + rect["width"]
                and rect["x"] < panel["x"] + panel["width"]
                and panel["y"] < rect["y"] + rect["height"]
                and rect["y"] < panel["y"] + panel["height"]
            ), rect["name"]
    finally:
        page.context.close()


CITY = TESTS / "data" / "shapes" / "city" / "places.geojson"


@pytest.mark.parametrize(("data", "capital"), [(CITY, False), (SHIPPED, True)], ids=["streets", "shipped"])
def test_the_exported_legend_lists_only_the_symbols_the_map_draws(browser, built_maps, data, capital):
    """A city's streets have no capital: the still image's key does not explain a larger circle."""
    from mapgen.outputs.export import ExportOptions, open_still_map

    page = open_still_map(browser, built_maps(data, RenderOptions(tiles=Tiles.NONE)), ExportOptions())
    try:
        key = page.locator(".mapgen-panel-body .mapgen-key li")
        texts = [
            t for t, shown in zip(key.all_inner_texts(), [k.is_visible() for k in key.all()], strict=True) if shown
        ]
        assert "Renamed in the year on the slider" in texts
        assert ("Larger circle: a capital" in texts) is capital, texts
        kinds = page.evaluate("mapgen.api.data.kinds.map(k => k.name)")
        assert ("capital" in kinds) is capital
    finally:
        page.context.close()
