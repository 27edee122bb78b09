"""mapgen's one error family.

Every problem mapgen can report is an :class:`Issue`; every failure it raises is a
:class:`MapgenError`. Validation collects *all* issues before raising, so a user fixes
their file in one pass instead of one error per run.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum


class Severity(Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Issue:
    """One problem found in the input.

    Rendered as ``path: feature 3 (id "stalino"): year: expected ..., got ...``; parts
    that do not apply (a file-level problem has no feature) are left out.

    Examples
    --------
    >>> str(Issue("data/places.geojson", "year: expected a whole year, got '19x1'", 3, "stalino"))
    'data/places.geojson: feature 3 (id "stalino"): year: expected a whole year, got \\'19x1\\''
    """

    path: str
    message: str
    feature: int | None = None
    feature_id: str | None = None
    severity: Severity = Severity.ERROR
    #: Where in the user's own file, when that is not a GeoJSON feature ("row 7, column year",
    #: "line 3 (@id ...)"); it replaces "feature N (id ...)" in the message.
    where: str | None = None

    def __str__(self) -> str:
        parts = [self.path]
        if self.where is not None:
            parts.append(self.where)
        elif self.feature is not None:
            where = f"feature {self.feature}"
            if self.feature_id:
                where += f' (id "{self.feature_id}")'
            parts.append(where)
        prefix = "warning: " if self.severity is Severity.WARNING else ""
        return ": ".join(parts) + ": " + prefix + self.message


class MapgenError(Exception):
    """Base of every error mapgen raises on purpose; the CLI turns it into exit code 1."""

    exit_code = 1

    def __init__(self, message: str, issues: Iterable[Issue] = ()):
        super().__init__(message)
        self.issues: tuple[Issue, ...] = tuple(issues)

    def report(self) -> str:
        """The full text a user sees: the summary, then one line per issue."""
        lines = [str(self)]
        lines += [f"  {issue}" for issue in self.issues]
        return "\n".join(lines)


class DataError(MapgenError):
    """The data file (or a source it cites) is invalid; ``issues`` lists every problem."""

    @classmethod
    def from_issues(cls, path: str, issues: Iterable[Issue]) -> DataError:
        """The error for ``path`` with its summary line ("3 problems found; nothing was written.")."""
        issues = tuple(issues)
        errors = [i for i in issues if i.severity is Severity.ERROR]
        noun = "problem" if len(errors) == 1 else "problems"
        return cls(f"{path}: {len(errors)} {noun} found; nothing was written.", issues)


class ExportError(MapgenError):
    """The map could not be turned into an image (for example, no Chromium found)."""


class AssetError(MapgenError):
    """A third-party front-end file that mapgen inlines is not installed."""
