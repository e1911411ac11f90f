"""Migrations keep what is there: a table rebuilt on SQLite loses no row and cascades nothing."""


def test_the_joining_migration_keeps_people_sessions_and_expertise(api):
    api.tags("pricing", "mining")
    person = api.person(display_name="Kept Person")
    assert person.patch("/me", json={"expertise": ["pricing", "mining"]}).status_code == 200
    person.post_item(title="A post that must survive")
    # Back to before joining by invitation existed, and forward again: on SQLite this rebuilds
    # the users table, which sessions (token_families) and expertise refer to with cascades.
    api.cli("db", "downgrade", "0005")
    api.cli("db", "upgrade")
    me = person.get("/me")
    assert me.status_code == 200, "the session outlived the rebuild"
    assert me.get_json()["expertise"] == ["mining", "pricing"]
    assert (
        person.get("/posts", query={"author": person.id}).get_json()["items"][0]["title"] == "A post that must survive"
    )
    assert api.login(person.email).status_code == 200


def test_the_tags_migration_keeps_a_members_tag_born_with_a_post_to_those_who_see_that_post(api):
    api.tags("pricing")
    regular = api.person(division="Pre-Sales", level=3)
    regular.post_item(title="Pre-Sales only, with a new tag", audience="division", tags=["born-with-post"])
    assert regular.post("/tags", json={"name": "added-on-its-own"}).status_code == 201
    outsider = api.person(division="Product")
    colleague = api.person(division="Pre-Sales")

    def listed(person):
        return {item["name"] for item in person.get("/tags").get_json()["items"]}

    # Before the migration nobody recorded how a tag came to be; it works that out again.
    api.cli("db", "downgrade", "0007")
    api.cli("db", "upgrade")
    assert listed(outsider) == {"pricing", "added-on-its-own"}
    assert listed(colleague) == {"pricing", "added-on-its-own", "born-with-post"}


def test_the_tokens_migration_strips_secrets_from_remembered_answers(api, app):
    import json

    from sqlalchemy import text

    from server.extensions import db

    person = api.person()
    api.cli("db", "downgrade", "0007")
    session = {"user": person.user, "access_token": person.access_token, "refresh_token": person.refresh_token}
    with app.app_context():
        db.session.execute(
            text(
                "INSERT INTO idempotency_records (owner, key, method, path, body_hash, status_code, response_body, "
                "created_at) VALUES ('anonymous', 'k', 'POST', '/api/v1/auth/register', 'h', 201, :body, :now)"
            ),
            {"body": json.dumps(session), "now": api.now()},
        )
        db.session.commit()
    api.cli("db", "upgrade")
    with app.app_context():
        body, withheld = db.session.execute(
            text("SELECT response_body, withheld_secret FROM idempotency_records")
        ).one()
        db.session.remove()
    assert json.loads(body) == {"user": person.user} and withheld == "session"


def test_the_search_and_freshness_migrations_index_and_date_what_was_already_written(api):
    api.tags("pricing")
    author = api.person()
    insight = author.post_item(title="Pricing the pilot", body="Discounts that worked.", tags=["pricing"])
    challenge = author.post_item(kind="challenge", title="Pump vibration at the mine", body="It shakes.")
    answer = api.person(division="Pre-Sales").answer(challenge["id"], body="Balance the rollers.")
    # Back to before search and freshness existed (their tables and columns go), and forward:
    # the upgrade indexes every post and answer and dates every insight's verification.
    api.cli("db", "downgrade", "0010")
    api.cli("db", "upgrade")
    found = author.get("/search", query={"q": "price"}).get_json()["items"]
    assert [(item["type"], item["post"]["id"]) for item in found] == [("post", insight["id"])]
    found = author.get("/search", query={"q": "roller"}).get_json()["items"]
    assert [(item["type"], item["answer"]["id"]) for item in found] == [("answer", answer["id"])]
    freshness = author.get(f"/posts/{insight['id']}").get_json()["freshness"]
    assert freshness["verified_at"] is not None and freshness["may_be_out_of_date"] is False
