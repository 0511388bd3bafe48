"""Unit prices the file does not give, worked out from what it does."""

from __future__ import annotations

from collections import Counter, defaultdict

from leader_app.importing.records import OrderRecord


def infer_prices(
    records: list[OrderRecord], known: dict[tuple[str, str], int]
) -> dict[tuple[str, str], int]:
    """Unit prices for lines the file gives no price for. 快团团 only has the whole order's
    amount, so: explicit line prices first, then any order where every line but one has a
    known price gives the last one (amount − the others) ÷ quantity; repeat until nothing
    new is learnt. The most common answer wins."""
    votes: defaultdict[tuple[str, str], Counter] = defaultdict(Counter)
    for record in records:
        for ln in record.lines:
            if ln.unit_price_fen is not None:
                votes[(ln.product, ln.spec)][ln.unit_price_fen] += 1
    prices = {k: c.most_common(1)[0][0] for k, c in votes.items()}
    priced = known | prices  # what a line's price is taken as: the file's, else the known one
    # Only orders with an amount and a line of unknown price can teach anything; each round
    # looks at those still left (a 100,000-line export: 57,000 orders, then far fewer). Each
    # line's (product, spec) is made once, not once a round.
    pending = []
    for record in records:
        if record.order_amount_fen is not None:
            keys = [(ln.product, ln.spec) for ln in record.lines]
            for k in keys:  # not any(): a generator per order cost 0.06 s over 57,000
                if k not in priced:
                    pending.append((record, keys))
                    break
    unpriced = {k for _record, keys in pending for k in keys} - priced.keys()
    learnt = True
    while learnt and unpriced:  # a round after every price is known would learn nothing
        learnt = False
        round_votes: defaultdict[tuple[str, str], Counter] = defaultdict(Counter)
        still = []
        for entry in pending:
            record, keys = entry
            unknown = [k for k in keys if k not in priced]
            if not unknown:
                continue
            still.append(entry)
            key = unknown[0]
            if unknown.count(key) != len(unknown):  # more than one product without a price
                continue
            rest, qty = record.order_amount_fen, 0
            for ln, k in zip(record.lines, keys, strict=True):
                if k == key:
                    qty += ln.quantity
                else:
                    rest -= ln.quantity * priced[k]
            if rest > 0 and rest % qty == 0:
                round_votes[key][rest // qty] += 1
        for key, counter in round_votes.items():
            prices[key] = priced[key] = counter.most_common(1)[0][0]
            learnt = True
        pending, unpriced = still, unpriced - round_votes.keys()
    return prices
