"""packaging/linux/install.sh puts a bundle in the user's menu, and takes it out again."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from remembrancer.app.resources import ICON_SIZES

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "packaging" / "linux" / "install.sh"


def fake_bundle(where: Path) -> Path:
    """The layout build.sh produces, with a stand-in executable."""
    exe = where / "remembrancer"
    (where / "_internal").mkdir(parents=True)
    shutil.copytree(REPO / "resources", where / "_internal" / "resources")
    exe.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    exe.chmod(0o755)
    return where


def run(*args: str, data_home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_DATA_HOME": str(data_home)}
    return subprocess.run(["bash", str(SCRIPT), *args], capture_output=True, text=True, env=env, timeout=60)


def test_install_then_uninstall(tmp_path: Path) -> None:
    bundle = fake_bundle(tmp_path / "My Apps" / "remembrancer")
    data_home = tmp_path / "share"
    proc = run(str(bundle), data_home=data_home)
    assert proc.returncode == 0, proc.stderr
    entry = data_home / "applications" / "remembrancer.desktop"
    assert f'Exec="{bundle / "remembrancer"}"' in entry.read_text(encoding="utf-8").splitlines()
    for size in ICON_SIZES:
        assert (data_home / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "remembrancer.png").is_file()
    if validator := shutil.which("desktop-file-validate"):
        check = subprocess.run([validator, str(entry)], capture_output=True, text=True, timeout=30)
        assert check.returncode == 0 and not check.stdout.strip(), check.stdout

    proc = run("--uninstall", data_home=data_home)
    assert proc.returncode == 0, proc.stderr
    assert not entry.exists()
    assert not list((data_home / "icons").rglob("remembrancer.*"))


@pytest.mark.parametrize("problem", ["missing", "dollar"])
def test_refuses_what_it_cannot_install(tmp_path: Path, problem: str) -> None:
    bundle = tmp_path / "nothing-here" if problem == "missing" else fake_bundle(tmp_path / "cost$5")
    proc = run(str(bundle), data_home=tmp_path / "share")
    assert proc.returncode == 2
    assert "install.sh:" in proc.stderr
    assert not (tmp_path / "share" / "applications" / "remembrancer.desktop").exists()
