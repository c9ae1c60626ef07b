"""The llama.cpp runtime: one `Llama` instance, loaded lazily, used by one caller at a time.

Why it looks like this:

- `llama_cpp` is imported inside `_load`, so `import memory` stays fast and
  the app starts (and degrades) where the wheel is missing.
- The instance is not thread-safe, and the GUI, the nightly scheduler and the
  browser host may all want it: every call takes the model's lock, so the
  instance has exactly one user at a time and the others wait their turn
  (the "one worker per owned resource" rule). Tokens stream through
  `on_token` from the calling thread; `cancel` is checked between tokens.
- JSON-schema output goes through `LlamaGrammar.from_json_schema`: sampling
  can only pick tokens the grammar allows, so even a 270M base model cannot
  emit broken JSON (a cut at `max_tokens` still can, and callers check).
- Prompts are tokenized with `special=False`: text that merely spells a
  control token ("<end_of_turn>") inside a memory stays text. With a chat
  template, only the template's own markup is parsed for special tokens;
  message contents are tokenized as plain text (`_chat_tokens`).
"""
from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from remembrancer.memory.llm.base import Completion, LanguageModel, TokenCallback
from remembrancer.memory.llm.errors import ModelError
from remembrancer.memory.llm.gguf import GGUFInfo, read_gguf_info
from remembrancer.memory.llm.transcript import TRANSCRIPT_STOPS, completion_transcript

logger = logging.getLogger(__name__)

_SENTINEL = "\u241e{}\u241e"  # stands in for a message's content while the template is rendered


class LlamaModel(LanguageModel):
    """A GGUF file run by llama.cpp on the CPU."""

    def __init__(
        self,
        path: str | Path,
        *,
        name: str | None = None,
        n_ctx: int = 2048,
        n_threads: int | None = None,
        info: GGUFInfo | None = None,
        seed: int = 0,
    ):
        self.path = Path(path)
        self.name = name or self.path.stem
        self.context_length = n_ctx
        self.n_threads = n_threads or None  # None: llama.cpp picks from the CPU count
        self.seed = seed
        self.load_seconds: float | None = None
        self._info = info
        self._lock = threading.RLock()
        self._llama: Any = None
        self._grammars: dict[str, Any] = {}

    # -- loading -----------------------------------------------------------
    @property
    def info(self) -> GGUFInfo:
        if self._info is None:
            self._info = read_gguf_info(self.path)
        return self._info

    @property  # type: ignore[override]  # the base declares a plain attribute
    def has_chat_template(self) -> bool:
        return self.info.has_chat_template

    @property
    def loaded(self) -> bool:
        return self._llama is not None

    def load(self) -> None:
        """Load now (the first call does it anyway); `ModelError` when the file cannot run."""
        with self._lock:
            self._ensure_loaded()

    def _ensure_loaded(self) -> Any:
        if self._llama is None:
            self._llama = self._load()
        return self._llama

    def _load(self) -> Any:
        try:
            import llama_cpp
        except ImportError as exc:
            raise ModelError(f"llama-cpp-python is not installed ({exc})") from exc
        if not self.path.is_file():
            raise ModelError(f"model file not found: {self.path}")
        _route_native_logs(llama_cpp)
        started = time.perf_counter()
        try:
            llama = llama_cpp.Llama(
                model_path=str(self.path), n_ctx=self.context_length, n_threads=self.n_threads,
                seed=self.seed, verbose=False,
            )
        except Exception as exc:  # llama.cpp reports a bad file as ValueError/RuntimeError
            raise ModelError(f"cannot load model {self.path}: {exc}") from exc
        self.load_seconds = time.perf_counter() - started
        logger.info("loaded %s (n_ctx %d, threads %s) in %.2fs", self.path.name, self.context_length,
                    self.n_threads or "auto", self.load_seconds)
        return llama

    def close(self) -> None:
        with self._lock:
            if self._llama is not None:
                self._llama.close()
                self._llama = None
                self._grammars.clear()

    # -- generation ----------------------------------------------------------
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
        with self._lock:
            llama = self._ensure_loaded()
            tokens = llama.tokenize(prompt.encode("utf-8"), add_bos=True, special=False)
            return self._generate(llama, tokens, max_tokens, stop, temperature, json_schema, on_token, cancel)

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
        """With the file's chat template when it has one, else a plain transcript (base models)."""
        if not self.has_chat_template:
            return self.complete(
                completion_transcript(messages), max_tokens=max_tokens, stop=(*stop, *TRANSCRIPT_STOPS),
                temperature=temperature, json_schema=json_schema, on_token=on_token, cancel=cancel,
            )
        with self._lock:
            llama = self._ensure_loaded()
            tokens = self._chat_tokens(llama, messages)
            return self._generate(llama, tokens, max_tokens, stop, temperature, json_schema, on_token, cancel)

    def count_tokens(self, text: str) -> int:
        with self._lock:
            llama = self._ensure_loaded()
            return len(llama.tokenize(text.encode("utf-8"), add_bos=False, special=False))

    def _chat_tokens(self, llama: Any, messages: Sequence[dict[str, str]]) -> list[int]:
        """Render the template around sentinels, then tokenize markup and contents apart."""
        from llama_cpp.llama_chat_format import Jinja2ChatFormatter

        template = llama.metadata.get("tokenizer.chat_template", "")
        special = lambda token: llama.detokenize([token], special=True).decode("utf-8", "ignore")  # noqa: E731
        bos, eos = llama.token_bos(), llama.token_eos()
        formatter = Jinja2ChatFormatter(template, eos_token=special(eos), bos_token=special(bos), add_generation_prompt=True)
        contents = [m.get("content", "").strip() for m in messages]
        placeholders = [{"role": m.get("role", "user"), "content": _SENTINEL.format(i)} for i, m in enumerate(messages)]
        try:
            rendered = formatter(messages=placeholders).prompt
        except Exception as exc:  # a template that rejects the roles (e.g. no "system")
            raise ModelError(f"the model's chat template failed: {exc}") from exc
        tokens: list[int] = []
        for index, piece in enumerate(rendered.split("\u241e")):
            if index % 2 == 0:
                tokens += llama.tokenize(piece.encode("utf-8"), add_bos=False, special=True)
            else:
                tokens += llama.tokenize(contents[int(piece)].encode("utf-8"), add_bos=False, special=False)
        if bos >= 0 and (not tokens or tokens[0] != bos):
            tokens.insert(0, bos)
        return tokens

    def _generate(
        self,
        llama: Any,
        tokens: list[int],
        max_tokens: int,
        stop: Sequence[str],
        temperature: float,
        json_schema: dict[str, Any] | None,
        on_token: TokenCallback | None,
        cancel: threading.Event | None,
    ) -> Completion:
        room = self.context_length - len(tokens)
        if room < 1:
            raise ModelError(f"the prompt has {len(tokens)} tokens; the context holds {self.context_length}")
        max_tokens = min(max_tokens, room)
        grammar = self._grammar(json_schema) if json_schema is not None else None
        if cancel is not None and cancel.is_set():
            return Completion("", len(tokens), 0, "cancelled")
        pieces: list[str] = []
        finish = "stop"
        try:
            stream = llama.create_completion(
                prompt=tokens, max_tokens=max_tokens, stop=list(stop) or None, temperature=temperature,
                grammar=grammar, stream=True, seed=self.seed,
            )
            try:
                for chunk in stream:
                    choice = chunk["choices"][0]
                    text = choice.get("text") or ""
                    if text:
                        pieces.append(text)
                        if on_token is not None:
                            on_token(text)
                    if choice.get("finish_reason"):
                        finish = choice["finish_reason"]
                    if cancel is not None and cancel.is_set():
                        finish = "cancelled"
                        break
            finally:
                stream.close()
        except ModelError:
            raise
        except (RuntimeError, ValueError) as exc:  # llama.cpp decode failures
            raise ModelError(f"generation failed: {exc}") from exc
        text = "".join(pieces)
        out = len(llama.tokenize(text.encode("utf-8"), add_bos=False, special=False)) if text else 0
        return Completion(text, len(tokens), out, finish)

    def _grammar(self, schema: dict[str, Any]) -> Any:
        from llama_cpp import LlamaGrammar

        key = json.dumps(schema, sort_keys=True)
        if key not in self._grammars:
            try:
                self._grammars[key] = LlamaGrammar.from_json_schema(json.dumps(schema), verbose=False)
            except Exception as exc:
                raise ModelError(f"the JSON schema cannot be turned into a grammar: {exc}") from exc
        return self._grammars[key]


_NATIVE_LOGGER = logging.getLogger("llama.cpp")
_native_callback: Any = None  # kept alive: llama.cpp holds a pointer to it


def _route_native_logs(llama_cpp: Any) -> None:
    """llama.cpp's own log lines go to our log at DEBUG, never raw to the terminal (`-v` shows them).

    llama-cpp-python's default callback prints some of them to stderr even
    with `verbose=False` (e.g. the KV-cache notes at load), where they land
    in the middle of an answer.
    """
    global _native_callback
    if _native_callback is not None:
        return
    import ctypes

    @llama_cpp.llama_log_callback
    def callback(level: int, text: bytes, user_data: ctypes.c_void_p) -> None:
        if _NATIVE_LOGGER.isEnabledFor(logging.DEBUG):
            _NATIVE_LOGGER.debug("%s", text.decode("utf-8", "replace").rstrip())

    _native_callback = callback
    llama_cpp.llama_log_set(callback, ctypes.c_void_p(0))
