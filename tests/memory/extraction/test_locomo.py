"""General properties on a real conversation (LoCoMo dev data in ../shared; skipped when absent).

No answers from the dataset are asserted: only what must hold for any chat.
"""
from __future__ import annotations

import json
import re
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from remembrancer.memory.extraction.base import ATTRIBUTES, MessageView
from remembrancer.memory.extraction.rules import RulesExtractor

DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "locomo-dev"
FILES = sorted(DATA.glob("conv-*.json")) if DATA.is_dir() else []
RELATIVE = re.compile(r"\b(?:yesterday|tomorrow|tonight|last (?:week|month|year|night|weekend)|next (?:week|month|year)|"
                      r"\d+ (?:days|weeks) ago)\b", re.IGNORECASE)


def _messages(path: Path) -> list[MessageView]:
    """The conversation as the LoCoMo benchmark imports it (captions kept as "[shares a photo: ...]")."""
    conv = json.loads(path.read_text(encoding="utf-8"))
    body = conv.get("conversation", conv)
    out: list[MessageView] = []
    index = 1
    while f"session_{index}" in body:
        start = datetime.strptime(body[f"session_{index}_date_time"].strip(), "%I:%M %p on %d %B, %Y")
        for offset, turn in enumerate(body[f"session_{index}"]):
            text = turn["text"] + (f" [shares a photo: {turn['blip_caption']}]" if turn.get("blip_caption") else "")
            moment = (start + timedelta(seconds=30 * offset)).isoformat() + "+00:00"
            out.append(MessageView(id=f"{conv['sample_id']}:{turn['dia_id']}", conversation=conv["sample_id"],
                                   speaker=turn["speaker"], time=moment, text=text))
        index += 1
    return out


@pytest.mark.skipif(not FILES, reason="LoCoMo dev data (../shared) not available")
def test_real_conversation_properties() -> None:
    messages = _messages(FILES[0])
    by_id = {m.id: m for m in messages}
    extractor = RulesExtractor()
    facts = extractor.extract(messages)  # speed: benchmarks/locomo_recall reports import time
    assert len(facts) > len(messages) // 5
    for fact in facts:
        assert fact.sources and all(s in by_id for s in fact.sources), fact
        assert fact.time_said == by_id[fact.sources[-1]].time
        padded = f" {fact.text} "
        assert " I " not in padded and " my " not in padded and " My " not in padded, fact.text
        assert not RELATIVE.search(fact.text), fact.text
        first = fact.text.lstrip("\"'(")[:1]
        assert (first.isupper() or first.isdigit()) and fact.text.endswith((".", '".', ").")), fact.text
        assert fact.subject and fact.subject in fact.entities
        assert fact.attribute is None or (fact.attribute in ATTRIBUTES and fact.value)
        assert 0 < fact.confidence <= 1 and fact.polarity in (1, -1)
    assert extractor.extract(messages) == facts  # deterministic
