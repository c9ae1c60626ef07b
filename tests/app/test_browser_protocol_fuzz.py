"""Property test: any byte stream on the host's stdin reads as messages and `FrameError`s, then ends."""
from __future__ import annotations

import json

from hypothesis import HealthCheck, Phase, given, settings

from remembrancer.app.browser_protocol import HEADER, read_message
from benchmarks.fuzz_targets import FRAMES, deep_json, frame, read_all_frames

QUICK = settings(
    max_examples=150, deadline=3000, database=None, phases=[Phase.explicit, Phase.generate], report_multiple_bugs=False,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@QUICK
@given(FRAMES)
def test_any_stream_reads_to_its_end_without_another_exception(stream: bytes) -> None:
    read_all_frames(stream)


def test_deep_json_in_a_frame_is_a_frame_error_and_the_next_frame_still_reads() -> None:
    good = frame(json.dumps({"id": 1, "method": "ping"}).encode())
    messages, errors = read_all_frames(frame(deep_json(100_000).encode()) + good)
    assert (messages, errors) == (1, 1)


def test_nul_bytes_and_a_lying_length_are_errors_not_crashes() -> None:
    stream = frame(b'{"id": 1\x00}') + HEADER.pack(1_000) + b"{}"
    assert read_all_frames(stream) == (0, 2)


def test_a_clean_message_still_reads() -> None:
    import io

    assert read_message(io.BytesIO(frame(b'{"id": 7}'))) == {"id": 7}
