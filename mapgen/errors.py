"""mapgen's one error family.

Every problem mapgen can report is an :class:`Issue`; every failure it raises is a
:class:`MapgenError`. Validation collects *all* issues before raising, so a user fixes
their file in one pass instead of one error per run.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mapgen.model import Place


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


def misspelling_of(word: str, known: Iterable[str]) -> str | None:
    """The known name ``word`` is one small edit from (a typo), or None.

    A small edit is a letter changed, added, dropped or two swapped (one for short names, two
    for names of eight letters or more), or a change of case only. Anything farther is a name
    of its own, not a typo: a typo of a field mapgen reads is an error (its value would be
    lost), where a merely similar name gets only the hint of :func:`nearest`.

    Examples
    --------
    >>> misspelling_of("citation1_qoute", ["citation1_source", "citation1_quote"])
    'citation1_quote'
    >>> misspelling_of("colour", ["country_now", "kind"]) is None
    True
    """
    from rapidfuzz.distance import OSA  # only when a name is unknown

    lowered = word.lower()
    allowed = 2 if len(word) >= 8 else 1
    best = min(((OSA.distance(lowered, k.lower()), k) for k in known if k != word), default=None)
    return best[1] if best is not None and best[0] <= allowed else None


def listed(words: Iterable[str]) -> str:
    """Words as a sentence lists them: "a", "a and b", "a, b and c".

    Examples
    --------
    >>> listed(["2"]), listed(["2", "3"]), listed(["title", "caption", "tour"])
    ('2', '2 and 3', 'title, caption and tour')
    """
    words = list(words)
    return ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else "".join(words)


def did_you_mean(meant: str | None, quoted: bool = True) -> str:
    """The one wording of a suggestion: ``'; did you mean "year"?'``, or "" when there is none.

    ``quoted=False`` names a spreadsheet column as the spreadsheet shows it
    (``; did you mean citation1_quote?``).

    Examples
    --------
    >>> "unknown property" + did_you_mean("year")
    'unknown property; did you mean "year"?'
    >>> "unknown column" + did_you_mean("citation1_quote", quoted=False)
    'unknown column; did you mean citation1_quote?'
    >>> did_you_mean(None)
    ''
    """
    if meant is None:
        return ""
    return f'; did you mean "{meant}"?' if quoted else f"; did you mean {meant}?"


def nearest(word: str, choices: Iterable[str]) -> str:
    """'; did you mean "quote"?' for a word close to one of ``choices`` (a looser likeness than
    :func:`misspelling_of`: a hint, not a verdict), else "".

    Examples
    --------
    >>> nearest("de-stalinisation", ["de-stalinization", "gazette-1961"])
    '; did you mean "de-stalinization"?'
    >>> nearest("colour", ["id", "year"])
    ''
    """
    import difflib

    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return did_you_mean(match[0] if match else None)


class MapgenError(Exception):
    """Base of every error mapgen raises on purpose; the CLI turns it into exit code 1."""

    exit_code = 1

    def __init__(self, message: str, issues: Iterable[Issue] = ()):
        super().__init__(message)
        self.issues: tuple[Issue, ...] = tuple(issues)

    def report(self, writes: bool = True) -> str:
        """The full text a user sees: the summary, then one line per issue.

        ``writes`` says whether the command would have written a file (and did not).
        """
        lines = [str(self)]
        lines += [f"  {issue}" for issue in self.issues]
        return "\n".join(lines)


class DataError(MapgenError):
    """The data file (or a source it cites) is invalid; ``issues`` lists every problem.

    ``str(error)`` is the summary and every problem, one a line (what a notebook shows);
    ``error.issues`` the same as :class:`Issue` objects, errors and warnings alike.

    Examples
    --------
    >>> error = DataError.from_issues("places.csv", [Issue("places.csv", "no places", where="row 1")])
    >>> print(error)
    places.csv: 1 problem found.
      places.csv: row 1: no places
    """

    def __init__(self, message: str, issues: Iterable[Issue] = (), path: str | None = None, valid: tuple = ()):
        super().__init__(message, issues)
        self.path = path
        #: (feature number, place) for each feature that had no problem, for the checks that
        #: run on valid places (the gazetteer), so their warnings are seen with the errors.
        self.valid: tuple[tuple[int, Place], ...] = valid

    @classmethod
    def from_issues(cls, path: str, issues: Iterable[Issue], valid: tuple = ()) -> DataError:
        """The error for ``path``, with every issue (errors, and the warnings found with them)."""
        issues = tuple(issues)
        return cls(_summary(path, issues, writes=False), issues, path, valid)

    def __str__(self) -> str:
        return self.report(writes=False)

    def report(self, writes: bool = True) -> str:
        """The summary ("3 problems found; nothing was written." for a command that writes), then each issue."""
        summary = _summary(self.path, self.issues, writes) if self.path is not None else self.args[0]
        return "\n".join([summary] + [f"  {issue}" for issue in self.issues])


def _summary(path: str, issues: tuple[Issue, ...], writes: bool) -> str:
    """ "places.csv: 2 problems found (and 1 warning); nothing was written." """
    errors = sum(1 for i in issues if i.severity is Severity.ERROR)
    warnings = len(issues) - errors
    text = f"{path}: {errors} problem{'' if errors == 1 else 's'} found"
    if warnings:
        text += f" (and {warnings} warning{'' if warnings == 1 else 's'})"
    return text + ("; nothing was written." if writes else ".")


class DataWarning(UserWarning):
    """A warning about valid data (a far coordinate, an unknown column), issued by :func:`mapgen.load`.

    Python shows each once, as notebooks show warnings; ``warnings.simplefilter("error",
    DataWarning)`` turns them into exceptions, ``"ignore"`` silences them. The same issues are
    on ``dataset.warnings``.
    """


class ExportError(MapgenError):
    """The map could not be turned into an image (for example, no Chromium found)."""


class AssetError(MapgenError):
    """A third-party front-end file that mapgen inlines is not installed."""
