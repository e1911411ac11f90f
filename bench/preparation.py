"""What a benchmark run prepares once its server is up, through the API as the app would.

The generated firm (bench/generate.py) has people, posts and a ledger but no trades, and its
member has chosen no topics; the reads of the feed's For you tab, of someone's profile and
of a trade need those, and the later pages of the feed need a real `next_cursor`. Each
function here answers the values that bench/run.py fills into the targets' paths.
"""

from datetime import date, timedelta
from urllib.parse import quote

import requests

from bench.generate import PASSWORD, email_of

API = "/api/v1"
TIMEOUT_SECONDS = 60
# The member's topics (tags of bench.generate.TOPICS), so that For you holds challenges too.
MEMBER_TOPICS = ["vibration", "pump", "pricing"]
# How many trades the member proposes, and how many others propose to the member: over a page
# of 30 each way, so that every tab of the trades list answers a full page.
MEMBER_TRADES_EACH_WAY = 32
# The people the member trades with: the ones after the member (they exist: bench.run.USERS).
TRADE_PARTNERS = 8


def sign_in(base_url: str, user_id: int) -> str:
    """An access token of person `user_id`, by the same sign-in as the app's."""
    response = requests.post(
        f"{base_url}{API}/auth/login",
        json={"email": email_of(user_id), "password": PASSWORD},
        timeout=TIMEOUT_SECONDS,
    )
    response.raise_for_status()
    return response.json()["access_token"]


def call(base_url: str, token: str, method: str, path: str, body: dict | None = None) -> dict:
    """One API request as `token`'s holder; its JSON (empty for 204). Any refusal raises."""
    response = requests.request(
        method,
        f"{base_url}{API}{path}",
        json=body,
        timeout=TIMEOUT_SECONDS,
        headers={"Authorization": f"Bearer {token}"},
    )
    response.raise_for_status()
    return response.json() if response.content else {}


def choose_topics(base_url: str, token: str) -> None:
    """The member picks their topics under Me, as the empty For you tab asks them to."""
    call(base_url, token, "PATCH", "/me", {"expertise": MEMBER_TOPICS})


def later_page_cursor(base_url: str, token: str, path: str, page: int) -> str:
    """The `next_cursor` that opens page `page` of the list at `path` (page 1 is `path`
    itself), URL-encoded, found by following the cursors as the app's scrolling does."""
    cursor = ""
    for number in range(1, page):
        separator = "&" if "?" in path else "?"
        answer = call(base_url, token, "GET", path + (f"{separator}cursor={quote(cursor)}" if cursor else ""))
        cursor = answer.get("next_cursor") or ""
        if not cursor:
            raise RuntimeError(f"{path} has no page {number + 1}: the benchmark's firm is too small for it")
    return quote(cursor)


def someone_at_the_top(base_url: str, token: str, member_id: int) -> int:
    """The id of the highest-ranked person on the all-time board other than the member: the
    profile people open most (from the leaderboard), and the one with the longest history."""
    board = call(base_url, token, "GET", "/leaderboard?metric=reputation&period=all&limit=5")
    return next(row["user"]["id"] for row in board["items"] if row["user"]["id"] != member_id)


def member_trades(base_url: str, member_token: str, member_id: int) -> int:
    """Trades of the member with TRADE_PARTNERS people, MEMBER_TRADES_EACH_WAY each way, in
    every state a list shows (proposed, accepted, one leg delivered); the id of the last
    trade with a delivered leg, the one "a trade" reads."""
    partners = {user_id: sign_in(base_url, user_id) for user_id in range(member_id + 1, member_id + 1 + TRADE_PARTNERS)}
    partner_ids = list(partners)
    shown = None
    for number in range(2 * MEMBER_TRADES_EACH_WAY):
        partner_id = partner_ids[number % len(partner_ids)]
        member_proposes = number % 2 == 0
        proposer, counterparty = (
            (member_token, partners[partner_id]) if member_proposes else (partners[partner_id], member_token)
        )
        trade = call(base_url, proposer, "POST", "/trades", proposal(partner_id if member_proposes else member_id))
        if number % 4 < 2:
            continue  # left proposed
        trade = call(base_url, counterparty, "POST", f"/trades/{trade['id']}/accept")
        if number % 8 < 4:
            continue  # accepted, nothing delivered yet
        leg = next(leg for leg in trade["legs"] if leg["promiser_id"] == member_id)
        trade = call(
            base_url,
            member_token,
            "POST",
            f"/trades/{trade['id']}/legs/{leg['id']}/deliver",
            {"note": "The deck is in the shared folder, slides 4 to 9."},
        )
        shown = trade["id"]
    return shown


def proposal(counterparty_id: int) -> dict:
    """A proposal to `counterparty_id` as the app sends one: a review for an introduction,
    both due in a month."""
    due = (date.today() + timedelta(days=30)).isoformat()
    return {
        "counterparty_id": counterparty_id,
        "offer": {"kind": "review", "description": "Review your tender for the harbour cranes", "due": due},
        "ask": {"kind": "introduction", "description": "Introduce me to the plant manager at Nordpump", "due": due},
        "message": "We met at the pump makers' fair; this would help us both.",
    }
