"""`mapgen watch` as a user runs it: edits trigger rebuilds; a bad edit keeps the last good map."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from mapgen.options import RenderOptions, Tiles
from mapgen.watch import Rebuild, watch
from tests.conftest import VALID


@pytest.fixture
def data(tmp_path):
    shutil.copytree(VALID.parent, tmp_path / "data")
    return tmp_path / "data" / "places.geojson"


def wait_for(condition, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the watcher")
        time.sleep(0.05)


def edit(path: Path, change) -> None:
    doc = json.loads(path.read_text(encoding="utf-8"))
    change(doc)
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


def test_watch_rebuilds_on_edits_and_keeps_the_last_good_map(data, tmp_path):
    out = tmp_path / "out" / "map.html"
    outcomes: list[Rebuild] = []
    stop = threading.Event()
    thread = threading.Thread(target=watch, args=(data, out, RenderOptions(tiles=Tiles.NONE), outcomes.append, stop))
    thread.start()
    try:
        wait_for(lambda: len(outcomes) == 1)
        assert outcomes[0].result is not None and out.exists()

        edit(data, lambda d: d.update(title="Edited title"))
        wait_for(lambda: len(outcomes) == 2)
        assert outcomes[1].result is not None
        good = out.read_bytes()
        assert b"Edited title" in good

        edit(data, lambda d: d["features"][0]["properties"].update(year="19x1"))
        wait_for(lambda: len(outcomes) == 3)
        assert outcomes[2].error is not None
        assert "year: expected a whole year" in outcomes[2].error.report()
        assert out.read_bytes() == good

        # A change to a source counts too: breaking the quoted text is reported.
        edit(data, lambda d: d["features"][0]["properties"].update(year=1961))
        wait_for(lambda: len(outcomes) == 4)
        (data.parent / "sources" / "test-article.txt").write_text("Nothing quotable here.", encoding="utf-8")
        wait_for(lambda: len(outcomes) == 5)
        assert "not found verbatim" in outcomes[4].error.report()
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive()


def test_watch_command_prints_rebuilds_and_errors(data, tmp_path):
    out = tmp_path / "map.html"
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    process = subprocess.Popen(
        [sys.executable, "-m", "mapgen", "watch", str(data), "-o", str(out), "--tiles", "none"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    # Read the output as it comes, so the test waits for what watch says rather than a fixed time
    # (a loaded CI machine may take a while to notice the edit).
    said: dict[str, list[str]] = {"out": [], "err": []}
    readers = [
        threading.Thread(target=lambda s=stream, k=key: said[k].extend(iter(s.readline, "")), daemon=True)
        for stream, key in ((process.stdout, "out"), (process.stderr, "err"))
    ]
    for reader in readers:
        reader.start()
    try:
        wait_for(lambda: any("Waiting for changes" in line for line in said["out"]), timeout=60)
        first = out.read_bytes()
        edit(data, lambda d: d["features"][0]["properties"].update(year="19x1"))
        wait_for(lambda: any("Kept the last good map" in line for line in said["err"]), timeout=30)
        assert out.read_bytes() == first
    finally:
        process.terminate()
        process.wait(timeout=10)
        for reader in readers:
            reader.join(timeout=10)
    stdout, stderr = "".join(said["out"]), "".join(said["err"])
    assert stdout.startswith(f"Watching {data} and {data.parent / 'sources'} (Ctrl-C to stop).\n")
    assert f"Rebuilt {out} (2 places and 1 event, " in stdout
    assert f'{data}: feature 0 (id "betatown"): year: expected a whole year' in stderr
    assert f"Kept the last good map at {out}. Waiting for changes…" in stderr
    assert "Traceback" not in stderr


def test_watch_a_folder_that_does_not_exist(tmp_path):
    from click.testing import CliRunner

    from mapgen.cli import main

    missing = tmp_path / "nowhere" / "places.geojson"
    result = CliRunner().invoke(main, ["watch", str(missing)])
    assert result.exit_code == 1
    assert result.stderr == f"{missing}: the folder {missing.parent} does not exist, so there is nothing to watch.\n"
    assert "Traceback" not in result.output
