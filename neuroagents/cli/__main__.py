"""``python -m neuroagents.cli`` runs the command line."""

import sys

from neuroagents.cli.commands import main

sys.exit(main())
