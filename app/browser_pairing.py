"""Pairing a browser extension with this data dir, approved by the user.

A browser link that hands out personal data must not answer whoever asks, so
the first contact only creates a *pending request*: the extension sends a
random key it made, the host files the request under a short code, and the
user approves that code in the app (or `remembrancer browser pair --approve
CODE`). From then on every request must carry that key; anything else gets
"unpaired". The user compares the code the extension shows with the one the
app lists, as with Bluetooth pairing.

Keys live only in the OS keyring (`app/secrets.py`): `browser:pending:<code>`
until approved, then `browser:paired:<origin>`. The JSON file beside them
(`browser/pairing.json` in the data dir) holds what may be shown: codes,
origins, times. Pending requests expire after ten minutes.
"""
from __future__ import annotations

import hmac
import json
import logging
import secrets as token
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from remembrancer.app.secrets import Secrets
from remembrancer.memory.errors import InputError
from remembrancer.memory.timeutil import ensure_aware, parse_time, to_iso

logger = logging.getLogger(__name__)

STATE_FILE = "pairing.json"
PENDING_TTL = timedelta(minutes=10)
MAX_PENDING = 5          # a page hammering "pair" must not fill the keyring
MIN_KEY_LENGTH = 32


@dataclass
class Pairing:
    """A pending request or an approved pairing (never the key itself)."""

    code: str
    origin: str
    browser: str
    requested_at: str
    approved_at: str | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


class Pairings:
    """Pending and approved pairings of one data dir."""

    def __init__(self, data_dir: Path, secrets: Secrets | None = None):
        self.folder = Path(data_dir) / "browser"
        self.path = self.folder / STATE_FILE
        self.secrets = secrets or Secrets()

    # -- state file --------------------------------------------------------------
    def _load(self, now: datetime) -> tuple[list[Pairing], list[Pairing]]:
        if not self.path.exists():
            return [], []
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            pending = [Pairing(**item) for item in raw.get("pending", [])]
            paired = [Pairing(**item) for item in raw.get("paired", [])]
        except (ValueError, TypeError, AttributeError) as exc:
            raise InputError(f"pairing state is damaged ({exc}); `remembrancer browser pair --revoke all` starts over", self.path) from None
        live = [p for p in pending if parse_time(p.requested_at) + PENDING_TTL > now]
        for expired in pending:
            if expired not in live:
                self.secrets.delete(f"browser:pending:{expired.code}")
        return live, paired

    def _save(self, pending: list[Pairing], paired: list[Pairing]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"pending": [p.to_json() for p in pending], "paired": [p.to_json() for p in paired]}, indent=2), encoding="utf-8")
        tmp.replace(self.path)

    # -- the extension's side ---------------------------------------------------------
    def request(self, origin: str, key: str, browser: str = "", now: datetime | None = None) -> Pairing:
        """File a pending request for `origin` holding `key`; returns it with the code to show."""
        now = ensure_aware(now)
        if not isinstance(key, str) or len(key) < MIN_KEY_LENGTH:
            raise ValueError(f"a pairing key must be a string of at least {MIN_KEY_LENGTH} characters")
        pending, paired = self._load(now)
        for old in [p for p in pending if p.origin == origin]:  # a new request replaces this origin's older one
            self.secrets.delete(f"browser:pending:{old.code}")
            pending.remove(old)
        if len(pending) >= MAX_PENDING:
            raise ValueError("too many pairing requests are waiting; approve or let them expire (10 minutes)")
        code = _new_code({p.code for p in pending})
        self.secrets.set(f"browser:pending:{code}", key)
        request = Pairing(code=code, origin=origin, browser=browser[:40], requested_at=to_iso(now))
        self._save([*pending, request], paired)
        logger.info("pairing requested by %s (%s): code %s", origin, browser or "browser", code)
        return request

    def is_paired(self, origin: str, key: object) -> bool:
        """Whether `key` is the approved key of `origin` (compared in constant time)."""
        if not isinstance(key, str) or not key:
            return False
        stored = self.secrets.get(f"browser:paired:{origin}")
        return stored is not None and hmac.compare_digest(stored.encode(), key.encode())

    # -- the user's side ------------------------------------------------------------
    def overview(self, now: datetime | None = None) -> dict[str, list[Pairing]]:
        """Pending requests (expired ones dropped) and approved pairings."""
        pending, paired = self._load(ensure_aware(now))
        self._save(pending, paired)
        return {"pending": pending, "paired": paired}

    def approve(self, code: str, now: datetime | None = None) -> Pairing:
        """Approve the pending request `code`; the origin's older pairing, if any, is replaced."""
        now = ensure_aware(now)
        code = normalise_code(code)
        pending, paired = self._load(now)
        match = next((p for p in pending if p.code == code), None)
        if match is None:
            raise InputError(f"no pending pairing request has code {code} (requests expire after 10 minutes)")
        key = self.secrets.get(f"browser:pending:{code}")
        if key is None:
            raise InputError(f"the key of pairing request {code} is gone from the keyring; pair again from the browser")
        self.secrets.set(f"browser:paired:{match.origin}", key)
        self.secrets.delete(f"browser:pending:{code}")
        match.approved_at = to_iso(now)
        self._save([p for p in pending if p is not match], [*(p for p in paired if p.origin != match.origin), match])
        logger.info("pairing %s approved for %s", code, match.origin)
        return match

    def revoke(self, which: str, now: datetime | None = None) -> list[Pairing]:
        """Forget the pairing with this code or origin (`all`: every pairing and request)."""
        pending, paired = self._load(ensure_aware(now))
        code = normalise_code(which) if which != "all" else ""
        gone = [p for p in paired + pending if which == "all" or p.origin == which or p.code == code]
        if not gone:
            raise InputError(f"no pairing has code or origin {which!r}")
        for p in gone:
            self.secrets.delete(f"browser:paired:{p.origin}" if p.approved_at else f"browser:pending:{p.code}")
        self._save([p for p in pending if p not in gone], [p for p in paired if p not in gone])
        logger.info("pairing revoked: %s", ", ".join(p.origin for p in gone))
        return gone


def _new_code(taken: set[str]) -> str:
    while True:
        digits = f"{token.randbelow(1_000_000):06d}"
        code = f"{digits[:3]}-{digits[3:]}"
        if code not in taken:
            return code


def normalise_code(code: str) -> str:
    """`123456`, `123 456` and `123-456` are the same code."""
    digits = "".join(c for c in str(code) if c.isdigit())
    if len(digits) != 6:
        return str(code).strip()
    return f"{digits[:3]}-{digits[3:]}"
