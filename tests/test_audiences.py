"""Audiences: a person outside a post's audience must not learn it exists, on any path."""

import pytest

from tests.support.assertions import assert_error

VIEWERS = ["author", "same_division", "other_division", "admin"]
# Who sees a post of each audience (circle: nobody but its author until trades make circles).
SEES = {
    "firm": {"author", "same_division", "other_division", "admin"},
    "division": {"author", "same_division", "admin"},
    "circle": {"author", "admin"},
}


@pytest.fixture
def people(api):
    return {
        "author": api.person(division="Field Sales North", display_name="Author"),
        "same_division": api.person(division="Field Sales North", display_name="Colleague", level=2),
        "other_division": api.person(division="Product", display_name="Outsider", level=2),
        "admin": api.person(division="Operations", role="admin", display_name="Admin"),
    }


@pytest.fixture(params=sorted(SEES))
def audience(request):
    return request.param


@pytest.fixture
def scene(api, people, audience):
    """A challenge and an insight with this audience, an answer, one use and one helpful vote."""
    author = people["author"]
    api.tags("hidden-tag")
    secret = "zebra-unique-word"
    challenge = author.post_item(kind="challenge", title=f"Challenge {secret}", audience=audience, tags=["hidden-tag"])
    insight = author.post_item(kind="insight", title=f"Insight {secret}", audience=audience, tags=["hidden-tag"])
    # The admin can see every post, so the admin writes the answer.
    answer = people["admin"].answer(challenge["id"])
    return {"challenge": challenge, "insight": insight, "answer": answer, "secret": secret}


@pytest.mark.parametrize("viewer", VIEWERS)
def test_reading_paths(people, audience, scene, viewer):
    person = people[viewer]
    visible = viewer in SEES[audience]
    challenge, insight, answer = scene["challenge"], scene["insight"], scene["answer"]
    expected = 200 if visible else 404
    for path in (
        f"/posts/{challenge['id']}",
        f"/posts/{insight['id']}",
        f"/posts/{challenge['id']}/answers",
        f"/answers/{answer['id']}",
        f"/posts/{insight['id']}/uses",
        f"/answers/{answer['id']}/uses",
    ):
        response = person.get(path)
        assert response.status_code == expected, (path, response.get_json())
        if not visible:
            assert_error(response, 404)
    listed = {item["id"] for item in person.get("/posts").get_json()["items"]}
    assert ({challenge["id"], insight["id"]} <= listed) == visible
    assert bool(listed & {challenge["id"], insight["id"]}) == visible
    searched = {item["id"] for item in person.get("/posts", query={"q": scene["secret"]}).get_json()["items"]}
    assert bool(searched) == visible
    by_tag = person.get("/posts", query={"tag": "hidden-tag"}).get_json()["items"]
    assert bool(by_tag) == visible
    by_author = person.get("/posts", query={"author": people["author"].id}).get_json()["items"]
    assert bool(by_author) == visible
    tags = {item["name"]: item["use_count"] for item in person.get("/tags").get_json()["items"]}
    assert tags.get("hidden-tag", 0) == (2 if visible else 0)


@pytest.mark.parametrize("viewer", ["same_division", "other_division"])
def test_acting_paths(people, audience, scene, viewer):
    person = people[viewer]
    visible = viewer in SEES[audience]
    challenge, insight, answer = scene["challenge"], scene["insight"], scene["answer"]
    use = {"note": "Used it with a customer."}
    attempts = [
        ("POST", f"/posts/{challenge['id']}/answers", {"body": "An answer"}, 201),
        ("POST", f"/posts/{insight['id']}/uses", use, 201),
        ("POST", f"/answers/{answer['id']}/uses", use, 201),
        ("POST", f"/posts/{insight['id']}/helpful", None, 201),
        ("POST", f"/answers/{answer['id']}/helpful", None, 201),
        ("POST", f"/answers/{answer['id']}/accept", None, 403),
        ("PATCH", f"/posts/{insight['id']}", {"title": "Taking over this post"}, 403),
        ("DELETE", f"/posts/{insight['id']}", None, 403),
        ("PATCH", f"/answers/{answer['id']}", {"body": "Rewritten"}, 403),
        ("DELETE", f"/answers/{answer['id']}", None, 403),
    ]
    for method, path, body, when_visible in attempts:
        response = person.call(method, path, json=body)
        assert response.status_code == (when_visible if visible else 404), (method, path, response.get_json())


@pytest.mark.parametrize("viewer", ["author", "admin"])
def test_author_and_admin_may_edit(people, scene, viewer):
    person = people[viewer]
    response = person.patch(f"/posts/{scene['insight']['id']}", json={"title": "Edited by someone allowed"})
    assert response.status_code == 200
