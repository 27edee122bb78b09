"""Step 3 of the pipeline: turn a :class:`Dataset` into one standalone HTML page.

folium builds the page (the Leaflet map, tiles, view); mapgen adds one element that
carries the data as JSON and starts the front end in ``mapgen/page/static/``. Third-party
scripts are inlined from pinned npm packages (see :mod:`mapgen.page.assets`), folium's CDN
links are dropped, and element ids are numbered, so the same input gives the same bytes.
"""

from __future__ import annotations

import re
from importlib import resources

import folium
import jinja2
from branca.element import Element, Figure, MacroElement
from markupsafe import escape

from mapgen.model import Dataset
from mapgen.options import Preset, RenderOptions, Tiles
from mapgen.page import assets
from mapgen.page.payload import build_payload, page_data

_templates = jinja2.Environment(
    loader=jinja2.PackageLoader("mapgen.page", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
)


class RawHTML(Element):
    """Markup inserted as is. Used only for text mapgen itself made safe (assets, JSON)."""

    # One template for every instance: branca would compile one per element, per build.
    _template = jinja2.Template("{{ this.html }}")

    def __init__(self, html: str):
        super().__init__()
        self.html = html


class MapgenFrontEnd(MacroElement):
    """Starts mapgen's front end (``mapgen.init``) on the folium map it is added to."""

    _template = jinja2.Template(resources.files("mapgen.page.templates").joinpath("init.js.j2").read_text("utf-8"))

    def __init__(self):
        super().__init__()
        self._name = "MapgenFrontEnd"


def _number_ids(root: Element) -> None:
    """Replace branca's random element ids with a counter, for byte-identical output."""
    counter = 0
    stack = [root]
    while stack:
        element = stack.pop(0)
        element._id = f"{counter:04d}"
        counter += 1
        stack.extend(element._children.values())


def render_map(dataset: Dataset, options: RenderOptions) -> folium.Map:
    """Build the folium map for ``dataset``: the structure, before it becomes HTML.

    Examples
    --------
    >>> m = render_map(dataset, RenderOptions(tiles=Tiles.NONE))  # doctest: +SKIP
    >>> m.get_root().render()  # doctest: +SKIP
    """
    slide = options.preset is Preset.SLIDE
    payload = build_payload(dataset, options, assets.credits())
    (south, west), (north, east) = payload["bounds"]
    figure = Figure(title=str(escape(payload["title"])))
    fmap = folium.Map(
        location=[(south + north) / 2, (west + east) / 2],
        zoom_start=3,
        tiles=None,
        prefer_canvas=True,
        control_scale=True,
        scroll_wheel_zoom=not slide,
        zoom_snap=0.25,
        world_copy_jump=False,
    )
    # folium would link jQuery, Bootstrap, Font Awesome and Leaflet from CDNs; the map needs
    # none of them from the network: Leaflet is inlined below and markers need no icon font.
    # Without a tile layer nothing tells Leaflet the zoom range; the marker clusters need it.
    fmap.options.update(minZoom=2, maxZoom=18)
    fmap.default_js = []
    fmap.default_css = []
    figure.add_child(fmap)
    if options.tiles is not Tiles.NONE:
        folium.TileLayer(options.tiles.xyz_name, name=options.tiles.value, control=False).add_to(fmap)
    # The opening view is fitted by the front end (layout.js), which knows how much room the
    # title and the year slider take.

    head = figure.header
    head.add_child(RawHTML(f"<style>\n{assets.vendor_css()}\n</style>"), name="vendor_css")
    head.add_child(RawHTML(f"<style>\n{assets.own_css()}\n</style>"), name="mapgen_css")
    head.add_child(RawHTML(f"<script>\n{assets.vendor_js()}\n</script>"), name="vendor_js")
    head.add_child(RawHTML(f"<script>\n{assets.own_js()}\n</script>"), name="mapgen_js")
    data = page_data(payload)
    page = _templates.get_template("page.html.j2").render(
        title=payload["title"],
        caption=payload["caption"],
        payload_json=data.data,
        payload_encoding=data.encoding,
        records=data.records,
        basemap_json=assets.basemap_topojson(),
    )
    figure.html.add_child(RawHTML(page), name="mapgen_page")
    fmap.add_child(MapgenFrontEnd())
    _number_ids(figure)
    return fmap


def render_html(dataset: Dataset, options: RenderOptions) -> str:
    """The complete, standalone HTML page for ``dataset``."""
    html = render_map(dataset, options).get_root().render()
    preset = options.preset.value
    # Mark the page's preset on <html> so the stylesheet can lay out slides.
    html = html.replace("<html>", f'<html lang="en" class="mapgen-{preset}">', 1)
    # folium forbids pinch-zoom on phones (user-scalable=no); readers who need larger text
    # must be able to zoom the page, so mapgen allows it.
    blocked_zoom = re.compile(
        r'<meta name="viewport" content="width=device-width,\s+initial-scale=1\.0, maximum-scale=1\.0, user-scalable=no" />'
    )
    html, count = blocked_zoom.subn('<meta name="viewport" content="width=device-width, initial-scale=1.0" />', html, 1)
    if count != 1:  # pragma: no cover - guards a folium upgrade that changes its markup
        raise RuntimeError("folium's viewport tag changed; update mapgen.page.render for this folium version")
    return html
