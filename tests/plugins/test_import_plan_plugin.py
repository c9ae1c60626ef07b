"""The GUI's import plan goes through the store's importers: a plugin's format is detected and named like a built-in."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from remembrancer.app.context import AppContext
from remembrancer.app.service import MemoryService
from remembrancer.memory.errors import InputError


def _memo(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "pier.memo"
    path.write_text("# 2024-05-01T10:00:00\nIlse: The rowing club moved its boats to the north pier.\n", encoding="utf-8")
    return path


def _service(data_dir: Path, *plugins: str) -> MemoryService:
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "settings.json").write_text(json.dumps({"plugins_enabled": list(plugins), "extractor": "none"}), encoding="utf-8")
    return MemoryService(AppContext(data_dir))


def test_a_plugin_format_is_planned_and_named_by_its_format_name(sample_site: Path, data_dir: Path, tmp_path: Path) -> None:
    memo = _memo(tmp_path / "notes")
    service = _service(data_dir, "sample")
    try:
        plan = service.plan_import(memo)
        assert plan.describe() == "memo (1 file)"  # no label: the format's name stands in
        assert [f.format for f in plan.files] == ["memo"]
        assert "memo" in service.import_formats() and "WhatsApp chat export" in service.import_formats()
    finally:
        service.close()


def test_without_the_plugin_the_plan_cannot_tell_the_format(sample_site: Path, data_dir: Path, tmp_path: Path) -> None:
    service = _service(data_dir)
    try:
        with pytest.raises(InputError, match="cannot tell the format"):
            service.plan_import(_memo(tmp_path / "notes"))
        assert "memo" not in service.import_formats()
    finally:
        service.close()
