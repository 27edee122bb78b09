"""The shipped dataset: it validates, one case per place, with honest citations."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest

from mapgen.pipeline import load_dataset
from tests.conftest import SHIPPED

RAW = json.loads(SHIPPED.read_text(encoding="utf-8"))
DOCS = (SHIPPED.parent.parent / "docs" / "data-sources.md").read_text(encoding="utf-8")
IDS = [f["properties"]["id"] for f in RAW["features"]]


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(SHIPPED)


def test_shipped_data_validates_without_warnings(dataset):
    assert dataset.warnings == ()
    assert len(dataset.renamings) >= 75
    assert len(dataset.events) == 4


@pytest.mark.parametrize("place_id", IDS)
def test_each_place_is_valid_and_cited(dataset, place_id):
    place = next(p for p in dataset.places if p.id == place_id)
    assert place.citations, "every place has at least one citation"
    for citation in place.citations:
        source = dataset.sources[citation.source]
        assert source.title
        if citation.quote:
            assert " ".join(citation.quote.split()) in " ".join(source.text.split())
    feature = next(f for f in RAW["features"] if f["properties"]["id"] == place_id)
    lon, lat = feature["geometry"]["coordinates"]
    assert round(lon, 4) == lon and round(lat, 4) == lat, "coordinates carry 4 decimals"


def test_ids_are_unique():
    assert [i for i, n in Counter(IDS).items() if n > 1] == []


def test_no_two_places_share_coordinates():
    coords = Counter(tuple(f["geometry"]["coordinates"]) for f in RAW["features"])
    assert [c for c, n in coords.items() if n > 1] == []


def test_the_article_is_quoted_for_the_three_cities_it_names(dataset):
    article = {
        "volgograd": "Stalingrad was renamed to Volgograd",
        "dushanbe": "renamed ‘Dushanbe,’",
        "tskhinvali": "renamed ‘Tskhinvali.’",
    }
    for place_id, words in article.items():
        place = next(p for p in dataset.places if p.id == place_id)
        quotes = [c.quote for c in place.citations if c.source == "de-stalinization" and c.quote]
        assert any(words in q for q in quotes), place_id
        assert place.year == 1961


# Hosts that serve copies of other works (mirrors, scrapers, proxies, machine translations),
# kept here on their own so the test does not trust the validator's list. A work's `url`
# must never be on one of them: the copy belongs in `read_at`.
COPY_HOSTS = (
    "wikimili.com", "piglix.com", "perceptio", "academic.com", "academic.ru", "memim.com", "worddisk.com",
    "the-uncensored-wiki", "askwikinow.com", "azureedge.net", "abcdef.wiki", "howlingpixel.com", "osmarks.net",
    "ipfs", "kiwix", "wikiwand.com", "wikizero", "wiki7.org", "profound-information.com", "definithing.com",
    "frwiki.wiki", "qaz.wiki", "zxc.wiki", "owiki.org", "wiki2.org", "cinxe.com", "liquisearch.com",
    "eurotomic.com", "gearthhacks.com", "holidaytravel.cc", "loveme.com",
)  # fmt: skip
COPY_TLDS = (".gay", ".cfd", ".sbs", ".asia", ".click")
SOURCES = sorted((SHIPPED.parent / "sources").glob("*.json"))


def _on_a_copy_host(url: str | None) -> bool:
    from urllib.parse import urlsplit

    host = (urlsplit(url).hostname or "") if url else ""
    return bool(host) and (any(h in host for h in COPY_HOSTS) or host.endswith(COPY_TLDS))


@pytest.mark.parametrize("path", SOURCES, ids=[p.stem for p in SOURCES])
def test_each_source_names_the_work_not_a_copy(path):
    meta = json.loads(path.read_text(encoding="utf-8"))
    assert meta.get("kind"), "every shipped source says what kind of work it is"
    assert not _on_a_copy_host(meta.get("url")), "the work's url is a copy: record it under read_at"
    assert meta["id"] in DOCS, "docs/data-sources.md grades every source"


def test_no_citation_links_a_copy():
    urls = [c.get("url") for f in RAW["features"] for c in f["properties"]["citations"]]
    assert [u for u in urls if _on_a_copy_host(u)] == []


def test_every_citation_resolves_to_a_work(dataset):
    for place in dataset.places:
        for citation in place.citations:
            source = dataset.sources[citation.source]
            assert source.title and source.kind, (place.id, citation.source)


def test_the_built_page_never_carries_a_copy_address(built_maps):
    page = built_maps(SHIPPED).read_text(encoding="utf-8")
    copies = [json.loads(p.read_text(encoding="utf-8")).get("read_at") for p in SOURCES]
    for read_at in filter(None, copies):
        if not _on_a_copy_host(read_at["url"]):
            continue  # a copy on the work's own site (an archive of it) may share its address
        assert read_at["url"] not in page


def test_the_built_page_links_no_host_on_the_copy_list(built_maps):
    """Every address in the built page (a work's url, a citation's, a link) is checked against
    ``mapgen/checks/data/copy_hosts.txt``, the list ``mapgen validate`` warns from."""
    from mapgen.checks.copies import copy_host

    page = built_maps(SHIPPED).read_text(encoding="utf-8")
    urls = set(re.findall(r"https?://[^\s\"'<>\\)]+", page))
    assert len(urls) > 100, "the page carries the works' addresses"
    assert sorted(u for u in urls if copy_host(u)) == []


def test_every_source_that_speaks_of_its_finding_is_rewritten():
    """No source record says how its text was found (a search), only what it is and where it was read."""
    said = [
        p.stem
        for p in SOURCES
        if re.search(r"reference search|search (tool|result|corpus)", p.read_text("utf-8"), re.I)
    ]
    assert said == []


def test_docs_list_every_source_as_the_data_has_it(dataset):
    """docs/data-sources.md carries `mapgen sources --format markdown`; refresh it when sources change."""
    from mapgen.outputs.bibliography import SourcesFormat, format_sources, source_rows

    begin, end = "<!-- mapgen sources: begin -->\n", "<!-- mapgen sources: end -->"
    table = DOCS[DOCS.index(begin) + len(begin) : DOCS.index(end)]
    assert table == format_sources(source_rows(dataset), SourcesFormat.MARKDOWN)


#: The kinds of source, strongest first, as docs/data-sources.md counts them.
KINDS = ("encyclopedia", "news", "official", "scholarly", "reference", "wiki", "blog")


def records_by_kind(dataset) -> str:
    """The table in docs/data-sources.md: per kind, its sources and the records citing one of them."""
    from mapgen.page.payload import rests_on_wikis_and_blogs

    rows = ["| kind | sources | records citing one |", "| --- | ---: | ---: |"]
    for kind in KINDS:
        sources = {i for i, s in dataset.sources.items() if s.kind and s.kind.value == kind}
        cited = [p for p in dataset.places if any(c.source in sources for c in p.citations)]
        rows.append(f"| {kind} | {len(sources)} | {len(cited)} |")
    weak = sum(rests_on_wikis_and_blogs(p, dataset.sources) for p in dataset.places)
    rows.append(f"| only wiki and blog sources | | {weak} of {len(dataset.places)} |")
    return "\n".join(rows) + "\n"


def _block(name: str) -> str:
    begin, end = f"<!-- {name}: begin -->\n", f"<!-- {name}: end -->"
    return DOCS[DOCS.index(begin) + len(begin) : DOCS.index(end)]


def test_docs_count_the_records_resting_on_each_kind_of_source(dataset):
    assert _block("records by kind") == records_by_kind(dataset)


def test_docs_list_the_records_with_only_wiki_and_blog_sources(dataset):
    """Every record the popup marks "only wiki and blog sources found" is listed, with what was searched."""
    from mapgen.page.payload import rests_on_wikis_and_blogs

    listed = re.findall(r"^- \*\*([a-z0-9-]+)\*\* —", _block("wiki and blog only"), re.M)
    weak = [p.id for p in dataset.places if rests_on_wikis_and_blogs(p, dataset.sources)]
    assert sorted(listed) == sorted(weak)


@pytest.mark.parametrize("place_id", IDS)
def test_docs_describe_every_place(place_id):
    assert f"`{place_id}`" in DOCS or f"**{place_id}**" in DOCS or f"| {place_id} |" in DOCS
