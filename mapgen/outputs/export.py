"""`mapgen export`: the same map as a PNG (or PDF) for PowerPoint, Keynote and Google Slides
(a whole deck of them: :mod:`mapgen.outputs.deck`).

The page is built as usual, opened in headless Chromium, and captured once its markers
are placed and its tiles have loaded (or failed, or not answered within a few seconds: the
built-in basemap shows offline).
"""

from __future__ import annotations

import math
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from mapgen.errors import ExportError
from mapgen.options import RenderOptions


class ImageFormat(Enum):
    """What `mapgen export` can write."""

    PNG = "png"
    PDF = "pdf"
    PPTX = "pptx"  # a deck of several images: mapgen.outputs.deck

    @classmethod
    def for_path(cls, path: Path) -> ImageFormat:
        """The format the file name's ending asks for (.png, .pdf or .pptx)."""
        suffix = path.suffix.lower().lstrip(".")
        for fmt in cls:
            if fmt.value == suffix:
                return fmt
        raise ExportError(f"{path}: cannot tell the image format; end the file name in .png, .pdf or .pptx.")


@dataclass(frozen=True)
class ExportOptions:
    """Size of the image in pixels; ``scale`` is how many image pixels per CSS pixel (1.5 lays a
    1920×1080 image out as a 1280×720 page, with crisp text)."""

    width: int = 1920
    height: int = 1080
    scale: float = 1.5
    timeout_s: float = 20.0
    #: How long the first tile may take to answer before the tiles count as out of reach
    #: (offline, or a network that swallows requests) and the outlines alone are drawn.
    first_tile_s: float = 3.0


def _exact_size(png: bytes, width: int, height: int) -> bytes:
    """Crop to exactly width × height: 675 px at scale 2 is 337.5 CSS px, so the page is
    rendered one pixel larger and trimmed."""
    import io

    from PIL import Image

    image = Image.open(io.BytesIO(png))
    if image.size == (width, height):
        return png
    out = io.BytesIO()
    image.crop((0, 0, width, height)).save(out, format="PNG", optimize=True)
    return out.getvalue()


def open_still_map(browser, page_path: Path, export: ExportOptions):
    """Open the built page in its still-image mode (``#export``: no buttons) at the export's
    size, and wait until every marker is placed. Returns the Playwright page."""
    css_width, css_height = export.width / export.scale, export.height / export.scale
    viewport = {"width": math.ceil(css_width), "height": math.ceil(css_height)}
    context = browser.new_context(viewport=viewport, device_scale_factor=export.scale)
    page = context.new_page()
    # Not "load": that waits for every image, tiles included, which may never come.
    page.goto(page_path.as_uri() + "#export", wait_until="domcontentloaded")
    try:
        page.wait_for_selector("html[data-mapgen-ready=true]", state="attached", timeout=export.timeout_s * 1000)
    except Exception as exc:  # Playwright's TimeoutError
        raise ExportError(f"the map did not finish drawing within {export.timeout_s:.0f} s") from exc
    return page


#: What the page says of its tiles (html[data-mapgen-tiles], set by controls.js).
_TILES = "document.documentElement.dataset.mapgenTiles || 'none'"
_TILES_ANSWERED = f"() => ({_TILES}) !== 'waiting'"
_TILES_DONE = f"() => ['none', 'loaded', 'failed'].includes({_TILES})"


def settle(page, export: ExportOptions) -> str:
    """Wait until the tiles of the current view are in, or known to fail, then for two painted
    frames. Returns the tiles' state: ``"none"``, ``"loaded"`` or ``"failed"``.

    Offline, a tile request fails at once and the page says so; on a network that swallows
    requests, no tile answers within ``export.first_tile_s``: the tiles are then taken as out
    of reach, and every later request of the page is refused at once, so the next maps of a
    deck do not wait either. The built-in outlines are drawn beneath in both cases.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    from mapgen.outputs.browser import block_network

    if page.evaluate(_TILES) == "waiting":
        try:
            page.wait_for_function(_TILES_ANSWERED, timeout=export.first_tile_s * 1000)
        except PlaywrightTimeout:
            block_network(page)
            page.evaluate("document.documentElement.dataset.mapgenTiles = 'failed'")
    try:
        page.wait_for_function(_TILES_DONE, timeout=export.timeout_s * 1000)
    except PlaywrightTimeout:  # tiles still coming in: capture what is there, the outlines are beneath
        pass
    page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    return page.evaluate(_TILES)


def capture_png(page, export: ExportOptions) -> bytes:
    """The page as a PNG of exactly the export's size."""
    return _exact_size(page.screenshot(type="png"), export.width, export.height)


def export_image(
    data_path: Path,
    output: Path,
    render: RenderOptions,
    export: ExportOptions = ExportOptions(),
    progress: Callable[[str], None] = lambda _: None,
) -> int:
    """Build the map for ``data_path`` and capture it to ``output``; returns bytes written."""
    from mapgen.outputs.browser import chromium
    from mapgen.outputs.write import write_atomic
    from mapgen.page.render import render_html
    from mapgen.pipeline import check_options, load_dataset

    fmt = ImageFormat.for_path(output)
    if fmt is ImageFormat.PPTX:
        raise ExportError(f"{output}: a PowerPoint deck is made by mapgen.outputs.deck.export_deck, not export_image.")
    progress("Checking the data")
    dataset = load_dataset(data_path)
    check_options(dataset, render)
    progress("Building the map")
    html = render_html(dataset, render)
    with tempfile.TemporaryDirectory(prefix="mapgen-export-") as tmp:
        page_path = Path(tmp) / "map.html"
        page_path.write_text(html, encoding="utf-8")
        progress("Starting Chromium")
        with chromium() as browser:
            progress(f"Rendering {export.width}×{export.height}")
            page = open_still_map(browser, page_path, export)
            settle(page, export)
            if fmt is ImageFormat.PNG:
                content = capture_png(page, export)
            else:
                viewport = page.viewport_size
                content = page.pdf(
                    width=f"{viewport['width']}px",
                    height=f"{viewport['height']}px",
                    print_background=True,
                    page_ranges="1",
                )
            page.context.close()
    size = write_atomic(output, content)
    progress(f"Wrote {output}")
    return size
