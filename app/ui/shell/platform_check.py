"""Does the window system a user would get here load? ``griddesk --smoke`` renders its
window offscreen, which works on a PC where the real window aborts (Qt's xcb plugin
missing a library exits with 134 and no dialog); so the smoke starts a child process on
the user's platform first and fails, clearly and non-zero, when it cannot."""
from __future__ import annotations

import os
import subprocess
import sys

PROBE_TIMEOUT_S = 30
# What the .deb depends on for the xcb platform (packaging/build-deb.sh); named in the
# message so IT knows what to install on a PC set up by hand.
XCB_PACKAGES = ("libxcb-cursor0", "libxcb-icccm4", "libxcb-image0", "libxcb-keysyms1",
                "libxcb-randr0", "libxcb-render-util0", "libxcb-shape0", "libxcb-util1",
                "libxcb-xkb1", "libxkbcommon-x11-0")


class PlatformError(RuntimeError):
    pass


def probe() -> int:
    """The child: start Qt on the platform the environment chooses, show a window."""
    from PySide6.QtWidgets import QApplication, QWidget

    app = QApplication(sys.argv[:1])
    window = QWidget()
    window.resize(200, 100)
    window.show()
    app.processEvents()
    print(f"platform={app.platformName()}", flush=True)
    window.close()
    return 0


def _command() -> list[str]:
    if getattr(sys, "frozen", False):
        return [sys.executable, "--probe-platform"]
    return [sys.executable, "-m", "app", "--probe-platform"]


def check_platform(user_platform: str | None) -> str:
    """Start the probe on ``user_platform`` (None: Qt's own choice, as for the user);
    a line for the smoke output, or PlatformError saying what is missing."""
    env = dict(os.environ)
    env.pop("QT_QPA_PLATFORM", None)
    if user_platform:
        env["QT_QPA_PLATFORM"] = user_platform
    try:
        result = subprocess.run(_command(), env=env, capture_output=True, text=True,
                                timeout=PROBE_TIMEOUT_S)
    except subprocess.TimeoutExpired as exc:
        raise PlatformError(f"the window system did not answer in {PROBE_TIMEOUT_S} s") \
            from exc
    found = [line.split("=", 1)[1] for line in result.stdout.splitlines()
             if line.startswith("platform=")]
    if result.returncode == 0 and found:
        where = "set by QT_QPA_PLATFORM" if user_platform else "Qt's choice"
        return f"window system: {found[0]!r} loads ({where})"
    qt_says = [line.strip() for line in result.stderr.splitlines()
               if "qt.qpa" in line or "platform plugin" in line or "could not" in line]
    wanted = user_platform or "xcb"
    raise PlatformError(
        f"the Qt platform {wanted!r} cannot start (exit {result.returncode}): "
        + ("; ".join(s.rstrip(".") for s in qt_says[:4]) or result.stderr.strip()[-300:] or "no message")
        + ". GridDesk's window will not open on this PC. Check that a desktop session is "
        "running (DISPLAY or WAYLAND_DISPLAY) and that the xcb libraries are installed: "
        "apt-get install " + " ".join(XCB_PACKAGES))
