"""Accessibility, checked over the whole app: every text/background pair of the theme at
WCAG's 4.5:1, and every touchable at least 48 dp each way on every main screen, walked
through real widgets against a live server; and the stray widgets the issue found gone."""

import re
from pathlib import Path

from kivy.core.window import Window
from kivy.metrics import dp
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.textinput import TextInput
from kivy.utils import get_color_from_hex

from mobile.ui import theme
from mobile.ui.contrast import MINIMUM_TEXT_CONTRAST, contrast_ratio
from mobile.ui.highlight import MATCH_HEX
from server.demo.loader import DEMO_PASSWORD
from tests.support.app_driver import pump, wait_until  # first: makes Kivy headless
from tests.support.gunicorn import REPOSITORY_ROOT

ANA = "ana.lopez@quid.example"
TOMAS = "tomas.herrera@quid.example"
MOBILE = REPOSITORY_ROOT / "mobile"
# `color: theme.X` in a .kv file, `color=theme.X` in Python (not background_color, disabled_color…).
TEXT_COLOUR_USE = re.compile(r"(?<![\w.])color\s*[:=]\s*theme\.([A-Z_]+)")


def text_colours_checked() -> dict[tuple, str]:
    """Each colour the contrast table holds text to, by value: its name."""
    return {tuple(getattr(theme, name)): name for names in theme.TEXT_ON_GROUND.values() for name in names}


def test_every_text_and_background_pair_of_the_theme_has_at_least_4_5_to_1():
    too_faint = [
        f"{text} on {ground}: {contrast_ratio(getattr(theme, text), getattr(theme, ground)):.2f}:1"
        for ground, texts in theme.TEXT_ON_GROUND.items()
        for text in texts
        if contrast_ratio(getattr(theme, text), getattr(theme, ground)) < MINIMUM_TEXT_CONTRAST
    ]
    assert too_faint == []
    # The pairs the issue measured: orange on white, and the muted grey on the grey page.
    assert "ACCENT" in theme.TEXT_ON_GROUND["SURFACE"] and "MUTED" in theme.TEXT_ON_GROUND["BACKGROUND"]
    assert "ON_PRIMARY" in theme.TEXT_ON_GROUND["ACCENT"]


def test_every_colour_the_app_gives_text_is_one_the_contrast_check_covers():
    checked = text_colours_checked()
    unchecked = []
    for path in sorted(MOBILE.rglob("*.kv")) + sorted(MOBILE.rglob("*.py")):
        if path == Path(theme.__file__):
            continue  # its own comments name the pattern
        for name in TEXT_COLOUR_USE.findall(path.read_text(encoding="utf-8")):
            value = getattr(theme, name)
            colours = value.values() if isinstance(value, dict) else [value]
            unchecked += [
                f"{path.relative_to(REPOSITORY_ROOT)}: theme.{name}"
                for colour in colours
                if tuple(colour) not in checked
            ]
    assert unchecked == []
    # Markup colours too (text coloured inside a label).
    for hex_value in (theme.MUTED_HEX, theme.CAUTION_HEX, MATCH_HEX):
        assert tuple(get_color_from_hex(f"#{hex_value}")) in checked, hex_value
    # Trust bands, trade and flag states are drawn as white text on their colour.
    assert all(
        tuple(colour)
        in {tuple(getattr(theme, ground)) for ground, texts in theme.TEXT_ON_GROUND.items() if "ON_PRIMARY" in texts}
        for colour in theme.TRUST_BAND_COLOURS.values()
    )


def describe(widget) -> str:
    text = getattr(widget, "text", "") or ""
    return f"{type(widget).__name__} {text[:30]!r} {round(widget.width / dp(1))}x{round(widget.height / dp(1))} dp"


def nothing_to_see(widget) -> bool:
    """A folded-away bar: no area and no text (the status banner with nothing to report). A
    zero-high button that still has its words, like the old faded "Sign out", is something."""
    return (widget.width < 1 or widget.height < 1) and not getattr(widget, "text", "")


def undersized_touchables() -> list[str]:
    """Every button, toggle, field or other touchable in the window smaller than 48 dp either way
    (a hidden one with words counts too: hidden must mean out of the tree, not zero-high)."""
    smallest = dp(48) - 0.5
    found = []
    for top in Window.children:
        for widget in top.walk(restrict=True):
            if (
                isinstance(widget, (ButtonBehavior, TextInput))
                and not nothing_to_see(widget)
                and (widget.width < smallest or widget.height < smallest)
            ):
                found.append(describe(widget))
    return found


def check_screen(phone, what: str, undersized: dict) -> None:
    pump(0.3)
    small = undersized_touchables()
    if small:
        undersized[what] = small


def open_and_wait(phone, name, **parameters):
    phone.navigator.open(name, **parameters)
    screen = phone.wait_for_screen(name)
    phone.wait_idle(screen)
    return screen


def test_every_touch_target_on_every_main_screen_is_at_least_48_dp(server, phone):
    tomas = server.client(TOMAS, DEMO_PASSWORD)
    used_insight = next(
        post for post in tomas.get("/posts", author=tomas.id, kind="insight", limit=50)["items"] if post["use_count"]
    )
    challenge = next(post for post in tomas.get("/posts", kind="challenge", limit=50)["items"] if post["answer_count"])
    phone.sign_in(TOMAS, DEMO_PASSWORD)
    undersized = {}
    feed = phone.wait_for_screen("feed")
    phone.wait_idle(feed)
    wait_until(lambda: feed.ids.posts.data, "the feed")
    check_screen(phone, "feed", undersized)
    for tab in ("tab_challenges", "tab_insights"):
        phone.tap(feed.ids[tab])
        wait_until(lambda: not feed.ids.posts.loading and feed.ids.posts.data, tab)
        check_screen(phone, f"feed {tab}", undersized)

    phone.type(feed.ids.search, "discount")
    phone.tap(feed.ids.search_button)
    search = phone.wait_for_screen("search")
    wait_until(lambda: search.ids.results.data, "search results")
    check_screen(phone, "search", undersized)
    phone.tap(search.ids.type_chips.chip("Challenges"))
    check_screen(phone, "search, challenges", undersized)

    post = phone.open_post(challenge["id"])
    check_screen(phone, "a challenge with answers", undersized)
    post.ids.scroller.scroll_y = 0
    check_screen(phone, "a challenge with answers, scrolled", undersized)
    post = phone.open_post(used_insight["id"])
    check_screen(phone, "my used insight", undersized)
    phone.tap_in_view(post.post_buttons["uses_button"])
    phone.wait_idle(phone.wait_for_screen("uses"))
    check_screen(phone, "who used it", undersized)

    compose = open_and_wait(phone, "compose")
    check_screen(phone, "compose an insight", undersized)
    phone.tap(compose.ids.kind_challenge)
    check_screen(phone, "compose a challenge", undersized)
    phone.tap_in_view(compose.ids.audience)
    wait_until(lambda: compose.ids.audience.is_open, "the audience menu")
    check_screen(phone, "compose, audience menu open", undersized)
    compose.ids.audience.is_open = False
    pump(0.3)
    phone.tap_in_view(compose.ids.needed_by_choices.chip("Pick a date"))
    check_screen(phone, "compose, date picker", undersized)
    next(child for child in Window.children if type(child).__name__ == "DatePicker").dismiss()
    pump(0.3)

    propose = open_and_wait(phone, "propose_trade", counterparty_id=tomas.id + 1, counterparty_name="Someone")
    check_screen(phone, "propose a trade", undersized)
    for name in ("trades", "leaderboard", "profile"):
        phone.tap(phone.bottom_bar_button(name))
        screen = phone.wait_for_screen(name)
        phone.wait_idle(screen)
        check_screen(phone, name, undersized)
    profile = phone.screen
    profile.ids.scroll.scroll_y = 0
    check_screen(phone, "my profile, scrolled", undersized)
    other = open_and_wait(phone, "profile", user_id=used_insight["author"]["id"] + 1)
    wait_until(lambda: other.loaded, "someone else's profile")
    other.ids.scroll.scroll_y = 0
    check_screen(phone, "someone else's profile", undersized)
    open_and_wait(phone, "notifications")
    check_screen(phone, "notifications", undersized)
    assert propose is not None
    assert undersized == {}, "\n".join(f"{what}: {', '.join(sorted(set(small)))}" for what, small in undersized.items())
