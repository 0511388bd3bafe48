"""The bundle's `hq-server` executable: HQ's CLI, as `python -m hq_server` runs it."""

import sys

from hq_server.cli import main

if __name__ == "__main__":
    sys.exit(main())
