"""The welcome with real taps against the demo firm: a new colleague signing in for the first
time is welcomed; the topics they choose are saved as their expertise and 'For you' follows
them; Skip leaves it and is remembered through restarts and signing in again; Me opens it
again; and an account that has started is not welcomed on another phone."""

from kivy.tests.common import UnitTestTouch

from server.demo.loader import DEMO_PASSWORD
from shared.levels import LEVELS
from shared.rules import POINTS, ReputationEvent
from tests.support.app_driver import HOSTILE_MARKUP, Phone, pump, wait_until, wait_until_or_none  # first

ANA = "ana.lopez@quid.example"
# How long a screen that should not open is given to open anyway.
NOT_OPENING_SECONDS = 1.5


def sign_in_through_the_screen(phone, email: str) -> None:
    screen = phone.wait_for_sign_in_screen()
    phone.type(screen.ids.email, email)
    phone.type(screen.ids.password, DEMO_PASSWORD)
    phone.tap(screen.ids.sign_in_button)


def welcomed(phone):
    """The welcome, open over the feed, on its first page."""
    welcome = phone.wait_for_screen("welcome")
    assert phone.navigator.can_go_back and phone.shell.ids.bottom_bar.height == 0
    assert welcome.page == 0
    phone.wait_idle(welcome)
    return welcome


def not_welcomed(phone) -> None:
    """The feed, with the profile loaded, and no welcome opening over it."""
    phone.wait_for_screen("feed")
    wait_until(lambda: phone.session.user is not None, "the profile")
    assert wait_until_or_none(lambda: phone.shell.ids.screens.current == "welcome", NOT_OPENING_SECONDS) is None


def swipe(widget, dx: float, steps: int = 8) -> None:
    """A finger across the middle of `widget`, `dx` pixels sideways (negative: to the left)."""
    x, y = widget.to_window(*widget.center)
    touch = UnitTestTouch(x, y)
    touch.touch_down()
    for step in range(1, steps + 1):
        touch.touch_move(x + dx * step / steps, y)
        pump(0.01)
    touch.touch_up()
    pump(0.3)


def rows_of(panel) -> list:
    return [row for row in reversed(panel.children) if hasattr(row, "figure")]


def test_a_new_colleague_is_welcomed_and_the_topics_they_choose_shape_for_you(server, phone, tmp_path):
    newcomer = server.join(email="wanda.welcome@quid.example", display_name="Wanda Welcome", division_id=1)
    assert newcomer.user["started"] is False
    ana = server.client(ANA, DEMO_PASSWORD)
    challenge = ana.post(
        "/posts",
        {
            "kind": "challenge",
            "title": "OPC UA gateway keeps dropping sessions",
            "body": "The plant's historian loses the OPC UA link every night.",
            "tags": ["opc-ua"],
            "audience": "firm",
        },
    )

    sign_in_through_the_screen(phone, newcomer.user["email"])
    welcome = welcomed(phone)
    feed = phone.shell.ids.screens.get_screen("feed")
    wait_until(lambda: feed.ids.posts.loaded, "the feed under the welcome")
    assert challenge["id"] not in [row["post_id"] for row in feed.ids.posts.data]

    # A swipe or Next turns the page; the rules shown are shared/'s.
    swipe(welcome.ids.pages, dx=-welcome.width * 0.6)
    wait_until(lambda: welcome.page == 1, "the points page after a swipe")
    points = rows_of(welcome.ids.point_rows)
    assert points[0].figure == f"+{POINTS[ReputationEvent.CONTRIBUTION_USED]}"
    assert points[-1].figure == f"\u2212{-POINTS[ReputationEvent.LEG_BROKEN]}"
    phone.tap(welcome.ids.next_button)
    wait_until(lambda: welcome.page == 2, "the levels page")
    levels = rows_of(welcome.ids.level_rows)
    assert [row.what for row in levels] == [f"{level.number} · {level.name}" for level in LEVELS]
    assert levels[1].figure == str(LEVELS[1].threshold) and "vote helpful" in levels[1].detail
    phone.tap(welcome.ids.next_button)
    wait_until(lambda: welcome.page == 3, "the trust page")
    phone.tap(welcome.ids.next_button)
    wait_until(lambda: welcome.page == welcome.page_count - 1, "the topics page")
    assert welcome.ids.next_button.text == "Done"

    # The firm's most used topics are chips; one is chosen with a tap.
    chips = welcome.ids.topic_chips
    most_used = wait_until(lambda: welcome.offered and welcome.offered[0], "the firm's topics")
    phone.tap_in_view(chips.chip(most_used))
    assert welcome.chosen == [most_used] and chips.chip(most_used).text.startswith(most_used)
    # A topic the firm does not have is refused in words, shown literally.
    phone.type(welcome.ids.topic_field, HOSTILE_MARKUP)
    phone.tap_in_view(welcome.ids.add_topic_button)
    wait_until(lambda: welcome.ids.topic_box.error, "the refusal")
    assert HOSTILE_MARKUP.lower() in welcome.ids.topic_box.error and welcome.chosen == [most_used]
    # One it has is chosen by typing it.
    phone.type(welcome.ids.topic_field, "OPC-UA")
    phone.tap_in_view(welcome.ids.add_topic_button)
    wait_until(lambda: "opc-ua" in welcome.chosen, "the typed topic chosen")
    assert welcome.ids.topic_box.error == "" and welcome.ids.topic_field.text == ""
    assert welcome.ids.next_button.text == "Save topics"

    phone.tap(welcome.ids.next_button)
    feed = phone.wait_for_screen("feed")
    assert feed.tab == "for_you"
    wait_until(
        lambda: challenge["id"] in [row["post_id"] for row in feed.ids.posts.data],
        "the challenge on the chosen topic in For you",
    )
    me = newcomer.get("/me")
    assert sorted(me["expertise"]) == sorted([most_used, "opc-ua"]) and me["started"] is True

    # Me opens the welcome again, with the topics chosen; Skip returns to Me.
    phone.tap(phone.bottom_bar_button("profile"))
    profile = phone.wait_for_screen("profile")
    wait_until(lambda: profile.loaded and sorted(profile.expertise) == sorted(me["expertise"]), "my topics")
    phone.tap_in_view(profile.ids.welcome_tour_button)
    welcome = welcomed(phone)
    assert sorted(welcome.chosen) == sorted(me["expertise"])
    phone.tap(welcome.ids.skip_button)
    phone.wait_for_screen("profile")

    # The account has started: another phone does not welcome it.
    other = Phone(server.base_url, tmp_path / "other-phone")
    try:
        sign_in_through_the_screen(other, newcomer.user["email"])
        not_welcomed(other)
    finally:
        other.close()


def test_skipping_is_remembered_through_a_restart_and_signing_in_again(server, tmp_path):
    newcomer = server.join(email="sam.skipper@quid.example", display_name="Sam Skipper", division_id=2)
    phone = Phone(server.base_url, tmp_path / "phone")
    try:
        sign_in_through_the_screen(phone, newcomer.user["email"])
        welcome = welcomed(phone)
        phone.tap(welcome.ids.next_button)
        wait_until(lambda: welcome.page == 1, "the second page")
        phone.tap(welcome.ids.skip_button)
        phone.wait_for_screen("feed")
        me = newcomer.get("/me")
        assert me["expertise"] == [] and me["started"] is False  # Skip saved nothing
    finally:
        phone.close()

    restarted = Phone(server.base_url, tmp_path / "phone")
    try:
        not_welcomed(restarted)
        restarted.session.sign_out()
        sign_in_through_the_screen(restarted, newcomer.user["email"])
        not_welcomed(restarted)
    finally:
        restarted.close()
