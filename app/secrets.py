"""Secrets in the OS keyring, and the namespaced view a plugin gets.

Every secret Remembrancer keeps (browser pairing keys, plugin tokens) goes
through this one module: the OS keyring (Secret Service, macOS Keychain,
Windows Credential Locker) via `keyring`, never a file and never home-made
crypto. When the machine has no keyring backend, the error says so plainly
instead of silently storing secrets somewhere weaker (Vorta's approach).

A plugin receives a `PluginSecrets`: it reads and writes only
`plugin:<id>:<field>`, so one plugin cannot read another's token or the
browser pairing keys.
"""
from __future__ import annotations

import logging

import keyring
import keyring.errors
from keyring.backend import KeyringBackend

logger = logging.getLogger(__name__)

SERVICE = "remembrancer"


class SecretsUnavailable(RuntimeError):
    """No usable OS keyring: secrets cannot be stored or read."""


NO_KEYRING = (
    "no OS keyring is available, so Remembrancer cannot store secrets (browser pairing keys, plugin tokens). "
    "Install and unlock one (GNOME Keyring / KWallet via the Secret Service on Linux; macOS and Windows have one built in), "
    "or set PYTHON_KEYRING_BACKEND to a keyring backend you trust."
)


class Secrets:
    """Named secrets of the app under one keyring service."""

    def __init__(self, service: str = SERVICE, backend: KeyringBackend | None = None):
        self._service = service
        self._backend = backend

    def _keyring(self) -> KeyringBackend:
        try:
            backend = self._backend or keyring.get_keyring()
        except Exception as exc:  # PYTHON_KEYRING_BACKEND naming a module that is not there raises ImportError
            raise SecretsUnavailable(f"{NO_KEYRING} ({exc})") from exc
        if backend.priority <= 0 or type(backend).__module__.startswith("keyring.backends.fail"):
            raise SecretsUnavailable(NO_KEYRING)
        return backend

    def get(self, name: str) -> str | None:
        try:
            return self._keyring().get_password(self._service, _checked(name))
        except keyring.errors.KeyringError as exc:
            raise SecretsUnavailable(f"{NO_KEYRING} ({exc})") from exc

    def set(self, name: str, value: str) -> None:
        if not isinstance(value, str) or not value:
            raise ValueError("a secret must be a non-empty string")
        try:
            self._keyring().set_password(self._service, _checked(name), value)
        except keyring.errors.PasswordSetError as exc:
            raise SecretsUnavailable(f"the keyring refused to store {name!r}: {exc}") from exc
        except keyring.errors.KeyringError as exc:
            raise SecretsUnavailable(f"{NO_KEYRING} ({exc})") from exc

    def delete(self, name: str) -> bool:
        """Remove `name`; False when there was nothing to remove."""
        try:
            self._keyring().delete_password(self._service, _checked(name))
        except keyring.errors.PasswordDeleteError:
            return False
        except keyring.errors.KeyringError as exc:
            raise SecretsUnavailable(f"{NO_KEYRING} ({exc})") from exc
        return True

    def for_plugin(self, plugin_id: str) -> PluginSecrets:
        return PluginSecrets(plugin_id, self)


class PluginSecrets:
    """One plugin's secrets: `plugin:<id>:<field>` and nothing else."""

    __slots__ = ("_prefix", "_store")

    def __init__(self, plugin_id: str, store: Secrets):
        if not plugin_id or ":" in plugin_id:
            raise ValueError(f"a plugin id must be non-empty and hold no ':' ({plugin_id!r})")
        self._prefix = f"plugin:{plugin_id}:"
        self._store = store

    @property
    def namespace(self) -> str:
        return self._prefix

    def get(self, field: str) -> str | None:
        return self._store.get(self._prefix + _checked(field))

    def set(self, field: str, value: str) -> None:
        self._store.set(self._prefix + _checked(field), value)

    def delete(self, field: str) -> bool:
        return self._store.delete(self._prefix + _checked(field))

    def __repr__(self) -> str:
        return f"PluginSecrets({self._prefix!r})"


def _checked(name: str) -> str:
    if not isinstance(name, str) or not name.strip():
        raise ValueError("a secret needs a non-empty name")
    return name
