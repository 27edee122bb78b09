"""Dates as people and spreadsheets write them (19.05.2016, May 2016, 19/05/2016), read as
the YYYY-MM-DD (or YYYY-MM) that mapgen's data holds, to show a user the form it expects."""

from __future__ import annotations

import datetime
import re

#: English month names and their usual abbreviations, for dates written out ("May 2016").
_MONTHS = {
    name: number
    for number, full in enumerate(
        "january february march april may june july august september october november december".split(), start=1
    )
    for name in (full, full[:3], full[:4])
}
#: Day, month and year as spreadsheets and people write them: 19.05.2016, 19/05/2016, 2016/05/19,
#: 19 May 2016, May 19, 2016, May 2016.
_DATE_FORMS = (
    (re.compile(r"^(?P<d>\d{1,2})\.\s?(?P<m>\d{1,2})\.\s?(?P<y>\d{4})$"), "dmy"),
    (re.compile(r"^(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4})$"), "either"),
    (re.compile(r"^(?P<y>\d{4})[./-](?P<m>\d{1,2})(?:[./-](?P<d>\d{1,2}))?$"), "ymd"),
    (re.compile(r"^(?P<d>\d{1,2})\.?\s+(?P<mon>[A-Za-z]+)\.?,?\s+(?P<y>\d{4})$"), "named"),
    (re.compile(r"^(?P<mon>[A-Za-z]+)\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})$"), "named"),
    (re.compile(r"^(?P<mon>[A-Za-z]+)\.?,?\s+(?P<y>\d{4})$"), "named"),
)


def iso_date(text: str) -> str | None:
    """``text``, a date written another way, as YYYY-MM-DD (or YYYY-MM); None when it is not
    one, or could be two (05/03/1992: 5 March or 3 May?).

    Examples
    --------
    >>> [iso_date(t) for t in ("19.05.2016", "May 2016", "19 May 2016", "May 19, 2016", "2016/5/19")]
    ['2016-05-19', '2016-05', '2016-05-19', '2016-05-19', '2016-05-19']
    >>> iso_date("19/05/2016"), iso_date("05/19/2016"), iso_date("05/03/1992"), iso_date("31.02.2016")
    ('2016-05-19', '2016-05-19', None, None)
    """
    text = " ".join(text.split())
    for pattern, order in _DATE_FORMS:
        match = pattern.match(text)
        if match is None:
            continue
        parts = match.groupdict()
        year = int(parts["y"])
        if order == "either":
            a, b = int(parts["a"]), int(parts["b"])
            if (a > 12) == (b > 12):
                return None  # both could be the month, or neither can
            day, month = (a, b) if a > 12 else (b, a)
        elif order == "named":
            month = _MONTHS.get(parts["mon"].lower())
            if month is None:
                return None
            day = int(parts["d"]) if parts.get("d") else None
        else:
            month, day = int(parts["m"]), int(parts["d"]) if parts.get("d") else None
        try:
            datetime.date(year, month, day or 1)
        except ValueError:
            return None
        return f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else "")
    return None


def two_dates(text: str) -> tuple[str, str] | None:
    """Both readings of a date such as 05/03/1961 (day first, or month first), when both are dates.

    Examples
    --------
    >>> two_dates("05/03/1961"), two_dates("19/05/2016")
    (('1961-03-05', '1961-05-03'), None)
    """
    match = _DATE_FORMS[1][0].match(text.strip())
    if match is None:
        return None
    a, b, year = int(match["a"]), int(match["b"]), int(match["y"])
    if a == b or a > 12 or b > 12 or not (a and b):
        return None
    return f"{year:04d}-{b:02d}-{a:02d}", f"{year:04d}-{a:02d}-{b:02d}"
