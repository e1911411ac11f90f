"""The admin screens, with real taps against the demo firm: invitations, people, divisions,
the audit log; and none of it for anyone but an admin."""

from kivy.core.window import Window

from mobile.ui.dialogs import ConfirmDialog, TextPromptDialog
from server.demo.loader import DEMO_PASSWORD
from tests.support.app_driver import HOSTILE_MARKUP, pump, wait_until  # first: makes Kivy headless
from tests.support.live_server import DEMO_ADMIN

ANA = "ana.lopez@quid.example"


def open_administration(phone):
    phone.sign_in(DEMO_ADMIN, DEMO_PASSWORD)
    phone.tap(phone.bottom_bar_button("profile"))
    profile = phone.wait_for_screen("profile")
    button = wait_until(
        lambda: profile.ids.administration_button.get_root_window() and profile.ids.administration_button,
        "the Administration button",
    )
    profile.ids.scroll.scroll_y = 0  # the actions are at the foot of the page
    pump(0.2)
    phone.tap(button)
    hub = phone.wait_for_screen("admin")
    phone.wait_idle(hub)
    return hub


def open_dialog(kind):
    return wait_until(
        lambda: next((child for child in Window.children if isinstance(child, kind)), None), f"the {kind.__name__}"
    )


def pick(chooser, option):
    wait_until(lambda: option in chooser.values, f"the option {option!r}")
    chooser.text = option
    pump(0.05)


def test_a_member_is_offered_no_administration(phone):
    phone.sign_in(ANA, DEMO_PASSWORD)
    phone.tap(phone.bottom_bar_button("profile"))
    profile = phone.wait_for_screen("profile")
    phone.wait_idle(profile)
    wait_until(lambda: profile.loaded, "the profile")
    assert profile.ids.administration_button.get_root_window() is None
    phone.navigator.open("admin_people")
    people = phone.wait_for_screen("admin_people")
    wait_until(lambda: people.ids.people.error, "the refusal")
    assert "admin" in people.ids.people.error and not people.ids.people.data


def test_an_admin_invites_a_colleague_and_withdraws_an_invitation(phone, server):
    hub = open_administration(phone)
    pending_before = hub.pending_invitations
    phone.tap(hub.ids.invitations_card)
    screen = phone.wait_for_screen("admin_invitations")
    phone.wait_idle(screen)
    wait_until(lambda: screen.ids.invitations.loaded, "the invitations")
    phone.tap(screen.ids.invite_button)
    assert screen.ids.email_box.error and screen.ids.division_box.error
    phone.type(screen.ids.email, "app.invitee@quid.example")
    pick(screen.ids.division, "Product Management")
    pick(screen.ids.role, "Leader")
    phone.tap(screen.ids.invite_button)
    code = wait_until(lambda: screen.created_code, "the code")
    assert screen.ids.created_code.text == code and "Product Management, Leader" in screen.created_text
    assert "Mail did not carry it" in screen.created_text
    wait_until(
        lambda: any(row["email_text"] == "app.invitee@quid.example" for row in screen.ids.invitations.data),
        "the new invitation in the list",
    )
    phone.tap(screen.ids.copy_button)
    assert screen.notice == "Code copied."
    joined = server.client(DEMO_ADMIN, DEMO_PASSWORD)  # the code works for the colleague
    import requests

    response = requests.post(
        server.base_url + "/api/v1/auth/register",
        timeout=10,
        json={"invitation": code, "password": "the invitee's password", "display_name": "App Invitee"},
    )
    assert response.status_code == 201 and response.json()["user"]["role"] == "leader"
    # Withdraw one of the demo firm's pending invitations.
    screen.reload()
    wait_until(lambda: screen.ids.invitations.data and not screen.ids.invitations.loading, "the list again")
    row = next(row for row in screen.ids.invitations.data if row["email_text"] == "sam.okafor@quid.example")
    screen.revoke(row["invitation_id"], row["email_text"])
    dialog = open_dialog(ConfirmDialog)
    assert "sam.okafor@quid.example" in dialog.heading
    phone.tap(dialog.ids.confirm_button)
    wait_until(lambda: "withdrawn" in screen.notice, "the withdrawal")
    wait_until(
        lambda: all(row["email_text"] != "sam.okafor@quid.example" for row in screen.ids.invitations.data),
        "the pending list without it",
    )
    pending = joined.get("/admin/invitations", state="pending")["items"]
    assert len(pending) == pending_before - 1, "one withdrawn; the new one was accepted"


def open_person_page(phone, search: str):
    """The admin's page of the one person `search` finds under People, loaded; and their row."""
    hub = open_administration(phone)
    phone.tap(hub.ids.people_card)
    people = phone.wait_for_screen("admin_people")
    phone.type(people.ids.search, search)
    people.ids.search.dispatch("on_text_validate")
    wait_until(lambda: len(people.ids.people.data) == 1 and not people.ids.people.loading, "the one match")
    row = people.ids.people.data[0]
    people.open_person(row["person_id"], row["sign_up"])
    person = phone.wait_for_screen("admin_person")
    wait_until(lambda: person.loaded, "the person")
    return person, row


def test_an_admin_moves_and_deactivates_a_person_and_reads_it_in_the_audit_log(phone, server):
    admin = server.client(DEMO_ADMIN, DEMO_PASSWORD)
    newcomer = server.join(email="moved.person@quid.example", display_name=HOSTILE_MARKUP, division_id=1)
    person, row = open_person_page(phone, "moved.person")
    assert row["name_text"] == HOSTILE_MARKUP
    assert person.ids.name_label.text == HOSTILE_MARKUP and not person.ids.name_label.markup
    pick(person.ids.division, "Customer Success")
    pick(person.ids.role, "Leader")
    phone.tap(person.ids.save_button)
    wait_until(lambda: person.notice == "Saved.", "saved")
    detail = admin.get(f"/admin/users/{newcomer.id}")
    assert detail["division"]["name"] == "Customer Success" and detail["role"] == "leader"
    phone.tap(person.ids.active_button)
    dialog = open_dialog(ConfirmDialog)
    assert dialog.danger and "signed out everywhere" in dialog.message
    phone.tap(dialog.ids.confirm_button)
    wait_until(lambda: person.notice == "Deactivated.", "deactivated")
    assert admin.get(f"/admin/users/{newcomer.id}")["is_active"] is False
    assert person.person["is_active"] is False, person.person
    assert person.ids.active_button.text == "Reactivate"
    phone.navigator.open("admin_audit")
    audit = phone.wait_for_screen("admin_audit")
    wait_until(lambda: audit.ids.entries.data and not audit.ids.entries.loading, "the log")
    sentences = [row["summary_text"] for row in audit.ids.entries.data[:2]]
    assert sentences[0].endswith(f"deactivated {HOSTILE_MARKUP} (moved.person@quid.example)")
    assert "division from Field Sales North to Customer Success; role from member to leader" in sentences[1]
    pick(audit.ids.object_filter, "Divisions")
    wait_until(
        lambda: (
            audit.ids.entries.data
            and not audit.ids.entries.loading
            and all("division" in row["summary_text"] for row in audit.ids.entries.data)
        ),
        "division entries only",
    )


def test_an_admin_adds_and_renames_a_division(phone, server):
    hub = open_administration(phone)
    phone.tap(hub.ids.divisions_card)
    screen = phone.wait_for_screen("admin_divisions")
    wait_until(lambda: screen.ids.divisions.data, "the divisions")
    phone.type(screen.ids.new_name, "Field Sales West")
    phone.tap(screen.ids.add_button)
    wait_until(lambda: any(row["name_text"] == "Field Sales West" for row in screen.ids.divisions.data), "the new one")
    phone.type(screen.ids.new_name, "field sales west")
    phone.tap(screen.ids.add_button)
    wait_until(lambda: screen.ids.new_name_box.error, "the clash")
    assert "already a division" in screen.ids.new_name_box.error
    row = next(row for row in screen.ids.divisions.data if row["name_text"] == "Field Sales West")
    screen.open_rename(row["division_id"], row["name_text"])
    dialog = open_dialog(TextPromptDialog)
    phone.type(dialog.ids.text, "Field Sales Pacific")
    phone.tap(dialog.ids.confirm_button)
    wait_until(lambda: any(row["name_text"] == "Field Sales Pacific" for row in screen.ids.divisions.data), "renamed")
    assert "field-sales-west" in next(
        row["detail_text"] for row in screen.ids.divisions.data if row["name_text"] == "Field Sales Pacific"
    )
    names = {division["name"] for division in server.client(ANA, DEMO_PASSWORD).get("/divisions")["items"]}
    assert "Field Sales Pacific" in names and "Field Sales West" not in names


def test_an_admin_vouches_for_a_new_colleague_so_their_credits_count(phone, server):
    admin = server.client(DEMO_ADMIN, DEMO_PASSWORD)
    newcomer = server.join(
        email="vouched.person@quid.example", display_name="Vera Vouched", division_id=1, established=False
    )
    person, _ = open_person_page(phone, "vouched.person")
    wait_until(lambda: person.ids.vouch_button.parent is not None, "the vouch button")
    assert "credits they give are held" in person.summary_text()
    phone.tap(person.ids.vouch_button)
    dialog = open_dialog(ConfirmDialog)
    assert not dialog.danger and "audit log" in dialog.message
    phone.tap(dialog.ids.confirm_button)
    wait_until(lambda: person.notice == "Vouched for.", "vouched")
    assert admin.get(f"/admin/users/{newcomer.id}")["established"] is True
    wait_until(lambda: person.ids.vouch_button.parent is None, "the vouch button gone")
    assert "their credits count" in person.summary_text()
