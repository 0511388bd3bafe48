"""Unit prices the file does not give, worked out from what it does."""

from __future__ import annotations

from collections import Counter

from leader_app.importing.records import OrderRecord


def infer_prices(
    records: list[OrderRecord], known: dict[tuple[str, str], int]
) -> dict[tuple[str, str], int]:
    """Unit prices for lines the file gives no price for. 快团团 only has the whole order's
    amount, so: explicit line prices first, then any order where every line but one has a
    known price gives the last one (amount − the others) ÷ quantity; repeat until nothing
    new is learnt. The most common answer wins."""
    votes: dict[tuple[str, str], Counter] = {}
    for record in records:
        for ln in record.lines:
            if ln.unit_price_fen is not None:
                votes.setdefault((ln.product, ln.spec), Counter())[ln.unit_price_fen] += 1
    prices = {k: c.most_common(1)[0][0] for k, c in votes.items()}
    # Only orders with an amount and a line of unknown price can teach anything; each round
    # looks at those still left (a 100,000-line export: 57,000 orders, then a few hundred).
    pending = [
        r
        for r in records
        if r.order_amount_fen is not None
        and any(
            (ln.product, ln.spec) not in prices and (ln.product, ln.spec) not in known
            for ln in r.lines
        )
    ]
    learnt = True
    while learnt and pending:
        learnt = False
        round_votes: dict[tuple[str, str], Counter] = {}
        still = []
        for record in pending:
            unknown = [
                ln
                for ln in record.lines
                if (ln.product, ln.spec) not in prices and (ln.product, ln.spec) not in known
            ]
            if not unknown:
                continue
            still.append(record)
            if len({(ln.product, ln.spec) for ln in unknown}) != 1:
                continue
            rest = record.order_amount_fen - sum(
                ln.quantity * prices.get((ln.product, ln.spec), known.get((ln.product, ln.spec), 0))
                for ln in record.lines
                if ln not in unknown
            )
            qty = sum(ln.quantity for ln in unknown)
            if rest > 0 and rest % qty == 0:
                key = (unknown[0].product, unknown[0].spec)
                round_votes.setdefault(key, Counter())[rest // qty] += 1
        for key, counter in round_votes.items():
            prices[key] = counter.most_common(1)[0][0]
            learnt = True
        pending = still
    return prices
