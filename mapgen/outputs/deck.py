"""`mapgen export -o deck.pptx`: what a PowerPoint deck of the map says, slide by slide.

The deck is planned here from the data alone (which slides, their titles, their text, the
speaker notes that quote the sources, and the moment of the map each slide shows); one
headless Chromium then captures every moment from one loaded page, and
:mod:`mapgen.outputs.powerpoint` writes the file. Nothing in the plan knows about python-pptx.
"""

from __future__ import annotations

import datetime as _dt
import re
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from mapgen.checks.copies import copy_host
from mapgen.errors import ExportError
from mapgen.model import Category, Citation, Dataset, Place
from mapgen.options import DeckBy, RenderOptions
from mapgen.outputs.export import ExportOptions
from mapgen.tour import tour_stops

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
    popup open, zoomed to it."""

    year: int
    place: str | None = None


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


# -- the order of a tour --------------------------------------------------------------


def deck_tour_order(dataset: Dataset) -> tuple[str, ...]:
    """Place ids in the order a deck visits them: the page's guided tour order
    (:func:`mapgen.tour.tour_stops`), so the deck's slides and the map's tour stops agree.

    That is the data file's own ``tour`` list when it has one; otherwise by year, then by date
    within the year, then in file order, events included where they fall, a place with only a
    year after the dated places of that year (its day is unknown, not first).

    Examples
    --------
    >>> from mapgen.model import Place
    >>> late = Place("late", 0, 0, 1961, (), date="1961-11-30")
    >>> early = Place("early", 0, 0, 1961, (), date="1961-10-31")
    >>> undated = Place("undated", 0, 0, 1961, ())
    >>> first = Place("first", 0, 0, 1956, ())
    >>> deck_tour_order(Dataset("x", (undated, late, early, first)))
    ('first', 'early', 'late', 'undated')
    """
    return tour_stops(dataset)


def _in_order(dataset: Dataset) -> list[Place]:
    by_id = {p.id: p for p in dataset.places}
    return [by_id[i] for i in deck_tour_order(dataset)]


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


def headline(place: Place) -> str:
    """ "Stalingrad → Volgograd", or an event's title."""
    if place.category is Category.EVENT:
        return place.title or place.id
    return f"{place.old_name} → {place.new_name}"


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
    """One slide per stop of the tour: the renaming, where and when, and its first quote."""
    slides = []
    for place in _in_order(dataset):
        where = place.place if place.category is Category.EVENT else place.country_then
        lines = [", ".join(x for x in (where, when(place)) if x)]
        if place.named_after:
            lines.append(f"Named after {place.named_after}")
        quoted = next((c for c in place.citations if c.quote), None)
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


def credits_slide(dataset: Dataset, attribution: str, libraries: list[dict[str, str]]) -> Slide:
    """Who made what the deck shows: the data's sources, the basemap and tiles (as the page
    credits them), and the software that drew the map."""
    sources = sorted(dataset.sources.values(), key=lambda s: s.id)
    # The publishers the places cite most, named first.
    cited = Counter(
        dataset.sources[c.source].publisher
        for p in dataset.places
        for c in p.citations
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

    slides = year_slides(dataset) if by is DeckBy.YEAR else place_slides(dataset)
    title = title_slide(dataset, render)
    return Deck(
        title=title,
        slides=slides,
        credits=credits_slide(dataset, attribution, credits()),
        dated=_dated(dataset),
        subject=title.subtitle or "",
    )


# -- making it --------------------------------------------------------------------------------

# Resolves once the map has not moved for a moment: flying to a place and the popup's pan
# are animated, and the picture must show where they end.
_STILL = """() => new Promise(resolve => {
  const map = mapgen.api.map;
  let timer = null;
  const arm = () => { clearTimeout(timer); timer = setTimeout(done, 350); };
  const done = () => { map.off("move zoom moveend zoomend", arm); resolve(); };
  map.on("move zoom moveend zoomend", arm);
  arm();
})"""


# Frames the places of a year in the room the title, the slider and the legend leave (a far
# outlier in another year must not shrink this year's places to a corner).
_FRAME = """([year, maxZoom]) => {
  const map = mapgen.api.map, box = map.getContainer().getBoundingClientRect();
  const places = mapgen.api.data.places.filter(p => p.year === year);
  const rect = s => { const e = document.querySelector(s); return e ? e.getBoundingClientRect() : null; };
  const title = rect(".mapgen-title"), low = rect(".leaflet-bottom.leaflet-left"), side = rect(".leaflet-top.leaflet-right");
  map.fitBounds(places.map(p => [p.lat, p.lon]), {
    paddingTopLeft: [40, title && title.height ? title.bottom - box.top + 30 : 40],
    paddingBottomRight: [
      side && side.width ? box.right - side.left + 30 : 40,
      low && low.height ? box.bottom - low.top + 30 : 40
    ],
    maxZoom: maxZoom,
    animate: false
  });
}"""


def _show(page, moment: MapMoment) -> None:
    """Put the loaded page at ``moment``: the slider at the year, framing that year's places,
    or, for a place, zoomed to it with its popup open."""
    page.evaluate("() => { mapgen.api.map.closePopup(); }")
    page.evaluate("year => { mapgen.api.setYear(year); }", moment.year)
    if moment.place is None:
        page.evaluate(_FRAME, [moment.year, YEAR_ZOOM])
    else:
        page.evaluate(
            "([id, zoom]) => { const p = mapgen.api.data.places.find(x => x.id === id);"
            " mapgen.api.map.setView([p.lat, p.lon], zoom, {animate: false}); mapgen.api.open(id); }",
            [moment.place, PLACE_ZOOM],
        )
        page.wait_for_selector(".leaflet-popup", state="visible")
    # Also for a year: the page may animate to the year's view itself.
    page.evaluate(_STILL)


def export_deck(
    data_path: Path,
    output: Path,
    render: RenderOptions,
    options: DeckOptions = DeckOptions(),
    progress: Callable[[str], None] = lambda _: None,
) -> DeckResult:
    """Build the map for ``data_path``, capture one picture per slide in one headless Chromium,
    and write the deck to ``output`` atomically.

    Nothing is written on error: the previous deck stays as it was.
    """
    from mapgen.outputs.browser import chromium
    from mapgen.outputs.export import capture_png, open_still_map, settle
    from mapgen.outputs.powerpoint import deck_file
    from mapgen.outputs.write import check_destination, write_atomic
    from mapgen.page.render import render_html
    from mapgen.pipeline import load_dataset

    check_destination(output)
    progress("Checking the data")
    dataset = load_dataset(data_path)
    plan = plan_deck(dataset, render, options.by)
    progress("Building the map")
    html = render_html(dataset, render)
    image = options.image
    pictures: list[bytes | None] = []
    with tempfile.TemporaryDirectory(prefix="mapgen-deck-") as tmp:
        page_path = Path(tmp) / "map.html"
        page_path.write_text(html, encoding="utf-8")
        progress("Starting Chromium")
        with chromium() as browser:
            from playwright.sync_api import Error as PlaywrightError  # installed: chromium() checked

            page = open_still_map(browser, page_path, image)
            attribution = page.evaluate(
                "() => { const a = document.querySelector('.leaflet-control-attribution');"
                " return a ? a.textContent.trim() : ''; }"
            )
            with_maps = [s for s in plan.slides if s.moment is not None]
            offline = False
            for n, slide in enumerate(with_maps, 1):
                progress(f"[{n}/{len(with_maps)}] Map for slide “{slide.title}”")
                try:
                    _show(page, slide.moment)
                    if settle(page, image) == "failed" and not offline:
                        offline = True
                        progress("Map tiles could not load: the maps show the built-in country outlines")
                    pictures.append(capture_png(page, image))
                except PlaywrightError as exc:
                    raise ExportError(
                        f"{data_path}: the map for slide “{slide.title}” could not be drawn "
                        f"({exc.message.splitlines()[0]}); nothing was written."
                    ) from exc
            page.context.close()
    plan = plan_deck(dataset, render, options.by, attribution)
    progress("Writing the deck")
    written = deck_file(plan, pictures)
    size = write_atomic(output, written.content)
    return DeckResult(slides=written.slides, bytes=size)
