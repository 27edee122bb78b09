"""Citations a historian can check: the work is linked, never a copy; near-miss quotes are answered."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from mapgen.checks.copies import copy_host
from mapgen.checks.quotes import look_alike_pairs, near_miss
from mapgen.cli import main as cli
from mapgen.options import RenderOptions
from mapgen.page.payload import build_payload
from mapgen.pipeline import load_dataset
from tests.conftest import VALID


@pytest.mark.parametrize(
    "url, host",
    [
        ("https://wikimili.com/en/Volgograd", "wikimili.com"),
        ("https://www.wikiwand.com/en/Moscow_Kremlin", "www.wikiwand.com"),
        ("https://a.osmarks.net/content/wikipedia_en_all_maxi_2020-08/A/Dushanbe", "a.osmarks.net"),
        ("https://en.wikipedia.something.gay/wiki/Varna", "en.wikipedia.something.gay"),
        ("https://perceptiodetr.com/wiki/Uch-Korgon", "perceptiodetr.com"),
        ("https://en.wikipedia.org/wiki/Volgograd", None),
        ("https://www.britannica.com/place/Volgograd", None),
        (None, None),
    ],
)
def test_copy_hosts_are_recognised(url, host):
    assert copy_host(url) == host


def test_near_miss_names_the_curly_apostrophe():
    text = "The town’s old name was dropped the same year."
    assert near_miss("The town's old name was dropped the same year.", text) == (
        'the closest passage of the source reads "The town’s old name was dropped the same year."; '
        'the source has "town’s" where the quote has "town\'s", which differ only in characters that look alike: '
        "’ U+2019 RIGHT SINGLE QUOTATION MARK in the source, ' U+0027 APOSTROPHE in the quote"
    )


def test_near_miss_names_look_alike_letters_and_dashes_by_code_point():
    # A Latin "a" typed for the Cyrillic one, and a hyphen for the source's en dash.
    text = "Альфавіль перейменовано на Бетатаун 1925–1961."  # synthetic, as the other test texts
    assert near_miss("Альфавіль перейменовaно на Бетатаун 1925-1961.", text).endswith(
        'the source has "перейменовано" where the quote has "перейменовaно", which differ only in characters that '
        "look alike: а U+0430 CYRILLIC SMALL LETTER A in the source, a U+0061 LATIN SMALL LETTER A in the quote"
    )
    assert look_alike_pairs("1926–2016", "1926-2016") == [("–", "-")]
    assert look_alike_pairs("Volgograd", "Volgagrad") == []  # a letter changed is not a look-alike


def test_near_miss_names_the_changed_word_in_a_long_source():
    filler = "Nothing about renamings here. " * 4000  # a long source: the passage is still found
    text = filler + "In 1961 the ‘hero city’ Stalingrad was renamed to Volgograd. " + filler
    assert near_miss("the ‘hero city’ Stalingrad was rebranded to Volgograd.", text) == (
        'the closest passage of the source reads "the ‘hero city’ Stalingrad was renamed to Volgograd."; '
        'the source has "renamed" where the quote has "rebranded"'
    )


def test_near_miss_with_a_word_left_out():
    assert near_miss("Stalingrad was renamed Volgograd", "Stalingrad was renamed to Volgograd.") == (
        'the closest passage of the source reads "Stalingrad was renamed to Volgograd."; '
        'the source has "renamed to" where the quote has "renamed"'
    )


def test_near_miss_says_when_nothing_is_close():
    assert near_miss("A quote from somewhere else entirely", "Stalingrad was renamed to Volgograd.") == (
        "no passage of the source comes close; check that the quote belongs to this source"
    )


def _dataset_with_source(tmp_path: Path, meta: dict, citation_url: str | None = None) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(VALID.parent, folder)
    (folder / "sources" / "test-article.json").write_text(json.dumps(meta), encoding="utf-8")
    if citation_url:
        doc = json.loads((folder / "places.geojson").read_text(encoding="utf-8"))
        doc["features"][0]["properties"]["citations"][0]["url"] = citation_url
        (folder / "places.geojson").write_text(json.dumps(doc), encoding="utf-8")
    return folder / "places.geojson"


BASE = {"id": "test-article", "title": "A test article about renamings", "publisher": "mapgen tests"}


def test_a_source_that_links_a_copy_is_warned_about(tmp_path):
    data = _dataset_with_source(tmp_path, BASE | {"url": "https://wikimili.com/en/Alphaville"})
    result = CliRunner().invoke(cli, ["validate", str(data)])
    assert result.exit_code == 0
    assert (
        f"{data.parent}/sources/test-article.json: warning: url: wikimili.com serves copies of other works, "
        "so readers would land on a copy; put the work's own address in url (for a Wikipedia article, its "
        'address on wikipedia.org) and record the copy as "read_at": {"url": ..., "accessed": ...}'
    ) in result.stderr


def test_a_source_that_gives_only_a_copy_is_warned_about(tmp_path):
    meta = {"id": "test-article", "title": "Alphaville", "url": None, "read_at": {"url": "https://x.example/a"}}
    data = _dataset_with_source(tmp_path, meta)
    result = CliRunner().invoke(cli, ["validate", str(data)])
    assert result.exit_code == 0
    assert (
        f"{data.parent}/sources/test-article.json: warning: gives only a copy (read_at) and names neither the "
        "work's publisher nor its author; cite the work: its publisher or author, and its own address in url "
        "where it has one"
    ) in result.stderr


def test_a_printed_work_read_in_a_copy_is_fine(tmp_path):
    meta = BASE | {"kind": "encyclopedia", "url": None, "read_at": {"url": "https://x.example/a"}}
    result = CliRunner().invoke(cli, ["validate", str(_dataset_with_source(tmp_path, meta))])
    assert result.exit_code == 0
    assert "warning" not in result.stderr


def test_a_citation_that_links_a_copy_is_warned_about(tmp_path):
    data = _dataset_with_source(tmp_path, BASE, citation_url="https://worddisk.com/wiki/Alphaville/")
    result = CliRunner().invoke(cli, ["validate", str(data)])
    assert result.exit_code == 0
    assert (
        'feature 0 (id "betatown"): warning: citations[0].url: worddisk.com serves copies of other works, so '
        'readers would land on a copy; drop the url (the map then links source "test-article"\'s own address) '
        "or give the work's own address"
    ) in result.stderr
    assert "valid, 1 warning (2 places, 1 event, 1 source)" in result.stdout, "a warning never drops the place"


def test_the_page_carries_the_work_and_its_kind_never_the_copy():
    dataset = load_dataset(VALID)
    source = build_payload(dataset, RenderOptions(), [])["sources"]["test-article"]
    assert source == {
        "title": "A test article about renamings",
        "author": "Test Author",
        "publisher": "mapgen tests",
        "url": "https://example.org/test-article",
        "kind": "scholarly",
    }
    assert dataset.sources["test-article"].read_at.url == "https://copies.example/test-article"


def test_list_links_the_work_never_the_copy():
    result = CliRunner().invoke(cli, ["list", str(VALID), "--format", "json"])
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert {row["source_links"] for row in rows} == {"https://example.org/test-article"}
    assert "copies.example" not in result.stdout


def test_sources_lists_each_work_with_its_grade_and_the_copy_it_was_read_in():
    result = CliRunner().invoke(cli, ["sources", str(VALID), "--format", "csv"])
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "id,kind,title,author,publisher,url,published,revision,read_at,cited_by",
        "test-article,scholarly,A test article about renamings,Test Author,mapgen tests,"
        "https://example.org/test-article,2026,,https://copies.example/test-article,betatown deltaburg speech",
    ]
    table = CliRunner().invoke(cli, ["sources", str(VALID)]).stdout
    assert "| `test-article` | scholarly | A test article about renamings, Test Author, mapgen tests " in table
    assert "| copies.example | betatown deltaburg speech |" in table


def test_an_unsigned_blog_linked_as_the_work_is_warned_about(tmp_path):
    meta = {"id": "test-article", "title": "Alphaville", "kind": "blog", "url": "https://pages.example/alphaville"}
    data = _dataset_with_source(tmp_path, meta)
    result = CliRunner().invoke(cli, ["validate", str(data)])
    assert result.exit_code == 0
    assert (
        f'{data.parent}/sources/test-article.json: warning: kind "blog": a page on pages.example is linked as the '
        "work but names neither its author nor its publisher; name who wrote or publishes it (an author's own "
        "blog is a work), or, if the page copies another work, cite that work in url and record this page as "
        '"read_at": {"url": ..., "accessed": ...}'
    ) in result.stderr


def test_an_authors_own_blog_may_be_cited_as_the_work(tmp_path):
    meta = {
        "id": "test-article",
        "title": "Alphaville",
        "kind": "blog",
        "author": "A. Writer",
        "url": "https://a.example/",
    }
    result = CliRunner().invoke(cli, ["validate", str(_dataset_with_source(tmp_path, meta))])
    assert result.exit_code == 0
    assert "warning" not in result.stderr


def test_a_blog_on_a_copy_host_is_named_as_linked_as_the_work(tmp_path):
    meta = BASE | {"kind": "blog", "url": "https://eurotomic.com/alphaville/"}
    result = CliRunner().invoke(cli, ["validate", str(_dataset_with_source(tmp_path, meta))])
    assert (
        "warning: url: eurotomic.com serves copies of other works, so readers would land on a copy (a blog or "
        "website page linked as the work); put the work's own address in url"
    ) in result.stderr


@pytest.mark.parametrize(
    "field, text, words",
    [
        ("notes", "Read via the project's reference search (pages corpus).", "reference search"),
        ("notes", "A search for its sentences returned a stored copy.", "A search for"),
        ("read_at", "the page as the search engine showed it", "search engine"),
        (
            "notes",
            "Travel guide. Found on the second independent check (2026-12-01).",
            "Found on the second independent check",
        ),
    ],
)
def test_notes_that_tell_how_a_text_was_found_are_warned_about(tmp_path, field, text, words):
    meta = BASE | {"url": "https://example.org/a", "accessed": "2026-11-28"}
    if field == "read_at":
        meta |= {"read_at": {"url": "https://copy.example/a", "accessed": "2026-11-28", "note": text}}
    else:
        meta |= {"notes": text}
    data = _dataset_with_source(tmp_path, meta)
    result = CliRunner().invoke(cli, ["validate", str(data)])
    where = "read_at.note" if field == "read_at" else "notes"
    assert (
        f"{data.parent}/sources/test-article.json: warning: {where}: says how the text was found ({words!r}); a "
        "reader cannot follow a search: say what the work is, and where and when its text was read"
    ) in result.stderr


def test_notes_about_the_work_itself_are_not_flagged(tmp_path):
    meta = BASE | {
        "url": "https://example.org/a",
        "notes": "Research institute; the searchable archive has the decree.",
    }
    result = CliRunner().invoke(cli, ["validate", str(_dataset_with_source(tmp_path, meta))])
    assert "warning" not in result.stderr


@pytest.mark.parametrize(
    "kinds, weak",
    [(["wiki"], True), (["wiki", "blog"], True), (["wiki", "news"], False), (["scholarly"], False), ([None], False)],
)
def test_the_page_marks_a_place_cited_only_from_wikis_and_blogs(tmp_path, kinds, weak):
    folder = tmp_path / "data"
    shutil.copytree(VALID.parent, folder)
    doc = json.loads((folder / "places.geojson").read_text(encoding="utf-8"))
    place = doc["features"][0]["properties"]
    for i, kind in enumerate(kinds):
        meta = {"id": f"s{i}", "title": f"Source {i}", "publisher": "p"} | ({"kind": kind} if kind else {})
        (folder / "sources" / f"s{i}.json").write_text(json.dumps(meta), encoding="utf-8")
    place["citations"] = [{"source": f"s{i}"} for i in range(len(kinds))]
    for key in ("history", "disagreements", "coordinates_source"):
        place.pop(key, None)
    (folder / "places.geojson").write_text(json.dumps(doc), encoding="utf-8")
    dataset = load_dataset(folder / "places.geojson")
    records = {r["id"]: r for r in build_payload(dataset, RenderOptions(), [])["places"]}
    assert ("weak" in records[place["id"]]) is weak
    assert all("weak" not in r for pid, r in records.items() if pid != place["id"])
