"""The whole pipeline, ``load -> validate -> render -> write``, as plain functions.

The CLI, ``mapgen watch`` and ``mapgen export`` all go through here, so they report the
same errors in the same words.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from mapgen.checks.gazetteer import gazetteer_issues
from mapgen.checks.swapped import swapped_issues
from mapgen.checks.validate import validate
from mapgen.errors import DataError, Issue, MapgenError, Severity, listed
from mapgen.formats import read_document
from mapgen.formats.load import read_sources, sources_folder
from mapgen.model import Dataset, Place
from mapgen.options import DEFAULT_CHECKS, CheckOptions, RenderOptions
from mapgen.page.payload import years_of


@dataclass(frozen=True)
class BuildResult:
    """What a build wrote: where, how many places and events, how many bytes, and any warnings."""

    output: Path
    places: int
    events: int
    bytes: int
    warnings: tuple[Issue, ...]


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for one build.

    A parsed document of 10,000 places is millions of objects, and every collection the
    allocations of checking and rendering set off walks them all again: that took a third of
    the build. Nothing a build makes needs the cycle collector (reference counting frees it);
    the collector runs again as usual afterwards, also in a long ``mapgen watch`` session.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.unfreeze()  # what load_dataset froze, back in the oldest generation (most of it is freed by now)
        if was_enabled:
            gc.enable()


def load_dataset(data_path: Path, checks: CheckOptions = DEFAULT_CHECKS) -> Dataset:
    """Read and validate ``data_path`` (mapgen GeoJSON, CSV or Linked Places) and the
    ``sources/`` folder beside it.

    Raises :class:`~mapgen.errors.DataError` listing every problem, each located in the
    user's own file (``places.csv: row 7, column year: ...``). The further ``checks``
    (coordinates against GeoNames) run on every place that is otherwise valid, even when others
    have errors, so warnings are seen with the errors; a place far from GeoNames with no reason
    given is an error (see :mod:`mapgen.checks.gazetteer`).
    """
    with no_cycle_collection():
        document = read_document(data_path)
        # The parsed document is a tree (no cycles), millions of objects at 100,000 places:
        # frozen, no collection walks it (one that a caller's gc.collect() or another
        # thread sets off; a full one takes 0.6 s at that size), until the build ends.
        gc.freeze()
        raw_sources, source_issues = read_sources(sources_folder(data_path))
        # Sources a file describes itself (LPF citations) give way to stored files of the same id.
        raw_sources = {**document.sources, **raw_sources}
        shown = str(data_path)
        try:
            dataset = validate(document.data, shown, raw_sources, source_issues)
        except DataError as error:
            # The places that are fine are checked against GeoNames too: all is said in one run.
            far = _placement_issues(shown, error.valid, checks)
            raise DataError.from_issues(shown, document.locate_all(_in_file_order(error.issues + far))) from None
        far = _placement_issues(shown, tuple(enumerate(dataset.places)), checks)
        issues = document.locate_all(_in_file_order(dataset.warnings + far))
        if document.has_errors or any(i.severity is Severity.ERROR for i in far):
            raise DataError.from_issues(shown, issues)
        return replace(dataset, warnings=tuple(issues))


def _placement_issues(path: str, places: tuple[tuple[int, Place], ...], checks: CheckOptions) -> tuple[Issue, ...]:
    """Coordinates checked against GeoNames, then against the data's other places (a swapped pair)."""
    far = gazetteer_issues(path, places, checks.gazetteer_km)
    # A place GeoNames already placed is not reported twice.
    return far + swapped_issues(path, places, frozenset(i.feature for i in far if i.feature is not None))


def _in_file_order(issues: tuple[Issue, ...]) -> list[Issue]:
    """Each feature's issues together, in file order, as validation lists them (a stable sort)."""
    return sorted(issues, key=lambda i: -1 if i.feature is None else i.feature)


def check_options(dataset: Dataset, options: RenderOptions) -> None:
    """Options that only make sense against the data: ``--year`` must fall in its years."""
    if options.year is not None:
        first, last = years_of(dataset)
        if not first <= options.year <= last:
            raise MapgenError(
                f"--year {options.year}: the data's years run from {first} to {last}; choose a year in that range."
            )


def build(data_path: Path, output: Path, options: RenderOptions, checks: CheckOptions = DEFAULT_CHECKS) -> BuildResult:
    """Validate, render and atomically write the map; nothing is written on error."""
    from mapgen.outputs.write import write_atomic
    from mapgen.page.render import render_html  # folium is imported only when a map is made

    with no_cycle_collection():
        dataset = load_dataset(data_path, checks)
        check_options(dataset, options)
        size = write_atomic(output, render_html(dataset, options))
    return BuildResult(output, len(dataset.renamings), len(dataset.events), size, dataset.warnings)


@dataclass(frozen=True)
class ConvertResult:
    """What a conversion wrote: the data file, its format, how many places and events, the
    source files added beside it, and what the target format could not hold (in words, for the user)."""

    output: Path
    format: str
    places: int
    events: int
    sources_written: tuple[Path, ...]
    left_out: tuple[str, ...]


def convert(data_path: Path, output: Path, fmt: str | None = None) -> ConvertResult:
    """Read ``data_path`` in any format, validate it, and write it to ``output`` as ``fmt``
    (``geojson``, ``csv`` or ``lpf``; by default from ``output``'s extension).

    Nothing is written when the data is invalid. Sources the data cites that are missing
    from ``sources/`` beside ``output`` are added there (copied from beside ``data_path``,
    or, for Linked Places citations, written from the citation); existing files are kept.
    """
    import json

    from mapgen.formats import JSON_SUFFIXES, LINES_SUFFIXES, Format, format_for, write_text
    from mapgen.outputs.write import write_atomic

    target = Format(fmt) if fmt else format_for(output)
    fits = {
        Format.GEOJSON: JSON_SUFFIXES,
        Format.CSV: (".csv",),
        Format.LPF: JSON_SUFFIXES + LINES_SUFFIXES,
    }[target]
    if output.suffix.lower() not in fits:
        raise MapgenError(
            f"{output}: a {target.value} file is named {' or '.join(fits)}, got {output.suffix or 'no extension'}; "
            "change -o or --to."
        )
    if output.resolve() == data_path.resolve():
        raise MapgenError(f"{output}: is the file being converted; write to another file (-o).")
    dataset = load_dataset(data_path)
    text = write_text(dataset, target, output)

    left_out = []
    if target is Format.LPF and dataset.events:
        events = "1 event" if len(dataset.events) == 1 else f"{len(dataset.events)} events"
        left_out.append(f"{events} (Linked Places describes places)")
    collection = _collection_fields(dataset)
    if collection and target is Format.CSV:
        left_out.append(_collection_left_out(collection, "a CSV", None))
    if collection and target is Format.LPF and output.suffix.lower() in LINES_SUFFIXES:
        left_out.append(_collection_left_out(collection, "JSON Lines", f"{output.stem}.json for a FeatureCollection"))

    here, there = sources_folder(data_path), sources_folder(output)
    written: list[Path] = []

    def add(path: Path, content: bytes) -> None:
        # Only files that did not exist are written, so there is no previous version to protect
        # (and syncing each of hundreds of small files, as write_atomic does, would be slow).
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)

    for sid, source in dataset.sources.items():
        meta = there / f"{sid}.json"
        if meta.exists() or there.resolve() == here.resolve() and (here / f"{sid}.json").exists():
            continue
        if (here / f"{sid}.json").exists():
            written.append(meta)
            add(meta, (here / f"{sid}.json").read_bytes())
            if (here / f"{sid}.txt").exists() and not (there / f"{sid}.txt").exists():
                add(there / f"{sid}.txt", (here / f"{sid}.txt").read_bytes())
        else:  # a source the file described itself (a Linked Places citation)
            record = {"id": sid, "title": source.title, **({"url": source.url} if source.url else {})}
            written.append(meta)
            add(meta, (json.dumps(record, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    write_atomic(output, text)
    events = 0 if target is Format.LPF else len(dataset.events)
    return ConvertResult(output, target.value, len(dataset.renamings), events, tuple(written), tuple(left_out))


#: What ``mapgen build`` offers in place of each collection field a CSV cannot hold.
_BUILD_INSTEAD = {"title": "--title", "caption": "--caption", "opening year": "--year"}


def _collection_fields(dataset: Dataset) -> list[str]:
    """The collection's own fields the dataset has, by name: ["title", "caption", "tour"]."""
    return [
        name
        for name, value in (
            ("title", dataset.title),
            ("caption", dataset.caption),
            ("tour", dataset.tour),
            ("opening year", dataset.opening_year),
        )
        if value
    ]


def _collection_left_out(fields: list[str], target: str, keeps: str | None) -> str:
    """What a conversion says of the collection's own fields that ``target`` cannot hold, with
    a grammar that fits one or several, and the way to get each back: the build option that
    gives it (``keeps`` None), or the file that keeps them.

    Examples
    --------
    >>> _collection_left_out(["title"], "a CSV", None)
    'the title (a CSV has no place for it; pass --title to build)'
    >>> _collection_left_out(["title", "tour"], "a CSV", None)
    'the title and tour (a CSV has no place for them; pass --title to build; without a tour, the map has a stop per year)'
    >>> _collection_left_out(["caption"], "JSON Lines", "places.json for a FeatureCollection")
    'the caption (JSON Lines has no place for it; write places.json for a FeatureCollection that keeps it)'
    """
    it = "it" if len(fields) == 1 else "them"
    said = f"the {listed(fields)} ({target} has no place for {it}"
    if keeps is not None:
        return said + f"; write {keeps} that keeps {it})"
    options = [_BUILD_INSTEAD[f] for f in fields if f in _BUILD_INSTEAD]
    if options:
        said += f"; pass {listed(options)} to build"
    if "tour" in fields:
        said += "; without a tour, the map has a stop per year"
    return said + ")"
