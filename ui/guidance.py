"""What an empty shop offers: the button on every empty page that fills it, and the first
run's three ways in (import an export, add products, try the demo data)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QProgressDialog

from leader_app.demo import generate
from ui.errors import show_error

if TYPE_CHECKING:
    from ui.main_window import MainWindow

MEMBERS, CATALOG, CAMPAIGNS, ORDERS, IMPORT = 1, 2, 3, 4, 6


def install_empty_states(window: MainWindow) -> None:
    """Called once the pages exist; each empty page says what is missing and offers the fix."""

    def go(page: int):
        return lambda: window.sidebar.setCurrentRow(page)

    def add_products() -> None:
        window.sidebar.setCurrentRow(CATALOG)
        window.catalog.new_product()

    window.members.set_empty_state(
        QCoreApplication.translate(
            "Guidance",
            "No members yet. Add them one by one, or import a member list or a 快团团 export.",
        ),
        (QCoreApplication.translate("Guidance", "New member"), window.members.new_member),
        (QCoreApplication.translate("Guidance", "Import…"), go(IMPORT)),
    )
    window.catalog.set_empty_state(
        QCoreApplication.translate(
            "Guidance", "No products yet. Campaigns list products from here, so start with them."
        ),
        (QCoreApplication.translate("Guidance", "New product"), window.catalog.new_product),
        (QCoreApplication.translate("Guidance", "Import a product list…"), go(IMPORT)),
        (QCoreApplication.translate("Guidance", "Try the demo data"), lambda: load_demo(window)),
    )
    window.campaigns.set_empty_state(
        QCoreApplication.translate(
            "Guidance",
            "No campaigns yet. A campaign lists products from the catalog with its prices, "
            "a deadline (截单) and a pickup date.",
        ),
        (QCoreApplication.translate("Guidance", "New campaign"), window.campaigns.new_campaign),
        (QCoreApplication.translate("Guidance", "Add products"), add_products),
    )
    window.orders.set_empty_state(
        QCoreApplication.translate(
            "Guidance",
            "No orders yet. Enter one by keyboard (Ctrl+N), or import a 快团团 / 群接龙 export.",
        ),
        (QCoreApplication.translate("Guidance", "New order"), window.new_order),
        (QCoreApplication.translate("Guidance", "Import orders…"), go(IMPORT)),
    )
    window.today.set_empty_actions(
        (
            QCoreApplication.translate("Guidance", "New campaign"),
            lambda: (go(CAMPAIGNS)(), window.campaigns.new_campaign()),
        ),
        (QCoreApplication.translate("Guidance", "Add products"), add_products),
        (QCoreApplication.translate("Guidance", "Import an export…"), go(IMPORT)),
    )
    for page in (window.members, window.catalog, window.campaigns, window.orders):
        page.update_count()


def after_first_run(window: MainWindow, choice: int) -> None:
    """The first-run dialog's choice, once the shop is set up."""
    from ui.first_run_dialog import FirstRunDialog

    if choice == FirstRunDialog.IMPORT:
        window.sidebar.setCurrentRow(IMPORT)
    elif choice == FirstRunDialog.START_EMPTY:
        window.sidebar.setCurrentRow(CATALOG)
        window.catalog.new_product()
    elif choice == FirstRunDialog.LOAD_DEMO:
        load_demo(window)


def load_demo(window: MainWindow) -> None:
    """300 members and 3,000 orders to try the desk with, in the background, cancellable."""
    progress = QProgressDialog(
        QApplication.translate("FirstRunDialog", "Creating demo data…"),
        QApplication.translate("FirstRunDialog", "Cancel"),
        0,
        100,
        window,
    )
    progress.setMinimumDuration(0)
    op = window.worker.op(
        lambda app, report, token: generate(
            app, members=300, orders=3000, progress=report, cancel=token
        )
    )
    progress.canceled.connect(op.token.cancel)
    op.progress(lambda done, total: progress.setValue(int(100 * done / max(total, 1))))
    op.success(lambda _r: (progress.close(), window.refresh_all()))
    op.failure(
        lambda e: (
            progress.close(),
            None if type(e).__name__ == "Cancelled" else show_error(window, e),
        )
    )
    op.run_in_background()
