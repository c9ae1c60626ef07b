"""The language-model interface every backend implements.

One small abstract base (as for embedders) so that the llama.cpp runtime, a
deterministic fake for tests and any later backend are interchangeable. A
model is owned by one worker at a time: callers never share an instance across
threads concurrently.
"""
from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

TokenCallback = Callable[[str], None]


@dataclass
class Completion:
    """What one generation produced."""

    text: str
    tokens_in: int
    tokens_out: int
    finish_reason: str = "stop"  # "stop" | "length" | "cancelled" | "error"


class LanguageModel(ABC):
    """Text in, text out; streaming through `on_token`, stopping through `cancel`.

    `json_schema`, when given, constrains the output to JSON matching it (a
    grammar in llama.cpp), so even a small base model cannot emit broken JSON.
    `has_chat_template` says whether the model file carries a chat template;
    without one, callers use completion-style few-shot prompts.
    """

    name: str
    has_chat_template: bool = False
    context_length: int = 2048

    @abstractmethod
    def complete(
        self,
        prompt: str,
        *,
        max_tokens: int = 256,
        stop: Sequence[str] = (),
        temperature: float = 0.0,
        json_schema: dict[str, Any] | None = None,
        on_token: TokenCallback | None = None,
        cancel: threading.Event | None = None,
    ) -> Completion:
        """Continue `prompt` (raw completion, no template applied)."""

    @abstractmethod
    def chat(
        self,
        messages: Sequence[dict[str, str]],
        *,
        max_tokens: int = 256,
        stop: Sequence[str] = (),
        temperature: float = 0.0,
        json_schema: dict[str, Any] | None = None,
        on_token: TokenCallback | None = None,
        cancel: threading.Event | None = None,
    ) -> Completion:
        """Answer `[{"role": ..., "content": ...}]` with the file's chat template."""

    def count_tokens(self, text: str) -> int:
        """Tokens in `text`; backends with a tokenizer override this estimate."""
        return max(1, len(text) // 4)

    def close(self) -> None:
        """Free the model's memory; the next call may load it again."""
