"""Joining and signing in from the app: an invitation code, the company account through the
system browser (a real OpenID provider), and self sign-up where the firm allows it."""

import re

import pytest
import requests

from server.demo.loader import DEMO_PASSWORD
from tests.support.app_driver import Phone, pump, wait_until  # first: makes Kivy headless
from tests.support.live_server import DEMO_ADMIN, DemoServer
from tests.support.oidc_provider import FORM, HIDDEN, start_oidc_provider

CALLBACK_PATH = "/api/v1/auth/sso/callback"


@pytest.fixture(scope="module")
def company_server(tmp_path_factory):
    """The demo firm served with single sign-on through a real provider, and self sign-up
    open to quid.example."""
    server = DemoServer(tmp_path_factory.mktemp("company"), QUID_ALLOWED_EMAIL_DOMAINS="quid.example")
    provider = start_oidc_provider(redirect_uris=[server.base_url + CALLBACK_PATH])
    server.environment.update(provider.quid_environment())
    server.start()
    server.provider = provider
    yield server
    server.stop()
    provider.stop()


@pytest.fixture
def company_phone(company_server, tmp_path):
    """A phone against the company server whose 'system browser' records what it is asked to open."""
    device = Phone(company_server.base_url, tmp_path / "phone")
    device.browser = []
    device.session.open_browser = device.browser.append
    yield device
    device.close()


def browser_confirms(server, browser_url: str, login: str) -> str:
    """The person's browser: sign in at the provider, then confirm at Quid; the code it showed."""
    callback = server.provider.sign_in(browser_url, login=login)
    browser = requests.Session()
    page = browser.get(callback, headers={"Accept": "text/html"}, timeout=10)
    assert page.status_code == 200, page.text
    form = FORM.search(page.text)
    fields = {match["name"]: match["value"] for match in HIDDEN.finditer(form["fields"])}
    assert browser.post(server.base_url + form["action"], data=fields, timeout=10).status_code == 200
    return re.search(r'id="confirmation-code">([^<]+)<', page.text).group(1)


def test_a_colleague_joins_with_the_code_of_their_invitation(server, phone):
    admin = server.client(DEMO_ADMIN, DEMO_PASSWORD)
    code = admin.post("/admin/invitations", {"email": "joiner@quid.example", "division": 3})["code"]
    screen = phone.wait_for_sign_in_screen()
    phone.tap(screen.ids.join_button)
    join = phone.wait_for_screen("join")
    assert phone.shell.ids.bottom_bar.height == 0, "no bottom bar before there is an account"
    phone.type(join.ids.invitation, "nope")
    phone.type(join.ids.display_name, "Jo Iner")
    phone.type(join.ids.password, "a good long password")
    phone.type(join.ids.password_again, "a different password")
    phone.tap(join.ids.join_button)
    assert join.ids.password_again_box.error == "The two passwords differ."
    phone.type(join.ids.password_again, "a good long password")
    phone.tap(join.ids.join_button)
    wait_until(lambda: join.ids.invitation_box.error, "the server's word on the code")
    assert "invitation code" in join.ids.invitation_box.error
    phone.type(join.ids.invitation, code.lower())
    phone.tap(join.ids.join_button)
    phone.wait_for_screen("welcome")  # over the feed: someone new is welcomed first
    user = wait_until(lambda: phone.session.user, "the profile")
    assert user["email"] == "joiner@quid.example" and user["division"]["id"] == 3
    assert phone.session.settings.last_email == "joiner@quid.example"
    assert server.client("joiner@quid.example", "a good long password").id == user["id"]


def start_company_sign_in(phone):
    """Tap 'Sign in with your company account'; the sign-in screen and the address the
    system browser was asked to open."""
    screen = phone.wait_for_sign_in_screen()
    wait_until(lambda: screen.company_account, "the server to offer company sign-in")
    phone.tap(screen.ids.company_button)
    return screen, wait_until(lambda: phone.browser and phone.browser[-1], "the system browser to open")


def test_signing_in_with_the_company_account_through_the_system_browser(company_server, company_phone):
    phone, server = company_phone, company_server
    server.provider.add_account("ines-sso", email="ines.new@quid.example", name="Inês Nova", division="presales")
    screen, browser_url = start_company_sign_in(phone)
    assert browser_url.startswith(server.provider.issuer + "/auth?") and "code_challenge_method=S256" in browser_url
    shown = wait_until(lambda: screen.ids.confirmation_code.text, "the code to compare")
    assert screen.ids.cancel_company_button.get_root_window() is not None
    browser_code = browser_confirms(server, browser_url, "ines-sso")
    assert browser_code == shown
    phone.wait_for_screen("welcome", timeout=30)  # over the feed: someone new is welcomed first
    user = wait_until(lambda: phone.session.user, "the profile")
    assert user["email"] == "ines.new@quid.example" and user["division"]["slug"] == "presales"
    assert phone.session.tokens.signed_in


def test_a_refused_company_sign_in_says_why_and_can_be_started_again(company_server, company_phone):
    phone, server = company_phone, company_server
    server.provider.add_account("outsider-sso", email="outsider@quid.example", name="Out Sider", division="Legal")
    screen, browser_url = start_company_sign_in(phone)
    callback = server.provider.sign_in(browser_url, login="outsider-sso")
    assert requests.get(callback, timeout=10).status_code == 403
    wait_until(lambda: "'Legal'" in screen.ids.error_text.text, "the reason in the app")
    assert not screen.company.active and screen.ids.company_button.get_root_window() is not None
    assert phone.shell.ids.screens.current == "sign_in"
    # Cancelling a sign-in in progress stops the polling and brings the button back.
    phone.tap(screen.ids.company_button)
    wait_until(lambda: screen.ids.confirmation_code.text, "a new code")
    phone.tap(screen.ids.cancel_company_button)
    assert not screen.company.active and screen.ids.company_button.get_root_window() is not None


def approve_in_the_app(server, directory, email: str, division: str) -> None:
    """An admin, on their own device, places the person waiting to join in `division`."""
    admin_phone = Phone(server.base_url, directory)
    try:
        admin_phone.sign_in(DEMO_ADMIN, DEMO_PASSWORD)
        admin_phone.navigator.open("admin_people")
        people = admin_phone.wait_for_screen("admin_people")
        admin_phone.tap(people.ids.tab_waiting)
        row = wait_until(
            lambda: next((row for row in people.ids.people.data if row["detail_text"] == email), None),
            "the person waiting",
        )
        people.open_person(row["person_id"], row["sign_up"])
        person = admin_phone.wait_for_screen("admin_person")
        assert "has not checked that this address is theirs" in person.ids.summary_label.text
        wait_until(lambda: division in person.ids.division.values, "the divisions")
        person.ids.division.text = division
        admin_phone.tap(person.ids.approve_button)
        wait_until(lambda: person.notice.startswith("Approved"), "the approval")
        assert person.ids.approve_button.get_root_window() is None
    finally:
        admin_phone.close()


def test_self_sign_up_waits_for_an_admin_then_signs_in(company_server, company_phone, tmp_path):
    phone, server = company_phone, company_server
    screen = phone.wait_for_sign_in_screen()
    wait_until(lambda: screen.self_sign_up_domains == ["quid.example"], "the firm's domain")
    assert "@quid.example" in screen.ids.sign_up_button.text
    phone.tap(screen.ids.sign_up_button)
    sign_up = phone.wait_for_screen("sign_up")
    phone.type(sign_up.ids.email, "selfie@elsewhere.example")
    phone.type(sign_up.ids.display_name, "Sel Fie")
    phone.type(sign_up.ids.password, "my own long password")
    phone.tap(sign_up.ids.sign_up_button)
    assert "@quid.example" in sign_up.ids.email_box.error
    phone.type(sign_up.ids.email, "selfie@quid.example")
    phone.tap(sign_up.ids.sign_up_button)
    wait_until(lambda: sign_up.done, "the answer")
    assert "admin" in sign_up.ids.answer_text.text
    approve_in_the_app(server, tmp_path / "admin-phone", "selfie@quid.example", "Field Sales South")
    phone.show()
    phone.tap(sign_up.ids.back_button)
    screen = phone.wait_for_sign_in_screen()
    assert screen.ids.email.text == "selfie@quid.example"
    phone.type(screen.ids.password, "my own long password")
    phone.tap(screen.ids.sign_in_button)
    phone.wait_for_screen("welcome")  # over the feed: someone new is welcomed first
    pump(0.1)
    assert wait_until(lambda: phone.session.user, "the profile")["division"]["name"] == "Field Sales South"
