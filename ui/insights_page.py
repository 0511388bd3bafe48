"""Members → 会员洞察: the member pool at a glance. Segment cards open their member lists (for
WeChat reminders and reactivation), with the pool's health, charts, communities, referral
standings and tier care below. Reads go through leader_app.insights only."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from leader_app.errors import format_message
from leader_app.insights import (
    HEALTH_DEFINITIONS,
    SEGMENT_DEFINITIONS,
    SEGMENT_LABELS,
    SEGMENTS,
    Insights,
    member_history,
)
from storage.db import Store
from storage.tx import Changes
from ui.formatting import money
from ui.i18n import core
from ui.insights_charts import (
    ChartBox,
    active_members_chart,
    segment_chart,
    weekly_sales_chart,
)
from ui.insights_widgets import (
    SegmentCard,
    SegmentList,
    percent,
    simple_table,
    trend_text,
)
from ui.table_model import ALIGN_RIGHT, Column
from ui.worker import DbWorker


def segment_label(segment: str) -> str:
    return core("insights", SEGMENT_LABELS[segment])


class InsightsPage(QWidget):
    TABLES = ("orders", "members", "settings")
    status_message = Signal(str)

    def __init__(
        self,
        worker: DbWorker,
        reader: Store,
        parent: QWidget | None = None,
        as_of: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.worker = worker
        self.reader = reader
        self.as_of = as_of  # None: today
        self.look: Insights | None = None
        self.segment = "at_risk"  # the reactivation list is what a leader wants first
        self.dirty = True
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 12, 16, 8)
        top = QHBoxLayout()
        heading = QLabel(self.tr("Member insights"))
        heading.setObjectName("pageHeading")
        top.addWidget(heading)
        self.as_of_label = QLabel()
        self.as_of_label.setObjectName("countLabel")
        top.addWidget(self.as_of_label)
        top.addStretch(1)
        self.thresholds_button = QPushButton(self.tr("Thresholds…"))
        self.thresholds_button.clicked.connect(lambda _checked=False: self.edit_thresholds())
        top.addWidget(self.thresholds_button)
        outer.addLayout(top)
        cards = QGridLayout()
        cards.setSpacing(10)
        self.cards: dict[str, SegmentCard] = {}
        for i, segment in enumerate(SEGMENTS):
            card = SegmentCard(segment)
            card.clicked.connect(self.open_segment)
            cards.addWidget(card, 0, i)
            self.cards[segment] = card
        outer.addLayout(cards)
        self.overlap_label = QLabel()
        self.overlap_label.setObjectName("countLabel")
        outer.addWidget(self.overlap_label)
        self.health = QHBoxLayout()
        self.health_labels = {key: QLabel() for key in HEALTH_DEFINITIONS}
        for key, label in self.health_labels.items():
            label.setObjectName("fact")
            label.setToolTip(core("insights", HEALTH_DEFINITIONS[key]))
            self.health.addWidget(label)
        self.health.addStretch(1)
        outer.addLayout(self.health)
        self.tabs = QTabWidget()
        outer.addWidget(self.tabs, 1)
        self._build_charts()
        self.segment_list = SegmentList(worker)
        self.segment_list.message.connect(self.status_message)
        self.tabs.addTab(self.segment_list, self.tr("Segment members"))
        self._build_communities()
        self._build_referrals()
        self._build_tiers()
        self.refresh_timer = QTimer(self)  # a burst of changes refreshes once
        self.refresh_timer.setSingleShot(True)
        self.refresh_timer.setInterval(300)
        self.refresh_timer.timeout.connect(self.refresh_if_visible)

    # -- building -----------------------------------------------------------------------------
    def _build_charts(self) -> None:
        host = QWidget()
        grid = QHBoxLayout(host)
        grid.setContentsMargins(0, 6, 0, 0)
        self.weekly_box = ChartBox(self.tr("Weekly sales and orders"), "weekly-sales")
        self.active_box = ChartBox(self.tr("Active members per week"), "active-members")
        self.segments_box = ChartBox(self.tr("Segment sizes"), "segments")
        grid.addWidget(self.weekly_box, 5)
        grid.addWidget(self.active_box, 4)
        grid.addWidget(self.segments_box, 3)
        self.tabs.addTab(host, self.tr("Trends"))

    def _community_columns(self, first: Column) -> list[Column]:
        return [
            first,
            Column("", self.tr("Members"), lambda r: str(r["members"]), ALIGN_RIGHT),
            Column(
                "",
                self.tr("Active"),
                lambda r: f"{r['active']} ({percent(r['active'] / max(r['members'], 1))})",
                ALIGN_RIGHT,
            ),
            Column("", self.tr("Sales, 30 days"), lambda r: money(r["sales_fen"]), ALIGN_RIGHT),
            Column(
                "", self.tr("30 days before"), lambda r: money(r["sales_prev_fen"]), ALIGN_RIGHT
            ),
            Column(
                "", self.tr("Trend"), lambda r: trend_text(r["trend"], r["sales_fen"]), ALIGN_RIGHT
            ),
        ]

    def _build_communities(self) -> None:
        split = QSplitter()
        widths = (0, 64, 90, 110, 110, 70)
        self.tags_table, self.tags_model = simple_table(
            self._community_columns(Column("", self.tr("Tag"), lambda r: r["tag"])), 0, widths
        )
        self.buildings_table, self.buildings_model = simple_table(
            self._community_columns(
                Column("", self.tr("Building"), lambda r: r["building"] or self.tr("(none)"))
            ),
            0,
            widths,
        )
        split.addWidget(self.tags_table)
        split.addWidget(self.buildings_table)
        self.tabs.addTab(split, self.tr("Communities"))

    def _build_referrals(self) -> None:
        split = QSplitter()
        self.referrers_table, self.referrers_model = simple_table(
            [
                Column("", self.tr("No."), lambda r: str(r["member_no"]), ALIGN_RIGHT),
                Column("", self.tr("Referrer"), lambda r: r["name"]),
                Column("", self.tr("Referred"), lambda r: str(r["referrals"]), ALIGN_RIGHT),
                Column(
                    "", self.tr("Still active"), lambda r: str(r["referred_active"]), ALIGN_RIGHT
                ),
                Column(
                    "", self.tr("Their orders"), lambda r: str(r["referred_orders"]), ALIGN_RIGHT
                ),
                Column(
                    "",
                    self.tr("Their sales"),
                    lambda r: money(r["referred_sales_fen"]),
                    ALIGN_RIGHT,
                ),
            ],
            stretch=1,
            widths=(70, 0, 80, 80, 90, 110),
        )
        self.referrers_table.clicked.connect(lambda index: self.show_tree(index.row()))
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr("Referral tree"), self.tr("Orders"), self.tr("Sales")])
        self.tree.setColumnWidth(0, 220)
        split.addWidget(self.referrers_table)
        split.addWidget(self.tree)
        split.setSizes([600, 400])
        self.tabs.addTab(split, self.tr("Referrals"))

    def _build_tiers(self) -> None:
        host = QWidget()
        box = QVBoxLayout(host)
        box.setContentsMargins(0, 6, 0, 0)
        self.fees_label = QLabel()
        self.fees_label.setObjectName("cardTitle")
        box.addWidget(self.fees_label)
        self.tiers_table, self.tiers_model = simple_table(
            [
                Column("", self.tr("No."), lambda r: str(r["member_no"]), ALIGN_RIGHT),
                Column("", self.tr("Name"), lambda r: r["name"]),
                Column("", self.tr("Mobile"), lambda r: r["mobile"] or ""),
                Column("", self.tr("Tier"), lambda r: r["tier"]),
                Column("", self.tr("Expires"), lambda r: r["tier_expires_on"]),
                Column("", self.tr("Fee due"), lambda r: money(r["tier_fee_fen"]), ALIGN_RIGHT),
            ],
            stretch=1,
            widths=(70, 0, 130, 90, 110, 100),
        )
        box.addWidget(self.tiers_table, 1)
        self.tabs.addTab(host, self.tr("Tier care"))

    # -- behaviour ------------------------------------------------------------------------------
    def on_changes(self, changes: Changes) -> None:
        if changes.touches(*self.TABLES):
            self.dirty = True
            self.refresh_timer.start()

    def refresh_if_visible(self) -> None:
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self.dirty:
            self.refresh()

    def refresh(self) -> None:
        self.dirty = False
        self.look = look = Insights(self.reader.conn, self.as_of)
        o = look.overview()
        self.as_of_label.setText(self.tr("as of %1").replace("%1", look.as_of.isoformat()))
        args = look.thresholds.as_dict()
        for segment, card in self.cards.items():
            figures = o["segments"][segment]
            card.title.setText(segment_label(segment))
            card.count.setText(f"{figures['count']:,}")
            card.shares.setText(
                self.tr("%1 of members").replace("%1", percent(figures["share"]))
                + "\n"
                + self.tr("%1 of sales").replace("%1", percent(figures["sales_share"]))
            )
            card.definition.setText(
                format_message(core("insights", SEGMENT_DEFINITIONS[segment]), args)
            )
        self.overlap_label.setText(
            self.tr(
                "%1 members in all; %2 of them are in more than one segment (a new member is "
                "active too). Click a card for its members."
            )
            .replace("%1", f"{o['members']:,}")
            .replace("%2", f"{o['in_several']:,}")
        )
        self._fill_health(o)
        weeks = look.weekly()
        self.weekly_box.set_chart(
            weekly_sales_chart(weeks, self.tr("Sales (¥)"), self.tr("Orders"))
        )
        self.active_box.set_chart(active_members_chart(weeks, self.tr("Active members")))
        sizes = [(segment_label(s), o["segments"][s]["count"]) for s in SEGMENTS]
        self.segments_box.set_chart(segment_chart(sizes, self.tr("Members")))
        self.tags_model.set_rows(look.tags())
        self.buildings_model.set_rows(look.buildings())
        self.referrers_model.set_rows(look.referrers())
        self.tree.clear()
        care = look.tier_care()
        self.tiers_model.set_rows(care["members"])
        self.fees_label.setText(
            self.tr(
                "%Ln tier(s) expire in the next 30 days; fees due %1", "", len(care["members"])
            ).replace("%1", money(care["fees_due_fen"]))
        )
        self.open_segment(self.segment, switch=False)

    def _fill_health(self, o: dict[str, Any]) -> None:
        texts = {
            "repeat_rate": self.tr("Repeat rate %1").replace("%1", percent(o["repeat_rate"])),
            "aov_fen": self.tr("Average order %1").replace("%1", money(o["aov_fen"])),
            "orders_per_active": self.tr("%1 orders per active member a month").replace(
                "%1", f"{o['orders_per_active']:.1f}"
            ),
            "new_per_month": self.tr("%1 new members a month").replace(
                "%1", str(o["new_per_month"])
            ),
        }
        for key, label in self.health_labels.items():
            label.setText(texts[key])

    def open_segment(self, segment: str, switch: bool = True) -> None:
        if self.look is None:
            self.refresh()
        assert self.look is not None
        self.segment = segment
        for name, card in self.cards.items():
            card.set_selected(name == segment)
        self.segment_list.show_segment(segment, segment_label(segment), self.look.segment(segment))
        if switch:
            self.tabs.setCurrentWidget(self.segment_list)

    def show_tree(self, row: int) -> None:
        referrer = self.referrers_model.rows[row]
        tree = member_history(self.reader.conn, referrer["id"])["tree"]
        self.tree.clear()
        root = QTreeWidgetItem([f"{referrer['name']} (#{referrer['member_no']})", "", ""])
        self.tree.addTopLevelItem(root)
        items = {referrer["id"]: root}
        for node in tree:  # level 1 comes first, so every parent exists before its children
            parent = items.get(node["referrer_id"], root)
            item = QTreeWidgetItem(
                [
                    f"{node['name']} (#{node['member_no']})",
                    str(node["orders"]),
                    money(node["sales_fen"]),
                ]
            )
            parent.addChild(item)
            items[node["id"]] = item
        self.tree.expandAll()

    def edit_thresholds(self) -> Any:
        from leader_app.insights import thresholds
        from ui.thresholds_dialog import ThresholdsDialog

        dialog = ThresholdsDialog(self.worker, thresholds(self.reader.conn), self)
        dialog.open()
        return dialog

    def focus_search(self) -> None:
        """Nothing to search here; Ctrl+F stays harmless."""
