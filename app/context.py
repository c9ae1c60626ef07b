"""Building the core from settings: the one place the CLI and GUI share."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

from remembrancer.app.llm import LLMExtractorPlugin, LocalModel
from remembrancer.app.logging_setup import configure_logging
from remembrancer.app.plugins import Plugins
from remembrancer.app.settings import Settings, resolve_data_dir
from remembrancer.app.store_key import PassphrasePrompt, Unlocked, terminal_prompt, unlock_store
from remembrancer.memory import Memory
from remembrancer.memory.extraction.owner import OwnerNames
from remembrancer.memory.ingest import Progress
from remembrancer.memory.store.encryption import StoreKey


class AppContext:
    """Settings plus a lazily opened `Memory` for one data dir."""

    def __init__(self, data_dir: str | Path | None = None, now: datetime | None = None, verbose: bool = False,
                 prompt: PassphrasePrompt | None = None):
        """`prompt` asks the user for the store's passphrase when the key is not in the keyring (terminal or dialog)."""
        self.settings = Settings.load(resolve_data_dir(data_dir))
        self.now = now
        self.prompt = prompt or terminal_prompt  # the GUI swaps in its dialog before the store opens
        configure_logging(self.settings.log_dir, self.settings.log_level, verbose)
        self._unlocked: Unlocked | None = None
        self._memory: Memory | None = None
        self._plugins: Plugins | None = None
        self._llm: LocalModel | None = None

    @property
    def llm(self) -> LocalModel:
        """The language model the settings name: built on first use, its weights loaded on its first call."""
        if self._llm is None:
            self._llm = LocalModel(self.settings)
        return self._llm

    @property
    def plugins(self) -> Plugins:
        """The built-ins and the third-party plugins the settings enable, loaded once."""
        if self._plugins is None:
            self._plugins = Plugins(self.settings.plugins_enabled)
            self._plugins.pm.register(LLMExtractorPlugin(self.llm), name="builtin.llm")  # "llm" bound to this app's model
        return self._plugins

    def unlock(self) -> Unlocked:
        """Find (or, for a new store, create) the store's key once per process; raises `StoreLockedError`."""
        if self._unlocked is None:
            self._unlocked = unlock_store(self.settings.data_dir, self.settings.encrypt_store, self.prompt)
        return self._unlocked

    def store_key(self) -> StoreKey | None:
        return self.unlock().key

    def memory(self, progress: Progress | None = None) -> Memory:
        if self._memory is None:
            key = self.store_key()
            plugins = self.plugins
            self._memory = Memory(
                self.settings.data_dir, self.settings.embedder, progress=progress,
                extractor=plugins.extractor(self.settings.extractor), importers=plugins.importers(), events=plugins.events, key=key,
                owner=OwnerNames(user_name=self.settings.user_name),  # "me" (the default) counts as unset
            )
        return self._memory

    def close_memory(self) -> None:
        """Close the store (it opens again on the next `memory()`), keeping the key and the model."""
        if self._memory is not None:
            self._memory.close()
            self._memory = None

    def close(self) -> None:
        if self._llm is not None:
            self._llm.close()
            self._llm = None
        if self._memory is not None:
            self._memory.close()
            self._memory = None
