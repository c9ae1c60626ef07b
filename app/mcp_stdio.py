"""The stdio transport of `remembrancer mcp`, with a JSON-RPC error for every malformed line.

The SDK's stdio transport (`mcp.server.stdio.stdio_server`) reads a line,
and a line that is not a valid JSON-RPC message reaches the server as an
exception, which the server only logs: the client gets no answer, and one
waiting on a request id waits for ever. JSON-RPC 2.0 asks for an error
response instead, so this module sits between the two and answers it:

- not JSON at all (or cut off): -32700 "Parse error", `id` null;
- JSON that is not a valid message (a batch, `params` that is not an
  object, no `method`): -32600 "Invalid Request", with the request's `id`
  when it has a usable one, else null.

Everything valid passes through unchanged; requests the server itself
rejects (an unknown method, bad tool arguments) already get their JSON-RPC
error or tool error from the SDK. Running the low-level server this way is
what `MCPServer.run_stdio_async` itself does, with this filter added.
"""
from __future__ import annotations

import logging
from typing import Any

import anyio
from mcp.server import MCPServer
from mcp.server.stdio import stdio_server
from mcp.shared.message import SessionMessage
from mcp.types import INVALID_REQUEST, PARSE_ERROR, ErrorData, JSONRPCError
from pydantic import ValidationError

logger = logging.getLogger(__name__)


async def serve(server: MCPServer) -> None:
    """Serve `server` on this process's stdin and stdout until the client closes stdin."""
    lowlevel = server._lowlevel_server  # noqa: SLF001 - the same object MCPServer.run_stdio_async runs
    async with stdio_server() as (read_stream, write_stream):
        send, receive = anyio.create_memory_object_stream[SessionMessage | Exception](0)
        async with anyio.create_task_group() as group:
            group.start_soon(_filter, read_stream, send, write_stream)
            await lowlevel.run(receive, write_stream, lowlevel.create_initialization_options())
            group.cancel_scope.cancel()


async def _filter(read_stream: Any, send: Any, write_stream: Any) -> None:
    """Pass valid messages on; answer each malformed one with its JSON-RPC error."""
    async with send:
        async for item in read_stream:
            if isinstance(item, Exception):
                error = error_reply(item)
                logger.info("MCP: malformed message answered with JSON-RPC error %d", error.error.code)
                await write_stream.send(SessionMessage(error))
                continue
            await send.send(item)


def error_reply(exc: Exception) -> JSONRPCError:
    """The JSON-RPC error for a line the transport could not read as a message."""
    errors = exc.errors() if isinstance(exc, ValidationError) else []
    if not errors or any(e.get("type") == "json_invalid" for e in errors):
        return JSONRPCError(jsonrpc="2.0", id=None, error=ErrorData(code=PARSE_ERROR, message="Parse error: not a JSON message"))
    parsed = next((e["input"] for e in errors if isinstance(e.get("input"), dict)), None)
    request_id = parsed.get("id") if isinstance(parsed, dict) else None
    if isinstance(request_id, bool) or not isinstance(request_id, (str, int)):
        request_id = None
    shape = "JSONRPCRequest" if isinstance(parsed, dict) and "method" in parsed else None  # a request: say what is wrong with it
    fields = sorted({".".join(str(part) for part in e["loc"][1:]) for e in errors
                     if len(e.get("loc", ())) > 1 and (shape is None or e["loc"][0] == shape)})
    detail = f" (check: {', '.join(fields[:4])})" if fields else ""
    return JSONRPCError(jsonrpc="2.0", id=request_id,
                        error=ErrorData(code=INVALID_REQUEST, message=f"Invalid Request: not a valid JSON-RPC message{detail}"))
