"""The extension's field detection (detect.js), run in Node on a minimal DOM stand-in."""
from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from remembrancer.app.browser_install import EXTENSION_DIR

NODE = shutil.which("node")
pytestmark = pytest.mark.skipif(NODE is None, reason="Node.js is not installed")

SCRIPT = r"""
const d = require(process.argv[1]);
const cases = JSON.parse(process.argv[2]);
console.log(JSON.stringify(cases.map((f) => [d.sensitiveReason(f), d.kindOf(f)])));
"""

CASES = [
    ({"autocomplete": "shipping given-name"}, [None, "given-name"]),
    ({"autocomplete": "section-a billing email", "name": "x"}, [None, "email"]),
    ({"type": "email", "name": "contact"}, [None, "email"]),
    ({"name": "user_email"}, [None, "email"]),
    ({"label": "City"}, [None, "address-level2"]),
    ({"label": "Last name"}, [None, "family-name"]),
    ({"name": "q", "label": "Search"}, [None, ""]),
    ({"autocomplete": "off", "label": "First name"}, [None, "given-name"]),
    ({"type": "password", "name": "pw"}, ["password field", None]),
    ({"type": "hidden", "name": "email"}, ["hidden field", None]),
    ({"autocomplete": "one-time-code"}, ["autocomplete one-time-code", None]),
    ({"autocomplete": "cc-number"}, ["payment card field", None]),
    ({"autocomplete": "billing cc-exp"}, ["payment card field", None]),
    ({"label": "Card number"}, ["sensitive field", None]),
    ({"name": "cvv"}, ["sensitive field", None]),
    ({"label": "Verification code"}, ["sensitive field", None]),
]


def test_kinds_and_never_fill_fields() -> None:
    fields = [case for case, _ in CASES]
    out = subprocess.run([NODE, "-e", SCRIPT, str(EXTENSION_DIR / "detect.js"), json.dumps(fields)], capture_output=True, text=True, timeout=60, check=True)
    for (field, (reason, kind)), (got_reason, got_kind) in zip(CASES, json.loads(out.stdout), strict=True):
        assert got_reason == reason, field
        if reason is None:
            assert got_kind == kind, field
