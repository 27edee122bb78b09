"""The command line: parse options, call the pipeline, turn mapgen's errors into exit codes.

Exit codes: 0 success, 1 invalid data (or another problem mapgen explains), 2 usage error.
Heavy libraries (folium, geopandas) are imported inside the commands that need them.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from mapgen import __version__
from mapgen.errors import MapgenError
from mapgen.options import Preset, RenderOptions, Tiles
from mapgen.pipeline import DEFAULT_DATA, DEFAULT_OUTPUT

DATA = click.argument(
    "data", type=click.Path(path_type=Path, dir_okay=False), default=str(DEFAULT_DATA), required=False
)


def _fail(error: MapgenError) -> None:
    click.echo(error.report(), err=True)
    sys.exit(error.exit_code)


def _warn(warnings) -> None:
    for issue in warnings:
        click.echo(str(issue), err=True)


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


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
        default=Tiles.CARTODB_POSITRON.value,
        show_default=True,
        help="Background tiles; 'none' makes a page with no network requests "
        "(the built-in country outlines always show).",
    )(f)
    f = click.option("--caption", default=None, help="Caption under the title (default: the data file's caption).")(f)
    f = click.option("--title", default=None, help="Page title (default: the data file's title).")(f)
    return f


def _options(title, caption, tiles, preset, year) -> RenderOptions:
    return RenderOptions(title=title, caption=caption, tiles=Tiles(tiles), preset=Preset(preset), year=year)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mapgen")
def main() -> None:
    """mapgen: turn a GeoJSON of renamed places into one standalone HTML map
    whose popups quote their sources.

    Start with `mapgen build`; see `mapgen COMMAND --help` for each command.
    """


@main.command()
@DATA
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    default=str(DEFAULT_OUTPUT),
    show_default=True,
    help="Where to write the HTML map.",
)
@render_options
def build(data: Path, output: Path, title, caption, tiles, preset, year) -> None:
    """Build the HTML map from DATA (default: data/places.geojson).

    Invalid data is reported in full and nothing is written: the previous map stays as it was.
    """
    from mapgen.pipeline import build as run_build

    try:
        result = run_build(data, output, _options(title, caption, tiles, preset, year))
    except MapgenError as error:
        _fail(error)
    _warn(result.warnings)
    events = f" and {_count(result.events, 'event')}" if result.events else ""
    click.echo(f"Wrote {result.output} ({_count(result.places, 'place')}{events}, {result.bytes / 1024:.0f} KiB).")


@main.command()
@DATA
def validate(data: Path) -> None:
    """Check DATA and its sources; report every problem at once. Writes nothing."""
    from mapgen.pipeline import load_dataset

    try:
        dataset = load_dataset(data)
    except MapgenError as error:
        _fail(error)
    _warn(dataset.warnings)
    click.echo(
        f"{data}: valid ({len(dataset.renamings)} places, {len(dataset.events)} events, "
        f"{len(dataset.sources)} sources)."
    )


if __name__ == "__main__":  # pragma: no cover
    main()
