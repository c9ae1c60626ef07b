"""Downloading a GGUF file from a Hugging Face repo, only when the user asks.

Nothing calls this at start-up or in the background: it runs for
`remembrancer models download REPO FILE` (or the GUI's equivalent button)
and nowhere else. The file streams into `<models>/NAME.gguf.partial` with
progress; it is registered only after its sha256 matches (the one the user
gave, else the one the Hub publishes for LFS files in `X-Linked-ETag`) and
its GGUF header reads. Any failure deletes the partial file and leaves the
registry unchanged. `base_url` exists so tests can point it at a local
`file://` folder or a refused port, never the network.
"""
from __future__ import annotations

import hashlib
import logging
import os
import re
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from remembrancer.memory.errors import InputError
from remembrancer.memory.llm.errors import ModelError
from remembrancer.memory.llm.gguf import read_gguf_info
from remembrancer.memory.llm.models import ModelEntry, ModelManager

logger = logging.getLogger(__name__)

HUB_URL = "https://huggingface.co"
Progress = Callable[[int, int, str], None]
_REPO_RE = re.compile(r"^[A-Za-z0-9][\w.-]*/[\w.-]+$")
_SHA_RE = re.compile(r"^[0-9a-f]{64}$")
_BLOCK = 1 << 20


def download_model(
    manager: ModelManager,
    repo_id: str,
    filename: str,
    *,
    name: str | None = None,
    sha256: str | None = None,
    progress: Progress | None = None,
    base_url: str = HUB_URL,
    timeout: float = 30.0,
) -> ModelEntry:
    """Fetch `filename` from `repo_id`, verify it, register it under `name` (default: the file's stem)."""
    if not _REPO_RE.match(repo_id):
        raise InputError(f"repo id {repo_id!r}: expected OWNER/NAME")
    if not filename.endswith(".gguf") or filename.startswith("/") or ".." in filename.split("/"):
        raise InputError(f"file {filename!r}: expected a .gguf path inside the repo")
    if sha256 is not None and not _SHA_RE.match(sha256.lower()):
        raise InputError(f"--sha256: expected 64 hex digits, not {sha256!r}")
    name = name or re.sub(r"[^A-Za-z0-9._-]+", "-", Path(filename).stem)[:64]
    manager.check_name(name)
    url = f"{base_url.rstrip('/')}/{quote(repo_id)}/resolve/main/{quote(filename)}"
    manager.models_dir.mkdir(parents=True, exist_ok=True)
    target = manager.models_dir / f"{name}.gguf"
    partial = target.with_name(target.name + ".partial")
    try:
        published, digest = _fetch(url, partial, progress, timeout)
        expected = (sha256 or published or "").lower()
        if expected and digest != expected:
            raise ModelError(f"checksum mismatch for {repo_id}/{filename}: got {digest}, expected {expected}")
        if not expected:
            logger.warning("%s/%s: no published checksum; recorded sha256 %s", repo_id, filename, digest)
        read_gguf_info(partial)  # InputError: what arrived is not a GGUF file
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    try:
        return manager.register_file(name, target, digest, origin=f"{repo_id}/{filename}")
    except Exception:
        target.unlink(missing_ok=True)
        raise


def _fetch(url: str, out: Path, progress: Progress | None, timeout: float) -> tuple[str | None, str]:
    """Stream `url` into `out`; the published sha256 (if any) and the computed one."""
    request = urllib.request.Request(url, headers={"User-Agent": "remembrancer"})
    digest = hashlib.sha256()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response, out.open("wb") as handle:
            headers = getattr(response, "headers", {}) or {}
            published = (headers.get("X-Linked-ETag") or "").strip('"').lower() or None
            if published and not _SHA_RE.match(published):
                published = None  # a plain ETag, not a content hash
            total = int(headers.get("X-Linked-Size") or headers.get("Content-Length") or 0)
            done = 0
            while block := response.read(_BLOCK):
                handle.write(block)
                digest.update(block)
                done += len(block)
                if progress:
                    progress(done, total, "downloading")
    except urllib.error.HTTPError as exc:
        raise ModelError(f"download failed: {url}: HTTP {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, OSError, TimeoutError) as exc:
        reason = getattr(exc, "reason", exc)
        raise ModelError(f"download failed (no network?): {url}: {reason}") from None
    return published, digest.hexdigest()
