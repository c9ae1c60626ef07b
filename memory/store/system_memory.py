"""How much memory this machine has, for the store's caches to size themselves by (Linux `/proc/meminfo`; None elsewhere)."""
from __future__ import annotations


def memory_total() -> int | None:
    """Bytes of RAM (`MemTotal`), or None when unknown."""
    return _meminfo("MemTotal:")


def memory_available() -> int | None:
    """Bytes of memory the system could give without swapping (`MemAvailable`), or None when unknown."""
    return _meminfo("MemAvailable:")


def _meminfo(field: str) -> int | None:
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith(field):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None
