"""The resource-path helper: the same answers from source and from a bundle."""
from __future__ import annotations

import struct
import sys
from pathlib import Path

import pytest

from remembrancer.app import resources
from remembrancer.app.resources import (
    ICON_SIZES,
    ResourceNotFound,
    app_icon_files,
    app_icon_png,
    app_icon_svg,
    bundle_root,
    is_frozen,
    resource_path,
)

REPO = Path(__file__).resolve().parents[2]


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk (no imaging library needed)."""
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", header[16:24])


@pytest.fixture
def frozen(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Pretend to run inside a PyInstaller bundle unpacked at tmp_path/_internal."""
    meipass = tmp_path / "_internal"
    (meipass / "resources").mkdir(parents=True)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(meipass), raising=False)
    return meipass


def test_from_source_the_repo_resources_are_found() -> None:
    assert not is_frozen()
    assert bundle_root() == REPO
    assert app_icon_svg() == REPO / "resources" / "remembrancer.svg"
    assert app_icon_svg().read_text(encoding="utf-8").lstrip().startswith("<?xml")


@pytest.mark.parametrize("size", ICON_SIZES)
def test_every_icon_png_exists_at_its_size(size: int) -> None:
    assert png_size(app_icon_png(size)) == (size, size)


def test_icon_files_lists_the_svg_then_every_png() -> None:
    files = app_icon_files()
    assert files[0].suffix == ".svg"
    assert [png_size(f)[0] for f in files[1:]] == list(ICON_SIZES)


def test_a_missing_resource_names_the_path_tried(frozen: Path) -> None:
    with pytest.raises(ResourceNotFound, match=str(frozen / "resources" / "nope.txt")):
        resource_path("nope.txt")
    assert resource_path("nope.txt", must_exist=False) == frozen / "resources" / "nope.txt"
    with pytest.raises(ValueError):
        app_icon_png(20)


def test_frozen_resources_come_from_the_bundle(frozen: Path) -> None:
    (frozen / "resources" / "remembrancer.svg").write_text("<svg/>", encoding="utf-8")
    assert is_frozen() and bundle_root() == frozen
    assert app_icon_svg() == frozen / "resources" / "remembrancer.svg"
    # the PNGs were not put in this fake bundle: listed as missing, not raised
    assert app_icon_files() == [frozen / "resources" / "remembrancer.svg"]


def test_app_code_loads_icons_only_through_the_helper() -> None:
    """No module builds a path to resources/ by hand (that breaks in the bundle)."""
    offenders = []
    for package in ("app", "ui", "memory", "plugins"):
        for path in (REPO / package).rglob("*.py"):
            if path == Path(resources.__file__):
                continue
            text = path.read_text(encoding="utf-8")
            if '"resources"' in text or "'resources'" in text:
                offenders.append(str(path.relative_to(REPO)))
    assert offenders == []
