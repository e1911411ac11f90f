"""OWASP API3 (2023), broken object property level authorisation, for Quid: a caller who may
see an object still sees only the properties they may see, and sets only those they may set.

- Reading: a link to another object (a duplicate's original, the post a trade or a
  notification is about, the post of a reputation entry) is shown only when the caller may
  see its target; tags and their counts reveal no post outside the caller's audience; another
  person's reputation history names neither posts the caller may not see nor trade partners.
- Writing (mass assignment): no request lets a member set their own role, division,
  reputation, level or standing, nor a post's author, counts or timestamps: an unknown field
  answers 422 naming it and changes nothing.
"""

import pytest

from tests.support.assertions import assert_error
from tests.support.http import PREFIX
from tests.support.trades import act, complete, ok, propose

SECRET = "zebra"
PARTNER_NAME = "Quokka Partner"


@pytest.fixture
def people(api):
    """An author with a private trade partner (so a circle), a colleague in the author's
    division, an outsider in another, and the admin."""
    people = {
        "author": api.person(division="Field Sales North", display_name="Author"),
        "colleague": api.person(division="Field Sales North", display_name="Colleague"),
        "outsider": api.person(division="Product", display_name="Outsider"),
        "partner": api.person(division="Pre-Sales", display_name=PARTNER_NAME),
        "admin": api.admin(),
    }
    complete(people["author"], people["partner"])
    return people


def tag_counts(person, **query) -> dict[str, int]:
    listed = ok(person.get("/tags", query={"limit": 100, **query}))["items"]
    return {item["name"]: item["use_count"] for item in listed}


# Tags


def test_a_tag_born_with_a_post_is_listed_only_to_those_who_may_see_a_post_carrying_it(api, people):
    api.tags("pricing")
    # The admin may create tags, so a new name on their post makes a tag born with it.
    admin = people["admin"]
    admin.post_item(title=f"Operations only {SECRET}", audience="division", tags=["zebra-merger", "pricing"])
    operations = api.person(division="Operations")
    assert tag_counts(operations) == {"zebra-merger": 1, "pricing": 1}
    assert tag_counts(admin)["zebra-merger"] == 1
    for outsider in (people["author"], people["outsider"]):
        # A tag in the vocabulary stays listed (its vanishing would tell of the hidden post),
        # counting nothing hidden; the one born with the hidden post is not listed at all.
        assert tag_counts(outsider) == {"pricing": 0}
        assert ok(outsider.get("/tags", query={"q": "zebra"}))["items"] == []
    # Once a post the outsider sees carries it, it is theirs to see too.
    admin.post_item(title="For the whole firm", tags=["zebra-merger"])
    assert tag_counts(people["outsider"]) == {"pricing": 0, "zebra-merger": 1}


def test_a_circle_tag_is_listed_to_the_circle_and_counts_only_posts_each_viewer_sees(api, people):
    author, partner = people["author"], people["partner"]
    api.tags("pricing")
    circle_tagger = api.person(division="Field Sales North", level=3, display_name="Regular")
    complete(circle_tagger, partner)
    circle_tagger.post_item(title=f"Circle only {SECRET}", audience="circle", tags=["zebra-circle", "pricing"])
    circle_tagger.post_item(title="Division only", audience="division", tags=["pricing"])
    author.post_item(title="Firm wide", tags=["pricing"])
    assert tag_counts(circle_tagger) == {"pricing": 3, "zebra-circle": 1}
    assert tag_counts(partner) == {"pricing": 2, "zebra-circle": 1}
    assert tag_counts(people["colleague"]) == {"pricing": 2}
    assert tag_counts(people["outsider"]) == {"pricing": 1}


def test_a_hidden_tag_name_is_answered_like_a_name_nobody_used(api, people):
    people["admin"].post_item(title=f"Operations only {SECRET}", audience="division", tags=["zebra-merger"])
    outsider = people["outsider"]
    for name in ("zebra-merger", "never-used"):
        composed = outsider.post(
            "/posts", json={"kind": "insight", "title": "Trying a tag", "body": "b", "tags": [name]}
        )
        assert_error(composed, 403, mentions=f"{name}: no such tag yet")
        declared = outsider.patch("/me", json={"expertise": [name]})
        assert_error(declared, 422, mentions=f"Unknown tag: {name}")
    # Someone who may create tags gets the tag as if it were new: no 409 confirms it.
    regular = api.person(division="Product", level=3)
    added = regular.post("/tags", json={"name": "zebra-merger"})
    assert added.status_code == 201 and added.get_json() == {"name": "zebra-merger", "use_count": 0}
    assert tag_counts(outsider) == {"zebra-merger": 0}
    assert regular.post_item(tags=["zebra-merger"])["tags"] == ["zebra-merger"]
    assert_error(regular.post("/tags", json={"name": "zebra-merger"}), 409)


def test_a_profile_shows_only_the_expertise_tags_listed_to_its_reader(api, people):
    api.tags("pricing")
    people["admin"].post_item(title=f"Operations only {SECRET}", audience="division", tags=["zebra-merger"])
    expert = api.person(division="Operations")
    ok(expert.patch("/me", json={"expertise": ["zebra-merger", "pricing"]}))
    assert ok(expert.get("/me"))["expertise"] == ["pricing", "zebra-merger"]
    assert ok(people["admin"].get(f"/users/{expert.id}"))["expertise"] == ["pricing", "zebra-merger"]
    assert ok(people["outsider"].get(f"/users/{expert.id}"))["expertise"] == ["pricing"]


# Links to other objects


def test_a_duplicate_names_its_original_only_to_those_who_may_see_it(people):
    author, admin = people["author"], people["admin"]
    original = author.post_item(kind="challenge", title=f"Circle challenge {SECRET}", audience="circle")
    repeat = people["outsider"].post_item(kind="challenge", title="The same question, firm wide")
    marked = ok(admin.post(f"/posts/{repeat['id']}/duplicate", json={"of": original["id"]}))
    assert marked["duplicate_of_id"] == original["id"]
    for viewer in ("author", "partner", "admin"):
        assert ok(people[viewer].get(f"/posts/{repeat['id']}"))["duplicate_of_id"] == original["id"]
    for viewer in ("outsider", "colleague"):
        seen = ok(people[viewer].get(f"/posts/{repeat['id']}"))
        assert seen["status"] == "closed" and seen["duplicate_of_id"] is None
        listed = next(item for item in ok(people[viewer].get("/posts"))["items"] if item["id"] == repeat["id"])
        assert listed["duplicate_of_id"] is None
    # An original that narrows its audience afterwards stops being named to those it leaves out.
    ok(author.patch(f"/posts/{original['id']}", json={"audience": "firm"}))
    assert ok(people["outsider"].get(f"/posts/{repeat['id']}"))["duplicate_of_id"] == original["id"]
    ok(author.patch(f"/posts/{original['id']}", json={"audience": "division"}))
    assert ok(people["outsider"].get(f"/posts/{repeat['id']}"))["duplicate_of_id"] is None
    assert ok(people["colleague"].get(f"/posts/{repeat['id']}"))["duplicate_of_id"] == original["id"]


def test_a_trade_names_its_post_only_to_a_party_who_may_see_it(people):
    author, outsider = people["author"], people["outsider"]
    post = author.post_item(title=f"Division only {SECRET}", audience="division")
    trade = propose(author, outsider, post_id=post["id"])
    assert trade["post_id"] == post["id"]
    assert ok(author.get(f"/trades/{trade['id']}"))["post_id"] == post["id"]
    assert ok(outsider.get(f"/trades/{trade['id']}"))["post_id"] is None
    assert ok(outsider.get("/trades"))["items"][0]["post_id"] is None
    assert ok(act(outsider, trade, "accept"))["post_id"] is None
    proposed = next(item for item in ok(outsider.get("/notifications"))["items"] if item["kind"] == "trade_proposed")
    assert proposed["post_id"] is None and proposed["trade_id"] == trade["id"]
    assert SECRET not in outsider.get(f"/trades/{trade['id']}").get_data(as_text=True)
    # A colleague who sees the post sees the link.
    colleague_trade = propose(author, people["colleague"], post_id=post["id"])
    assert ok(people["colleague"].get(f"/trades/{colleague_trade['id']}"))["post_id"] == post["id"]


def test_a_notification_links_only_to_what_its_reader_may_see_now(people):
    author, colleague = people["author"], people["colleague"]
    challenge = author.post_item(kind="challenge", title=f"Division challenge {SECRET}", audience="division")
    answer = colleague.answer(challenge["id"])
    ok(author.post(f"/answers/{answer['id']}/accept"))

    def accepted():
        return next(item for item in ok(colleague.get("/notifications"))["items"] if item["kind"] == "answer_accepted")

    assert (accepted()["post_id"], accepted()["answer_id"]) == (challenge["id"], answer["id"])
    ok(author.patch(f"/posts/{challenge['id']}", json={"audience": "circle"}))
    assert (accepted()["post_id"], accepted()["answer_id"]) == (None, None)
    assert_error(colleague.get(f"/answers/{answer['id']}"), 404)


def test_answers_and_uses_link_only_to_what_their_reader_sees(people):
    """An answer's `post_id` and a use's `post_id`/`answer_id` point at the object they were
    read through, which the reader sees by then: nobody else gets them at all."""
    author, partner = people["author"], people["partner"]
    challenge = author.post_item(kind="challenge", title=f"Circle challenge {SECRET}", audience="circle")
    answer = partner.answer(challenge["id"])
    assert author.post(f"/answers/{answer['id']}/uses", json={"note": "Used it"}).status_code == 201
    assert ok(author.get(f"/answers/{answer['id']}"))["post_id"] == challenge["id"]
    assert ok(author.get(f"/answers/{answer['id']}/uses"))["items"][0]["answer_id"] == answer["id"]
    for path in (f"/answers/{answer['id']}", f"/answers/{answer['id']}/uses", f"/posts/{challenge['id']}/answers"):
        assert_error(people["outsider"].get(path), 404)


# Reputation history


def history(viewer, of) -> dict:
    return ok(viewer.get(f"/users/{of.id}/reputation", query={"limit": 100}))


def test_others_see_only_the_history_entries_about_posts_they_may_see(api, people):
    author, partner, colleague = people["author"], people["partner"], people["colleague"]
    circle_post = author.post_item(title=f"Circle insight {SECRET}", audience="circle")
    assert partner.post(f"/posts/{circle_post['id']}/uses", json={"note": "Used it"}).status_code == 201
    division_post = author.post_item(title="Division insight for colleagues", audience="division")
    assert colleague.post(f"/posts/{division_post['id']}/uses", json={"note": "Used it"}).status_code == 201
    firm_post = author.post_item(title="Firm insight for everyone")
    assert people["outsider"].post(f"/posts/{firm_post['id']}/uses", json={"note": "Used it"}).status_code == 201

    own = history(author, author)["items"]
    # The person sees everything: the trade with their partner, and every use.
    assert {"leg_on_time", "contribution_used"} <= {item["event"] for item in own}
    assert PARTNER_NAME in str(own) and SECRET in str(own)
    assert sum(item["points"] for item in own) == ok(author.get("/me"))["reputation"]
    assert history(people["admin"], author)["items"] == own

    def seen_by(viewer):
        response = people[viewer].get(f"/users/{author.id}/reputation", query={"limit": 100})
        text = response.get_data(as_text=True)
        assert PARTNER_NAME not in text and SECRET not in text
        return {item["post"]["id"] for item in ok(response)["items"]}

    # Trade entries and the circle post's are left out; each sees the entries of posts they see.
    assert seen_by("colleague") == {division_post["id"], firm_post["id"]}
    assert seen_by("outsider") == {firm_post["id"]}
    # The partner sees the circle post's entry; the trade's are the author's own (the partner
    # has the trade itself, and their side of it in their own history).
    assert {item["event"] for item in history(partner, author)["items"]} == {"contribution_used"}


def test_badges_earned_together_in_a_trade_do_not_pair_the_partners_for_others(api, people):
    """Good Trader is awarded to both parties in the same transaction; its exact moment on two
    profiles would tell an outsider who traded with whom. Others see the day it was earned."""
    author, partner, outsider = people["author"], people["partner"], people["outsider"]

    def good_trader(viewer, of) -> str:
        badges = ok(viewer.get("/me" if viewer is of else f"/users/{of.id}"))["badges"]
        return next(badge["awarded_at"] for badge in badges if badge["slug"] == "good_trader")

    own_moment = good_trader(author, author)
    seen = good_trader(outsider, author)
    assert seen == good_trader(outsider, partner)
    assert seen.startswith(own_moment[:10]) and seen.endswith("T00:00:00+00:00")
    assert good_trader(people["admin"], author) == own_moment


def test_the_openapi_document_says_what_others_see_of_a_reputation_history(api):
    document = api.get("/openapi.json").get_json()
    operation = document["paths"]["/api/v1/users/{user_id}/reputation"]["get"]
    assert "admins see every entry" in operation["description"]
    assert "trade entries are left out" in operation["description"]


# Mass assignment

PRIVILEGED_FIELDS = {
    "role": "admin",
    "division": 1,
    "division_id": 1,
    "reputation": 10000,
    "points": 10000,
    "level": 8,
    "is_active": True,
    "established": True,
    "email": "someone.else@quid.example",
    "author_id": 1,
    "created_at": "2026-01-01T00:00:00Z",
    "helpful_count": 99,
    "use_count": 99,
}


def patch_targets(people):
    """Each PATCH route, with the object a member may edit through it (their own), or, for an
    admin route, any: a new PATCH route without an entry here fails the test below."""
    member = people["author"]
    post = member.post_item(kind="challenge", title="My own challenge")
    answer = member.answer(people["outsider"].post_item(kind="challenge", title="Their challenge")["id"])
    return {
        f"{PREFIX}/me": "/me",
        f"{PREFIX}/posts/<int:post_id>": f"/posts/{post['id']}",
        f"{PREFIX}/answers/<int:answer_id>": f"/answers/{answer['id']}",
        f"{PREFIX}/admin/users/<int:user_id>": f"/admin/users/{member.id}",
        f"{PREFIX}/admin/divisions/<int:division_id>": f"/admin/divisions/{member.user['division']['id']}",
        f"{PREFIX}/admin/tags/<tag:name>": "/admin/tags/pricing",
    }


def test_no_patch_lets_a_member_set_their_role_division_points_or_level(app, api, people):
    member = people["author"]
    targets = patch_targets(people)
    patch_rules = {rule.rule for rule in app.url_map.iter_rules() if "PATCH" in rule.methods}
    assert patch_rules == set(targets), "add the new PATCH route to patch_targets"
    before = ok(member.get("/me"))
    for path in targets.values():
        for name, value in PRIVILEGED_FIELDS.items():
            response = member.patch(path, json={name: value})
            if path.startswith("/admin/"):
                assert_error(response, 403)
            else:
                body = assert_error(response, 422, mentions=name)
                assert name in str(body["errors"]), (path, name, body)
    after = ok(member.get("/me"))
    assert {key: after[key] for key in ("role", "division", "reputation", "level", "email")} == {
        key: before[key] for key in ("role", "division", "reputation", "level", "email")
    }


def test_creating_sets_no_author_counts_or_standing(api, people):
    member = people["author"]
    post = {"kind": "insight", "title": "A fair new insight", "body": "b"}
    for name in ("author_id", "division_id", "helpful_count", "use_count", "created_at", "status"):
        assert_error(
            member.post("/posts", json={**post, name: PRIVILEGED_FIELDS.get(name, "open")}), 422, mentions=name
        )
    code = api.invitation(email="newcomer.mass@quid.example")
    for name in ("role", "division", "reputation", "level"):
        joined = api.post(
            "/auth/register",
            json={
                "invitation": code,
                "password": "correct horse battery",
                "display_name": "New Person",
                name: PRIVILEGED_FIELDS[name],
            },
        )
        assert_error(joined, 422, mentions=name)
