"""`mapgen export` offline: it knows at once when tiles cannot load and goes on with the
built-in outlines, rather than waiting for tiles that never come (real headless Chromium).

A network that swallows requests (no answer, no error: a captive or firewalled network) is
made by a browser whose every tile request is left hanging.
"""

from __future__ import annotations

import json
import shutil
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from pptx import Presentation

from mapgen.options import DeckBy, RenderOptions
from tests.conftest import TESTS

pytestmark = pytest.mark.browser

CONTINENT = TESTS / "data" / "shapes" / "continent"


def five_year_dataset(folder: Path) -> Path:
    """The continent shape with its renamings spread over five years (quotes and source text
    rewritten to match), so a deck by year has five maps."""
    shutil.copytree(CONTINENT, folder)
    document = json.loads((CONTINENT / "places.geojson").read_text(encoding="utf-8"))
    text_file = folder / "sources" / "continent-notes.txt"
    text = text_file.read_text(encoding="utf-8")
    for i, feature in enumerate(document["features"]):
        props = feature["properties"]
        year = (1960, 1966, 1970, 1975, 1980)[i % 5]
        quote = props["citations"][0]["quote"]
        new_quote = quote.replace(str(props["year"]), str(year))
        text = text.replace(quote, new_quote)
        props["year"], props["citations"][0]["quote"] = year, new_quote
    (folder / "places.geojson").write_text(json.dumps(document), encoding="utf-8")
    text_file.write_text(text, encoding="utf-8")
    return folder / "places.geojson"


@pytest.fixture
def swallowed_tiles(monkeypatch, browser):
    """The Chromium that export uses leaves tile requests unanswered; yields the list of tile
    requests made.

    Export is given the session's browser: Playwright's sync API cannot start a second one
    while the session's is open in the same thread.
    """
    import mapgen.outputs.browser as browser_module

    requested: list[str] = []
    new_context = browser.new_context

    def hanging_context(*args, **kwargs):
        context = new_context(*args, **kwargs)
        context.route("https://*.openstreetmap.org/**", lambda route: requested.append(route.request.url))
        return context

    @contextmanager
    def chromium():
        monkeypatch.setattr(browser, "new_context", hanging_context)
        try:
            yield browser
        finally:
            monkeypatch.setattr(browser, "new_context", new_context)

    monkeypatch.setattr(browser_module, "chromium", chromium)
    return requested


def test_a_five_map_deck_does_not_wait_for_tiles_that_never_come(tmp_path, swallowed_tiles):
    from mapgen.outputs.deck import DeckOptions
    from mapgen.outputs.deck_file import export_deck

    data = five_year_dataset(tmp_path / "data")
    messages: list[str] = []
    started = time.monotonic()
    result = export_deck(data, tmp_path / "deck.pptx", RenderOptions(), DeckOptions(by=DeckBy.YEAR), messages.append)
    elapsed = time.monotonic() - started
    maps = [m for m in messages if m.startswith("[")]
    assert len(maps) == 5, messages
    assert swallowed_tiles  # the tiles were asked for, and never answered
    # One short wait for the first tile, none for the others: it was 20 s a map, 115 s in all
    # (10-20 s now, as with --tiles none, on a machine that is shared).
    assert elapsed < 50, (elapsed, messages)
    assert "Map tiles could not load: the maps show the built-in country outlines" in messages
    pictures = [
        s for slide in Presentation(str(tmp_path / "deck.pptx")).slides for s in slide.shapes if s.shape_type == 13
    ]
    assert len(pictures) == 5 and result.slides >= 7


def test_an_image_does_not_wait_for_tiles_that_never_come(tmp_path, swallowed_tiles):
    from mapgen.outputs.export import export_image

    started = time.monotonic()
    export_image(CONTINENT / "places.geojson", tmp_path / "map.png", RenderOptions())
    # Not the 20 s a tile wait took (3 s for the first tile now, and the outlines).
    assert time.monotonic() - started < 20
    assert (tmp_path / "map.png").stat().st_size > 10_000
