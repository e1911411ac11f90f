"""Posting from the phone: compose, fix a refused post, read a post, answer, "I used this", outbox."""

from datetime import date, timedelta

from kivy.uix.label import Label
from kivy.utils import escape_markup

from mobile.screens.compose import REJECTED_EXPLANATION
from server.demo.loader import DEMO_PASSWORD
from tests.support.app_driver import HOSTILE_MARKUP, Phone, pump, wait_until  # first: makes Kivy headless

ANA = "ana.lopez@quid.example"
LIAM = "liam.oconnor@quid.example"
INGRID = "ingrid.johansson@quid.example"


tap = Phone.tap_in_view


def test_an_insight_posted_from_compose_tops_the_insights_tab(server, phone):
    phone.sign_in(LIAM, DEMO_PASSWORD)
    phone.tap(phone.bottom_bar_button("compose"))
    screen = phone.wait_for_screen("compose")
    assert screen.title == "New post"
    phone.tap(screen.ids.kind_insight)
    assert screen.ids.needed_by_box.parent is None  # insights have no needed-by date

    # Too short a title is caught on the phone, under the field, and nothing is queued.
    phone.type(screen.ids.title, "Short")
    phone.tap(screen.ids.post_button)
    assert "at least 8" in screen.ids.title_box.error
    assert "few words" in screen.ids.body_box.error
    assert phone.session.queued == 0

    title = "Tailspin cold-chain buyer cares about door-open alarms, not OEE"
    phone.type(screen.ids.title, title)
    assert screen.ids.title_box.error == ""  # the message goes once the field changes
    phone.type(screen.ids.body, "Lead with the door-open alarm demo; OEE comes later.")
    phone.type(screen.ids.tags, "food-and-beverage, po")
    suggestions = screen.ids.tag_suggestions
    # The chips shown first answer the empty field; tapping one while they are replaced misses.
    wait_until(lambda: screen.suggested_for == "po" and suggestions.chip("poc"), "the poc suggestion")
    tap(phone, suggestions.chip("poc"))
    assert screen.ids.tags.text == "food-and-beverage, poc, "
    phone.type(screen.ids.account, "Tailspin Foods")
    phone.tap(screen.ids.post_button)

    # Once delivered, the new post opens by itself: the person sees it is there.
    post = phone.wait_for_screen("post")
    wait_until(lambda: post.post.get("title") == title, "the new post to open")
    assert screen.ids.title.text == "" and screen.ids.body.text == ""  # ready for the next one
    phone.tap(phone.bottom_bar_button("feed"))
    feed = phone.wait_for_screen("feed")
    assert feed.tab == "insights"  # the feed opened where the new insight shows
    posts = feed.ids.posts
    # The server's post (it has an id; the queued one shown "Sending…" has none), once.
    wait_until(
        lambda: not posts.loading and posts.data and posts.data[0]["title_text"] == title and posts.data[0]["post_id"],
        "the new insight at the top of the Insights tab",
    )
    assert [row["title_text"] for row in posts.data].count(title) == 1
    assert phone.session.queued == 0

    liam = server.client(LIAM, DEMO_PASSWORD)
    mine = [post for post in liam.get("/posts", author=liam.id, limit=50)["items"] if post["title"] == title]
    assert len(mine) == 1
    assert mine[0]["tags"] == ["food-and-beverage", "poc"]
    assert mine[0]["account"] == "Tailspin Foods" and mine[0]["kind"] == "insight"


def test_a_refused_post_comes_back_to_compose_is_fixed_and_created_once(server, phone):
    phone.sign_in(ANA, DEMO_PASSWORD)
    title = "Initech wants the pump-station pilot before their budget freeze"
    # A needed-by date in the past: the form would catch it, so it is queued directly, as an
    # older version of the app (or a phone whose clock was wrong) would have queued it.
    item = phone.session.enqueue(
        method="POST",
        path="/posts",
        kind="post",
        label=f"Challenge: {title}",
        body={
            "kind": "challenge",
            "title": title,
            "body": "Who has run a pilot in under three weeks?",
            "tags": ["poc", "utilities"],
            "account": "Initech Utilities",
            "audience": "division",
            "needed_by": "2020-01-31",
        },
    )

    screen = phone.wait_for_screen("compose")
    wait_until(lambda: screen.rejected_item_id == item.id, "compose to show the refused post")
    assert REJECTED_EXPLANATION in screen.rejection_text
    assert "past" in screen.ids.needed_by_box.error
    assert screen.ids.title_box.error == ""
    assert screen.kind == "challenge"
    assert screen.ids.title.text == title
    assert screen.ids.tags.text == "poc, utilities"
    assert screen.ids.account.text == "Initech Utilities"
    assert screen.ids.audience.text == "My division"
    assert screen.ids.needed_by.text == "2020-01-31"
    assert screen.ids.post_button.text == "Send again"
    assert phone.session.rejected == 1

    tap(phone, screen.ids.needed_by_choices.chip("In a week"))
    in_a_week = (date.today() + timedelta(days=7)).isoformat()
    assert screen.ids.needed_by.text == in_a_week
    assert screen.ids.needed_by_box.error == ""
    phone.tap(screen.ids.post_button)

    # Back where the refusal found them (the feed), the fixed post opens once it is delivered.
    post = phone.wait_for_screen("post")
    wait_until(lambda: post.post.get("title") == title, "the fixed post to open")
    wait_until(lambda: phone.session.queued == 0 and phone.session.rejected == 0, "the fixed post to be sent")
    assert screen.rejected_item_id == 0 and screen.ids.title.text == ""
    ana = server.client(ANA, DEMO_PASSWORD)
    created = [post for post in ana.get("/posts", author=ana.id, limit=50)["items"] if post["title"] == title]
    assert len(created) == 1
    assert created[0]["needed_by"] == in_a_week
    assert created[0]["audience"] == "division" and created[0]["account"] == "Initech Utilities"


def test_hostile_text_shows_literally_on_the_post_screen(server, phone):
    ingrid = server.client(INGRID, DEMO_PASSWORD)
    post = ingrid.post(
        "/posts",
        json={
            "kind": "insight",
            "title": f"Markup test {HOSTILE_MARKUP}",
            "body": f"Body {HOSTILE_MARKUP} end",
            "tags": ["api"],
            "account": HOSTILE_MARKUP,
            "audience": "firm",
        },
    )
    phone.sign_in(ANA, DEMO_PASSWORD)
    screen = phone.open_post(post["id"])
    pump(0.2)

    assert screen.ids.post_title.text == f"Markup test {HOSTILE_MARKUP}" and not screen.ids.post_title.markup
    assert HOSTILE_MARKUP in screen.ids.post_body.text and not screen.ids.post_body.markup
    details = screen.ids.details
    assert details.markup and escape_markup(HOSTILE_MARKUP) in details.text and HOSTILE_MARKUP not in details.text
    assert details.refs == {}  # no clickable reference was planted

    tap(phone, screen.post_buttons["use_button"])
    dialog = wait_until(lambda: screen.use_dialog, "the use dialog")
    labels = [widget for root in (screen, dialog) for widget in root.walk() if isinstance(widget, Label)]
    shown = [label for label in labels if "Boom" in label.text]
    assert len(shown) >= 4  # title, body, account, the dialog's heading
    for label in shown:
        if label.markup:
            assert HOSTILE_MARKUP not in label.text and escape_markup(HOSTILE_MARKUP) in label.text, label.text
        else:
            assert HOSTILE_MARKUP in label.text
    phone.tap(dialog.ids.cancel_button)
    wait_until(lambda: screen.use_dialog is None, "the dialog to close")


def test_answer_a_challenge_from_its_screen(server, phone):
    ingrid = server.client(INGRID, DEMO_PASSWORD)
    challenge = ingrid.post(
        "/posts",
        json={
            "kind": "challenge",
            "title": "Umbrella plant asks how OPC UA tags map to our assets",
            "body": "They have 4,000 tags and a naming scheme from 2009.",
            "tags": ["opc-ua"],
            "audience": "firm",
        },
    )
    phone.sign_in(ANA, DEMO_PASSWORD)
    screen = phone.open_post(challenge["id"])
    assert screen.title == "Challenge"
    assert screen.ids.answers_title.text == "No answers yet"
    assert "accept_button" not in screen.post_buttons

    answer = "Kenji has an import script for legacy tag names; ask him for the mapping template."
    tap(phone, screen.ids.send_answer_button)
    assert screen.ids.answer_box.error  # nothing written yet
    phone.type(screen.ids.answer_body, answer)
    tap(phone, screen.ids.send_answer_button)
    assert screen.ids.answer_body.text == ""
    wait_until(
        lambda: any(card.body_text == answer for card in screen.ids.answers_box.children), "the answer on the screen"
    )
    # The server's answer takes the queued one's place, then the challenge is read again.
    wait_until(
        lambda: (
            any(item["body"] == answer for item in screen.answers)
            and screen.post["status"] == "answered"
            and not screen.loading
        ),
        "the answer from the server",
    )
    assert screen.ids.answers_title.text == "Answers (1)"
    assert [card.body_text for card in screen.ids.answers_box.children].count(answer) == 1

    answers = ingrid.get(f"/posts/{challenge['id']}/answers")["items"]
    assert [(item["body"], item["author"]["display_name"]) for item in answers] == [(answer, "Ana López")]


def test_another_person_uses_an_insight_through_i_used_this(server, phone):
    ingrid = server.client(INGRID, DEMO_PASSWORD)
    insight = ingrid.post(
        "/posts",
        json={
            "kind": "insight",
            "title": "Lead the Helix comparison with total cost over five years",
            "body": "Their year-three per-tag price doubles the bill.",
            "tags": ["competitor-helix"],
            "audience": "firm",
        },
    )
    phone.sign_in(ANA, DEMO_PASSWORD)
    screen = phone.open_post(insight["id"])
    assert screen.title == "Insight"
    assert screen.counts_line(screen.post).startswith("0 uses")

    tap(phone, screen.post_buttons["use_button"])
    dialog = wait_until(lambda: screen.use_dialog, "the use dialog")
    phone.tap(dialog.ids.record_button)
    assert dialog.note_error  # the note is required
    phone.type(dialog.ids.note, "Used the five-year view with the Contoso CFO; she asked for the model.")
    phone.type(dialog.ids.hours, "1.5")
    phone.tap(dialog.ids.deal_label)
    assert dialog.ids.deal.active
    phone.tap(dialog.ids.record_button)
    wait_until(lambda: screen.use_dialog is None, "the dialog to close")
    assert screen.post_buttons["use_button"].text.startswith("Undo")  # shown at once

    wait_until(lambda: phone.session.queued == 0, "the use to be sent")
    phone.wait_idle(screen)  # the screen reloads once the outbox reports the use delivered
    assert ingrid.get(f"/posts/{insight['id']}")["use_count"] == 1
    uses = ingrid.get(f"/posts/{insight['id']}/uses")["items"]
    assert uses[0]["user"]["display_name"] == "Ana López"
    assert uses[0]["hours_saved"] == 1.5 and uses[0]["deal_influenced"] is True
    assert screen.post["use_count"] == 1 and screen.post["viewer"]["used"]

    tap(phone, screen.post_buttons["trade_button"])
    phone.wait_for_screen("propose_trade")
    assert phone.screen.parameters == {
        "counterparty_id": ingrid.id,
        "counterparty_name": "Ingrid Johansson",
        "post_id": insight["id"],
    }
    phone.navigator.back()
    phone.wait_for_screen("post")
    tap(phone, screen.ids.author_button)
    phone.wait_for_screen("profile")
    assert phone.screen.parameters == {"user_id": ingrid.id}


def test_the_asker_accepts_an_answer(server, phone):
    ana, ingrid = server.client(ANA, DEMO_PASSWORD), server.client(INGRID, DEMO_PASSWORD)
    challenge = ana.post(
        "/posts",
        json={
            "kind": "challenge",
            "title": "Contoso asks whether Pulse runs on their own Azure tenant",
            "body": "Their IT wants no data outside their tenant.",
            "tags": ["data-residency"],
            "audience": "firm",
        },
    )
    answer = ingrid.post(f"/posts/{challenge['id']}/answers", json={"body": "Yes: the private-cloud SKU."})
    phone.sign_in(ANA, DEMO_PASSWORD)
    screen = phone.open_post(challenge["id"])
    card = wait_until(
        lambda: next((card for card in screen.ids.answers_box.children if card.answer_id == answer["id"]), None),
        "Ingrid's answer",
    )
    assert card.author_name == "Ingrid Johansson" and not card.accepted
    assert set(card.buttons) == {"helpful_button", "use_button", "flag_button", "accept_button"}
    assert screen.post_buttons == {}  # nothing to vote on, use or trade in one's own post

    tap(phone, card.buttons["accept_button"])
    wait_until(lambda: phone.session.queued == 0, "the acceptance to be sent")
    phone.wait_idle(screen)
    assert ingrid.get(f"/posts/{challenge['id']}")["status"] == "solved"
    assert screen.post["status"] == "solved" and screen.post["accepted_answer_id"] == answer["id"]
    card = next(card for card in screen.ids.answers_box.children if card.answer_id == answer["id"])
    assert card.accepted and "accept_button" not in card.buttons
    assert card.ids.accepted_mark.text.endswith("Accepted")


def test_the_outbox_lists_refused_items_to_fix_or_discard(server, phone):
    ingrid = server.client(INGRID, DEMO_PASSWORD)
    insight = ingrid.post(
        "/posts",
        json={
            "kind": "insight",
            "title": "Outbox test insight that takes no answers",
            "body": "Body.",
            "tags": [],
            "audience": "firm",
        },
    )
    phone.sign_in(ANA, DEMO_PASSWORD)
    # Refused with 409: only challenges take answers. Not a post, so nothing opens by itself.
    refused = phone.session.enqueue(
        method="POST",
        path=f"/posts/{insight['id']}/answers",
        body={"body": "An answer"},
        kind="answer",
        label="Answer: outbox test",
    )
    wait_until(lambda: phone.session.rejected == 1, "the refusal")
    assert phone.shell.ids.screens.current == "feed"

    phone.tap(phone.shell.ids.status_text)  # the "1 needs a fix" banner
    screen = phone.wait_for_screen("outbox")
    row = wait_until(lambda: screen.rows.get(refused.id), "the refused item")
    assert row.label_text == "Answer: outbox test"
    assert "Only challenges take answers" in row.state_text
    assert "fix_button" not in row.buttons  # nothing to edit in an answer to the wrong post
    assert screen.ids.retry_button.disabled

    tap(phone, row.buttons["discard_button"])
    wait_until(lambda: not screen.rows and phone.session.rejected == 0, "the item to go")
    assert "Nothing waiting" in screen.ids.empty_state.text

    # A refused post: the shell opens compose; the outbox's Fix opens it again after leaving.
    post = phone.session.enqueue(
        method="POST",
        path="/posts",
        kind="post",
        label="Insight: bad tags",
        body={
            "kind": "insight",
            "title": "An insight with a bad tag",
            "body": "Body.",
            "tags": ["Not A Tag!"],
            "audience": "firm",
        },
    )
    compose = phone.wait_for_screen("compose")
    wait_until(lambda: compose.rejected_item_id == post.id, "compose to show it")
    assert compose.ids.tags_box.error
    phone.navigator.open("outbox")
    row = wait_until(lambda: screen.rows.get(post.id), "the refused post in the outbox")
    assert "Tags are" in row.state_text
    tap(phone, row.buttons["fix_button"])
    phone.wait_for_screen("compose")
    assert compose.rejected_item_id == post.id and compose.ids.tags.text == "Not A Tag!"
    phone.tap(compose.ids.clear_or_discard_button)
    wait_until(lambda: phone.session.rejected == 0, "the post to be discarded")
    assert phone.session.outbox.get(post.id) is None
    phone.wait_for_screen("outbox")
    wait_until(lambda: not screen.rows, "the outbox to be empty")
