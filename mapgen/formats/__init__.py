"""Reading and writing data files: mapgen GeoJSON, CSV and Linked Places (LPF).

Every reader turns its file into the one document the validator checks (a mapgen GeoJSON
FeatureCollection) with a map back to the user's own rows, lines and fields; every writer
turns a validated :class:`~mapgen.model.Dataset` into its file. Nothing outside this
package knows which format a file was.

============================  ======================================================
file                          read as
============================  ======================================================
``.geojson``, ``.json``       mapgen GeoJSON, or LPF when it has an ``@context`` or
                              names with a ``toponym``
``.csv``                      one row per place (:mod:`mapgen.formats.csv`)
``.jsonl``, ``.ndjson``       LPF as JSON Lines, one Feature a line
============================  ======================================================
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import NoReturn

from mapgen.errors import MapgenError
from mapgen.formats.document import Document
from mapgen.formats.load import read_json, read_sources, sources_folder
from mapgen.model import Dataset

__all__ = [
    "Format",
    "Document",
    "read_document",
    "format_for",
    "write_text",
    "read_json",
    "read_sources",
    "sources_folder",
    "refuse_folder",
]

JSON_SUFFIXES = (".geojson", ".json")
LINES_SUFFIXES = (".jsonl", ".ndjson")
CSV_SUFFIXES = (".csv",)


class Format(Enum):
    """The formats mapgen writes (``mapgen convert --to``)."""

    GEOJSON = "geojson"
    CSV = "csv"
    LPF = "lpf"


DATA_SUFFIXES = JSON_SUFFIXES + LINES_SUFFIXES + CSV_SUFFIXES
#: Spreadsheets in their own formats, which a spreadsheet program saves as CSV on request.
WORKBOOK_SUFFIXES = (".xlsx", ".xls", ".xlsm", ".ods", ".numbers")


def _check_suffix(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in DATA_SUFFIXES:
        hint = (
            f"; {suffix} is a spreadsheet program's own format: save the sheet as CSV (Excel: File > Save As > "
            '"CSV UTF-8"; LibreOffice: Save As > "Text CSV", character set UTF-8) and pass the .csv file'
            if suffix in WORKBOOK_SUFFIXES
            else ""
        )
        raise MapgenError(
            f"{path}: mapgen reads .geojson or .json (mapgen GeoJSON or Linked Places), .csv, and .jsonl or "
            f".ndjson (Linked Places JSON Lines), got {suffix or 'a file without an extension'}{hint}."
        )
    return suffix


def refuse_folder(path: Path) -> NoReturn:
    """A folder passed as DATA: name the data files inside it, so the fix is one copy and paste."""
    inside = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in DATA_SUFFIXES)
    if inside:
        files = " or ".join(str(p) for p in inside[:5]) + (f" (and {len(inside) - 5} more)" if len(inside) > 5 else "")
        fix = f"pass the data file inside it: {files}"
    else:
        fix = "it holds no data file (.geojson, .csv, .jsonl); pass one, or start one with mapgen new DIR"
    raise MapgenError(f"{path}: is a folder, not a data file; {fix}.")


def read_document(path: Path) -> Document:
    """Read any data file mapgen knows into the validator's document (see the module docstring).

    Raises
    ------
    MapgenError
        When the file is missing, unreadable or of an unknown kind.
    DataError
        When it cannot be parsed (with the line, row or feature).
    """
    from mapgen.formats import csv, geojson, lpf

    if path.is_dir():
        refuse_folder(path)
    if path.exists():
        suffix = _check_suffix(path)
    else:
        suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES and path.is_file():
        return csv.read(path)
    if suffix in LINES_SUFFIXES and path.is_file():
        return lpf.read(path)
    parsed = read_json(path)  # also says "file not found" and "is a folder"
    if lpf.looks_like_lpf(parsed):
        return lpf.read(path, parsed)
    return geojson.read(path, parsed)


def format_for(path: Path) -> Format:
    """The format a file name asks for: .csv, .jsonl/.ndjson (LPF) or GeoJSON."""
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        return Format.CSV
    if suffix in LINES_SUFFIXES:
        return Format.LPF
    if suffix in JSON_SUFFIXES:
        return Format.GEOJSON
    raise MapgenError(
        f"{path}: cannot tell the format from {suffix or 'a name without an extension'}; "
        "name it .geojson, .csv or .jsonl, or pass --to geojson|csv|lpf."
    )


def write_text(dataset: Dataset, fmt: Format, path: Path) -> str:
    """The dataset as the text of a file in ``fmt`` (LPF as JSON Lines when ``path`` ends in .jsonl/.ndjson)."""
    from mapgen.formats import csv, geojson, lpf

    if fmt is Format.CSV:
        return csv.write(dataset)
    if fmt is Format.LPF:
        return lpf.write_lines(dataset) if path.suffix.lower() in LINES_SUFFIXES else lpf.write(dataset)
    return geojson.write(dataset)
