"""Secrets: the keyring wrapper, its clear error, and the plugin namespace."""
from __future__ import annotations

import keyring
import keyring.backends.fail
import pytest

from remembrancer.app.secrets import PluginSecrets, Secrets, SecretsUnavailable
from tests.file_keyring import FileKeyring


def test_round_trip_and_delete(test_keyring: FileKeyring) -> None:
    secrets = Secrets()
    secrets.set("browser:paired:x", "v")
    assert secrets.get("browser:paired:x") == "v"
    assert secrets.delete("browser:paired:x") and not secrets.delete("browser:paired:x")
    assert secrets.get("browser:paired:x") is None


def test_no_keyring_backend_says_what_to_do() -> None:
    secrets = Secrets(backend=keyring.backends.fail.Keyring())
    with pytest.raises(SecretsUnavailable, match="no OS keyring is available"):
        secrets.get("anything")
    with pytest.raises(SecretsUnavailable, match="Secret Service"):
        secrets.set("anything", "v")


def test_plugin_secrets_are_namespaced(test_keyring: FileKeyring) -> None:
    store = Secrets()
    store.set("browser:paired:x", "pairing-key")
    mine = store.for_plugin("kayak")
    mine.set("token", "t1")
    assert test_keyring.entries()["plugin:kayak:token"] == "t1"
    assert mine.get("browser:paired:x") is None and store.for_plugin("other").get("token") is None
    with pytest.raises(ValueError):
        PluginSecrets("a:b", store)  # would reach into another plugin's namespace
    with pytest.raises(ValueError):
        mine.set("", "v")
