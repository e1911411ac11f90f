"""Colours and sizes, once: every .kv file and widget reads them from here.

Phone held upright first: touch targets at least 48 dp, body text 16 sp, readable at arm's
length; the same sizes stay comfortable in a desktop window.
"""

from kivy.metrics import dp, sp
from kivy.utils import get_color_from_hex


def colour(hex_value: str) -> list[float]:
    return get_color_from_hex(hex_value)


PRIMARY = colour("#0F766E")
PRIMARY_DARK = colour("#115E59")
PRIMARY_LIGHT = colour("#CCFBF1")
ACCENT = colour("#F59E0B")
DANGER = colour("#B91C1C")
SUCCESS = colour("#15803D")
BACKGROUND = colour("#F3F4F6")
SURFACE = colour("#FFFFFF")
TEXT = colour("#111827")
# Also used as markup colour text ([color=6B7280]), hence kept as a hex string too.
MUTED_HEX = "6B7280"
MUTED = colour(f"#{MUTED_HEX}")
LINE = colour("#E5E7EB")
ON_PRIMARY = colour("#FFFFFF")
OFFLINE = colour("#7C2D12")
CHALLENGE = colour("#B45309")
INSIGHT = colour("#1D4ED8")
POST_KIND_COLOURS = {"challenge": CHALLENGE, "insight": INSIGHT}

TOUCH_TARGET = dp(48)
SPACING = dp(8)
PADDING = dp(12)
RADIUS = dp(10)
BAR_HEIGHT = dp(56)
# In a wide desktop window the screens keep a readable column instead of stretching.
MAX_CONTENT_WIDTH = dp(720)

FONT_TITLE = sp(20)
FONT_HEADING = sp(18)
FONT_BODY = sp(16)
FONT_SMALL = sp(13)

TRUST_BAND_COLOURS = {
    "reliable": SUCCESS,
    "mixed": ACCENT,
    "unreliable": DANGER,
    "new": MUTED,
}

# "May be out of date" and other cautions: dark amber on pale amber, readable in sunlight.
CAUTION_HEX = "92400E"
CAUTION = colour(f"#{CAUTION_HEX}")
CAUTION_LIGHT = colour("#FEF3C7")
