"""`mapgen export -o deck.pptx`: what a PowerPoint deck of the map says, slide by slide.

The deck is planned here from the data alone (which slides, their titles, their text, the
speaker notes that quote the sources, and the moment of the map each slide shows). The plan
knows nothing of files: :mod:`mapgen.outputs.deck_file` captures every moment in headless
Chromium and has :mod:`mapgen.outputs.powerpoint` write the .pptx.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections import Counter
from dataclasses import dataclass

from mapgen.checks.copies import copy_host
from mapgen.model import Category, Citation, Dataset, Place, lead_citation
from mapgen.options import DeckBy, RenderOptions
from mapgen.outputs.export import ExportOptions
from mapgen.tour import headline, time_order, tour_stops

#: The CSS size every slide image is laid out at; ``--scale`` sets its sharpness.
SLIDE_VIEWPORT = (1280, 720)

#: How close a place's slide zooms in (--by place); the popup may zoom further to separate it.
PLACE_ZOOM = 6
#: The closest a year's slide zooms in, for a year with one place or places close together.
YEAR_ZOOM = 6

#: What separates one place's notes from the next on a year's slide.
NOTES_BETWEEN_PLACES = "\n\n\n"

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(frozen=True)
class DeckOptions:
    """How the deck is cut (``by``) and how sharp its images are (``scale`` image pixels per
    CSS pixel of the 1280×720 layout: 1.5 gives 1920×1080 pictures)."""

    by: DeckBy = DeckBy.YEAR
    scale: float = 1.5
    timeout_s: float = 20.0

    @property
    def image(self) -> ExportOptions:
        """The size of every slide picture, in the terms `mapgen export` uses for one image."""
        width, height = SLIDE_VIEWPORT
        return ExportOptions(
            width=round(width * self.scale),
            height=round(height * self.scale),
            scale=self.scale,
            timeout_s=self.timeout_s,
        )


@dataclass(frozen=True)
class DeckResult:
    """What `mapgen export` wrote for a deck: how many slides, how many bytes."""

    slides: int
    bytes: int


@dataclass(frozen=True)
class MapMoment:
    """What the map shows on a slide: the slider at ``year``, and with ``place`` that place's
    popup open, zoomed to it; with ``stop``, that stop of the page's own tour (1 is the first)."""

    year: int | None
    place: str | None = None
    stop: int | None = None


@dataclass(frozen=True)
class Slide:
    """One slide: its title, its body (one paragraph per line), its speaker notes, and the
    moment of the map it shows (``None``: a slide without a map).

    ``line_notes``, when given, are the notes of each line (one per line): a slide whose
    lines do not fit is continued on the next, each part with its own lines' notes.
    """

    title: str
    lines: tuple[str, ...]
    notes: str
    moment: MapMoment | None = None
    subtitle: str | None = None
    bullets: bool = True
    line_notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Deck:
    """The whole deck: the title slide, the content slides, the closing credits, and the
    moment it is dated (fixed by the data, so the same data gives the same file)."""

    title: Slide
    slides: tuple[Slide, ...]
    credits: Slide
    dated: _dt.datetime
    subject: str = ""

    @property
    def all(self) -> tuple[Slide, ...]:
        return (self.title, *self.slides, self.credits)


# -- the order of its places ------------------------------------------------------------


def _in_order(dataset: Dataset) -> list[Place]:
    """The places in time order (:func:`mapgen.tour.time_order`), events where they fall."""
    by_id = {p.id: p for p in dataset.places}
    return [by_id[i] for i in time_order(dataset)]


# -- words ----------------------------------------------------------------------------------


def format_date(date: str) -> str:
    """ "1961-11-10" as "10 November 1961" ("1961-11" as "November 1961"), as the popups write it.

    >>> format_date("1961-11-10"), format_date("1961-11"), format_date("1961")
    ('10 November 1961', 'November 1961', '1961')
    """
    parts = date.split("-")
    if len(parts) < 2 or not parts[1].isdigit() or not 1 <= int(parts[1]) <= 12:
        return date
    day = f"{int(parts[2])} " if len(parts) > 2 and parts[2].isdigit() else ""
    return f"{day}{MONTHS[int(parts[1]) - 1]} {parts[0]}"


def short_country(country: str | None) -> str | None:
    """The state a country line names, without the detail in brackets ("Soviet Union (Russian
    SFSR)" is "Soviet Union" on a slide; the notes keep the whole line).

    >>> short_country("Soviet Union (Georgian SSR, South Ossetian Autonomous Oblast)")
    'Soviet Union'
    """
    if not country:
        return None
    return re.sub(r"\s*\(.*\)\s*$", "", country).strip() or country


def slide_line(place: Place) -> str:
    """One place as a line of a year's slide: "Stalingrad → Volgograd (Soviet Union)"."""
    if place.category is Category.EVENT:
        return f"Event: {headline(place)}"
    country = short_country(place.country_then)
    return f"{headline(place)} ({country})" if country else headline(place)


def when(place: Place) -> str:
    return format_date(place.date) if place.date else str(place.year)


def citation_url(citation: Citation, dataset: Dataset) -> str | None:
    """The address a citation links: its own deep link unless that is a copy, else the work's.
    A copy the text was read in (``read_at``) is never given."""
    if citation.url and not copy_host(citation.url):
        return citation.url
    source = dataset.sources.get(citation.source)
    return source.url if source else None


def citation_text(citation: Citation, dataset: Dataset, with_url: bool = True) -> str:
    """A citation as the speaker reads it: the quote verbatim, then the work it is from.

    “In 1961, Alphaville was renamed Betatown.”
    — A test article about renamings (Test Author, mapgen tests). https://example.org/test-article
    """
    source = dataset.sources.get(citation.source)
    work = source.title if source else citation.source
    by = ", ".join(x for x in (source.author, source.publisher) if x) if source else ""
    line = work + (f" ({by})" if by else "")
    if citation.locator:
        line += f", {citation.locator}"
    url = citation_url(citation, dataset) if with_url else None
    if url:
        line += f". {url}"
    if citation.quote:
        return f"“{citation.quote}”\n— {line}"
    return f"Source: {line}"


def place_notes(place: Place, dataset: Dataset) -> str:
    """What the speaker notes say about one place: the renaming in full, then every citation."""
    facts = [headline(place)]
    where = place.place if place.category is Category.EVENT else place.country_then
    facts.append(", ".join(x for x in (where, when(place)) if x))
    if place.named_after:
        facts.append(f"Named after {place.named_after}.")
    head = " — ".join(facts[:2]) + ("\n" + facts[2] if len(facts) > 2 else "")
    cites = [citation_text(c, dataset) for c in place.citations]
    return "\n\n".join([head, *cites])


# -- the plan -------------------------------------------------------------------------------


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def change_years(dataset: Dataset) -> tuple[int, ...]:
    """The years in which names changed (or an event fell): one slide each with ``--by year``."""
    return tuple(sorted({p.year for p in dataset.places}))


def _dated(dataset: Dataset) -> _dt.datetime:
    """The latest day the data records reading a source (else 1 January 2000): the deck's date,
    so the same data gives the same bytes."""
    days = []
    for source in dataset.sources.values():
        for value in (source.accessed, source.read_at.accessed if source.read_at else None):
            try:
                days.append(_dt.date.fromisoformat(value or ""))
            except ValueError:
                continue
    day = max(days, default=_dt.date(2000, 1, 1))
    return _dt.datetime(day.year, day.month, day.day)


def title_slide(dataset: Dataset, render: RenderOptions) -> Slide:
    """The data's title and caption, how many places, and the years."""
    title = render.title or dataset.display_title
    caption = render.caption if render.caption is not None else (dataset.caption or "")
    years = change_years(dataset)
    counts = _count(len(dataset.renamings), "renamed place")
    if dataset.events:
        counts += f" and {_count(len(dataset.events), 'event')}"
    if len(years) <= 12:
        span = ", ".join(str(y) for y in years)
    else:
        span = f"{len(years)} years from {years[0]} to {years[-1]}"
    facts = f"{counts} · {span}" if years else counts
    subtitle = f"{caption}\n{facts}" if caption else facts
    notes = f"{title}. {facts}. Each slide's notes quote the sources verbatim, with their citations."
    return Slide(title=title, lines=(), notes=notes, subtitle=subtitle)


def year_slides(dataset: Dataset) -> tuple[Slide, ...]:
    """One slide per year in which names changed: the year's renamings, then its events."""
    places = _in_order(dataset)
    slides = []
    for year in change_years(dataset):
        of_year = [p for p in places if p.year == year]
        ordered = [p for p in of_year if p.category is Category.RENAMING] + [
            p for p in of_year if p.category is Category.EVENT
        ]
        line_notes = tuple(place_notes(p, dataset) for p in ordered)
        slides.append(
            Slide(
                title=str(year),
                lines=tuple(slide_line(p) for p in ordered),
                notes=NOTES_BETWEEN_PLACES.join(line_notes),
                moment=MapMoment(year),
                line_notes=line_notes,
            )
        )
    return tuple(slides)


def place_slides(dataset: Dataset) -> tuple[Slide, ...]:
    """One slide per place: the renaming, where and when, and the quote its popup leads with."""
    slides = []
    for place in _in_order(dataset):
        where = place.place if place.category is Category.EVENT else place.country_then
        lines = [", ".join(x for x in (where, when(place)) if x)]
        if place.named_after:
            lines.append(f"Named after {place.named_after}")
        quoted = lead_citation(place, dataset.sources)
        if quoted is not None:
            # The address is in the notes: on the slide it would only wrap across lines.
            lines.extend(citation_text(quoted, dataset, with_url=False).split("\n"))
        slides.append(
            Slide(
                title=f"{place.year}: {headline(place)}",
                lines=tuple(lines),
                notes=place_notes(place, dataset),
                moment=MapMoment(place.year, place.id),
                bullets=False,
            )
        )
    return tuple(slides)


def tour_slides(dataset: Dataset) -> tuple[Slide, ...]:
    """One slide per stop of the tour (:func:`mapgen.tour.tour_stops`, the page's own stops):
    its title, its words (or, for a stop without words, its places), the map at that stop, and
    notes that quote the stop's sources verbatim, then each of its places' own."""
    by_id = {p.id: p for p in dataset.places}
    slides = []
    for k, stop in enumerate(tour_stops(dataset), 1):
        places = [by_id[i] for i in stop.places if i in by_id]
        lines = tuple(p for p in (stop.text or "").split("\n") if p.strip()) or tuple(slide_line(p) for p in places)
        notes = [stop.text] if stop.text else []
        notes += [citation_text(c, dataset) for c in stop.citations]
        told = "\n\n".join(notes)
        about = NOTES_BETWEEN_PLACES.join(place_notes(p, dataset) for p in places)
        slides.append(
            Slide(
                title=stop.title or f"Stop {k}",
                lines=lines,
                notes=NOTES_BETWEEN_PLACES.join(x for x in (told, about) if x),
                moment=MapMoment(stop.year, stop=k),
                bullets=not stop.text,
            )
        )
    return tuple(slides)


def credits_slide(dataset: Dataset, attribution: str, libraries: list[dict[str, str]]) -> Slide:
    """Who made what the deck shows: the data's sources, the basemap and tiles (as the page
    credits them), and the software that drew the map."""
    sources = sorted(dataset.sources.values(), key=lambda s: s.id)
    # The publishers the places cite most, named first.
    cited = Counter(
        dataset.sources[c.source].publisher
        for c in [c for p in dataset.places for c in p.citations] + [c for s in dataset.tour for c in s.citations]
        if c.source in dataset.sources and dataset.sources[c.source].publisher
    )
    publishers = sorted(cited, key=lambda name: (-cited[name], name))
    data_line = f"Map data: {_count(len(sources), 'source')}, quoted in each slide's notes"
    if publishers:
        shown = ", ".join(publishers[:6]) + (f" and {len(publishers) - 6} more" if len(publishers) > 6 else "")
        data_line += f" (most cited: {shown})"
    lines = [data_line]
    if attribution:
        lines.append(f"Basemap and tiles: {attribution}")
    software = ", ".join(f"{lib['name']} {lib['version']} ({lib['license']})" for lib in libraries)
    lines.append(f"Made with mapgen. Includes {software}.")
    notes = ["Sources:"]
    for source in sources:
        by = ", ".join(x for x in (source.author, source.publisher) if x)
        entry = source.title + (f" ({by})" if by else "")
        if source.url:
            entry += f". {source.url}"
        notes.append(f"- {entry}")
    notes.append("")
    notes.extend(lib["credit"] for lib in libraries)
    return Slide(title="Credits", lines=tuple(lines), notes="\n".join(notes))


def plan_deck(dataset: Dataset, render: RenderOptions, by: DeckBy, attribution: str = "") -> Deck:
    """Every slide of the deck, from the data alone (the pictures are made afterwards).

    ``attribution`` is the basemap and tiles credit the page shows (read from the page).
    """
    from mapgen.page.assets import credits

    slides = {DeckBy.YEAR: year_slides, DeckBy.PLACE: place_slides, DeckBy.TOUR: tour_slides}[by](dataset)
    title = title_slide(dataset, render)
    return Deck(
        title=title,
        slides=slides,
        credits=credits_slide(dataset, attribution, credits()),
        dated=_dated(dataset),
        subject=title.subtitle or "",
    )
