"""Typed options for checking the data and rendering a map: one frozen object each instead of many keywords."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import Path

#: Where `mapgen build` reads and writes when given no paths (from the repository's root).
DEFAULT_DATA = Path("data/places.geojson")
DEFAULT_OUTPUT = Path("output/map.html")


class Tiles(Enum):
    """Background tiles fetched from the network; the built-in basemap is always underneath."""

    OPENSTREETMAP = "openstreetmap"
    NONE = "none"

    @property
    def xyz_name(self) -> str | None:
        """The provider name that folium (through xyzservices) knows this tile set by."""
        return {
            Tiles.OPENSTREETMAP: "OpenStreetMap",
            Tiles.NONE: None,
        }[self]


class Preset(Enum):
    """Page layouts: a full-window map, or a fixed 16:9 map for slides."""

    SCREEN = "screen"
    SLIDE = "slide"


class DeckBy(Enum):
    """What each content slide of a PowerPoint deck is about: a year, one place, or a stop of the tour."""

    YEAR = "year"
    PLACE = "place"
    TOUR = "tour"


@dataclass(frozen=True)
class RenderOptions:
    """Everything that shapes the page, apart from the data itself.

    Parameters
    ----------
    title
        Page title and heading; ``None`` takes the data file's ``title``.
    caption
        A line under the title (slides); ``None`` takes the data file's ``caption``.
    tiles
        Background tiles; :attr:`Tiles.NONE` makes a page with zero network requests.
    preset
        :attr:`Preset.SLIDE` gives a 16:9 page with large type and no scroll-wheel zoom.
    year
        Open the map with the time slider set to this year (a snapshot for a slide).
    """

    title: str | None = None
    caption: str | None = None
    tiles: Tiles = Tiles.OPENSTREETMAP
    preset: Preset = Preset.SCREEN
    year: int | None = None


#: How far (km) a town or city may lie from its GeoNames entry before mapgen warns.
DEFAULT_GAZETTEER_KM = 25.0


@dataclass(frozen=True)
class CheckOptions:
    """Checks that go beyond the data's own rules; their findings are warnings, never errors.

    Parameters
    ----------
    gazetteer_km
        Warn when a town, city or capital lies more than this many km from the GeoNames entry
        for any of its names (:mod:`mapgen.checks.gazetteer`); ``0`` switches the check off.
    """

    gazetteer_km: float = DEFAULT_GAZETTEER_KM

    def __post_init__(self) -> None:
        if not self.gazetteer_km >= 0:  # also refuses NaN
            raise ValueError(f"gazetteer_km: expected a distance of 0 km or more, got {self.gazetteer_km!r}")


#: The checks a run makes when none are chosen (every default).
DEFAULT_CHECKS = CheckOptions()
