"""Render the main pages and dialogs offscreen in zh_CN for the README (`make screenshots`)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from leader_app.app import LeaderApp  # noqa: E402
from leader_app.demo import generate  # noqa: E402
from ui.app import Desk, make_qapp  # noqa: E402


def main(out: Path, lang: str = "zh_CN") -> None:
    out.mkdir(parents=True, exist_ok=True)
    qapp = make_qapp(lang)
    with tempfile.TemporaryDirectory() as tmp:
        app = LeaderApp.open(Path(tmp) / "demo.db")
        generate(app, members=400, orders=6000, seed=2026)
        desk = Desk(app)
        window = desk.window
        window.resize(1280, 800)
        window.show()
        for index, name in ((0, "today"), (1, "members"), (3, "campaigns"), (4, "orders")):
            window.sidebar.setCurrentRow(index)
            QApplication.processEvents()
            window.grab().save(str(out / f"{name}_{lang}.png"))
        window.sidebar.setCurrentRow(1)  # Members → 会员洞察
        window.member_tabs.show_insights()
        QApplication.processEvents()
        window.grab().save(str(out / f"insights_{lang}.png"))
        window.member_tabs.setCurrentIndex(0)
        campaign = app.store.conn.execute(
            "SELECT id FROM campaigns WHERE status = 'arrived'"
        ).fetchone()[0]
        window.sidebar.setCurrentRow(5)
        pending = next(
            c for c in app.pickup.codes(campaign) if app.pickup.check(c["qr_payload"]).ok
        )
        window.pickup.scan.setText(pending["qr_payload"])
        window.pickup.scan.returnPressed.emit()
        for _ in range(200):
            QApplication.processEvents()
            if window.pickup.current is not None:
                break
            time.sleep(0.01)
        window.grab().save(str(out / f"pickup_{lang}.png"))
        window.sidebar.setCurrentRow(6)
        window.transfer.load_file(ROOT / "tests" / "samples" / "ktt_export.xlsx")
        for _ in range(300):
            QApplication.processEvents()
            if window.transfer.view is not None:
                break
            time.sleep(0.01)
        window.grab().save(str(out / f"import_{lang}.png"))
        from leader_app.print_data import load
        from ui.printing.output import to_pdf

        data = load(app.store, campaign, app.ensure_shop_secret(), app.setting("shop_name"))
        for document, layout in (("labels", "a4-3x8"), ("pickup-list", "a4-3x8")):
            pdf = Path(tmp) / f"{document}.pdf"
            to_pdf(pdf, data, document, layout)
            subprocess.run(
                [
                    "pdftoppm",
                    "-r",
                    "60",
                    "-png",
                    "-f",
                    "1",
                    "-l",
                    "1",
                    "-singlefile",
                    str(pdf),
                    str(out / f"{document}_{lang}"),
                ],
                check=False,
            )
        dialog = window.orders.new_order()
        dialog.member_search.insert("zs")
        QApplication.processEvents()
        dialog.grab().save(str(out / f"order_entry_{lang}.png"))
        dialog.reject()
        window.close()
        desk.close()
    del qapp
    print(f"screenshots written to {out}")


if __name__ == "__main__":
    main(
        Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots"),
        sys.argv[2] if len(sys.argv) > 2 else "zh_CN",
    )
