"""Shared fixtures. Tests run offline; evaluation data under ../shared/data is optional."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests explore new examples on every local run; CI (HYPOTHESIS_PROFILE=ci)
# replays the same ones, so a landing never hangs on a lucky draw. A failure found
# locally goes into the test as an @example.
settings.register_profile("ci", derandomize=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

ROOT = Path(__file__).resolve().parent.parent
# ../shared/data next to the checkout; from a worktree under /work/wt, two levels up.
SHARED_DATA = next(
    (p for p in (ROOT.parent / "shared" / "data", ROOT.parent.parent / "shared" / "data") if p.is_dir()),
    ROOT.parent / "shared" / "data",
)

# The CLI keeps its built dictionary in the user's cache folder; tests run it
# in process and must not write there (tests of the cache pass their own folder).
os.environ["TITLEOPT_CACHE_DIR"] = ""


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """../shared/data, or skip the test when it is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is not available")
    return SHARED_DATA


@pytest.fixture(scope="session")
def segmenter():
    from titleopt.segment import Segmenter

    return Segmenter()
