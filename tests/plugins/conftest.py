"""Plugin tests: a file keyring instead of the user's, and the sample plugins on sys.path."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest

from tests.plugins.file_keyring import PATH_ENV, FileKeyring

SAMPLE_SITE = Path(__file__).parent / "sample_site"


@pytest.fixture(autouse=True)
def test_keyring(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FileKeyring]:
    monkeypatch.setenv(PATH_ENV, str(tmp_path / "keyring.json"))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "tests.plugins.file_keyring.FileKeyring")
    previous = keyring.get_keyring()
    backend = FileKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def sample_site(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Put the test-only distributions (with `remembrancer` entry points) on sys.path."""
    monkeypatch.syspath_prepend(str(SAMPLE_SITE))
    return SAMPLE_SITE
