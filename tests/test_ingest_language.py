"""Articles in another language than English are reported as skipped, with the language named."""

from __future__ import annotations

from pathlib import Path

from newsfuse.ingest import ingest
from newsfuse.ingest.language import not_english_reason

ENGLISH = (
    "Flood barriers held overnight in the river town of Velmora, the district council said on Tuesday.\n"
    "Engineers had raised the temporary walls by half a metre after two days of heavy rain upstream.\n"
)
FRENCH = (
    "Les digues ont tenu toute la nuit dans la ville fluviale de Velmora, a indiqué mardi le conseil du district.\n"
    "Les ingénieurs avaient rehaussé les murs provisoires d'un demi-mètre après deux jours de fortes pluies.\n"
)
RUSSIAN = (
    "Дамбы выдержали ночью в речном городе Вельмора, сообщил во вторник районный совет.\n"
    "Инженеры подняли временные стены на полметра после двух дней сильных дождей.\n"
)


def test_english_passes_and_other_languages_are_named() -> None:
    assert not_english_reason(ENGLISH) is None
    french = not_english_reason(FRENCH)
    russian = not_english_reason(RUSSIAN)
    assert french is not None and "'fr'" in french and "English only" in french
    assert russian is not None and "'ru'" in russian


def test_short_texts_are_not_judged() -> None:
    assert not_english_reason("Kupiansk Balakliia Izium") is None
    assert not_english_reason("Mise à jour à suivre.") is None


def test_a_foreign_file_is_skipped_and_the_batch_goes_on(tmp_path: Path) -> None:
    (tmp_path / "en.txt").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "fr.txt").write_text(FRENCH, encoding="utf-8")
    result = ingest([tmp_path])
    assert [Path(a.path).name for a in result.articles] == ["en.txt"]
    (skipped,) = result.skipped
    assert skipped.path.endswith("fr.txt") and "'fr'" in skipped.reason
