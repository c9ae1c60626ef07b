"""`remembrancer mcp install`: the configuration a desktop AI client needs to start `remembrancer mcp`.

Each client keeps its MCP servers in its own JSON file, under its own key
(`mcpServers` for most, `servers` for VS Code). The entry names the program
by its full path (clients start it without the user's shell and PATH), the
data dir when it is not the default one, and `--client NAME`, the name the
person allows it under (`app/mcp_clients.py`). The snippet is printed; with
`--write` it is merged into the client's file, keeping every other server,
and a file that is not plain JSON is never rewritten.
"""
from __future__ import annotations

import json
import os
import shlex
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from remembrancer.app.resources import is_frozen
from remembrancer.memory.errors import InputError

SERVER_KEY = "remembrancer"
SCRIPT = "remembrancer"


@dataclass(frozen=True)
class ClientKind:
    """One desktop client: where its configuration lives and how servers are listed in it."""

    name: str
    label: str
    key: str | None           # the top-level key of the servers (None: configured by a command, not a file)
    stdio_type: bool = False  # the entry needs "type": "stdio"

    def config_path(self, home: Path | None = None, platform: str = sys.platform, environ: dict[str, str] | None = None) -> Path | None:
        home = home or Path.home()
        env = os.environ if environ is None else environ
        appdata = Path(env.get("APPDATA") or home / "AppData" / "Roaming")
        support = home / "Library" / "Application Support"
        config = Path(env.get("XDG_CONFIG_HOME") or home / ".config")
        user_dir = {"darwin": support, "win32": appdata}.get(platform, config)
        return {
            "claude-desktop": user_dir / "Claude" / "claude_desktop_config.json",
            "cursor": home / ".cursor" / "mcp.json",
            "vscode": user_dir / "Code" / "User" / "mcp.json",
            "windsurf": home / ".codeium" / "windsurf" / "mcp_config.json",
        }.get(self.name)


CLIENTS = {kind.name: kind for kind in (
    ClientKind("claude-desktop", "Claude Desktop", "mcpServers"),
    ClientKind("cursor", "Cursor", "mcpServers"),
    ClientKind("vscode", "Visual Studio Code", "servers", stdio_type=True),
    ClientKind("windsurf", "Windsurf", "mcpServers"),
    ClientKind("claude-code", "Claude Code", None),
    ClientKind("generic", "any other client (the common mcpServers format)", "mcpServers"),
)}


def program() -> list[str]:
    """How a client starts Remembrancer: the bundle's executable, the console script, or this Python with `-m`."""
    if is_frozen():
        return [sys.executable]
    beside = Path(sys.executable).with_name(SCRIPT + (".exe" if sys.platform == "win32" else ""))
    script = shutil.which(SCRIPT) or (str(beside) if beside.exists() else None)
    return [str(Path(script).resolve())] if script else [sys.executable, "-m", "remembrancer.app.cli.main"]


def server_command(client: str, data_dir: Path | None) -> list[str]:
    """The full command line: program, `--data-dir` (when not the default), `mcp --client NAME`."""
    where = ["--data-dir", str(Path(data_dir).expanduser().resolve())] if data_dir is not None else []
    return [*program(), *where, "mcp", "--client", client]


def entry(kind: ClientKind, data_dir: Path | None) -> dict[str, Any]:
    command = server_command(kind.name, data_dir)
    item: dict[str, Any] = {"type": "stdio"} if kind.stdio_type else {}
    item.update({"command": command[0], "args": command[1:]})
    return item


def snippet(kind: ClientKind, data_dir: Path | None) -> str:
    """What to paste: the JSON block for the client's file, or the command that registers the server."""
    if kind.key is None:  # Claude Code registers servers with its own command
        command = server_command(kind.name, data_dir)
        return "claude mcp add --scope user " + SERVER_KEY + " -- " + " ".join(shlex.quote(part) for part in command)
    return json.dumps({kind.key: {SERVER_KEY: entry(kind, data_dir)}}, indent=2)


def write_config(kind: ClientKind, data_dir: Path | None, path: Path) -> Path:
    """Merge the entry into the client's file at `path` (created if missing); other servers and settings are kept."""
    if kind.key is None:
        raise InputError(f"mcp install: {kind.label} is configured with a command, not a file; run the printed command")
    config: dict[str, Any] = {}
    if path.exists():
        try:
            config = json.loads(path.read_text(encoding="utf-8") or "{}")
        except ValueError as exc:
            raise InputError(f"not plain JSON ({exc}); add the snippet by hand", path) from None
        if not isinstance(config, dict) or not isinstance(config.get(kind.key, {}), dict):
            raise InputError(f"not a {kind.label} configuration (expected an object with {kind.key!r}); add the snippet by hand", path)
    config.setdefault(kind.key, {})[SERVER_KEY] = entry(kind, data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".remembrancer-tmp")
    tmp.write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    tmp.replace(path)
    return path
