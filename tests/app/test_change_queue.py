"""The change queue: bursts coalesced, a file still being written held back, gone files handed out at once (a fake clock, no sleeping)."""
from __future__ import annotations

from pathlib import Path

from remembrancer.app.change_queue import ChangeQueue, Signature


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Disk:
    """What a look at each file sees; a missing path is a gone file."""

    def __init__(self) -> None:
        self.files: dict[Path, Signature] = {}
        self.looks = 0

    def __call__(self, path: Path) -> Signature | None:
        self.looks += 1
        return self.files.get(path)


def queue() -> tuple[ChangeQueue, Clock, Disk]:
    clock, disk = Clock(), Disk()
    return ChangeQueue(debounce=1.0, settle=0.5, clock=clock, look=disk), clock, disk


def test_twenty_events_in_a_burst_are_one_change() -> None:
    q, clock, disk = queue()
    note = Path("/v/garden.md")
    for size in range(20):
        disk.files[note] = (size, size)
        q.note("/v", note)
        clock.now += 0.05
    assert q.take_ready() == {} and disk.looks == 0  # still within the quiet period of the last event
    clock.now += 1.0
    assert q.take_ready() == {}  # first look
    clock.now += 0.5
    assert q.take_ready() == {"/v": [note]}  # the second look agrees
    assert q.take_ready() == {} and len(q) == 0


def test_a_file_still_growing_is_not_handed_out_until_two_looks_agree() -> None:
    q, clock, disk = queue()
    export = Path("/v/chat.jsonl")
    disk.files[export] = (1000, 1)
    q.note("/v", export)
    clock.now += 1.0
    for size in (2000, 3000, 4000):  # a slow writer: no new event, but the file keeps changing between looks
        assert q.take_ready() == {}
        disk.files[export] = (size, size)
        clock.now += 0.5
    assert q.take_ready() == {}
    clock.now += 0.5
    assert q.take_ready() == {"/v": [export]}


def test_a_gone_file_is_handed_out_after_its_quiet_period_without_waiting_for_stability() -> None:
    q, clock, _disk = queue()
    gone = Path("/v/old.md")
    q.note("/v", gone)
    clock.now += 1.0
    assert q.take_ready() == {"/v": [gone]}


def test_catch_up_paths_skip_the_quiet_period_but_not_the_stability_check() -> None:
    q, clock, disk = queue()
    note = Path("/v/a.md")
    disk.files[note] = (5, 5)
    q.note("/v", note, delay=0.0)
    assert q.next_due() == 0.0
    assert q.take_ready() == {}
    clock.now += 0.5
    assert q.take_ready() == {"/v": [note]}


def test_sources_are_kept_apart_and_a_dropped_source_loses_its_paths() -> None:
    q, clock, disk = queue()
    a, b, c = Path("/v/a.md"), Path("/w/b.md"), Path("/v/c.md")
    for path in (a, b, c):
        disk.files[path] = (1, 1)
        q.note(str(path.parent), path)
    assert q.has_pending("/v") and q.has_pending("/w")
    q.drop("/w")
    assert not q.has_pending("/w")
    clock.now += 1.0
    q.take_ready()
    clock.now += 0.5
    assert q.take_ready() == {"/v": [a, c]}


def test_a_new_event_between_looks_starts_the_quiet_period_again() -> None:
    q, clock, disk = queue()
    note = Path("/v/a.md")
    disk.files[note] = (1, 1)
    q.note("/v", note)
    clock.now += 1.0
    assert q.take_ready() == {}
    q.note("/v", note)  # written again after the first look
    clock.now += 0.5
    assert q.take_ready() == {}
    assert 0 < q.next_due() <= 0.5


def test_wait_returns_at_once_when_something_was_noted_just_before() -> None:
    q = ChangeQueue(debounce=0.0)
    q.note("/v", Path("/v/a.md"))
    q.wait(30.0)  # would hang the test if the notification were lost
    q.wake()
    q.wait(30.0)
