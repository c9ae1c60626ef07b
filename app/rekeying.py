"""`remembrancer encrypt` and `rekey`: give a store a (new) key, its backups included.

The store file is copied under the new key, checked, and swapped in with the
header written in between (see `memory.store.rekey` for why a crash at any
point leaves either the old store or the new one). Backups are re-encrypted
after the swap, so no file in the data dir keeps plaintext or the old key;
only then is an old keyring entry removed.

Both refuse while the desktop app serves the data dir: it holds the store open
and would keep writing to the replaced file.
"""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from remembrancer.app import ipc
from remembrancer.app.secrets import Secrets
from remembrancer.app.store_key import PassphrasePrompt, forget_key, new_key, unlock_store
from remembrancer.memory.store.backup import list_backups
from remembrancer.memory.store.database import DB_FILENAME
from remembrancer.memory.store.driver import is_plaintext_sqlite
from remembrancer.memory.store.encryption import EncryptionHeader, StoreKey, StoreLockedError, read_header, write_header
from remembrancer.memory.store.locks import store_lock
from remembrancer.memory.store.rekey import checkpoint, copy_with_key, pending_copy, swap_in

logger = logging.getLogger(__name__)

NEW_PASSPHRASE_ENV = "REMEMBRANCER_NEW_PASSPHRASE"


@dataclass
class RekeyReport:
    data_dir: str
    key_source: str
    rows: dict[str, int] = field(default_factory=dict)
    backups: int = 0


def encrypt_store(data_dir: Path, prompt: PassphrasePrompt | None = None, secrets: Secrets | None = None) -> RekeyReport:
    """Encrypt a plaintext store in place (with a key from the keyring or a passphrase, as for a new store)."""
    secrets = secrets or Secrets()
    db_path = Path(data_dir) / DB_FILENAME
    _refuse_if_serving(data_dir)
    if read_header(data_dir) is not None:
        raise StoreLockedError(f"the store in {data_dir} is already encrypted; `remembrancer rekey` changes its key")
    if not db_path.exists():
        raise StoreLockedError(f"there is no store in {data_dir} to encrypt (a new store is encrypted from the start)")
    header, key = new_key(data_dir, prompt, secrets)
    try:
        report = _rewrite(Path(data_dir), None, header, key)
    except BaseException:
        forget_key(header, secrets)  # the store is untouched; the unused key goes
        raise
    logger.info("encrypted the store in %s (%d backups re-encrypted)", data_dir, report.backups)
    return report


def rekey_store(data_dir: Path, source: str | None = None, prompt: PassphrasePrompt | None = None,
                secrets: Secrets | None = None) -> RekeyReport:
    """Give an encrypted store a new random key (or a new passphrase); `source` switches keyring/passphrase."""
    secrets = secrets or Secrets()
    _refuse_if_serving(data_dir)
    old = unlock_store(data_dir, encrypt_new=False, prompt=prompt, secrets=secrets)
    if old.header is None or old.key is None:
        raise StoreLockedError(f"the store in {data_dir} is not encrypted; `remembrancer encrypt` encrypts it")
    target = source or old.header.key_source
    passphrase = None
    if target == "passphrase":
        passphrase = os.environ.get(NEW_PASSPHRASE_ENV) or (prompt(f"A new passphrase for the memories in {data_dir}:", True) if prompt else None)
        if not passphrase:
            raise StoreLockedError(f"a new passphrase is needed: set {NEW_PASSPHRASE_ENV} or run this in a terminal")
    header, key = new_key(data_dir, prompt, secrets, store_id=old.header.store_id, generation=old.header.generation + 1,
                          source=target, passphrase=passphrase)
    try:
        report = _rewrite(Path(data_dir), old.key, header, key)
    except BaseException:
        forget_key(header, secrets)
        raise
    forget_key(old.header, secrets)
    logger.info("rekeyed the store in %s (%s; %d backups re-encrypted)", data_dir, header.key_source, report.backups)
    return report


def _rewrite(data_dir: Path, old_key: StoreKey | None, header: EncryptionHeader, key: StoreKey) -> RekeyReport:
    db_path = data_dir / DB_FILENAME
    with store_lock(data_dir):  # a process opening the store meanwhile would take our half-made copy for a crash's
        checkpoint(db_path, old_key)
        rows = copy_with_key(db_path, old_key, pending_copy(db_path), key)
        write_header(data_dir, header)  # from here on the new copy is the store (finished on open if we die now)
        swap_in(db_path)
    backups = 0
    for backup in list_backups(data_dir / "backups"):
        backup_key = None if is_plaintext_sqlite(backup) else old_key
        copy = backup.with_name(backup.name + ".rekey")
        try:
            copy_with_key(backup, backup_key, copy, key)
        except StoreLockedError as exc:
            logger.warning("backup %s was left as it is: %s", backup.name, exc)
            continue
        os.replace(copy, backup)
        backups += 1
    return RekeyReport(str(data_dir), header.key_source, rows, backups)


def _refuse_if_serving(data_dir: Path) -> None:
    """The background service is stopped (it holds the store open); the desktop app must be quit by its user."""
    from remembrancer.app.serve import stop_service

    stop_service(data_dir)
    if ipc.is_running(data_dir, timeout=0.5):
        raise StoreLockedError("the desktop app has this store open; quit it first (tray menu > Quit), then run this again")
