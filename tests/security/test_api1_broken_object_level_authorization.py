"""OWASP API1 (2023), broken object level authorisation, for Quid: every route that takes an
object's id checks that the caller may see that object. A post outside the caller's audience,
an answer on one, a trade they are not a party to, a deactivated colleague: each answers 404,
exactly as an id that was never used, never a 403 that confirms the object exists. Admin
routes answer every non-admin 403 whatever the id, so that refusal says nothing either.

The matrix below is taken from the app's URL map: a new route with an id and no entry here
fails the first test, so nobody adds one without saying who may reach what through it.
"""

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from tests.support.http import PREFIX
from tests.support.trades import act, complete, deliver, leg, leg_of, ok, propose

SECRET = "zebra"  # in every hidden title, body and leg
PARTNER_NAME = "Quokka Partner"  # the author's private trade partner
AUTHOR_NAME = "Walrus Author"
VIEWERS = ("author", "same_division", "other_division", "circle_member", "admin")
AUDIENCE_SEES = {
    "circle": {"author", "circle_member", "admin"},
    "division": {"author", "same_division", "admin"},
    "deleted": set(),  # a firm-wide post its author deleted: seen by nobody, admins included
    "hidden": {"author", "admin"},  # a firm-wide post an admin hid: seen by its author and admins
}
TRADE_PARTIES = {"author", "circle_member"}
MISSING_ID = 987654
_titles = itertools.count(1)


@dataclass
class Entry:
    """One route and method: how to make its object, what to send, who sees the object, and
    what each of those who see it gets. Whoever does not see it gets 404."""

    make: Callable  # (scene, audience) -> {path argument: id}
    sees: Callable  # (audience) -> the viewers who may see the object
    statuses: dict  # viewer -> status, for the viewers who see the object
    body: Callable | dict | None = None
    by_audience: bool = True  # made once per post audience, or once
    forbidden_to_non_admins: bool = False
    when_hidden: dict | None = None  # viewer -> status where the hidden post's differs


@dataclass
class Scene:
    api: object
    people: dict

    @property
    def author(self):
        return self.people["author"]

    def post(self, audience, kind="insight", *, then=None, **fields):
        """A post by the author for `audience` (`then` runs on its id before a deleted one
        is deleted, and gives what to return; `fields` go into the post)."""
        post = self.author.post_item(
            kind=kind,
            title=f"Hidden {kind} {SECRET} {next(_titles)}",
            body=f"Only for the {audience} {SECRET}.",
            audience="firm" if audience in ("deleted", "hidden") else audience,
            **fields,
        )["id"]
        made = then(post) if then else post
        if audience == "deleted":
            assert self.author.delete(f"/posts/{post}").status_code == 204
        if audience == "hidden":
            assert self.people["admin"].post(f"/admin/posts/{post}/hide", json={"note": SECRET}).status_code == 200
        return made

    def answer(self, audience):
        # The admin sees every post, so the admin answers.
        return self.post(
            audience, "challenge", then=lambda post: self.people["admin"].answer(post, body=f"An answer {SECRET}")["id"]
        )

    def used_post(self, audience):
        def use(post):
            assert self.people["admin"].post(f"/posts/{post}/uses", json={"note": "Used it"}).status_code == 201
            return post

        return self.post(audience, then=use)

    def trade(self, *, accepted=False, lead=False):
        offer = (
            leg(kind="lead", description=f"A lead {SECRET}", account="Globex")
            if lead
            else leg(kind="insight", description=f"Our analysis {SECRET}")
        )
        trade = propose(
            self.author, self.people["circle_member"], offer=offer, ask=leg(description=f"An introduction {SECRET}")
        )
        if accepted:
            ok(act(self.people["circle_member"], trade, "accept"))
        return trade


def everyone(audience=None):
    return set(VIEWERS)


def nobody(audience=None):
    return set()


def audience_of_post(audience):
    return AUDIENCE_SEES[audience]


def trade_parties(audience=None):
    return TRADE_PARTIES


def post_id(kind="insight"):
    return lambda scene, audience: {"post_id": scene.post(audience, kind)}


def answer_id(scene, audience):
    return {"answer_id": scene.answer(audience)}


def attachment_id(scene, audience):
    """A photo on a post of `audience` (the uploader alone sees one on no post yet: tests/test_attachments.py)."""
    from tests.support.photos import jpeg_from_the_field
    from tests.test_attachments import uploaded

    photo = uploaded(scene.author, jpeg_from_the_field(64, 48))["id"]
    return {"attachment_id": scene.post(audience, then=lambda post: photo, attachment_ids=[photo])}


def trade_ids(*, accepted=False, lead=False, leg_promiser=None, delivered=False):
    def make(scene, audience):
        trade = scene.trade(accepted=accepted, lead=lead)
        ids = {"trade_id": trade["id"]}
        if leg_promiser:
            ids["leg_id"] = leg_of(trade, scene.people[leg_promiser])["id"]
            if delivered:
                deliver(scene.people[leg_promiser], trade)
        return ids

    return make


def user_id(who):
    return lambda scene, audience: {"user_id": scene.people[who].id}


def missing(name):
    return lambda scene, audience: {name: MISSING_ID}


def visible_and_forbidden(**overrides):
    """Statuses where the author and admin may act and the others who see it may not."""
    return {"author": 200, "admin": 200, "same_division": 403, "circle_member": 403, **overrides}


# Visible viewers' statuses use the people of the scene: everyone below level 2 but the admin,
# so the privileges of levels (helpful votes, marking duplicates) answer 403 to them.
POSTS = f"{PREFIX}/posts/<int:post_id>"
ANSWERS = f"{PREFIX}/answers/<int:answer_id>"
TRADES = f"{PREFIX}/trades/<int:trade_id>"
ATTACHMENTS = f"{PREFIX}/attachments/<int:attachment_id>"
LEGS = f"{TRADES}/legs/<int:leg_id>"
USERS = f"{PREFIX}/users/<int:user_id>"
ADMIN = f"{PREFIX}/admin"
MATRIX = {
    ("GET", POSTS): Entry(post_id(), audience_of_post, {"*": 200}),
    ("PATCH", POSTS): Entry(post_id(), audience_of_post, visible_and_forbidden(), body={"body": f"Edited {SECRET}"}),
    ("DELETE", POSTS): Entry(post_id(), audience_of_post, visible_and_forbidden(author=204, admin=204)),
    ("GET", f"{POSTS}/answers"): Entry(post_id("challenge"), audience_of_post, {"*": 200}),
    ("POST", f"{POSTS}/answers"): Entry(post_id("challenge"), audience_of_post, {"*": 201}, body={"body": "An answer"}),
    ("POST", f"{POSTS}/duplicate"): Entry(
        post_id("challenge"),
        audience_of_post,
        visible_and_forbidden(),
        body=lambda scene, audience: {"of": scene.post(audience, "challenge")},
    ),
    ("POST", f"{POSTS}/helpful"): Entry(post_id(), audience_of_post, {"author": 403, "admin": 201, "*": 403}),
    ("DELETE", f"{POSTS}/helpful"): Entry(post_id(), audience_of_post, {"*": 404}),
    ("GET", f"{POSTS}/uses"): Entry(
        lambda scene, audience: {"post_id": scene.used_post(audience)}, audience_of_post, {"*": 200}
    ),
    ("POST", f"{POSTS}/uses"): Entry(post_id(), audience_of_post, {"author": 403, "*": 201}, body={"note": "Used it"}),
    ("DELETE", f"{POSTS}/uses"): Entry(post_id(), audience_of_post, {"*": 404}),
    ("GET", f"{POSTS}/experts"): Entry(post_id("challenge"), audience_of_post, {"*": 200}),
    ("GET", f"{POSTS}/related"): Entry(post_id(), audience_of_post, {"*": 200}),
    # Asking the challenge's own author: refused (409) to all who see it, 404 to the others.
    ("POST", f"{POSTS}/experts/<int:user_id>/ask"): Entry(
        lambda scene, audience: {"post_id": scene.post(audience, "challenge"), "user_id": scene.author.id},
        audience_of_post,
        {"*": 409},
    ),
    # Freshness: only the author verifies; the author or an admin retires; anyone else who
    # sees the insight may say it is out of date.
    ("POST", f"{POSTS}/verify"): Entry(post_id(), audience_of_post, visible_and_forbidden(admin=403)),
    ("POST", f"{POSTS}/retire"): Entry(post_id(), audience_of_post, visible_and_forbidden()),
    ("POST", f"{POSTS}/outdated"): Entry(
        post_id(), audience_of_post, {"author": 403, "*": 201}, body={"note": "Out of date"}
    ),
    # Flagging: anyone who sees it but its author (the admin wrote the answers).
    # Hidden content takes no flags (409) from the admin or author who still see it.
    ("POST", f"{POSTS}/flag"): Entry(
        post_id(), audience_of_post, {"author": 403, "*": 201}, body={"reason": "spam"}, when_hidden={"admin": 409}
    ),
    ("POST", f"{ANSWERS}/flag"): Entry(
        answer_id, audience_of_post, {"admin": 403, "*": 201}, body={"reason": "spam"}, when_hidden={"author": 409}
    ),
    ("GET", ANSWERS): Entry(answer_id, audience_of_post, {"*": 200}),
    ("PATCH", ANSWERS): Entry(
        answer_id, audience_of_post, visible_and_forbidden(author=403), body={"body": "Rewritten"}
    ),
    ("DELETE", ANSWERS): Entry(answer_id, audience_of_post, visible_and_forbidden(author=403, admin=204)),
    # Only the challenge's author accepts, admins included (the admin wrote the answer).
    ("POST", f"{ANSWERS}/accept"): Entry(answer_id, audience_of_post, visible_and_forbidden(admin=403)),
    ("DELETE", f"{ANSWERS}/accept"): Entry(answer_id, audience_of_post, visible_and_forbidden(author=409, admin=403)),
    ("POST", f"{ANSWERS}/helpful"): Entry(answer_id, audience_of_post, {"admin": 403, "*": 403}),
    ("DELETE", f"{ANSWERS}/helpful"): Entry(answer_id, audience_of_post, {"*": 404}),
    ("GET", f"{ANSWERS}/uses"): Entry(answer_id, audience_of_post, {"*": 200}),
    ("POST", f"{ANSWERS}/uses"): Entry(answer_id, audience_of_post, {"admin": 403, "*": 201}, body={"note": "Used it"}),
    ("DELETE", f"{ANSWERS}/uses"): Entry(answer_id, audience_of_post, {"*": 404}),
    # A photo is seen by whoever sees its post (a deleted post's photo is gone with it).
    ("GET", ATTACHMENTS): Entry(attachment_id, audience_of_post, {"*": 200}),
    ("GET", f"{ATTACHMENTS}/thumbnail"): Entry(attachment_id, audience_of_post, {"*": 200}),
    ("GET", TRADES): Entry(trade_ids(), trade_parties, {"*": 200}, by_audience=False),
    ("POST", f"{TRADES}/accept"): Entry(
        trade_ids(), trade_parties, {"author": 403, "circle_member": 200}, by_audience=False
    ),
    ("POST", f"{TRADES}/decline"): Entry(
        trade_ids(), trade_parties, {"author": 403, "circle_member": 200}, by_audience=False
    ),
    ("POST", f"{TRADES}/cancel"): Entry(
        trade_ids(), trade_parties, {"author": 200, "circle_member": 403}, by_audience=False
    ),
    ("POST", f"{LEGS}/deliver"): Entry(
        trade_ids(accepted=True, leg_promiser="author"),
        trade_parties,
        {"author": 200, "circle_member": 403},
        body={"note": "Sent"},
        by_audience=False,
    ),
    ("POST", f"{LEGS}/confirm"): Entry(
        trade_ids(accepted=True, leg_promiser="author", delivered=True),
        trade_parties,
        {"author": 403, "circle_member": 200},
        by_audience=False,
    ),
    ("POST", f"{LEGS}/outcome"): Entry(
        trade_ids(accepted=True, lead=True, leg_promiser="author", delivered=True),
        trade_parties,
        {"author": 403, "circle_member": 200},
        body={"outcome": "won"},
        by_audience=False,
    ),
    ("GET", USERS): Entry(user_id("deactivated"), nobody, {}, by_audience=False),
    ("GET", f"{USERS}/reputation"): Entry(user_id("deactivated"), nobody, {}, by_audience=False),
    ("GET", f"{USERS}/trust"): Entry(user_id("deactivated"), nobody, {}, by_audience=False),
    # Admin routes: 403 to every non-admin whatever the id; the admin gets 404 for a missing one.
    ("GET", f"{ADMIN}/users/<int:user_id>"): Entry(
        missing("user_id"), nobody, {}, by_audience=False, forbidden_to_non_admins=True
    ),
    ("PATCH", f"{ADMIN}/users/<int:user_id>"): Entry(
        missing("user_id"), nobody, {}, by_audience=False, forbidden_to_non_admins=True, body={"role": "member"}
    ),
    ("PATCH", f"{ADMIN}/divisions/<int:division_id>"): Entry(
        missing("division_id"), nobody, {}, by_audience=False, forbidden_to_non_admins=True, body={"name": "Renamed"}
    ),
    ("POST", f"{ADMIN}/invitations/<int:invitation_id>/revoke"): Entry(
        missing("invitation_id"), nobody, {}, by_audience=False, forbidden_to_non_admins=True
    ),
    ("POST", f"{ADMIN}/sign-ups/<int:request_id>/approve"): Entry(
        missing("request_id"),
        nobody,
        {},
        by_audience=False,
        forbidden_to_non_admins=True,
        body=lambda scene, audience: {"division": scene.api.division("Product")},
    ),
    ("POST", f"{ADMIN}/sign-ups/<int:request_id>/reject"): Entry(
        missing("request_id"), nobody, {}, by_audience=False, forbidden_to_non_admins=True
    ),
    **{
        ("POST", f"{ADMIN}/{kind}s/<int:{kind}_id>/{action}"): Entry(
            missing(f"{kind}_id"),
            nobody,
            {},
            by_audience=False,
            forbidden_to_non_admins=True,
            body={"note": "Moderated"},
        )
        for kind in ("post", "answer")
        for action in ("hide", "restore", "flags/dismiss")
    },
}


def routes_with_an_id(app) -> set[tuple[str, str]]:
    return {
        (method, rule.rule)
        for rule in app.url_map.iter_rules()
        if "<int:" in rule.rule
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }


def build_path(rule: str, ids: dict) -> str:
    path = re.sub(r"<int:(\w+)>", lambda match: str(ids[match.group(1)]), rule)
    return path.removeprefix(PREFIX)


def expected_status(entry: Entry, viewer: str, audience: str | None = None) -> int:
    if audience == "hidden" and viewer in (entry.when_hidden or {}):
        return entry.when_hidden[viewer]
    return entry.statuses.get(viewer, entry.statuses.get("*"))


@pytest.fixture
def scene(api):
    """The author's circle (one completed trade with a partner in a third division), a
    colleague in their division, an outsider, the admin, and a deactivated colleague."""
    people = {
        "author": api.person(division="Field Sales North", display_name=AUTHOR_NAME),
        "same_division": api.person(division="Field Sales North", display_name="Colleague"),
        "other_division": api.person(division="Product", display_name="Outsider"),
        "circle_member": api.person(division="Pre-Sales", display_name=PARTNER_NAME),
        "admin": api.admin(),
        "deactivated": api.person(division="Product", display_name="Gone"),
    }
    api.admin().patch(f"/admin/users/{people['deactivated'].id}", json={"is_active": False})
    complete(people["author"], people["circle_member"])
    return Scene(api=api, people=people)


def test_every_route_with_an_id_has_an_entry_in_the_matrix(app):
    assert routes_with_an_id(app) == set(MATRIX), "add the new route to MATRIX (or remove a stale entry)"


def hidden_response_problems(response) -> list[str]:
    """What is wrong with a response to someone who may not see the object."""
    body = response.get_json()
    problems = []
    if response.status_code != 404:
        problems.append(f"status {response.status_code}, not 404")
    if not isinstance(body, dict) or set(body) != {"code", "status", "message", "errors"}:
        problems.append(f"not the error shape: {body}")
    text = response.get_data(as_text=True)
    if SECRET in text or PARTNER_NAME in text:
        problems.append(f"reveals the hidden object: {text}")
    return problems


def test_each_route_answers_each_viewer_by_what_they_may_see(scene):
    """Every route with an id × author, colleague, outsider, circle member and admin, for a
    circle post, a division post, a deleted post and a hidden one (or the one trade, person or admin
    object): who may not see the object gets 404 and nothing of it; who may see it gets
    what they may do."""
    failures = []
    for (method, rule), entry in MATRIX.items():
        for audience in tuple(AUDIENCE_SEES) if entry.by_audience else (None,):
            sees = entry.sees(audience)
            for viewer in VIEWERS:
                # A fresh object for each viewer, so what one does cannot change what the next gets.
                ids = entry.make(scene, audience)
                body = entry.body(scene, audience) if callable(entry.body) else entry.body
                response = scene.people[viewer].call(method, build_path(rule, ids), json=body)
                where = f"{method} {rule} [{audience}] as {viewer}"
                if entry.forbidden_to_non_admins and viewer != "admin":
                    if response.status_code != 403 or response.get_json()["code"] != 403:
                        failures.append(f"{where}: {response.status_code}, not 403")
                elif viewer in sees:
                    if response.status_code != expected_status(entry, viewer, audience):
                        failures.append(
                            f"{where}: {response.status_code}, expected "
                            f"{expected_status(entry, viewer, audience)}: {response.get_json()}"
                        )
                else:
                    failures.extend(f"{where}: {problem}" for problem in hidden_response_problems(response))
    assert not failures, "\n".join(failures)


def test_the_public_pages_of_two_trade_partners_do_not_name_one_to_the_other(scene):
    """Profiles, trust and reputation histories are for everyone, by id: read by anyone
    outside the pair, neither names the other nor what only the circle sees."""
    author, partner = scene.author, scene.people["circle_member"]
    circle_post = scene.post("circle")
    assert partner.post(f"/posts/{circle_post}/uses", json={"note": "Used it"}).status_code == 201
    pages = {
        AUTHOR_NAME: [f"/users/{author.id}", f"/users/{author.id}/trust", f"/users/{author.id}/reputation"],
        PARTNER_NAME: [f"/users/{partner.id}", f"/users/{partner.id}/trust", f"/users/{partner.id}/reputation"],
    }
    other_name = {AUTHOR_NAME: PARTNER_NAME, PARTNER_NAME: AUTHOR_NAME}
    for viewer in ("same_division", "other_division"):
        for owner, paths in pages.items():
            for path in paths:
                response = scene.people[viewer].get(path)
                text = response.get_data(as_text=True)
                assert response.status_code == 200, (path, response.get_json())
                assert other_name[owner] not in text and SECRET not in text, (viewer, path, text)
    # The two themselves, and the admin, see their history in full.
    for viewer in ("author", "admin"):
        assert PARTNER_NAME in scene.people[viewer].get(f"/users/{author.id}/reputation").get_data(as_text=True)


def test_an_id_nobody_used_and_a_hidden_one_get_the_same_answer(scene):
    """The 404 for a hidden object is word for word the 404 for a missing one."""
    outsider = scene.people["other_division"]
    for kind, make in (
        ("posts", lambda: scene.post("circle")),
        ("answers", lambda: scene.answer("circle")),
        ("trades", lambda: scene.trade()["id"]),
        ("attachments", lambda: attachment_id(scene, "circle")["attachment_id"]),
    ):
        hidden = outsider.get(f"/{kind}/{make()}")
        never_used = outsider.get(f"/{kind}/{MISSING_ID}")
        assert hidden.status_code == never_used.status_code == 404
        assert hidden.get_json() == never_used.get_json()
    # An id in a body is checked the same way: a hidden post is no post.
    own_challenge = outsider.post_item(kind="challenge", title="The outsider's own challenge")["id"]
    hidden_challenge = scene.post("circle", "challenge")
    duplicates = [
        outsider.post(f"/posts/{own_challenge}/duplicate", json={"of": of}) for of in (hidden_challenge, MISSING_ID)
    ]
    assert [response.status_code for response in duplicates] == [404, 404]
    assert duplicates[0].get_json() == duplicates[1].get_json()
    proposals = [
        outsider.post(
            "/trades",
            json={"counterparty_id": scene.author.id, "post_id": post, "ask": leg(), "offer": leg(kind="insight")},
        )
        for post in (hidden_challenge, MISSING_ID)
    ]
    assert [response.status_code for response in proposals] == [422, 422]
    assert proposals[0].get_json() == proposals[1].get_json()
    for path in ("/admin/users/{}", "/admin/divisions/{}"):
        real = scene.people["author"].patch(path.format(scene.people["author"].id), json={"role": "admin"})
        never_used = scene.people["author"].patch(path.format(MISSING_ID), json={"role": "admin"})
        assert real.status_code == never_used.status_code == 403
        assert real.get_json() == never_used.get_json()
