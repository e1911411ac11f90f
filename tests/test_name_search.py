"""Finding people by part of their name (the directory) or name and email (admins), through
the name index on both databases: the same literal, case-insensitive substring match as a
scan, kept current as names change, paged without repeats, and indifferent to text that
would be syntax to the index."""

import pytest
from sqlalchemy import text as sql

from server.extensions import db
from tests.support.assertions import assert_error
from tests.support.statements import query_plans


def found(caller, path: str, text: str, **query) -> list[int]:
    response = caller.get(path, query={"q": text, **query})
    assert response.status_code == 200, response.get_json()
    return [person["id"] for person in response.get_json()["items"]]


def test_pieces_of_names_and_emails_find_their_people_in_any_case(api):
    admin = api.admin()
    ana = api.person(display_name="Ana Łukasiewicz-Ortega", email="ana.lo@quid.example")
    bo = api.person(display_name="Bo Ortega", email="bo.svensson@quid.example")
    api.person(display_name="Cy Anand", email="cy@quid.example")

    # Middle of a name, whatever its case, including letters beyond ASCII.
    assert found(ana, "/users", "ORTEGA") == [ana.id, bo.id]
    assert found(ana, "/users", "łukasie") == [ana.id]
    assert found(ana, "/users", "wicz-Ort") == [ana.id]
    # The directory looks at names only; admins at emails too.
    assert found(ana, "/users", "svensson") == []
    assert found(admin, "/admin/users", "svensson") == [bo.id]
    everyone = found(admin, "/admin/users", "@quid.ex")
    assert len(everyone) >= 3 and found(admin, "/admin/users", "@QUID.EX") == everyone == sorted(everyone, reverse=True)
    # Two characters make no trigram: matched by a scan, with the same answers.
    assert found(ana, "/users", "bo") == [bo.id]
    assert found(ana, "/users", "a") == found(ana, "/users", "A")


def test_the_index_follows_new_people_and_new_names(api):
    ana = api.person(display_name="Ana Marsh")
    assert found(ana, "/users", "marsh") == [ana.id]
    renamed = ana.patch("/me", json={"display_name": "Ana Whitfield"})
    assert renamed.status_code == 200, renamed.get_json()
    assert found(ana, "/users", "marsh") == []
    assert found(ana, "/users", "whitfield") == [ana.id]
    newcomer = api.person(display_name="Dee Whitfield")
    assert found(ana, "/users", "whitfield") == [ana.id, newcomer.id]


def test_a_deactivated_person_leaves_the_directory_but_admins_still_find_them(api):
    admin = api.admin()
    ana, bo = api.person(display_name="Ana Quillfeather"), api.person(display_name="Bo Quillfeather")
    assert admin.patch(f"/admin/users/{bo.id}", json={"is_active": False}).status_code == 200
    assert found(ana, "/users", "quillfeather") == [ana.id]
    assert found(admin, "/admin/users", "quillfeather") == [bo.id, ana.id]
    assert found(admin, "/admin/users", "quillfeather", active="false") == [bo.id]


def test_pages_of_matches_follow_each_other_without_repeats(api):
    admin = api.admin()
    people = [api.person(display_name=f"Harbour Person {number}") for number in range(7)]
    pages, cursor = [], None
    while True:
        query = {"q": "harbour", "limit": 3} | ({"cursor": cursor} if cursor else {})
        body = admin.get("/admin/users", query=query).get_json()
        pages.append([person["id"] for person in body["items"]])
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert pages == [
        [people[6].id, people[5].id, people[4].id],
        [people[3].id, people[2].id, people[1].id],
        [people[0].id],
    ]
    directory = people[0].get("/users", query={"q": "harbour", "limit": 4}).get_json()
    rest = people[0].get("/users", query={"q": "harbour", "limit": 4, "cursor": directory["next_cursor"]})
    assert [p["id"] for p in directory["items"] + rest.get_json()["items"]] == [person.id for person in people]


def test_the_name_index_can_be_rebuilt(app, api):
    ana = api.person(display_name="Ana Rosenthal")
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        # An index emptied behind the app's back (FTS5's own command): nobody is found...
        with app.app_context():
            db.session.execute(sql("INSERT INTO people_names (people_names) VALUES ('delete-all')"))
            db.session.commit()
        assert found(ana, "/users", "rosenthal") == []
    # ...until the operator rebuilds it (on PostgreSQL: the trigram indexes, reindexed).
    assert "Names indexed again: " in api.cli("reindex")
    assert found(ana, "/users", "rosenthal") == [ana.id]


@pytest.mark.parametrize(
    "text",
    ['"', '""', 'a"b"c', "NEAR(a b)", "ann*", "x OR y", "AND", "{email} : x", "50%", "a_b", "\\", "^ana", "---"],
)
def test_text_that_is_syntax_to_the_index_is_matched_literally(api, text):
    admin = api.admin()
    literal = api.person(display_name=f"Odd {text} Name")
    api.person(display_name="Plain Name")
    assert found(admin, "/admin/users", text) == [literal.id]
    assert found(literal, "/users", text) == [literal.id]


def test_hostile_name_searches_answer_a_clear_error(api):
    admin = api.admin()
    for text in ("\x00", "a\x00b", "x" * 201):
        assert_error(admin.get("/admin/users", query={"q": text}), 422, mentions="q")
        assert_error(admin.get("/users", query={"q": text}), 422, mentions="q")
    for raw in ("%ED%A0%80", "%FF%FEab"):  # a lone surrogate, bytes that are no UTF-8
        assert_error(admin.get(f"/admin/users?q={raw}"), 422, mentions="q")
        assert_error(admin.get(f"/users?q={raw}"), 422, mentions="q")


@pytest.mark.sqlite_only
def test_a_search_by_name_reads_the_index_not_everyone(app, api):
    admin = api.admin()
    api.person(display_name="Ana Quayle")
    with query_plans(app, lambda statement: "people_names MATCH" in statement) as plans:
        assert len(found(admin, "/admin/users", "quayle")) == 1
        assert len(found(admin, "/users", "quayle")) == 1
    assert len(plans) == 2
    for plan in plans:
        steps = [step for step in plan if step.startswith(("SCAN", "SEARCH"))]
        # The index's matches come first, in id order, and each person is one lookup by id.
        assert steps[0].startswith("SCAN people_names VIRTUAL TABLE"), plan
        assert not any(step.startswith("SCAN users") for step in steps), plan
        assert not any("TEMP B-TREE" in step for step in plan), plan
