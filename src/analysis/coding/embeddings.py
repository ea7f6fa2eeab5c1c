"""Sentence embeddings from the WordLlama model shipped inside its PyPI wheel (no download)."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import numpy as np

from analysis.core.errors import AnalysisError

MODEL = "l2_supercat"  # the configuration whose weights the wheel carries
DIM = 256
_WEIGHTS = f"weights/{MODEL}_{DIM}.safetensors"
_TOKENIZER = f"tokenizers/{MODEL}_tokenizer_config.json"


def _package_file(relative: str) -> str:
    try:
        root = resources.files("wordllama")
    except ModuleNotFoundError:
        raise AnalysisError("wordllama is not installed (pip install wordllama)") from None
    path = root.joinpath(relative)
    if not path.is_file():
        raise AnalysisError(f"wordllama wheel lacks {relative}: the model must ship with the "
                            "package (nothing is downloaded at run time)")
    return str(path)


@lru_cache(maxsize=1)
def load_embedder():  # -> WordLlamaInference (imported lazily)
    """The embedding model, read from the files inside the installed wordllama package.

    WordLlama's own ``load`` looks for the tokenizer in a folder the wheel does not use and
    would then fall back to a download; reading the two files directly never touches the
    network or a cache directory.
    """
    from safetensors import safe_open
    from tokenizers import Tokenizer
    from wordllama.inference import WordLlamaInference

    tokenizer = Tokenizer.from_file(_package_file(_TOKENIZER))
    with safe_open(_package_file(_WEIGHTS), framework="np", device="cpu") as f:
        weights = f.get_tensor("embedding.weight")
    return WordLlamaInference(weights, tokenizer, binary=False)


def embed(texts: list[str]) -> np.ndarray:
    """One L2-normalised float64 vector of ``DIM`` numbers per text (same text, same vector)."""
    if not texts:
        return np.zeros((0, DIM))
    vectors = load_embedder().embed([t if t.strip() else "." for t in texts], norm=True)
    return np.asarray(vectors, dtype=np.float64)
