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
