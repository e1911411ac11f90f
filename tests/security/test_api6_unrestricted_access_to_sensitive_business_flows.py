"""OWASP API6:2023 Unrestricted Access to Sensitive Business Flows — farming Quid's rewards.

Quid's sensitive flows are the ones that turn into standing: being used, found helpful and
accepted (points, levels, leaderboards) and keeping promises (trust). Each test here is an
attacker running one of those flows as a script would, through the API, and what they end
up with. The rules that weigh credit (newcomers held, repeats decaying, returned credit
worth a quarter, rings earning nothing, a use toggled by script credited once) are tested
rule by rule in tests/test_fair_game_rules.py and as a whole firm in tests/test_fair_game.py.
"""

import pytest

from tests.support.assertions import assert_error
from tests.support.trades import leg


def reputation(person) -> int:
    return person.get("/me").get_json()["reputation"]


def test_a_helpful_vote_toggled_by_script_counts_once(api):
    author, voter = api.person(), api.person(level=2, division="Pre-Sales")
    insight = author.post_item()
    for _ in range(25):
        assert voter.post(f"/posts/{insight['id']}/helpful").status_code == 201
        assert voter.delete(f"/posts/{insight['id']}/helpful").status_code == 204
    assert voter.post(f"/posts/{insight['id']}/helpful").get_json()["helpful_count"] == 1
    earned = reputation(author)
    assert voter.post(f"/posts/{insight['id']}/helpful").status_code == 409
    assert reputation(author) == earned


@pytest.fixture
def own_work(api):
    author = api.person(level=3)
    challenge = author.post_item(kind="challenge", title="How do we price the pilot?")
    return {
        "author": author,
        "insight": author.post_item(),
        "challenge": challenge,
        "answer": author.answer(challenge["id"]),
    }


@pytest.mark.parametrize(
    "move, path",
    [
        ("use an own insight", "/posts/{insight}/uses"),
        ("use an own answer", "/answers/{answer}/uses"),
        ("find an own insight helpful", "/posts/{insight}/helpful"),
        ("find an own answer helpful", "/answers/{answer}/helpful"),
    ],
)
def test_nobody_credits_their_own_work(api, own_work, move, path):
    author = own_work["author"]
    url = path.format(insight=own_work["insight"]["id"], answer=own_work["answer"]["id"])
    body = {"note": "Mine, and great"} if url.endswith("/uses") else None
    before = reputation(author)
    assert_error(author.post(url, json=body), 403, mentions="own")
    assert reputation(author) == before


def test_accepting_ones_own_answer_earns_nothing(api, own_work):
    author = own_work["author"]
    before = reputation(author)
    response = author.post(f"/answers/{own_work['answer']['id']}/accept")
    # Marking one's own answer as the one that solved it is allowed (it closes the
    # challenge), but it is no one else's acknowledgement: it earns nothing.
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["accepted"] is True
    assert reputation(author) == before


def test_nobody_trades_with_themselves(api):
    person = api.person()
    response = person.post(
        "/trades",
        json={
            "counterparty_id": person.id,
            "ask": leg(description="Introduce me to the CFO"),
            "offer": leg(kind="insight", description="Our churn analysis"),
        },
    )
    assert_error(response, 422, mentions="counterparty_id")
    assert person.get("/trades").get_json()["items"] == []
