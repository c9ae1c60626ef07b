"""`ask` never hands a secret to the model, nor shows one in its answer, citations, listing or stream."""
from __future__ import annotations

from remembrancer.memory.ask import ask
from remembrancer.memory.llm.errors import ModelError
from remembrancer.memory.llm.fake import FakeModel
from remembrancer.memory.types import ContextTurn
from tests.memory.ask.helpers import fixed_recall, item
from tests.planted_secrets import CARD, IBAN, MAIDEN, PASSWORD, PIN, SECURITY_ANSWER, leaked

ITEMS = [
    item("p1", "Orla lives in Ghent.", level="persona", speaker="Orla"),
    item("m3", f"My IBAN is {IBAN}, or use the card {CARD}.", level="message", speaker="Orla"),
    item("f5", f"Orla's mother's maiden name is {MAIDEN}; the security answer: {SECURITY_ANSWER}.", speaker="Orla"),
]
ITEMS[1].context.append(ContextTurn("m4", "Orla", "2024-04-02T09:03:00+00:00", f"The Wi-Fi password is {PASSWORD} and my PIN is {PIN}."))


def _shown(answer) -> str:  # type: ignore[no-untyped-def]
    return " ".join([answer.question, answer.answer, answer.note or ""] + [c.text for c in answer.citations])


def test_the_prompt_and_the_answer_hold_no_secret() -> None:
    model = FakeModel()  # answers with the first quoted memory of the prompt: a leak if the prompt held one
    streamed: list[str] = []
    answer = ask("Where does Orla live? Her IBAN is " + IBAN, fixed_recall(ITEMS), lambda: model, on_token=streamed.append)
    assert model.prompts and leaked(model.prompts[0]) == []
    assert "•••• " + IBAN.replace(" ", "")[-4:] in model.prompts[0]  # the memory was given, masked
    assert leaked(_shown(answer)) == [] and leaked("".join(streamed)) == []


def test_a_model_that_writes_a_secret_is_masked_too() -> None:
    model = FakeModel([f'{{"answer": "Orla pays with card {CARD} in Ghent.", "cites": [1]}}'])
    answer = ask("Where does Orla live?", fixed_recall(ITEMS), lambda: model)
    assert leaked(_shown(answer)) == [] and "•••• " + CARD[-4:] in _shown(answer)  # rejected or not, shown masked


def test_the_degraded_listing_is_masked() -> None:
    answer = ask("What are Orla's bank details?", fixed_recall(ITEMS), lambda: FakeModel(fail=ModelError("no model file")))
    assert answer.degraded and "The model could not answer" in answer.answer
    assert leaked(_shown(answer)) == [] and "maiden name is ••••••" in answer.answer


def test_quick_answers_and_their_stream_are_masked() -> None:
    streamed: list[str] = []
    answer = ask("Orla's mother's maiden name?", fixed_recall(ITEMS[2:]), lambda: FakeModel(), quick=True, on_token=streamed.append)
    assert leaked(_shown(answer)) == [] and leaked("".join(streamed)) == [] and "••••••" in answer.answer
