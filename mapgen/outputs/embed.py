"""`mapgen embed`: the iframe snippet that puts a built map into HTML slides."""

from __future__ import annotations

import html
import re
from pathlib import Path

from mapgen.errors import MapgenError


def map_title(map_path: Path) -> str:
    """The <title> of a map mapgen built (unescaped), or "Map" if it has none."""
    try:
        text = map_path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise MapgenError(f"{map_path}: no such map. Build it first with `mapgen build -o {map_path}`.") from None
    except UnicodeDecodeError:
        raise MapgenError(f"{map_path}: is not an HTML map built by mapgen (pass the .html file).") from None
    except OSError as exc:
        raise MapgenError(f"{map_path}: cannot be read: {exc.strerror}.") from None
    if 'id="mapgen-data"' not in text:
        raise MapgenError(f"{map_path}: is not an HTML map built by mapgen (pass the .html file).")
    match = re.search(r"<title>(.*?)</title>", text, re.S)
    return html.unescape(match.group(1)).strip() if match else "Map"


def iframe_snippet(src: str, title: str, width: int = 1280, height: int = 720) -> str:
    """An ``<iframe>`` that keeps the map's aspect ratio and allows fullscreen.

    Examples
    --------
    >>> print(iframe_snippet("map.html", "A & B", 1280, 720))
    <iframe src="map.html" title="A &amp; B" width="1280" height="720" style="border:0;width:100%;height:auto;aspect-ratio:1280/720" loading="lazy" allowfullscreen></iframe>
    """
    return (
        f'<iframe src="{html.escape(src, quote=True)}" title="{html.escape(title, quote=True)}" '
        f'width="{width}" height="{height}" style="border:0;width:100%;height:auto;aspect-ratio:{width}/{height}" '
        'loading="lazy" allowfullscreen></iframe>'
    )
