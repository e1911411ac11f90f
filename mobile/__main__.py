"""`python -m mobile`: run the app (Kivy's own command-line parsing is switched off)."""

import os
import sys

os.environ.setdefault("KIVY_NO_ARGS", "1")

from mobile.ui.window_size import configure_phone_window  # noqa: E402

configure_phone_window()

from mobile.app import main  # noqa: E402

main(sys.argv[1:])
