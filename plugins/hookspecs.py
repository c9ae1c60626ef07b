"""The hooks a Remembrancer plugin can implement (pluggy).

Built-in features register through these same hooks (see `plugins/builtin/`),
so a third-party plugin is a peer of the importers and extractors that ship
with the app. Conventions (after datasette, llm and pytest):

- `register_*(register)`: providers call `register(...)` once per thing they
  add, so one plugin can add several and the manager decides what a name
  clash means.
- `*_will_*` / `*_did_*`: events, told before or after something happened.
  Their return values are ignored and an exception in one plugin is logged
  and does not stop the others or the app.
- `firstresult=True`: "who answers this"; the first non-None answer wins.

Plugins see personal data: third-party ones load only when the user enabled
them (`plugins_enabled` in settings). Secrets reach a plugin only through
`plugin_did_load(secrets)`, namespaced to that plugin.

Every hook is documented with an example in `docs/plugins.md`.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    from remembrancer.app.secrets import PluginSecrets
    from remembrancer.memory.autofill.types import FieldSuggestion, FormField
    from remembrancer.memory.consolidation import ConsolidationReport
    from remembrancer.memory.extraction.base import Extractor
    from remembrancer.memory.importers.base import Importer
    from remembrancer.memory.types import ImportSummary

PROJECT = "remembrancer"
ENTRY_POINT_GROUP = "remembrancer"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def plugin_did_load(secrets: PluginSecrets) -> None:
    """Called once, right after this plugin loaded, with its own secret store.

    `secrets` reads and writes only `plugin:<id>:<field>` in the OS keyring;
    keep it if the plugin needs an API token later. A plugin never gets the
    keyring itself.
    """


@hookspec
def register_importers(register: Callable[[Importer], None]) -> None:
    """Add importers: call `register(importer)` with a `memory.importers.base.Importer`.

    The importer's `name` is its format; `claims(path)` lets `--format auto`
    hand it the files it recognises. A name already taken is refused.
    """


@hookspec
def register_extractors(register: Callable[[str, Callable[[], Extractor | None]], None]) -> None:
    """Add fact extractors: call `register(name, factory)`.

    `factory()` builds the `memory.extraction.base.Extractor` (lazily, so a
    heavy one costs nothing until the `extractor` setting names it).
    """


@hookspec
def memory_did_add(summary: ImportSummary, path: Path) -> None:
    """An import of `path` finished; `summary` counts what was added."""


@hookspec
def memory_will_recall(query: str, k: int) -> None:
    """A recall for `query` (up to `k` items) is about to run."""


@hookspec
def consolidation_did_run(report: ConsolidationReport) -> None:
    """A consolidation finished (`report.dry_run` says whether it changed anything)."""


@hookspec(firstresult=True)
def autofill_field(field: FormField, person: str | None, site: str) -> FieldSuggestion | dict[str, Any] | None:
    """Offer a value for one web-form field, or None to let the next plugin or the engine answer.

    Return a `FieldSuggestion` (or its JSON dict) with the memory ids the value
    rests on. The never-fill policy still applies after a plugin: passwords,
    one-time codes, card fields and hidden fields are never filled, whatever a
    plugin returns.
    """
