"""`mapgen embed`: the iframe snippet that puts a built map into HTML slides, optionally at a moment.

A moment is the part of the map's address after ``#`` (``#year=1956``, ``#place=volgograd``,
``#tour=5``; see docs/presenting.md). It is checked against the data the built map carries, so a
slide never points at a year, place or tour stop the map does not have.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mapgen.checks.schema import nearest
from mapgen.errors import MapgenError


class MomentError(MapgenError):
    """A ``--year``, ``--place`` or ``--tour`` the built map does not have; ``option`` names the flag."""

    exit_code = 2

    def __init__(self, option: str, message: str):
        super().__init__(message)
        self.option = option


@dataclass(frozen=True)
class BuiltMap:
    """What ``mapgen embed`` needs from a map mapgen built: its title and the data it carries."""

    path: Path
    title: str
    data: dict[str, Any]


@dataclass(frozen=True)
class Moment:
    """Where a link opens the map: at a year, at a place (with its popup), or at a tour stop."""

    year: int | None = None
    place: str | None = None
    tour: int | None = None

    def fragment(self) -> str:
        """The address fragment, without ``#``: ``year=1950&place=volgograd``, ``tour=5`` or ``""``.

        Examples
        --------
        >>> Moment(year=1950, place="volgograd").fragment()
        'year=1950&place=volgograd'
        >>> Moment(tour=5).fragment()
        'tour=5'
        """
        parts = [("year", self.year), ("place", self.place), ("tour", self.tour)]
        return "&".join(f"{key}={value}" for key, value in parts if value is not None)


def _read(map_path: Path) -> str:
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
    return text


def read_map(map_path: Path) -> BuiltMap:
    """The title (unescaped, or "Map") and the data of a map mapgen built.

    Raises
    ------
    MapgenError
        If the file is missing, unreadable, or not a map mapgen built.
    """
    from mapgen.page.payload import read_page_data

    text = _read(map_path)
    title = re.search(r"<title>(.*?)</title>", text, re.S)
    # A large map carries its data packed and compressed (data-encoding); read_page_data undoes both.
    try:
        data = read_page_data(text)
    except (
        ValueError,
        OSError,
        KeyError,
        TypeError,
        IndexError,
    ):  # not JSON, not gzip, not base64, not packed as mapgen packs
        data = None
    if not isinstance(data, dict):
        raise MapgenError(f"{map_path}: is not an HTML map built by mapgen (pass the .html file).")
    return BuiltMap(map_path, html.unescape(title.group(1)).strip() if title else "Map", data)


def map_title(map_path: Path) -> str:
    """The <title> of a map mapgen built (unescaped), or "Map" if it has none."""
    return read_map(map_path).title


def _name(place: dict[str, Any]) -> str:
    return str(place.get("new") or place.get("title") or place.get("id"))


def check_moment(built: BuiltMap, moment: Moment) -> str:
    """Check ``moment`` against the map's own data; return the words that name it ("1961", "Volgograd").

    Raises
    ------
    MomentError
        Naming the option, what the map has and what was given.
    """
    data, where = built.data, built.path
    words = []
    if moment.year is not None:
        first, last = data.get("years", [0, 0])
        if not first <= moment.year <= last:
            raise MomentError(
                "year", f"expected a year from {first} to {last} (the years of {where}), got {moment.year}"
            )
        words.append(str(moment.year))
    if moment.place is not None:
        places = {p.get("id"): p for p in data.get("places", [])}
        if moment.place not in places:
            raise MomentError(
                "place",
                f'expected the id of a place or event on {where}, got "{moment.place}"'
                + nearest(moment.place, [k for k in places if isinstance(k, str)]),
            )
        words.append(_name(places[moment.place]))
    if moment.tour is not None:
        stops = data.get("tour")
        if not stops:
            raise MomentError("tour", f"{where} was built without a tour; rebuild it with this version of mapgen")
        if not 0 <= moment.tour <= len(stops):
            raise MomentError(
                "tour",
                f"expected a stop from 1 to {len(stops)} (or 0, the tour's overview) of {where}, got {moment.tour}",
            )
        if moment.tour:
            stop = stops[moment.tour - 1]
            title = stop.get("title") if isinstance(stop, dict) else None
            # The stop's own title, so a screen reader hears what the slide shows, not a number.
            words.append(f"tour stop {moment.tour} of {len(stops)}" + (f", {title}" if title else ""))
        else:
            words.append("tour overview")
    return ", ".join(words)


def moment_src(src: str, moment: Moment) -> str:
    """``src`` pointing at ``moment``: its fragment replaces any ``#...`` that ``src`` had.

    Examples
    --------
    >>> moment_src("slide.html#old", Moment(year=1961))
    'slide.html#year=1961'
    >>> moment_src("slide.html", Moment())
    'slide.html'
    """
    fragment = moment.fragment()
    return src.split("#", 1)[0] + "#" + fragment if fragment else src


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
