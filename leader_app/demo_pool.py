"""The demo pool's shapes (see leader_app/demo.py): who a demo member is, when they joined,
and which campaigns they order in."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

# The pool's shapes, so that the member insights tell a story on first look: a loyal core,
# regulars, occasional buyers, members drifting away (recently or long ago), new joiners and
# neighbours who never ordered. persona → (share of members, order weight).
PERSONAS = {
    "core": (0.12, 6.0),
    "regular": (0.28, 2.5),
    "occasional": (0.20, 0.6),
    "drifting": (0.12, 2.0),  # stopped five to six weeks ago: 流失风险
    "gone": (0.10, 2.0),  # stopped more than two months ago: 沉睡
    "new": (0.08, 3.0),  # joined in the last fortnight: 新会员
    "never": (0.10, 0.0),
}
# The last day (days from now) a persona still orders, or the first day for new joiners.
LAST_DAY = {"drifting": -35, "gone": -63}
FIRST_DAY = {"new": -2}
STRONG_REFERRERS = 4


def personas_for(rng: random.Random, count: int) -> list[str]:
    out = [p for p, (share, _w) in PERSONAS.items() for _ in range(round(share * count))]
    out = (out + ["regular"] * count)[:count]
    rng.shuffle(out)
    return out


def join_date(rng: random.Random, persona: str) -> datetime:
    now = datetime.now(UTC)
    if persona == "new":
        days = rng.uniform(10.5, 13.5)
    elif persona == "never":
        days = rng.uniform(1, 120)
    else:
        days = rng.uniform(90, 160)
    return now - timedelta(days=days)


def buyers_for(
    members: list[dict[str, Any]], personas: list[str], offset: int
) -> tuple[list[dict[str, Any]], list[float]]:
    """Who may order in a campaign `offset` days from now, with cumulative weights."""
    pool, cumulative, total = [], [], 0.0
    for member, persona in zip(members, personas, strict=True):
        weight = PERSONAS[persona][1]
        if not weight or offset > LAST_DAY.get(persona, 99) or offset < FIRST_DAY.get(persona, -99):
            continue
        total += weight
        pool.append(member)
        cumulative.append(total)
    if not pool:  # a tiny pool: anyone
        return members, [float(i + 1) for i in range(len(members))]
    return pool, cumulative
