"""Exit codes of the event loop that mean more than "quit". The start-up loop
(``app``) reads them; the main window ends the loop with them. A module of its own
so that neither imports the other."""
from __future__ import annotations

SWITCH_USER = 1042   # back to the sign-in screen (切换用户)
