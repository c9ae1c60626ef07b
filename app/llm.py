"""The app's one language model: chosen by settings, found by the model manager, loaded on first use.

This is the composition root's side of the runtime. `AppContext.llm` holds
one `LocalModel` per process, so the GUI, the scheduler and the browser host
all reach the same `LlamaModel` (whose lock gives it one user at a time).
Nothing here loads anything when the app starts: the bundled model is
assembled and the weights are mapped on the first `get()`, i.e. the first
question asked.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from remembrancer.app.settings import Settings, platform_dirs
from remembrancer.memory.ask import ask
from remembrancer.memory.errors import InputError
from remembrancer.memory.extraction.base import Extractor
from remembrancer.memory.extraction.llm import LLMExtractor
from remembrancer.memory.llm.base import LanguageModel, TokenCallback
from remembrancer.memory.llm.errors import ModelError
from remembrancer.memory.llm.models import BUNDLED, ModelEntry, ModelManager
from remembrancer.memory.types import Answer, RecallItem
from remembrancer.plugins.hookspecs import hookimpl

if TYPE_CHECKING:
    from remembrancer.app.context import AppContext

logger = logging.getLogger(__name__)

FAKE_MODEL = "fake"  # the deterministic test model (REMEMBRANCER_MODEL=fake); never a registry entry


def default_cache_dir() -> Path:
    """Where the bundled model is assembled: the platform's user cache dir (XDG_CACHE_HOME on Linux)."""
    return Path(platform_dirs().user_cache_dir) / "models"


class LocalModel:
    """The model `settings.model` names, resolved and constructed lazily, closed on demand."""

    def __init__(self, settings: Settings, cache_dir: Path | None = None):
        self.settings = settings
        self.manager = ModelManager(settings.data_dir, cache_dir or default_cache_dir())
        self._model: LanguageModel | None = None
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        return self.settings.model

    def get(self) -> LanguageModel:
        """The configured model (not yet loaded: `LlamaModel` loads on its first call).

        Raises `ModelError` (or `InputError` for a name the registry lacks);
        `ask` turns either into a degraded answer.
        """
        with self._lock:
            if self._model is None:
                self._model = self._build()
            return self._model

    def _build(self) -> LanguageModel:
        if self.settings.model == FAKE_MODEL:
            from remembrancer.memory.llm.fake import FakeModel

            return FakeModel(context_length=self.settings.llm_context)
        entry = self.manager.resolve(self.settings.model)
        if entry.info is None:
            raise ModelError(f"model {entry.name!r} has no readable header")
        from remembrancer.memory.llm.llama import LlamaModel

        return LlamaModel(
            entry.path, name=display_name(entry), n_ctx=self.settings.llm_context,
            n_threads=self.settings.llm_threads or None, info=entry.info,
        )

    def use(self, name: str) -> ModelEntry:
        """Make `name` the model in use (saved in the settings); the next call loads it."""
        entry = self.manager.get(name)  # InputError for an unknown name: nothing changes
        self.settings.model = name
        self.settings.save()
        self.close()
        logger.info("model in use: %s", name)
        return entry

    def remove(self, name: str) -> ModelEntry:
        """Forget `name`; when it was in use, the bundled model takes over."""
        entry = self.manager.remove(name)
        if self.settings.model == name:
            self.settings.model = BUNDLED
            self.settings.save()
            self.close()
        return entry

    def close(self) -> None:
        with self._lock:
            if self._model is not None:
                self._model.close()
                self._model = None


def display_name(entry: ModelEntry) -> str:
    """The name answers report: the bundled file's stem, else the registry name."""
    return Path(entry.path).stem if entry.name == BUNDLED else entry.name


def ask_memory(
    ctx: AppContext,
    question: str,
    *,
    quick: bool = False,
    k: int | None = None,
    budget: int | None = None,
    on_token: TokenCallback | None = None,
    cancel: threading.Event | None = None,
    on_draft: Callable[[Answer], None] | None = None,
) -> Answer:
    """`ask` over this context's memory and model, at the context's clock.

    The memories the answer cites were shown to the person as its ground:
    each counts as a review (recall itself is a read; "I don't know" and a
    degraded listing cite nothing as an answer and review nothing). An empty
    question is the caller's mistake (`InputError`).
    """
    if not question.strip():
        raise InputError("ask: the question is empty")
    memory = ctx.memory()

    def recall(query: str, count: int, tokens: int | None) -> list[RecallItem]:
        return memory.recall(query, k=count, now=ctx.now, budget=tokens)

    answer = ask(question, recall, ctx.llm.get, quick=quick, k=k, budget=budget, on_token=on_token, cancel=cancel, on_draft=on_draft)
    if answer.citations and not answer.degraded:
        memory.review([citation.id for citation in answer.citations], ctx.now)
    return answer


class LLMExtractorPlugin:
    """Registers the "llm" fact extractor, bound to this app's model, as a built-in plugin.

    The extractor needs the model the settings name, which only `app/` knows;
    registering it through the same hook as the rules extractor keeps one way
    to pick an extractor (the `extractor` setting). The model loads only if
    that setting says "llm" and an import runs.
    """

    def __init__(self, local: LocalModel):
        self.local = local

    @hookimpl
    def register_extractors(self, register: Callable[[str, Callable[[], Extractor | None]], None]) -> None:
        register("llm", lambda: LLMExtractor(self.local.get))
