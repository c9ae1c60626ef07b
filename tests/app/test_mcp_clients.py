"""Which AI tools may read and write: allowed once, listed, revocable, re-read on every call (#22)."""
from __future__ import annotations

from pathlib import Path

import pytest

from remembrancer.app import mcp_clients
from remembrancer.app.mcp_clients import ALLOWED, PENDING, McpClients, client_name
from remembrancer.memory.errors import InputError
from remembrancer.memory.timeutil import parse_time

NOW = parse_time("2024-06-01T12:00:00+00:00")


@pytest.fixture
def clients(tmp_path: Path) -> McpClients:
    return McpClients(tmp_path / "data")


def test_a_first_call_files_a_request_and_is_refused_until_the_person_allows(clients: McpClients) -> None:
    first = clients.decide("Desk Chat", now=NOW)
    assert not first.allowed and first.filed is not None and first.filed.state == PENDING
    assert "remembrancer mcp allow 'Desk Chat'" in first.reason and "waiting" in first.reason
    again = clients.decide("desk chat", now=NOW)  # the same client (any case): no second request
    assert not again.allowed and again.filed is None
    assert [(c.name, c.state) for c in clients.clients()] == [("Desk Chat", PENDING)]

    allowed = clients.allow("desk chat", NOW)
    assert allowed.name == "Desk Chat" and allowed.state == ALLOWED and not allowed.write
    assert clients.decide("Desk Chat", now=NOW).allowed
    writing = clients.decide("Desk Chat", writes=True, now=NOW)
    assert not writing.allowed and "--write" in writing.reason  # writing is a second, separate permission

    clients.allow("Desk Chat", NOW, write=True)
    assert clients.decide("Desk Chat", writes=True, now=NOW).allowed
    clients.allow("Desk Chat", NOW)  # allowed again without saying: writing stays as it was
    assert clients.find("Desk Chat").write  # type: ignore[union-attr]


def test_revoke_takes_effect_on_the_next_decision_whoever_wrote_the_file(clients: McpClients, tmp_path: Path) -> None:
    clients.allow("editor", NOW, write=True)
    assert clients.decide("editor").allowed
    McpClients(tmp_path / "data").revoke("EDITOR")  # another process (the CLI) revokes
    refused = clients.decide("editor", now=NOW)
    assert not refused.allowed and refused.filed is not None  # unknown again: a new request, to be allowed anew
    with pytest.raises(InputError):
        clients.revoke("nobody")
    clients.allow("agent", NOW)
    assert {c.name for c in clients.revoke("all")} == {"editor", "agent"} and clients.clients() == []


def test_names_are_single_printable_lines_and_pending_requests_are_bounded(clients: McpClients, monkeypatch: pytest.MonkeyPatch) -> None:
    assert client_name("  Desk\n\x1b[31mChat  ") == "Desk [31mChat"
    assert client_name(None) == "unnamed client" and len(client_name("x" * 500)) == mcp_clients.MAX_NAME
    with pytest.raises(InputError):
        clients.allow("", NOW)
    monkeypatch.setattr(mcp_clients, "MAX_PENDING", 3)
    for i in range(6):
        clients.decide(f"tool-{i}", now=NOW)
    assert [c.name for c in clients.clients()] == ["tool-3", "tool-4", "tool-5"]  # the oldest unanswered make room


def test_a_damaged_list_is_named_and_revoke_all_starts_over(clients: McpClients) -> None:
    clients.allow("editor", NOW)
    clients.path.write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match="clients.json"):
        clients.decide("editor")
    clients.revoke("all")
    assert clients.clients() == []
