"""Render `resources/remembrancer.svg` to the PNG sizes desktops ask for.

Run after editing the SVG and commit the PNGs:

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/render_icons.py

Qt's QSvgRenderer (already a dependency, via PySide6) draws the icon, so the
PNGs need no extra tool; they land in `resources/icons/<N>x<N>/` where
`app.resources.app_icon_png` and `packaging/linux/install.sh` look.
"""
from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from remembrancer.app.resources import APP_ID, ICON_SIZES, app_icon_svg, resources_dir  # noqa: E402

logger = logging.getLogger(__name__)


def render(svg: Path, out_dir: Path, sizes: tuple[int, ...] = ICON_SIZES) -> list[Path]:
    """One transparent, antialiased PNG per size; returns the files written."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841  # fonts and painting need it
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg}: Qt cannot read this SVG")
    written: list[Path] = []
    for size in sizes:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        renderer.render(painter)
        painter.end()
        target = out_dir / f"{size}x{size}" / f"{APP_ID}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        if not image.save(str(target), "PNG"):
            raise SystemExit(f"{target}: could not write the PNG")
        written.append(target)
        logger.info("wrote %s", target)
    return written


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    render(app_icon_svg(), resources_dir() / "icons")
    return 0


if __name__ == "__main__":
    sys.exit(main())
