"""Shared fixtures: data paths, built maps, and a real headless Chromium with no network."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from mapgen.options import RenderOptions, Tiles
from mapgen.pipeline import build

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
VALID = TESTS / "data" / "valid" / "places.geojson"
SHIPPED = ROOT / "data" / "places.geojson"


@pytest.fixture(scope="session")
def built_maps(tmp_path_factory):
    """Build a map once per (data, options) and reuse it across tests."""
    cache: dict = {}
    folder = tmp_path_factory.mktemp("maps")

    def get(data: Path = VALID, options: RenderOptions | None = None) -> Path:
        options = options or RenderOptions(tiles=Tiles.NONE)
        key = (data, options)
        if key not in cache:
            out = folder / f"map{len(cache)}.html"
            build(data, out, options)
            cache[key] = out
        return cache[key]

    return get


@dataclass
class PageLog:
    """What a page did: console errors, script errors, every request, every failure."""

    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


@pytest.fixture(scope="session")
def browser():
    from mapgen.outputs.browser import chromium

    with chromium() as instance:
        yield instance


@pytest.fixture
def open_map(browser):
    """Open an HTML file in a fresh page with the network blocked; wait until the map is ready."""
    from mapgen.outputs.browser import block_network

    pages = []

    def opener(path: Path, width: int = 1400, height: int = 850):
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        log = PageLog()
        page.on("console", lambda m: m.type == "error" and log.errors.append(m.text))
        page.on("pageerror", lambda e: log.errors.append(f"uncaught: {e}"))
        page.on("request", lambda r: log.requests.append(r.url))
        page.on("requestfailed", lambda r: log.failed.append(r.url))
        block_network(page)
        page.goto(path.resolve().as_uri())
        page.wait_for_selector("html[data-mapgen-ready=true]", state="attached", timeout=15000)
        pages.append(context)
        return page, log

    yield opener
    for context in pages:
        context.close()
