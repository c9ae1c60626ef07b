"""The desktop chat as a person meets it: how soon the answer read from memory is on screen, and the whole answer.

Runs the real main window (on the display in $DISPLAY, e.g. under Xvfb: `xvfb-run -a python -m
benchmarks.chat_latency`, or offscreen) over a store of one LoCoMo dev conversation with the bundled
model, types each question into the chat and sends it, and measures, from the send to the transcript:
the first answer text shown (the extractive draft) and the final answer. Skips cleanly when ../shared
has no LoCoMo data.

    python -m benchmarks.chat_latency [--keep DIR] [--questions 10] [--conversation conv-26]
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import percentile, print_table, use_benchmark_passphrase, write_report
from benchmarks.locomo import add_conversation_option, add_keep_option, conversation_file_or_skip, conversation_store, questions, work_folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    add_keep_option(parser)
    parser.add_argument("--questions", type=int, default=10)
    add_conversation_option(parser)
    args = parser.parse_args(argv)
    file = conversation_file_or_skip(args.conversation)
    if file is None:
        return 0
    use_benchmark_passphrase()
    from PySide6.QtWidgets import QApplication

    from remembrancer.app.context import AppContext
    from remembrancer.app.service import MemoryService
    from remembrancer.ui.main_window import MainWindow

    with work_folder(args.keep) as work:
        conv, data_dir, _ = conversation_store(work, file)
        asked = [q["question"] for q in questions(conv)][: args.questions]
        # The chat stores each exchange as a memory: a copy keeps the kept store as the other benchmarks expect it.
        scratch = Path(tempfile.mkdtemp(prefix="chat-latency-"))
        shutil.copytree(data_dir, scratch / "data")
        app = QApplication.instance() or QApplication(sys.argv[:1])
        service = MemoryService(AppContext(scratch / "data"))
        window = MainWindow(service)
        window.show()
        chat = window.chat

        def wait(condition, timeout: float = 120.0) -> float:
            started = time.perf_counter()
            while not condition():
                app.processEvents()
                if time.perf_counter() - started > timeout:
                    raise TimeoutError("the chat did not answer")
                time.sleep(0.002)
            return time.perf_counter()

        wait(window.search.isEnabled)
        stored: list[object] = []
        chat.recorded.connect(stored.append)
        chat.failed.connect(stored.append)
        first, whole = [], []
        for question in ["warm up", *asked]:
            count = len(chat.turns)
            chat.input.setText(question)
            sent = time.perf_counter()
            chat.send()
            shown = wait(lambda: len(chat.turns) > count and bool(chat.turns[-1].answer))
            done = wait(lambda: chat.turns[-1].done)
            wait(lambda: len(stored) >= len(chat.turns))  # the exchange is stored before the next question
            if question != "warm up":  # the model's first load is not a question's latency
                first.append(shown - sent)
                whole.append(done - sent)
        window.close()
        window.deleteLater()
        app.processEvents()
        service.close()
        shutil.rmtree(scratch, ignore_errors=True)
    rows = [["answer read from memory shown", len(first), statistics.median(first), percentile(first, 0.95)],
            ["whole answer", len(whole), statistics.median(whole), percentile(whole, 0.95)]]
    print(f"Desktop chat, {args.conversation}, {len(first)} questions, bundled model")
    print_table(["on screen", "n", "p50 s", "p95 s"], rows)
    path = write_report("chat_latency", {"conversation": args.conversation, "questions": len(first),
                                         "first_shown_s": {"p50": statistics.median(first), "p95": percentile(first, 0.95)},
                                         "whole_s": {"p50": statistics.median(whole), "p95": percentile(whole, 0.95)}})
    print(f"report: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
