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


STOPS = tour_stops(load_dataset(SHIPPED))
#: The deck's slides: a title, 1950, then one per stop of the story, then questions.
FIRST_STOP = 2


def test_the_deck_tells_the_story_a_slide_per_stop(deck):
    page, errors = deck
    slides = page.evaluate(
        """() => Array.from(document.querySelectorAll('.slides > section.stop')).map(s => ({
             title: s.querySelector('h2').textContent, src: s.querySelector('iframe').dataset.src,
             notes: s.querySelector('aside.notes').textContent }))"""
    )
    assert slides == [
        {"title": stop.title, "src": f"../output/slide.html#tour={k}", "notes": stop.text}
        for k, stop in enumerate(STOPS, 1)
    ]
    # With the focus on the deck, Page Down goes from one stop's slide to the next.
    press(page, "PageDown", 1)
    press(page, "PageDown", FIRST_STOP)
    press(page, "PageDown", FIRST_STOP + 1)
    frame = click_into_map(page)
    frame.wait_for_selector("html[data-mapgen-tour='2'][data-mapgen-tour-still]", state="attached")
    assert frame.locator(".mapgen-story-title").inner_text() == STOPS[1].title
    assert errors == []


def test_page_down_moves_through_the_map_slides_and_out(deck):
    page, errors = deck
    last = FIRST_STOP + len(STOPS) - 1
    press(page, "PageDown", 1)
    frame = click_into_map(page)
    assert frame.evaluate("location.hash") == "#year=1950"
    assert frame.evaluate("mapgen.api.label('volgograd')") == "Stalingrad"
    press(page, "ArrowRight", FIRST_STOP)  # the map hands the key to the deck (on the slide preset, → too)
    frame = click_into_map(page)
    frame.wait_for_selector("html[data-mapgen-tour='1']", state="attached")
    page.keyboard.press("PageDown")  # a tour steps through its stops first
    frame.wait_for_selector("html[data-mapgen-tour='2']", state="attached")
    assert slide(page) == FIRST_STOP
    page.keyboard.press("PageUp")
    page.keyboard.press("PageUp")  # stop 1, then the overview
    frame.wait_for_selector("html[data-mapgen-tour='0']", state="attached")
    press(page, "PageUp", 1)  # before the overview: the deck goes back
    # reveal.js unloads the tour slide's iframe as the deck leaves it; coming straight back can
    # race that unload in Chromium (the deck's page reloads a frame left blank, but give it time).
    page.wait_for_timeout(1500)
    press(page, "PageDown", FIRST_STOP)  # the focus came back to the deck, which moves on by itself
    for k in range(FIRST_STOP + 1, last + 1):
        press(page, "PageDown", k)
    frame = click_into_map(page)
    frame.wait_for_selector(f"html[data-mapgen-tour='{len(STOPS)}']", state="attached")
    assert frame.locator(".mapgen-story-title").inner_text() == STOPS[-1].title
    press(page, "PageDown", last + 1)  # after the last stop, the deck moves on
    press(page, "PageUp", last)
    assert errors == []


def test_every_map_slide_shows_the_whole_map_with_its_words_readable(deck, tmp_path):
    """No map runs off the foot of its slide (a two-line heading above a 612 px map did), a
    stop's slide is the map at the slide preset's own size (its words 20 px on the 1280×720
    slide), and each iframe is titled as `mapgen embed` titles it."""
    from click.testing import CliRunner

    from mapgen.cli import main

    page, errors = deck
    page.evaluate(
        "Reveal.configure({transition: 'none', backgroundTransition: 'none'})"
    )  # measured still, not mid-slide
    built = tmp_path / "output" / "slide.html"
    count = page.evaluate("document.querySelectorAll('.slides > section').length")
    for h in range(count):
        page.evaluate(f"Reveal.slide({h})")
        page.wait_for_function(f"Reveal.getIndices().h === {h}")
        frame = page.locator("section.present iframe.map")
        if not frame.count():
            continue
        slide_box = page.locator("section.present").bounding_box()
        scale = page.evaluate("Reveal.getScale()")
        box = frame.bounding_box()
        for edge in ("x", "y"):
            assert box[edge] >= slide_box[edge] - 1, (h, edge, box, slide_box)
        assert box["y"] + box["height"] <= page.viewport_size["height"] + 1, (h, box)
        assert box["x"] + box["width"] <= page.viewport_size["width"] + 1, (h, box)
        fragment = frame.get_attribute("data-src").split("#")[1]
        if fragment.startswith("tour="):
            n = fragment.split("=")[1]
            assert round(box["width"] / scale) == 1280 and round(box["height"] / scale) == 720, (h, box)
            printed = CliRunner().invoke(main, ["embed", str(built), "--src", "../output/slide.html", "--tour", n])
            assert printed.exit_code == 0, printed.output
            assert f'title="{frame.get_attribute("title")}"' in printed.output.replace("&amp;", "&")
            inner = click_into_map(page)
            inner.wait_for_selector(f"html[data-mapgen-tour='{n}'][data-mapgen-tour-still]", state="attached")
            assert (
                inner.evaluate("parseFloat(getComputedStyle(document.querySelector('.mapgen-story-text')).fontSize)")
                >= 20
            )
    assert errors == []
