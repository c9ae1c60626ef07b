"""`ask`: recall, prompt, constrained generation, citations; degrade instead of failing.

The answer's worth rests on recall, not on the model: the model only phrases
an answer over memories recall already found, and every answer cites the
memories (and so the messages) it rests on. When no model can answer (the
file is missing, it fails to load or to generate, the user cancels) the
answer *degrades*: it lists the best recalled memories, `degraded` is set
and `note` says why. Quick mode never touches the model: it answers with the
extractive answer (`memory.ask.extractive`: the name, date, count, list or
phrase read out of the recalled memories, or "I don't know") under a tight
budget, for sub-second replies. When the model's answer
cites no memory that contains it, the cited extractive answer is kept
instead: an uncited model answer never replaces a cited extractive one.

Secrets never reach the model nor the answer: the recalled memories and the
question are masked (`memory.privacy`) before anything is built from them,
so the prompt, the streamed text, the degraded listing and the citations
all carry "IBAN •••• 3000", never the IBAN. Recall itself searches with the
question as asked.
"""
from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from remembrancer.memory.ask.citations import answer_words, grounded, parse_reply, support_by_overlap, supported_share, to_citations
from remembrancer.memory.ask.extractive import extract_answer
from remembrancer.memory.ask.prompt import ANSWER_OPEN, CITES_OPEN, answer_schema, chat_messages, cites_schema, fit_prompt
from remembrancer.memory.ask.stream import AnswerStream
from remembrancer.memory.extraction.standalone import is_standalone
from remembrancer.memory.llm.base import Completion, LanguageModel, TokenCallback
from remembrancer.memory.llm.errors import ModelError
from remembrancer.memory.privacy import mask_secrets, masked, masked_all
from remembrancer.memory.types import Answer, RecallItem

logger = logging.getLogger(__name__)

Recall = Callable[[str, int, int | None], list[RecallItem]]  # (question, k, token budget) -> items, best first
ModelProvider = Callable[[], LanguageModel]                    # raises (ModelError) when no model is usable

NOTHING_RECALLED = "Nothing in memory matches this question."
# An answer whose new words (beyond the question's) are mostly absent from every recalled
# memory was not read from them: a small base model copying its examples, or inventing.
MIN_SUPPORT = 0.5
# A base model (no chat template, like the bundled 270M one) continues text rather than answers: it may only say
# what the memories say ("Portugal to St. Mary's Hospital" joined two memories into a place nobody went).
BASE_MIN_SUPPORT = 1.0


@dataclass(frozen=True)
class AskParams:
    k: int = 8                # memories recalled for a full answer
    budget: int = 1000        # their text, in recall's token estimate
    max_tokens: int = 72      # the answer JSON of a chat model: 160 characters of answer and a few cited numbers fit
    answer_tokens: int = 48   # a base model's freely written answer: one sentence (~200 characters)
    cites_tokens: int = 12    # then its citations, "[1, 3]"
    prompt_tokens: int = 600  # the prompt's cap: a 270M model on 2 cores reads ~250 tokens/s, so the whole answer stays near 3 s
    quick_k: int = 5
    quick_budget: int = 200
    shown_when_degraded: int = 3


def ask(
    question: str,
    recall: Recall,
    model_provider: ModelProvider,
    *,
    quick: bool = False,
    k: int | None = None,
    budget: int | None = None,
    on_token: TokenCallback | None = None,
    cancel: threading.Event | None = None,
    params: AskParams = AskParams(),
    on_draft: Callable[[Answer], None] | None = None,
) -> Answer:
    """Answer `question` from memory; never raises for a model problem (see the module doc).

    `k` and `budget` default to the mode's; `budget=0` recalls without a
    token budget (the prompt is still cut to the model's context).
    `on_draft` gets the extractive answer as soon as recall is done, before
    the model starts (a surface shows it at once; the final answer follows).
    """
    started = time.perf_counter()
    question = " ".join(question.split())
    shown = mask_secrets(question)  # what the prompt and the answer may repeat
    default_budget = params.quick_budget if quick else params.budget
    tokens = default_budget if budget is None else (budget or None)
    if quick:
        answer = _quick(shown, masked_all(recall(question, k or params.quick_k, tokens)), on_token, params.shown_when_degraded)
    else:
        items = masked_all(recall(question, k or params.k, tokens))
        if items:
            read = extractive(shown, items, params.shown_when_degraded)  # read once: the draft, and the fallback of every model failure
            if on_draft is not None:  # what the memories say, shown while the model writes (it may only polish it)
                on_draft(masked(replace(read)))
            answer = _generate(shown, items, read, model_provider, params, on_token, cancel)
        else:
            answer = Answer(shown, NOTHING_RECALLED)
    answer = masked(answer)  # a model can still compose a card-shaped number; mask what it wrote too
    answer.took_ms = (time.perf_counter() - started) * 1000
    return answer


def _generate(
    question: str,
    items: list[RecallItem],
    read: Answer,
    model_provider: ModelProvider,
    params: AskParams,
    on_token: TokenCallback | None,
    cancel: threading.Event | None,
) -> Answer:
    try:
        model = model_provider()
        room = min(model.context_length - params.max_tokens, params.prompt_tokens)
        prompt, kept = fit_prompt(question, items, model.count_tokens, room)
        if model.has_chat_template:
            stream = AnswerStream(on_token) if on_token else None
            completion = model.chat(chat_messages(question, kept), max_tokens=params.max_tokens,
                                    json_schema=answer_schema(len(kept)), on_token=stream.feed if stream else None, cancel=cancel)
        else:
            completion = _answer_then_cites(model, prompt, len(kept), params, on_token, cancel)
    except Exception as exc:  # a missing or broken model must never take `ask` down with it
        logger.warning("ask: the model could not answer (%s); the answer read from the memories stands", exc, exc_info=not isinstance(exc, ModelError))
        return read_or_degraded(question, items, read, f"no model answer: {exc}", params.shown_when_degraded)
    if not kept:
        return degraded(question, items, f"no memory fits the model's context of {model.context_length} tokens",
                        params.shown_when_degraded, model.name)
    if completion.finish_reason == "cancelled":
        return degraded(question, items, "cancelled before the model finished", params.shown_when_degraded, model.name)
    reply = parse_reply(completion.text, len(kept))
    rejected: str | None = None
    if not reply.answer:
        # lengths, never the text: the log file is not encrypted (docs/encryption.md)
        logger.info("ask: unusable model output (%d characters: %s)", len(completion.text), reply.problem)
        rejected = reply.problem or "no answer"
    elif not reply.cites and not answer_words(reply.answer, question):  # "The memories do not say."
        rejected = "the model found no answer in the recalled memories"
    elif supported_share(reply.answer, question, kept) < (MIN_SUPPORT if model.has_chat_template else BASE_MIN_SUPPORT):
        logger.info("ask: the model's answer (%d characters) is not supported by the memories", len(reply.answer))
        rejected = f"the model's answer ({reply.answer!r}) is not supported by the recalled memories"
    if rejected is not None:
        answer = read_or_degraded(question, items, read, rejected, params.shown_when_degraded, profile_first=True)
        answer.model, answer.tokens_in, answer.tokens_out = model.name, completion.tokens_in, completion.tokens_out
        return answer
    numbers, problem = grounded(reply.answer, question, reply.cites, kept), reply.problem
    if len(numbers) < len(reply.cites):
        problem = "the model cited memories that do not contain its answer"
    note = problem
    if not numbers and read.citations:  # an uncited model answer never replaces a cited extractive one
        return replace(read, note=f"{problem or 'the model cited no memory containing its answer'}; the answer read from the memories is kept",
                       model=model.name, tokens_in=completion.tokens_in, tokens_out=completion.tokens_out)
    if not numbers:  # never empty here: a supported answer shares words with some memory
        numbers = support_by_overlap(reply.answer, question, kept)
        note = f"{problem}; citations are the memories sharing the answer's words"
    return Answer(question, reply.answer, to_citations(numbers, kept), model=model.name,
                  tokens_in=completion.tokens_in, tokens_out=completion.tokens_out, note=note)


def _answer_then_cites(model: LanguageModel, prompt: str, n: int, params: AskParams, on_token: TokenCallback | None,
                       cancel: threading.Event | None) -> Completion:
    """The reply JSON of a base model, in two calls: the answer written freely, then only its citations constrained.

    The prompt already holds `{"answer": "`, so the model writes the answer
    itself (streamed as it comes) and stops at its closing quote; the second
    call goes on from there (llama.cpp reuses the evaluated prompt) with
    `"cites": ` and a grammar that admits only the numbers shown. An answer
    that runs out of tokens before its closing quote is returned as the broken
    JSON it is, and read as such.
    """
    head = prompt + ANSWER_OPEN
    first = model.complete(head, max_tokens=params.answer_tokens, stop=['"', "\n"], on_token=on_token, cancel=cancel)
    opened = '{"answer": ' + json.dumps(first.text)[:-1]  # the string, not yet closed
    if first.finish_reason != "stop":
        return Completion(opened, first.tokens_in, first.tokens_out, first.finish_reason)
    second = model.complete(head + first.text + CITES_OPEN, max_tokens=params.cites_tokens, json_schema=cites_schema(n), cancel=cancel)
    text = f'{opened}", "cites": {second.text.strip() or "[]"}}}'
    return Completion(text, first.tokens_in, first.tokens_out + second.tokens_out, second.finish_reason)


def read_or_degraded(question: str, items: Sequence[RecallItem], read: Answer, why: str, shown: int = 3,
                     profile_first: bool = False) -> Answer:
    """No usable model answer: `read` (the answer read from the memories) when it cites, else the profile's statement,
    else a listing.

    The model is a polish on the extractive answer, never a condition for one: a missing, failing or
    made-up model answer leaves the person with what the memories say.
    """
    if read.citations:
        return replace(read, note=f"{why}; the answer read from the memories is kept")
    return (from_profile(question, items, why) if profile_first else None) or degraded(question, items, why, shown)


def from_profile(question: str, items: Sequence[RecallItem], why: str) -> Answer | None:
    """The profile's own statement when recall answered a profile question first and the model failed.

    Recall puts persona attributes first only for a question about a named
    person's attribute ("Where does Ana live?"); their sentences ("Ana is
    from Portugal") are already the answer, cited, so a weak model's rejected
    output need not fall back to a bare listing. When the attribute asked
    about is unknown, recall offers the nearest one, which the sentence
    states as it is (never as the asked one).
    """
    profile = [item for item in items[:MAX_PROFILE_ITEMS] if item.level == "persona"]
    if not items or items[0].level != "persona":
        return None
    text = " ".join(item.text.rstrip(".") + "." for item in profile)
    return Answer(question, text, to_citations(range(1, len(profile) + 1), profile),
                  note=f"{why}; answered from the profile (persona attributes) instead")


MAX_PROFILE_ITEMS = 2


def degraded(question: str, items: Sequence[RecallItem], reason: str, shown: int = 3, model: str | None = None) -> Answer:
    """No model answer: the best memories themselves, clearly marked."""
    best = readable_first(items)[:shown]
    if not best:
        return Answer(question, NOTHING_RECALLED, model=model, degraded=True, note=reason)
    lines = [f"{i}. {item.text}" for i, item in enumerate(best, 1)]
    text = "The model could not answer; the best-matching memories are:\n" + "\n".join(lines)
    return Answer(question, text, to_citations(range(1, len(best) + 1), best), model=model, degraded=True, note=reason)


def readable_first(items: Sequence[RecallItem]) -> list[RecallItem]:
    """Facts that read on their own before those that lean on their conversation ("Kit loved it."), else in order.

    A quoted memory must make sense to the person reading the answer; a
    dangling fact still helped recall find the right messages, so it is only
    moved back, never dropped.
    """
    return sorted(items, key=lambda item: item.level == "fact" and not is_standalone(item.text))


def _quick(question: str, items: list[RecallItem], on_token: TokenCallback | None, shown: int = 3) -> Answer:
    """The extractive answer (`memory.ask.extractive`): no generation at all."""
    if not items:
        return Answer(question, NOTHING_RECALLED, note="quick answer (no model)")
    answer = extractive(question, items, shown)
    if on_token:
        on_token(answer.answer)
    return answer


def extractive(question: str, items: Sequence[RecallItem], shown: int = 3) -> Answer:
    """The answer read out of `items`, citing the memories it quotes; "I don't know" cites none."""
    found = extract_answer(question, items, shown)
    if not found.knows:
        return Answer(question, found.text, note="quick answer: no memory answers this; the closest are shown, none cited")
    return Answer(question, found.text, to_citations(found.numbers, items), note="quick answer: read from the cited memories, no model")
