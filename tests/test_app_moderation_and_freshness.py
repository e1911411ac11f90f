"""Freshness and moderation on the phone, with real taps against the demo firm: an author
says an insight is still true, a colleague says one is out of date, and a member's flag
reaches the admin's queue, where hiding it takes the post away and upholds the flag."""

from kivy.core.window import Window

from mobile.screens.feed import post_row
from mobile.ui.dialogs import ConfirmDialog
from mobile.ui.flag_dialog import FlagDialog
from mobile.ui.moderation_text import FLAGGED_TEXT
from mobile.ui.note_dialog import NoteDialog
from mobile.ui.update_insight_dialog import UpdateInsightDialog
from server.demo.loader import DEMO_PASSWORD
from tests.support.app_driver import HOSTILE_MARKUP, Phone, wait_until  # first: makes Kivy headless
from tests.support.live_server import DEMO_ADMIN

ANA = "ana.lopez@quid.example"
LIAM = "liam.oconnor@quid.example"
JONAS = "jonas.bergstrom@quid.example"
PRIYA = "priya.raghunathan@quid.example"


tap = Phone.tap_in_view


def open_dialog(kind):
    return wait_until(
        lambda: next((child for child in Window.children if isinstance(child, kind)), None), f"the {kind.__name__}"
    )


def insight_by(reader, author, *, exclude=()) -> dict:
    """A live insight `author` wrote that `reader` may see."""
    return next(
        post
        for post in reader.get("/posts", kind="insight", limit=100)["items"]
        if post["author"]["id"] == author.id and post["id"] not in exclude and not post["freshness"]["retired_at"]
    )


def test_an_author_says_an_insight_reported_out_of_date_is_still_true(server, phone):
    ana, liam = server.client(ANA, DEMO_PASSWORD), server.client(LIAM, DEMO_PASSWORD)
    insight = insight_by(liam, ana)
    liam.post(f"/posts/{insight['id']}/outdated", {"note": "The rebate scheme ended in October."})

    phone.sign_in(ANA, DEMO_PASSWORD)
    screen = phone.open_post(insight["id"])
    marks, care = screen.ids.care_marks, screen.ids.care
    assert marks.ids.freshness_mark.text.startswith("May be out of date — ")
    assert "colleague said it is out of date" in marks.ids.freshness_mark.text
    # Her own insight: verify, update, retire; never flag or report her own work.
    assert set(care.buttons) == {"verify_button", "update_button", "retire_button"}

    tap(phone, care.buttons["verify_button"])
    assert marks.ids.freshness_mark.text == ""  # at once, before the server answers
    wait_until(lambda: care.done_text == "Marked as still true." and phone.session.queued == 0, "the verification")
    wait_until(
        lambda: not screen.loading and screen.post["freshness"]["may_be_out_of_date"] is False,
        "the post as the server has it",
    )
    assert marks.ids.freshness_mark.text == "" and marks.ids.verified_mark.text.startswith("Verified by its author on ")
    assert ana.get(f"/posts/{insight['id']}")["freshness"]["outdated_reports"] == 0


def test_a_colleague_reports_an_insight_out_of_date_with_a_note(server, phone):
    ana, jonas = server.client(ANA, DEMO_PASSWORD), server.client(JONAS, DEMO_PASSWORD)
    insight = insight_by(ana, jonas)

    phone.sign_in(ANA, DEMO_PASSWORD)
    screen = phone.open_post(insight["id"])
    care = screen.ids.care
    assert {"outdated_button", "flag_button"} <= set(care.buttons) and "verify_button" not in care.buttons

    tap(phone, care.buttons["outdated_button"])
    dialog = open_dialog(NoteDialog)
    phone.tap(dialog.ids.confirm_button)
    assert "Say what changed" in dialog.error  # a report without a note is caught on the phone
    phone.type(dialog.ids.note, f"Pricing moved to per-site licences {HOSTILE_MARKUP}")
    phone.tap(dialog.ids.confirm_button)
    wait_until(lambda: care.done_text.startswith("Sent") and phone.session.queued == 0, "the report")
    wait_until(
        lambda: "1 colleague said it is out of date" in screen.ids.care_marks.ids.freshness_mark.text,
        "the out-of-date mark",
    )

    freshness = jonas.get(f"/posts/{insight['id']}")["freshness"]
    assert freshness["may_be_out_of_date"] and freshness["outdated_reports"] == 1
    assert post_row(ana.get(f"/posts/{insight['id']}"))["kind_text"] == "Insight · may be out of date"  # the feed's row
    notes = [
        item for item in jonas.get("/notifications", limit=50)["items"] if item["kind"] == "insight_reported_outdated"
    ]
    assert notes


def test_a_flag_reaches_the_admin_queue_and_hiding_upholds_it(server, phone):
    liam, priya = server.client(LIAM, DEMO_PASSWORD), server.client(PRIYA, DEMO_PASSWORD)
    post = next(
        post for post in liam.get("/posts", kind="challenge", limit=100)["items"] if post["author"]["id"] == priya.id
    )

    phone.sign_in(LIAM, DEMO_PASSWORD)
    screen = phone.open_post(post["id"])
    care = screen.ids.care
    tap(phone, care.buttons["flag_button"])
    dialog = open_dialog(FlagDialog)
    assert set(dialog.reason_rows) == {"spam", "offensive", "confidential", "wrong", "other"}
    phone.tap(dialog.reason_rows["other"])
    phone.tap(dialog.ids.flag_button)
    assert "needs a note" in dialog.note_error  # "Something else" says what
    phone.tap(dialog.reason_rows["confidential"])
    phone.type(dialog.ids.note, "Names the customer's discount")
    phone.tap(dialog.ids.flag_button)
    wait_until(lambda: care.done_text == FLAGGED_TEXT and phone.session.queued == 0, "the flag to be sent")

    # A second flag while the first is open: the server's refusal, in plain words.
    tap(phone, care.buttons["flag_button"])
    dialog = open_dialog(FlagDialog)
    phone.tap(dialog.reason_rows["spam"])
    phone.tap(dialog.ids.flag_button)
    wait_until(lambda: screen.notice.startswith("Not done"), "the refusal")
    assert care.done_text == ""
    phone.tap(screen.ids.notice_bar)
    phone.session.sign_out()

    # The admin's queue in the app shows it; Hide, with a note.
    phone.sign_in(DEMO_ADMIN, DEMO_PASSWORD)
    phone.navigator.open("admin")
    hub = phone.wait_for_screen("admin")
    wait_until(lambda: hub.open_flags >= 1, "the count of flagged items")
    phone.tap(hub.ids.moderation_card)
    queue = phone.wait_for_screen("admin_flags")
    items = queue.ids.flagged
    wait_until(lambda: items.loaded and any(row["post_id"] == post["id"] for row in items.data), "the flag")
    row_data = next(row for row in items.data if row["post_id"] == post["id"])
    assert "Customer data that should not be shared" in row_data["flags_text"]
    assert "Names the customer's discount" in row_data["notes_text"]
    row = wait_until(
        lambda: next((view for view in items.children[0].children if getattr(view, "post_id", 0) == post["id"]), None),
        "the row",
    )
    phone.tap(row.ids.hide_button)
    hide = open_dialog(NoteDialog)
    phone.type(hide.ids.note, "Customer pricing outside the account team")
    phone.tap(hide.ids.confirm_button)
    wait_until(lambda: queue.message.startswith("Hidden:"), "the decision")
    wait_until(
        lambda: items.loaded and all(row["post_id"] != post["id"] for row in items.data),
        "the post to leave the waiting queue",
    )
    phone.session.sign_out()

    # Its author still sees it, with the admin's reason; the flagger no longer does.
    hidden = priya.get(f"/posts/{post['id']}")
    assert hidden["hidden_reason"] == "Customer pricing outside the account team"
    phone.sign_in(LIAM, DEMO_PASSWORD)
    phone.navigator.open("post", post_id=post["id"])
    gone = phone.wait_for_screen("post")
    wait_until(lambda: gone.error, "the post's absence")
    assert not gone.post and gone.error == "No such post."

    phone.navigator.switch("profile")
    profile = phone.wait_for_screen("profile")
    wait_until(lambda: profile.loaded, "the profile")
    tap(phone, profile.ids.my_flags_button)
    flags = phone.wait_for_screen("my_flags").ids.flags
    wait_until(lambda: flags.loaded and flags.data, "the flags")
    states = {row["reason_text"].split(" — ")[0]: row["state_text"] for row in flags.data}
    assert states["Customer data that should not be shared"].startswith("Upheld")


def test_an_author_sees_why_an_admin_hid_their_post(server, phone):
    admin, ana = server.client(DEMO_ADMIN, DEMO_PASSWORD), server.client(ANA, DEMO_PASSWORD)
    post = next(
        post
        for post in ana.get("/posts", limit=100)["items"]
        if post["author"]["id"] == ana.id and not post.get("hidden_at")
    )
    admin.post(f"/admin/posts/{post['id']}/hide", {"note": f"Off topic {HOSTILE_MARKUP}"})

    phone.sign_in(ANA, DEMO_PASSWORD)
    screen = phone.open_post(post["id"])
    assert screen.ids.care_marks.ids.hidden_mark.text == f"Hidden by an admin: Off topic {HOSTILE_MARKUP}"
    assert "flag_button" not in screen.ids.care.buttons


def test_an_author_sees_why_an_admin_hid_their_answer(server, phone):
    admin, ana = server.client(DEMO_ADMIN, DEMO_PASSWORD), server.client(ANA, DEMO_PASSWORD)
    challenge = next(
        post
        for post in ana.get("/posts", kind="challenge", status="open", limit=100)["items"]
        if post["author"]["id"] != ana.id
    )
    answer = ana.post(f"/posts/{challenge['id']}/answers", {"body": "Buy my course on MQTT!"})
    admin.post(f"/admin/answers/{answer['id']}/hide", {"note": "Advertising"})

    phone.sign_in(ANA, DEMO_PASSWORD)
    screen = phone.open_post(challenge["id"])
    card = wait_until(
        lambda: next((card for card in screen.ids.answers_box.children if card.answer_id == answer["id"]), None),
        "her hidden answer",
    )
    assert "Hidden by an admin: Advertising" in [getattr(child, "text", "") for child in card.children]
    assert "flag_button" not in card.buttons


def test_an_author_updates_an_out_of_date_insight_and_retires_another(server, phone):
    liam, priya = server.client(LIAM, DEMO_PASSWORD), server.client(PRIYA, DEMO_PASSWORD)
    insight = insight_by(liam, priya)
    liam.post(f"/posts/{insight['id']}/outdated", {"note": "The SKU was renamed."})

    phone.sign_in(PRIYA, DEMO_PASSWORD)
    screen = phone.open_post(insight["id"])
    care, marks = screen.ids.care, screen.ids.care_marks
    assert marks.ids.freshness_mark.text
    tap(phone, care.buttons["update_button"])
    dialog = open_dialog(UpdateInsightDialog)
    assert dialog.ids.title.text == insight["title"]
    phone.tap(dialog.ids.save_button)
    assert "Still true" in dialog.body_error  # nothing changed: nothing to send
    phone.type(dialog.ids.body, insight["body"] + "\n\nUpdate: the SKU is now called CX-200.")
    phone.tap(dialog.ids.save_button)
    wait_until(lambda: care.done_text == "Updated." and phone.session.queued == 0, "the update")
    wait_until(
        lambda: (
            not screen.loading
            and not screen.post["freshness"]["may_be_out_of_date"]
            and "CX-200" in screen.post["body"]
        ),
        "the updated insight, fresh again",
    )
    assert marks.ids.freshness_mark.text == ""

    tap(phone, care.buttons["retire_button"])
    confirm = open_dialog(ConfirmDialog)
    assert "cannot be undone" in confirm.message
    phone.tap(confirm.ids.confirm_button)
    wait_until(lambda: (screen.post.get("freshness") or {}).get("retired_at"), "the retirement")
    assert marks.ids.freshness_mark.text.startswith("Retired on ")
    assert not care.buttons  # nothing left to verify, update or retire
    assert all(post["id"] != insight["id"] for post in liam.get("/posts", kind="insight", limit=100)["items"])


def test_answers_offer_a_flag_to_everyone_but_their_author(server, phone):
    liam = server.client(LIAM, DEMO_PASSWORD)
    challenge = next(
        post
        for post in liam.get("/posts", kind="challenge", limit=100)["items"]
        if post["answer_count"] >= 2 and post["author"]["id"] != liam.id
    )
    phone.sign_in(LIAM, DEMO_PASSWORD)
    screen = phone.open_post(challenge["id"])
    wait_until(lambda: screen.answers and len(screen.ids.answers_box.children) == len(screen.answers), "the answers")
    for card in screen.ids.answers_box.children:
        mine = card.author_id == liam.id
        assert ("flag_button" in card.buttons) is not mine
    card = next(card for card in screen.ids.answers_box.children if card.author_id != liam.id)
    tap(phone, card.buttons["flag_button"])
    dialog = open_dialog(FlagDialog)
    assert dialog.heading == "Flag this answer"
    phone.tap(dialog.reason_rows["wrong"])
    phone.tap(dialog.ids.flag_button)
    wait_until(
        lambda: screen.ids.care.done_text.startswith("Answer flagged") and phone.session.queued == 0,
        "the answer's flag",
    )
    flags = liam.get("/me/flags")["items"]
    assert flags[0]["item"]["type"] == "answer" and flags[0]["reason"] == "wrong" and flags[0]["state"] == "open"
