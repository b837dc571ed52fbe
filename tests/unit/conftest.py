"""Unit tests of the domain modules beside the hooks (no MkDocs build): make
`hooks/` importable, as MkDocs does when it loads a hook."""

from __future__ import annotations

import sys
from pathlib import Path

HOOKS = Path(__file__).resolve().parents[2] / "hooks"
if str(HOOKS) not in sys.path:
    sys.path.insert(0, str(HOOKS))
