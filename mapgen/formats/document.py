"""What every reader returns: the one mapgen GeoJSON document the validator checks, and how
to say where a problem is in the user's own file.

The validator only knows mapgen GeoJSON, so it reports ``feature 6 (id "stalino"): year: ...``.
A reader that built that document from a spreadsheet row or an LPF line keeps a
:class:`Location` per feature, and :meth:`Document.locate` rewrites each issue to read
``places.csv: row 7, column year: ...`` instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from mapgen.errors import Issue, Severity, listed
from mapgen.formats.load import RawSource
from mapgen.model import Citation, TourStop

#: The start of a validator message that names a field: ``citations[0].quote: ...``.
_FIELD = re.compile(r"^(?P<field>[a-z_]+(?:\[\d+\])*(?:\.[a-z_]+(?:\[\d+\])*)*): (?P<rest>.*)$", re.DOTALL)
#: "is also the id of feature 0": another feature, to be named as the user's file names it.
_OTHER_FEATURE = re.compile(r"\bfeature (\d+)\b")
#: "the quotes of features 0, 2 and 5": several, named the same way ("rows 2, 4 and 7").
_OTHER_FEATURES = re.compile(r"\bfeatures (\d+(?:, \d+)*) and (\d+)\b")


@dataclass(frozen=True)
class Location:
    """Where one feature of the document came from, and how its fields are named there.

    ``where`` is how the place is named ("row 7", ``line 3 (@id "...")``); ``column`` turns a
    mapgen field path (``citations[0].quote``) into the user's own name for it
    (``column citation1_quote``), or None to keep the field as it is; ``reword`` turns the
    message about that field into the file's terms.
    """

    where: str
    index: int
    column: Callable[[str], str | None] = lambda _field: None
    #: The message about a field, with its fix said in the file's own terms (a CSV names its
    #: columns where the validator writes JSON); unchanged by default.
    reword: Callable[[str, str], str] = lambda _field, message: message


@dataclass(frozen=True)
class Document:
    """A data file read into the mapgen GeoJSON document the validator checks.

    Attributes
    ----------
    data
        The parsed (or built) mapgen GeoJSON FeatureCollection.
    locations
        Per feature of ``data``, where it is in the user's file; empty for mapgen GeoJSON,
        whose feature numbers are the user's own.
    sources
        Sources the file itself describes (Linked Places citations); files in ``sources/``
        with the same id take precedence.
    issues
        Problems the reader found itself (a cell it could not read, a place left out).
    """

    data: Any
    locations: tuple[Location, ...] = ()
    sources: dict[str, RawSource] = field(default_factory=dict)
    issues: tuple[Issue, ...] = ()

    def locate(self, issue: Issue) -> Issue:
        """``issue`` as the user's file names its place and field (unchanged for GeoJSON)."""
        if self.locations and issue.feature is None:  # a problem of the file that may name features
            return replace(issue, message=self._name_features(issue.message))
        if not self.locations or issue.feature >= len(self.locations):
            return issue
        location = self.locations[issue.feature]
        message = issue.message
        where = location.where
        match = _FIELD.match(message)
        if match:
            column = location.column(match["field"])
            if column is not None:
                where, message = f"{where}, {column}", location.reword(match["field"], match["rest"])
        message = self._name_features(message)
        return replace(issue, message=message, feature=location.index, where=where)

    def _name_features(self, message: str) -> str:
        """Every "feature 3" and "features 0, 2 and 5" of ``message`` as the user's file names them."""
        message = _OTHER_FEATURES.sub(lambda m: self._named_all([*m[1].split(", "), m[2]]), message)
        return _OTHER_FEATURE.sub(lambda m: self._named(int(m[1])), message)

    def _named_all(self, numbers: list[str]) -> str:
        """ "rows 2, 4 and 7" (or "lines ...") for features 1, 3 and 6."""
        named = [self._named(int(n)).split(" ", 1) for n in numbers]
        if len({kind for kind, _ in named}) != 1:
            return listed(" ".join(n) for n in named)
        return f"{named[0][0]}s " + listed(value for _, value in named)

    def _named(self, feature: int) -> str:
        if feature < len(self.locations):
            return self.locations[feature].where.split(" (")[0]
        return f"feature {feature}"

    def locate_all(self, issues: Iterable[Issue]) -> list[Issue]:
        """Every issue located, with the reader's own issues, in the order of the user's file."""
        located = [*self.issues, *(self.locate(i) for i in issues)]
        if not self.locations:
            return located
        return sorted(located, key=lambda i: -1 if i.feature is None else i.feature)

    @property
    def has_errors(self) -> bool:
        """Whether the reader itself found an error (the data is then refused even if it validates)."""
        return any(i.severity is Severity.ERROR for i in self.issues)


def citation_document(c: Citation) -> dict[str, str]:
    """A citation as a data file writes it: only the members it has."""
    return {k: v for k, v in (("source", c.source), ("quote", c.quote), ("url", c.url), ("locator", c.locator)) if v}


def tour_document(stops: Iterable[TourStop], ids: set[str] | None = None) -> list[str | dict[str, Any]]:
    """The tour as a data file writes it: a stop written as a plain feature id stays one.

    With ``ids``, only those places are kept (a file that leaves events out): a plain-id stop
    about another place is dropped, a chapter keeps its words without it.
    """
    written: list[str | dict[str, Any]] = []
    for stop in stops:
        places = [p for p in stop.places if ids is None or p in ids]
        if stop.shorthand:
            written.extend(places)
            continue
        record: dict[str, Any] = {"title": stop.title, "text": stop.text, "places": places or None, "year": stop.year}
        if stop.view is not None:
            zoom = stop.view.zoom
            record["view"] = {
                "center": [stop.view.lon, stop.view.lat],
                "zoom": int(zoom) if zoom.is_integer() else zoom,
            }
        record["citations"] = [citation_document(c) for c in stop.citations] or None
        record["popup"] = stop.popup if stop.popup in places else None
        written.append({k: v for k, v in record.items() if v is not None})
    return written
