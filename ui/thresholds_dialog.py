"""The member segments' thresholds (settings), saved through the write path."""

from __future__ import annotations

from PySide6.QtWidgets import QSpinBox, QWidget

from leader_app.insights import THRESHOLD_LABELS, Thresholds, save_thresholds
from ui.form_dialog import FormDialog
from ui.i18n import core
from ui.worker import DbWorker


class ThresholdsDialog(FormDialog):
    def __init__(self, worker: DbWorker, current: Thresholds, parent: QWidget | None = None):
        super().__init__(worker, self.tr("Segment thresholds"), parent)
        self.spins: dict[str, QSpinBox] = {}
        for key, value in current.as_dict().items():
            spin = QSpinBox()
            spin.setRange(1, 3650)
            spin.setValue(value)
            self.spins[key] = self.add_field(key, core("insights", THRESHOLD_LABELS[key]), spin)

    def values(self) -> dict[str, int]:
        return {key: spin.value() for key, spin in self.spins.items()}

    def save(self) -> None:
        values = self.values()
        self.submit(lambda app: save_thresholds(app.store, values))
