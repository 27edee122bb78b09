"""The command line: parse options, call the pipeline, turn mapgen's errors into exit codes.

Exit codes: 0 success, 1 invalid data (or another problem mapgen explains), 2 usage error.
Heavy libraries (folium, geopandas) are imported inside the commands that need them.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import NoReturn

import click
from click.core import ParameterSource

from mapgen import __version__
from mapgen.errors import MapgenError
from mapgen.options import (
    DEFAULT_DATA,
    DEFAULT_GAZETTEER_KM,
    DEFAULT_OUTPUT,
    CheckOptions,
    DeckBy,
    Preset,
    RenderOptions,
    Tiles,
)

COMMANDLINE = ParameterSource.COMMANDLINE

# A folder is let through so that mapgen can name the data file inside it.
DATA = click.argument("data", type=click.Path(path_type=Path), default=str(DEFAULT_DATA), required=False)


#: What ``mapgen export`` writes, for a build pointed at one of them.
_EXPORTS = (".png", ".pdf", ".pptx")


def _html_name(_ctx: click.Context, _param: click.Parameter, output: Path) -> Path:
    """A map is an HTML page: a name ending in .png or .pptx would give a file no program opens as one."""
    if output.suffix.lower() not in (".html", ".htm"):
        hint = f"; mapgen export -o {output} makes an image or a deck" if output.suffix.lower() in _EXPORTS else ""
        raise click.BadParameter(f"{output}: the map is an HTML page; end the file name in .html{hint}.")
    return output


MAP_OUTPUT = click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    default=str(DEFAULT_OUTPUT),
    show_default=True,
    callback=_html_name,
    help="Where to write the HTML map (a .html file).",
)


def _fail(error: MapgenError, writes: bool = True) -> NoReturn:
    """Print every problem and exit; ``writes`` says whether the command would have written a file."""
    click.echo(error.report(writes), err=True)
    sys.exit(error.exit_code)


def _warn(warnings) -> None:
    for issue in warnings:
        click.echo(str(issue), err=True)


#: For commands that show no warnings: the GeoNames check would be work for nothing.
NO_GAZETTEER = CheckOptions(gazetteer_km=0)


def _load(data: Path, checks: CheckOptions = NO_GAZETTEER):
    """The validated dataset, or a clean exit with every problem listed (for commands that only read)."""
    from mapgen.pipeline import load_dataset

    try:
        return load_dataset(data, checks)
    except MapgenError as error:
        _fail(error, writes=False)


def _format_option(choices: list[str]):
    return click.option(
        "--format", "fmt", type=click.Choice(choices), default=choices[0], show_default=True, help="Output format."
    )


def _lean_folium() -> None:
    """Commands that draw a map load folium without pandas: a command runs no other code."""
    from mapgen.page._folium import import_folium_without_pandas

    import_folium_without_pandas()


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def _contents(result) -> str:
    """ "36 places and 2 events" """
    events = f" and {_count(result.events, 'event')}" if result.events else ""
    return _count(result.places, "place") + events


def render_options(f):
    """Options shared by every command that draws the map."""
    f = click.option(
        "--year",
        type=click.IntRange(1, 9999),
        default=None,
        help="Show the map as it stood in this year (sets the time slider).",
    )(f)
    f = click.option(
        "--preset",
        type=click.Choice([p.value for p in Preset]),
        default=Preset.SCREEN.value,
        show_default=True,
        help="'slide': a 16:9 page with large type and no scroll-wheel zoom.",
    )(f)
    f = click.option(
        "--tiles",
        type=click.Choice([t.value for t in Tiles]),
        default=Tiles.OPENSTREETMAP.value,
        show_default=True,
        help="Background tiles; 'none' makes a page with no network requests "
        "(the built-in country outlines always show).",
    )(f)
    f = click.option("--caption", default=None, help="Caption under the title (default: the data file's caption).")(f)
    f = click.option(
        "--title",
        default=None,
        help="Page title (default: the data file's title, else a title made from its file or folder name).",
    )(f)
    return f


def check_options(f):
    """Options shared by every command that checks the data."""
    return click.option(
        "--gazetteer-km",
        type=click.FloatRange(min=0),
        default=DEFAULT_GAZETTEER_KM,
        show_default=True,
        help="Warn when a town, city or capital lies more than this many km from the GeoNames entry "
        'for any of its names (a "gazetteer_note" on the place silences it); 0 switches the check off.',
    )(f)


def _options(title, caption, tiles, preset, year) -> RenderOptions:
    return RenderOptions(title=title, caption=caption, tiles=Tiles(tiles), preset=Preset(preset), year=year)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mapgen")
def main() -> None:
    """mapgen: turn a GeoJSON of renamed places into one standalone HTML map
    whose popups quote their sources.

    Start with `mapgen build`; see `mapgen COMMAND --help` for each command.
    """
    _show_progress_notes()


class _StderrNote(logging.Handler):
    """mapgen's progress notes (such as the one-off GeoNames index) on stderr, as they are."""

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(record.getMessage(), err=True)


def _show_progress_notes() -> None:
    log = logging.getLogger("mapgen")
    log.setLevel(logging.INFO)
    if not any(isinstance(h, _StderrNote) for h in log.handlers):
        log.addHandler(_StderrNote())


@main.command()
@DATA
@MAP_OUTPUT
@render_options
@check_options
def build(data: Path, output: Path, title, caption, tiles, preset, year, gazetteer_km: float) -> None:
    """Build the HTML map from DATA (default: data/places.geojson).

    Invalid data is reported in full and nothing is written: the previous map stays as it was.
    """
    _lean_folium()
    from mapgen.pipeline import build as run_build

    try:
        result = run_build(data, output, _options(title, caption, tiles, preset, year), CheckOptions(gazetteer_km))
    except MapgenError as error:
        _fail(error)
    _warn(result.warnings)
    click.echo(f"Wrote {result.output} ({_contents(result)}, {result.bytes / 1024:.0f} KiB).")


@main.command()
@DATA
@check_options
def validate(data: Path, gazetteer_km: float) -> None:
    """Check DATA and its sources; report every problem at once. Writes nothing.

    Towns, cities and capitals are also checked against GeoNames (offline): one far from
    every GeoNames entry for its names gets a warning, which does not make the data invalid;
    more than 100 km away with no coordinates_source or note saying why, it is an error.
    """
    dataset = _load(data, CheckOptions(gazetteer_km))
    _warn(dataset.warnings)
    counts = [
        _count(len(dataset.renamings), "place"),
        _count(len(dataset.events), "event"),
        _count(len(dataset.sources), "source"),
    ]
    warned = f", {_count(len(dataset.warnings), 'warning')}" if dataset.warnings else ""
    click.echo(f"{data}: valid{warned} ({', '.join(counts)}).")


@main.command(name="list")
@DATA
@_format_option(["table", "csv", "json"])
def list_places(data: Path, fmt: str) -> None:
    """Print the renamings in DATA as a table (or CSV, or JSON), oldest first."""
    from mapgen.outputs.listing import ListFormat, format_rows, renaming_rows

    click.echo(format_rows(renaming_rows(_load(data)), ListFormat(fmt)), nl=False)


@main.command()
@DATA
@_format_option(["markdown", "csv", "json"])
def sources(data: Path, fmt: str) -> None:
    """Print every source DATA cites: what kind of work it is, the work itself, and any copy its
    text was read in (recorded here, never linked from the map)."""
    from mapgen.outputs.bibliography import SourcesFormat, format_sources, source_rows

    click.echo(format_sources(source_rows(_load(data)), SourcesFormat(fmt)), nl=False)


@main.group()
def source() -> None:
    """Capture the works the data cites (`mapgen sources` lists them)."""


@source.command(name="add")
@click.argument("page", metavar="PAGE|URL")
@click.option("--id", "source_id", default=None, help="The source's id (default: made from the work's title).")
@click.option(
    "--data",
    type=click.Path(path_type=Path),
    default=str(DEFAULT_DATA),
    show_default=True,
    help="The dataset the source is for; the files go to sources/ beside it.",
)
@click.option("--force", is_flag=True, help="Replace a source that has the same id.")
def source_add(page: str, source_id, data: Path, force: bool) -> None:
    """Capture a source from PAGE (a saved web page, .html or .mhtml; a PDF; a text file) or from URL (online).

    Stores the work's text (the article, without menus, adverts or footer) as
    sources/ID.txt beside DATA, and its record (title, author, publisher, date, its own
    address, today's date) as sources/ID.json; then prints the passages that name the
    dataset's places, ready to paste as quotes. The guessed kind of work is marked
    "guessed" until you check it. Nothing is written when something fails.
    """
    from mapgen.capture.add import CaptureOptions, add_source

    try:
        captured = add_source(page, data, CaptureOptions(source_id=source_id, force=force))
    except MapgenError as error:
        _fail(error)
    from mapgen.capture.report import format_capture

    click.echo(format_capture(captured, data), nl=False)


@main.command()
@click.argument(
    "map_file",
    metavar="MAP",
    type=click.Path(path_type=Path, dir_okay=False),
    default=str(DEFAULT_OUTPUT),
    required=False,
)
@click.option("--src", default=None, help="The address the slides will load the map from (default: MAP's file name).")
@click.option("--width", type=click.IntRange(100, 10000), default=1280, show_default=True)
@click.option("--height", type=click.IntRange(100, 10000), default=720, show_default=True)
@click.option("--year", type=int, default=None, help="Open the map at this year (#year=Y).")
@click.option("--place", default=None, help="Open the map at this place id, its popup open (#place=ID).")
@click.option(
    "--tour", type=int, default=None, help="Open the map at this stop of its tour (#tour=N; 0: the overview)."
)
def embed(map_file: Path, src, width: int, height: int, year, place, tour) -> None:
    """Print the <iframe> snippet that embeds MAP (default: output/map.html) in HTML slides.

    Build with `--preset slide` for a 16:9 map that does not zoom when the deck scrolls.
    --year, --place and --tour point the iframe at a moment of the map (checked against
    MAP's data), so each slide can show the same map file at another moment.
    """
    from mapgen.outputs.embed import Moment, MomentError, check_moment, iframe_snippet, moment_src, read_map

    if tour is not None and (year is not None or place is not None):
        raise click.UsageError("--tour sets the year and the place of its stop; leave out --year and --place.")
    moment = Moment(year=year, place=place, tour=tour)
    try:
        built = read_map(map_file)
        words = check_moment(built, moment)
    except MomentError as error:
        raise click.BadParameter(str(error), param_hint=f"'--{error.option}'") from None
    except MapgenError as error:
        _fail(error)
    title = f"{built.title}: {words}" if words else built.title
    click.echo(iframe_snippet(moment_src(src or map_file.name, moment), title, width, height))


@main.command()
@DATA
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    default="output/map.png",
    show_default=True,
    help="The file to write: .png, .pdf, or .pptx (a PowerPoint deck).",
)
@click.option("--width", type=click.IntRange(200, 8000), default=1920, show_default=True, help="Image width in pixels.")
@click.option(
    "--height", type=click.IntRange(200, 8000), default=1080, show_default=True, help="Image height in pixels."
)
@click.option(
    "--scale",
    type=click.FloatRange(1, 4),
    default=1.5,
    show_default=True,
    help="Image pixels per screen pixel: 1.5 lays the map out at 1280×720 for a 1920×1080 image, with crisp text.",
)
@click.option(
    "--by",
    type=click.Choice([b.value for b in DeckBy]),
    default=None,
    help="Decks (.pptx) only: a slide per year in which names changed (the default), "
    "a slide per place in time order, or a slide per stop of the data's tour (its words on the slide).",
)
@render_options
def export(
    data: Path, output: Path, width: int, height: int, scale: float, by, title, caption, tiles, preset, year
) -> None:
    """Render the map for DATA to a PNG (or PDF) image, or a PowerPoint deck (.pptx), through
    headless Chromium.

    A deck has a title slide, one slide per year in which names changed (or per place, with
    `--by place`; or per stop of the tour, with its title and words, with `--by tour`), each with the map, its renamings and speaker notes quoting the sources, and
    a credits slide. Works offline: the built-in country outlines show where tiles cannot load.
    Needs Chromium (Debian: `apt-get install chromium`) or MAPGEN_CHROMIUM set to a browser.
    """
    if output.suffix.lower() == ".pptx":
        _export_deck(data, output, scale, by, _options(title, caption, tiles, preset, year))
        return
    if by is not None:
        raise click.UsageError(f"--by applies to PowerPoint decks only; end -o in .pptx (got {output}).")
    from mapgen.outputs.export import ExportOptions, export_image

    steps = iter(range(1, 99))

    def progress(message: str) -> None:
        click.echo(f"[{next(steps)}/5] {message}", err=True)

    try:
        size = export_image(
            data,
            output,
            _options(title, caption, tiles, preset, year),
            ExportOptions(width=width, height=height, scale=scale),
            progress,
        )
    except MapgenError as error:
        _fail(error)
    if output.suffix.lower() == ".pdf":
        # A PDF page is measured in CSS pixels; text and outlines stay vector, so --scale does not apply.
        shape = f"one {round(width / scale)}×{round(height / scale)} px page"
    else:
        shape = f"{width}×{height}"
    click.echo(f"Wrote {output} ({shape}, {size / 1024:.0f} KiB).")


def _export_deck(data: Path, output: Path, scale: float, by, options: RenderOptions) -> None:
    """`mapgen export -o deck.pptx`: check the options that make no sense for a deck, then make it."""
    from dataclasses import replace

    from mapgen.outputs.deck import DeckOptions
    from mapgen.outputs.deck_file import export_deck

    ctx = click.get_current_context()
    given = {name for name in ("width", "height", "year", "preset") if ctx.get_parameter_source(name) is COMMANDLINE}
    if given & {"width", "height"}:
        raise click.UsageError(
            "--width/--height: a deck's maps are laid out at 1280×720 to fit its 16:9 slides; "
            "set their sharpness with --scale instead."
        )
    if "year" in given:
        raise click.UsageError("--year: a deck shows every year in which names changed; leave --year out for .pptx.")
    if "preset" not in given:
        options = replace(options, preset=Preset.SLIDE)  # large type for the back of the room
    try:
        result = export_deck(data, output, options, DeckOptions(by=DeckBy(by or "year"), scale=scale), _progress)
    except MapgenError as error:
        _fail(error)
    click.echo(f"Wrote {output} ({_count(result.slides, 'slide')}, {result.bytes / 1024:.0f} KiB).")


def _progress(message: str) -> None:
    click.echo(message, err=True)


@main.command()
@DATA
@MAP_OUTPUT
@render_options
@check_options
def watch(data: Path, output: Path, title, caption, tiles, preset, year, gazetteer_km: float) -> None:
    """Rebuild the map each time DATA or one of its sources changes (Ctrl-C to stop).

    Errors are listed as `mapgen validate` lists them, and the last good map is kept.
    """
    _lean_folium()
    from mapgen.watch import Rebuild
    from mapgen.watch import watch as run_watch

    started = []

    def report(outcome: Rebuild) -> None:
        if not started:
            click.echo(f"Watching {data} and {data.parent / 'sources'} (Ctrl-C to stop).")
            started.append(True)
        if outcome.error is not None:
            click.echo(outcome.error.report(), err=True)
            click.echo(f"Kept the last good map at {output}. Waiting for changes…", err=True)
            return
        result = outcome.result
        _warn(result.warnings)
        click.echo(f"Rebuilt {result.output} ({_contents(result)}, {outcome.seconds:.2f} s). Waiting for changes…")

    try:
        if data.is_dir():  # said at once: watching a folder would wait for ever
            from mapgen.formats import refuse_folder

            refuse_folder(data)
        run_watch(
            data, output, _options(title, caption, tiles, preset, year), report, checks=CheckOptions(gazetteer_km)
        )
    except MapgenError as error:
        _fail(error)
    except KeyboardInterrupt:
        click.echo("Stopped.")


def _country(_ctx, _param, value: str | None):
    from mapgen.checks.geonames import find_country

    if value is None:
        return None
    country = find_country(value)
    if country is None:
        raise click.BadParameter(f'expected an ISO 3166 country code such as RU, or a country name; got "{value}"')
    return country


@main.command()
@click.argument("name")
@click.option("--country", callback=_country, help="Only places in this country: an ISO code (RU) or a name (Russia).")
@_format_option(["table", "json"])
def locate(name: str, country, fmt: str) -> None:
    """List the GeoNames places known by NAME (present, former or alternate), offline.

    Each candidate comes with its country, coordinates, GeoNames id, population and the
    spellings that matched, to paste into the data. Covers places of 1,000 people or more.
    """
    from mapgen.outputs.locate import LocateFormat, format_candidates
    from mapgen.outputs.locate import locate as find

    try:
        candidates = find(name, country)
    except MapgenError as error:
        _fail(error)
    click.echo(format_candidates(candidates, LocateFormat(fmt)), nl=False)


@main.command()
@click.argument("folder", metavar="DIR", type=click.Path(path_type=Path))
@click.option("--csv", "spreadsheet", is_flag=True, help="Start a spreadsheet (places.csv) instead of GeoJSON.")
def new(folder: Path, spreadsheet: bool) -> None:
    """Start a dataset in DIR: places.geojson with one example place, its source, and a README.

    DIR must be new or empty. The example (Volgograd, with its quote and source) validates
    and builds at once; replace it with your own places. With --csv: places.csv with one
    example row to replace, an empty sources/ for your own (mapgen source add), and a README.
    """
    from mapgen.formats import Format
    from mapgen.pipeline import load_dataset
    from mapgen.starter import create_dataset

    try:
        written = create_dataset(folder, Format.CSV if spreadsheet else Format.GEOJSON)
        if not spreadsheet:
            load_dataset(folder / "places.geojson")
    except MapgenError as error:
        _fail(error)
    if spreadsheet:
        data = folder / "places.csv"
        click.echo(f"Created {folder} ({len(written)} files): places.csv (one example row), README.md and sources/.")
        click.echo(f"Next: replace the example row of {data} with your places, then add each source:")
        click.echo(f"  mapgen source add PAGE --data {data}")
        return
    data = folder / "places.geojson"
    click.echo(
        f"Created {folder} ({len(written)} files): places.geojson (one example place), README.md and sources/ "
        "(the example's source, its record and text)."
    )
    click.echo(f"Next: see the example as a map (mapgen build {data} -o {folder / 'map.html'}), then replace it")
    click.echo("with your places and add each source:")
    click.echo(f"  mapgen source add PAGE --data {data}")


@main.command()
@click.argument("data", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="The file to write: .geojson, .csv, or .json/.jsonl for Linked Places.",
)
@click.option(
    "--to",
    "fmt",
    type=click.Choice(["geojson", "csv", "lpf"]),
    default=None,
    help="The format to write (default: from OUTPUT's extension; .json is mapgen GeoJSON unless --to lpf).",
)
def convert(data: Path, output: Path, fmt) -> None:
    """Convert DATA (mapgen GeoJSON, CSV or Linked Places) to another format.

    DATA is checked first: invalid data is reported in full and nothing is written. Sources
    the data cites are added to sources/ beside OUTPUT when missing there.
    """
    from mapgen.pipeline import convert as run_convert

    try:
        result = run_convert(data, output, fmt)
    except MapgenError as error:
        _fail(error)
    click.echo(f"Wrote {result.output} ({_contents(result)} as {result.format}).")
    if result.sources_written:
        click.echo(f"Added {_count(len(result.sources_written), 'source file')} to {output.parent / 'sources'}.")
    for item in result.left_out:
        click.echo(f"Left out: {item}.", err=True)


if __name__ == "__main__":  # pragma: no cover
    main()
