"""`app.cli.terminal`: visible escapes for people, exact JSON for programs."""
from __future__ import annotations

import json

from remembrancer.app.cli.terminal import json_text, show

HOSTILE = "a\x1b[2Jb\x07c\x00d\re\x7ff\x9bg\u202eh\u2066i\u2028j\ud800k"


def test_show_escapes_what_drives_a_terminal_and_keeps_what_only_lays_out() -> None:
    assert show(HOSTILE) == "a\\x1b[2Jb\\x07c\\x00d\\x0de\\x7ff\\x9bg\\u202eh\\u2066i\\u2028j\\ud800k"
    assert show("Zoë 😀 tab\tnew\nline \u200d") == "Zoë 😀 tab\tnew\nline \u200d"  # emoji joiners are text
    assert show(None) == ""


def test_json_text_round_trips_exactly_and_prints_no_raw_control() -> None:
    data = [{"text": HOSTILE, "name": "Zoë"}]
    encoded = json_text(data, indent=1)
    assert json.loads(encoded) == data and "Zoë" in encoded
    assert not any(ord(c) < 0x20 and c != "\n" or 0x7F <= ord(c) <= 0x9F or c in "\u202e\u2066\u2028" for c in encoded)
    encoded.encode("utf-8")  # no lone surrogate left raw: stdout can write it
