"""The MCP server's own surface, in-process over the SDK's client: links that open, names and errors (#22)."""
from __future__ import annotations

import asyncio
import json
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from mcp import Client
from mcp.shared.exceptions import MCPError
from mcp.types import Implementation

from remembrancer.app.context import AppContext
from remembrancer.app.mcp_clients import McpClients
from remembrancer.app.mcp_relay import McpRelay
from remembrancer.app.mcp_server import build_server
from remembrancer.app.mcp_tools import link
from remembrancer.app.service import MemoryService
from tests.helpers import record, write_jsonl

IDS = ["notes/../2024/trip.md#3", "conv-9:D1:3", "/home/ana/chat 1.txt:7"]


@pytest.fixture
def relay(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[McpRelay]:
    short = Path(tempfile.mkdtemp(prefix="rmb-", dir="/tmp"))  # no app listens here
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(short))
    data = tmp_path / "data"
    service = MemoryService(AppContext(data))
    try:
        service.import_path(write_jsonl(tmp_path / "notes.jsonl", [
            record(IDS[0], "The ferry to Texel leaves at nine.", "Ana", "trip"),
            record(IDS[1], "Wren adopted a grey cat called Moth.", "Wren", "pets", "2024-03-02T10:00:00"),
            record(IDS[2], "Odile plays the viola in a quartet.", "Odile", "music", "2024-03-03T10:00:00"),
        ]))
    finally:
        service.close()
    McpClients(data).allow("Desk Chat")
    relay = McpRelay(data, start_service=False)
    yield relay
    relay.close()
    shutil.rmtree(short, ignore_errors=True)


def talk(relay: McpRelay, body: Any, client: str | None = None) -> Any:
    async def main() -> Any:
        async with Client(build_server(relay, client), client_info=Implementation(name="Desk Chat", version="1")) as session:
            return await body(session)
    return asyncio.run(main())


def test_every_link_a_result_gives_opens_its_memory_whatever_its_id_holds(relay: McpRelay) -> None:
    async def body(session: Client) -> tuple[list[tuple[str, str]], list[str]]:
        pairs = []
        for query in ("ferry Texel", "grey cat Moth", "viola quartet"):
            for item in (await session.call_tool("search_memory", {"query": query, "k": 10})).structured_content["items"]:
                read = await session.read_resource(item["link"])
                pairs.append((item["id"], json.loads(read.contents[0].text)["id"]))
        messages = [json.loads((await session.read_resource(link(i))).contents[0].text)["id"] for i in IDS]
        return pairs, messages

    pairs, messages = talk(relay, body)
    assert pairs and all(asked == opened for asked, opened in pairs)
    assert messages == IDS  # "/", "..", "#", ":" and spaces in imported ids


def test_the_configured_name_wins_and_errors_are_said(relay: McpRelay) -> None:
    async def body(session: Client) -> tuple[Any, Any, Any]:
        refused = await session.call_tool("recent", {"days": 7})
        try:
            await session.read_resource("memory://item/no-such-id")
        except MCPError as exc:
            return refused, exc, await session.call_tool("search_memory", {"query": "x", "k": 500})
        raise AssertionError("an unknown id must be an error")

    refused, error, invalid = talk(relay, body, client="Editor X")
    assert refused.is_error and "'Editor X'" in refused.content[0].text
    assert error.error.code == -32600 and "Editor X" in error.error.message  # refused before any lookup
    assert invalid.is_error and "k" in invalid.content[0].text  # the schema's bounds, checked by the SDK
