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
from mapgen.errors import Severity, listed, nearest
from mapgen.model import Source

#: ``report(field, message, severity)``: field is the citation's own ("source", "quote", "url").
Report = Callable[[str, str, Severity], None]


def check_citation(
    citation: dict,
    sources: dict[str, Source],
    broken: dict[str, str],
    quotes: dict[tuple[str, str], bool],
    report: Report,
    no_text: Callable[[str], None] | None = None,
) -> None:
    """Report every problem of one (schema-valid) citation through ``report``.

    ``broken`` maps a source id to its file that failed to read; ``quotes`` remembers, across
    calls, whether a quote was found in a source, so each (source, quote) is looked for once.
    ``no_text``, when given, is told of a quote whose source has no stored text instead of
    ``report``: a missing file is one problem, which the caller says once for all its quotes
    (:func:`no_text_message`).
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
    elif text is None and no_text is not None:
        no_text(sid)
    elif text is None:
        report("quote", no_text_message(sid), Severity.ERROR)
    elif not found(quotes, sid, quote, text):
        elsewhere = _cited_elsewhere(quote, sid, sources, quotes)
        hint = f'it is in source "{elsewhere}": cite that source for it' if elsewhere else near_miss(quote, text)
        report(
            "quote",
            f'not found verbatim in source "{sid}" (only whitespace may differ): {show(quote)}; {hint}',
            Severity.ERROR,
        )


def _cited_elsewhere(
    quote: str, sid: str, sources: dict[str, Source], quotes: dict[tuple[str, str], bool]
) -> str | None:
    """The other source whose text holds ``quote`` word for word (a quote pasted beside the wrong
    source id), or None. Looked for only once a quote has failed."""
    return next(
        (
            other
            for other, source in sorted(sources.items())
            if other != sid and source.text is not None and found(quotes, other, quote, source.text)
        ),
        None,
    )


def no_text_message(sid: str, features: list[int] | None = None) -> str:
    """Why the quotes citing source ``sid`` cannot be checked: it has no ``.txt``.

    Said of one quote, or once for the whole file with the ``features`` whose quotes cite it
    ("features 0, 2 and 5", which a spreadsheet's reader words as its rows).

    Examples
    --------
    >>> no_text_message("herald", [0, 2, 5])
    'source "herald" has no stored text (sources/herald.txt), so the quotes of features 0, 2 and 5 cannot be checked; add the text or drop those quotes'
    """
    where = "the quote"
    if features:
        many = "s" if len(features) > 1 else ""
        where = f"the quote{many} of feature{many} {listed(str(f) for f in features)}"
    drop = "those quotes" if features and len(features) > 1 else "the quote"
    return (
        f'source "{sid}" has no stored text (sources/{sid}.txt), so {where} cannot be checked; '
        f"add the text or drop {drop}"
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
