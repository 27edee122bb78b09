"""The source record (``sources/<id>.json``) for a captured work, in mapgen's source format.

``url`` is the work's own address; when the page read was a copy on a known copy host
(``checks/data/copy_hosts.txt``) that links its original, the original becomes ``url`` and
the copy ``read_at``. What mapgen had to guess (the kind of work, a missing title) is listed
under ``"guessed"``, which ``mapgen validate`` reminds about until a person removes it.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from importlib import resources
from urllib.parse import urlsplit

from mapgen.capture.extract import Extracted
from mapgen.capture.fetch import Page, PageKind
from mapgen.checks.copies import copy_host
from mapgen.model import slug

#: The fields of a record, in the order they are written.
FIELDS = ("id", "kind", "guessed", "title", "author", "publisher", "url", "published", "accessed", "read_at")
#: Site names that say a web page is a newspaper's.
_NEWS_WORDS = re.compile(r"\b(news|gazette|times|herald|tribune|chronicle|telegraph|courier|pravda|izvestia)\b", re.I)
_WIKIPEDIA = re.compile(r"^([a-z-]+)(\.m)?\.wikipedia\.org$")


@cache
def _kind_rules() -> tuple[tuple[str, str], ...]:
    text = resources.files("mapgen.capture").joinpath("data/kind_hosts.txt").read_text(encoding="utf-8")
    rows = [line.split() for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return tuple((host.lower(), kind) for host, kind in rows)


def _host(url: str | None) -> str:
    return (urlsplit(url).hostname or "").lower() if url else ""


def guess_kind(url: str | None, extracted: Extracted, page: Page) -> str | None:
    """A first guess at what sort of work this is, from its host and then its site name.

    Examples
    --------
    >>> guess_kind("https://en.wikipedia.org/wiki/Donetsk", Extracted("..."), Page(b"", PageKind.HTML, "x"))
    'wiki'
    >>> guess_kind("https://zakon.rada.gov.ua/laws/show/1", Extracted("..."), Page(b"", PageKind.HTML, "x"))
    'official'
    """
    host = _host(url)
    labels = host.split(".")
    for rule, kind in _kind_rules():
        if "." in rule and any(".".join(labels[i:]) == rule for i in range(len(labels))):
            return kind
        if "." not in rule and rule in labels[:-1]:
            return kind
    site = extracted.publisher or ""
    if "encyclop" in site.lower():
        return "encyclopedia"
    if "wiki" in site.lower():
        return "wiki"
    if "blog" in host or "blog" in site.lower():
        return "blog"
    if _NEWS_WORDS.search(site):
        return "news"
    # The format's catch-all for other websites; a PDF or a text file gives nothing to go on.
    return "blog" if page.kind is PageKind.HTML else None


def _wikipedia_publisher(url: str | None) -> str | None:
    """ "Wikipedia (English)" for an article on en.wikipedia.org, as the source format names it."""
    import pycountry

    match = _WIKIPEDIA.match(_host(url))
    language = pycountry.languages.get(alpha_2=match[1]) if match and len(match[1]) == 2 else None
    return f"Wikipedia ({language.name})" if language else ("Wikipedia" if match else None)


#: Words an id made from a title should not end on ("decree-no-14-of-1993-on").
_DANGLING = frozenset("a an and at by for from in into of on or the to with".split())
#: How many words of a title an id keeps.
ID_WORDS = 6


def default_id(extracted: Extracted, page: Page) -> tuple[str, str]:
    """An id for the work, and what it was made from: its title (its first words,
    transliterated, not ending on "of" or "the"), else its address or file name; ("", "")
    if none gives one. A title that only stands in for one (a text file's first line) gives
    way to the file's own name, which its owner chose.

    Examples
    --------
    >>> default_id(Extracted("...", title="Переименования 1961 года"), Page(b"", PageKind.HTML, "x.html"))
    ('pereimenovaniya-1961-goda', 'the title')
    >>> default_id(Extracted("...", title="Stalin’s name"), Page(b"", PageKind.HTML, "x.html"))
    ('stalins-name', 'the title')
    >>> default_id(Extracted("...", title="Decree No. 14 of 1993 on the names of towns"), Page(b"", PageKind.PDF, "d.pdf"))
    ('decree-no-14-of-1993', 'the title')
    >>> default_id(Extracted("...", title="On 4 October the council…", title_guessed=True), Page(b"", PageKind.TEXT, "notes/council-minutes.txt"))
    ('council-minutes', 'the file name')
    """
    from anyascii import anyascii

    title = ("the title", extracted.title or "")
    address = ("the address", urlsplit(page.address or "").path)
    name = ("the file name", page.shown.rsplit("/", 1)[-1])
    for basis, text in (name, address, title) if extracted.title_guessed else (title, address, name):
        text = re.sub(r"\.(html?|mht(ml)?|pdf|txt)$", "", text, flags=re.I)
        # Apostrophes (Stalin’s, Kam’yanske) join their word rather than split it.
        words = [w for w in slug(anyascii(text).replace("'", "")).split("-") if w][:ID_WORDS]
        while len(words) > 1 and words[-1] in _DANGLING:
            words.pop()
        candidate = "-".join(words)[:60].strip("-")
        if candidate:
            return candidate, basis
    return "", ""


def source_record(source_id: str, extracted: Extracted, page: Page, today: date) -> dict:
    """The ``sources/<id>.json`` record for a work read today, fields in the order of :data:`FIELDS`."""
    candidates = [*extracted.addresses, *([page.address] if page.address else [])]
    originals = [a for a in dict.fromkeys(candidates) if not copy_host(a)]
    copies = [a for a in dict.fromkeys(candidates) if copy_host(a)]
    url = originals[0] if originals else None
    # A copy's author, site name and date are the copy's, not the work's: those are left for a person.
    record: dict = {"id": source_id, "title": extracted.title, "author": None if copies else extracted.author}
    record["publisher"] = _wikipedia_publisher(url) or (None if copies else extracted.publisher)
    record["url"] = url
    record["published"] = None if copies else extracted.published
    if copies:
        # The text was read in the copy, not at the work's own address.
        copy = page.address if page.address in copies else copies[0]
        record["accessed"] = None
        record["read_at"] = {"url": copy, "accessed": today.isoformat(), "note": f"a copy on {copy_host(copy)}"}
    else:
        record["accessed"] = today.isoformat()
    kind = guess_kind(url or (copies[0] if copies else None), extracted, page)
    guessed = [name for name, yes in (("kind", kind is not None), ("title", extracted.title_guessed)) if yes]
    if kind is not None:
        record["kind"] = kind
    if guessed:
        record["guessed"] = guessed
    return {name: record[name] for name in FIELDS if name in record}
