"""`remembrancer mcp allow|revoke|clients|log|install`: consent and setup from the command line (#22)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from remembrancer.app.context import AppContext
from tests.app.cli.conftest import Run


def test_allow_list_and_revoke_clients(cli: Run) -> None:
    assert "none" in cli("mcp", "clients").out
    allowed = cli("mcp", "allow", "Desk Chat")
    assert allowed.code == 0 and "may read, not write" in allowed.out
    writing = cli("mcp", "allow", "desk chat", "--write", "--json").json()
    assert writing["allowed"]["name"] == "Desk Chat" and writing["allowed"]["write"] is True
    assert "Desk Chat  reads and writes" in cli("mcp", "clients").out
    assert cli("mcp", "allow", "Desk Chat", "--read-only", "--json").json()["allowed"]["write"] is False
    listed = cli("mcp", "clients", "--json").json()["clients"]
    assert [(c["name"], c["state"], c["write"]) for c in listed] == [("Desk Chat", "allowed", False)]
    assert cli("mcp", "revoke", "Desk Chat").out.startswith("Revoked: 'Desk Chat'")
    missing = cli("mcp", "revoke", "Desk Chat")
    assert missing.code == 2 and "no MCP client is named 'Desk Chat'" in missing.err
    assert cli("mcp", "allow", "   ").code == 2


def test_the_log_lists_every_call_without_memory_texts(cli: Run, data_dir: Path) -> None:
    assert cli("mcp", "log").out.strip() == "No AI tool has asked anything yet."
    ctx = AppContext(data_dir)
    try:
        ctx.memory().log_access("Desk Chat", "search_memory", {"query": "where does Ana live", "k": 5}, ["m-1", "f-2"], "answered")
        ctx.memory().log_access("Editor", "recent", {"days": 7}, [], "refused", "Remembrancer has not allowed the client 'Editor'")
    finally:
        ctx.close()
    shown = cli("mcp", "log").out.splitlines()
    assert "Desk Chat  search_memory(query='where does Ana live', k=5)  2 memories" in shown[0]
    assert "Editor  recent(days=7)  refused  (Remembrancer has not allowed" in shown[1]
    entries = cli("mcp", "log", "--json", "--client", "editor", "--limit", "5").json()
    assert [(e["client"], e["outcome"], e["returned"]) for e in entries] == [("Editor", "refused", [])]
    assert cli("mcp", "log", "--limit", "0").code == 2


def test_install_prints_each_clients_snippet(cli: Run, data_dir: Path) -> None:
    claude = cli("mcp", "install", "--client", "claude-desktop")
    assert claude.code == 0 and "claude_desktop_config.json" in claude.out
    snippet = json.loads(claude.out[claude.out.index("{"):claude.out.rindex("}") + 1])
    entry = snippet["mcpServers"]["remembrancer"]
    assert entry["args"][-5:] == ["--data-dir", str(data_dir.resolve()), "mcp", "--client", "claude-desktop"]
    assert Path(entry["command"]).is_absolute()  # clients start it without the user's PATH
    assert "remembrancer mcp allow claude-desktop" in claude.out
    vscode = cli("mcp", "install", "--client", "vscode").out
    assert '"servers"' in vscode and '"type": "stdio"' in vscode
    code = cli("mcp", "install", "--client", "claude-code").out
    assert "claude mcp add --scope user remembrancer -- " in code and "--client claude-code" in code
    with pytest.raises(SystemExit) as usage:
        cli("mcp", "install", "--client", "no-such-client")
    assert usage.value.code == 2


def test_install_write_merges_into_the_clients_file_and_never_rewrites_what_it_cannot_read(cli: Run, tmp_path: Path) -> None:
    config = tmp_path / "cursor" / "mcp.json"
    config.parent.mkdir()
    config.write_text(json.dumps({"mcpServers": {"other": {"command": "other-server"}}, "theme": "dark"}), encoding="utf-8")
    written = cli("mcp", "install", "--client", "cursor", "--write", "--config", config)
    assert written.code == 0 and str(config) in written.out
    merged = json.loads(config.read_text(encoding="utf-8"))
    assert merged["theme"] == "dark" and merged["mcpServers"]["other"] == {"command": "other-server"}
    assert merged["mcpServers"]["remembrancer"]["args"][-3:] == ["mcp", "--client", "cursor"]

    commented = tmp_path / "commented.json"
    commented.write_text('{\n  // my servers\n  "mcpServers": {}\n}\n', encoding="utf-8")
    refused = cli("mcp", "install", "--client", "cursor", "--write", "--config", commented)
    assert refused.code == 2 and f"{commented}: not plain JSON" in refused.err
    assert "// my servers" in commented.read_text(encoding="utf-8")
    assert cli("mcp", "install", "--client", "claude-code", "--write", "--config", tmp_path / "x.json").code == 2
    assert cli("mcp", "install", "--client", "cursor", "--config", config).code == 2  # --config only with --write
