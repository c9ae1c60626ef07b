"""The browser link's requests, served where the store is open.

The same handlers run inside the desktop app (registered on its IPC
`Dispatcher`, so the host relays to the one process that owns the store) and
inside the native host itself when the app is not running. Pairing and keys
are checked by the host before anything reaches these handlers.

An autofill request is answered field by field: the `autofill_field` plugins
first (firstresult), then the engine (`MemoryService.autofill`) for the rest,
then the never-fill policy over everything (`app/browser_policy.py`), so no
plugin can route around it. Each answer and each fill goes to the browser log.
In the app, a confirmed fill counts as a review of the memories its values
cited (`MemoryService.accept_autofill`); the host serving alone reinforces
nothing (it reads the store, the user's review belongs to the app).
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from remembrancer.app.browser_log import BrowserLog
from remembrancer.app.browser_policy import enforce, never_fill_reason
from remembrancer.app.ipc import Dispatcher
from remembrancer.app.plugins import Plugins
from remembrancer.memory.autofill.types import FieldSuggestion, FormField

if TYPE_CHECKING:
    from remembrancer.app.service import MemoryService

logger = logging.getLogger(__name__)

MAX_FIELDS = 200
MAX_REMEMBERED_OFFERS = 50   # sites whose last offer a fill may still confirm
Suggest = Callable[[list[FormField], str | None], list[FieldSuggestion]]
Accept = Callable[[list[FieldSuggestion]], int]


class BrowserService:
    """Autofill, fills and the log for the browser extension (no pairing here: the host checks it)."""

    def __init__(
        self, data_dir: Path, suggest: Suggest, plugins: Plugins | None = None,
        now: Callable[[], datetime | None] = lambda: None, accept: Accept | None = None,
    ):
        """`suggest(fields, person)` is the engine (`MemoryService.autofill`), `now` the
        context's clock, `accept(suggestions)` reinforces what a confirmed fill kept."""
        self.suggest = suggest
        self.plugins = plugins
        self.accept = accept
        self._offered: dict[str, dict[str, FieldSuggestion]] = {}
        self.log = BrowserLog(data_dir)
        self.now = now
        self.on_pairing_request: Callable[[dict[str, Any]], None] | None = None  # the GUI shows its dialog

    def autofill(self, params: dict[str, Any]) -> dict[str, Any]:
        site = site_of(params.get("site"))
        fields = parse_fields(params.get("fields"))
        person = params.get("person") if isinstance(params.get("person"), str) else None
        answered: list[FieldSuggestion] = []
        by_plugin: dict[str, str] = {}
        open_fields = [f for f in fields if never_fill_reason(f) is None]  # sensitive fields reach nobody
        if self.plugins is not None:
            for field in open_fields:
                got = self.plugins.autofill_field(field, person, site)
                if got is not None:
                    name, suggestion = got
                    suggestion.reason = suggestion.reason or f"plugin:{name}"
                    by_plugin[field.key] = name
                    answered.append(suggestion)
        rest = [f for f in open_fields if f.key not in by_plugin]
        if rest:
            answered.extend(self.suggest(rest, person))
        final = enforce(fields, answered)
        self.log.offered(site, final, self.now(), plugins=by_plugin)
        self._offered.pop(site, None)
        self._offered[site] = {s.field: s for s in final if s.value}
        while len(self._offered) > MAX_REMEMBERED_OFFERS:
            self._offered.pop(next(iter(self._offered)))
        return {"suggestions": [s.to_json() for s in final]}

    def filled(self, params: dict[str, Any]) -> dict[str, Any]:
        """The user confirmed: record which offered fields were filled and which declined."""
        site = site_of(params.get("site"))
        accepted, declined = _keys(params.get("accepted"), "accepted"), _keys(params.get("declined", []), "declined")
        self.log.filled(site, accepted, declined, self.now())
        offered = self._offered.pop(site, {})
        kept = [offered[key] for key in accepted if key in offered]
        reinforced = self.accept(kept) if self.accept is not None and kept else 0
        return {"logged": True, "reinforced": reinforced}

    def pairing_requested(self, params: dict[str, Any]) -> dict[str, Any]:
        """The host filed a pending pairing; tell the GUI so it can ask the user."""
        info = {k: str(params.get(k, ""))[:200] for k in ("code", "origin", "browser")}
        self.log.append("pairing_requested", info["origin"], self.now(), code=info["code"], browser=info["browser"])
        if self.on_pairing_request is not None:
            self.on_pairing_request(info)
        return {"shown": self.on_pairing_request is not None}

    def entries(self, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        limit = (params or {}).get("limit")
        return self.log.read(int(limit) if isinstance(limit, int) and limit > 0 else None)


def app_browser_service(service: MemoryService) -> BrowserService:
    """The handlers as the running app serves them: its engine, plugins and clock; fills reinforce."""
    ctx = service.ctx
    return BrowserService(
        service.data_dir, lambda fields, person: service.autofill(fields, person=person), ctx.plugins, lambda: ctx.now, service.accept_autofill
    )


def register_browser_handlers(dispatcher: Dispatcher, browser: BrowserService) -> None:
    """The app's side of the host relay: call once where the app builds its Dispatcher, with
    `app_browser_service(service)`; set `browser.on_pairing_request` to show the pairing dialog."""
    dispatcher.register("browser.autofill", browser.autofill)
    dispatcher.register("browser.filled", browser.filled)  # a confirmed fill reinforces memories
    dispatcher.register("browser.pair", browser.pairing_requested, touches_store=False)
    dispatcher.register("browser.log", browser.entries, touches_store=False)


def site_of(value: object) -> str:
    """Only the origin of the page (scheme, host, port): paths and queries can be personal."""
    if not isinstance(value, str) or not value:
        raise ValueError('"site" must be the page\'s URL or origin')
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f'"site" must be an http(s) URL, not {value[:80]!r}')
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{parts.hostname}{port}"


def parse_fields(value: object) -> list[FormField]:
    if not isinstance(value, list) or not value:
        raise ValueError('"fields" must be a non-empty list of form fields')
    if len(value) > MAX_FIELDS:
        raise ValueError(f'"fields": at most {MAX_FIELDS} fields per request')
    fields = []
    for i, item in enumerate(value):
        if not isinstance(item, dict):
            raise ValueError(f'"fields"[{i}] must be an object')
        field = FormField.from_json(item)
        if not field.key:
            raise ValueError(f'"fields"[{i}] needs an "id" or a "name"')
        fields.append(field)
    return fields


def _keys(value: object, name: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f'"{name}" must be a list of field ids')
    return [v[:200] for v in value[:MAX_FIELDS]]
