"""The example reveal.js deck (examples/slides.html) with the slide map on three of its slides,
driven with the presenter's keys in real headless Chromium (network blocked)."""

from __future__ import annotations

import shutil
import time

import pytest

from mapgen.options import Preset, RenderOptions, Tiles
from mapgen.pipeline import build, load_dataset
from mapgen.tour import tour_stops
from tests.conftest import ROOT, SHIPPED

pytestmark = pytest.mark.browser

EXAMPLES = ROOT / "examples"


@pytest.fixture
def deck(browser, tmp_path):
    """The deck as a presenter opens it: examples/ beside output/slide.html (built with --preset slide)."""
    from mapgen.outputs.browser import block_network

    if not (EXAMPLES / "node_modules" / "reveal.js" / "dist" / "reveal.js").exists():
        pytest.fail("reveal.js is not installed: run `make install` (npm ci --prefix examples)")
    (tmp_path / "examples").mkdir()
    shutil.copy(EXAMPLES / "slides.html", tmp_path / "examples" / "slides.html")
    (tmp_path / "examples" / "node_modules").symlink_to(EXAMPLES / "node_modules")
    build(SHIPPED, tmp_path / "output" / "slide.html", RenderOptions(tiles=Tiles.NONE, preset=Preset.SLIDE))
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    block_network(page)
    page.goto((tmp_path / "examples" / "slides.html").as_uri())
    page.wait_for_function("window.Reveal && Reveal.isReady()")
    yield page, errors
    context.close()


def slide(page) -> int:
    return page.evaluate("Reveal.getIndices().h")


def press(page, key: str, until: int) -> None:
    page.keyboard.press(key)
    page.wait_for_function(f"Reveal.getIndices().h === {until}", timeout=5000)


def click_into_map(page):
    """Click into the current slide's map, as a presenter does to open a popup: the focus is in the iframe."""
    # reveal.js loads a slide's iframe as the slide comes into view (and may load it again on
    # the way back): wait until the present slide's frame holds the map and says it is ready.
    deadline = time.monotonic() + 30
    while True:
        handle = page.locator("section.present iframe").element_handle()
        frame = handle.content_frame()
        try:
            if frame and "slide.html" in frame.url and frame.evaluate("document.documentElement.dataset.mapgenReady"):
                break
        except Exception:  # Playwright's Error: the frame navigated while we asked; ask again
            pass
        assert time.monotonic() < deadline, "the slide's map never became ready"
        page.wait_for_timeout(200)
    box = handle.bounding_box()
    page.mouse.click(box["x"] + 40, box["y"] + box["height"] / 2)
    assert frame.evaluate("document.hasFocus()")
    return frame


def test_page_down_moves_through_the_map_slides_and_out(deck):
    page, errors = deck
    stops = len(tour_stops(load_dataset(SHIPPED)))
    press(page, "PageDown", 1)
    frame = click_into_map(page)
    assert frame.evaluate("location.hash") == "#year=1950"
    assert frame.evaluate("mapgen.api.label('volgograd')") == "Stalingrad"
    press(page, "PageDown", 2)  # the map hands PageDown to the deck
    frame = click_into_map(page)
    assert frame.evaluate("document.documentElement.dataset.mapgenYear") == "1961"
    press(page, "ArrowRight", 3)  # on the slide preset, → too
    frame = click_into_map(page)
    frame.wait_for_selector("html[data-mapgen-tour='1']", state="attached")
    page.keyboard.press("PageDown")  # a tour steps through its stops first
    frame.wait_for_selector("html[data-mapgen-tour='2']", state="attached")
    assert slide(page) == 3
    page.keyboard.press("PageUp")
    page.keyboard.press("PageUp")  # stop 1, then the overview
    frame.wait_for_selector("html[data-mapgen-tour='0']", state="attached")
    press(page, "PageUp", 2)  # before the overview: the deck goes back
    # reveal.js unloads the tour slide's iframe as the deck leaves it; coming straight back can
    # race that unload in Chromium (the deck's page reloads a frame left blank, but give it time).
    page.wait_for_timeout(1500)
    press(page, "PageDown", 3)  # the focus came back to the deck, which moves on by itself
    frame = click_into_map(page)
    frame.wait_for_selector("html[data-mapgen-tour='1']", state="attached")
    for _ in range(stops - 1):
        page.keyboard.press("PageDown")
    frame.wait_for_selector(f"html[data-mapgen-tour='{stops}']", state="attached")
    frame.wait_for_selector(".leaflet-popup .mapgen-popup", timeout=8000)
    assert slide(page) == 3
    press(page, "PageDown", 4)  # after the last stop, the deck moves on
    press(page, "PageUp", 3)
    assert errors == []
