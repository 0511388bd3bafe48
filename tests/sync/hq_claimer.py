"""A real HQ process that claims one batch and then stops before applying it, as a server
SIGKILLed mid-batch leaves things: `python -m tests.sync.hq_claimer DB LEADER_ID BATCH_FILE`.
It prints its instance id once the claim is committed, keeps its heartbeat going, and waits
for the test to kill it. SIGUSR1 silences its heartbeat while the process lives on."""

from __future__ import annotations

import json
import signal
import sys
import time
from pathlib import Path

from hq_server.app import Batch, batch_body
from hq_server.db import Database
from hq_server.service import HQ, batch_hash


def main() -> None:
    db, leader_id, batch_file = sys.argv[1:4]
    body = batch_body(Batch.model_validate(json.loads(Path(batch_file).read_text())))
    hq = HQ(Database(db))
    owner = hq.instance.id
    assert hq._claim(leader_id, body["batch_id"], batch_hash(body["changes"]), owner) is None
    signal.signal(signal.SIGUSR1, lambda *_: hq.instance._stop.set())
    print(owner, flush=True)
    while True:
        time.sleep(60)


if __name__ == "__main__":
    main()
