"""Render the main pages and dialogs offscreen in zh_CN for the README (`make screenshots`)."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
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
