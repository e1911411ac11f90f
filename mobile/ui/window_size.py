"""The desktop window's size, set before Kivy creates the window.

Kept apart from theme.py on purpose: theme's dp() values make Kivy open its window on
import, after which the size can no longer be configured.
"""

# A phone held upright (in density-independent pixels at density 1).
PHONE_WINDOW_SIZE = (412, 860)


def configure_phone_window() -> None:
    """Ask Kivy for a phone-shaped window; call before anything imports kivy.core.window."""
    from kivy.config import Config

    Config.set("graphics", "width", str(PHONE_WINDOW_SIZE[0]))
    Config.set("graphics", "height", str(PHONE_WINDOW_SIZE[1]))
