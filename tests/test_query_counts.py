"""No list endpoint asks the database once per item: the number of SQL statements a page
costs is the same for a page of 2 and a page of 10 (no N+1), on both databases.

The lists are found from the URL map (every GET with a `limit`), so a new list endpoint is
counted without anyone adding it here; the firm below gives each of them more than ten
items to list, all seen by its admin.
"""

from contextlib import contextmanager

import pytest

from tests.support.inputs import REQUIRED_QUERY_TEXT, operations
from tests.support.statements import each_statement
from tests.support.trades import leg, propose

ITEMS = 12
SMALL_PAGE, LARGE_PAGE = 2, 10


@contextmanager
def counting_statements(app):
    """A list that receives one entry per SQL statement the app's engine runs."""
    statements = []
    with each_statement(app, lambda _connection, statement, _parameters: statements.append(statement)):
        yield statements


@pytest.fixture
def firm(app, api):
    """An admin with more than ten of everything a list shows them."""
    app.config["ALLOWED_EMAIL_DOMAINS"] = ("quid.example",)
    admin = api.admin()
    api.tags(*(f"topic-{number}" for number in range(ITEMS)))
    people = [api.person(division="Field Sales North" if number % 2 else "Pre-Sales") for number in range(ITEMS)]
    insight = admin.post_item(title=f"A {REQUIRED_QUERY_TEXT} worth using", tags=["topic-0"])
    challenge = admin.post_item(kind="challenge", title=f"A {REQUIRED_QUERY_TEXT} question", body="?")
    answer = people[0].answer(challenge["id"])
    for number, person in enumerate(people):
        flagged = person.post_item(title=f"{REQUIRED_QUERY_TEXT} number {number}", tags=[f"topic-{number}"])
        assert admin.post(f"/posts/{flagged['id']}/flag", json={"reason": "spam"}).status_code == 201
        assert admin.post(f"/posts/{flagged['id']}/uses", json={"note": "Used"}).status_code == 201
        assert person.post(f"/posts/{insight['id']}/uses", json={"note": "Used"}).status_code == 201
        if person is not people[0]:
            person.answer(challenge["id"])
            assert person.post(f"/answers/{answer['id']}/uses", json={"note": "Used"}).status_code == 201
        propose(admin, person, offer=leg(description=f"Help number {number}"))
        api.invitation(email=f"invited{number}@quid.example")
        assert (
            api.post(
                "/auth/sign-up",
                json={
                    "email": f"applicant{number}@quid.example",
                    "password": "a long enough password",
                    "display_name": f"Applicant {number}",
                },
            ).status_code
            == 202
        )
    return {
        "admin": admin,
        "post_id": challenge["id"],
        "answer_id": answer["id"],
        "user_id": admin.id,
        "insight_id": insight["id"],
        "member": people[1],
    }


def path_of(operation, firm) -> str:
    ids = {
        "post_id": firm["insight_id"] if operation.rule.endswith("/uses") else firm["post_id"],
        "answer_id": firm["answer_id"],
        "user_id": firm["user_id"],
    }
    return operation.path(**ids).removeprefix("/api/v1")


def test_a_page_costs_as_many_statements_for_ten_items_as_for_two(app, firm):
    admin = firm["admin"]
    lists = [
        operation
        for operation in operations(app)
        if operation.method == "GET"
        and any(field.name == "limit" and field.location == "query" for field in operation.inputs)
    ]
    assert len(lists) >= 15
    growing = []
    for operation in lists:
        required = {
            field.name: REQUIRED_QUERY_TEXT
            for field in operation.inputs
            if field.location == "query" and field.field.required
        }
        counts, sizes = {}, {}
        for limit in (SMALL_PAGE, LARGE_PAGE):
            with counting_statements(app) as statements:
                response = admin.get(path_of(operation, firm), query={**required, "limit": limit})
            assert response.status_code == 200, (operation.rule, response.get_json())
            counts[limit] = len(statements)
            body = response.get_json()
            sizes[limit] = len(body["items"]) if "items" in body else None
        if sizes[LARGE_PAGE] is not None:
            assert sizes[LARGE_PAGE] > SMALL_PAGE, f"{operation.rule}: the firm gives it too little to list"
        if counts[LARGE_PAGE] != counts[SMALL_PAGE]:
            growing.append(
                f"{operation.rule}: {counts[SMALL_PAGE]} statements for {SMALL_PAGE}, "
                f"{counts[LARGE_PAGE]} for {LARGE_PAGE}"
            )
    assert growing == []


# The main reads, and the statements each costs at most: the token's holder, the item or page,
# the posts' tags (a post), and one statement for every figure shown beside them (counts, the
# caller's own uses and votes, whether there are photos to read).
MAIN_READS = {
    "/posts/{post_id}": 4,
    "/posts?limit=10": 4,
    "/posts/{post_id}/answers?limit=10": 4,
}


@pytest.mark.parametrize("viewer", ["admin", "member"])
def test_the_main_reads_cost_a_few_statements(app, firm, viewer):
    reader = firm["admin"] if viewer == "admin" else firm["member"]
    over = []
    for template, most in MAIN_READS.items():
        path = template.format(post_id=firm["post_id"])
        with counting_statements(app) as statements:
            response = reader.get(path)
        assert response.status_code == 200, (path, response.get_json())
        if "items" in response.get_json():
            assert len(response.get_json()["items"]) > 2, f"{path}: the firm gives it too little to show"
        if len(statements) > most:
            over.append(f"{path}: {len(statements)} statements, not {most} or fewer")
    assert over == []
