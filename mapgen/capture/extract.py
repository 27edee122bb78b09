"""A work's text (the article, not its menus, adverts or footer) and its own metadata.

Web pages go through trafilatura, made for exactly this: it keeps the main text and reads
the title, author, site name and date from the page's markup. PDFs go through pypdf (text
and the document's Title and Author). Text files are taken as they are. Nothing is
normalised: the text is stored as extracted, curly quotes and all.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass, replace
from urllib.parse import urljoin

from mapgen.capture.fetch import Page, PageKind
from mapgen.errors import MapgenError

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@dataclass(frozen=True)
class Extracted:
    """What a work says about itself.

    Attributes
    ----------
    text
        The work's text, as extracted.
    title, author, publisher, published
        From the work's own metadata, where it gives them (``published`` as ``YYYY-MM-DD``).
    addresses
        The addresses the page gives for itself: its canonical link, then its ``og:url``.
    title_guessed
        The work names no title, so its first line stands in for one.
    """

    text: str
    title: str | None = None
    author: str | None = None
    publisher: str | None = None
    published: str | None = None
    addresses: tuple[str, ...] = ()
    title_guessed: bool = False


def extract(page: Page) -> Extracted:
    """The text and metadata of ``page``.

    Raises
    ------
    MapgenError
        When the file cannot be read as what it is (a broken or locked PDF), or no text comes out.
    """
    if page.kind is PageKind.HTML:
        found = _from_html(page)
    elif page.kind is PageKind.PDF:
        found = _from_pdf(page)
    else:
        found = Extracted(page.data.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n"))
    if not found.text.strip():
        raise MapgenError(
            f"{page.shown}: no text could be extracted from this {page.kind.value} "
            "(a page that loads its text with a script, or a PDF of scanned images, has none to give); "
            "copy the work's text into a UTF-8 .txt file and pass that."
        )
    if found.title is None:
        first = next(line.strip() for line in found.text.splitlines() if line.strip())
        found = replace(found, title=title_from_line(first), title_guessed=True)
    return found


#: A first line longer than this is a paragraph, not a heading: only its start stands in for a title.
TITLE_CHARACTERS = 100


def title_from_line(line: str) -> str:
    """A stand-in title from a work's first line: the line itself when it is short enough to be
    a heading, else its first sentence, else its first words (whole words, ending in "…").

    Examples
    --------
    >>> title_from_line("Minutes of the council, 4 October 1991")
    'Minutes of the council, 4 October 1991'
    >>> title_from_line("The council met on 4 October 1991. " + "It resolved many things at length. " * 5)
    'The council met on 4 October 1991.'
    >>> title_from_line("On 4 October 1991 the council resolved that Comrade Vetrov Street shall be known as Anna Lind Street, "
    ...                 "and Red Guards Lane as Ropewalk Lane")
    'On 4 October 1991 the council resolved that Comrade Vetrov Street shall be known as…'
    """
    line = " ".join(line.split())
    if len(line) <= TITLE_CHARACTERS:
        return line
    sentence = re.match(r"^(.+?[.!?])(?=\s)", line)
    if sentence and len(sentence[1]) <= TITLE_CHARACTERS:
        return sentence[1]
    cut = line[: TITLE_CHARACTERS - 15].rsplit(" ", 1)[0]
    return cut.rstrip(",;:–—-") + "…"


def _clean(value: str | None) -> str | None:
    value = " ".join(value.split()) if isinstance(value, str) else None
    return value or None


def _from_html(page: Page) -> Extracted:
    import trafilatura

    document = trafilatura.bare_extraction(
        page.data,
        url=page.address,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        # Rather leave out a doubtful line than keep a menu: a missing sentence shows up when a
        # quote is not found, a menu in the text is never noticed.
        favor_precision=True,
        # Only dates the page's markup states; never one guessed from its words or links.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if document is None:
        return Extracted("")
    published = document.date if isinstance(document.date, str) and _DATE.match(document.date) else None
    return Extracted(
        text=document.text or "",
        title=_clean(document.title),
        author=_clean(document.author),
        publisher=_clean(document.sitename),
        published=published,
        addresses=_own_addresses(page),
    )


def _own_addresses(page: Page) -> tuple[str, ...]:
    """The page's canonical link and its og:url (absolute, http(s) only), in that order."""
    import lxml.html

    try:
        tree = lxml.html.fromstring(page.data)
    except (ValueError, lxml.etree.ParserError):
        return ()
    found = tree.xpath("//link[contains(concat(' ', normalize-space(@rel), ' '), ' canonical ')]/@href")
    found += tree.xpath("//meta[@property='og:url']/@content")
    addresses = []
    for raw in found:
        address = urljoin(page.address or "", raw.strip())
        if re.match(r"^https?://\S+$", address) and address not in addresses:
            addresses.append(address)
    return tuple(addresses)


def _from_pdf(page: Page) -> Extracted:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    # pypdf logs what it repairs ("EOF marker not found"); a PDF it cannot read gets mapgen's own message.
    logging.getLogger("pypdf").setLevel(logging.ERROR)

    try:
        reader = PdfReader(io.BytesIO(page.data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise MapgenError(f"{page.shown}: the PDF is locked with a password; save an unlocked copy and pass that.")
        text = "\n\n".join(p.extract_text() or "" for p in reader.pages)
        info = reader.metadata
    except PdfReadError as exc:
        raise MapgenError(
            f"{page.shown}: cannot be read as a PDF ({exc}); download it again, or pass its text."
        ) from None
    return Extracted(
        text=text,
        title=_clean(info.title) if info else None,
        author=_clean(info.author) if info else None,
    )
