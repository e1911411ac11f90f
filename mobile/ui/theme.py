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
# Orange-700, not the brighter amber it replaced (2.1:1 on white): it is text and a chip's
# ground as well as a stripe, so it keeps 4.5:1 both ways.
ACCENT = colour("#C2410C")
DANGER = colour("#B91C1C")
SUCCESS = colour("#15803D")
BACKGROUND = colour("#F3F4F6")
SURFACE = colour("#FFFFFF")
TEXT = colour("#111827")
# Also used as markup colour text ([color=5B6573]), hence kept as a hex string too. Dark enough
# for 4.5:1 on the grey page as well as on white.
MUTED_HEX = "5B6573"
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
# The bottom bar (mobile/shell.kv): the bar and its top line. Menus keep clear of it.
BOTTOM_BAR_HEIGHT = BAR_HEIGHT + dp(4)
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

# Every ground text is drawn on, and the colours text takes there (by the names above).
# tests/test_app_accessibility.py holds each pair to WCAG 2's 4.5:1 for body text, and finds
# every `color: theme.X` of the app's .kv and .py files among these text colours: a new
# colour for text, or a new ground, joins this table first.
_ON_LIGHT = (
    "TEXT",
    "MUTED",
    "PRIMARY",
    "PRIMARY_DARK",
    "DANGER",
    "SUCCESS",
    "CHALLENGE",
    "INSIGHT",
    "CAUTION",
    "ACCENT",
)
TEXT_ON_GROUND: dict[str, tuple[str, ...]] = {
    # Cards, panels, bars, fields and dialogs; the grey page between them.
    "SURFACE": _ON_LIGHT,
    "BACKGROUND": _ON_LIGHT,
    # Secondary buttons, chips and choosers.
    "PRIMARY_LIGHT": ("PRIMARY", "PRIMARY_DARK", "TEXT", "MUTED"),
    # Cautions ("may be out of date").
    "CAUTION_LIGHT": ("CAUTION", "TEXT"),
    # Filled buttons, bars, banners, badges and state chips carry white text.
    **{
        ground: ("ON_PRIMARY",)
        for ground in (
            "PRIMARY",
            "PRIMARY_DARK",
            "DANGER",
            "SUCCESS",
            "MUTED",
            "ACCENT",
            "OFFLINE",
            "CAUTION",
            "CHALLENGE",
            "INSIGHT",
        )
    },
}
