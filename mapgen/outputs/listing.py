"""`mapgen list`: the renamings as a table, CSV or JSON, for people who would rather read."""

from __future__ import annotations

import unicodedata
from enum import Enum

from mapgen.model import Dataset, Place
from mapgen.outputs.rows import rows_as_csv, rows_as_json

COLUMNS = ("year", "old_name", "new_name", "country_now", "named_after", "sources")
#: Every field of a row, in order: the CSV header, whether or not there are rows.
FIELDS = [
    "id",
    "year",
    "sources_differ_on_year",
    "sources_differ_on_date",
    "old_name",
    "new_name",
    "country_now",
    "named_after",
    "sources",
    "source_links",
]
HEADINGS = ("Year", "Former name", "New name", "Country today", "Name honoured", "Sources")


class ListFormat(Enum):
    """`mapgen list --format`: an aligned table for reading, CSV for spreadsheets, JSON for code."""

    TABLE = "table"
    CSV = "csv"
    JSON = "json"


def renaming_rows(dataset: Dataset) -> list[dict[str, str | int]]:
    """One row per renaming, oldest first (events are not renamings and are left out)."""
    rows = []
    for place in sorted(dataset.renamings, key=lambda p: (p.year, p.id)):
        differ = _disputed(place)
        cited = [dataset.sources[c.source] for c in place.citations if c.source in dataset.sources]
        rows.append(
            {
                "id": place.id,
                "year": place.year,
                "sources_differ_on_year": differ == "year",
                # The year is agreed, only the day or month is not (Volgograd: 10, 11 or 7 November 1961).
                "sources_differ_on_date": differ == "date",
                "old_name": place.old_name or "",
                "new_name": place.new_name or "",
                "country_now": place.country_now or "",
                "named_after": place.named_after or "",
                # One title per source, however many of its passages are quoted.
                "sources": "; ".join(dict.fromkeys(source.title for source in cited)),
                # The works' own addresses; a copy a text was read in (read_at) is never given.
                "source_links": " ".join(dict.fromkeys(source.url for source in cited if source.url)),
            }
        )
    return rows


def _disputed(place: Place) -> str | None:
    """ "year" when sources give the renaming different years, "date" when only its day or month, else None."""
    dated = [d for d in place.disagreements if d.about in ("year", "date")]
    years = {c.value[:4] for d in dated for c in d.claims}
    if any(d.about == "year" for d in dated) or len(years) > 1:
        return "year"
    return "date" if dated else None


#: The table's marks, and what each says under it.
MARKS = {
    "sources_differ_on_year": ("*", "* sources differ on the year; see the map's popup for which source says what."),
    "sources_differ_on_date": (
        "†",
        "† sources agree on the year but differ on the date; see the map's popup for which source says what.",
    ),
}


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def format_rows(rows: list[dict], fmt: ListFormat) -> str:
    """Render rows as an aligned text table, CSV (with a header) or a JSON list."""
    if fmt is ListFormat.JSON:
        return rows_as_json(rows)
    if fmt is ListFormat.CSV:
        return rows_as_csv(rows, FIELDS)

    def cell(row: dict, column: str) -> str:
        if column == "year":
            return str(row["year"]) + "".join(mark for key, (mark, _) in MARKS.items() if row[key])
        return str(row[column])

    cells = [list(HEADINGS)] + [[cell(row, c) for c in COLUMNS] for row in rows]
    widths = [min(40, max(_width(r[i]) for r in cells)) for i in range(len(COLUMNS))]

    def cut(text: str, width: int) -> str:
        if _width(text) <= width:
            return text + " " * (width - _width(text))
        return text[: width - 1] + "…"

    lines = ["  ".join(cut(cell, widths[i]) for i, cell in enumerate(row)).rstrip() for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines += [note for key, (_, note) in MARKS.items() if any(row[key] for row in rows)]
    return "\n".join(lines) + "\n"
