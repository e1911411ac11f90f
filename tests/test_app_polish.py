"""The app's polish, driven with real widgets against a live server: who used my insight or
answer, posting that confirms itself, trust in words, Helpful locked with its level, a due
date from the date picker, searching (Go, clear, every kind), menus, pull to refresh and
long titles."""

from datetime import date, timedelta

import pytest
from kivy.core.text import Label as CoreLabel
from kivy.core.window import Window

from mobile.ui import theme
from mobile.ui.calendar_days import day_label, shift_month
from mobile.ui.ellipsis_label import ELLIPSIS
from mobile.ui.privilege_text import locked_label
from mobile.ui.use_text import use_value_text, used_by_button_text, uses_totals_text
from server.demo.loader import DEMO_PASSWORD
from shared.limits import TITLE_MAX_LENGTH
from shared.rules import PRIVILEGE_LEVELS, Privilege
from tests.support.app_driver import pump, wait_until  # first: makes Kivy headless
from tests.test_app_trades import choose, reveal

ANA = "ana.lopez@quid.example"
TOMAS = "tomas.herrera@quid.example"
INGRID = "ingrid.johansson@quid.example"


def used_insight_of(person):
    return next(
        post for post in person.get("/posts", author=person.id, kind="insight", limit=50)["items"] if post["use_count"]
    )


def test_an_author_sees_who_used_their_insight_how_it_helped_and_what_it_added_up_to(server, phone):
    tomas = server.client(TOMAS, DEMO_PASSWORD)
    insight = used_insight_of(tomas)
    listed = tomas.get(f"/posts/{insight['id']}/uses")
    phone.sign_in(TOMAS, DEMO_PASSWORD)
    post = phone.open_post(insight["id"])
    button = post.post_buttons["uses_button"]
    assert button.text == used_by_button_text(insight["use_count"])
    phone.tap_in_view(button)
    screen = phone.wait_for_screen("uses")
    wait_until(lambda: screen.loaded and not screen.loading, "the uses")
    assert screen.ids.heading.full_text == f"Your insight: {insight['title']}"
    assert screen.totals_text == uses_totals_text(listed["totals"]) and screen.totals_text.startswith(
        f"Used by {listed['totals']['uses']} "
    )
    cards = list(reversed(screen.ids.use_list.children))
    assert [(card.name, card.note, card.value_text) for card in cards] == [
        (use["user"]["display_name"], use["note"], use_value_text(use)) for use in listed["items"]
    ]
    assert any(card.value_text for card in cards)  # the demo's uses report hours saved
    pump(0.5)
    Window.screenshot(name=str(phone.data_directory / "uses.png"))
    # Each person opens their profile.
    phone.tap_in_view(cards[0].ids.person_button)
    profile = phone.wait_for_screen("profile")
    assert profile.parameters["user_id"] == listed["items"][0]["user"]["id"]


def test_the_author_of_an_answer_sees_who_used_it_and_others_see_no_such_button(server, phone):
    tomas, ana = server.client(TOMAS, DEMO_PASSWORD), server.client(ANA, DEMO_PASSWORD)
    challenge = ana.post(
        "/posts",
        {
            "kind": "challenge",
            "title": "Who has a water-utility reference?",
            "body": "Initech asks for one in the region.",
            "tags": [],
            "audience": "firm",
        },
    )
    answer = tomas.post(f"/posts/{challenge['id']}/answers", {"body": "Proseware Water Authority, ask me."})
    ana.post(f"/answers/{answer['id']}/uses", {"note": "Named them on the Initech call", "hours_saved": 1.5})
    other = server.client(INGRID, DEMO_PASSWORD).post(
        f"/posts/{challenge['id']}/answers", {"body": "Contoso Water did a pilot with us."}
    )
    ana.post(f"/answers/{other['id']}/uses", {"note": "Also useful"})
    phone.sign_in(TOMAS, DEMO_PASSWORD)
    post = phone.open_post(challenge["id"])
    card = next(card for card in post.ids.answers_box.children if card.answer_id == answer["id"])
    assert card.buttons["uses_button"].text == "Used by 1" and "helpful_button" not in card.buttons
    phone.tap_in_view(card.buttons["uses_button"])
    screen = phone.wait_for_screen("uses")
    wait_until(lambda: screen.loaded and screen.uses, "the answer's uses")
    assert screen.ids.heading.full_text.startswith("Your answer on: Who has a water-utility")
    assert screen.totals_text == "Used by 1 person · 1.5 hours saved"
    card = screen.ids.use_list.children[0]
    assert (card.name, card.note, card.value_text) == ("Ana López", "Named them on the Initech call", "Saved 1.5 hours")
    # On someone else's answer Tomás gets Helpful and I used this, not the list of uses.
    phone.navigator.back()
    post = phone.wait_for_screen("post")
    wait_until(lambda: any(card.answer_id == other["id"] for card in post.ids.answers_box.children), "the other answer")
    theirs = next(card for card in post.ids.answers_box.children if card.answer_id == other["id"])
    assert "uses_button" not in theirs.buttons and {"helpful_button", "use_button"} <= set(theirs.buttons)


def test_posting_opens_the_new_post_and_compose_starts_fresh_as_an_insight_for_the_whole_firm(server, phone):
    phone.sign_in(ANA, DEMO_PASSWORD)
    phone.tap(phone.bottom_bar_button("compose"))
    compose = phone.wait_for_screen("compose")
    phone.tap(compose.ids.kind_challenge)
    title = "Fabrikam asks whether the gateway survives a cold-store defrost cycle"
    phone.type(compose.ids.title, title)
    phone.type(compose.ids.body, "They run defrost every six hours at -25 °C.")
    reveal(compose.ids.scroller, compose.ids.audience)
    choose(phone, compose.ids.audience, "My division")
    phone.tap_in_view(compose.ids.needed_by_choices.chip("In a week"))
    compose.ids.scroller.scroll_y = 0
    phone.tap(compose.ids.post_button)

    post = phone.wait_for_screen("post")
    wait_until(lambda: post.post.get("title") == title, "the new post to open by itself")
    assert post.post["kind"] == "challenge" and post.post["audience"] == "division"
    assert compose.kind == "insight" and compose.ids.audience.text == "Whole firm"
    assert compose.ids.title.text == compose.ids.body.text == compose.ids.needed_by.text == ""
    assert compose.ids.scroller.scroll_y == 1 and compose.ids.needed_by_box.parent is None
    phone.tap(phone.bottom_bar_button("compose"))
    assert phone.wait_for_screen("compose").ids.kind_insight.state == "down"


def test_a_post_delivered_while_the_author_is_elsewhere_says_posted_with_view(server, phone):
    phone.sign_in(ANA, DEMO_PASSWORD)
    server.stop()
    try:
        phone.tap(phone.bottom_bar_button("compose"))
        compose = phone.wait_for_screen("compose")
        title = "Contoso's new buyer wants quarterly business reviews in person"
        phone.type(compose.ids.title, title)
        phone.type(compose.ids.body, "She said so at the renewal lunch.")
        phone.tap(compose.ids.post_button)
        phone.wait_for_screen("feed")
        phone.tap(phone.bottom_bar_button("leaderboard"))
        phone.wait_for_screen("leaderboard")
    finally:
        server.start()
    notice = phone.shell.ids.posted_notice
    wait_until(lambda: notice.children, "the Posted bar", timeout=30)
    assert phone.shell.ids.screens.current == "leaderboard"  # not pulled away from what they do now
    bar = notice.children[0]
    assert bar.ids.posted_text.text == f"Posted: {title}"
    phone.tap(bar.ids.view_button)
    post = phone.wait_for_screen("post")
    wait_until(lambda: post.post.get("title") == title, "the post")
    assert notice.children == []  # gone once used


def test_trust_reads_in_words_and_a_newcomer_has_no_promises_yet(server, phone):
    divisions = {
        division["name"]: division["id"] for division in server.client(ANA, DEMO_PASSWORD).get("/divisions")["items"]
    }
    newcomer = server.join(
        email="nora.newcomer@quid.example", display_name="Nora Newcomer", division_id=divisions["Field Sales North"]
    )
    phone.sign_in(ANA, DEMO_PASSWORD)
    phone.navigator.open("profile", user_id=newcomer.id)
    profile = phone.wait_for_screen("profile")
    wait_until(lambda: profile.user_id == newcomer.id and "circle" in profile.trust_text, "Nora's trust")
    assert profile.ids.trust_band_chip.text == "New"
    assert profile.ids.trust_label.text == "No promises yet · circle of 0 people"
    # Badges on someone else's profile speak of them.
    tomas = server.client(TOMAS, DEMO_PASSWORD)
    phone.navigator.open("profile", user_id=tomas.id)
    wait_until(lambda: profile.user_id == tomas.id and profile.badges, "Tomás's badges")
    assert all(" your " not in f" {badge['description'].lower()} " for badge in profile.badges)
    pump(0.3)
    Window.screenshot(name=str(phone.data_directory / "trust.png"))


def test_helpful_is_shown_locked_with_the_level_it_needs_and_queues_nothing(server, phone):
    divisions = {
        division["name"]: division["id"] for division in server.client(ANA, DEMO_PASSWORD).get("/divisions")["items"]
    }
    server.join(email="lev.one@quid.example", display_name="Lev One", division_id=divisions["Field Sales North"])
    insight = used_insight_of(server.client(TOMAS, DEMO_PASSWORD))
    screen = phone.wait_for_sign_in_screen()
    phone.type(screen.ids.email, "lev.one@quid.example")
    phone.type(screen.ids.password, DEMO_PASSWORD)
    phone.tap(screen.ids.sign_in_button)
    welcome = phone.wait_for_screen("welcome")  # someone new is welcomed first
    phone.tap(welcome.ids.skip_button)
    wait_until(lambda: phone.session.user is not None, "the profile to load")
    assert phone.session.user["level"]["number"] < PRIVILEGE_LEVELS[Privilege.VOTE_HELPFUL]
    post = phone.open_post(insight["id"])
    helpful = post.post_buttons["helpful_button"]
    assert (
        helpful.text
        == locked_label("Helpful", Privilege.VOTE_HELPFUL)
        == f"Helpful · level {PRIVILEGE_LEVELS[Privilege.VOTE_HELPFUL]}"
    )
    assert helpful.role == "locked" and not helpful.disabled
    phone.tap_in_view(helpful)
    assert f"from level {PRIVILEGE_LEVELS[Privilege.VOTE_HELPFUL]}" in post.notice
    assert phone.session.queued == 0 and post.post.get("helpful_count") == insight["helpful_count"]


def test_a_due_date_picked_from_the_calendar_reaches_the_server(server, phone):
    tomas = server.client(TOMAS, DEMO_PASSWORD)
    phone.sign_in(ANA, DEMO_PASSWORD)
    phone.navigator.open("propose_trade", counterparty_id=tomas.id, counterparty_name="Tomás")
    form = phone.wait_for_screen("propose_trade")
    offer, ask = form.ids.offer, form.ids.ask
    for leg, kind, text in (
        (offer, "Review", "A review of your Proseware proposal"),
        (ask, "Introduction", "An introduction to Initech's water team"),
    ):
        reveal(form.ids.scroll, leg.ids.kind)
        choose(phone, leg.ids.kind, kind)
        phone.type(leg.ids.description, text)
    reveal(form.ids.scroll, offer.ids.due)
    phone.tap(offer.ids.due.chip("Pick a date"))
    picker = wait_until(lambda: offer.date_picker, "the date picker")
    assert not picker.can_go_back and picker.day_button(date.today()) is not None
    yesterday = date.today() - timedelta(days=1)
    if yesterday.month == date.today().month:
        assert picker.day_button(yesterday).disabled  # no promise is due in the past
    phone.tap(picker.ids.next_button)
    year, month = shift_month(date.today().year, date.today().month, 1)
    wanted = date(year, month, 15)
    phone.tap(picker.day_button(wanted))
    wait_until(lambda: offer.date_picker is None, "the picker to close")
    assert offer.due_choice == day_label(wanted) and offer.ids.due.selected == day_label(wanted)
    assert offer.ids.due.chip(day_label(wanted)) is not None
    assert wanted.strftime("%A %d %B %Y") in offer.ids.due_text.text
    reveal(form.ids.scroll, form.ids.propose_button)
    phone.tap(form.ids.propose_button)
    wait_until(lambda: phone.session.queued == 0 and phone.session.rejected == 0, "the trade to be sent")
    trade = next(
        trade
        for trade in tomas.get("/trades", limit=20)["items"]
        if any(leg["description"] == "A review of your Proseware proposal" for leg in trade["legs"])
    )
    leg = next(leg for leg in trade["legs"] if leg["description"] == "A review of your Proseware proposal")
    assert leg["due"].startswith(wanted.isoformat()) or leg["due"].startswith((wanted + timedelta(days=1)).isoformat())


def test_search_go_fits_clears_and_spans_every_kind_even_after_a_failure(server, phone):
    phone.sign_in(ANA, DEMO_PASSWORD)
    phone.navigator.open("search")
    screen = phone.wait_for_screen("search")
    go, results = screen.ids.go_button, screen.ids.results
    # "Go" has room even at half as large again (a phone's large-font setting), not just "…".
    core = CoreLabel(text=go.text, font_size=go.font_size * 1.5, bold=True)
    core.refresh()
    assert core.texture.size[0] <= go.width - go.padding[0] - go.padding[2]

    server.stop()
    try:
        phone.type(screen.ids.query, "discount")
        phone.tap(go)
        wait_until(lambda: results.error and not results.loading, "the failure")
        assert screen.ids.status_line.text == results.error and not go.disabled
    finally:
        server.start()
    phone.tap(go)
    wait_until(lambda: results.loaded and not results.loading and results.data, "results after the failure")
    assert results.error == ""
    assert {row["kind"] for row in results.data} >= {"challenge", "insight", "answer"}  # every kind

    phone.tap(screen.ids.clear_button)
    assert screen.ids.query.text == "" and results.data == [] and not results.loading
    assert screen.ids.status_line.text.startswith("Search challenges, insights and answers")
    pump(0.5)
    assert results.data == []  # nothing comes back from before the clear
    assert screen.ids.clear_button.disabled


def test_a_menu_opens_as_a_bordered_sheet_clear_of_the_bars(server, phone):
    phone.sign_in(ANA, DEMO_PASSWORD)
    phone.tap(phone.bottom_bar_button("compose"))
    compose = phone.wait_for_screen("compose")
    chooser = compose.ids.audience
    compose.ids.scroller.scroll_y = 0
    phone.tap_in_view(chooser)
    wait_until(lambda: chooser.is_open, "the audience menu")
    pump(0.2)
    menu = chooser._dropdown
    assert type(menu).__name__ == "ChooserMenu" and menu.parent is Window
    assert menu.y >= theme.BOTTOM_BAR_HEIGHT - 0.5 and menu.top <= Window.height - theme.BAR_HEIGHT + 0.5
    assert menu.height >= 3 * theme.TOUCH_TARGET - 0.5  # all three choices, none cut off
    Window.screenshot(name=str(phone.data_directory / "menu.png"))
    choose_option = next(option for option in menu.container.children if option.text == "My circle")
    phone.tap(choose_option)
    wait_until(lambda: chooser.text == "My circle" and not chooser.is_open, "the choice")


def test_pulling_the_feed_down_shows_a_spinner_until_it_has_reloaded(server, phone):
    phone.sign_in(ANA, DEMO_PASSWORD)
    feed = phone.wait_for_screen("feed")
    posts = feed.ids.posts
    wait_until(lambda: posts.data and not posts.loading, "the feed")
    seen = []
    posts.bind(refreshing=lambda _widget, value: seen.append((value, posts.indicator_shown(), posts.loading)))
    phone.drag(posts, dy=-300)
    wait_until(lambda: seen and not posts.refreshing, "the refresh to end")
    assert seen[0][0] is True and seen[-1][0] is False
    assert not posts.indicator_shown()


def test_a_long_title_ends_in_an_ellipsis_in_the_feed(server, phone):
    ana = server.client(ANA, DEMO_PASSWORD)
    title = (
        "Northwind's procurement team insists every renewal above fifty thousand goes through "
        "a three-quote tender, even for incumbents with five years of uptime"
    )[:TITLE_MAX_LENGTH]
    ana.post(
        "/posts",
        {"kind": "insight", "title": title, "body": "Plan for six extra weeks.", "tags": [], "audience": "firm"},
    )
    phone.sign_in(ANA, DEMO_PASSWORD)
    feed = phone.wait_for_screen("feed")
    phone.tap(feed.ids.tab_insights)
    posts = feed.ids.posts
    wait_until(lambda: not posts.loading and posts.data and posts.data[0]["title_text"] == title, "the post")
    pump(0.3)
    row = next(view for view in posts.view_adapter.views.values() if view.title_text == title)
    label = row.ids.title_label
    wait_until(lambda: label.text.endswith(ELLIPSIS), "the title to be shortened")
    assert title.startswith(label.text[:-1].rstrip()) and len(label.text) < len(title)


@pytest.fixture(autouse=True)
def _close_dialogs():
    """A test that fails with a picker or menu open must not leave it over the next one."""
    yield
    for child in list(Window.children):
        if type(child).__name__ in ("DatePicker", "ChooserMenu", "UseDialog"):
            Window.remove_widget(child)
