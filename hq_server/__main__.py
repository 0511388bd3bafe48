import sys

from hq_server.cli import main

sys.exit(main())
