"""A keyring backend for tests: a JSON file named by `REMEMBRANCER_TEST_KEYRING`.

Tests must never touch the real user keyring. In-process tests install it
with `keyring.set_keyring`; the browser host running as a subprocess (or
started by Chromium) gets it through `PYTHON_KEYRING_BACKEND`, keyring's own
way of choosing a backend, and finds the same file through the environment.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

PATH_ENV = "REMEMBRANCER_TEST_KEYRING"


class FileKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    @property
    def path(self) -> Path:
        return Path(os.environ[PATH_ENV])

    def _load(self) -> dict[str, str]:
        return json.loads(self.path.read_text(encoding="utf-8")) if self.path.exists() else {}

    def _save(self, data: dict[str, str]) -> None:
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data), encoding="utf-8")
        tmp.replace(self.path)

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}\x00{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        data = self._load()
        data[f"{service}\x00{username}"] = password
        self._save(data)

    def delete_password(self, service: str, username: str) -> None:
        data = self._load()
        if data.pop(f"{service}\x00{username}", None) is None:
            raise PasswordDeleteError(username)
        self._save(data)

    def entries(self) -> dict[str, str]:
        """username -> secret, for assertions."""
        return {k.split("\x00", 1)[1]: v for k, v in self._load().items()}
