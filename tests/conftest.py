"""Shared fixtures: data paths, built maps, and a real headless Chromium with no network."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from mapgen.options import RenderOptions, Tiles
from mapgen.pipeline import build

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
VALID = TESTS / "data" / "valid" / "places.geojson"
SHIPPED = ROOT / "data" / "places.geojson"


WEAK_KINDS = ("wiki", "blog")


def lead_quote(place_id: str, data: Path = SHIPPED) -> str:
    """The quotation a place's popup leads with, read from the data files themselves: the first
    quoted citation from a work of standing (a stated kind that is not a wiki or a blog), else
    the first quoted citation."""
    features = json.loads(data.read_text(encoding="utf-8"))["features"]
    place = next(f["properties"] for f in features if f["properties"]["id"] == place_id)
    quoted = [c for c in place["citations"] if c.get("quote")]

    def kind(source: str) -> str | None:
        record = data.parent / "sources" / f"{source}.json"
        return json.loads(record.read_text(encoding="utf-8")).get("kind") if record.exists() else None

    return next((c for c in quoted if kind(c["source"]) not in (None, *WEAK_KINDS)), quoted[0])["quote"]


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
