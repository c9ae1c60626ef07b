"""Taking everything out, and putting it back: the export format, its writers and its restore."""
from __future__ import annotations

from remembrancer.memory.export.format import FORMAT_NAME, FORMAT_VERSION, is_export
from remembrancer.memory.export.markdown import export_markdown
from remembrancer.memory.export.restore import restore_export
from remembrancer.memory.export.writer import export_jsonl

__all__ = ["FORMAT_NAME", "FORMAT_VERSION", "export_jsonl", "export_markdown", "is_export", "restore_export"]
