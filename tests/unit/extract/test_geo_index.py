"""Tests of streams.extract.geo_index: the compact place index and its disk cache."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from streams.extract import geo_index
from streams.extract.geo_index import PlaceIndex, load_index


@pytest.fixture(scope="module")
def index() -> PlaceIndex:
    return load_index()


def test_lookup_puts_primary_names_first(index: PlaceIndex) -> None:
    ids, n_primary = index.lookup("timbuktu")
    assert n_primary >= 1
    assert index.country(ids[0]) == "ML" and index.admin1_of(ids[0]) == "Tombouctou"
    # The French name is an alternate name of the same place.
    alt_ids, alt_primary = index.lookup("tombouctou")
    assert alt_primary >= 0 and ids[0] in list(alt_ids)
    assert index.lookup("no such place anywhere") == ((), 0)


@pytest.mark.parametrize(
    ("key", "cc", "name", "admin1"),
    [("kidal", "ML", "Kidal", "Kidal"), ("kismayo", "SO", "Kismayo", "Lower Juba"), ("owo", "NG", "Owo", "Ondo")],
)
def test_place_fields(index: PlaceIndex, key: str, cc: str, name: str, admin1: str) -> None:
    ids, _ = index.lookup(key)
    pid = next(i for i in ids if index.country(i) == cc)
    assert (index.name(pid), index.admin1_of(pid)) == (name, admin1)
    assert -90 <= index.lat[pid] <= 90 and -180 <= index.lon[pid] <= 180


def test_capitals_and_region_capitals(index: PlaceIndex) -> None:
    assert index.name(index.capital["ML"]) == "Bamako"
    assert index.name(index.capital["NG"]) == "Abuja"
    assert index.name(index.admin1_capital[("ML", "Mopti")]) == "Mopti"
    assert ("NG", "Kaduna") in index.admin1_index["kaduna"]


def test_cache_round_trip(index: PlaceIndex, tmp_path: Path) -> None:
    path = tmp_path / "geo-index-test.pickle"
    geo_index._write(path, index)
    back = geo_index._read(path)
    assert back is not None
    assert back.keys == index.keys and back.ids == index.ids and back.lat == index.lat
    assert back.name(123) == index.name(123) and back.cc_id == index.cc_id


def test_damaged_cache_file_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "geo-index-bad.pickle"
    path.write_bytes(b"not a pickle")
    assert geo_index._read(path) is None


def test_cache_path_honours_env_and_is_versioned(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("INCIDENTS_CACHE_DIR", str(tmp_path))
    path = geo_index.cache_path()
    assert path is not None and path.parent == tmp_path
    assert re.fullmatch(r"geo-index-[0-9a-f]{16}\.pickle", path.name)


def test_load_index_reads_the_cache_without_building(
    index: PlaceIndex, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("INCIDENTS_CACHE_DIR", str(tmp_path))
    path = geo_index.cache_path()
    assert path is not None
    geo_index._write(path, index)

    def no_build(*_args: object) -> None:
        raise AssertionError("the cached index should have been read")

    monkeypatch.setattr(geo_index, "build_index", no_build)
    monkeypatch.setattr(geo_index, "_build_in_child", no_build)
    assert load_index().keys == index.keys


def test_load_index_builds_in_memory_when_nothing_is_writable(
    index: PlaceIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(geo_index, "cache_path", lambda: None)
    monkeypatch.setattr(geo_index, "build_index", lambda: index)
    assert load_index() is index


def test_writing_a_new_index_prunes_old_ones(index: PlaceIndex, tmp_path: Path) -> None:
    for k in range(5):
        old = tmp_path / f"geo-index-old{k}.pickle"
        old.write_bytes(b"x")
        os.utime(old, (1_000_000 + k, 1_000_000 + k))
    geo_index._write(tmp_path / "geo-index-new.pickle", index)
    left = sorted(p.name for p in tmp_path.glob("geo-index-*.pickle"))
    assert left == ["geo-index-new.pickle", "geo-index-old2.pickle", "geo-index-old3.pickle", "geo-index-old4.pickle"]
