"""The result cards and the detail pane: wrapping, placement, escaping."""
from __future__ import annotations

from PySide6.QtGui import QFont, QFontMetrics

from remembrancer.app.service import ContextTurn, RecallItem
from remembrancer.ui.detail import DetailView, render_item, split_context
from remembrancer.ui.results import format_time, wrap_lines


def item(**changes: object) -> RecallItem:
    fields: dict = dict(
        id="m-2", level="message", text="I moved to Berlin.", score=0.5, sources=["m-2"], retention=0.9,
        speaker="Wren", time="2034-05-08T09:46:00+02:00", conversation="trip",
    )
    fields.update(changes)
    return RecallItem(**fields)


def test_format_time_is_short_and_tolerant() -> None:
    assert format_time("2034-05-08T09:46:00+02:00") == "2034-05-08 09:46"
    assert format_time("yesterday-ish") == "yesterday-ish"
    assert format_time(None) == ""


def test_wrap_lines_caps_lines_elides_and_keeps_emoji_whole(qapp) -> None:  # type: ignore[no-untyped-def]
    metrics = QFontMetrics(QFont())
    text = " ".join(["remember 🎉 the picnic"] * 40)
    lines = wrap_lines(text, metrics, 200, 3)
    assert len(lines) == 3
    assert all(metrics.horizontalAdvance(line) <= 200 for line in lines)
    assert lines[-1].endswith("…")
    assert "\ufffd" not in "".join(lines)
    assert wrap_lines("short", metrics, 200, 3) == ["short"]
    assert wrap_lines("", metrics, 200, 3) == []


def test_a_lone_neighbour_is_placed_by_time() -> None:
    before = ContextTurn("m-1", "Odile", "2034-05-08T09:40:00+02:00", "Museum?")
    after = ContextTurn("m-3", "Odile", "2034-05-08T09:48:00+02:00", "June!")
    assert split_context(item(context=[before, after])) == ([before], [after])
    assert split_context(item(context=[before])) == ([before], [])
    assert split_context(item(context=[after])) == ([], [after])
    assert split_context(item()) == ([], [])


def test_detail_escapes_stored_text_and_lists_sources(qtbot) -> None:  # type: ignore[no-untyped-def]
    html = render_item(item(text="<b>not bold</b> & co", sources=["m-2", "m-7"]))
    assert "&lt;b&gt;not bold&lt;/b&gt; &amp; co" in html and "<b>not bold</b>" not in html
    view = DetailView()
    qtbot.addWidget(view)
    view.show_item(item(text="<script>x</script>", sources=["m-2", "m-7"]))
    text = view.toPlainText()
    assert "<script>x</script>" in text and "m-7" in text and "Sources" in text
    view.show_item(None)
    assert "press Enter" in view.toPlainText()
