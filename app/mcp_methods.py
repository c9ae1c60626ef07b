"""`mcp.call`: one MCP tool call, served where the store is open, with consent, shielding and the access log.

`remembrancer mcp` (the stdio server an AI tool starts) holds no memory
itself: it sends each call here, over the data dir's local socket, to the
running desktop app or background service, or (when neither can run) to
this same code on a store it opens itself (`app/mcp_relay.py`). So the
rules are enforced in one place, by whoever owns the store, in this order:

1. the client must be allowed (`app/mcp_clients.py`, re-read on every call:
   a revoke takes effect on the next one); an unknown client's first call
   files a request the app shows to the person;
2. a write (`remember`) also needs writing enabled for that client, and a
   process that may write: the app or the service, never the read-only
   fallback;
3. the tool runs (`app/mcp_tools.py`) and its result is shielded
   (`app/mcp_shield.py`: quoted, secrets masked, card numbers withheld);
4. the call is logged in the store's access log, refused and failed ones
   too: client, tool, arguments, the ids returned, never the texts.

Request params: {"client", "tool", "arguments", "env", "now"}. Reply:
{"result": ...} | {"refused": reason} | {"error": reason} | {"mismatch": true}
(another environment: the caller serves itself, as the CLI does).
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from remembrancer.app.context import AppContext
from remembrancer.app.ipc import Dispatcher, environment_tag
from remembrancer.app.mcp_clients import McpClients, client_name
from remembrancer.app.mcp_shield import quoted
from remembrancer.app.mcp_tools import McpTools
from remembrancer.memory.errors import InputError
from remembrancer.memory.store.encryption import StoreLockedError
from remembrancer.memory.timeutil import parse_time

logger = logging.getLogger(__name__)

METHOD = "mcp.call"
READS = ("search_memory", "ask_memory", "get_profile", "recent", "read_item", "read_profile")
WRITES = ("remember",)
READ_ONLY_REFUSAL = ("This Remembrancer server opened the memory read-only (neither the Remembrancer app nor its background "
                     "service is running here), so it cannot store notes. Start the Remembrancer app and call again.")
RequestListener = Callable[[dict[str, Any]], None]


class McpMethods:
    """The `mcp.call` handler over one context; the caller runs calls one at a time (one store connection)."""

    def __init__(self, ctx: AppContext, before_each: Callable[[], None] | None = None, can_write: bool = True,
                 on_request: RequestListener | None = None):
        """`can_write`: False in the read-only fallback; `on_request(client)` hears of a newly filed request (the app asks the person)."""
        self.ctx = ctx
        self.tag = environment_tag()
        self.before_each = before_each
        self.can_write = can_write
        self.on_request = on_request
        self.clients = McpClients(ctx.settings.data_dir)
        self.tools = McpTools(ctx)

    def register(self, dispatcher: Dispatcher) -> None:
        dispatcher.register(METHOD, self.call)

    def call(self, params: dict[str, Any]) -> dict[str, Any]:
        if params.get("env") != self.tag:
            return {"mismatch": True}
        tool, arguments = params.get("tool"), params.get("arguments") or {}
        if tool not in READS + WRITES:
            raise ValueError(f"unknown MCP tool {tool!r}")
        if not isinstance(arguments, dict):
            raise ValueError('"arguments" must be a JSON object')
        client = client_name(params.get("client"))
        saved = self.ctx.now
        try:
            self.ctx.now = parse_time(params["now"]) if params.get("now") else None
            return self._answer(client, tool, arguments)
        finally:
            self.ctx.now = saved

    def _answer(self, client: str, tool: str, arguments: dict[str, Any]) -> dict[str, Any]:
        decision = self.clients.decide(client, writes=tool in WRITES, now=self.ctx.now)
        if decision.filed is not None and self.on_request is not None:
            self.on_request(decision.filed.to_json())
        reason = decision.reason if not decision.allowed else (READ_ONLY_REFUSAL if tool in WRITES and not self.can_write else "")
        if reason:
            self._log(client, tool, arguments, [], "refused", reason)
            return {"refused": reason}
        try:
            if self.before_each is not None:
                self.before_each()
            result, ids = self.tools.runner(tool)(client, arguments)
        except (InputError, StoreLockedError) as exc:
            self._log(client, tool, arguments, [], "failed", str(exc))
            return {"error": str(exc)}
        except Exception as exc:  # the client gets the kind of failure; the log gets the traceback (no memory text in either)
            logger.exception("MCP %s for %s failed", tool, client)
            self._log(client, tool, arguments, [], "failed", type(exc).__name__)
            return {"error": f"Remembrancer could not answer ({type(exc).__name__}; details in its log)"}
        self._log(client, tool, arguments, ids, "answered", None)
        return {"result": quoted(result)}

    def _log(self, client: str, tool: str, arguments: dict[str, Any], ids: list[str], outcome: str, detail: str | None) -> None:
        """Every call goes to the access log; a store that cannot open (locked) is said in the reply, not hidden by this."""
        try:
            self.ctx.memory().log_access(client, tool, _logged_arguments(tool, arguments), ids, outcome, detail, self.ctx.now)
        except StoreLockedError as exc:
            logger.warning("MCP %s by %s not logged: %s", tool, client, exc)


def _logged_arguments(tool: str, arguments: dict[str, Any]) -> dict[str, Any]:
    """What the log keeps of the arguments: a note given to `remember` by its length (the note is the memory, named by its id)."""
    if tool in WRITES:
        text = arguments.get("text")
        return {"text_chars": len(text) if isinstance(text, str) else None, "about": arguments.get("about")}
    return {k: v for k, v in arguments.items() if isinstance(k, str)}
