"""An import's options from the settings: one helper for every way in (the CLI, the desktop app, any later watcher).

Whose messages are the person's own in exports that do not say (WhatsApp,
e-mail, Slack, Discord, chat logs, a Telegram group; `memory.importers.owner`):
the `user_name` setting, once the person has set it, and `owner_aliases`, the
other names and e-mail addresses they appear under ("Ana", "ana@example.org",
"Ana Lima <ana.lima@work.example>"). The default `user_name`, "me", is no
name: a participant called "Me" in a chat is not taken for the person because
nobody set a name. `import --me NAME` replaces both for one run.
"""
from __future__ import annotations

from collections.abc import Sequence

from remembrancer.app.settings import SETTINGS_FILE, Settings
from remembrancer.memory.errors import InputError
from remembrancer.memory.extraction.owner import DEFAULT_LABELS
from remembrancer.memory.importers.base import ImportOptions


def import_options(settings: Settings, date_order: str | None = None, me: Sequence[str] = ()) -> ImportOptions:
    """The options of one import: `date_order` as given, the person's names from `me` when given, else from `settings`."""
    if any(not name.strip() for name in me):
        raise InputError("--me: give a name or an e-mail address, not an empty string")
    return ImportOptions(date_order=date_order, owner_names=tuple(me) if me else owner_names(settings))


def owner_names(settings: Settings) -> tuple[str, ...]:
    """The names and addresses the person set: `user_name` unless it is still a label ("me"), then `owner_aliases`."""
    aliases = settings.owner_aliases
    if isinstance(aliases, str):  # one name typed into settings.json without the list around it
        aliases = [aliases]
    if not isinstance(aliases, list) or not all(isinstance(alias, str) for alias in aliases):
        raise InputError("`owner_aliases` must be a list of names or e-mail addresses", settings.data_dir / SETTINGS_FILE)
    name = settings.user_name.strip() if isinstance(settings.user_name, str) else ""
    own = [name] if name and name.casefold() not in DEFAULT_LABELS else []
    return tuple(dict.fromkeys(entry.strip() for entry in [*own, *aliases] if entry.strip()))
