"""Trades in the app, between two phones: propose, accept, deliver, confirm, complete; a refused move."""

from datetime import UTC, datetime, timedelta

import pytest

from server.demo.loader import DEMO_PASSWORD
from tests.support.app_driver import HOSTILE_MARKUP, Phone, pump, wait_until  # first: makes Kivy headless

# Demo people with no trade between them (server/demo/content.py TRADES).
TOMAS = "tomas.herrera@quid.example"
HANNAH = "hannah.schmidt@quid.example"
RYAN = "ryan.mitchell@quid.example"
FELIX = "felix.moreau@quid.example"
HOSTILE = HOSTILE_MARKUP + " the pricing sheet"


@pytest.fixture
def phones(server, tmp_path):
    opened = []

    def open_phone(name: str, email: str) -> Phone:
        phone = Phone(server.base_url, tmp_path / name)
        opened.append(phone)
        phone.sign_in(email, DEMO_PASSWORD)
        return phone

    yield open_phone
    for phone in opened:
        phone.close()


def choose(phone: Phone, chooser, text: str) -> None:
    """Open a Chooser and tap one of its options, as a finger would."""
    phone.tap(chooser)
    wait_until(lambda: chooser.is_open, "the choices to open")
    option = next(option for option in chooser._dropdown.container.children if option.text == text)
    phone.tap(option)
    wait_until(lambda: chooser.text == text and not chooser.is_open, f"{text} to be chosen")


def reveal(scroll, widget) -> None:
    """Scroll until `widget` is in view (a person scrolls before tapping)."""
    pump(0.05)
    scroll.scroll_to(widget, padding=20, animate=False)
    pump(0.1)


def trade_row(trades, trade_id: int):
    """The visible row of the trades list for `trade_id`."""
    return wait_until(
        lambda: next((row for row in trades.children[0].children if getattr(row, "trade_id", None) == trade_id), None),
        f"the row of trade {trade_id}",
    )


def open_from_list(phone: Phone, tab: str, trade_id: int):
    """Trades in the bottom bar, a tab, the trade's row: its detail screen, loaded."""
    phone.show()
    phone.navigator.switch("trades")
    screen = phone.wait_for_screen("trades")
    phone.tap(screen.ids[tab])
    trades = screen.ids.trades
    wait_until(lambda: trades.loaded and not trades.loading, "the trades list")
    phone.tap(trade_row(trades, trade_id))
    detail = phone.wait_for_screen("trade")
    wait_until(lambda: detail.trade and detail.trade["id"] == trade_id and not detail.loading, "the trade")
    pump(0.1)
    return detail


def make_move(phone: Phone, detail, button, done, what: str) -> None:
    """Tap a move's button and wait for the outbox to deliver it and the trade to be read again."""
    reveal(detail.ids.scroll, button)
    phone.tap(button)
    wait_until(
        lambda: phone.session.queued == 0 and not detail.sending_text and not detail.loading and done(detail.trade),
        what,
    )


def leg_by(trade: dict, promiser_id: int) -> dict:
    return next(leg for leg in trade["legs"] if leg["promiser_id"] == promiser_id)


def test_a_trade_goes_from_proposal_to_completed_between_two_phones(server, phones):
    hannah_api = server.client(HANNAH, DEMO_PASSWORD)
    tomas = phones("tomas", TOMAS)
    hannah = phones("hannah", HANNAH)

    # Tomás proposes, through the form, the way a profile's "Propose a trade" opens it.
    tomas.show()
    tomas.navigator.open("propose_trade", counterparty_id=hannah_api.id, counterparty_name="Hannah Schmidt")
    form = tomas.wait_for_screen("propose_trade")
    offer, ask = form.ids.offer, form.ids.ask
    reveal(form.ids.scroll, form.ids.propose_button)
    tomas.tap(form.ids.propose_button)  # empty: every missing field is named
    assert "Kind" in offer.errors["kind"] and "Description" in ask.errors["description"]
    assert tomas.session.queued == 0
    reveal(form.ids.scroll, offer.ids.kind)
    choose(tomas, offer.ids.kind, "Lead")
    tomas.type(offer.ids.description, "Contoso's Leeds plant wants a second OEE line")
    reveal(form.ids.scroll, form.ids.propose_button)
    tomas.tap(form.ids.propose_button)  # a lead without its account is named too
    assert offer.errors == {"account": "Account: a lead names the customer account."}
    reveal(form.ids.scroll, offer.ids.account)
    tomas.type(offer.ids.account, "Contoso Foods")
    reveal(form.ids.scroll, offer.ids.due)
    tomas.tap(offer.ids.due.chip("In 3 days"))
    reveal(form.ids.scroll, ask.ids.kind)
    choose(tomas, ask.ids.kind, "Review")
    tomas.type(ask.ids.description, "Review my renewal deck before Friday")
    reveal(form.ids.scroll, ask.ids.due)
    tomas.tap(ask.ids.due.chip("No date"))
    assert ask.due_choice == "No date"
    reveal(form.ids.scroll, form.ids.propose_button)
    tomas.tap(form.ids.propose_button)
    tomas.wait_for_screen("feed")
    wait_until(lambda: tomas.session.queued == 0, "the proposal to be sent")
    proposal = hannah_api.get("/trades", role="counterparty")["items"][0]
    trade_id = proposal["id"]
    assert proposal["proposer"]["id"] == tomas.session.user["id"]
    assert proposal["state"] == "proposed"
    tomas_leg = leg_by(proposal, tomas.session.user["id"])
    hannah_leg = leg_by(proposal, hannah_api.id)
    assert (tomas_leg["kind"], tomas_leg["account"]) == ("lead", "Contoso Foods")
    assert tomas_leg["description"] == "Contoso's Leeds plant wants a second OEE line"
    due_in = datetime.fromisoformat(tomas_leg["due"].replace("Z", "+00:00")) - datetime.now(UTC)
    assert timedelta(days=2, hours=23) < due_in <= timedelta(days=3)
    assert (hannah_leg["kind"], hannah_leg["due"]) == ("review", None)

    # Hannah finds it under "Asks to me", marked as waiting for her, and accepts.
    hannah.show()
    hannah.navigator.switch("trades")
    trades = hannah.wait_for_screen("trades").ids.trades
    wait_until(lambda: trades.loaded and trades.data, "Hannah's asks")
    row = trades.data[0]
    assert row["trade_id"] == trade_id and row["party_text"] == "From Tomás Herrera"
    assert row["attention_level"] == "attention" and row["attention_text"] == "Answer this proposal"
    assert row["give_text"] == "Review · no date (I owe you one)"
    detail = open_from_list(hannah, "tab_to_me", trade_id)
    assert detail.state_text == "Proposed" and detail.can_answer and not detail.can_cancel
    assert detail.ids.counterparty_party.name == "Hannah Schmidt"
    assert detail.ids.proposer_party.trust_text.startswith("New · ")
    assert "Trust 0" not in detail.ids.proposer_party.trust_text
    make_move(hannah, detail, detail.ids.accept_button, lambda trade: trade["state"] == "accepted", "acceptance")
    assert detail.state_text == "Accepted" and not detail.can_answer

    # Tomás delivers his leg, with a note.
    detail = open_from_list(tomas, "tab_mine", trade_id)
    tomas_panel = detail.ids.proposer_leg
    assert tomas_panel.can_deliver and not detail.ids.counterparty_leg.can_deliver
    tomas.type(tomas_panel.ids.note, "Sent to your inbox: contoso-renewal-notes.pdf")
    make_move(
        tomas,
        detail,
        tomas_panel.ids.deliver_button,
        lambda trade: leg_by(trade, tomas_leg["promiser_id"])["state"] == "delivered",
        "the delivery",
    )
    assert tomas_panel.delivery_note == "Sent to your inbox: contoso-renewal-notes.pdf"

    # Hannah confirms it, records that the lead was won, then delivers hers without a note.
    detail = open_from_list(hannah, "tab_to_me", trade_id)
    assert detail.attention_text == "Confirm what Tomás delivered"
    lead_panel = detail.ids.proposer_leg
    assert lead_panel.account_text == "Account: Contoso Foods" and lead_panel.outcome == "open"
    make_move(
        hannah,
        detail,
        lead_panel.ids.confirm_button,
        lambda trade: leg_by(trade, tomas_leg["promiser_id"])["state"] == "confirmed",
        "the confirmation",
    )
    make_move(
        hannah,
        detail,
        lead_panel.ids.outcome_won,
        lambda trade: leg_by(trade, tomas_leg["promiser_id"])["outcome"] == "won",
        "the lead's outcome",
    )
    make_move(
        hannah,
        detail,
        detail.ids.counterparty_leg.ids.deliver_button,
        lambda trade: leg_by(trade, hannah_api.id)["state"] == "delivered",
        "Hannah's delivery",
    )
    assert detail.ids.counterparty_leg.delivery_note == "Delivered."  # the server wants a note

    # Tomás confirms: the trade is complete, on the server and on his screen.
    detail = open_from_list(tomas, "tab_all", trade_id)
    make_move(
        tomas,
        detail,
        detail.ids.counterparty_leg.ids.confirm_button,
        lambda trade: trade["state"] == "completed",
        "completion",
    )
    assert hannah_api.get(f"/trades/{trade_id}")["state"] == "completed"
    assert detail.ids.state_label.text == "Completed"
    assert detail.ids.counterparty_leg.state_text == "Confirmed"
    assert not (
        detail.can_answer
        or detail.can_cancel
        or detail.ids.proposer_leg.can_deliver
        or detail.ids.counterparty_leg.can_confirm
    )
    assert tomas.session.rejected == 0 and hannah.session.rejected == 0


def test_accepting_a_withdrawn_proposal_is_refused_in_plain_words(server, phones):
    ryan = server.client(RYAN, DEMO_PASSWORD)
    felix = phones("felix", FELIX)
    trade = ryan.post(
        "/trades",
        {
            "counterparty_id": felix.session.user["id"],
            "offer": {"kind": "information", "description": HOSTILE, "due": None},
            "ask": {"kind": "help", "description": "Join my call with Fabrikam's plant IT", "due": None},
        },
    )
    refused = []
    felix.session.bind(on_outbox_rejected=lambda _session, item, error: refused.append((item, error)))

    detail = open_from_list(felix, "tab_to_me", trade["id"])
    # User text shows as written, never as markup.
    description = detail.ids.proposer_leg.ids.description_label
    assert description.text == HOSTILE and not description.markup
    trades = felix.navigator.screen("trades").ids.trades
    assert trades.data[0]["give_text"] == "Help · no date (I owe you one)"
    assert trades.data[0]["get_description"] == HOSTILE

    # Ryan's name opens his profile.
    felix.tap(detail.ids.proposer_party)
    profile = felix.wait_for_screen("profile")
    assert profile.parameters == {"user_id": ryan.id}
    felix.navigator.back()
    felix.wait_for_screen("trade")
    wait_until(lambda: not detail.loading, "the trade again")

    ryan.post(f"/trades/{trade['id']}/cancel")  # meanwhile, Ryan withdraws it
    reveal(detail.ids.scroll, detail.ids.accept_button)
    felix.tap(detail.ids.accept_button)
    wait_until(lambda: refused, "the outbox to report the refusal")
    item, error = refused[0]
    assert item.kind == "trade" and item.state == "rejected" and error.status == 409
    wait_until(
        lambda: detail.rejection_text and detail.trade_state == "cancelled" and not detail.loading,
        "the refusal on screen",
    )
    assert detail.rejection_text.startswith(
        "“Accept the trade with Ryan Mitchell” was refused: This trade is cancelled;"
    )
    assert detail.state_text == "Cancelled" and not detail.can_answer
    assert felix.session.rejected == 1

    reveal(detail.ids.scroll, detail.ids.dismiss_button)
    felix.tap(detail.ids.dismiss_button)
    wait_until(lambda: felix.session.rejected == 0 and not detail.rejection_text, "the refusal dismissed")
    assert felix.session.outbox_items() == []
