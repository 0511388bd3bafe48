"""First start: the shop, the leader and a pickup point; then one of three ways in: import a
快团团 / 群接龙 export, add products by hand, or try the demo data."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class FirstRunDialog(QDialog):
    START_EMPTY, LOAD_DEMO, IMPORT = 1, 2, 3  # START_EMPTY: add products by hand

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choice = 0
        self.setWindowTitle(self.tr("Welcome to Leader Desk"))
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "<h2>Welcome</h2><p>Tell us about your shop. Everything is kept "
                "on this computer and works without a network.</p>"
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.shop = QLineEdit()
        self.shop.setPlaceholderText(self.tr("e.g. 幸福里社区团购"))
        self.leader = QLineEdit()
        self.leader.setPlaceholderText(self.tr("Your name"))
        self.point = QLineEdit()
        self.point.setPlaceholderText(self.tr("e.g. 北门便利店"))
        form.addRow(self.tr("Shop name"), self.shop)
        form.addRow(self.tr("Leader name"), self.leader)
        form.addRow(self.tr("Pickup point"), self.point)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setObjectName("formError")
        layout.addWidget(self.error)
        then = QLabel(self.tr("Then, how would you like to start?"))
        layout.addWidget(then)
        buttons = QHBoxLayout()
        self.import_button = QPushButton(self.tr("Import a 快团团 / 群接龙 export"))
        self.products_button = QPushButton(self.tr("Add products"))
        self.products_button.setObjectName("primary")
        self.products_button.setDefault(True)
        self.demo_button = QPushButton(self.tr("Try the demo data"))
        for button, choice in (
            (self.import_button, self.IMPORT),
            (self.products_button, self.START_EMPTY),
            (self.demo_button, self.LOAD_DEMO),
        ):
            button.clicked.connect(lambda _checked=False, choice=choice: self._finish(choice))
            buttons.addWidget(button)
        layout.addLayout(buttons)

    def values(self) -> tuple[str, str, str]:
        return self.shop.text().strip(), self.leader.text().strip(), self.point.text().strip()

    def _finish(self, choice: int) -> None:
        shop, _leader, _point = self.values()
        if not shop and choice != self.LOAD_DEMO:
            self.error.setText(self.tr("Please enter the shop's name."))
            self.shop.setFocus()
            return
        self.choice = choice
        self.accept()
