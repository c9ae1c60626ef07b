"""Pairing: requests expire, approval moves the key into the keyring, revoke removes it."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from remembrancer.app.browser_pairing import MAX_PENDING, Pairings, normalise_code
from remembrancer.memory.errors import InputError
from tests.file_keyring import FileKeyring
from tests.plugins.host_helpers import KEY, ORIGIN

NOW = datetime(2024, 6, 1, 12, tzinfo=timezone.utc)


def test_request_then_approve(data_dir: Path, test_keyring: FileKeyring) -> None:
    pairings = Pairings(data_dir)
    request = pairings.request(ORIGIN, KEY, "Chromium", now=NOW)
    assert not pairings.is_paired(ORIGIN, KEY)
    assert test_keyring.entries() == {f"browser:pending:{request.code}": KEY}
    approved = pairings.approve(request.code.replace("-", ""), now=NOW + timedelta(minutes=2))
    assert approved.origin == ORIGIN and approved.approved_at
    assert pairings.is_paired(ORIGIN, KEY) and not pairings.is_paired(ORIGIN, KEY[:-1] + "x")
    assert test_keyring.entries() == {f"browser:paired:{ORIGIN}": KEY}
    assert KEY not in pairings.path.read_text()
    state = pairings.overview(NOW)
    assert state["pending"] == [] and [p.origin for p in state["paired"]] == [ORIGIN]


def test_requests_expire_after_ten_minutes(data_dir: Path, test_keyring: FileKeyring) -> None:
    pairings = Pairings(data_dir)
    code = pairings.request(ORIGIN, KEY, now=NOW).code
    with pytest.raises(InputError, match="no pending pairing request"):
        pairings.approve(code, now=NOW + timedelta(minutes=11))
    assert test_keyring.entries() == {}


def test_a_new_request_replaces_the_origins_older_one_and_requests_are_capped(data_dir: Path) -> None:
    pairings = Pairings(data_dir)
    first = pairings.request(ORIGIN, KEY, now=NOW)
    second = pairings.request(ORIGIN, KEY, now=NOW)
    assert [p.code for p in pairings.overview(NOW)["pending"]] == [second.code] != [first.code]
    for i in range(MAX_PENDING - 1):
        pairings.request(f"other-{i}", KEY, now=NOW)
    with pytest.raises(ValueError, match="too many pairing requests"):
        pairings.request("one-more", KEY, now=NOW)


def test_short_keys_are_refused(data_dir: Path) -> None:
    with pytest.raises(ValueError, match="at least 32"):
        Pairings(data_dir).request(ORIGIN, "short", now=NOW)


def test_revoke_by_origin_code_or_all(data_dir: Path, test_keyring: FileKeyring) -> None:
    pairings = Pairings(data_dir)
    pairings.approve(pairings.request(ORIGIN, KEY, now=NOW).code, now=NOW)
    pending = pairings.request("browser-autofill@remembrancer.org", KEY, now=NOW)
    assert [p.code for p in pairings.revoke(pending.code, now=NOW)] == [pending.code]
    assert [p.origin for p in pairings.revoke(ORIGIN, now=NOW)] == [ORIGIN]
    assert test_keyring.entries() == {} and not pairings.is_paired(ORIGIN, KEY)
    with pytest.raises(InputError, match="no pairing"):
        pairings.revoke("all", now=NOW)


def test_damaged_state_file_names_the_file(data_dir: Path) -> None:
    pairings = Pairings(data_dir)
    pairings.folder.mkdir(parents=True)
    pairings.path.write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match="pairing.json"):
        pairings.overview(NOW)


def test_code_spellings() -> None:
    assert normalise_code("123456") == normalise_code("123 456") == normalise_code(" 123-456 ") == "123-456"
