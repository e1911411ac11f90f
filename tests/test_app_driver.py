"""The test driver itself: the app is always driven in a phone-shaped window."""

import subprocess
import sys
from pathlib import Path

from mobile.ui.window_size import PHONE_WINDOW_SIZE

REPOSITORY_ROOT = Path(__file__).resolve().parent.parent
# A module that imports a screen before the driver (as tests/test_analytics_figures.py once
# did) makes Kivy open its window at the default 800x600.
SCRIPT = """
import os
os.environ["SDL_VIDEODRIVER"] = "offscreen"
os.environ["KIVY_NO_ARGS"] = "1"
import mobile.screens.leaders
from kivy.core.window import Window
before = tuple(Window.size)
import tests.support.app_driver
print(before, tuple(Window.size))
"""


def test_the_window_is_a_phones_whatever_imported_kivy_first(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=REPOSITORY_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={
            "PATH": "/usr/bin:/bin",
            "KIVY_HOME": str(tmp_path),
            "KIVY_NO_CONSOLELOG": "1",
            "PYTHONPATH": str(REPOSITORY_ROOT),
        },
    )
    assert result.returncode == 0, result.stderr[-2000:]
    before, after = result.stdout.strip().splitlines()[-1].split(") (")
    assert before.strip("(") == "800, 600"  # what happened without the driver's correction
    assert after.strip(")") == f"{PHONE_WINDOW_SIZE[0]}, {PHONE_WINDOW_SIZE[1]}"
