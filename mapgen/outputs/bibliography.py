"""`mapgen sources`: every cited work, graded, with where its text was read.

The map links only the works themselves; this listing is where the copies a text was read
in are recorded for a reader who wants to retrace the research (``docs/data-sources.md``
carries it for the shipped data).
"""

from __future__ import annotations

from enum import Enum
from urllib.parse import urlsplit

from mapgen.model import Dataset
from mapgen.outputs.rows import rows_as_csv, rows_as_json

FIELDS = ["id", "kind", "title", "author", "publisher", "url", "published", "revision", "read_at", "cited_by"]


class SourcesFormat(Enum):
    """`mapgen sources --format`: Markdown for documents, CSV for spreadsheets, JSON for code."""

    MARKDOWN = "markdown"
    CSV = "csv"
    JSON = "json"


def source_rows(dataset: Dataset) -> list[dict[str, str]]:
    """One row per cited source, by id, with the places that cite it."""
    cited_by: dict[str, list[str]] = {}
    for place in dataset.places:
        for citation in place.citations:
            ids = cited_by.setdefault(citation.source, [])
            if place.id not in ids:
                ids.append(place.id)
    return [
        {
            "id": source.id,
            "kind": source.kind.value if source.kind else "",
            "title": source.title,
            "author": source.author or "",
            "publisher": source.publisher or "",
            "url": source.url or "",
            "published": source.published or "",
            "revision": source.revision or "",
            "read_at": source.read_at.url if source.read_at else "",
            "cited_by": " ".join(cited_by.get(source.id, [])),
        }
        for source in sorted(dataset.sources.values(), key=lambda s: s.id)
    ]


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def format_sources(rows: list[dict[str, str]], fmt: SourcesFormat) -> str:
    """Render the rows as a Markdown table, CSV (with a header) or a JSON list."""
    if fmt is SourcesFormat.JSON:
        return rows_as_json(rows)
    if fmt is SourcesFormat.CSV:
        return rows_as_csv(rows, FIELDS)
    lines = [
        "| source | kind | the work | read in a copy | cited for |",
        "| --- | --- | --- | --- | --- |",
    ]
    for row in rows:
        work = ", ".join(_md(part) for part in (row["title"], row["author"], row["publisher"]) if part)
        if row["url"]:
            work += f" <{row['url']}>"
        if row["revision"]:
            work += f" ({_md(row['revision'])})"
        copy = urlsplit(row["read_at"]).hostname if row["read_at"] else "no"
        lines.append(f"| `{row['id']}` | {row['kind'] or '?'} | {work} | {copy} | {row['cited_by']} |")
    return "\n".join(lines) + "\n"
