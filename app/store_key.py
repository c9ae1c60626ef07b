"""Finding the store's key: the OS keyring, else a passphrase; never plaintext by accident.

A new store gets a random 256-bit key kept in the OS keyring (the desktop
case: nothing to type, and the key never touches the disk). When there is no
keyring, or when scripts and CI set `REMEMBRANCER_PASSPHRASE`, the key is
derived from a passphrase with scrypt; interactive surfaces ask for it (the
terminal with getpass, the GUI with a dialog). With neither, the store is not
created: the error says how to give a passphrase, and how to choose plaintext
on purpose (`"encrypt_store": false` in settings.json).

A store made before encryption existed (no header, a plaintext file) still
opens, with a warning naming `remembrancer encrypt`.
"""
from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from remembrancer.app.secrets import Secrets, SecretsUnavailable
from remembrancer.memory.store.database import DB_FILENAME
from remembrancer.memory.store.driver import is_plaintext_sqlite
from remembrancer.memory.store.encryption import EncryptionHeader, StoreKey, StoreLockedError, read_header, write_header
from remembrancer.memory.store.locks import store_lock

__all__ = ["PASSPHRASE_ENV", "PassphrasePrompt", "StoreLockedError", "Unlocked", "new_key", "terminal_prompt", "unlock_store"]

logger = logging.getLogger(__name__)

PASSPHRASE_ENV = "REMEMBRANCER_PASSPHRASE"

# (what to say, whether the passphrase is new and must be typed twice) -> the passphrase, or None when the user gives up
PassphrasePrompt = Callable[[str, bool], "str | None"]

NO_KEY_SOURCE = (
    "no OS keyring is available to keep the store's key, and no passphrase was given. "
    f"Set {PASSPHRASE_ENV} (scripts, CI), run the command in a terminal to be asked for one, or install and unlock a keyring "
    "(GNOME Keyring / KWallet on Linux). Remembrancer does not store memories unencrypted unless settings.json says "
    '"encrypt_store": false.'
)


@dataclass
class Unlocked:
    """The key a store opens with (None: a plaintext store) and how it was found."""

    key: StoreKey | None
    header: EncryptionHeader | None

    @property
    def description(self) -> str:
        if self.header is None:
            return "not encrypted"
        return "encrypted (SQLCipher, key in the OS keyring)" if self.header.key_source == "keyring" else "encrypted (SQLCipher, key from a passphrase via scrypt)"


def unlock_store(data_dir: Path, encrypt_new: bool = True, prompt: PassphrasePrompt | None = None, secrets: Secrets | None = None) -> Unlocked:
    """The key of the store in `data_dir`, creating one for a new store.

    Raises `StoreLockedError` with a message for the user when the key cannot
    be found (no keyring entry, wrong or missing passphrase, damaged header).
    """
    secrets = secrets or Secrets()
    header = read_header(data_dir)
    if header is not None:
        return Unlocked(_existing_key(data_dir, header, prompt, secrets), header)
    with store_lock(data_dir):  # one process creates the key; a second one waits, then uses it
        return _unlock_or_create(Path(data_dir), encrypt_new, prompt, secrets)


def _unlock_or_create(data_dir: Path, encrypt_new: bool, prompt: PassphrasePrompt | None, secrets: Secrets) -> Unlocked:
    """Under the data dir's lock: the header may have appeared while we waited for it."""
    header = read_header(data_dir)
    if header is not None:
        return Unlocked(_existing_key(data_dir, header, prompt, secrets), header)
    if _holds_store(data_dir):
        if not is_plaintext_sqlite(Path(data_dir) / DB_FILENAME):
            raise StoreLockedError(
                f"{Path(data_dir) / DB_FILENAME} is encrypted but its header {Path(data_dir) / 'encryption.json'} is missing; "
                "put the header back from a copy of the data dir to open it"
            )
        logger.warning("the store in %s is not encrypted; `remembrancer encrypt` encrypts it", data_dir)
        return Unlocked(None, None)
    if not encrypt_new:
        logger.warning("creating an unencrypted store in %s (settings: encrypt_store is false)", data_dir)
        return Unlocked(None, None)
    header, key = new_key(data_dir, prompt, secrets)
    write_header(data_dir, header)
    logger.info("new store in %s: %s", data_dir, Unlocked(key, header).description)
    return Unlocked(key, header)


def new_key(data_dir: Path, prompt: PassphrasePrompt | None, secrets: Secrets, store_id: str | None = None,
            generation: int = 1, source: str | None = None, passphrase: str | None = None) -> tuple[EncryptionHeader, StoreKey]:
    """A fresh key and the header that finds it.

    By default `REMEMBRANCER_PASSPHRASE` means a passphrase key, else the
    keyring keeps a random key, else the user is asked for a passphrase.
    `source` ("keyring" or "passphrase") and `passphrase` force the choice
    (`rekey --keyring`, `rekey --passphrase`).
    """
    if source is None:
        passphrase = passphrase or os.environ.get(PASSPHRASE_ENV)
    if source == "keyring" or (source is None and not passphrase):
        try:
            header = EncryptionHeader.for_keyring(store_id, generation)
            key = StoreKey.generate()
            secrets.set(header.key_name, key.hex())
            return header, key
        except SecretsUnavailable:
            if source == "keyring":
                raise StoreLockedError(f"the keyring cannot keep the store's key: {NO_KEY_SOURCE}") from None
    if not passphrase and prompt is not None:
        passphrase = prompt(f"No OS keyring can keep the key of your memories, so they will be encrypted with a passphrase.\n"
                            f"Choose one for {data_dir}. It cannot be recovered if lost.", True)
    if not passphrase:
        raise StoreLockedError(NO_KEY_SOURCE)
    header = EncryptionHeader.for_passphrase(store_id)
    return header, header.key_from_passphrase(passphrase)


def terminal_prompt(message: str, confirm: bool) -> str | None:
    """Ask on the terminal (never echoed); None when there is no terminal to ask on (pipes, the browser host)."""
    import getpass
    import sys

    if not (sys.stdin and sys.stdin.isatty()):
        return None
    print(message, file=sys.stderr)
    first = getpass.getpass("Passphrase: ")
    if confirm and first and getpass.getpass("Again: ") != first:
        raise StoreLockedError("the two passphrases differ; nothing was created")
    return first or None


def forget_key(header: EncryptionHeader, secrets: Secrets) -> None:
    """After a rekey: the old keyring entry goes (a passphrase has nothing to remove)."""
    if header.key_source == "keyring":
        try:
            secrets.delete(header.key_name)
        except SecretsUnavailable as exc:
            logger.warning("could not remove the old key %s from the keyring: %s", header.key_name, exc)


def _existing_key(data_dir: Path, header: EncryptionHeader, prompt: PassphrasePrompt | None, secrets: Secrets) -> StoreKey:
    if header.key_source == "keyring":
        try:
            stored = secrets.get(header.key_name)
        except SecretsUnavailable as exc:
            raise StoreLockedError(f"the store in {data_dir} keeps its key in the OS keyring, which is not available: {exc}") from None
        if not stored:
            raise StoreLockedError(
                f"the OS keyring holds no key {header.key_name!r} for the store in {data_dir} "
                "(another user account or machine? the keyring was reset?); without it the store cannot be read"
            )
        return StoreKey.from_hex(stored)
    passphrase = os.environ.get(PASSPHRASE_ENV)
    if not passphrase and prompt is not None:
        passphrase = prompt(f"Passphrase for the memories in {data_dir}:", False)
    if not passphrase:
        raise StoreLockedError(f"the store in {data_dir} is encrypted with a passphrase: set {PASSPHRASE_ENV} or run this in a terminal")
    return header.key_from_passphrase(passphrase)


def _holds_store(data_dir: Path) -> bool:
    db = Path(data_dir) / DB_FILENAME
    return db.exists() and db.stat().st_size > 0
