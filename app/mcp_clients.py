"""Which AI tools (MCP clients) may read the memory, and which may also write to it.

The same consent rule as the browser link: nothing answers a tool the
person has not allowed. A client is known by its name: the `--client NAME`
its configuration starts `remembrancer mcp` with (`remembrancer mcp install`
writes it there), else the name it gives in the MCP handshake. Its first
call files a *pending* request and is refused; the person allows it once,
in the app (which asks as soon as the request comes in) or with
`remembrancer mcp allow NAME`, and may revoke it at any time. Writing
(`remember`) is a second, separate permission, off until the person turns it
on for that client.

Why a JSON file in the data dir (`mcp/clients.json`, beside the browser's
`browser/pairing.json`) and not the store: the check must run before any
memory is touched and must cost nothing (a refused client should not need the
store unlocked), the CLI must list and revoke without the passphrase, and
the file is re-read on every call, so a revoke takes effect on the very next
one whichever process serves it (the app, the background service, or
`remembrancer mcp` itself). It holds no personal data and no secret: names,
two flags and times.

What a name is worth: the server is a subprocess the client starts under the
person's own account, so the name is a label the person chose, not a proof of
identity; any program running as that user could claim it (and could read
the keyring too). The consent guards against tools the person never meant
to connect, not against malware already running as them.
"""
from __future__ import annotations

import json
import logging
import shlex
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from filelock import FileLock

from remembrancer.memory.errors import InputError
from remembrancer.memory.timeutil import ensure_aware, to_iso

logger = logging.getLogger(__name__)

STATE_DIR = "mcp"
STATE_FILE = "clients.json"
MAX_PENDING = 10      # a tool retrying under ever new names must not grow the list without end
MAX_NAME = 64
PENDING, ALLOWED = "pending", "allowed"
UNNAMED = "unnamed client"


@dataclass
class McpClient:
    """One client the person allowed, or whose request waits for them (never anything it read)."""

    name: str
    state: str  # PENDING | ALLOWED
    write: bool = False
    requested_at: str | None = None
    allowed_at: str | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Decision:
    """Whether a call may run; `reason` is the refusal the client reads; `filed` a request filed by this call."""

    allowed: bool
    reason: str = ""
    filed: McpClient | None = None


def client_name(raw: object) -> str:
    """A printable, single-line name of at most `MAX_NAME` characters ("unnamed client" for none)."""
    text = " ".join("".join(c if c.isprintable() else " " for c in str(raw or "")).split())[:MAX_NAME]
    return text or UNNAMED


def allow_command(name: str, write: bool = False) -> str:
    """The command that allows `name`, quoted for a shell, for the refusal to show."""
    return f"remembrancer mcp allow {shlex.quote(name)}" + (" --write" if write else "")


class McpClients:
    """The allowed and pending MCP clients of one data dir."""

    def __init__(self, data_dir: Path):
        self.folder = Path(data_dir) / STATE_DIR
        self.path = self.folder / STATE_FILE

    # -- reading ---------------------------------------------------------------------
    def clients(self) -> list[McpClient]:
        """Allowed clients first, then pending requests, each in the order they came."""
        found = self._load()
        return [c for c in found if c.state == ALLOWED] + [c for c in found if c.state == PENDING]

    def find(self, name: str) -> McpClient | None:
        key = client_name(name).casefold()
        return next((c for c in self._load() if c.name.casefold() == key), None)

    def decide(self, name: str, writes: bool = False, now: datetime | None = None) -> Decision:
        """May `name` make this call? An unknown client's first call files a pending request (and is refused)."""
        name = client_name(name)
        client = self.find(name)
        if client is None:
            filed = self._request(name, now)
            return Decision(False, self._not_allowed(name, filed is not None), filed)
        if client.state != ALLOWED:
            return Decision(False, self._not_allowed(client.name, True))
        if writes and not client.write:
            return Decision(False, f"Writing to Remembrancer is off for {client.name!r}. The person can turn it on in the "
                                   f"Remembrancer app (Memory > AI Tools) or with: {allow_command(client.name, write=True)}")
        return Decision(True)

    @staticmethod
    def _not_allowed(name: str, pending: bool) -> str:
        waiting = " Its request is waiting for the person's approval." if pending else ""
        return (f"Remembrancer has not allowed the client {name!r} to read this memory.{waiting} The person can allow it in the "
                f"Remembrancer app (Memory > AI Tools) or with: {allow_command(name)}; then call again.")

    # -- the person's side -------------------------------------------------------------
    def allow(self, name: str, now: datetime | None = None, write: bool | None = None) -> McpClient:
        """Allow `name` (a pending request or a new name); `write` turns writing on or off (None: unchanged)."""
        name = client_name(name)
        if name == UNNAMED:
            raise InputError("mcp allow: a client needs a name (the one its configuration passes with --client)")
        stamp = to_iso(ensure_aware(now))
        with self._locked():
            found = self._load()
            client = next((c for c in found if c.name.casefold() == name.casefold()), None)
            if client is None:
                client = McpClient(name, PENDING, requested_at=stamp)
                found.append(client)
            if client.state != ALLOWED:
                client.state, client.allowed_at = ALLOWED, stamp
            if write is not None:
                client.write = write
            self._save(found)
        logger.info("MCP client %r allowed (writing %s)", client.name, "on" if client.write else "off")
        return client

    def revoke(self, name: str) -> list[McpClient]:
        """Forget `name` (allowed or pending; `all`: everyone); its next call is refused."""
        with self._locked():
            try:
                found = self._load()
            except InputError:
                if name != "all":
                    raise
                found = []  # a damaged list: `revoke all` starts over
            key = client_name(name).casefold()
            gone = [c for c in found if name == "all" or c.name.casefold() == key]
            if not gone and name != "all":
                raise InputError(f"no MCP client is named {name!r} (see `remembrancer mcp clients`)")
            self._save([c for c in found if c not in gone])
        logger.info("MCP clients revoked: %s", ", ".join(repr(c.name) for c in gone))
        return gone

    # -- the file ----------------------------------------------------------------------
    def _request(self, name: str, now: datetime | None) -> McpClient | None:
        """File a pending request for a name never seen; None when it is known after all (a race) or refused."""
        with self._locked():
            found = self._load()
            if any(c.name.casefold() == name.casefold() for c in found):
                return None
            pending = [c for c in found if c.state == PENDING]
            while len(pending) >= MAX_PENDING:  # the oldest unanswered request makes room
                found.remove(pending.pop(0))
            request = McpClient(name, PENDING, requested_at=to_iso(ensure_aware(now)))
            self._save([*found, request])
        logger.info("MCP client %r asked for access; waiting for the person", name)
        return request

    def _load(self) -> list[McpClient]:
        if not self.path.exists():
            return []
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            return [McpClient(**item) for item in raw.get("clients", [])]
        except (ValueError, TypeError, AttributeError) as exc:
            raise InputError(f"the MCP client list is damaged ({exc}); `remembrancer mcp revoke all` starts over", self.path) from None

    def _save(self, clients: list[McpClient]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"clients": [c.to_json() for c in clients]}, indent=2), encoding="utf-8")
        tmp.replace(self.path)

    def _locked(self) -> FileLock:
        """Read-modify-write under a lock: the app, the service, the CLI and `remembrancer mcp` all write this file."""
        self.folder.mkdir(parents=True, exist_ok=True)
        return FileLock(str(self.folder / (STATE_FILE + ".lock")), timeout=10)
