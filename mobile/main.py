"""Entry point for buildozer (Android), which runs `main.py` from the source directory."""

import os

os.environ.setdefault("KIVY_NO_ARGS", "1")

from mobile.app import main  # noqa: E402

if __name__ == "__main__":
    main([])
