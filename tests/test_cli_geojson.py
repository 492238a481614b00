"""``newsfuse brief --geojson FILE`` writes the resolved places as an RFC 7946 FeatureCollection."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_geojson_export_of_the_example_corpus(tmp_path: Path) -> None:
    target = tmp_path / "maps" / "places.geojson"
    script = Path(sys.executable).parent / "newsfuse"
    done = subprocess.run(
        [str(script), "brief", str(REPO / "examples" / "counteroffensive"), "--geojson", str(target)],
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert done.returncode == 0, done.stderr
    collection = json.loads(target.read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"
    names = {f["properties"]["name"] for f in collection["features"]}
    assert any(n.startswith("Balakl") for n in names)
    for feature in collection["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert feature["properties"]["mentions"], feature["properties"]["name"]
    # Balakliia lies in eastern Ukraine: longitude first, latitude second.
    balakliia = next(f for f in collection["features"] if f["properties"]["name"].startswith("Balakl"))
    lon, lat = balakliia["geometry"]["coordinates"]
    assert 36 < lon < 38 and 49 < lat < 50
