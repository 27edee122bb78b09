"""Deterministic benchmark datasets in mapgen's format.

Two kinds, both seeded (the same arguments give the same bytes), both passing ``mapgen validate``:

``write_copies(folder, n, seed)`` (the benchmark's default) copies the shipped places
(``data/places.geojson``, each with its real history, native names, disagreements and full
quotes) ``n`` times round-robin to random points, with ids made unique, and copies the shipped
``data/sources/`` beside them. So every place weighs what a real one does (about 2 KB).

``write_dataset(folder, n, seed)`` writes ``n`` generated places spread over Eurasia: each quote
is a sentence of its own synthetic source's text, histories have 2-3 steps that end in the
renaming, and ids are unique slugs. No two places share a quote, so it shows what a real
dataset of that size costs (copies repeat their texts, which compress away). With
``heavy=True`` each place also cites a passage of about 500 characters of its own
(:data:`HEAVY_CHARS`), the weight of a real place's quotes.
"""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

SHIPPED = Path(__file__).resolve().parent.parent / "data" / "places.geojson"

#: People whose names were given and removed; more than mapgen's 8 colours on purpose.
PEOPLE = (
    "Person Alpha", "Person Beta", "Person Gamma", "Person Delta", "Person Epsilon", "Person Zeta",
    "Person Eta", "Person Theta", "Person Iota", "Person Kappa", "Person Lambda", "Person Mu",
)  # fmt: skip
KINDS = ("city", "city", "town", "town", "town", "village", "settlement", "capital", "district", "peak")
SYLLABLES = (
    "ka", "ra", "mo", "vo", "lin", "grad", "sk", "bor", "ta", "shi", "no", "pol", "dar", "kent",
    "bad", "ma", "li", "zhe", "tov", "yan", "er", "sa", "ov", "ich", "ko", "lu", "gor", "dan",
)  # fmt: skip
CYRILLIC = {
    "a": "а", "b": "б", "c": "ц", "d": "д", "e": "е", "f": "ф", "g": "г", "h": "х", "i": "и", "j": "й",
    "k": "к", "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "q": "к", "r": "р", "s": "с", "t": "т",
    "u": "у", "v": "в", "w": "в", "x": "кс", "y": "ы", "z": "з",
}  # fmt: skip
COUNTRIES_THEN = ("Testland SSR", "Otherland People's Republic", "Farland", "Northland ASSR")
COUNTRIES_NOW = ("Testland", "Otherland", "Farland", "Northland", "Eastland")
#: Centres that most places cluster around (lon, lat), so density varies as on a real map.
CENTRES = (
    (37.6, 55.8), (30.3, 59.9), (44.5, 48.7), (37.8, 48.0), (69.3, 41.3), (68.8, 38.5), (76.9, 43.2),
    (82.9, 55.0), (60.6, 56.8), (104.3, 52.3), (131.9, 43.1), (21.0, 52.2), (19.0, 50.3), (14.4, 50.1),
    (26.1, 44.4), (23.3, 42.7), (19.8, 41.3), (44.8, 41.7), (49.9, 40.4), (116.4, 39.9), (126.9, 37.6),
    (106.9, 47.9), (2.35, 48.9), (13.4, 52.5), (28.9, 41.0), (51.4, 35.7), (77.2, 28.6), (100.5, 13.8),
)  # fmt: skip


def _word(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


def _cyrillic(name: str) -> str:
    out = "".join(CYRILLIC.get(ch, ch) for ch in name.lower())
    return out[:1].upper() + out[1:]


def _slug(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum() and ch.isascii()) or "place"


def _coordinates(rng: random.Random) -> list[float]:
    if rng.random() < 0.7:
        lon, lat = rng.choice(CENTRES)
        lon, lat = rng.gauss(lon, 2.5), rng.gauss(lat, 1.5)
    else:
        lon, lat = rng.uniform(-10.0, 150.0), rng.uniform(30.0, 70.0)
    return [round(min(max(lon, -10.0), 170.0), 5), round(min(max(lat, 5.0), 75.0), 5)]


#: The length of the passage each place of the heavy variant quotes on its own (about what the
#: shipped places quote: 530 characters on average).
HEAVY_CHARS = 500
#: Words the passages are made of: ordinary English, so they compress as a real text would.
WORDS = (
    "the town was renamed by decree of the council in honour of its people and after the war "
    "a new name came into use on maps while older residents kept the former one for decades "
    "newspapers reported the change street signs were replaced and the railway station followed "
    "a year later the district took the same name the committee recorded the decision in its minutes"
).split()


def _passage(rng: random.Random, index: int) -> str:
    """About :data:`HEAVY_CHARS` characters of sentences that name entry ``index``, so no two are alike."""
    passage = ""
    while len(passage) < HEAVY_CHARS:
        words = [rng.choice(WORDS) for _ in range(rng.randint(8, 16))]
        sentence = f"{' '.join(words).capitalize()} (entry {index}, {rng.randint(1, 9999)})."
        passage = f"{passage} {sentence}" if passage else sentence
    return passage


def _place(rng: random.Random, index: int, source_id: str) -> tuple[dict, list[str]]:
    """One feature and the sentences its source's text must contain."""
    sentences: list[str] = []
    coordinates = _coordinates(rng)
    if index % 100 == 99:  # 1 % events: a different marker, a layer of their own
        year = rng.randint(1925, 1991)
        title = f"Meeting at {_word(rng, 2)} number {index}"
        quote = f"The {title.lower()} took place in {year}."
        sentences.append(quote)
        props = {
            "id": f"event-{index}",
            "category": "event",
            "title": title,
            "year": year,
            "kind": "landmark",
            "place": _word(rng, 3),
            "citations": [{"source": source_id, "quote": quote}],
        }
        return {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": coordinates},
            "properties": props,
        }, sentences

    person = rng.choice(PEOPLE)
    old = _word(rng, rng.randint(2, 3))
    new = person.split()[1] + rng.choice(("grad", "abad", "ovo", "sk", "pol", "town"))
    year = rng.randint(1925, 1991)
    quote = f"In {year}, {old} (entry {index}) was renamed {new} after {person}."
    sentences.append(quote)
    citations = [{"source": source_id, "quote": quote}]
    history: list[dict] = []
    if rng.random() < 0.5:  # three steps: an older name, the removed name, the new name
        older = _word(rng, 2)
        first = rng.randint(1900, year - 1)
        history.append({"name": older, "source": source_id})
        history.append({"name": old, "from": first})
        earlier = f"Until {first} the place of entry {index} was called {older}."
        sentences.append(earlier)
        citations.append({"source": source_id, "quote": earlier, "locator": f"entry {index}"})
    else:
        history.append({"name": old, "source": source_id})
    step = {"name": new, "from": year}
    props = {
        "id": f"{_slug(new)}-{index}",
        "old_name": old,
        "new_name": new,
        "year": year,
        "kind": rng.choice(KINDS),
        "country_then": rng.choice(COUNTRIES_THEN),
        "country_now": rng.choice(COUNTRIES_NOW),
        "named_after": person,
    }
    if rng.random() < 0.5:
        props["old_name_native"] = _cyrillic(old)
        props["new_name_native"] = _cyrillic(new)
        history[-1]["native"] = props["old_name_native"]
        step["native"] = props["new_name_native"]
    if rng.random() < 0.4:
        date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        props["date"] = date
        step["date"] = date
    history.append(step)
    props["history"] = history
    if rng.random() < 0.05:
        props["disagreements"] = [
            {
                "about": "year",
                "note": "Two accounts of the same renaming.",
                "claims": [{"value": str(year), "source": source_id}, {"value": str(year + 1), "source": source_id}],
            }
        ]
    if rng.random() < 0.2:
        props["note"] = f"Synthetic note for entry {index}: the name changed with the district borders."
    props["citations"] = citations
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": coordinates},
        "properties": props,
    }, sentences


def write_dataset(folder: Path, n: int, seed: int = 1, places_per_source: int = 20, heavy: bool = False) -> Path:
    """Write ``n`` synthetic places to ``folder``; return the path of ``places.geojson``.

    ``heavy`` gives each renaming a further quote of about :data:`HEAVY_CHARS` characters of
    its own (the places are otherwise the same as without it, drawn from their own seed).
    """
    rng = random.Random(f"{seed}:{n}")
    extra = random.Random(f"heavy:{seed}:{n}")
    if folder.exists():
        shutil.rmtree(folder)
    sources = folder / "sources"
    sources.mkdir(parents=True)
    features = []
    texts: dict[str, list[str]] = {}
    for index in range(n):
        source_id = f"source-{index // places_per_source:05d}"
        feature, sentences = _place(rng, index, source_id)
        if heavy and feature["properties"].get("category") != "event":
            passage = _passage(extra, index)
            sentences.append(passage)
            feature["properties"]["citations"].append({"source": source_id, "quote": passage})
        features.append(feature)
        texts.setdefault(source_id, []).extend(sentences)
    for source_id, sentences in texts.items():
        meta = {
            "id": source_id,
            "title": f"Synthetic gazetteer, part {source_id[7:]}",
            "author": "mapgen benchmark",
            "publisher": "bench/synthetic.py",
            "url": f"https://example.org/{source_id}",
            "accessed": "2026-01-01",
        }
        (sources / f"{source_id}.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        body = "Synthetic text written by mapgen's benchmark; not a real source.\n" + "\n".join(sentences) + "\n"
        (sources / f"{source_id}.txt").write_text(body, encoding="utf-8")
    document = {
        "type": "FeatureCollection",
        "title": f"{n:,} synthetic places",
        "caption": "Generated by bench/synthetic.py",
        "features": features,
    }
    path = folder / "places.geojson"
    path.write_text(json.dumps(document, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return path


def write_copies(folder: Path, n: int, seed: int = 1, shipped: Path = SHIPPED) -> Path:
    """Write ``n`` copies of the places in ``shipped`` to ``folder``, at random points.

    Copy ``i`` is shipped feature ``i % len(features)`` with the id ``<id>-<i>`` and
    coordinates drawn by :func:`_coordinates`; everything else (history, native names,
    citations with their quotes, disagreements, notes) is kept as is, and the shipped
    ``sources/`` folder is copied beside it, so every quote is still found in its source.
    Returns the path of ``places.geojson``.
    """
    rng = random.Random(f"copies:{seed}:{n}")
    original = json.loads(shipped.read_text(encoding="utf-8"))
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    shutil.copytree(shipped.parent / "sources", folder / "sources")
    features = []
    for index in range(n):
        feature = original["features"][index % len(original["features"])]
        # Shallow copies: the copies share their unchanged parts, which json.dumps writes out in full.
        properties = {**feature["properties"], "id": f"{feature['properties']['id']}-{index}"}
        geometry = {**feature["geometry"], "coordinates": _coordinates(rng)}
        features.append({**feature, "geometry": geometry, "properties": properties})
    document = {
        "type": "FeatureCollection",
        "title": f"{n:,} copies of the shipped places",
        "caption": "Generated by bench/synthetic.py from data/places.geojson",
        "features": features,
    }
    path = folder / "places.geojson"
    path.write_text(json.dumps(document, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return path
