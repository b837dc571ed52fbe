"""`./run check`: the publication check without building (check.py)."""

import sys

from mhsite.publication.check import main

sys.exit(main())
