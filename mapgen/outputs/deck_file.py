"""`mapgen export -o deck.pptx`: the deck planned by :mod:`mapgen.outputs.deck`, its maps
captured from one page in headless Chromium, written by :mod:`mapgen.outputs.powerpoint`."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from mapgen.errors import ExportError
from mapgen.options import RenderOptions
from mapgen.outputs.deck import PLACE_ZOOM, YEAR_ZOOM, DeckOptions, DeckResult, MapMoment, plan_deck

# Resolves once the map has not moved for a moment: flying to a place and the popup's pan
# are animated, and the picture must show where they end.
_STILL = """() => new Promise(resolve => {
  const map = mapgen.api.map;
  let timer = null;
  const arm = () => { clearTimeout(timer); timer = setTimeout(done, 350); };
  const done = () => { map.off("move zoom moveend zoomend", arm); resolve(); };
  map.on("move zoom moveend zoomend", arm);
  arm();
})"""


# Frames the places of a year in the room the title, the slider and the legend leave (a far
# outlier in another year must not shrink this year's places to a corner).
_FRAME = """([year, maxZoom]) => {
  const map = mapgen.api.map, box = map.getContainer().getBoundingClientRect();
  const places = mapgen.api.data.places.filter(p => p.year === year);
  const rect = s => { const e = document.querySelector(s); return e ? e.getBoundingClientRect() : null; };
  const title = rect(".mapgen-title"), low = rect(".leaflet-bottom.leaflet-left"), side = rect(".leaflet-top.leaflet-right");
  map.fitBounds(places.map(p => [p.lat, p.lon]), {
    paddingTopLeft: [40, title && title.height ? title.bottom - box.top + 30 : 40],
    paddingBottomRight: [
      side && side.width ? box.right - side.left + 30 : 40,
      low && low.height ? box.bottom - low.top + 30 : 40
    ],
    maxZoom: maxZoom,
    animate: false
  });
}"""


def _show(page, moment: MapMoment) -> None:
    """Put the loaded page at ``moment``: the slider at the year, framing that year's places;
    for a place, zoomed to it with its popup open; for a stop, at that stop of the page's tour."""
    page.evaluate("() => { mapgen.api.map.closePopup(); }")
    if moment.stop is not None:
        page.evaluate("k => { mapgen.api.tour.go(k); }", moment.stop)
        page.wait_for_selector(f"html[data-mapgen-tour='{moment.stop}'][data-mapgen-tour-still]", state="attached")
        page.evaluate(_STILL)
        return
    page.evaluate("year => { mapgen.api.setYear(year); }", moment.year)
    if moment.place is None:
        page.evaluate(_FRAME, [moment.year, YEAR_ZOOM])
    else:
        page.evaluate(
            "([id, zoom]) => { const p = mapgen.api.data.places.find(x => x.id === id);"
            " mapgen.api.map.setView([p.lat, p.lon], zoom, {animate: false}); mapgen.api.open(id); }",
            [moment.place, PLACE_ZOOM],
        )
        page.wait_for_selector(".leaflet-popup", state="visible")
    # Also for a year: the page may animate to the year's view itself.
    page.evaluate(_STILL)


def export_deck(
    data_path: Path,
    output: Path,
    render: RenderOptions,
    options: DeckOptions | None = None,
    progress: Callable[[str], None] = lambda _: None,
) -> DeckResult:
    """Build the map for ``data_path``, capture one picture per slide in one headless Chromium,
    and write the deck to ``output`` atomically.

    Nothing is written on error: the previous deck stays as it was.
    """
    options = options or DeckOptions()
    from mapgen.outputs.browser import chromium
    from mapgen.outputs.export import capture_png, open_still_map, settle
    from mapgen.outputs.powerpoint import deck_file
    from mapgen.outputs.write import check_destination, write_atomic
    from mapgen.page.render import render_html
    from mapgen.pipeline import load_dataset

    check_destination(output)
    progress("Checking the data")
    dataset = load_dataset(data_path)
    plan = plan_deck(dataset, render, options.by)
    progress("Building the map")
    html = render_html(dataset, render)
    image = options.image
    pictures: list[bytes | None] = []
    with tempfile.TemporaryDirectory(prefix="mapgen-deck-") as tmp:
        page_path = Path(tmp) / "map.html"
        page_path.write_text(html, encoding="utf-8")
        progress("Starting Chromium")
        with chromium() as browser:
            from playwright.sync_api import Error as PlaywrightError  # installed: chromium() checked

            page = open_still_map(browser, page_path, image)
            attribution = page.evaluate(
                "() => { const a = document.querySelector('.leaflet-control-attribution');"
                " return a ? a.textContent.trim() : ''; }"
            )
            with_maps = [s for s in plan.slides if s.moment is not None]
            offline = False
            for n, slide in enumerate(with_maps, 1):
                progress(f"[{n}/{len(with_maps)}] Map for slide “{slide.title}”")
                try:
                    _show(page, slide.moment)
                    if settle(page, image) == "failed" and not offline:
                        offline = True
                        progress("Map tiles could not load: the maps show the built-in country outlines")
                    pictures.append(capture_png(page, image))
                except PlaywrightError as exc:
                    raise ExportError(
                        f"{data_path}: the map for slide “{slide.title}” could not be drawn "
                        f"({exc.message.splitlines()[0]}); nothing was written."
                    ) from exc
            page.context.close()
    plan = plan_deck(dataset, render, options.by, attribution)
    progress("Writing the deck")
    written = deck_file(plan, pictures)
    size = write_atomic(output, written.content)
    return DeckResult(slides=written.slides, bytes=size)
