"""Telling a work's own address from a copy of it.

Readers who follow a citation should land on the work (a Wikipedia article on
wikipedia.org, an encyclopedia on its publisher's site), not on a mirror, scraper or
proxy. The hosts known to serve copies are listed in ``checks/data/copy_hosts.txt``.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from urllib.parse import urlsplit


@cache
def _rules() -> tuple[tuple[str, ...], tuple[str, ...], frozenset[str]]:
    text = resources.files("mapgen.checks").joinpath("data/copy_hosts.txt").read_text(encoding="utf-8")
    lines = [line.strip().lower() for line in text.splitlines()]
    lines = [line for line in lines if line and not line.startswith("#")]
    suffixes = tuple(line for line in lines if line.startswith("."))
    prefixes = tuple(line[:-1] for line in lines if line.endswith("*"))
    exact = frozenset(line for line in lines if not line.startswith(".") and not line.endswith("*"))
    return suffixes, prefixes, exact


def copy_host(url: str | None) -> str | None:
    """The host of ``url`` if it is known to serve copies of other works, else ``None``.

    Examples
    --------
    >>> copy_host("https://wikimili.com/en/Volgograd")
    'wikimili.com'
    >>> copy_host("https://en.m.wikipedia.org/wiki/Volgograd") is None
    True
    >>> copy_host("https://perceptiondecay.example/wiki/Stalin")
    'perceptiondecay.example'
    """
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    suffixes, prefixes, exact = _rules()
    labels = host.split(".")
    # A listed host matches itself and its subdomains (www.wikiwand.com, a.osmarks.net).
    if any(".".join(labels[i:]) in exact for i in range(len(labels))):
        return host
    if host.endswith(suffixes) or host.startswith(prefixes):
        return host
    return None
