"""Third-party front-end files that every map inlines, and mapgen's own.

Third-party files come from npm packages pinned to exact versions in
``mapgen/vendor/package.json`` (installed by ``npm ci --prefix mapgen/vendor``, never
committed). mapgen's own JavaScript and CSS live as real files in ``mapgen/page/static/``.
Everything is inlined so the page works from a double-click, with no network.
"""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from mapgen.errors import AssetError

VENDOR = Path(__file__).parent.parent / "vendor"
NODE_MODULES = VENDOR / "node_modules"


@dataclass(frozen=True)
class Library:
    """An npm package whose files the page inlines, with the credit the page shows."""

    package: str
    license: str
    credit: str
    files: tuple[str, ...]

    @property
    def version(self) -> str:
        """The exact version pinned in ``mapgen/vendor/package.json``."""
        return _pinned()[self.package]


LEAFLET = Library("leaflet", "BSD-2-Clause", "Leaflet © Volodymyr Agafonkin", ("dist/leaflet.css", "dist/leaflet.js"))
MARKERCLUSTER = Library(
    "leaflet.markercluster",
    "MIT",
    "Leaflet.markercluster © Dave Leaver",
    ("dist/MarkerCluster.css", "dist/leaflet.markercluster.js"),
)
TOPOJSON = Library("topojson-client", "ISC", "topojson-client © Michael Bostock", ("dist/topojson-client.min.js",))
WORLD_ATLAS = Library(
    "world-atlas",
    "ISC (data: Natural Earth, public domain)",
    "Country outlines: Natural Earth, via world-atlas © Michael Bostock",
    ("countries-110m.json",),
)

LIBRARIES = (LEAFLET, MARKERCLUSTER, TOPOJSON, WORLD_ATLAS)

#: mapgen's own front-end files, in load order.
OWN_SCRIPTS = (
    "names.js",
    "popup.js",
    "antimeridian.js",
    "basemap.js",
    "markers.js",
    "labels.js",
    "timeline.js",
    "search.js",
    "panel.js",
    "controls.js",
    "layout.js",
    "data.js",
    "tour.js",
    "deck.js",
    "keys.js",
    "hash.js",
    "main.js",
)
OWN_STYLES = ("mapgen.css", "tour.css")


def _read_vendor(library: Library, name: str) -> str:
    path = NODE_MODULES / library.package / name
    if not path.exists():
        raise AssetError(
            f"{path}: missing. mapgen inlines {library.package} {library.version} from npm; "
            "install it with `npm ci --prefix mapgen/vendor` (or `make install`)."
        )
    return path.read_text(encoding="utf-8")


def _inline_css_images(css: str, base: Path) -> str:
    """Leaflet's CSS points at images/*.png next to it; inline them so nothing is fetched."""

    def data_uri(match: re.Match) -> str:
        image = base / match.group(1)
        encoded = base64.b64encode(image.read_bytes()).decode()
        return f"url(data:image/png;base64,{encoded})"

    return re.sub(r"url\((images/[\w.-]+\.png)\)", data_uri, css)


def script_safe(code: str) -> str:
    """Make text safe inside an inline <script>: no "</script" or "<!--" can end it early."""
    return code.replace("</", "<\\/").replace("<!--", "<\\!--")


@cache
def _pinned() -> dict[str, str]:
    return json.loads((VENDOR / "package.json").read_text(encoding="utf-8"))["dependencies"]


@cache
def vendor_css() -> str:
    """Leaflet's and markercluster's stylesheets, with Leaflet's images inlined as data URIs."""
    parts = []
    for library in (LEAFLET, MARKERCLUSTER):
        for name in library.files:
            if name.endswith(".css"):
                css = _read_vendor(library, name)
                parts.append(_inline_css_images(css, NODE_MODULES / library.package / "dist"))
    return "\n".join(parts)


@cache
def vendor_js() -> str:
    """Leaflet, markercluster and topojson-client, each headed by its name, version and license."""
    parts = []
    for library in (LEAFLET, MARKERCLUSTER, TOPOJSON):
        for name in library.files:
            if name.endswith(".js"):
                parts.append(
                    f"/* {library.package} {library.version} ({library.license}) */\n" + _read_vendor(library, name)
                )
    return script_safe("\n".join(parts))


@cache
def basemap_topojson() -> str:
    """Natural Earth country outlines (1:110m) as compact TopoJSON, safe inside a <script> element
    (``<``, ``>`` and ``&`` escaped as JSON ``\\u`` escapes, like the page's data)."""
    from mapgen.page.payload import to_script_json

    return to_script_json(json.loads(_read_vendor(WORLD_ATLAS, "countries-110m.json")))


def _own(name: str) -> str:
    return resources.files("mapgen.page.static").joinpath(name).read_text(encoding="utf-8")


@cache
def own_js() -> str:
    """mapgen's own front end (``mapgen/page/static/*.js``), in load order."""
    return script_safe("\n".join(_own(name) for name in OWN_SCRIPTS))


@cache
def own_css() -> str:
    """mapgen's own stylesheet (``mapgen/page/static/mapgen.css``)."""
    return "\n".join(_own(name) for name in OWN_STYLES)


def credits() -> list[dict[str, str]]:
    """What the page's "About" line credits: each library, its version and license."""
    return [
        {"name": lib.package, "version": lib.version, "license": lib.license, "credit": lib.credit} for lib in LIBRARIES
    ]
