"""Fixtures shared by the whole test suite."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The project's shared data folder (``UNSPUN_SHARED``, else ``shared`` beside the repo).

    Tests that use it are marked ``shared`` and are skipped where the folder is absent.
    """
    default = Path(__file__).resolve().parents[2] / "shared"
    path = Path(os.environ.get("UNSPUN_SHARED", default))
    if not (path / "corpora").is_dir():
        pytest.skip(f"shared data not found at {path} (set UNSPUN_SHARED to its folder)")
    return path


@pytest.fixture(scope="session")
def benchmark(shared_dir):
    """Import a benchmark script as ``benchmarks.<name>`` (the repository root is on the
    path: ``pythonpath`` in pyproject.toml), with ``UNSPUN_SHARED`` pointing at the shared
    folder the tests use."""
    import importlib

    os.environ.setdefault("UNSPUN_SHARED", str(shared_dir))

    def load(name: str):
        return importlib.import_module(f"benchmarks.{name}")

    return load


@pytest.fixture(scope="session")
def quality_floors() -> dict:
    """The committed floors of the quality gates (``tests/quality_floors.json``)."""
    import json

    return json.loads((Path(__file__).parent / "quality_floors.json").read_text())


@pytest.fixture(scope="session")
def encoder():
    """The default sentence encoder (USE multilingual v3, ~300 MB once loaded), built once for
    the whole session; tests that need it skip where the ``semantic`` extra is absent.

    It is shared, vector cache included: a test that needs a fresh model or another
    configuration (``pure_tokenizer``, ``cache_size``) builds its own ``UseEmbedder``."""
    from unspun.embed import default_embedder, semantic_available

    if not semantic_available():
        pytest.skip("the semantic extra is not installed (pip install 'unspun[semantic]')")
    emb = default_embedder()
    assert emb is not None
    return emb


@pytest.fixture(scope="session")
def thesaurus():
    """The real Debian thesaurus and WordNet; tests that need them skip where absent."""
    from unspun.lexicon import Thesaurus

    th = Thesaurus()
    if not th.available:
        pytest.skip(f"thesaurus not installed: {th.reason}")
    return th.load()


ARTICLE = """Harbour authority approves $2.4 billion expansion of Port Kestrel

The Port Kestrel Authority voted 7 to 2 on Tuesday to approve a $2.4 billion expansion that will add two container berths by 2029.
Chair Miriam Okafor said the project would create about 3,100 construction jobs and lift annual capacity by 40%.
Environmental groups led by the Coastal Futures Trust warned that dredging the channel could harm seagrass beds.
The authority said it would spend $85 million on habitat restoration along the northern shore.
Shipping lines including Meridian Freight welcomed the decision, citing congestion that left vessels waiting up to five days in March.
Construction is due to begin in early 2026, subject to a final permit from the Ministry of Transport."""

UNRELATED = """How to keep basil alive on a windowsill

Basil wants at least six hours of direct sun and soil that dries slightly between waterings.
Pinch off the flower buds as soon as they appear, or the leaves turn bitter.
Water from below by standing the pot in a saucer for twenty minutes.
A south-facing window works best in winter, when the light is weak."""


# A hand-spun copy of ARTICLE: words swapped for thesaurus synonyms in place, names and numbers
# left alone, the way spinners work.
_SWAPS = [("voted", "balloted"), ("approve", "sanction"), ("expansion", "enlargement"),
          ("add", "append"), ("project", "undertaking"), ("create", "produce"),
          ("construction", "building"), ("jobs", "occupations"), ("lift", "raise"),
          ("capacity", "capability"), ("warned", "cautioned"), ("harm", "damage"),
          ("spend", "expend"), ("restoration", "renovation"), ("welcomed", "greeted"),
          ("decision", "determination"), ("citing", "mentioning"), ("waiting", "ready"),
          ("begin", "commence"), ("final", "last")]
SPUN_ARTICLE = ARTICLE
for _old, _new in _SWAPS:
    SPUN_ARTICLE = SPUN_ARTICLE.replace(_old, _new)
