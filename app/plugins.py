"""The plugin manager: built-ins and enabled third-party plugins, isolated.

Wired here in the composition root (the core never imports pluggy): the
importer table, the extractor registry and the events listener handed to
`Memory` all come from the hooks in `plugins/hookspecs.py`, and the browser
host asks `autofill_field` before the engine.

Third-party plugins are found through the `remembrancer` entry-point group
but load only when their name is in `plugins_enabled` (they see personal
data; beets does the same). Each loads, starts and runs inside its own
try/except: a plugin that fails is reported once (logged as a warning, kept
in `failures` for the GUI) and switched off for the rest of the session, and
the app carries on without it (Anki's add-on loader).
"""
from __future__ import annotations

import importlib.metadata
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pluggy

from remembrancer.app.secrets import Secrets
from remembrancer.memory.autofill.types import FieldSuggestion, FormField
from remembrancer.memory.errors import InputError
from remembrancer.memory.extraction.base import Extractor
from remembrancer.memory.importers.base import Importer
from remembrancer.memory.types import ImportSummary
from remembrancer.plugins import hookspecs
from remembrancer.plugins.builtin import BUILTIN_PLUGINS
from remembrancer.plugins.hookspecs import ENTRY_POINT_GROUP, PROJECT

logger = logging.getLogger(__name__)

BUILTIN_PREFIX = "builtin."
EntryPoints = Callable[[], Iterable[importlib.metadata.EntryPoint]]


@dataclass(frozen=True)
class PluginFailure:
    """A plugin that failed, where, and why (shown to the user once)."""

    plugin: str
    stage: str   # "load", "not installed", or the hook that raised
    error: str

    def __str__(self) -> str:
        return f"plugin {self.plugin!r} failed in {self.stage}: {self.error} (switched off for this session)"


def _entry_points() -> Iterable[importlib.metadata.EntryPoint]:
    return importlib.metadata.entry_points(group=ENTRY_POINT_GROUP)


class Plugins:
    """One pluggy manager with the built-ins and the enabled third-party plugins."""

    def __init__(self, enabled: Iterable[str] = (), secrets: Secrets | None = None, entry_points: EntryPoints = _entry_points):
        self.pm = pluggy.PluginManager(PROJECT)
        self.pm.add_hookspecs(hookspecs)
        self.secrets = secrets or Secrets()
        self.failures: list[PluginFailure] = []
        self.available: list[str] = []   # installed third-party plugins, enabled or not
        self.loaded: list[str] = []      # the third-party plugins running now
        for module in BUILTIN_PLUGINS:
            self.pm.register(module, name=BUILTIN_PREFIX + module.__name__.rsplit(".", 1)[-1])
        self._load(set(enabled), entry_points)
        self.events = PluginEvents(self)

    # -- loading -------------------------------------------------------------
    def _load(self, enabled: set[str], entry_points: EntryPoints) -> None:
        try:
            found = list(entry_points())
        except Exception as exc:  # a broken distribution's metadata must not stop the app
            logger.warning("could not list the %r entry points: %s", ENTRY_POINT_GROUP, exc)
            found = []
        for ep in found:
            self.available.append(ep.name)
            if ep.name not in enabled:
                logger.info("plugin %r is installed but not enabled", ep.name)
                continue
            try:
                plugin = ep.load()
                self.pm.register(plugin, name=ep.name)
            except Exception as exc:
                self._fail(ep.name, "load", exc)
                continue
            self.loaded.append(ep.name)
            self._start(ep.name, plugin)
        for name in sorted(enabled - set(self.available)):
            self._fail(name, "not installed", f"no {ENTRY_POINT_GROUP!r} entry point is called {name!r}")

    def _start(self, name: str, plugin: object) -> None:
        """Hand the plugin its own namespaced secrets (and only to it)."""
        for impl in self.pm.hook.plugin_did_load.get_hookimpls():
            if impl.plugin is plugin:
                try:
                    impl.function(secrets=self.secrets.for_plugin(name))
                except Exception as exc:
                    self._fail(name, "plugin_did_load", exc)

    def _fail(self, name: str, stage: str, error: BaseException | str) -> None:
        failure = PluginFailure(name, stage, error if isinstance(error, str) else f"{type(error).__name__}: {error}")
        self.failures.append(failure)
        logger.warning("%s", failure)  # the one line the user sees (stderr and the log)
        if isinstance(error, BaseException):
            logger.info("plugin %r traceback", name, exc_info=error)  # the details, for the log file only
        if name.startswith(BUILTIN_PREFIX):
            return  # a built-in failing is a bug to see in the log, not something to switch off
        plugin = self.pm.get_plugin(name)
        if plugin is not None:
            self.pm.unregister(plugin)
        if name in self.loaded:
            self.loaded.remove(name)

    # -- calling hooks, one plugin at a time -------------------------------------
    def call_each(self, hook: str, **kwargs: Any) -> list[tuple[str, Any]]:
        """Call every implementation of `hook` in its own try/except.

        pluggy stops a hook call at the first exception; here one broken
        plugin is reported and switched off while the others still run.
        Calls run in pluggy's order (last registered first). Returns (plugin
        name, result) for the implementations that answered.
        """
        results = []
        for impl in reversed(getattr(self.pm.hook, hook).get_hookimpls()):
            name = self.pm.get_name(impl.plugin) or "?"
            try:
                results.append((name, impl.function(**{arg: kwargs[arg] for arg in impl.argnames})))
            except Exception as exc:
                self._fail(name, hook, exc)
        return results

    def importers(self) -> dict[str, Importer]:
        """Format name -> importer; the built-ins register first and keep their names."""
        table: dict[str, Importer] = {}

        def register(importer: Importer) -> None:
            if not isinstance(importer, Importer):
                raise TypeError(f"register_importers: {importer!r} is not an Importer")
            if importer.name in table:
                raise ValueError(f"register_importers: the format name {importer.name!r} is taken")
            table[importer.name] = importer

        self._collect("register_importers", register)
        return table

    def extractor_factories(self) -> dict[str, Callable[[], Extractor | None]]:
        table: dict[str, Callable[[], Extractor | None]] = {}

        def register(name: str, factory: Callable[[], Extractor | None]) -> None:
            if name in table:
                raise ValueError(f"register_extractors: the extractor name {name!r} is taken")
            table[name] = factory

        self._collect("register_extractors", register)
        return table

    def extractor(self, name: str) -> Extractor | None:
        """The extractor the `extractor` setting names (None for "none")."""
        factories = self.extractor_factories()
        if name not in factories:
            raise InputError(f"settings: unknown extractor {name!r} (known: {', '.join(sorted(factories))})")
        return factories[name]()

    def _collect(self, hook: str, register: Callable[..., None]) -> None:
        """Run a `register_*` hook plugin by plugin; a plugin that fails adds nothing."""
        for impl in getattr(self.pm.hook, hook).get_hookimpls():
            name = self.pm.get_name(impl.plugin) or "?"
            staged: list[tuple[Any, ...]] = []
            try:
                impl.function(register=lambda *args: staged.append(args))
                for args in staged:
                    register(*args)
            except Exception as exc:
                self._fail(name, hook, exc)

    def autofill_field(self, field: FormField, person: str | None, site: str) -> tuple[str, FieldSuggestion] | None:
        """The first plugin's value for `field` (pluggy's firstresult order), with who gave it."""
        for impl in reversed(self.pm.hook.autofill_field.get_hookimpls()):
            name = self.pm.get_name(impl.plugin) or "?"
            kwargs = {"field": field, "person": person, "site": site}
            try:
                answer = impl.function(**{arg: kwargs[arg] for arg in impl.argnames})
                if answer is None:
                    continue
                suggestion = answer if isinstance(answer, FieldSuggestion) else FieldSuggestion(**answer)
            except Exception as exc:
                self._fail(name, "autofill_field", exc)
                continue
            suggestion.field = field.key  # a plugin answers for the field it was asked about, nothing else
            return name, suggestion
        return None


class PluginEvents:
    """The core's events listener (`memory.events.MemoryEvents`) backed by the hooks."""

    def __init__(self, plugins: Plugins):
        self._plugins = plugins

    def memory_did_add(self, summary: ImportSummary, path: Path) -> None:
        self._plugins.call_each("memory_did_add", summary=summary, path=path)

    def memory_will_recall(self, query: str, k: int) -> None:
        self._plugins.call_each("memory_will_recall", query=query, k=k)

    def consolidation_did_run(self, report: Any) -> None:
        self._plugins.call_each("consolidation_did_run", report=report)
