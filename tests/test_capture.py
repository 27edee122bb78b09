"""`mapgen source add`: capturing a source from saved pages, a PDF, a text file and a local
server (never the internet), the record it writes, the passages it prints, and its errors."""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import socket
import threading
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from mapgen.cli import main
from mapgen.pipeline import load_dataset
from tests.conftest import TESTS

PAGES = TESTS / "data" / "pages"
TODAY = date.today().isoformat()

PLACES = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [44.5147, 48.7086]},
            "properties": {
                "id": "volgograd",
                "old_name": "Stalingrad",
                "new_name": "Volgograd",
                "old_name_native": "Сталинград",
                "year": 1961,
                "citations": [{"source": "seed"}],
            },
        },
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [37.8028, 48.0159]},
            "properties": {
                "id": "donetsk",
                "old_name": "Stalino",
                "new_name": "Donetsk",
                "new_name_native": "Донецьк",
                "year": 1961,
                "citations": [{"source": "seed"}],
            },
        },
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [35.0462, 48.4647]},
            "properties": {
                "id": "dnipro",
                "old_name": "Dnipropetrovsk",
                "new_name": "Dnipro",
                "year": 2016,
                "citations": [{"source": "seed"}],
            },
        },
    ],
}


@pytest.fixture
def data(tmp_path) -> Path:
    """A three-place dataset with one source of its own, in a fresh folder."""
    path = tmp_path / "places.geojson"
    path.write_text(json.dumps(PLACES, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "seed.json").write_text('{"id": "seed", "title": "Seed"}', encoding="utf-8")
    return path


@pytest.fixture
def runner():
    return CliRunner()


def add(runner, *args):
    return runner.invoke(main, ["source", "add", *map(str, args)])


def files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def make_pdf(path: Path, lines: list[bytes], title: str | None, author: str | None) -> Path:
    """A small PDF with real text (Helvetica, WinAnsi: b"\\x92" is ’), made with pypdf."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(612, 792)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
            NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
        }
    )
    resources = DictionaryObject({NameObject("/F1"): writer._add_object(font)})
    page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): resources})
    content = b"BT /F1 12 Tf 14 TL 72 720 Td " + b" ".join(b"(" + line + b") '" for line in lines) + b" ET"
    stream = DecodedStreamObject()
    stream.set_data(content)
    page[NameObject("/Contents")] = writer._add_object(stream)
    metadata = {k: v for k, v in (("/Title", title), ("/Author", author)) if v}
    if metadata:
        writer.add_metadata(metadata)
    with path.open("wb") as handle:
        writer.write(handle)
    return path


@pytest.fixture
def server(tmp_path):
    """The saved pages (and a PDF) served on 127.0.0.1, as a website would serve them."""
    root = tmp_path / "site"
    shutil.copytree(PAGES, root)
    make_pdf(root / "report.pdf", [b"Stalino became Donetsk in 1961."], "A report on Donetsk", None)
    handler = functools.partial(_QuietHandler, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # the test output stays readable
        pass


# --- a saved web page ---------------------------------------------------------------------


def test_a_saved_article_is_stored_without_its_menus_and_adverts(runner, data):
    result = add(runner, PAGES / "gazette-1961.html", "--data", data)
    assert result.exit_code == 0, result.output
    folder = data.parent / "sources"
    assert files(folder) == ["seed.json", "three-cities-lose-stalins-name.json", "three-cities-lose-stalins-name.txt"]
    text = (folder / "three-cities-lose-stalins-name.txt").read_text(encoding="utf-8")
    assert "In November 1961 the city of Stalingrad on the Volga was renamed Volgograd." in text
    assert "Stalino, the centre of the Donbas coal basin, became Donetsk" in text
    for boilerplate in ("ADVERTISEMENT", "Subscribe", "Related stories", "All rights reserved", "Home"):
        assert boilerplate not in text
    assert "“Stalingrad”" in text and "Stalin’s" in text  # stored as published, never straightened
    record = json.loads((folder / "three-cities-lose-stalins-name.json").read_text(encoding="utf-8"))
    assert record == {
        "id": "three-cities-lose-stalins-name",
        "kind": "news",
        "guessed": ["kind"],
        "title": "Three cities lose Stalin’s name",
        "author": "Ada Sample",
        "publisher": "The Example Gazette",
        "url": "https://gazette.example/history/1961/three-cities-renamed",
        "published": "2021-11-10",
        "accessed": TODAY,
    }


def test_the_report_shows_the_record_the_lookalikes_and_the_passages_to_paste(runner, data):
    result = add(runner, PAGES / "gazette-1961.html", "--data", data, "--id", "gazette-1961")
    assert result.exit_code == 0, result.output
    folder = data.parent / "sources"
    assert result.stdout == (
        f"Wrote {folder / 'gazette-1961.txt'} (717 characters) and gazette-1961.json:\n"
        "  title      Three cities lose Stalin’s name\n"
        "  author     Ada Sample\n"
        "  publisher  The Example Gazette\n"
        "  url        https://gazette.example/history/1961/three-cities-renamed\n"
        "  published  2021-11-10\n"
        f"  accessed   {TODAY}\n"
        "  kind       news (guessed: check it)\n"
        'Once checked, delete "guessed" from gazette-1961.json; mapgen validate reminds you until then.\n'
        "Look-alike characters in the text: ’ U+2019 RIGHT SINGLE QUOTATION MARK (5), "
        "“ U+201C LEFT DOUBLE QUOTATION MARK (1), ” U+201D RIGHT DOUBLE QUOTATION MARK (1). "
        "Copy quotes from here or from gazette-1961.txt rather than typing them: "
        "quotes must match character for character.\n"
        "\n"
        f'Passages that name places of {data}, to paste into the place\'s "citations":\n'
        "\n"
        "volgograd (feature 0; Stalingrad, Volgograd, Сталинград):\n"
        '  {"source": "gazette-1961", "quote": "In November 1961 the city of Stalingrad on the Volga was renamed '
        'Volgograd."}\n'
        '  {"source": "gazette-1961", "quote": "Residents of the city on the Volga still call it “Stalingrad” on some '
        'anniversaries of the battle, and the city’s name, Сталинград in Russian, appears on a few memorials."}\n'
        "\n"
        "donetsk (feature 1; Stalino, Donetsk):\n"
        '  {"source": "gazette-1961", "quote": "The same autumn Stalino, the centre of the Donbas coal basin, became '
        'Donetsk, named after the river Donets."}\n'
        "\n"
        "2 of 3 places named in the text. Not named: dnipro.\n"
    )


def test_a_pasted_passage_validates_and_the_guess_is_a_warning_until_removed(runner, data):
    add(runner, PAGES / "gazette-1961.html", "--data", data, "--id", "gazette-1961")
    document = json.loads(data.read_text(encoding="utf-8"))
    document["features"][1]["properties"]["citations"].append(
        {
            "source": "gazette-1961",
            "quote": "The same autumn Stalino, the centre of the Donbas coal basin, became Donetsk, named after the river Donets.",
        }
    )
    data.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    meta = data.parent / "sources" / "gazette-1961.json"
    result = runner.invoke(main, ["validate", str(data), "--gazetteer-km", "0"])
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        f'{meta}: warning: guessed: kind "news" was guessed when the source was added; '
        'check it against the work, then delete "guessed"\n'
    )
    record = json.loads(meta.read_text(encoding="utf-8"))
    del record["guessed"]
    meta.write_text(json.dumps(record), encoding="utf-8")
    result = runner.invoke(main, ["validate", str(data), "--gazetteer-km", "0"])
    assert (result.exit_code, result.stderr) == (0, "")
    assert load_dataset(data).sources["gazette-1961"].url == "https://gazette.example/history/1961/three-cities-renamed"


def test_a_copy_on_a_copy_host_cites_the_original_and_records_the_copy(runner, data):
    result = add(runner, PAGES / "copy-of-wikipedia.html", "--data", data)
    assert result.exit_code == 0, result.output
    record = json.loads((data.parent / "sources" / "donetsk.json").read_text(encoding="utf-8"))
    assert record == {
        "id": "donetsk",
        "kind": "wiki",
        "guessed": ["kind"],
        "title": "Donetsk",
        "author": None,  # the copy's "WordDisk editors" are not the work's authors
        "publisher": "Wikipedia (English)",
        "url": "https://en.wikipedia.org/wiki/Donetsk",
        "published": None,
        "accessed": None,
        "read_at": {"url": "https://worddisk.com/wiki/Donetsk/", "accessed": TODAY, "note": "a copy on worddisk.com"},
    }
    assert f"  read at    https://worddisk.com/wiki/Donetsk/ (a copy on worddisk.com, {TODAY})\n" in result.stdout
    assert "donetsk (feature 1; Stalino, Donetsk, Донецьк):\n" in result.stdout
    result = runner.invoke(main, ["validate", str(data), "--gazetteer-km", "0"])
    assert result.exit_code == 0, result.output
    assert "serves copies" not in result.stderr  # the copy is recorded, never cited


def test_a_copy_that_names_no_original_is_recorded_as_a_copy_and_says_what_is_missing(runner, data, tmp_path):
    page = tmp_path / "saved.html"
    page.write_text(
        (PAGES / "gazette-1961.html")
        .read_text(encoding="utf-8")
        .replace("https://gazette.example/history/1961/three-cities-renamed", "https://wikimili.com/en/Three_cities"),
        encoding="utf-8",
    )
    result = add(runner, page, "--data", data, "--id", "copy")
    assert result.exit_code == 0, result.output
    record = json.loads((data.parent / "sources" / "copy.json").read_text(encoding="utf-8"))
    assert (record["url"], record["author"], record["publisher"], record["published"], record["accessed"]) == (
        None,
        None,
        None,
        None,
        None,
    )
    assert record["read_at"] == {
        "url": "https://wikimili.com/en/Three_cities",
        "accessed": TODAY,
        "note": "a copy on wikimili.com",
    }
    assert result.stdout.startswith(
        f"Wrote {data.parent / 'sources' / 'copy.txt'} (717 characters) and copy.json:\n"
        "  title      Three cities lose Stalin’s name\n"
        "  author     (not taken from the copy, whose own they would be: add the work's)\n"
        "  publisher  (not taken from the copy, whose own they would be: add the work's)\n"
        "  url        (not found: the page read is a copy that names no original; put the work's own address here)\n"
        "  published  (not taken from the copy, whose own they would be: add the work's)\n"
        "  accessed   (none: the text was read in the copy below)\n"
        f"  read at    https://wikimili.com/en/Three_cities (a copy on wikimili.com, {TODAY})\n"
    )
    result = runner.invoke(main, ["validate", str(data), "--gazetteer-km", "0"])
    assert "gives only a copy (read_at) and names neither the work's publisher nor its author" in result.stderr


def test_a_page_in_another_encoding_is_stored_as_utf8_under_a_transliterated_id(runner, data, tmp_path):
    page = tmp_path / "saved.html"
    page.write_bytes(
        (
            '<!DOCTYPE html><html><head><meta charset="windows-1251"><title>Переименования 1961 года</title></head>'
            "<body><nav>Главная | Новости</nav><article><h1>Переименования 1961 года</h1>"
            "<p>В ноябре 1961 года Сталинград был переименован в Волгоград. Это решение приняли после съезда.</p>"
            "</article><footer>Все права защищены</footer></body></html>"
        ).encode("cp1251")
    )
    result = add(runner, page, "--data", data)
    assert result.exit_code == 0, result.output
    text = (data.parent / "sources" / "pereimenovaniya-1961-goda.txt").read_text(encoding="utf-8")
    assert text == (
        "Переименования 1961 года\n"
        "В ноябре 1961 года Сталинград был переименован в Волгоград. Это решение приняли после съезда.\n"
    )
    assert (
        "volgograd (feature 0; Сталинград):\n"
        '  {"source": "pereimenovaniya-1961-goda", "quote": "В ноябре 1961 года Сталинград был переименован в Волгоград."}\n'
    ) in result.stdout


def test_a_page_saved_as_one_file_mhtml_is_read_with_the_address_it_was_saved_from(runner, data, tmp_path):
    from email import policy
    from email.message import EmailMessage

    saved = EmailMessage(policy=policy.default)  # as Chrome's "Webpage, Single File" writes it
    saved["From"] = "<Saved by Blink>"
    saved["Snapshot-Content-Location"] = "https://worddisk.com/wiki/Donetsk/"
    saved["MIME-Version"] = "1.0"
    saved.make_related()
    html = (PAGES / "copy-of-wikipedia.html").read_text(encoding="utf-8")
    saved.add_related(
        html.replace('<meta property="og:url" content="https://worddisk.com/wiki/Donetsk/">\n', ""),
        subtype="html",
        cte="quoted-printable",
    )
    page = tmp_path / "Donetsk - WordDisk.mhtml"
    page.write_bytes(saved.as_bytes())
    result = add(runner, page, "--data", data)
    assert result.exit_code == 0, result.output
    record = json.loads((data.parent / "sources" / "donetsk.json").read_text(encoding="utf-8"))
    assert record["url"] == "https://en.wikipedia.org/wiki/Donetsk"
    assert record["read_at"]["url"] == "https://worddisk.com/wiki/Donetsk/"  # from the file's own header
    text = (data.parent / "sources" / "donetsk.txt").read_text(encoding="utf-8")
    assert "The city was called Stalino until 1961" in text and "=3D" not in text and "Random article" not in text


def test_a_page_with_no_text_is_refused_and_nothing_is_written(runner, data):
    result = add(runner, PAGES / "menus-only.html", "--data", data)
    assert result.exit_code == 1
    assert result.stderr == (
        f"{PAGES / 'menus-only.html'}: no text could be extracted from this web page (a page that loads its text "
        "with a script, or a PDF of scanned images, has none to give); copy the work's text into a UTF-8 .txt file "
        "and pass that.\n"
    )
    assert files(data.parent / "sources") == ["seed.json"]


# --- a PDF and a text file ----------------------------------------------------------------


def test_a_pdf_gives_its_text_title_and_author(runner, data, tmp_path):
    pdf = make_pdf(
        tmp_path / "report.pdf",
        [b"In 1961 Stalino was renamed Donetsk.", b"The city\x92s old name was Stalino."],
        "Renamings in the Donbas",
        "Ada Sample",
    )
    result = add(runner, pdf, "--data", data)
    assert result.exit_code == 0, result.output
    folder = data.parent / "sources"
    text = (folder / "renamings-in-the-donbas.txt").read_text(encoding="utf-8")
    assert text == "In 1961 Stalino was renamed Donetsk.\nThe city’s old name was Stalino.\n"
    record = json.loads((folder / "renamings-in-the-donbas.json").read_text(encoding="utf-8"))
    assert record == {
        "id": "renamings-in-the-donbas",
        "title": "Renamings in the Donbas",
        "author": "Ada Sample",
        "publisher": None,
        "url": None,
        "published": None,
        "accessed": TODAY,
    }
    assert (
        "  kind       (not guessed: add one of encyclopedia, wiki, news, official, scholarly, reference, blog)\n"
        in (result.stdout)
    )
    assert '  {"source": "renamings-in-the-donbas", "quote": "In 1961 Stalino was renamed Donetsk."}\n' in result.stdout


def test_a_broken_pdf_is_named_without_pypdf_noise(runner, data, tmp_path):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\nnot really a pdf\n")
    result = add(runner, broken, "--data", data)
    assert result.exit_code == 1
    assert result.stderr == (
        f"{broken}: cannot be read as a PDF (Stream has ended unexpectedly); download it again, or pass its text.\n"
    )
    assert files(data.parent / "sources") == ["seed.json"]


def test_a_text_file_is_stored_as_it_is_with_its_first_line_as_a_guessed_title(runner, data):
    result = add(runner, PAGES / "notes.txt", "--data", data, "--id", "notes")
    assert result.exit_code == 0, result.output
    folder = data.parent / "sources"
    assert (folder / "notes.txt").read_bytes() == (PAGES / "notes.txt").read_bytes()
    record = json.loads((folder / "notes.json").read_text(encoding="utf-8"))
    assert record["title"] == "Notes on renamed cities" and record["guessed"] == ["title"]
    assert "  title      Notes on renamed cities (guessed from the first line: check it)\n" in result.stdout
    assert "Look-alike" not in result.stdout  # a straight apostrophe alone is no trap
    assert "dnipro (feature 2; Dnipropetrovsk, Dnipro):\n" in result.stdout
    result = runner.invoke(main, ["validate", str(data), "--gazetteer-km", "0"])
    assert result.stderr == (
        f'{folder / "notes.json"}: warning: guessed: title "Notes on renamed cities" was guessed when the source was '
        'added; check it against the work, then delete "guessed"\n'
    )


def test_a_text_file_that_opens_with_a_sentence_gets_its_id_from_its_name_and_a_short_title(runner, data, tmp_path):
    """A first line that is a paragraph is no title: its start stands in, and the id is the
    file's own name rather than the paragraph cut after six words; both are said to be made."""
    notes = tmp_path / "council-minutes-1991.txt"
    notes.write_text(
        "On 4 October 1991 the council resolved that Comrade Vetrov Street shall be known as Anna Lind Street "
        "from 1 November 1991, and that Red Guards Lane shall be known as Ropewalk Lane from the same date.\n",
        encoding="utf-8",
    )
    result = add(runner, notes, "--data", data)
    assert result.exit_code == 0, result.output
    folder = data.parent / "sources"
    assert files(folder) == ["council-minutes-1991.json", "council-minutes-1991.txt", "seed.json"]
    record = json.loads((folder / "council-minutes-1991.json").read_text(encoding="utf-8"))
    title = "On 4 October 1991 the council resolved that Comrade Vetrov Street shall be known as…"
    assert record["title"] == title and record["guessed"] == ["title"]
    assert result.stdout.splitlines()[1:3] == [
        "  id         council-minutes-1991 (made from the file name; --id ID chooses another)",
        f"  title      {title} (guessed from the first line: check it)",
    ]


def test_an_id_made_from_a_title_does_not_end_on_a_small_word(runner, data, tmp_path):
    page = tmp_path / "saved.html"
    page.write_text(
        "<html><head><title>Decree No. 14 of 1993 on the names of towns</title></head>"
        "<body><article><p>Article 1. The town of Radanovac shall bear the name Selna, as the decree says.</p>"
        "<p>Article 2. This decree enters into force on 1 July 1993, as published in the journal.</p></article></body></html>",
        encoding="utf-8",
    )
    result = add(runner, page, "--data", data)
    assert result.exit_code == 0, result.output
    assert "  id         decree-no-14-of-1993 (made from the title; --id ID chooses another)\n" in result.stdout
    assert (data.parent / "sources" / "decree-no-14-of-1993.json").exists()


def test_a_spreadsheet_gets_its_passages_as_cells(runner, tmp_path):
    csv = tmp_path / "places.csv"
    csv.write_text(
        "id,old_name,new_name,new_name_native,year,lon,lat,citation1_source,citation1_quote\n"
        "dnipro,Dnipropetrovsk,Dnipro,Дніпро,2016,35.0462,48.4647,,\n",
        encoding="utf-8",
    )
    result = add(runner, PAGES / "notes.txt", "--data", csv, "--id", "notes")
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith(
        f"Passages that name places of {csv}, to paste into citationN_source (notes) and citationN_quote:\n"
        "\n"
        "dnipro (row 2; Dnipropetrovsk, Dnipro, Дніпро):\n"
        "  In May 2016 Dnipropetrovsk was renamed Dnipro.\n"
        "  The city's name in Ukrainian is Дніпро.\n"
        "\n"
        "1 of 1 place named in the text.\n"
    )
    assert (tmp_path / "sources" / "notes.txt").exists()


# --- an address, from a local server ------------------------------------------------------


def test_an_address_is_fetched_and_becomes_the_url_when_the_page_names_none(runner, data, server):
    result = add(runner, f"{server}/notes.txt", "--data", data, "--id", "notes")
    assert result.exit_code == 0, result.output
    record = json.loads((data.parent / "sources" / "notes.json").read_text(encoding="utf-8"))
    assert record["url"] == f"{server}/notes.txt" and record["accessed"] == TODAY


def test_a_fetched_page_cites_its_canonical_address(runner, data, server):
    result = add(runner, f"{server}/gazette-1961.html", "--data", data, "--id", "gazette")
    assert result.exit_code == 0, result.output
    record = json.loads((data.parent / "sources" / "gazette.json").read_text(encoding="utf-8"))
    assert record["url"] == "https://gazette.example/history/1961/three-cities-renamed"
    assert "Stalino, the centre of the Donbas" in (data.parent / "sources" / "gazette.txt").read_text(encoding="utf-8")


def test_a_fetched_pdf_is_read_as_a_pdf(runner, data, server):
    result = add(runner, f"{server}/report.pdf", "--data", data)
    assert result.exit_code == 0, result.output
    folder = data.parent / "sources"
    assert (folder / "a-report-on-donetsk.txt").read_text(encoding="utf-8") == "Stalino became Donetsk in 1961.\n"
    assert (
        json.loads((folder / "a-report-on-donetsk.json").read_text(encoding="utf-8"))["url"] == f"{server}/report.pdf"
    )


def test_a_missing_page_on_the_server_is_named(runner, data, server):
    result = add(runner, f"{server}/gone.html", "--data", data)
    assert result.exit_code == 1
    assert result.stderr == (
        f"{server}/gone.html: the server answered 404 File not found; check the address, or save the page in your "
        "browser (File > Save Page As..., as HTML) or download the PDF, and pass the file: "
        "mapgen source add page.html.\n"
    )
    assert files(data.parent / "sources") == ["seed.json"]


def test_an_address_that_cannot_be_reached_says_to_save_the_page(runner, data):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = add(runner, f"http://127.0.0.1:{port}/article", "--data", data)
    assert result.exit_code == 1
    assert result.stderr == (
        f"http://127.0.0.1:{port}/article: cannot be reached (Connection refused); mapgen may be offline: save the "
        "page in your browser (File > Save Page As..., as HTML) or download the PDF, and pass the file: "
        "mapgen source add page.html.\n"
    )


# --- errors: nothing is written -----------------------------------------------------------


def test_a_missing_file_is_named(runner, data, tmp_path):
    result = add(runner, tmp_path / "nope.html", "--data", data)
    assert result.exit_code == 1
    assert result.stderr == (
        f"{tmp_path / 'nope.html'}: file not found; pass a saved web page (.html), a PDF or a text file, "
        "or an http(s) address.\n"
    )


def test_a_file_that_is_no_page_pdf_or_text_is_refused(runner, data, tmp_path):
    document = tmp_path / "article.docx"
    document.write_bytes(b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(64))
    result = add(runner, document, "--data", data)
    assert result.exit_code == 1
    assert result.stderr == (
        f"{document}: is neither a web page (HTML), a PDF nor a text file (it holds binary data); "
        "save the work as a web page, a PDF or plain text (UTF-8).\n"
    )
    latin1 = tmp_path / "notes.txt"
    latin1.write_bytes("Kiev\nthe city\x92s name".encode("latin-1"))
    result = add(runner, latin1, "--data", data)
    assert result.stderr == (
        f"{latin1}: line 2: byte 0x92 is not UTF-8; save the text as UTF-8, or pass the web page or PDF itself.\n"
    )
    assert files(data.parent / "sources") == ["seed.json"]


def test_an_id_that_is_not_a_slug_is_refused(runner, data):
    result = add(runner, PAGES / "notes.txt", "--data", data, "--id", "Notes 2016")
    assert result.exit_code == 1
    assert result.stderr == (
        '--id "Notes 2016": a source id is lowercase letters and digits in words joined by single hyphens, '
        'such as "gazette-1961"; choose another id.\n'
    )


def test_a_taken_id_is_refused_unless_forced(runner, data):
    seed = data.parent / "sources" / "seed.json"
    result = add(runner, PAGES / "notes.txt", "--data", data, "--id", "seed")
    assert result.exit_code == 1
    assert result.stderr == (
        f'{seed}: source "seed" already exists; choose another --id, or pass --force to replace it.\n'
    )
    assert seed.read_text(encoding="utf-8") == '{"id": "seed", "title": "Seed"}'
    result = add(runner, PAGES / "notes.txt", "--data", data, "--id", "seed", "--force")
    assert result.exit_code == 0, result.output
    assert json.loads(seed.read_text(encoding="utf-8"))["title"] == "Notes on renamed cities"


def test_a_missing_dataset_is_named_before_anything_is_read(runner, tmp_path):
    result = add(runner, PAGES / "notes.txt", "--data", tmp_path / "places.geojson")
    assert result.exit_code == 1
    assert result.stderr == (
        f"{tmp_path / 'places.geojson'}: file not found; pass the dataset the source is for with --data "
        "(default: data/places.geojson), or start one with mapgen new DIR.\n"
    )
    assert files(tmp_path) == []


def test_a_failed_write_leaves_both_files_as_they_were(runner, data, monkeypatch):
    folder = data.parent / "sources"
    (folder / "seed.txt").write_text("old text\n", encoding="utf-8")
    before = {name: (folder / name).read_bytes() for name in files(folder)}
    real_replace = os.replace

    def replace(src, dst):
        if str(dst).endswith(".json") and str(src).endswith(".tmp"):
            raise OSError(28, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    result = add(runner, PAGES / "notes.txt", "--data", data, "--id", "seed", "--force")
    assert result.exit_code == 1
    assert (
        result.stderr
        == f"{folder / 'seed.json'}: cannot write: No space left on device; the previous files are unchanged.\n"
    )
    assert {name: (folder / name).read_bytes() for name in files(folder)} == before
    result = add(runner, PAGES / "notes.txt", "--data", data, "--id", "fresh")
    assert result.exit_code == 1
    assert files(folder) == sorted(before)  # neither file of a new source, no temporary file left
