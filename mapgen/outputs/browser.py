"""Finding and driving a real headless Chromium (for `mapgen export` and the browser tests).

mapgen uses the system's Chromium (Debian: ``apt-get install chromium``) through Playwright,
so nothing is downloaded at run time. ``MAPGEN_CHROMIUM`` points at another binary.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from mapgen.errors import ExportError

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
INSTALL_HINT = (
    "Install Chromium (Debian/Ubuntu: `sudo apt-get install chromium`; macOS: install Google Chrome) "
    "or set MAPGEN_CHROMIUM to the browser's path."
)


def find_chromium() -> str:
    """The path of a Chromium-family browser, or an :class:`ExportError` saying what to install."""
    configured = os.environ.get("MAPGEN_CHROMIUM")
    if configured:
        if Path(configured).exists():
            return configured
        raise ExportError(f"MAPGEN_CHROMIUM={configured}: no such file. {INSTALL_HINT}")
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    raise ExportError(f"No Chromium found (looked for {', '.join(CANDIDATES)}). {INSTALL_HINT}")


@contextmanager
def chromium() -> Iterator[object]:
    """A headless Chromium (a Playwright ``Browser``) that is closed on exit."""
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError as exc:
        raise ExportError("Exporting images needs Playwright: `pip install 'mapgen[export]'`.") from exc
    executable = find_chromium()
    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(
                executable_path=executable, args=["--no-sandbox", "--disable-gpu", "--hide-scrollbars"]
            )
        except Error as exc:
            raise ExportError(f"{executable}: could not start Chromium: {exc.message.splitlines()[0]}") from exc
        try:
            yield browser
        finally:
            browser.close()


def block_network(page, allowed_prefix: str = "file:") -> list[str]:
    """Abort every request that does not start with ``allowed_prefix``; return the list of
    blocked URLs (filled in as the page runs)."""
    blocked: list[str] = []

    def handle(route):
        url = route.request.url
        if url.startswith(allowed_prefix) or url.startswith("data:"):
            route.continue_()
        else:
            blocked.append(url)
            route.abort("internetdisconnected")

    page.route("**/*", handle)
    return blocked
