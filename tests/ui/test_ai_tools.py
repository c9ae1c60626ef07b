"""AI tools in the app: an unknown tool's request is put to the user; the AI Tools dialog allows, revokes and shows the log (#22)."""
from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from remembrancer.app import ipc
from remembrancer.app.mcp_clients import McpClients
from tests.ui.test_single_instance import TIMEOUT, in_thread


def mcp_call(data_dir, client: str, tool: str = "search_memory", **arguments):  # type: ignore[no-untyped-def]
    params = {"client": client, "tool": tool, "arguments": arguments or {"query": "Berlin"}, "env": ipc.environment_tag(), "now": None}
    return ipc.call(data_dir, "mcp.call", params, timeout=30)


def test_an_unknown_tool_is_refused_and_put_to_the_user_who_allows_it(qtbot, desktop, messages_file) -> None:  # type: ignore[no-untyped-def]
    desktop.service.import_path(messages_file)
    data_dir = desktop.service.data_dir
    assert desktop.server.listen()
    refused = in_thread(qtbot, lambda: mcp_call(data_dir, "Desk Chat"))
    assert "Desk Chat" in refused["refused"]
    qtbot.waitUntil(lambda: "Desk Chat" in desktop.ai_tools_prompt.boxes, timeout=TIMEOUT)  # asked on the GUI thread, not blocking the reply
    box = desktop.ai_tools_prompt.boxes["Desk Chat"]
    assert box.isVisible() and not box.isModal() and "Desk Chat" in box.text()
    with qtbot.waitSignal(desktop.ai_tools_prompt.allowed, timeout=TIMEOUT) as allowed:
        next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole).click()
    assert allowed.args == ["Desk Chat"]
    answered = in_thread(qtbot, lambda: mcp_call(data_dir, "Desk Chat"))
    assert any("Berlin" in item["text"] for item in answered["result"]["items"])


def test_the_dialog_lists_clients_lets_one_write_revokes_and_shows_every_call(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    clients = McpClients(window.service.data_dir)
    clients.allow("Desk Chat")
    clients.decide("Editor X")  # a request waiting for the user
    window.service.ctx.memory().log_access("Desk Chat", "search_memory", {"query": "Berlin", "k": 8}, ["m-2"], "answered")
    window.service.ctx.memory().log_access("Editor X", "recent", {"days": 7}, [], "refused", "not allowed yet")

    window.ai_tools_action.trigger()
    dialog = window.ai_tools_dialog
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2 and dialog.log.rowCount() == 2, timeout=TIMEOUT)
    rows = [[dialog.table.item(r, c).text() for c in range(2)] for r in range(2)]
    assert rows == [["Desk Chat", "reads"], ["Editor X", "waiting for you"]]
    calls = [[dialog.log.item(r, c).text() for c in range(5)] for r in range(2)]
    assert calls[0][1:] == ["Desk Chat", "search_memory", "query: Berlin, k: 8", "1 memories"]
    assert calls[1][1:3] == ["Editor X", "recent"] and calls[1][4] == "refused"

    dialog.table.selectRow(0)
    assert dialog.write_button.isEnabled() and not dialog.allow_button.isEnabled()
    with qtbot.waitSignal(dialog.refreshed, timeout=TIMEOUT):
        dialog.write_button.click()
    assert clients.find("Desk Chat").write  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: dialog.table.item(0, 1).text() == "reads, stores notes", timeout=TIMEOUT)

    dialog.table.selectRow(1)
    with qtbot.waitSignal(dialog.refreshed, timeout=TIMEOUT):
        dialog.allow_button.click()
    assert clients.find("Editor X").state == "allowed"  # type: ignore[union-attr]

    dialog.table.selectRow(0)
    with qtbot.waitSignal(dialog.refreshed, timeout=TIMEOUT):
        dialog.revoke_button.click()
    assert clients.find("Desk Chat") is None
    dialog.close()
