"""Reading the model's reply, the overlap fallback, and streaming only the answer text."""
from __future__ import annotations

import pytest

from remembrancer.memory.ask.citations import grounded, parse_reply, support_by_overlap, to_citations
from remembrancer.memory.ask.stream import AnswerStream
from tests.memory.ask.helpers import ITEMS


@pytest.mark.parametrize("text, answer, cites, problem", [
    ('{"answer": "Odile lives in Berlin.", "cites": [1]}', "Odile lives in Berlin.", [1], None),
    ('{"answer": "Berlin", "cites": [1, 1, 3]}', "Berlin", [1, 3], None),
    ('{"answer": "Berlin", "cites": [7, 1]}', "Berlin", [1], "cited memories it was not given"),
    ('{"answer": "Berlin", "cites": []}', "Berlin", [], "cited no memory"),
    ('{"answer": "  ", "cites": [1]}', "", [1], "empty answer"),
    ('{"answer": "Odile lives in Ber', "", [], "not complete JSON"),
    ('["Berlin"]', "", [], "no answer string"),
])
def test_parse_reply(text: str, answer: str, cites: list[int], problem: str | None) -> None:
    reply = parse_reply(text, 3)
    assert (reply.answer, reply.cites) == (answer, cites)
    assert (problem is None and reply.problem is None) or (problem and problem in (reply.problem or ""))


def test_grounding_and_overlap() -> None:
    assert grounded("Odile lives in Berlin.", "Where does Odile live?", [3, 2, 1], ITEMS) == [1]
    assert grounded("Yes.", "Is Odile happy?", [2], ITEMS) == [2]
    assert support_by_overlap("She moved to Berlin.", "Where is she?", ITEMS) == [1]
    assert support_by_overlap("Odile is fine.", "How is Odile?", ITEMS) == []  # the name is no evidence
    assert support_by_overlap("Something unrelated entirely.", "q", ITEMS) == []
    citation = to_citations([1], ITEMS)[0]
    assert (citation.id, citation.sources) == ("f1", ["m-7"])


def test_stream_forwards_only_the_decoded_answer() -> None:
    out: list[str] = []
    stream = AnswerStream(out.append)
    for piece in ['{"', 'answer', '": "', 'Od', 'ile \\"C\\"', ' lives in Berl', 'in\\u00e9\\', 'n', '.", "cites": [1]}']:
        stream.feed(piece)
    assert "".join(out) == 'Odile "C" lives in Berliné\n.'
    assert all(out)  # nothing empty was forwarded
