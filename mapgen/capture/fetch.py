"""A work's bytes, from a saved file or from its address, and what kind of file they are."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from mapgen import __version__
from mapgen.errors import MapgenError

#: Larger pages and PDFs are refused before they are read.
MAX_BYTES = 64 * 1024 * 1024
#: How long to wait for a server before saying it cannot be reached.
TIMEOUT_S = 20

_ADDRESS = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)

SAVE_IT = (
    "save the page in your browser (File > Save Page As..., as HTML) or download the PDF, "
    "and pass the file: mapgen source add page.html"
)


class PageKind(Enum):
    """The kinds of file a source can be captured from."""

    HTML = "web page"
    PDF = "PDF"
    TEXT = "text file"


@dataclass(frozen=True)
class Page:
    """A work as read: its bytes, their kind, how the user named it, and the address it came from.

    ``address`` is the address the bytes were fetched from (after redirects), or ``None`` for a
    saved file, whose own address, if any, is in its metadata.
    """

    data: bytes
    kind: PageKind
    shown: str
    address: str | None = None


def read_page(where: str) -> Page:
    """Read ``where``: an ``http(s)://`` address, or the path of a saved page, PDF or text file.

    Raises
    ------
    MapgenError
        When the file is missing, too large, or neither HTML, PDF nor UTF-8 text; when the
        address cannot be reached (offline) or the server refuses it.
    """
    if _ADDRESS.match(where):
        if not where.lower().startswith(("http://", "https://")):
            raise MapgenError(f"{where}: mapgen fetches only http:// and https:// addresses; {SAVE_IT}.")
        return _fetch(where)
    path = Path(where)
    if not path.exists():
        raise MapgenError(
            f"{where}: file not found; pass a saved web page (.html), a PDF or a text file, or an http(s) address."
        )
    if path.is_dir():
        raise MapgenError(f"{where}: is a folder; pass the saved page, PDF or text file inside it.")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise MapgenError(f"{where}: file is {size:,} bytes; mapgen reads pages of at most {MAX_BYTES:,} bytes.")
        data = path.read_bytes()
    except OSError as exc:
        raise MapgenError(f"{where}: cannot be read: {exc.strerror}.") from exc
    if _is_mhtml(data):
        return _from_mhtml(data, where)
    return Page(data, _kind_of(data, where), where)


def _is_mhtml(data: bytes) -> bool:
    """Whether ``data`` is a page saved as one file (MHTML: "Webpage, Single File" in Chrome and Edge)."""
    head = data[:2048].lower()
    return b"mime-version:" in head and b"multipart/related" in head


def _from_mhtml(data: bytes, shown: str) -> Page:
    """The HTML part of an MHTML file, with the address the page was saved from."""
    import email
    from email import policy

    message = email.message_from_bytes(data, policy=policy.default)
    part = next((p for p in message.walk() if p.get_content_type() == "text/html"), None)
    if part is None:
        raise MapgenError(f"{shown}: a page saved as one file (MHTML) with no web page inside; save the page again.")
    html = part.get_content()
    address = message.get("Snapshot-Content-Location") or part.get("Content-Location")
    address = address if isinstance(address, str) and re.match(r"^https?://\S+$", address) else None
    return Page(html.encode("utf-8"), PageKind.HTML, shown, address)


def _fetch(url: str) -> Page:
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, headers={"User-Agent": f"mapgen/{__version__} (source add)"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
            data = response.read(MAX_BYTES + 1)
            address = response.geturl()
            content_type = response.headers.get_content_type()
    except urllib.error.HTTPError as exc:
        raise MapgenError(
            f"{url}: the server answered {exc.code} {exc.reason}; check the address, or {SAVE_IT}."
        ) from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        said = getattr(reason, "strerror", None) or str(reason) or type(reason).__name__
        raise MapgenError(f"{url}: cannot be reached ({said}); mapgen may be offline: {SAVE_IT}.") from None
    if len(data) > MAX_BYTES:
        raise MapgenError(f"{url}: the page is larger than {MAX_BYTES:,} bytes; mapgen does not read it.")
    kind = {"application/pdf": PageKind.PDF, "text/plain": PageKind.TEXT}.get(content_type)
    if content_type in ("text/html", "application/xhtml+xml"):
        kind = PageKind.HTML
    return Page(data, kind or _kind_of(data, url), url, address)


def _kind_of(data: bytes, shown: str) -> PageKind:
    """What the bytes are, from their content (a file's extension can be wrong)."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"%pdf-"):
        return PageKind.PDF
    if b"\x00" in data[:8192]:
        raise MapgenError(
            f"{shown}: is neither a web page (HTML), a PDF nor a text file (it holds binary data); "
            "save the work as a web page, a PDF or plain text (UTF-8)."
        )
    if head.startswith((b"<!doctype html", b"<html", b"<?xml")) or re.search(rb"<(html|head|body)[\s>]", head):
        return PageKind.HTML
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise MapgenError(
            f"{shown}: line {line}: byte 0x{data[exc.start]:02x} is not UTF-8; save the text as UTF-8, "
            "or pass the web page or PDF itself."
        ) from None
    return PageKind.TEXT
