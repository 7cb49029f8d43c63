"""The attack tests (issue 13, docs/security.md): each finding reproduced against a
real server (in process through TestClient, or a real uvicorn process) on SQLite
and PostgreSQL, and against real desktops. They use the server and sync fixtures."""
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent
for p in (TESTS / "server", TESTS / "sync"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

from srvfixtures import *  # noqa: E402,F401,F403
from syncfixtures import *  # noqa: E402,F401,F403
