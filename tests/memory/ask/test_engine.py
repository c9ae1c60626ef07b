"""`ask` with the fake model: citations, the honest fallbacks, degrading, quick mode, streaming."""
from __future__ import annotations

import threading

import pytest

from remembrancer.memory.ask import ask
from remembrancer.memory.ask.engine import NOTHING_RECALLED
from remembrancer.memory.llm.errors import ModelError
from remembrancer.memory.llm.fake import FakeModel
from tests.memory.ask.helpers import ITEMS, fixed_recall, item


def test_answer_cites_what_the_model_cited() -> None:
    model = FakeModel(['{"answer": "Odile lives in Berlin.", "cites": [1]}'])
    answer = ask("Where does Odile live?", fixed_recall(ITEMS), lambda: model)
    assert answer.answer == "Odile lives in Berlin." and not answer.degraded and answer.note is None
    assert [(c.id, c.sources) for c in answer.citations] == [("f1", ["m-7"])]
    assert answer.model == "fake" and answer.tokens_in > 0 and answer.tokens_out > 0 and answer.took_ms > 0
    assert model.schemas[0] is None  # a base model writes its answer freely (grammar decoding costs it half its speed)
    assert model.schemas[1]["items"]["enum"] == [1, 2, 3]  # and only its citations are held to the numbers shown
    assert model.prompts[1] == model.prompts[0] + 'Odile lives in Berlin.", "cites": '


def test_no_citation_falls_back_to_overlap_and_says_so() -> None:
    model = FakeModel(['{"answer": "She is a counselor.", "cites": []}'])
    answer = ask("What does Odile do?", fixed_recall(ITEMS), lambda: model)
    assert [c.id for c in answer.citations] == ["f3"]
    assert "cited no memory" in answer.note and "sharing the answer's words" in answer.note


def test_an_answer_no_memory_supports_gives_way_to_the_read_answer() -> None:
    """A base model copying its few-shot example ("Lisbon") is never shown: the answer read from the memories is."""
    model = FakeModel(['{"answer": "Odile lives in Lisbon, Portugal.", "cites": [1]}'])
    answer = ask("Where does Odile live?", fixed_recall(ITEMS), lambda: model)
    assert answer.answer == "Berlin" and not answer.degraded and [c.id for c in answer.citations] == ["f1"]
    assert "Lisbon" in answer.note and "not supported" in answer.note and "read from the memories" in answer.note


def test_an_abstention_gives_way_to_the_read_answer_or_lists_the_memories() -> None:
    model = FakeModel(['{"answer": "The memories do not say.", "cites": []}'] * 2)
    answer = ask("What does Odile do for work?", fixed_recall(ITEMS), lambda: model)
    assert "counselor" in answer.answer and [c.id for c in answer.citations] == ["f3"] and "found no answer" in answer.note
    unknown = ask("Which violin teacher did Odile hire?", fixed_recall(ITEMS), lambda: model)
    assert unknown.degraded and "found no answer" in unknown.note and len(unknown.citations) == 3


@pytest.mark.parametrize("provider", [
    lambda: (_ for _ in ()).throw(ModelError("model file not found: /nowhere/x.gguf")),
    lambda: FakeModel(fail=RuntimeError("decode failed")),
    lambda: FakeModel(['{"answer": "Odile lives in Ber']),  # cut at max_tokens
])
def test_model_problems_leave_the_answer_read_from_the_memories(provider) -> None:
    answer = ask("Where does Odile live?", fixed_recall(ITEMS), provider)
    assert answer.answer == "Berlin" and not answer.degraded and [c.id for c in answer.citations] == ["f1"]
    assert "read from the memories" in answer.note
    nothing = ask("Which violin teacher did Odile hire?", fixed_recall(ITEMS), provider)
    assert nothing.degraded and nothing.note and [c.id for c in nothing.citations] == ["f1", "m2", "f3"]
    assert "1. Odile moved to Berlin in spring 2034." in nothing.answer


def test_cancel_degrades_and_stops_the_stream() -> None:
    cancel = threading.Event()
    seen: list[str] = []

    def on_token(text: str) -> None:
        seen.append(text)
        cancel.set()

    model = FakeModel(['{"answer": "Odile lives in Berlin.", "cites": [1]}'])
    answer = ask("Where?", fixed_recall(ITEMS), lambda: model, on_token=on_token, cancel=cancel)
    assert answer.degraded and "cancelled" in answer.note
    assert "".join(seen) in "Odile lives in Berlin."


def test_streaming_shows_the_answer_text_only() -> None:
    seen: list[str] = []
    model = FakeModel(['{"answer": "Odile lives in Berlin.", "cites": [1]}'])
    answer = ask("Where?", fixed_recall(ITEMS), lambda: model, on_token=seen.append)
    assert "".join(seen) == answer.answer == "Odile lives in Berlin."


def test_quick_answers_from_facts_without_the_model() -> None:
    recall = fixed_recall([item("m0", "I love it here", level="message"), *ITEMS])
    provider_calls: list[int] = []
    answer = ask("Where does Odile live?", recall, lambda: provider_calls.append(1) or FakeModel(), quick=True)
    assert provider_calls == [] and answer.model is None and "quick" in answer.note
    assert answer.answer == "Berlin"  # the place read out of the memory, not the whole memory
    assert [c.id for c in answer.citations] == ["f1"]
    assert recall.calls == [("Where does Odile live?", 5, 200)]


def test_nothing_recalled_needs_no_model() -> None:
    answer = ask("Where?", fixed_recall([]), lambda: pytest.fail("the model was asked"))
    assert answer.answer == NOTHING_RECALLED and answer.citations == [] and not answer.degraded


def test_a_citation_that_does_not_contain_the_answer_is_replaced() -> None:
    model = FakeModel(['{"answer": "Odile lives in Berlin.", "cites": [2]}'])
    answer = ask("Where does Odile live?", fixed_recall(ITEMS), lambda: model)
    assert [c.id for c in answer.citations] == ["f1"]
    assert "do not contain its answer" in answer.note


def test_a_context_too_small_for_any_memory_degrades() -> None:
    answer = ask("Where?", fixed_recall(ITEMS), lambda: FakeModel(context_length=120))
    assert answer.degraded and "context of 120 tokens" in answer.note


def test_budget_zero_means_no_budget() -> None:
    recall = fixed_recall(ITEMS)
    ask("Where?", recall, lambda: FakeModel(), budget=0, k=2)
    ask("Where?", recall, lambda: FakeModel())
    assert recall.calls == [("Where?", 2, None), ("Where?", 8, 1000)]


def test_a_rejected_answer_to_a_profile_question_is_answered_from_the_profile() -> None:
    """Recall put a persona attribute first, the weak model made something up, and no sentence answers: the profile does."""
    profile = [item("p1", "Odile is a vegetarian", level="persona", sources=["m-3"]), *ITEMS]
    model = FakeModel(['{"answer": "Odile eats fish on Fridays.", "cites": [1]}'])
    answer = ask("What diet does Odile keep?", fixed_recall(profile), lambda: model)
    assert answer.answer == "Odile is a vegetarian." and not answer.degraded
    assert [(c.id, c.sources) for c in answer.citations] == [("p1", ["m-3"])]
    assert "not supported" in answer.note and "from the profile" in answer.note and answer.model == "fake"


def test_without_a_profile_item_first_a_rejected_answer_still_lists_memories() -> None:
    model = FakeModel(['{"answer": "Odile takes violin lessons from Bram.", "cites": [1]}'])
    answer = ask("Which violin teacher did Odile hire?", fixed_recall(ITEMS), lambda: model)
    assert answer.degraded and answer.answer.startswith("The model could not answer")


def test_the_read_answer_is_drafted_before_the_model_runs() -> None:
    drafts = []

    def provider():  # type: ignore[no-untyped-def]
        assert [d.answer for d in drafts] == ["Berlin"], "the model started before the draft was out"
        return FakeModel(['{"answer": "Odile lives in Berlin.", "cites": [1]}'])

    answer = ask("Where does Odile live?", fixed_recall(ITEMS), provider, on_draft=drafts.append)
    assert answer.answer == "Odile lives in Berlin." and [c.id for c in drafts[0].citations] == ["f1"]


def test_a_chat_tuned_model_is_asked_through_its_own_template() -> None:
    model = FakeModel(['{"answer": "Odile lives in Berlin.", "cites": [1]}'], chat_template=True)
    answer = ask("Where does Odile live?", fixed_recall(ITEMS), lambda: model)
    assert answer.answer == "Odile lives in Berlin." and [c.id for c in answer.citations] == ["f1"]
    assert len(model.prompts) == 1 and "### Example" not in model.prompts[0]  # no few-shot completion prompt
    assert model.schemas[0]["properties"]["cites"]["items"]["enum"] == [1, 2, 3]
