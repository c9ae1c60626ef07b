"""One typed settings object, stored as JSON in the data dir.

Where the data dir is: `--data-dir`, else `REMEMBRANCER_HOME`, else the
platform's user data dir (platformdirs). Settings files carry a schema
version; `_MIGRATIONS` upgrades older files when they are read.
"""
from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from platformdirs import PlatformDirs

from remembrancer.memory.errors import InputError

logger = logging.getLogger(__name__)

APP_NAME = "remembrancer"
SETTINGS_FILE = "settings.json"
SCHEMA_VERSION = 1
HOME_ENV = "REMEMBRANCER_HOME"
EMBEDDER_ENV = "REMEMBRANCER_EMBEDDER"
EXTRACTOR_ENV = "REMEMBRANCER_EXTRACTOR"
MODEL_ENV = "REMEMBRANCER_MODEL"


def platform_dirs() -> PlatformDirs:
    return PlatformDirs(APP_NAME, appauthor=False)


def resolve_data_dir(cli_value: str | os.PathLike[str] | None = None) -> Path:
    """CLI flag, then environment, then the platform default."""
    if cli_value:
        return Path(cli_value).expanduser().resolve()
    if os.environ.get(HOME_ENV):
        return Path(os.environ[HOME_ENV]).expanduser().resolve()
    return Path(platform_dirs().user_data_dir)


@dataclass
class Settings:
    """User-changeable settings; unknown keys in the file are kept, not lost."""

    data_dir: Path
    schema_version: int = SCHEMA_VERSION
    embedder: str = "minilm"
    extractor: str = "rules"
    log_level: str = "INFO"
    default_k: int = 10
    consolidation_hour: int = 3         # local hour of the nightly consolidation
    consolidation_only_idle: bool = True
    consolidation_only_on_ac: bool = True
    backups_kept: int = 7
    user_name: str = "me"               # speaker of the user's turns in the assistant chat; the person's name in exports
    owner_aliases: list[str] = field(default_factory=list)  # other names and e-mail addresses of the person in exports
    hotkey: str = "Ctrl+Alt+Space"      # global quick-recall hotkey (where the platform allows)
    plugins_enabled: list[str] = field(default_factory=list)  # third-party plugins (entry-point names) allowed to load
    model: str = "bundled"              # the language model in use (a `remembrancer models` name)
    llm_context: int = 2048             # its context window, in tokens
    llm_threads: int = 0                # CPU threads for generation (0: llama.cpp decides)
    autostart: bool = False             # start at login (app/autostart.py writes the login item)
    encrypt_store: bool = True          # a new store is encrypted (SQLCipher); false chooses plaintext on purpose
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def log_dir(self) -> Path:
        return self.data_dir / "logs"

    @classmethod
    def load(cls, data_dir: Path) -> Settings:
        path = data_dir / SETTINGS_FILE
        raw: dict[str, Any] = {}
        if path.exists():
            try:
                raw = json.loads(path.read_text(encoding="utf-8"))
            except json.JSONDecodeError as exc:
                raise InputError(f"settings file is not valid JSON: {exc.msg}", path, exc.lineno) from None
            except UnicodeDecodeError as exc:
                raise InputError(f"settings file is not UTF-8 (byte {exc.start})", path) from None
            if not isinstance(raw, dict):
                raise InputError("settings file must hold a JSON object", path, 1)
        raw = _migrate(raw)
        known = {f.name for f in fields(cls)} - {"data_dir", "extra"}
        settings = cls(data_dir=data_dir, **{k: v for k, v in raw.items() if k in known})
        settings.extra = {k: v for k, v in raw.items() if k not in known}
        if os.environ.get(EMBEDDER_ENV):  # tests and benchmarks pick the fake embedder
            settings.embedder = os.environ[EMBEDDER_ENV]
        if os.environ.get(EXTRACTOR_ENV):
            settings.extractor = os.environ[EXTRACTOR_ENV]
        if os.environ.get(MODEL_ENV):  # tests and benchmarks pick a model without touching settings.json
            settings.model = os.environ[MODEL_ENV]
        return settings

    def save(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        data = {k: v for k, v in asdict(self).items() if k not in ("data_dir", "extra")}
        data.update(self.extra)
        tmp = self.data_dir / (SETTINGS_FILE + ".tmp")
        tmp.write_text(json.dumps(data, indent=2, sort_keys=True), encoding="utf-8")
        tmp.replace(self.data_dir / SETTINGS_FILE)


def _migrate(raw: dict[str, Any]) -> dict[str, Any]:
    version = raw.get("schema_version", SCHEMA_VERSION)
    for target in range(version + 1, SCHEMA_VERSION + 1):
        raw = _MIGRATIONS[target](raw)
    raw["schema_version"] = SCHEMA_VERSION
    return raw


_MIGRATIONS: dict[int, Any] = {}
