"""Import / Export: files and pasted 接龙 in, with a column mapping and a live preview; every
list out to Excel or CSV. Reading, importing and exporting run on the writer thread."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QProgressDialog,
    QPushButton,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from leader_app import exporting
from leader_app.errors import LeaderError
from leader_app.importing.service import (
    Prepared,
    Preview,
    import_jielong,
    prepare,
    preview,
    write,
)
from storage import campaigns_sql
from storage.db import Store
from storage.tx import Changes
from ui import file_dialogs
from ui.errors import show_error
from ui.export_panel import ExportPanel
from ui.i18n import campaign_status, error_text
from ui.import_views import Translated, ask, fill_preview, fill_problems, report_text
from ui.widgets import read_only_table
from ui.worker import DbWorker

PREVIEW_ROWS = 20
FILE_FILTER = "*.xlsx *.xlsm *.xls *.csv *.txt"


class ImportPage(QWidget):
    TABLES = ("campaigns",)

    def __init__(self, worker: DbWorker, reader: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.reader = reader
        self.path: Path | None = None
        self.view: Preview | None = None
        self.last_tx: str | None = None
        self.problems: list[Translated] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        heading = QLabel(self.tr("Import / Export"))
        heading.setObjectName("pageHeading")
        layout.addWidget(heading)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._file_tab(), self.tr("Import a file"))
        self.tabs.addTab(self._jielong_tab(), self.tr("Paste 接龙"))
        self.export_panel = ExportPanel(worker, self._campaign_combo(False))
        self.export_panel.message.connect(lambda text: self.summary.setText(text))
        self.tabs.addTab(self.export_panel, self.tr("Export"))
        layout.addWidget(self.tabs, 1)  # the mapping preview gets the room at 768 px;
        layout.addWidget(self._report_box())  # the report only what it needs
        self.refresh()

    # -- building -----------------------------------------------------------------------------
    def _campaign_combo(self, with_new: bool) -> QComboBox:
        combo = QComboBox()
        combo.setMinimumWidth(260)
        combo.setProperty("with_new", with_new)
        return combo

    def _file_tab(self) -> QWidget:
        tab = QWidget()
        box = QVBoxLayout(tab)
        row = QHBoxLayout()
        choose = QPushButton(self.tr("Choose file…"))
        choose.setObjectName("primary")
        choose.clicked.connect(self.choose_file)
        self.file_label = QLabel(
            self.tr(
                "Drop a 快团团 / 群接龙 export, a member or product list here, or choose a file."
            )
        )
        self.file_label.setWordWrap(True)  # fits 1024 px in English, with room to spare
        self.kind = QComboBox()
        for value, text in (
            (None, self.tr("Detect kind")),
            ("orders", self.tr("Orders")),
            ("members", self.tr("Members")),
            ("products", self.tr("Products")),
        ):
            self.kind.addItem(text, value)
        self.kind.currentIndexChanged.connect(lambda _i: self.path and self.load_file(self.path))
        row.addWidget(choose)
        row.addWidget(self.file_label, 1)
        row.addWidget(self.kind)
        box.addLayout(row)
        target = QHBoxLayout()
        target.addWidget(QLabel(self.tr("Into campaign")))
        self.file_campaign = self._campaign_combo(True)
        self.new_title = QLineEdit()
        self.new_title.setPlaceholderText(self.tr("Title of the new campaign"))
        self.pickup_check = QCheckBox(self.tr("Pickup date"))
        self.pickup_date = QDateEdit(QDate.currentDate().addDays(1))
        self.pickup_date.setCalendarPopup(True)
        self.pickup_date.setDisplayFormat("yyyy-MM-dd")
        self.pickup_date.setEnabled(False)
        self.pickup_check.toggled.connect(self.pickup_date.setEnabled)
        target.addWidget(self.file_campaign)
        target.addWidget(self.new_title, 1)
        target.addWidget(self.pickup_check)
        target.addWidget(self.pickup_date)
        box.addLayout(target)
        self.file_campaign.currentIndexChanged.connect(lambda _i: self._target_changed())
        self.preview_table = QTableWidget(0, 0)
        self.preview_table.verticalHeader().setVisible(False)
        self.preview_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        box.addWidget(self.preview_table, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.check_button = QPushButton(self.tr("Check without saving"))
        self.check_button.clicked.connect(lambda: self.run_file_import(dry_run=True))
        self.import_button = QPushButton(self.tr("Import"))
        self.import_button.setObjectName("primary")
        self.import_button.clicked.connect(lambda: self.run_file_import(dry_run=False))
        for b in (self.check_button, self.import_button):
            b.setEnabled(False)
            buttons.addWidget(b)
        box.addLayout(buttons)
        return tab

    def _jielong_tab(self) -> QWidget:
        tab = QWidget()
        box = QVBoxLayout(tab)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Campaign (its products are matched by short name)")))
        self.jielong_campaign = self._campaign_combo(False)
        row.addWidget(self.jielong_campaign, 1)
        box.addLayout(row)
        self.jielong_text = QPlainTextEdit()
        self.jielong_text.setPlaceholderText(
            self.tr(
                "Paste the 接龙 message from the WeChat group here, e.g.\n#接龙\n"
                "1. 小雨妈妈 3-2-501 草莓2 橙子1\n2. 李姐 5栋1单元302 橙子x2"
            )
        )
        box.addWidget(self.jielong_text, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        check = QPushButton(self.tr("Check without saving"))
        check.clicked.connect(lambda: self.run_jielong(dry_run=True))
        run = QPushButton(self.tr("Import entries"))
        run.setObjectName("primary")
        run.clicked.connect(lambda: self.run_jielong(dry_run=False))
        buttons.addWidget(check)
        buttons.addWidget(run)
        box.addLayout(buttons)
        return tab

    def _report_box(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 6, 0, 0)
        row = QHBoxLayout()
        self.summary = QLabel()
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        self.save_report = QPushButton(self.tr("Save report…"))
        self.save_report.clicked.connect(self.save_problems)
        self.undo_button = QPushButton(self.tr("Undo this import"))
        self.undo_button.clicked.connect(self.undo_import)
        for b in (self.save_report, self.undo_button):
            b.setEnabled(False)
        row.addWidget(self.summary, 1)
        row.addWidget(self.save_report)
        row.addWidget(self.undo_button)
        layout.addLayout(row)
        self.problem_table = read_only_table(
            [self.tr("Row"), self.tr("Column"), self.tr("Problem"), self.tr("Value")], 2
        )
        self.problem_table.setColumnWidth(0, 60)
        self.problem_table.setColumnWidth(1, 120)
        self.problem_table.setColumnWidth(3, 180)
        layout.addWidget(self.problem_table)
        self.problem_table.hide()  # until an import has refused rows
        return box

    # -- campaigns ----------------------------------------------------------------------------
    def refresh(self) -> None:
        rows = campaigns_sql.titles(self.reader.conn)
        for combo in (self.file_campaign, self.jielong_campaign, self.export_panel.campaign):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            if combo.property("with_new"):
                combo.addItem(self.tr("New campaign"), None)
            for c in rows:
                combo.addItem(f"{c['title']}（{campaign_status(c['status'])}）", c["id"])
            combo.setCurrentIndex(max(combo.findData(current), 0))
            combo.blockSignals(False)
        self._target_changed()

    def _target_changed(self) -> None:
        """A title and a pickup date are asked only for a new campaign."""
        new = self.file_campaign.currentData() is None
        self.new_title.setEnabled(new)
        self.pickup_check.setEnabled(new)
        self.pickup_date.setEnabled(new and self.pickup_check.isChecked())

    def on_changes(self, changes: Changes) -> None:
        if self.last_tx and changes.undoes == self.last_tx:  # Ctrl+Z, history or the CLI
            self.undo_button.setEnabled(False)
            self.summary.setText(self.tr("The import was undone."))
        if changes.touches(*self.TABLES):
            self.refresh()

    # -- reading a file -------------------------------------------------------------------------
    def choose_file(self) -> None:
        path = file_dialogs.open_file(
            self,
            self.tr("Import a file"),
            str(Path.home()),
            self.tr("Spreadsheets and text (%1)").replace("%1", FILE_FILTER),
        )
        if path:
            self.load_file(Path(path))

    def load_file(self, path: Path) -> None:
        another = Path(path) != getattr(self, "path", None)
        self.path = Path(path)
        self.tabs.setCurrentIndex(0)
        self.file_label.setText(self.path.name)
        if another:
            # A title typed, or a campaign chosen, for the last file is not this file's: a new
            # export starts as a new campaign named after it (a re-export is caught on import
            # and offered its own campaign).
            self._auto_title = ""
            self.new_title.clear()
            self.file_campaign.setCurrentIndex(max(self.file_campaign.findData(None), 0))
        if not self.new_title.text() or self.new_title.text() == getattr(self, "_auto_title", ""):
            self._auto_title = self.path.stem  # follow the file until the leader types a title
            self.new_title.setText(self._auto_title)
        kind = self.kind.currentData()
        self.worker.op(lambda app: preview(app.store, self.path, kind)).success(
            self._show_preview
        ).failure(self._preview_failed).run_in_background()

    def _preview_failed(self, exc: BaseException) -> None:
        self.view = None
        self.preview_table.setRowCount(0)
        self.import_button.setEnabled(False)
        self.check_button.setEnabled(False)
        if isinstance(exc, LeaderError):
            self.summary.setText(error_text(exc))
        else:
            show_error(self, exc)

    def _show_preview(self, view: Preview) -> None:
        self.view = view
        if view.title and self.new_title.text() == getattr(self, "_auto_title", ""):
            self._auto_title = view.title  # the sheet's title row names the campaign
            self.new_title.setText(view.title)
        ready = view.table is not None or view.kind == "jielong"  # a manual mapping can follow
        self.import_button.setEnabled(ready)
        self.check_button.setEnabled(ready)
        if view.kind == "jielong" and view.text is not None:
            self.jielong_text.setPlainText(view.text)
            self.tabs.setCurrentIndex(1)
            return
        rows = view.table.rows if view.table else []
        start = view.match.row_index + 1 if view.match else 0
        fill_preview(self.preview_table, view, PREVIEW_ROWS)
        kinds = {
            "orders": self.tr("orders"),
            "members": self.tr("members"),
            "products": self.tr("products"),
        }
        total = view.table.total if view.table else len(rows)
        shown = min(PREVIEW_ROWS, max(len(rows) - start, 0))
        if total is None:  # a big text file: it is counted while it imports, not read twice
            text = self.tr(
                "The first %1 rows are shown; this large file is counted as it imports. Read as "
                "%2. Check the column mapping, then Import."
            ).replace("%1", str(shown))
        elif total - start > shown:
            text = (
                self.tr(
                    "%1 rows, the first %3 shown; read as %2. Check the column mapping, then Import."
                )
                .replace("%1", str(total - start))
                .replace("%3", str(shown))
            )
        else:
            text = self.tr("%1 rows; read as %2. Check the column mapping, then Import.").replace(
                "%1", str(max(total - start, 0))
            )
        text = text.replace("%2", kinds.get(view.kind or "", self.tr("unknown")))
        if view.layout_label:
            text += " " + (
                self.tr("Layout: %1, sheet %2.")
                .replace("%1", view.layout_label)
                .replace("%2", view.sheet)
            )
        self.summary.setText(text)

    def mapping(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for col in range(self.preview_table.columnCount()):
            combo = self.preview_table.cellWidget(0, col)
            if combo is not None and combo.currentData() and combo.currentData() not in out:
                out[combo.currentData()] = col
        return out

    # -- importing ------------------------------------------------------------------------------
    def run_file_import(self, dry_run: bool) -> None:
        """Parse once, let the leader confirm new products, then write once (or, for 'Check
        without saving', write in a transaction that is rolled back)."""
        if self.path is None or self.view is None:
            return
        path, kind, mapping, view = self.path, self.kind.currentData(), self.mapping(), self.view
        changed = view.match is not None and mapping != view.match.mapping
        self._run_import(
            lambda app, report, token: prepare(
                app.store,
                path,
                kind=kind,
                mapping=mapping if changed else None,
                progress=report,
                cancel=token,
                view=view,  # the rows the preview read: the file is read once
            ),
            then=lambda prepared: (
                self._write(prepared, True)
                if dry_run
                else self._confirm_products(prepared, lambda: self._write(prepared, False))
            ),
        )

    def _write(self, prepared: Prepared, dry_run: bool, again: bool = False) -> None:
        campaign_id = self.file_campaign.currentData()
        title = self.new_title.text().strip() or prepared.title
        pickup = (
            self.pickup_date.date().toString("yyyy-MM-dd")
            if campaign_id is None and self.pickup_check.isChecked()
            else None
        )
        self._run_import(
            lambda app, report, token: write(
                app.store,
                prepared,
                campaign_id=campaign_id,
                new_campaign=None if campaign_id else title,
                dry_run=dry_run,
                again=again,
                pickup_date=pickup,
                progress=report,
                cancel=token,
            ),
            refused=lambda exc: self._confirm_again(exc, prepared, dry_run),
        )

    def _confirm_again(self, exc: LeaderError, prepared: Prepared, dry_run: bool) -> bool:
        """The file's orders are already in another campaign: import again only if asked."""
        if exc.code != "import_elsewhere":
            return False
        choice = self.ask_reimport(str(exc.args_map.get("campaign", "")))
        if choice == "update":
            self._target(str(exc.args_map.get("campaign_id", "")))
            self._write(prepared, dry_run)
        elif choice == "again":
            self._write(prepared, dry_run, again=True)
        else:
            self.summary.setText(error_text(exc))
        return True

    def ask_reimport(self, title: str) -> str:
        """'update' the campaign that holds the orders, import them 'again', or 'cancel'."""
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Already imported"),
            self.tr(
                "The orders of this file are already in campaign “%1”.\n\n"
                "If this is a newer export of that campaign, update it: refunds, cancellations "
                "and changed quantities are applied there and new orders added."
            ).replace("%1", title),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        update = box.addButton(
            self.tr("Update “%1”").replace("%1", title), QMessageBox.ButtonRole.AcceptRole
        )
        again = box.addButton(self.tr("Import again here"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(update)
        box.exec()
        return {update: "update", again: "again"}.get(box.clickedButton(), "cancel")

    def _confirm_products(self, checked: Any, go: Any) -> None:
        names = checked.new_products
        if not names or checked.kind == "members":
            go()
            return
        shown = "、".join(names[:20]) + ("…" if len(names) > 20 else "")
        text = (
            self.tr(
                "This file adds %1 products that are not in the catalog yet:\n%2\n\n"
                "Create them and import?"
            )
            .replace("%1", str(len(names)))
            .replace("%2", shown)
        )
        if ask(self, self.tr("New products"), text):
            go()
        else:
            self.summary.setText(self.tr("Import cancelled; nothing was changed."))

    def run_jielong(self, dry_run: bool) -> None:
        text = self.jielong_text.toPlainText()
        campaign_id = self.jielong_campaign.currentData()
        self._run_import(
            lambda app, _report, _token: import_jielong(
                app.store, text, campaign_id=campaign_id, dry_run=dry_run
            )
        )

    def _run_import(self, job: Any, then: Any = None, refused: Any = None) -> None:
        progress = QProgressDialog(self.tr("Importing…"), self.tr("Cancel"), 0, 100, self)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(400)
        op = self.worker.op(job)
        progress.canceled.connect(op.token.cancel)
        op.progress(lambda done, total: progress.setValue(int(100 * done / max(total, 1))))
        op.success(lambda report: (progress.close(), (then or self.show_report)(report)))
        op.failure(lambda exc: (progress.close(), self._import_failed(exc, refused)))
        op.run_in_background()

    def _import_failed(self, exc: BaseException, refused: Any = None) -> None:
        if refused is not None and isinstance(exc, LeaderError) and refused(exc):
            return
        if type(exc).__name__ == "Cancelled":
            self.summary.setText(self.tr("Import cancelled; nothing was changed."))
        elif isinstance(exc, LeaderError):
            self.summary.setText(error_text(exc))
            self._fill_problems(exc.args_map.get("errors") or [])
        else:
            show_error(self, exc)

    def show_report(self, report: Any) -> None:
        text = report_text(report)
        self.summary.setText(text)
        self.last_tx = report.tx_id
        self.last_summary = text
        # A re-import that added and changed nothing has nothing to take back.
        self.undo_button.setEnabled(bool(report.tx_id) and report.changed_store)
        self._fill_problems(report.errors + report.warnings)
        if report.tx_id and report.campaign_id and report.kind != "members":
            self._target(report.campaign_id)

    def _target(self, campaign_id: str) -> None:
        """After an import its campaign is the target: a second click on Import brings the
        same campaign in line instead of making another."""
        self.refresh()
        for combo in (self.file_campaign, self.jielong_campaign, self.export_panel.campaign):
            index = combo.findData(campaign_id)
            if index >= 0:
                combo.setCurrentIndex(index)

    def _fill_problems(self, errors: list[Any]) -> None:
        self.problems = fill_problems(self.problem_table, errors)
        self.save_report.setEnabled(bool(self.problems))
        self.problem_table.setVisible(bool(self.problems))  # else the preview gets the room

    def save_problems(self) -> None:
        path = file_dialogs.save_file(
            self, self.tr("Save report"), str(Path.home() / "导入问题.xlsx"), "*.xlsx"
        )
        if path:
            exporting.write(Path(path), [exporting.errors_sheet(self.problems)])

    def undo_import(self) -> None:
        """Asks first: one click takes back a whole import (thousands of orders)."""
        tx_id = self.last_tx
        if tx_id and ask(
            self,
            self.tr("Undo this import"),
            self.tr("Take back the whole import? Everything it added or changed goes: %1").replace(
                "%1", getattr(self, "last_summary", "")
            ),
        ):
            self.worker.op(lambda app: app.undo(tx_id)).success(
                lambda _c: (
                    self.summary.setText(self.tr("The import was undone.")),
                    self.undo_button.setEnabled(False),
                )
            ).failure(lambda e: show_error(self, e)).run_in_background()
