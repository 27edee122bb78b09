"""`mapgen locate NAME`: the GeoNames places known by a name, ready to paste into the data."""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from enum import Enum

from mapgen.checks.geonames import MIN_POPULATION, Country, countries, gazetteer
from mapgen.errors import MapgenError


class LocateFormat(Enum):
    """`mapgen locate --format`: an aligned table for reading, JSON for code."""

    TABLE = "table"
    JSON = "json"


@dataclass(frozen=True)
class Candidate:
    """One GeoNames place known by the name asked for."""

    geonameid: int
    name: str
    country: Country
    lat: float
    lon: float
    population: int
    #: The place's own spellings that match the name asked for ("Stalingrad" for Volgograd).
    matched: tuple[str, ...]
    alternate_names: tuple[str, ...]


def locate(name: str, country: Country | None = None) -> list[Candidate]:
    """Every GeoNames place (of 1,000 people or more) that has borne ``name``, most populous first.

    Raises :class:`~mapgen.errors.MapgenError` naming the near misses when there is none.
    """
    entries = gazetteer().lookup([name], country.code if country else None, alternates=True)
    found = [entry for group in entries.values() for entry in group]
    if not found:
        raise MapgenError(_nothing(name, country))
    table = countries()
    return [
        Candidate(
            g.geonameid,
            g.name,
            table.get(g.country_code, Country(g.country_code, g.country_code)),
            round(g.lat, 4),
            round(g.lon, 4),
            g.population,
            g.names_matching(name),
            g.alternate_names,
        )
        for g in found
    ]


def _nothing(name: str, country: Country | None) -> str:
    where = f" in {country.name} ({country.code})" if country else ""
    message = f'No GeoNames place of {MIN_POPULATION:,} people or more is known as "{name}"{where}.'
    near = gazetteer().close_names(name, country.code if country else None)
    if near:
        message += " Spelled nearly the same: " + ", ".join(f'"{n}"' for n in near) + "."
    elif country is not None:
        message += " Try without --country."
    return message + " Smaller or vanished places are not in this table: take the coordinates from a source."


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def format_candidates(candidates: list[Candidate], fmt: LocateFormat) -> str:
    """The candidates as an aligned table (with a line to paste) or as a JSON list."""
    if fmt is LocateFormat.JSON:
        rows = [
            {
                "geonameid": c.geonameid,
                "name": c.name,
                "country_code": c.country.code,
                "country": c.country.name,
                "latitude": c.lat,
                "longitude": c.lon,
                "population": c.population,
                "matched_names": list(c.matched),
                "alternate_names": list(c.alternate_names),
                "geometry": {"type": "Point", "coordinates": [c.lon, c.lat]},
            }
            for c in candidates
        ]
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    headings = ["Name", "Country", "Latitude", "Longitude", "GeoNames id", "Population", "Matched names"]
    cells = [headings] + [
        [
            c.name,
            f"{c.country.name} ({c.country.code})",
            f"{c.lat:.4f}",
            f"{c.lon:.4f}",
            str(c.geonameid),
            f"{c.population:,}",
            ", ".join(c.matched),
        ]
        for c in candidates
    ]
    widths = [max(_width(row[i]) for row in cells) for i in range(len(headings))]
    lines = ["  ".join(cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(row)).rstrip() for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    first = candidates[0]
    lines.append(
        f'GeoJSON takes [longitude, latitude]: "coordinates": [{first.lon:.4f}, {first.lat:.4f}] for {first.name}.'
    )
    return "\n".join(lines) + "\n"
