"""Settings: your name, model, nightly consolidation, hotkey, plugins; where the data is.

Everything here is a field of `app.settings.Settings`, read and saved through
the service; the model is switched through the model manager (`models.use`),
which checks the name, on the store worker. The data dir is shown, not edited: the settings file lives inside
it, so another data dir is chosen at start (`--data-dir` or
`REMEMBRANCER_HOME`). The archive threshold is fixed by the core in this
version and shown as such. Changes take effect when saved; the hotkey is
re-registered at once, and its backend's status says whether it can work.
"""
from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QKeySequenceEdit,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from remembrancer.app.service import USER_ERRORS, MemoryService
from remembrancer.ui.workers import TaskRunner

logger = logging.getLogger(__name__)

ARCHIVE_NOTE = "Memories whose retention falls below 0.02 are archived (out of default recall, never deleted); pinned ones never fade."


def model_names(service: MemoryService) -> list[str]:
    """The model manager's names, when this build has one; else just the configured name."""
    try:
        return [entry.name for entry in service.models.manager.entries()]
    except Exception as exc:  # no manager, or its registry unreadable: the field stays editable text
        logger.info("model list unavailable: %s", exc)
        return []


class SettingsDialog(QDialog):
    saved = Signal(object)  # the Settings after saving
    model_failed = Signal(str)  # the model could not be switched (unknown name...)

    def __init__(self, service: MemoryService, hotkey_status: str = "", runner: TaskRunner | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.service = service
        self.runner = runner
        self.setWindowTitle("Settings")
        settings = service.settings
        form = QFormLayout()

        data_row = QHBoxLayout()
        self.data_dir = QLineEdit(str(settings.data_dir), readOnly=True)
        open_button = QPushButton("Open", clicked=lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(settings.data_dir))))
        data_row.addWidget(self.data_dir, 1)
        data_row.addWidget(open_button)
        form.addRow("Data folder", data_row)
        form.addRow("", QLabel("<small>To use another folder, start with <code>--data-dir DIR</code> or set <code>REMEMBRANCER_HOME</code>.</small>"))

        self.user_name = QLineEdit(settings.user_name)
        form.addRow("Your name in chats", self.user_name)
        # Exports that do not say whose messages are the person's (WhatsApp, e-mail, Slack, ...) match these.
        self.owner_aliases = QLineEdit("; ".join(settings.owner_aliases), placeholderText="Ana L.; ana@example.org")
        form.addRow("Your other names", self.owner_aliases)
        form.addRow("", QLabel("<small>Names and e-mail addresses you write under in imported chats and mail, separated by <code>;</code>: "
                               "those messages are marked as yours.</small>"))

        self.model = QComboBox(editable=True)
        names = model_names(service)
        self.model.addItems(names)
        self.model.setCurrentText(str(getattr(settings, "model", "")))
        form.addRow("Language model", self.model)

        self.hour = QSpinBox(minimum=0, maximum=23, value=int(settings.consolidation_hour), suffix=":00")
        self.only_idle = QCheckBox("only when the computer is idle", checked=bool(settings.consolidation_only_idle))
        self.only_ac = QCheckBox("only on AC power", checked=bool(settings.consolidation_only_on_ac))
        form.addRow("Nightly consolidation", self.hour)
        form.addRow("", self.only_idle)
        form.addRow("", self.only_ac)
        threshold = QLabel(ARCHIVE_NOTE, wordWrap=True)
        form.addRow("Forgetting", threshold)

        self.hotkey = QKeySequenceEdit(QKeySequence(settings.hotkey))
        self.hotkey_status = QLabel(hotkey_status, wordWrap=True)
        form.addRow("Quick-recall hotkey", self.hotkey)
        form.addRow("", self.hotkey_status)

        self.plugin_boxes: dict[str, QCheckBox] = {}
        enabled = set(getattr(settings, "plugins_enabled", []) or [])
        available = sorted(set(self._available_plugins()) | enabled)
        if available:
            for name in available:
                box = QCheckBox(name, checked=name in enabled)
                self.plugin_boxes[name] = box
                form.addRow("Plugin" if len(self.plugin_boxes) == 1 else "", box)
        else:
            form.addRow("Plugins", QLabel("No third-party plugins installed; the built-ins are always on."))

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def _available_plugins(self) -> list[str]:
        try:
            return list(self.service.ctx.plugins.available)
        except Exception as exc:  # the plugin manager failing must not hide the other settings
            logger.warning("could not list plugins: %s", exc)
            return []

    def changes(self) -> dict[str, Any]:
        values: dict[str, Any] = {
            "user_name": self.user_name.text().strip() or "me",
            "owner_aliases": [name.strip() for name in self.owner_aliases.text().split(";") if name.strip()],
            "consolidation_hour": self.hour.value(),
            "consolidation_only_idle": self.only_idle.isChecked(),
            "consolidation_only_on_ac": self.only_ac.isChecked(),
            "hotkey": self.hotkey.keySequence().toString(QKeySequence.SequenceFormat.PortableText) or self.service.settings.hotkey,
        }
        if self.plugin_boxes:
            values["plugins_enabled"] = sorted(name for name, box in self.plugin_boxes.items() if box.isChecked())
        return values

    def chosen_model(self) -> str | None:
        """The model picked, when it differs from the one in use."""
        name = self.model.currentText().strip()
        return name if name and name != str(getattr(self.service.settings, "model", "")) else None

    def save(self) -> None:
        settings = self.service.update_settings(**self.changes())
        model = self.chosen_model()
        if model is not None and self.runner is not None:
            # `use` checks the name and unloads the old model, which waits for a running
            # generation: on the store worker, never on the GUI thread.
            self.runner.submit(self.service.models.use, model, on_errored=lambda error: self.model_failed.emit(error.message), user_errors=USER_ERRORS)
        logger.info("settings saved")
        self.saved.emit(settings)
        self.accept()
