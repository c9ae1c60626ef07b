"""What an import will read, told before it reads: each file's format and the files it leaves aside.

The desktop app shows this while an import runs ("WhatsApp chat export (1
file)", "Markdown notes (37 files), plain-text notes (4 files)"), so a person
sees at once whether a folder was taken for what it is. Detection is the
import's own (`plan_files` and the export check): it sniffs the head of each
file and parses none, so it is cheap enough to run before every import. A
single file nothing recognises raises the import's own `InputError`
("cannot tell the format"), with the same words the CLI prints.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from remembrancer.memory.export.format import is_export
from remembrancer.memory.importers import Importer, builtin_importers, plan_files

logger = logging.getLogger(__name__)

EXPORT = "export"  # the format name of a Remembrancer export, which restores a whole memory
EXPORT_LABEL = "Remembrancer export (a whole memory)"
PLAIN_TEXT_NOTES = "plain-text notes"  # a .txt no chat format claims: the Markdown importer reads it as a note
NOT_A_FORMAT = "not a format Remembrancer imports"


@dataclass(frozen=True)
class PlannedFile:
    """One file and the format that will read it (`format` the importer's name, `label` its human name)."""

    path: str
    format: str
    label: str


@dataclass
class ImportPlan:
    """The files under one imported path by format, and the files no format reads (`FILE: reason` lines)."""

    path: str
    files: list[PlannedFile] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)

    @property
    def restores(self) -> bool:
        """Whether this is a Remembrancer export: it restores a whole memory instead of adding messages."""
        return any(f.format == EXPORT for f in self.files)

    def counts(self) -> list[tuple[str, int]]:
        """(label, number of files) per format, the most files first, ties in the order met."""
        counts: dict[str, int] = {}
        for planned in self.files:
            counts[planned.label] = counts.get(planned.label, 0) + 1
        return sorted(counts.items(), key=lambda item: -item[1])

    def describe(self) -> str:
        """One line for people: "Markdown notes (37 files), plain-text notes (4 files)"; "" when nothing is readable."""
        return ", ".join(f"{label} ({n} file{'' if n == 1 else 's'})" for label, n in self.counts())


def describe_plan(path: Path, fmt: str = "auto", importers: dict[str, Importer] | None = None) -> ImportPlan:
    """The plan `import_path(path, fmt)` will follow, with human names; raises `InputError` as the import would."""
    importers = importers or builtin_importers()
    if fmt == "auto" and is_export(path):  # the same check, in the same order, as `ingest.import_path`
        return ImportPlan(str(path), [PlannedFile(str(path), EXPORT, EXPORT_LABEL)])
    unclaimed: list[Path] = []
    planned = plan_files(path, fmt, importers, left_out=unclaimed)
    files = [PlannedFile(str(file), importer.name, _label(file, importer)) for file, importer in planned]
    used = {id(importer): importer for _, importer in planned}.values()
    left_out = [f"{file}: {NOT_A_FORMAT}" for file in unclaimed if not any(importer.reads_along(file) for importer in used)]
    plan = ImportPlan(str(path), files, left_out)
    logger.info("import plan for %s: %s; %d file(s) left out", path, plan.describe() or "nothing readable", len(left_out))
    return plan


def format_labels(importers: dict[str, Importer] | None = None) -> list[str]:
    """The human names of every format an import reads, for a message that says what a file could have been."""
    importers = importers or builtin_importers()
    return [importer.label or importer.name for importer in importers.values()] + [PLAIN_TEXT_NOTES, EXPORT_LABEL]


def _label(file: Path, importer: Importer) -> str:
    if importer.name == "markdown" and file.suffix.lower() == ".txt":
        return PLAIN_TEXT_NOTES
    return importer.label or importer.name
