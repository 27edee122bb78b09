"""`mapgen list`: the renamings as a table, CSV or JSON, for people who would rather read."""

from __future__ import annotations

import unicodedata
from enum import Enum

from mapgen.model import Dataset
from mapgen.outputs.rows import rows_as_csv, rows_as_json

COLUMNS = ("year", "old_name", "new_name", "country_now", "named_after", "sources")
#: Every field of a row, in order: the CSV header, whether or not there are rows.
FIELDS = [
    "id",
    "year",
    "sources_differ_on_year",
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
        differ = any(d.about in ("year", "date") for d in place.disagreements)
        cited = [dataset.sources[c.source] for c in place.citations if c.source in dataset.sources]
        rows.append(
            {
                "id": place.id,
                "year": place.year,
                "sources_differ_on_year": differ,
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


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def format_rows(rows: list[dict], fmt: ListFormat) -> str:
    """Render rows as an aligned text table, CSV (with a header) or a JSON list."""
    if fmt is ListFormat.JSON:
        return rows_as_json(rows)
    if fmt is ListFormat.CSV:
        return rows_as_csv(rows, FIELDS)

    def cell(row: dict, column: str) -> str:
        if column == "year" and row["sources_differ_on_year"]:
            return f"{row['year']}*"
        return str(row[column])

    cells = [list(HEADINGS)] + [[cell(row, c) for c in COLUMNS] for row in rows]
    widths = [min(40, max(_width(r[i]) for r in cells)) for i in range(len(COLUMNS))]

    def cut(text: str, width: int) -> str:
        if _width(text) <= width:
            return text + " " * (width - _width(text))
        return text[: width - 1] + "…"

    lines = ["  ".join(cut(cell, widths[i]) for i, cell in enumerate(row)).rstrip() for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    if any(row["sources_differ_on_year"] for row in rows):
        lines.append("* sources differ on the year; see the map's popup for which source says what.")
    return "\n".join(lines) + "\n"
