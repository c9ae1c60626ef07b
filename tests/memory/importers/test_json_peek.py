"""Leading keys of a JSON file's head: what auto-detection of JSON exports rests on."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from remembrancer.memory.errors import InputError
from remembrancer.memory.importers.json_peek import Cut, is_list, leading_keys, load_json, read_head


def test_leading_keys_stop_at_the_value_the_head_cuts() -> None:
    text = json.dumps({"name": "Kayak club", "type": "private_group", "id": 42, "messages": [{"id": n} for n in range(100)]}, indent=1)
    head = text[:200]
    keys = leading_keys(head)
    assert keys is not None and (keys["name"], keys["type"], keys["id"]) == ("Kayak club", "private_group", 42)
    assert keys["messages"] == Cut("[") and is_list(keys["messages"])
    assert leading_keys(text) == json.loads(text)  # a whole small file: every key


def test_a_number_at_the_end_of_the_head_may_be_cut() -> None:
    assert leading_keys('{"id": 12') == {"id": Cut("1")}
    assert leading_keys('{"id": 12,') == {"id": 12}


@pytest.mark.parametrize("head", ["", "[1, 2]", "not json", "\ufeff  [", '"{"'])
def test_no_object_no_keys(head: str) -> None:
    assert leading_keys(head) is None


@pytest.mark.parametrize("head", ["{", "{}", '{"a"', '{"a" 1}', "{1: 2}", '{"a": }', '{"a": 1 "b": 2}', "{" + "[" * 100_000])
def test_odd_heads_give_what_they_can(head: str) -> None:
    assert isinstance(leading_keys(head), dict)


def test_read_head_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps({"about": "x", "chats": {}}).encode() + b"\xff")
    assert leading_keys(read_head(path)) == {"about": "x", "chats": {}}
    assert read_head(tmp_path / "missing.json") == ""


def test_load_json_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text('{\n "a": 1,\n "b": [1,,2]\n}', encoding="utf-8")
    with pytest.raises(InputError, match="invalid JSON") as info:
        load_json(path)
    assert (info.value.path, info.value.line) == (str(path), 3)
    path.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    with pytest.raises(InputError, match="nested too deeply"):
        load_json(path)
    path.write_text('{"a": "\\x0B", "b": "\\q"}', encoding="utf-8")  # a hex escape repaired; another bad escape still named
    with pytest.raises(InputError, match="Invalid \\\\escape"):
        load_json(path)
