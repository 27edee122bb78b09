"""Sources: validating their metadata files and finding quotes in their text.

A source is ``sources/<id>.json`` (title, author, URL, ...) with, optionally, its verbatim
text in ``sources/<id>.txt``. Every quote in the data must occur in that text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mapgen.checks.copies import copy_host
from mapgen.checks.schema import field_path, schema_errors, schema_messages, show
from mapgen.errors import Issue, Severity
from mapgen.formats.load import RawSource
from mapgen.model import ReadAt, Source, SourceKind

#: For a source's metadata file (sources/<id>.json): hints for missing fields, words for wrong ones.
SOURCE_HINTS = {
    "id": 'expected the file name without .json, such as "de-stalinization"',
    "title": "expected the work's own title",
    "url": "expected the address of the copy the text was read in",
}


SOURCE_EXPECTED = {
    "": 'an object such as {"id": "de-stalinization", "title": "..."}',
    "accessed": "a date written YYYY-MM-DD (when the source was read)",
    "published": "a date written YYYY, YYYY-MM or YYYY-MM-DD (when the work was published)",
    "read_at": 'an object such as {"url": "https://...", "accessed": "2026-11-28"} (the copy the text was read in)',
}


def build_sources(raw: dict[str, RawSource]) -> tuple[dict[str, Source], list[Issue]]:
    """Validate each source's metadata file and return the usable sources by id."""
    sources: dict[str, Source] = {}
    issues: list[Issue] = []
    for stem, item in raw.items():
        meta = item.meta if isinstance(item.meta, dict) else {}
        found: list[tuple[list[Any], str]] = []
        if isinstance(meta.get("id"), str) and meta["id"] != stem:
            # Saying the id must match the file name covers any complaint about its spelling too.
            found.append(
                (["id"], f'expected "{stem}" (the file name), got {show(meta["id"])}; fix the id or rename the file')
            )
        for error in schema_errors(item.meta, "source.schema.json"):
            for path, message in schema_messages(error, SOURCE_HINTS, SOURCE_EXPECTED):
                if not (found and path == ["id"]) and (path, message) not in found:
                    found.append((path, message))
        problems = [
            Issue(item.meta_path, f"{field_path(path)}: {message}" if path else message)
            for path, message in sorted(found, key=lambda pm: list(map(str, pm[0])))
        ]
        issues += problems
        if problems:
            continue
        read_at = meta.get("read_at")
        source = Source(
            id=stem,
            title=meta["title"],
            author=meta.get("author"),
            publisher=meta.get("publisher"),
            url=meta.get("url"),
            accessed=meta.get("accessed"),
            text=item.text,
            kind=SourceKind(meta["kind"]) if meta.get("kind") else None,
            published=meta.get("published"),
            revision=meta.get("revision"),
            read_at=ReadAt(read_at["url"], read_at.get("accessed"), read_at.get("note")) if read_at else None,
        )
        issues += _copy_warnings(item.meta_path, source)
        issues += _finding_warnings(item.meta_path, meta)
        issues += _guessed_warnings(item.meta_path, meta)
        sources[stem] = source
    return sources, issues


def _copy_warnings(path: str, source: Source) -> list[Issue]:
    """Warnings for a source that points readers at a copy instead of the work.

    ``url`` is what the map links, so it must be the work; a copy belongs in ``read_at``,
    which is never linked. A blog or website may well be the work (an author's own blog),
    so a ``blog`` is flagged only when its address is on a host known to serve copies, or
    when the record names nobody who wrote or published it: an unsigned page linked as the
    work is, as far as a reader can tell, a copy of something else.
    """
    host = copy_host(source.url)
    if host:
        linked = " (a blog or website page linked as the work)" if source.kind is SourceKind.BLOG else ""
        return [
            Issue(
                path,
                f"url: {host} serves copies of other works, so readers would land on a copy{linked}; put the work's own address in url (for a Wikipedia article, its address on wikipedia.org) "
                'and record the copy as "read_at": {"url": ..., "accessed": ...}',
                severity=Severity.WARNING,
            )
        ]
    if source.kind is SourceKind.BLOG and source.url and not (source.publisher or source.author):
        host = urlsplit(source.url).hostname or source.url
        return [
            Issue(
                path,
                f'kind "blog": a page on {host} is linked as the work but names neither its author nor its '
                "publisher; name who wrote or publishes it (an author's own blog is a work), or, if the page "
                'copies another work, cite that work in url and record this page as "read_at": {"url": ..., '
                '"accessed": ...}',
                severity=Severity.WARNING,
            )
        ]
    if source.url is None and source.read_at is not None and not (source.publisher or source.author):
        return [
            Issue(
                path,
                "gives only a copy (read_at) and names neither the work's publisher nor its author; "
                "cite the work: its publisher or author, and its own address in url where it has one",
                severity=Severity.WARNING,
            )
        ]
    return []


#: Words that tell how a text was found (a search tool, its results) rather than what the
#: work is or where it was read: a reader can follow an address and a date, not a search.
_FINDING = re.compile(
    r"\b(?:reference|web|internet|google) search\b|\bsearch (?:tool|engine|results?|corpus)\b"
    r"|\b(?:a|the) search (?:for|returned|found)\b|\b(?:returned|found) by (?:a|the) search\b"
    r"|\bfound (?:on|during|in) (?:the|a|an) (?:[\w-]+ ){0,3}(?:check|pass|review|search)\b",
    re.IGNORECASE,
)


def _finding_warnings(path: str, meta: dict[str, Any]) -> list[Issue]:
    """Warnings for notes that tell how a text was found instead of where it was read."""
    notes = {"notes": meta.get("notes")}
    if isinstance(meta.get("read_at"), dict):
        notes["read_at.note"] = meta["read_at"].get("note")
    return [
        Issue(
            path,
            f"{field}: says how the text was found ({match.group(0)!r}); a reader cannot follow a search: "
            'say what the work is, and where and when its text was read ("read_at": {"url": ..., '
            '"accessed": ...}, or "accessed" for the work\'s own address)',
            severity=Severity.WARNING,
        )
        for field, text in notes.items()
        if isinstance(text, str) and (match := _FINDING.search(text))
    ]


def _guessed_warnings(path: str, meta: dict) -> list[Issue]:
    """A reminder, until a person has checked them, of the fields `mapgen source add` guessed."""
    guessed = meta.get("guessed")
    if not guessed:
        return []
    shown = [f"{name} {show(meta[name])}" if meta.get(name) is not None else name for name in guessed]
    them = "it" if len(shown) == 1 else "them"
    return [
        Issue(
            path,
            f"guessed: {' and '.join(shown)} {'was' if len(shown) == 1 else 'were'} guessed when the source was added; "
            f'check {them} against the work, then delete "guessed"',
            severity=Severity.WARNING,
        )
    ]


def broken_sources(raw: dict[str, RawSource], sources: dict[str, Source], issues: list[Issue]) -> dict[str, str]:
    """Source ids whose files were already reported as broken, mapped to the file to fix.

    A citation of such a source then points at that problem instead of calling the source
    unknown. A stray ``.txt`` without metadata breaks no source, so it is not counted.
    """
    broken: dict[str, str] = {}
    for issue in issues:
        file = Path(issue.path)
        if file.suffix == ".json" or (file.suffix == ".txt" and file.stem in raw):
            broken[file.stem] = file.name
    broken |= {stem: f"{stem}.json" for stem in raw if stem not in sources}
    return broken


def squash(text: str) -> str:
    """Text with every run of whitespace (spaces, line breaks) turned into one space."""
    return " ".join(text.split())


def quote_in(quote: str, text: str) -> bool:
    """Whether ``quote`` occurs in ``text``; runs of whitespace (line breaks) count as one space.

    Examples
    --------
    >>> quote_in("renamed  to\\nVolgograd", "Stalingrad was renamed to Volgograd.")
    True
    """
    # A quote found as it is needs no squashing (squashed, it is then in the squashed text too).
    return quote in text or squash(quote) in _squashed(text)


@lru_cache(maxsize=256)
def _squashed(text: str) -> str:
    # A source is quoted by many places: squash its (possibly long) text once.
    return squash(text)
