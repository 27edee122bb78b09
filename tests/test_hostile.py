"""Hostile text in every field the data can carry, opened in real headless Chromium:
no script runs, no element is injected, the text shows literally, only http(s) links are links."""

from __future__ import annotations

from dataclasses import replace

import pytest

from mapgen.model import Citation, Claim, Disagreement, NameChange, Source
from mapgen.options import RenderOptions, Tiles
from mapgen.page.render import render_html
from mapgen.pipeline import load_dataset
from tests.conftest import VALID
from tests.test_browser import click_place

pytestmark = pytest.mark.browser

PAYLOADS = {
    "html": "<img src=x onerror=\"window.__pwned='img'\">",
    "script": "</script><script>window.__pwned='script'</script>",
    "template": "${window.__pwned='template'}",
    "backtick": "`;window.__pwned='backtick';`",
    "jinja": "{{7*7}} {{ lipsum.__globals__['os'].getcwd() }}",
    "rtl": "\u202eevil\u202c \u200fRTL",
    "comment": "<!-- <b>not bold</b>",
}
JS_URL = "javascript:window.__pwned='url'"


def hostile_dataset():
    base = load_dataset(VALID)
    text = " | ".join(PAYLOADS.values())
    place = replace(
        base.places[0],
        old_name="Old " + text,
        new_name="New " + text,
        old_name_native=text,
        new_name_native=text,
        kind=text,
        country_then=text,
        country_now=text,
        named_after=text,
        note=text,
        history=(NameChange(text), NameChange("New " + text, native=text, year=1961)),
        disagreements=(Disagreement(text, (Claim(text, "evil"), Claim("1961", "evil")), note=text),),
        citations=(Citation("evil", quote=text, url=JS_URL, locator=text), Citation("good", quote=text)),
    )
    event = replace(base.places[2], title=text, place=text, citations=(Citation("evil", quote=text),))
    sources = {
        "evil": Source("evil", title=text, author=text, publisher=text, url=JS_URL, text=text),
        "good": Source("good", title="A fine source", url="https://example.org/ok", text=text),
    }
    return replace(base, places=(place, event), sources=sources, title=text, caption=text)


@pytest.fixture(scope="module")
def hostile_map(tmp_path_factory):
    path = tmp_path_factory.mktemp("hostile") / "map.html"
    path.write_text(render_html(hostile_dataset(), RenderOptions(tiles=Tiles.NONE)), encoding="utf-8")
    return path


def test_hostile_text_stays_text(hostile_map, open_map):
    page, log = open_map(hostile_map)
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    popup = click_place(page, "betatown")
    for payload in PAYLOADS.values():
        if "\u202e" not in payload:
            assert payload in popup, payload
    # Open the folded sources too, the event's popup, the list, and run the search.
    page.click(".mapgen-more-sources summary")
    # Only the http(s) source became a link; the javascript: one is plain text.
    hrefs = page.evaluate("[...document.querySelectorAll('.mapgen-popup a')].map(a => a.href)")
    assert hrefs == ["https://example.org/ok"]
    assert page.evaluate("[...document.querySelectorAll('[href^=javascript], [cite^=javascript]')].length") == 0
    click_place(page, "speech")
    page.click(".mapgen-list-button")
    page.keyboard.press("Escape")
    page.fill(".mapgen-search-input", "<img")
    page.wait_for_selector(".mapgen-result")
    page.wait_for_timeout(300)

    assert page.evaluate("window.__pwned === undefined ? null : String(window.__pwned)") is None
    assert dialogs == []
    assert page.evaluate("document.querySelectorAll('img[src=x], [onerror], b').length") == 0
    scripts = page.evaluate(
        "[...document.scripts].filter(s => s.type !== 'application/json' && s.textContent.includes('__pwned')).length"
    )
    assert scripts == 0, "only the JSON data element (never executed) may carry the payload"
    assert page.evaluate("document.scripts.length") == 6, "no script element was injected"
    assert page.title().startswith("${window.__pwned") is False and "<img src=x" in page.title()
    assert log.errors == []


def test_offline_page_makes_zero_requests(built_maps, open_map):
    """With --tiles none, nothing is requested: not a tile, font, script or image."""
    from tests.conftest import SHIPPED

    page, log = open_map(built_maps(SHIPPED, RenderOptions(tiles=Tiles.NONE)))
    page.evaluate("mapgen.api.setYear(1950)")
    click_place(page, "volgograd")
    page.mouse.wheel(0, -300)
    page.wait_for_timeout(500)
    assert [url for url in log.requests if not url.startswith("file:")] == []
    assert log.failed == []


@pytest.fixture(scope="module")
def large_map(tmp_path_factory):
    """More than PACK_ABOVE places, hostile ones among them: the page carries its data compressed."""
    from mapgen.page.payload import PACK_ABOVE

    hostile = hostile_dataset()
    copies = PACK_ABOVE // len(hostile.places) + 1
    places = tuple(
        replace(p, id=f"{p.id}-{i}", lon=p.lon + 0.5 * i, lat=p.lat + 0.2 * (i % 5))
        for i in range(copies)
        for p in hostile.places
    )
    dataset = replace(hostile, places=places)
    path = tmp_path_factory.mktemp("large") / "map.html"
    path.write_text(render_html(dataset, RenderOptions(tiles=Tiles.NONE)), encoding="utf-8")
    return path


def test_large_map_inflates_its_data_and_keeps_hostile_text_text(large_map, open_map):
    import json
    import re

    from mapgen.page.payload import read_page_data

    html = large_map.read_text(encoding="utf-8")
    match = re.search(r'id="mapgen-data" data-encoding="(gzip\+base64)">([^<]*)</script>', html)
    assert match, "a large map carries its data compressed"
    expected = read_page_data(html)
    page, log = open_map(large_map)
    # The page's unpacked records are exactly those a plain page would carry (besides what
    # data.js adds for the markers: each place's index and the years it changed its name in).
    seen = json.loads(
        page.evaluate(
            "JSON.stringify(mapgen.api.data, (k, v) => ['index', 'changeYears', 'records', 'complete'].includes(k) ? undefined : v)"
        )
    )
    assert seen == expected
    popup = click_place(page, "betatown-3")
    for payload in PAYLOADS.values():
        if "\u202e" not in payload:
            assert payload in popup, payload
    page.click(".mapgen-list-button")
    assert page.locator(".mapgen-table tbody tr").count() == len(expected["places"])
    page.keyboard.press("Escape")
    assert page.evaluate("window.__pwned === undefined ? null : String(window.__pwned)") is None
    assert page.evaluate("document.querySelectorAll('img[src=x], [onerror], b').length") == 0
    assert [url for url in log.requests if not url.startswith("file:")] == []
    assert log.errors == []
