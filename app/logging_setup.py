"""Logging to a rotating file in the data dir (and warnings to stderr)."""
from __future__ import annotations

import logging
import logging.handlers
import os
import warnings
from pathlib import Path

LOG_FILE = "remembrancer.log"


def configure_logging(log_dir: Path, level: str = "INFO", verbose: bool = False) -> None:
    log_dir.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_remembrancer", False):
            root.removeHandler(handler)
            handler.close()  # else every reconfiguration leaks the old log file's handle
    file_handler = logging.handlers.RotatingFileHandler(log_dir / LOG_FILE, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    file_handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    file_handler.setLevel(level)
    console = logging.StreamHandler()
    console.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    console.setLevel(logging.DEBUG if verbose else logging.WARNING)
    for handler in (file_handler, console):
        handler._remembrancer = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose else level)
    # Third-party chatter (model loading bars, Lance deprecations) is not the user's business.
    for noisy in ("sentence_transformers", "transformers", "httpx", "urllib3", "filelock"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    os.environ.setdefault("LANCE_LOG", "error")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    warnings.filterwarnings("ignore", category=DeprecationWarning)
