"""Driving the real app for `scripts/screenshots.py`: act, wait for the app's own signals, grab.

Each step triggers what a user would (an import, a question typed in the
chat, a row picked in a tab, a person's page and its links, the popup) and
waits on the signal the app emits when it is done, with a local event loop,
so the screenshots show finished work, never a half-drawn frame.
"""
from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEventLoop, QPoint, QTimer, SignalInstance
from PySide6.QtWidgets import QLabel, QWidget

logger = logging.getLogger("screenshots")

TIMEOUT_MS = 240_000  # the first ask may load a model


class StepFailed(RuntimeError):
    pass


def wait_for(signal: SignalInstance, timeout_ms: int = TIMEOUT_MS, what: str = "") -> tuple[Any, ...]:
    loop = QEventLoop()
    got: list[tuple[Any, ...]] = []

    def done(*args: Any) -> None:
        got.append(args)
        loop.quit()

    signal.connect(done)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    signal.disconnect(done)
    if not got:
        raise StepFailed(f"timed out waiting for {what or signal}")
    return got[0]


def settle(ms: int = 400) -> None:
    """Let layouts and repaints finish before a grab."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


class Driver:
    def __init__(self, data_dir: Path, now: datetime | None):
        self.data_dir = data_dir
        self.now = now
        self.desktop: Any = None
        self.service: Any = None

    def start(self) -> None:
        from remembrancer.app.context import AppContext
        from remembrancer.app.service import MemoryService
        from remembrancer.ui.desktop import Desktop
        from remembrancer.ui.main import app_icon, ensure_application

        self.app = ensure_application()
        self.service = MemoryService(AppContext(self.data_dir, now=self.now))
        self.desktop = Desktop(self.service, app_icon(), use_tray=False)
        self.desktop.window.resize(1280, 800)
        self.desktop.show()
        wait_for(self.desktop.window.opened, what="the store to open")

    def set_now(self, now: datetime) -> None:
        self.service.ctx.now = now

    def import_file(self, path: Path) -> None:
        self.desktop.window.start_import(path)
        summary = wait_for(self.desktop.window.imported, what="the import")[0]
        logger.info("imported %d messages, %d facts", summary.messages_added, summary.facts_created)

    def review(self, query: str) -> None:
        self.desktop.window.search.setText(query)
        self.desktop.window.run_search()
        wait_for(self.desktop.window.recalled, what="a recall")

    def ask(self, question: str) -> None:
        window = self.desktop.window
        window.tabs.setCurrentWidget(window.chat)
        window.chat.input.setText(question)
        window.chat.send()
        answer = wait_for(window.chat.answered, what="the answer")[0]
        logger.info("answer (%s): %s; %d citations", answer.model or "no model", answer.answer[:80], len(answer.citations))
        if not answer.citations:
            raise StepFailed("the answer cites nothing: the screenshot would not show cited memories")
        wait_for(window.chat.recorded, what="the chat to be stored")
        settle()

    def open_in_tab(self, kind: str, word: str) -> None:
        """Pick the first row of a level tab holding `word` and wait for its detail."""
        window = self.desktop.window
        browser = window.browser
        window.tabs.setCurrentWidget(browser)
        if browser.tabs.currentWidget() is not browser.lists[kind]:
            browser.tabs.setCurrentWidget(browser.lists[kind])
            wait_for(browser.listed, what=f"the {kind} list")
        widget = browser.lists[kind]
        rows = [widget.item(i) for i in range(widget.count())]
        pick = next((r for r in rows if word in r.text()), rows[0] if rows else None)
        if pick is None:
            raise StepFailed(f"nothing in the {kind} tab to show")
        widget.setCurrentItem(pick)
        detail = wait_for(browser.panel.loaded, what="the item detail")[0]
        logger.info("browser shows %s (%s), retention %.2f", detail.id, detail.text, detail.retention)
        settle()

    def open_person(self, name: str, word: str | None = None) -> None:
        """Open the People tab on `name`'s page; with `word`, show the first value holding it in the item panel."""
        window = self.desktop.window
        browser = window.browser
        view = browser.people
        window.tabs.setCurrentWidget(browser)
        if browser.tabs.currentWidget() is not view:
            browser.tabs.setCurrentWidget(view)
            wait_for(view.profiled, what="the first person's page")
        if view.current_person() != name:
            if not view.select(name):
                raise StepFailed(f"nobody named {name} in the People tab")
            wait_for(view.profiled, what=f"{name}'s page")
        if word is not None:
            row = self._value_row(word)
            row.label.linkActivated.emit("open")  # the row's Details link
            detail = wait_for(browser.panel.loaded, what="the value's detail")[0]
            logger.info("browser shows %s (%s)", detail.id, detail.level)
        settle()

    def explain(self, word: str) -> None:
        """Open "Why do I know this?" under the first value holding `word` and wait for its quotes."""
        view = self.desktop.window.browser.people
        self._value_row(word).label.linkActivated.emit("why")  # what clicking the link does
        wait_for(view.explained, what="the value's sources")
        settle()

    def scroll_to_section(self, word: str) -> None:
        """Scroll the page so the section of the value holding `word` starts at the top: no row cut in half at the edge."""
        page = self.desktop.window.browser.people.page
        top = self._value_row(word).mapTo(page.widget(), QPoint(0, 0)).y()
        headings = [h.mapTo(page.widget(), QPoint(0, 0)).y() for h in page.widget().findChildren(QLabel) if h.text().startswith("<h3")]
        page.verticalScrollBar().setValue(max((y for y in headings if y <= top), default=top))
        settle()

    def _value_row(self, word: str) -> Any:
        page = self.desktop.window.browser.people.page
        row = next((r for r in page.rows.values() if word in r.value.text), None)
        if row is None:
            raise StepFailed(f"no value holding {word!r} on the page")
        return row

    def popup(self, query: str) -> None:
        self.desktop.popup.open(query)
        wait_for(self.desktop.popup.answered, what="the popup's results")
        settle()

    def save(self, widget: QWidget, path: Path) -> None:
        if not widget.grab().save(str(path)):
            raise StepFailed(f"could not write {path}")
        logger.info("saved %s", path)

    def save_screen(self, path: Path) -> None:
        screen = self.app.primaryScreen()
        if not screen.grabWindow(0).save(str(path)):
            raise StepFailed(f"could not write {path}")
        logger.info("saved %s", path)

    def stop(self) -> None:
        if self.desktop is not None:
            self.desktop.shutdown()
            self.desktop.window.keep_running_in_tray = False
            self.desktop.window.close()
            self.desktop.window.runner.wait()
        if self.service is not None:
            self.service.close()
