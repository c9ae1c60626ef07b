"""Import throughput per format: the same invented messages written in every format the importers read.

`benchmarks.scale_corpus.generate_corpus` makes N messages (a few invented
speakers, templated sentences, a few minutes apart); small writers below put
the same messages in each format's shape (as in `tests/memory/importers/`).
Then, alternating formats in rounds (the machine is noisy), it measures

* parse: the importer alone over the files `plan_files` gives it, messages/s
  and the ratio to the JSON Lines importer on the same messages;
* import: `Memory.import_path` (parse, store, facts by the rules extractor,
  scenes, vectors) on a fresh data dir, for a smaller slice. Embedding is the
  fake embedder, so the comparison is about the formats, not the model.

Each format must give back exactly the number of messages written. Shapes a
format cannot carry are noted (a ChatGPT/Claude/Gemini export has "Me" and the
assistant, not two named people; a note has no speakers), the words and the
count are the same everywhere.

    python -m benchmarks.import_formats [--messages 20000] [--import-messages 2000] [--rounds 3]
"""
from __future__ import annotations

import argparse
import html
import json
import os
import shutil
import statistics
import tempfile
import time
from collections import defaultdict
from datetime import datetime, timezone
from email.utils import format_datetime
from pathlib import Path
from typing import Any, Callable

from benchmarks.common import print_table, store_key, use_benchmark_passphrase, write_report
from benchmarks.scale_corpus import generate_corpus

Record = dict[str, Any]


def _dt(record: Record) -> datetime:
    return datetime.fromisoformat(record["time"]).replace(tzinfo=timezone.utc)


def _conversations(records: list[Record]) -> dict[str, list[Record]]:
    convs: dict[str, list[Record]] = defaultdict(list)
    for r in records:
        convs[r["conversation"]].append(r)
    return convs


def _json(path: Path, data: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")
    return path


# -- writers: records -> the format's file(s) under `folder`; return the path to import ---------------------------


def write_jsonl(records: list[Record], folder: Path) -> Path:
    path = folder / "messages.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def write_chatgpt(records: list[Record], folder: Path) -> Path:
    out = []
    for conv, turns in _conversations(records).items():
        mapping: dict[str, Any] = {"root": {"id": "root", "message": None, "parent": None, "children": []}}
        parent = "root"
        for r in turns:
            mapping[parent]["children"].append(r["id"])
            mapping[r["id"]] = {"id": r["id"], "parent": parent, "children": [], "message": {
                "id": r["id"], "author": {"role": "user" if r["role"] == "user" else "assistant", "name": None, "metadata": {}},
                "create_time": _dt(r).timestamp(), "update_time": None, "content": {"content_type": "text", "parts": [r["text"]]},
                "status": "finished_successfully", "end_turn": True, "weight": 1.0, "metadata": {}, "recipient": "all"}}
            parent = r["id"]
        t0 = _dt(turns[0]).timestamp()
        out.append({"title": conv, "create_time": t0, "update_time": _dt(turns[-1]).timestamp(), "mapping": mapping,
                    "current_node": parent, "conversation_id": conv, "id": conv})
    return _json(folder / "conversations.json", out)


def write_claude(records: list[Record], folder: Path) -> Path:
    out = []
    for conv, turns in _conversations(records).items():
        msgs = []
        for r in turns:
            at = _dt(r).isoformat(timespec="microseconds")
            msgs.append({"uuid": r["id"], "text": r["text"], "content": [{"type": "text", "text": r["text"]}],
                         "sender": "human" if r["role"] == "user" else "assistant", "created_at": at, "updated_at": at,
                         "attachments": [], "files": []})
        at = _dt(turns[0]).isoformat(timespec="microseconds")
        out.append({"uuid": conv, "name": conv, "created_at": at, "updated_at": at, "account": {"uuid": "acct-1"}, "chat_messages": msgs})
    return _json(folder / "conversations.json", out)


def write_gemini(records: list[Record], folder: Path) -> Path:
    """One activity per prompt (the user's turn) with the next turn as its answer; newest first, as Takeout writes it."""
    out = []
    for turns in _conversations(records).values():
        i = 0
        while i < len(turns):
            prompt = turns[i]
            item: dict[str, Any] = {"header": "Gemini Apps", "title": f"Prompted {prompt['text']}",
                                    "time": _dt(prompt).strftime("%Y-%m-%dT%H:%M:%S.000Z"), "products": ["Gemini Apps"],
                                    "activityControls": ["Gemini Apps Activity"]}
            if i + 1 < len(turns):
                item["safeHtmlItem"] = [{"html": f"<p>{html.escape(turns[i + 1]['text'], quote=False)}</p>"}]
            out.append(item)
            i += 2
    return _json(folder / "Takeout" / "My Activity" / "Gemini Apps" / "MyActivity.json", out[::-1])


def write_whatsapp(records: list[Record], folder: Path) -> Path:
    """One Android group chat (24-hour clock, day first)."""
    path = folder / "WhatsApp Chat with Friends.txt"
    lines = [f"{_dt(r):%d/%m/%Y, %H:%M} - {r['speaker']}: {r['text']}\n" for r in records]
    path.write_text("".join(lines), encoding="utf-8")
    return path


def write_telegram(records: list[Record], folder: Path) -> Path:
    """An account export: one personal chat per conversation, the first speaker the owner."""
    ids = {name: 1000 + i for i, name in enumerate(sorted({r["speaker"] for r in records}))}
    chats = []
    number = 0
    owner = records[0]["speaker"]
    for conv, turns in _conversations(records).items():
        msgs = []
        for r in turns:
            number += 1
            unix = int(_dt(r).timestamp())
            msgs.append({"id": number, "type": "message", "date": _dt(r).replace(tzinfo=None).isoformat(), "date_unixtime": str(unix),
                         "from": r["speaker"], "from_id": f"user{ids[r['speaker']]}", "text": r["text"], "text_entities": []})
        peer = next((r["speaker"] for r in turns if r["speaker"] != owner), turns[0]["speaker"])
        chats.append({"name": peer, "type": "personal_chat", "id": int(conv.split("-")[1]), "messages": msgs})
    data = {"about": "Here is the data you requested.",
            "personal_information": {"user_id": ids[owner], "first_name": owner, "last_name": "", "phone_number": "+00 000 000"},
            "chats": {"about": "Chats", "list": chats}}
    return _json(folder / "result.json", data)


def write_discord(records: list[Record], folder: Path) -> Path:
    """One DiscordChatExporter channel export holding every message."""
    authors = {name: {"id": str(2200000000000000000 + i), "name": name.lower(), "discriminator": "0000", "nickname": name,
                      "color": None, "isBot": False, "roles": [], "avatarUrl": "https://cdn.example.org/a.png"}
               for i, name in enumerate(sorted({r["speaker"] for r in records}))}
    msgs = [{"id": str(3300000000000000000 + i), "type": "Default", "timestamp": _dt(r).isoformat(timespec="milliseconds"),
             "timestampEdited": None, "callEndedTimestamp": None, "isPinned": False, "content": r["text"], "author": authors[r["speaker"]],
             "attachments": [], "embeds": [], "stickers": [], "reactions": [], "mentions": []} for i, r in enumerate(records)]
    data = {"guild": {"id": "4400000000000000001", "name": "Friends", "iconUrl": "https://cdn.example.org/g.png"},
            "channel": {"id": "1100000000000000001", "type": "GuildTextChat", "categoryId": "5500000000000000001", "category": "Chat",
                        "name": "general", "topic": None},
            "dateRange": {"after": None, "before": None}, "exportedAt": "2025-01-01T12:00:00+00:00",
            "messages": msgs, "messageCount": len(msgs)}
    return _json(folder / "Friends - general.json", data)


def write_slack(records: list[Record], folder: Path) -> Path:
    """An unzipped workspace export: one channel per pair of speakers, one file per channel and day."""
    root = folder / "slack"
    users = {name: f"U{i:02d}{name.upper()}" for i, name in enumerate(sorted({r["speaker"] for r in records}))}
    days: dict[str, list[Record]] = defaultdict(list)
    members: dict[str, set[str]] = defaultdict(set)
    for seq, r in enumerate(records):
        pair = sorted({t["speaker"] for t in _conversations_cache[r["conversation"]]})
        channel = "-".join(p.lower() for p in pair)
        members[channel].update(users[p] for p in pair)
        text = r["text"].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        ts = f"{int(_dt(r).timestamp())}.{seq:06d}"
        days[f"{channel}/{_dt(r):%Y-%m-%d}.json"].append({"type": "message", "text": text, "ts": ts, "user": users[r["speaker"]]})
    _json(root / "users.json", [{"id": uid, "name": name.lower(), "real_name": name, "profile": {"real_name": name, "display_name": name}}
                                for name, uid in users.items()])
    _json(root / "channels.json", [{"id": f"C{i:04d}", "name": name, "members": sorted(m)} for i, (name, m) in enumerate(sorted(members.items()))])
    for name, items in days.items():
        _json(root / name, items)
    return root


_conversations_cache: dict[str, list[Record]] = {}


def write_email(records: list[Record], folder: Path) -> Path:
    """One mbox: an email per message, each conversation a thread.

    Each reply is In-Reply-To the previous message, and its References start
    with the thread's first message and end with the previous one, as mail
    clients write them (RFC 5322 3.6.4; a long chain is trimmed in the
    middle). The importer's conversation is that first id, so a
    conversation here is the same as in every other format.
    """
    parts = []
    for conv, turns in _conversations(records).items():
        previous = None
        root = turns[0]["id"]
        people = sorted({t["speaker"] for t in turns})
        for r in turns:
            to = next((p for p in people if p != r["speaker"]), r["speaker"])
            when = _dt(r)
            headers = [f"From {r['speaker'].lower()}@example.org {when:%a %b %d %H:%M:%S %Y}",
                       f"Message-ID: <{r['id']}@example.org>"]
            if previous:
                chain = " ".join(f"<{i}@example.org>" for i in dict.fromkeys((root, previous)))
                headers += [f"In-Reply-To: <{previous}@example.org>", f"References: {chain}"]
            headers += [f"From: {r['speaker']} <{r['speaker'].lower()}@example.org>", f"To: {to} <{to.lower()}@example.org>",
                        f"Subject: {'Re: ' if previous else ''}{conv}", f"Date: {format_datetime(when)}",
                        "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit"]
            body = "\n".join((">" + line) if line.startswith("From ") else line for line in r["text"].split("\n"))
            parts.append("\n".join(headers) + "\n\n" + body + "\n\n")
            previous = r["id"]
    path = folder / "mail.mbox"
    path.write_text("".join(parts), encoding="utf-8")
    return path


def write_text(records: list[Record], folder: Path) -> Path:
    path = folder / "chat.txt"
    path.write_text("".join(f"[{_dt(r):%Y-%m-%d %H:%M:%S}] {r['speaker']}: {r['text']}\n" for r in records), encoding="utf-8")
    return path


def write_markdown(records: list[Record], folder: Path) -> Path:
    """A folder of notes, one per conversation, each message a paragraph (a note has no speakers)."""
    root = folder / "notes"
    root.mkdir(parents=True, exist_ok=True)
    for conv, turns in _conversations(records).items():
        body = "\n\n".join(r["text"] for r in turns)
        (root / f"{conv}.md").write_text(f"---\ndate: {_dt(turns[0]):%Y-%m-%d}\n---\n{body}\n", encoding="utf-8")
    return root


WRITERS: dict[str, Callable[[list[Record], Path], Path]] = {
    "jsonl": write_jsonl, "chatgpt": write_chatgpt, "claude": write_claude, "gemini": write_gemini, "whatsapp": write_whatsapp,
    "telegram": write_telegram, "discord": write_discord, "slack": write_slack, "email": write_email, "text": write_text,
    "markdown": write_markdown,
}
LAYOUT = {
    "jsonl": "one .jsonl", "chatgpt": "one conversations.json", "claude": "one conversations.json", "gemini": "one MyActivity.json (prompt+answer per record)",
    "whatsapp": "one Android group chat .txt", "telegram": "one result.json, a chat per conversation", "discord": "one channel export .json",
    "slack": "folder: a channel per speaker pair, a file per day", "email": "one mbox, a thread per conversation", "text": "one log .txt",
    "markdown": "folder: a note per conversation, a paragraph per message",
}


def write_all(records: list[Record], folder: Path) -> dict[str, Path]:
    _conversations_cache.clear()
    _conversations_cache.update(_conversations(records))
    paths = {}
    for fmt, writer in WRITERS.items():
        target = folder / fmt
        target.mkdir(parents=True)
        paths[fmt] = writer(records, target)
    return paths


# -- measuring ---------------------------------------------------------------------------------------------------


def parse_once(fmt: str, path: Path) -> tuple[int, float]:
    from remembrancer.memory.importers import builtin_importers, plan_files

    importers = builtin_importers()
    root = path if path.is_dir() else path.parent
    started = time.perf_counter()
    count = sum(len(importer.parse(file, root)) for file, importer in plan_files(path, fmt, importers))
    return count, time.perf_counter() - started


def import_once(fmt: str, path: Path, scratch: Path) -> tuple[int, float]:
    from remembrancer.memory import Memory

    data_dir = Path(tempfile.mkdtemp(prefix=f"imp-{fmt}-", dir=scratch))
    memory = Memory(data_dir, embedder="fake", extractor="rules", key=store_key(data_dir, create=True))
    try:
        started = time.perf_counter()
        summary = memory.import_path(path, fmt)
        seconds = time.perf_counter() - started
    finally:
        memory.close()
        shutil.rmtree(data_dir, ignore_errors=True)
    return summary.messages_added, seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=20_000, help="messages per format for the parse measure")
    parser.add_argument("--import-messages", type=int, default=2_000, help="messages per format for the whole import")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    use_benchmark_passphrase()

    scratch = Path(tempfile.mkdtemp(prefix="import-formats-"))
    try:
        corpus = scratch / "corpus.jsonl"
        generate_corpus(args.messages, corpus)
        records = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines()]
        parse_paths = write_all(records, scratch / "parse")
        slice_records = records[: args.import_messages]
        import_paths = write_all(slice_records, scratch / "import")
        sizes = {fmt: sum(f.stat().st_size for f in ([p] if p.is_file() else p.rglob("*")) if f.is_file()) for fmt, p in parse_paths.items()}

        parse_s: dict[str, list[float]] = defaultdict(list)
        import_s: dict[str, list[float]] = defaultdict(list)
        skipped: dict[str, str] = {}
        formats = list(WRITERS)
        for fmt in formats:  # a check and a warm-up (imports, caches), not timed: every format must give back every message
            count, _ = parse_once(fmt, parse_paths[fmt])
            if count != len(records):
                skipped[fmt] = f"parsed {count} messages of {len(records)}"
        import_once("jsonl", import_paths["jsonl"], scratch)
        for round_no in range(args.rounds):
            order = formats if round_no % 2 == 0 else formats[::-1]  # alternate, so no format always runs first or last
            for fmt in order:
                if fmt in skipped:
                    continue
                count, seconds = parse_once(fmt, parse_paths[fmt])
                assert count == len(records), f"{fmt}: parsed {count} messages of {len(records)}"
                parse_s[fmt].append(seconds)
            for fmt in order:
                if fmt in skipped:
                    continue
                added, seconds = import_once(fmt, import_paths[fmt], scratch)
                assert added == len(slice_records), f"{fmt}: imported {added} messages of {len(slice_records)}"
                import_s[fmt].append(seconds)
            print(f"round {round_no + 1}/{args.rounds} done", flush=True)
        for fmt, reason in skipped.items():
            print(f"skipped {fmt}: {reason}")
        assert "jsonl" not in skipped, skipped
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    def rates(seconds: list[float], n: int) -> tuple[float, float, float]:
        values = [n / s for s in seconds]
        return statistics.median(values), min(values), max(values)

    base_parse = rates(parse_s["jsonl"], len(records))[0]
    base_import = rates(import_s["jsonl"], len(slice_records))[0]
    rows, results = [], {}
    for fmt in formats:
        if fmt in skipped:
            continue
        p_med, p_min, p_max = rates(parse_s[fmt], len(records))
        i_med, i_min, i_max = rates(import_s[fmt], len(slice_records))
        results[fmt] = {"layout": LAYOUT[fmt], "bytes": sizes[fmt],
                        "parse": {"messages": len(records), "seconds": parse_s[fmt], "msg_per_s_median": p_med, "min": p_min, "max": p_max,
                                  "ratio_to_jsonl": p_med / base_parse},
                        "import": {"messages": len(slice_records), "seconds": import_s[fmt], "msg_per_s_median": i_med, "min": i_min,
                                   "max": i_max, "ratio_to_jsonl": i_med / base_import}}
        rows.append([fmt, round(p_med), f"{round(p_min)}-{round(p_max)}", p_med / base_parse,
                     round(i_med), f"{round(i_min)}-{round(i_max)}", i_med / base_import])
    load = os.getloadavg()
    print(f"\nparse: {len(records)} messages per format; import: {len(slice_records)} messages through Memory.import_path "
          f"(embedder=fake, extractor=rules: the comparison is about the formats, not the model); median of {args.rounds} rounds")
    print_table(["format", "parse msg/s", "min-max", "vs jsonl", "import msg/s", "min-max", "vs jsonl"], rows)
    # The bar is the import a person runs (parse, store, facts, vectors); parsing alone is a few per cent of
    # it (JSON Lines' json.loads per line is hard to beat), reported on its own so a slow parser still shows.
    below = [fmt for fmt, r in results.items() if r["import"]["ratio_to_jsonl"] < 0.90]
    parse_below = [fmt for fmt, r in results.items() if r["parse"]["ratio_to_jsonl"] < 0.90]
    print(f"import under 0.90 of jsonl: {', '.join(below) or 'none'}; parse alone under 0.90: {', '.join(parse_below) or 'none'}")
    print(f"load average: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}  (cpus: {os.cpu_count()})")
    path = write_report("import_formats", {
        "messages": len(records), "import_messages": len(slice_records), "rounds": args.rounds,
        "embedder": "fake", "extractor": "rules", "load_average": list(load), "cpus": os.cpu_count(),
        "formats": results, "skipped": skipped, "under_0_90_of_jsonl": below, "parse_under_0_90_of_jsonl": parse_below,
    })
    print(f"report: {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
