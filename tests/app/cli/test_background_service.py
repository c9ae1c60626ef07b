"""The background service: started by the first command, same answers, fresh after an import, stopped cleanly (#19)."""
from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from remembrancer.app import ipc
from remembrancer.app.serve import stop_service
from tests.app.cli.test_cli_subprocess import command, run
from tests.helpers import record, write_jsonl

NOW = "2024-06-01T12:00:00+00:00"
SERVICE = {"REMEMBRANCER_NO_SERVICE": ""}  # the suite runs commands one-shot; these tests let them use the service


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Path]:
    data_dir = tmp_path / "data"
    chat = write_jsonl(tmp_path / "chat.jsonl", [
        record("m1", "I finally moved to Ghent last month, the flat is tiny but bright.", speaker="Odile"),
        record("m2", "My greyhound Vesper loves the park by the canal.", speaker="Odile"),
        record("m3", "I started night classes in welding.", speaker="Bram"),
    ])
    assert run(data_dir, "import", chat).returncode == 0
    yield data_dir
    stop_service(data_dir)


def _serving(data_dir: Path) -> bool:
    return os.path.exists(ipc.socket_path(data_dir))


def test_the_first_command_starts_the_service_and_every_answer_is_the_one_shot_answer(store: Path, tmp_path: Path) -> None:
    query = ("--now", NOW, "recall", "where does Odile live", "--json", "--no-reinforce")
    one_shot = run(store, *query)
    assert not _serving(store)
    served = run(store, *query, env_extra=SERVICE)
    assert served.returncode == 0, served.stderr
    assert _serving(store)
    assert served.stdout == one_shot.stdout

    assert run(store, "--now", NOW, "ask", "--quick", "What is the name of Odile's greyhound?", "--json", env_extra=SERVICE).stdout \
        .replace(" ", "").split('"took_ms"')[0] == \
        run(store, "--now", NOW, "ask", "--quick", "What is the name of Odile's greyhound?", "--json").stdout.replace(" ", "").split('"took_ms"')[0]
    for listing in (("facts",), ("facts", "--json"), ("persona",), ("persona", "Odile", "--json")):
        assert run(store, *listing, env_extra=SERVICE).stdout == run(store, *listing).stdout
    form = tmp_path / "form.json"
    form.write_text(json.dumps([{"name": "city", "label": "City", "autocomplete": "address-level2"},
                                {"name": "pet", "label": "Your pet's name"}]), encoding="utf-8")
    for shape in (("--json",), ()):
        fill = ("--now", NOW, "autofill", "--form", str(form), "--person", "Odile", "--no-model", *shape)
        assert run(store, *fill, env_extra=SERVICE).stdout == run(store, *fill).stdout
    form.write_text('[{"name": "city"},\n 7]', encoding="utf-8")
    bad_form = run(store, "autofill", "--form", str(form), env_extra=SERVICE)
    assert bad_form.returncode == 2 and f"{form}:2" in bad_form.stderr
    stats = run(store, "stats", "--json", env_extra=SERVICE)
    assert json.loads(stats.stdout)["levels"]["message"] == 3

    # Bad input is still exit 2 with the option named, whichever process read it.
    bad = run(store, "recall", "x", "--k", "0", env_extra=SERVICE)
    assert bad.returncode == 2 and "--k" in bad.stderr

    # An import by another process is seen by the next command (no stale vectors).
    more = write_jsonl(tmp_path / "more.jsonl", [record("m4", "Bram bought a red kayak called Pelican.", speaker="Bram")])
    assert run(store, "import", more).returncode == 0
    found = json.loads(run(store, "recall", "kayak Pelican", "--json", "--no-reinforce", env_extra=SERVICE).stdout)
    assert any("m4" in item["sources"] for item in found)


def test_the_socket_is_owner_only_and_a_client_killed_mid_request_costs_nothing(store: Path) -> None:
    assert run(store, "stats", env_extra=SERVICE).returncode == 0
    path = ipc.socket_path(store)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    half = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    half.connect(path)
    half.sendall(b'{"method": "cli.recall", "params": {"query": "Ghe')  # no newline: the client dies mid-request
    half.close()
    garbage = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    garbage.connect(path)
    garbage.sendall(b"not json\n")
    assert b'"ok":false' in garbage.recv(4096)
    garbage.close()
    assert run(store, "recall", "Ghent", "--json", env_extra=SERVICE).returncode == 0


def test_stop_and_idle_exit_leave_no_socket_and_rekey_stops_the_service_first(store: Path) -> None:
    assert run(store, "stats", env_extra=SERVICE).returncode == 0 and _serving(store)
    stopped = run(store, "serve", "--stop")
    assert stopped.returncode == 0 and "stopped" in stopped.stdout
    assert not _serving(store)

    env = {**os.environ, "REMEMBRANCER_EMBEDDER": "fake", "PYTHONPATH": str(Path(__file__).resolve().parents[3])}
    idle = subprocess.Popen([*command(), "--data-dir", str(store), "serve", "--idle", "1"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert idle.wait(timeout=60) == 0, idle.stderr.read() if idle.stderr else ""
    assert not _serving(store)

    assert run(store, "stats", env_extra=SERVICE).returncode == 0 and _serving(store)
    rekeyed = run(store, "rekey", env_extra={"REMEMBRANCER_NEW_PASSPHRASE": "a new long passphrase"})
    assert rekeyed.returncode == 0, rekeyed.stderr
    deadline = time.monotonic() + 10
    while _serving(store) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _serving(store)
