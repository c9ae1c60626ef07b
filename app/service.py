"""`MemoryService`: the plain-method facade the desktop app calls.

The GUI must not reach into the store, and it must not know how the context,
the clock and the default `k` are wired; this facade keeps those decisions in
`app/` (no Qt here) so the GUI, tests and any later surface call the same
methods. The methods block: callers on a GUI thread run them in a worker.

Every method touches the one SQLite connection `Memory` owns, so callers must
run them one at a time (the GUI uses a single-threaded pool for that).

This is where memories leave for display (the popup, the chat, the memory
browser's lists, the IPC replies built on them), so every listing and
answer here is masked (`memory.privacy`: card numbers, IBANs, passwords,
PINs, codes, security answers, government ids). `item` is the exception on
purpose: opening one memory shows what was really said.
"""
from __future__ import annotations

import logging
import threading
from datetime import datetime
from pathlib import Path
from collections.abc import Callable
from typing import Any

from remembrancer.app import autostart
from remembrancer.app.browser_log import BrowserLog
from remembrancer.app.browser_pairing import Pairing, Pairings
from remembrancer.app.context import AppContext
from remembrancer.app.import_options import import_options
from remembrancer.app.llm import LocalModel, ask_memory
from remembrancer.app.mcp_clients import McpClient, McpClients
from remembrancer.app.people import KIND_ORDER, PersonProfile, PersonSummary, ProfileSection, TimelineEntry, build_profile, summarise_people
from remembrancer.app.scheduler import ConsolidationScheduler
from remembrancer.app.settings import Settings
from remembrancer.app.source_watcher import SourceWatcher, StoreClosing, Timings
from remembrancer.app.watched_sources import WatchedSourceMethods
from remembrancer.memory.access_log import AccessEntry
from remembrancer.memory.consolidation import ConsolidationReport, consolidate, last_run
from remembrancer.memory.errors import InputError
from remembrancer.memory.autofill.accept import accept as accept_suggestions
from remembrancer.memory.autofill.engine import autofill as autofill_fields
from remembrancer.memory.autofill.types import FieldSuggestion, FormField
from remembrancer.memory.importers.base import ImportOptions
from remembrancer.memory.import_plan import ImportPlan, describe_plan, format_labels
from remembrancer.memory.ingest import Progress
from remembrancer.memory.store.database import DB_FILENAME, open_database
from remembrancer.memory.timeutil import ensure_aware, parse_time
from remembrancer.memory import assistant_chat, browse, item_detail
from remembrancer.memory.changes import Changed, Changes
from remembrancer.memory import conflicts as conflict_queue
from remembrancer.memory import forget as forget_ops
from remembrancer.memory.ingest import ImportCancelled
from remembrancer.memory.llm.base import TokenCallback
from remembrancer.memory.privacy import masked, masked_all
from remembrancer.memory.privacy.mask import mask_secrets
from remembrancer.memory.recall.associative import DEFAULT_BUDGET
from remembrancer.memory.source_sync import SyncOutcome
from remembrancer.memory.sources import Source, SyncReport
from remembrancer.memory.provenance import SourceQuote
from remembrancer.memory.text_cut import cut_words
from remembrancer.memory.types import Answer, Citation, ContextTurn, ImportSummary, RecallItem, Stats

logger = logging.getLogger(__name__)

# Errors whose message is meant for the user as is (`FILE:LINE: reason`);
# anything else is an internal error and is logged with its traceback.
USER_ERRORS: tuple[type[Exception], ...] = (InputError,)

__all__ = ["KIND_ORDER", "USER_ERRORS", "Answer", "Changed", "Changes", "Citation", "ContextTurn", "ImportCancelled", "ImportPlan", "ImportSummary", "MemoryService",
           "PersonProfile", "PersonSummary", "ProfileSection", "RecallItem", "Source", "SourceQuote", "SourceWatcher", "Stats", "StoreClosing",
           "SyncOutcome", "SyncReport", "TimelineEntry", "Timings", "cut_words"]


class MemoryService(WatchedSourceMethods):
    """Recall, import and stats for one `AppContext`, with the context's clock (watched sources: `WatchedSourceMethods`).

    Every operation that writes returns what it changed (`Changes`, or a result
    carrying `.changes`: `ImportSummary`, `ForgetReport`, `ConsolidationReport`,
    `Changed`), and the GUI redraws from that.
    """

    def __init__(self, ctx: AppContext):
        self.ctx = ctx

    @property
    def data_dir(self) -> Path:
        return self.ctx.settings.data_dir

    def open(self, progress: Progress | None = None) -> Stats:
        """Open the store (may load the embedding model and embed pending rows).

        Returns the stats so the caller can show counts as soon as it is open.
        """
        memory = self.ctx.memory(progress)
        # The embedder loads its model on first use; doing that here, while the
        # window says "Loading memory…", keeps the first search from stalling.
        if progress:
            progress(0, 0, "loading the embedding model")  # total 0: no count to show
        embedder = memory.load_embedder()
        memory.warm_up()  # the in-memory vector indexes build in the background; LanceDB answers meanwhile
        logger.info("memory open at %s (embedder %s)", self.data_dir, embedder)
        return memory.stats()

    def recall(self, query: str, k: int | None = None, budget: int | None = DEFAULT_BUDGET,
               include_archived: bool = False) -> list[RecallItem]:
        """Hybrid recall, secrets masked; an empty query recalls nothing rather than everything.

        `budget` caps the items' text (recall's token estimate; None: no cap); archived memories come back only
        when asked for. A read: reviews come from use (`memory/review.py`).
        """
        query = query.strip()
        if not query:
            return []
        k = k or self.ctx.settings.default_k
        memory = self.ctx.memory()
        return masked_all(memory.recall(query, k=k, now=self.ctx.now, budget=budget, include_archived=include_archived))

    def import_path(
        self, path: str | Path, fmt: str = "auto", progress: Progress | None = None, cancel: threading.Event | None = None,
        options: ImportOptions | None = None,
    ) -> ImportSummary:
        """Import a file or folder; raises `InputError` naming `FILE:LINE` on bad input, `ImportCancelled` on `cancel`.

        `options` default to the settings' (`app.import_options`: whose messages are the person's own).
        """
        options = options if options is not None else import_options(self.ctx.settings)
        return self.ctx.memory(progress).import_path(Path(path), fmt, now=self.ctx.now, progress=progress, cancel=cancel, options=options)

    def plan_import(self, path: str | Path, fmt: str = "auto") -> ImportPlan:
        """What `import_path` will read: each file's format and the files it leaves aside (sniffed, not parsed).

        Raises the import's own `InputError` for a file nothing recognises
        ("cannot tell the format"). The store's importers (plugins included)
        decide, so the plan is the one the import follows.
        """
        return describe_plan(Path(path), fmt, self.ctx.memory().importers)

    def import_formats(self) -> list[str]:
        """The human names of every format an import reads (for "cannot tell the format": what a file could have been)."""
        return format_labels(self.ctx.memory().importers)

    def stats(self) -> Stats:
        return self.ctx.memory().stats()

    def consolidate(self, dry_run: bool = False) -> ConsolidationReport:
        """The nightly job, now: merge twins, archive what faded, rebuild, back up."""
        return consolidate(self.ctx.memory(), ensure_aware(self.ctx.now), dry_run=dry_run, backups_kept=self.ctx.settings.backups_kept)

    def last_consolidation(self) -> datetime | None:
        """When the last real consolidation ran (None: never), read from the store itself."""
        path = self.data_dir / DB_FILENAME
        if not path.exists():
            return None
        db = open_database(path, self.ctx.store_key())  # its own short-lived connection: the scheduler asks from its thread
        try:
            stamp = last_run(db)
        finally:
            db.conn.close()
        return parse_time(stamp) if stamp else None

    def scheduler(self, run) -> ConsolidationScheduler:
        """The nightly consolidation at the configured hour; `run` queues the job where the store lives."""
        settings = self.ctx.settings
        return ConsolidationScheduler(
            run=run, last_run=self.last_consolidation, hour=settings.consolidation_hour,
            only_idle=settings.consolidation_only_idle, only_on_ac=settings.consolidation_only_on_ac,
        )

    # -- the memory browser: thin calls into the core, each on the store thread --
    # The lists are masked like recall; `item` (opening one memory) shows the real text.
    def facts(self, about: str | None = None, include_archived: bool = False, standalone_only: bool = False) -> list[browse.FactView]:
        """`standalone_only`: the facts a person reads (the others lean on their conversation: recall aids)."""
        return masked_all(self.ctx.memory().facts(about, include_archived, standalone_only=standalone_only))

    def scenes(self) -> list[browse.SceneView]:
        return masked_all(self.ctx.memory().scenes())

    def persona(self, subject: str | None = None) -> list[browse.PersonaView]:
        return masked_all(self.ctx.memory().persona(subject))

    def people(self) -> list[PersonSummary]:
        """Everyone the persona knows something about, with how much: the People view's list."""
        return summarise_people(self.persona())

    def profile(self, person: str) -> PersonProfile:
        """One person's page: values grouped by kind and their dated events in date order (masked).

        Events are dated by what their facts say ("on 3 May 2024"), which the
        persona row does not keep, so the person's facts are read for it.
        """
        views = self.persona(person)
        events = {fact for view in views if view.kind == "events" for fact in view.evidence}
        dates = {f.id: f.time_mentioned for f in self.ctx.memory().facts(person) if f.id in events} if events else {}
        name = views[0].subject if views else person
        return build_profile(name, views, dates)

    def messages(self, kind: str | None = None, limit: int = 500) -> list[browse.MessageView]:
        return masked_all(self.ctx.memory().messages(kind, limit))

    def item(self, item_id: str) -> item_detail.ItemDetail:
        """One memory with its sources, history and retention curve at the context's clock.

        Not masked: opening a memory is the person asking for exactly what was
        said (the edit dialog starts from this text, too).
        """
        return self.ctx.memory().item(item_id, self.ctx.now)

    def open_item(self, item_id: str) -> item_detail.ItemDetail:
        """The person opens a memory: that is a use, so it counts as a review; then its detail (see `item`)."""
        self.ctx.memory().review([item_id], self.ctx.now)
        return self.item(item_id)

    def pin(self, item_id: str, pinned: bool = True) -> Changes:
        """Pinning a memory is choosing to keep it: a review too (unpinning is not)."""
        level = self.ctx.memory().set_pinned(item_id, pinned)
        if pinned:
            self.ctx.memory().review([item_id], self.ctx.now)
        return Changes.of(level)

    def confirm(self, item_id: str) -> Changes:
        """The person confirms a memory is right ("that's right"): a use, so a review; it fades more slowly from now."""
        if not self.ctx.memory().review([item_id], self.ctx.now):
            raise InputError(f"no memory with id {item_id!r}")
        return Changes()  # its retention changed, which only its own pane shows

    def edit_fact(self, item_id: str, text: str) -> Changes:
        """A fact's new wording shows in the scenes and the profiles it feeds."""
        self.ctx.memory().edit_fact(item_id, text)
        return Changes.of("fact", "scene", "persona")

    def forget(self, item_id: str, hard: bool = False) -> forget_ops.ForgetReport:
        """Soft: archive (reversible). Hard: delete and scrub the text from every file of the data dir."""
        return self.forget_matching(ids=[item_id], hard=hard)

    def forget_matching(self, query: str | None = None, ids: list[str] | None = None, hard: bool = False,
                        with_messages: bool = False) -> forget_ops.ForgetReport:
        """Forget what `query` matches (every word, any level) or the memories `ids`; see `forget`."""
        memory = self.ctx.memory()
        targets = forget_ops.find_targets(memory, query, ids)
        return forget_ops.forget(memory, targets, ensure_aware(self.ctx.now), hard=hard, with_messages=with_messages)

    def conflicts(self, include_resolved: bool = False) -> list[conflict_queue.Conflict]:
        return masked_all(self.ctx.memory().conflicts(include_resolved))

    def resolve_conflict(self, conflict_id: int, keep: str) -> Changed[conflict_queue.Conflict]:
        """Settle a contradiction: the fact not kept is superseded, so the facts and the profiles change with the queue."""
        conflict = masked(self.ctx.memory().resolve_conflict(conflict_id, keep, self.ctx.now))
        kept = {"A": [conflict.a], "B": [conflict.b], "both": [conflict.a, conflict.b]}[keep]
        self.ctx.memory().review([fact.id for fact in kept], self.ctx.now)  # keeping a fact confirms it
        return Changed(conflict, Changes.of("conflict", "fact", "persona"))

    def record_chat(self, turns: list[tuple[str, str]]) -> ImportSummary:
        """Store (role, text) turns of the conversation with the assistant as chat memory."""
        chat = [assistant_chat.ChatTurn(role, text) for role, text in turns]
        return assistant_chat.record_turns(self.ctx.memory(), chat, self.ctx.settings.user_name, ensure_aware(self.ctx.now))

    # -- where a memory comes from ---------------------------------------------------
    def sources(self, ids: list[str], owner: str | None = None, limit: int = 3) -> list[SourceQuote]:
        """The messages behind memory ids of any level, as who said what on which day (masked).

        `owner` adds a name whose lines read "you said"; the `user_name`
        setting and the exports' own labels ("Me") always do.
        """
        owners = [name for name in (self.ctx.settings.user_name, owner) if name]
        quotes = self.ctx.memory().sources(ids, owners, limit)
        return [SourceQuote(q.message_id, q.speaker, q.time, q.date, mask_secrets(q.quote), q.by_owner) for q in quotes]

    def source_lines(self, ids: list[str], owner: str | None = None, limit: int = 3) -> list[str]:
        """`sources` as the lines a panel shows: "you said on 1 Mar 2024: “...”"."""
        return [q.text for q in self.sources(ids, owner, limit)]

    def source_lines_by_id(self, ids: list[str], owner: str | None = None) -> dict[str, str]:
        """One line per memory id (its earliest source), for lists of citations or results."""
        out: dict[str, str] = {}
        for item_id in dict.fromkeys(ids):
            lines = self.source_lines([item_id], owner, limit=1)
            if lines:
                out[item_id] = lines[0]
        return out

    # -- settings ------------------------------------------------------------------
    @property
    def settings(self) -> Settings:
        return self.ctx.settings

    def update_settings(self, **changes: Any) -> Settings:
        """Change known settings and save; an unknown name is a caller bug, not a new key."""
        settings = self.ctx.settings
        for name, value in changes.items():
            if name in ("data_dir", "extra", "schema_version") or not hasattr(settings, name):
                raise InputError(f"settings: no setting named {name!r}")
            setattr(settings, name, value)
        settings.save()
        if "autostart" in changes:  # the login item follows the saved choice (app/autostart.py)
            autostart.sync(bool(settings.autostart))
        return settings

    # -- asking ----------------------------------------------------------------------
    def ask(
        self,
        question: str,
        quick: bool = False,
        on_token: TokenCallback | None = None,
        cancel: threading.Event | None = None,
        on_draft: Callable[[Answer], None] | None = None,
    ) -> Answer:
        """An answer from memory citing the memories it rests on.

        Blocks for the generation (run it in a worker); `on_token(str)` gets
        the answer text as it is generated, on that worker's thread; setting
        `cancel` stops between tokens. A missing or failing model gives a
        degraded answer (the best memories, `degraded=True`), never an error.
        The answer, its citations and the streamed text are masked (`memory.ask`).
        `on_draft(answer)` gets the answer read from the memories before the model starts.
        """
        return ask_memory(self.ctx, question, quick=quick, on_token=on_token, cancel=cancel, on_draft=on_draft)

    @property
    def models(self) -> LocalModel:
        """The model in use and the model manager (`models.manager`): list, add, use, remove."""
        return self.ctx.llm

    # -- autofill ----------------------------------------------------------------------
    def autofill(self, fields: list[FormField], person: str | None = None, use_model: bool = True) -> list[FieldSuggestion]:
        """One suggestion per field: the user's value with confidence and sources, or none and why.

        The user is `person`, else the `user_name` setting when the store
        knows that name, else the chats' user (see `memory.autofill.profile`).
        The language model, when there is one, is loaded only if a free-text
        field needs it. Reads only: nothing is reinforced until `accept_autofill`.
        """
        model = self._autofill_model() if use_model else None
        suggestions = autofill_fields(self.ctx.memory(), fields, person=person, model=model, now=self.ctx.now,
                                      preferred_person=self.ctx.settings.user_name)
        for suggestion in suggestions:  # the panel shows the sentence and the day, not the ids
            if suggestion.value and suggestion.sources:
                suggestion.provenance = self.source_lines(suggestion.sources, owner=person, limit=2)
        return suggestions

    def accept_autofill(self, accepted: list[FieldSuggestion]) -> int:
        """The user kept these suggestions: their cited memories count as reviewed (returns how many)."""
        return accept_suggestions(self.ctx.memory(), accepted, now=self.ctx.now)

    def _autofill_model(self):
        """A getter for the app's model (`app.llm`), or None where this build has no model runtime."""
        llm = getattr(self.ctx, "llm", None)
        return llm.get if llm is not None else None

    # -- browser autofill: the GUI's log view and pairing dialog -------------------
    def browser_log(self, limit: int | None = None) -> list[dict[str, Any]]:
        """What the browser link offered to which site and what was filled, oldest first (no values)."""
        return BrowserLog(self.data_dir).read(limit)

    def browser_pairings(self) -> dict[str, list[Pairing]]:
        """{"pending": requests waiting for approval, "paired": approved browsers}."""
        return Pairings(self.data_dir).overview(self.ctx.now)

    def approve_browser_pairing(self, code: str) -> Pairing:
        return Pairings(self.data_dir).approve(code, self.ctx.now)

    def revoke_browser_pairing(self, code_or_origin: str) -> list[Pairing]:
        return Pairings(self.data_dir).revoke(code_or_origin, self.ctx.now)

    # -- AI tools (MCP clients): the GUI's consent dialog and access log --------------
    def mcp_clients(self) -> list[McpClient]:
        """Allowed clients, then requests waiting for the person (`app/mcp_clients.py`)."""
        return McpClients(self.data_dir).clients()

    def allow_mcp_client(self, name: str, write: bool | None = None) -> McpClient:
        """Allow `name` (its next call is answered); `write` turns its notes on or off (None: unchanged)."""
        return McpClients(self.data_dir).allow(name, self.ctx.now, write=write)

    def revoke_mcp_client(self, name: str) -> list[McpClient]:
        return McpClients(self.data_dir).revoke(name)

    def mcp_access_log(self, limit: int | None = 500, client: str | None = None) -> list[AccessEntry]:
        """What AI tools asked and which memories they were given, oldest first (ids, never texts)."""
        return self.ctx.memory().access_log(limit, client)

    def close(self) -> None:
        self.ctx.close()
