"""The distribution installs one import name, `remembrancer` (#20).

The folders keep the layout the project asks for (app/, memory/, ui/, plugins/ at the top) and
pyproject.toml maps them under `remembrancer`, so an install never puts a bare `app` or `plugins`
into site-packages where another project's would clash with it.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FOLDERS = ("app", "memory", "ui", "plugins")


def declared() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def test_every_package_folder_is_declared_under_the_one_name() -> None:
    on_disk = {"remembrancer"} | {
        "remembrancer." + ".".join(init.parent.relative_to(ROOT).parts)
        for folder in FOLDERS for init in (ROOT / folder).rglob("__init__.py") if "__pycache__" not in init.parts
    }
    assert set(declared()["packages"]) == on_disk
    assert declared()["package-dir"] == {"remembrancer": "remembrancer", **{f"remembrancer.{f}": f for f in FOLDERS}}


def test_the_wheel_holds_only_remembrancer(tmp_path: Path) -> None:
    source = tmp_path / "source"  # a copy: building leaves build/ and *.egg-info beside the sources
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    for folder in ("remembrancer", *FOLDERS):
        shutil.copytree(ROOT / folder, source / folder, ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=300, cwd=tmp_path)
    (wheel,) = tmp_path.glob("remembrancer-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    top = {name.split("/")[0] for name in names}
    assert {t for t in top if not t.endswith(".dist-info")} == {"remembrancer"}
    assert "remembrancer/memory/core.py" in names and "remembrancer/app/cli/main.py" in names
    assert any(name.startswith("remembrancer/plugins/browser_autofill/extension/") for name in names)
    scripts = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("entry_points.txt"))).decode()
    assert "remembrancer = remembrancer.app.cli.main:main" in scripts
