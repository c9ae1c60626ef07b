"""Plugin tests: the sample plugins on sys.path (the file keyring is suite-wide, tests/conftest.py)."""
from __future__ import annotations

from pathlib import Path

import pytest


SAMPLE_SITE = Path(__file__).parent / "sample_site"


@pytest.fixture
def sample_site(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Put the test-only distributions (with `remembrancer` entry points) on sys.path."""
    monkeypatch.syspath_prepend(str(SAMPLE_SITE))
    return SAMPLE_SITE
