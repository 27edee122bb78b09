"""The one check of a citation, wherever it is cited from: a place's ``citations`` or a tour
stop's. Its source must be known and readable, and its quote found verbatim in the source's
stored text; the caller says where the citation sits by the ``report`` it passes in.
"""

from __future__ import annotations

from collections.abc import Callable

from mapgen.checks.copies import copy_host
from mapgen.checks.quotes import near_miss
from mapgen.checks.schema import show
from mapgen.checks.sources import quote_in
from mapgen.errors import Severity, nearest
from mapgen.model import Source

#: ``report(field, message, severity)``: field is the citation's own ("source", "quote", "url").
Report = Callable[[str, str, Severity], None]


def check_citation(
    citation: dict,
    sources: dict[str, Source],
    broken: dict[str, str],
    quotes: dict[tuple[str, str], bool],
    report: Report,
) -> None:
    """Report every problem of one (schema-valid) citation through ``report``.

    ``broken`` maps a source id to its file that failed to read; ``quotes`` remembers, across
    calls, whether a quote was found in a source, so each (source, quote) is looked for once.
    """
    sid = citation["source"]
    if sid not in sources:
        report("source", unknown_source(sid, sources, broken), Severity.ERROR)
        return
    host = copy_host(citation.get("url"))
    if host:
        report(
            "url",
            f"{host} serves copies of other works, so readers would land on a copy; "
            f"drop the url (the map then links source \"{sid}\"'s own address) or give the work's own address",
            Severity.WARNING,
        )
    quote = citation.get("quote")
    if quote is None:
        return
    text = sources[sid].text
    if text is None and sid in broken:
        report(
            "quote",
            f"cannot be checked until sources/{broken[sid]} is fixed (see the problems listed for it)",
            Severity.ERROR,
        )
    elif text is None:
        report(
            "quote",
            f'source "{sid}" has no stored text (sources/{sid}.txt), so the quote cannot be checked; add the text or drop the quote',
            Severity.ERROR,
        )
    elif not found(quotes, sid, quote, text):
        report(
            "quote",
            f'not found verbatim in source "{sid}" (only whitespace may differ): {show(quote)}; {near_miss(quote, text)}',
            Severity.ERROR,
        )


def found(quotes: dict[tuple[str, str], bool], sid: str, quote: str, text: str) -> bool:
    """Whether ``quote`` is in source ``sid``'s ``text``, looked for once per (source, quote)."""
    key = (sid, quote)
    seen = quotes.get(key)
    if seen is None:
        seen = quotes[key] = quote_in(quote, text)
    return seen


def unknown_source(sid: str, sources: dict[str, Source], broken: dict[str, str]) -> str:
    """Why source ``sid`` cannot be cited: its file is broken, or there is none (with the nearest id)."""
    if sid in broken:
        return f'source "{sid}" cannot be used until sources/{broken[sid]} is fixed (see the problems listed for it)'
    return f'unknown source "{sid}"; expected a file sources/{sid}.json' + nearest(sid, sources)
