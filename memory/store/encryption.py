"""The store's key and the header that says how to get it back.

The SQLite file is encrypted by SQLCipher with a random 256-bit key given as a
raw key (`x'…'`), so SQLCipher's own PBKDF2 never runs and opening a
connection costs nothing. Where the key lives is the app's business (the OS
keyring, or a passphrase through scrypt when there is no keyring); this module
only knows the two shapes and the header file that records which one a store
uses.

`encryption.json` beside the database is not secret: the cipher, where the key
is (a keyring entry name, or the scrypt salt and cost), and the store's id. It
is needed to open the store, so backups and exports say so; losing the
passphrase or the keyring entry loses the store, by design.
"""
from __future__ import annotations

import hashlib
import json
import os
import secrets
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

HEADER_FILE = "encryption.json"
HEADER_FORMAT = 1
CIPHER = "sqlcipher4"
KEY_BYTES = 32

KeySource = Literal["keyring", "passphrase"]


class StoreLockedError(RuntimeError):
    """The store cannot be opened: no key, the wrong key, or a missing header."""


@dataclass(frozen=True)
class ScryptCost:
    """scrypt parameters: n=2**17, r=8 uses 128 MiB and ~0.3 s here (OWASP's advice)."""

    n: int = 2**17
    r: int = 8
    p: int = 1

    @property
    def maxmem(self) -> int:
        return 128 * self.r * self.n * self.p + 16 * 1024 * 1024


@dataclass(frozen=True, repr=False)
class StoreKey:
    """A 256-bit SQLCipher key. Its repr never shows the bytes (it ends up in logs and tracebacks)."""

    raw: bytes

    def __post_init__(self) -> None:
        if len(self.raw) != KEY_BYTES:
            raise ValueError(f"a store key has {KEY_BYTES} bytes, not {len(self.raw)}")

    @classmethod
    def generate(cls) -> StoreKey:
        return cls(secrets.token_bytes(KEY_BYTES))

    @classmethod
    def from_hex(cls, text: str) -> StoreKey:
        try:
            return cls(bytes.fromhex(text.strip()))
        except ValueError as exc:
            raise StoreLockedError(f"the stored key is not a {KEY_BYTES}-byte hex string") from exc

    @classmethod
    def from_passphrase(cls, passphrase: str, salt: bytes, cost: ScryptCost) -> StoreKey:
        if not passphrase:
            raise StoreLockedError("the passphrase is empty")
        raw = hashlib.scrypt(passphrase.encode("utf-8"), salt=salt, n=cost.n, r=cost.r, p=cost.p, maxmem=cost.maxmem, dklen=KEY_BYTES)
        return cls(raw)

    def hex(self) -> str:
        return self.raw.hex()

    def pragma_value(self) -> str:
        """The value for `PRAGMA key = …`: a raw key literal, so SQLCipher runs no KDF of its own."""
        return f"\"x'{self.raw.hex()}'\""

    def __repr__(self) -> str:
        return "StoreKey(<hidden>)"


@dataclass
class EncryptionHeader:
    """What `encryption.json` holds: how to find this store's key again."""

    key_source: KeySource
    store_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    key_name: str = ""                  # keyring entry (key_source "keyring")
    salt: str = ""                      # hex scrypt salt (key_source "passphrase")
    cost: dict[str, int] = field(default_factory=dict)
    cipher: str = CIPHER
    format: int = HEADER_FORMAT

    @classmethod
    def for_keyring(cls, store_id: str | None = None, generation: int = 1) -> EncryptionHeader:
        header = cls("keyring", store_id=store_id or uuid.uuid4().hex)
        header.key_name = f"store-key:{header.store_id}:{generation}"
        return header

    @classmethod
    def for_passphrase(cls, store_id: str | None = None, cost: ScryptCost | None = None) -> EncryptionHeader:
        header = cls("passphrase", store_id=store_id or uuid.uuid4().hex)
        header.salt = secrets.token_bytes(16).hex()
        header.cost = asdict(cost or ScryptCost())
        return header

    @property
    def generation(self) -> int:
        """Keyring keys are numbered so a rekey never overwrites the key the store still uses."""
        try:
            return int(self.key_name.rsplit(":", 1)[1])
        except (IndexError, ValueError):
            return 0

    def key_from_passphrase(self, passphrase: str) -> StoreKey:
        return StoreKey.from_passphrase(passphrase, bytes.fromhex(self.salt), ScryptCost(**self.cost))

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        if self.key_source == "keyring":
            data.pop("salt"), data.pop("cost")
        else:
            data.pop("key_name")
        return data


def header_path(data_dir: Path) -> Path:
    return Path(data_dir) / HEADER_FILE


def read_header(data_dir: Path) -> EncryptionHeader | None:
    """The store's header, or None for a store that was never encrypted."""
    path = header_path(data_dir)
    if not path.exists():
        return None
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        if raw.get("format") != HEADER_FORMAT or raw.get("cipher") != CIPHER:
            raise StoreLockedError(f"{path}: unknown encryption format {raw.get('format')!r}/{raw.get('cipher')!r} (written by a newer Remembrancer?)")
        if raw.get("key_source") not in ("keyring", "passphrase"):
            raise StoreLockedError(f"{path}: unknown key source {raw.get('key_source')!r}")
        known = {"key_source", "store_id", "key_name", "salt", "cost", "cipher", "format"}
        header = EncryptionHeader(**{k: v for k, v in raw.items() if k in known})
        if header.key_source == "passphrase":
            bytes.fromhex(header.salt)
            ScryptCost(**header.cost)
        return header
    except (json.JSONDecodeError, UnicodeDecodeError, TypeError, ValueError, AttributeError) as exc:
        raise StoreLockedError(f"{path}: the encryption header is damaged ({exc}); the store cannot be opened without it") from None


def write_header(data_dir: Path, header: EncryptionHeader) -> Path:
    """Atomically (write, fsync, rename): a crash leaves the old header or the new one."""
    path = header_path(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(header.to_json(), handle, indent=2, sort_keys=True)
        handle.flush()
        os.fsync(handle.fileno())
    tmp.replace(path)
    return path
