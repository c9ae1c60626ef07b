"""What `recall`, `ask`, `autofill`, `stats`, `facts` and `persona` do, as IPC methods of whatever holds the store open.

A one-shot command pays for loading the embedder, LanceDB and the store key
on every call (about 2 s here); the background service (`app/serve.py`) and
the desktop app pay once and answer these methods over the local socket
(`app/ipc.py`), so the command line answers at once. The results are the
exact JSON the one-shot command prints, masked the same way
(`memory.privacy`), so a command gives the same output whichever way it ran.

Bad input raises `InputError` here as in the one-shot path; the reply then
carries `{"exit": 2, "error": ...}` so the client exits as the contract says.
A client whose environment would change the answer (another embedder, another
passphrase) is told so (`{"mismatch": true}`) and runs the command itself.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from remembrancer.app.context import AppContext
from remembrancer.app.ipc import Dispatcher, environment_tag
from remembrancer.memory.errors import InputError
from remembrancer.memory.store.encryption import StoreLockedError
from remembrancer.memory.timeutil import parse_time

logger = logging.getLogger(__name__)

PREFIX = "cli."


class CliMethods:
    """The `cli.*` methods over one `AppContext`; callers run them one at a time (one store connection)."""

    def __init__(self, ctx: AppContext, before_each: Callable[[], None] | None = None):
        self.ctx = ctx
        self.tag = environment_tag()
        self.before_each = before_each  # the service re-opens the store here when another process changed it

    def register(self, dispatcher: Dispatcher) -> None:
        for name, method in (("recall", self.recall), ("ask", self.ask), ("autofill", self.autofill), ("stats", self.stats),
                             ("facts", self.facts), ("persona", self.persona)):
            dispatcher.register(PREFIX + name, self._guarded(method))

    def _guarded(self, method: Callable[[dict[str, Any]], Any]) -> Callable[[dict[str, Any]], Any]:
        def run(params: dict[str, Any]) -> Any:
            if params.get("env") != self.tag:
                return {"mismatch": True}
            if self.before_each is not None:
                self.before_each()
            saved = self.ctx.now
            try:
                self.ctx.now = parse_time(params["now"]) if params.get("now") else None
                return {"result": method(params)}
            except (InputError, StoreLockedError) as exc:
                return {"exit": 2, "error": str(exc)}
            finally:
                self.ctx.now = saved
        return run

    def recall(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        from remembrancer.app.cli.options import recall_limits
        from remembrancer.app.service import MemoryService

        k, budget = recall_limits(params.get("k"), params.get("budget"), self.ctx.settings.default_k)
        items = MemoryService(self.ctx).recall(str(params["query"]), k=k, budget=budget, include_archived=bool(params.get("include_archived")))
        return [item.to_json() for item in items]

    def ask(self, params: dict[str, Any]) -> dict[str, Any]:
        from remembrancer.app.llm import ask_memory

        from remembrancer.app.cli.options import check_ask_limits

        k, budget = params.get("k"), params.get("budget")
        check_ask_limits(k, budget)
        return ask_memory(self.ctx, str(params["question"]), quick=bool(params.get("quick")), k=k, budget=budget).to_json()

    def autofill(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        """The suggestions for the fields the client read (and checked) from its FORM.json, as `autofill --json` prints them."""
        from remembrancer.app.service import MemoryService
        from remembrancer.memory.autofill.types import FormField

        fields = [FormField.from_json(field) for field in params.get("fields") or [] if isinstance(field, dict)]
        service = MemoryService(self.ctx)  # a view on the open context: nothing to close here
        suggestions = service.autofill(fields, person=params.get("person"), use_model=bool(params.get("use_model", True)))
        return [suggestion.to_json() for suggestion in suggestions]

    def stats(self, params: dict[str, Any]) -> dict[str, Any]:
        return self.ctx.memory().stats().to_json()

    def facts(self, params: dict[str, Any]) -> str:
        from remembrancer.app.cli.hierarchy_commands import facts_text

        return facts_text(self.ctx, params.get("about"), bool(params.get("include_archived")), bool(params.get("all")),
                          bool(params.get("json")))

    def persona(self, params: dict[str, Any]) -> str:
        from remembrancer.app.cli.hierarchy_commands import persona_text

        return persona_text(self.ctx, params.get("name"), bool(params.get("json")))
