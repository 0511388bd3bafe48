"""Numbered migrations, applied in order when a store is opened.

`PRAGMA user_version` holds the number of the last applied migration. Each migration runs in its
own transaction together with the version bump, and the file is backed up before the first one
runs on an existing store. Never edit a released migration; add a new one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from storage.tx import id_key

MIGRATIONS: list[str] = [
    # 1: the initial schema.
    """
    CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );

    CREATE TABLE pickup_points (
        id         TEXT PRIMARY KEY,
        name       TEXT NOT NULL,
        address    TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted_at TEXT
    );

    CREATE TABLE members (
        id              TEXT PRIMARY KEY,
        member_no       INTEGER NOT NULL UNIQUE,
        name            TEXT NOT NULL,
        mobile          TEXT,  -- NULL for members known only from a 接龙 entry
        nickname        TEXT NOT NULL DEFAULT '',
        building        TEXT NOT NULL DEFAULT '',
        unit            TEXT NOT NULL DEFAULT '',
        room            TEXT NOT NULL DEFAULT '',
        tags            TEXT NOT NULL DEFAULT '[]',
        tier            TEXT NOT NULL DEFAULT '',
        tier_fee_fen    INTEGER NOT NULL DEFAULT 0 CHECK (tier_fee_fen >= 0),
        tier_expires_on TEXT,
        referrer_id     TEXT REFERENCES members(id),
        notes           TEXT NOT NULL DEFAULT '',
        search          TEXT NOT NULL DEFAULT '',
        created_at      TEXT NOT NULL,
        updated_at      TEXT NOT NULL,
        deleted_at      TEXT,
        merged_into     TEXT REFERENCES members(id)
    );
    CREATE UNIQUE INDEX ux_members_mobile ON members(mobile)
        WHERE deleted_at IS NULL AND mobile IS NOT NULL;
    CREATE INDEX ix_members_nickname ON members(nickname);
    CREATE INDEX ix_members_referrer ON members(referrer_id);
    CREATE INDEX ix_members_name ON members(name);
    CREATE INDEX ix_members_address ON members(building, unit, room);

    CREATE TABLE products (
        id             TEXT PRIMARY KEY,
        name           TEXT NOT NULL,
        spec           TEXT NOT NULL DEFAULT '',
        unit           TEXT NOT NULL DEFAULT '',
        price_fen      INTEGER NOT NULL CHECK (price_fen >= 0),
        list_price_fen INTEGER NOT NULL DEFAULT 0 CHECK (list_price_fen >= 0),
        sku            TEXT NOT NULL DEFAULT '',
        commission_bp  INTEGER NOT NULL DEFAULT 0 CHECK (commission_bp BETWEEN 0 AND 10000),
        withdrawn      INTEGER NOT NULL DEFAULT 0,
        created_at     TEXT NOT NULL,
        updated_at     TEXT NOT NULL,
        deleted_at     TEXT
    );
    CREATE UNIQUE INDEX ux_products_name_spec ON products(name, spec) WHERE deleted_at IS NULL;

    CREATE TABLE campaigns (
        id               TEXT PRIMARY KEY,
        title            TEXT NOT NULL,
        status           TEXT NOT NULL DEFAULT 'draft'
                         CHECK (status IN ('draft', 'open', 'closed', 'arrived', 'done')),
        deadline_at      TEXT,
        pickup_on        TEXT,
        pickup_point_ids TEXT NOT NULL DEFAULT '[]',
        order_prefix     TEXT NOT NULL,
        copied_from      TEXT REFERENCES campaigns(id),
        notes            TEXT NOT NULL DEFAULT '',
        created_at       TEXT NOT NULL,
        updated_at       TEXT NOT NULL
    );
    CREATE INDEX ix_campaigns_status ON campaigns(status, deadline_at);

    CREATE TABLE campaign_items (
        id            TEXT PRIMARY KEY,
        campaign_id   TEXT NOT NULL REFERENCES campaigns(id),
        product_id    TEXT NOT NULL REFERENCES products(id),
        price_fen     INTEGER NOT NULL CHECK (price_fen >= 0),
        commission_bp INTEGER NOT NULL DEFAULT 0 CHECK (commission_bp BETWEEN 0 AND 10000),
        stock_cap     INTEGER CHECK (stock_cap IS NULL OR stock_cap >= 0),
        member_limit  INTEGER CHECK (member_limit IS NULL OR member_limit > 0),
        position      INTEGER NOT NULL DEFAULT 0,
        UNIQUE (campaign_id, product_id)
    );

    CREATE TABLE orders (
        id              TEXT PRIMARY KEY,
        campaign_id     TEXT NOT NULL REFERENCES campaigns(id),
        member_id       TEXT NOT NULL REFERENCES members(id),
        seq             INTEGER NOT NULL,
        order_no        TEXT NOT NULL,
        status          TEXT NOT NULL DEFAULT 'placed'
                        CHECK (status IN ('placed', 'cancelled', 'refunded', 'picked_up')),
        paid            INTEGER NOT NULL DEFAULT 0 CHECK (paid IN (0, 1)),
        amount_fen      INTEGER NOT NULL DEFAULT 0 CHECK (amount_fen >= 0),
        member_note     TEXT NOT NULL DEFAULT '',
        leader_note     TEXT NOT NULL DEFAULT '',
        source          TEXT NOT NULL DEFAULT 'manual' CHECK (source IN ('manual', 'file', 'jielong')),
        source_ref      TEXT NOT NULL DEFAULT '',
        external_no     TEXT NOT NULL DEFAULT '',  -- the platform's order number (跟团号 …)
        fingerprint     TEXT NOT NULL DEFAULT '',  -- content hash of an imported order
        pickup_point_id TEXT REFERENCES pickup_points(id),
        created_at      TEXT NOT NULL,
        updated_at      TEXT NOT NULL,
        picked_up_at    TEXT,
        UNIQUE (campaign_id, seq)  -- order_no is prefix + seq, so it is unique too
    );
    CREATE INDEX ix_orders_campaign_status ON orders(campaign_id, status);
    CREATE INDEX ix_orders_member ON orders(member_id, campaign_id);
    CREATE INDEX ix_orders_created ON orders(created_at);
    -- Covering index: the orders search scans order and platform numbers without the table.
    CREATE INDEX ix_orders_numbers ON orders(order_no, external_no);


    CREATE TABLE order_lines (
        id               TEXT PRIMARY KEY,
        order_id         TEXT NOT NULL REFERENCES orders(id),
        campaign_item_id TEXT NOT NULL REFERENCES campaign_items(id),
        product_id       TEXT NOT NULL REFERENCES products(id),
        quantity         INTEGER NOT NULL CHECK (quantity > 0),
        unit_price_fen   INTEGER NOT NULL CHECK (unit_price_fen >= 0),
        picked_qty       INTEGER NOT NULL DEFAULT 0 CHECK (picked_qty BETWEEN 0 AND quantity),
        position         INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX ix_order_lines_order ON order_lines(order_id);
    CREATE INDEX ix_order_lines_item ON order_lines(campaign_item_id);

    -- One row per transaction of the write API: the unit of undo, audit and sync batching.
    CREATE TABLE tx_log (
        tx_id     TEXT PRIMARY KEY,
        action    TEXT NOT NULL,
        at        TEXT NOT NULL,
        undone_by TEXT,
        undoes    TEXT
    );

    -- The change log (a transactional outbox): written in the same transaction as the change.
    CREATE TABLE change_log (
        seq       INTEGER PRIMARY KEY AUTOINCREMENT,
        tx_id     TEXT NOT NULL REFERENCES tx_log(tx_id),
        entity    TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        op        TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
        before    TEXT,
        after     TEXT,
        at        TEXT NOT NULL
    );
    CREATE INDEX ix_change_log_tx ON change_log(tx_id);
    """,
    # 2: who handed an order over at the pickup desk ("已于 10:32 由 王店长 核销").
    """
    ALTER TABLE orders ADD COLUMN picked_up_by TEXT NOT NULL DEFAULT '';
    """,
    # 3: sync with HQ. The outbox is change_log itself; a watermark in settings (sync.acked_seq)
    # says how far HQ has acknowledged, so an ack never rewrites log rows. A batch's id and
    # range are stored before its first send, so a retry after a crash resends the same id.
    """
    CREATE TABLE sync_batches (
        batch_id   TEXT PRIMARY KEY,
        first_seq  INTEGER NOT NULL,
        last_seq   INTEGER NOT NULL,
        changes    INTEGER NOT NULL,
        bytes      INTEGER NOT NULL,
        status     TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done')),
        attempts   INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        acked_at   TEXT,
        applied    INTEGER,
        rejected   INTEGER,
        last_error TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX ix_sync_batches_status ON sync_batches(status, first_seq);
    CREATE TABLE sync_rejects (
        seq       INTEGER PRIMARY KEY,
        batch_id  TEXT NOT NULL,
        entity    TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        reason    TEXT NOT NULL,
        at        TEXT NOT NULL
    );
    ALTER TABLE products ADD COLUMN hq_id TEXT;
    CREATE INDEX ix_products_hq ON products(hq_id);
    """,
    # 4: campaigns HQ suggests, as pulled from its catalog feed. HQ's data, kept on this
    # device only (never in the change log); a leader opens a campaign from one.
    """
    CREATE TABLE hq_suggestions (
        hq_id       TEXT PRIMARY KEY,
        title       TEXT NOT NULL,
        data        TEXT NOT NULL,
        received_at TEXT NOT NULL,
        campaign_id TEXT
    );
    """,
    # 5 (issue 9): what the platform refunded on an order (退款金额 of an imported export), in
    # fen. The refunds the leader owes after a shortage are not this.
    """
    ALTER TABLE orders ADD COLUMN platform_refund_fen INTEGER NOT NULL DEFAULT 0
        CHECK (platform_refund_fen >= 0);
    """,
    # 6 (issue 11): arrival check (到货核对): what really arrived, the refunds the leader owes members after a
    # shortage (paid back on the platform, ticked off here), and a surplus kept as stock on
    # hand. order_lines.ordered_qty keeps what was ordered when a line was reduced (NULL: as
    # ordered). All three tables sync, so they carry updated_at and deleted_at.
    """
    ALTER TABLE order_lines ADD COLUMN ordered_qty INTEGER;
    CREATE TABLE arrivals (
        id          TEXT PRIMARY KEY,
        campaign_id TEXT NOT NULL REFERENCES campaigns(id),
        rule        TEXT NOT NULL CHECK (rule IN ('latest-first', 'proportional', 'by-hand')),
        received    TEXT NOT NULL DEFAULT '[]',
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL,
        deleted_at  TEXT
    );
    CREATE INDEX ix_arrivals_campaign ON arrivals(campaign_id);
    CREATE TABLE refunds (
        id          TEXT PRIMARY KEY,
        order_id    TEXT NOT NULL REFERENCES orders(id),
        arrival_id  TEXT REFERENCES arrivals(id),
        amount_fen  INTEGER NOT NULL CHECK (amount_fen > 0),
        reason      TEXT NOT NULL DEFAULT 'shortage',
        detail      TEXT NOT NULL DEFAULT '[]',
        created_at  TEXT NOT NULL,
        done_at     TEXT,
        updated_at  TEXT NOT NULL,
        deleted_at  TEXT
    );
    CREATE INDEX ix_refunds_order ON refunds(order_id);
    CREATE TABLE stock_on_hand (
        id          TEXT PRIMARY KEY,
        campaign_id TEXT NOT NULL REFERENCES campaigns(id),
        product_id  TEXT NOT NULL REFERENCES products(id),
        arrival_id  TEXT REFERENCES arrivals(id),
        quantity    INTEGER NOT NULL CHECK (quantity > 0),
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL,
        deleted_at  TEXT
    );
    CREATE INDEX ix_stock_campaign ON stock_on_hand(campaign_id);
    """,
    # 7 (issue 12): HQ catalog items this desk could not take, parked with the reason so they never block
    # the pulls. Device-local, never in the change log.
    """
    CREATE TABLE catalog_rejects (
        hq_id    TEXT NOT NULL,
        cursor   TEXT NOT NULL,
        kind     TEXT NOT NULL,
        reason   TEXT NOT NULL,
        data     TEXT NOT NULL,
        at       TEXT NOT NULL,
        PRIMARY KEY (hq_id, cursor)
    );
    """,
    # 8 (issue 13): the member pool (会员洞察) sums active orders per member and per week over the whole
    # history; covering indexes let both read the index alone (100,000 orders: about 5× faster).
    # The new created_at index starts with created_at, so it replaces the old one.
    """
    DROP INDEX IF EXISTS ix_orders_created;
    CREATE INDEX ix_orders_created_activity ON orders(created_at, status, amount_fen, member_id);
    CREATE INDEX ix_orders_member_activity
        ON orders(member_id, status, created_at, campaign_id, amount_fen);
    """,
    # 9 (issue 14): deliveries HQ recorded for this leader's campaigns, as pulled from its catalog feed. HQ's
    # data, kept on this device only (never in the change log); the arrival check starts
    # from it.
    """
    CREATE TABLE hq_deliveries (
        hq_id       TEXT PRIMARY KEY,
        campaign_id TEXT NOT NULL,
        items       TEXT NOT NULL,
        note        TEXT NOT NULL DEFAULT '',
        sent_at     TEXT,
        received_at TEXT NOT NULL
    );
    CREATE INDEX ix_hq_deliveries_campaign ON hq_deliveries(campaign_id);
    """,
    # 10 (issue 15): a lean change log. It held a full JSON image of every row before and after
    # each change: 56% of a 100,000-order store, copied by every backup. Now an insert logs a
    # reference (the row is its own image; sync reads it when it fixes a batch), an update the
    # changed columns only, a delete the row it removed. A transaction's changes are one run
    # of seq (SQLite has one writer at a time), so tx_log keeps the run's ends, and the log
    # loses tx_id and at, and their index. Each change is kept in change_rows as a small kind
    # (entity code × 4 + op) and its record's id as 16 bytes when it is a UUID; the view
    # change_log reads them back as before. A fixed batch keeps its payload until HQ acks it,
    # so a retry sends the same bytes. ix_orders_member goes: ix_orders_member_activity starts
    # with member_id and serves the same lookups.
    """
    ALTER TABLE tx_log ADD COLUMN first_seq INTEGER;
    ALTER TABLE tx_log ADD COLUMN last_seq INTEGER;
    UPDATE tx_log SET (first_seq, last_seq) =
        (SELECT min(seq), max(seq) FROM change_log c WHERE c.tx_id = tx_log.tx_id);
    CREATE INDEX ix_tx_log_seq ON tx_log(first_seq);
    CREATE TABLE change_rows (
        seq       INTEGER PRIMARY KEY AUTOINCREMENT,
        kind      INTEGER NOT NULL,  -- entity code × 4 + op: 1 insert, 2 update, 3 delete
        entity_id NOT NULL,          -- 16 bytes for a lowercase UUID, else the key as text
        before    TEXT,              -- update: changed columns as they were; delete: the row
        after     TEXT               -- update: changed columns as they became
    );
    INSERT INTO change_rows (seq, kind, entity_id, before, after)
        SELECT seq,
            CASE entity
            WHEN 'settings' THEN 1
            WHEN 'pickup_points' THEN 2
            WHEN 'members' THEN 3
            WHEN 'products' THEN 4
            WHEN 'campaigns' THEN 5
            WHEN 'campaign_items' THEN 6
            WHEN 'orders' THEN 7
            WHEN 'order_lines' THEN 8
            WHEN 'arrivals' THEN 9
            WHEN 'refunds' THEN 10
            WHEN 'stock_on_hand' THEN 11
            END * 4 + CASE op WHEN 'insert' THEN 1 WHEN 'update' THEN 2 ELSE 3 END,
            id_key(entity_id), before, CASE op WHEN 'insert' THEN NULL ELSE after END
        FROM change_log ORDER BY seq;
    DROP TABLE change_log;
    CREATE VIEW change_log (seq, entity, entity_id, op, before, after) AS
        SELECT seq,
            CASE kind >> 2
            WHEN 1 THEN 'settings'
            WHEN 2 THEN 'pickup_points'
            WHEN 3 THEN 'members'
            WHEN 4 THEN 'products'
            WHEN 5 THEN 'campaigns'
            WHEN 6 THEN 'campaign_items'
            WHEN 7 THEN 'orders'
            WHEN 8 THEN 'order_lines'
            WHEN 9 THEN 'arrivals'
            WHEN 10 THEN 'refunds'
            WHEN 11 THEN 'stock_on_hand'
            END,
            CASE WHEN typeof(entity_id) = 'blob' THEN lower(
                substr(hex(entity_id), 1, 8) || '-' || substr(hex(entity_id), 9, 4) || '-' ||
                substr(hex(entity_id), 13, 4) || '-' || substr(hex(entity_id), 17, 4) || '-' ||
                substr(hex(entity_id), 21)) ELSE entity_id END,
            CASE kind & 3 WHEN 1 THEN 'insert' WHEN 2 THEN 'update' ELSE 'delete' END,
            before, after
        FROM change_rows;
    ALTER TABLE sync_batches ADD COLUMN payload TEXT;
    DROP INDEX ix_orders_member;
    """,
]

LATEST = len(MIGRATIONS)


def current_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def pending(conn: sqlite3.Connection) -> list[int]:
    return list(range(current_version(conn) + 1, LATEST + 1))


def apply(conn: sqlite3.Connection, before_first: Callable[[int], None] | None = None) -> list[int]:
    """Apply every pending migration; `before_first(version)` runs once before any is applied
    (the store takes its backup there). Returns the numbers applied."""
    todo = pending(conn)
    if todo and before_first is not None:
        before_first(current_version(conn))
    conn.create_function("id_key", 1, id_key, deterministic=True)  # used by migration 10
    for number in todo:
        script = MIGRATIONS[number - 1]
        conn.execute("BEGIN IMMEDIATE")
        if current_version(conn) >= number:  # another process (a CLI command) got there first
            conn.execute("ROLLBACK")
            continue
        try:
            for statement in _split(script):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return todo


def compact_if_sparse(conn: sqlite3.Connection) -> bool:
    """After an upgrade that dropped a large table (migration 10 replaces a change log that
    could be half the file), give the space back once, so the file and every backup of it
    shrink. Only when at least a quarter of the file is free pages."""
    free = conn.execute("PRAGMA freelist_count").fetchone()[0]
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    if not pages or free * 4 < pages:
        return False
    conn.execute("VACUUM")
    return True


def _split(script: str) -> list[str]:
    """executescript() would commit on its own; run statement by statement inside our
    transaction instead."""
    statements, buffer = [], ""
    for line in script.splitlines(keepends=True):
        if line.strip().startswith("--"):
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements
