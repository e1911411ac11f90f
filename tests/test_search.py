"""Search: what the firm knows, found by meaning-bearing words, ranked, with snippets, and
never anything the searcher may not see (on SQLite's FTS5 and PostgreSQL's tsvector)."""

from datetime import timedelta

import pytest

from tests.support.assertions import assert_error


def search(person, q, **filters):
    response = person.get("/search", query={"q": q, **filters})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def found(person, q, **filters) -> list[tuple[str, int]]:
    """(type, post id or answer id) of every result, in order."""
    return [
        (item["type"], item["answer"]["id"] if item["answer"] else item["post"]["id"])
        for item in search(person, q, **filters)["items"]
    ]


def post_ids(person, q, **filters) -> list[int]:
    return [item["post"]["id"] for item in search(person, q, **filters)["items"] if item["type"] == "post"]


def test_a_word_finds_its_other_forms_in_titles_bodies_tags_and_accounts(api):
    api.tags("pricing")
    ana = api.person()
    priced = ana.post_item(title="Pricing the service tier for 2027", body="Discounts that worked.")
    tagged = ana.post_item(title="What the buyer asked first", body="They wanted a quote.", tags=["pricing"])
    vibration = ana.post_item(
        kind="challenge", title="Pump shakes at high speed", body="The vibration starts above 3,000 rpm."
    )
    account = ana.post_item(title="Lunch with the operations lead", body="Nothing on cost.", account="Prices & Co")
    ana.post_item(title="Unrelated visit notes", body="We talked about the weather.")
    assert set(post_ids(ana, "price")) == {priced["id"], tagged["id"], account["id"]}
    assert post_ids(ana, "vibrations") == [vibration["id"]]
    assert post_ids(ana, "vibration", kind="challenge") == [vibration["id"]]
    assert post_ids(ana, "vibration", kind="insight") == []


def test_the_last_word_also_matches_as_a_prefix(api):
    ana = api.person()
    post = ana.post_item(title="Pump shakes at high speed", body="The vibration starts above 3,000 rpm.")
    assert post_ids(ana, "vibr") == [post["id"]]
    assert post_ids(ana, "pump vibr") == [post["id"]]
    assert post_ids(ana, "vibr pump") == []  # only the last word is a prefix


def test_a_match_in_the_title_ranks_above_one_in_the_body(api):
    ana = api.person()
    in_body = ana.post_item(
        title="Notes from the plant visit", body="Long notes. " * 20 + "They asked about the warranty."
    )
    in_title = ana.post_item(title="Warranty terms the buyer accepted", body="Three years, parts only.")
    assert post_ids(ana, "warranty") == [in_title["id"], in_body["id"]]


def test_snippets_mark_the_words_that_matched(api):
    ana = api.person()
    ana.post_item(title="Pricing the service tier", body="The customer compared our pricing with a rival's.")
    (item,) = search(ana, "pricing")["items"]
    assert any(segment["match"] and segment["text"].lower() == "pricing" for segment in item["title"])
    assert "".join(segment["text"] for segment in item["title"]) == "Pricing the service tier"
    matched = [segment["text"] for segment in item["snippet"] if segment["match"]]
    assert matched == ["pricing"]
    assert "compared our" in "".join(segment["text"] for segment in item["snippet"])


def test_answers_are_found_with_the_challenge_they_answer(api):
    ana, bo = api.person(), api.person(division="Pre-Sales")
    challenge = ana.post_item(kind="challenge", title="Customer needs offline maps", body="In the mine.")
    answer = bo.answer(challenge["id"], body="Cache the tiles on the tablet before going underground.")
    results = search(ana, "tiles")["items"]
    assert [(item["type"], item["answer"]["id"], item["post"]["id"]) for item in results] == [
        ("answer", answer["id"], challenge["id"])
    ]
    assert results[0]["answer"]["author"]["id"] == bo.id
    assert results[0]["post"]["title"] == "Customer needs offline maps"
    assert found(ana, "tiles", type="post") == []
    assert found(ana, "offline", type="answer") == []
    assert found(ana, "tiles", author=bo.id) == [("answer", answer["id"])]


def test_what_a_searcher_may_not_see_is_never_found(api):
    author = api.person(division="Field Sales North")
    colleague = api.person(division="Field Sales North")
    outsider = api.person(division="Product")
    division_only = author.post_item(title="Secret roadmap notes", body="Zeppelin project.", audience="division")
    circle_only = author.post_item(title="Circle notes", body="Zeppelin for friends.", audience="circle")
    deleted = author.post_item(title="Deleted notes", body="Zeppelin, gone.")
    assert author.delete(f"/posts/{deleted['id']}").status_code == 204
    assert set(post_ids(author, "zeppelin")) == {division_only["id"], circle_only["id"]}
    assert post_ids(colleague, "zeppelin") == [division_only["id"]]
    assert search(outsider, "zeppelin") == {"items": [], "next_cursor": None}
    assert set(post_ids(api.admin(), "zeppelin")) == {division_only["id"], circle_only["id"]}


def test_an_answer_under_a_hidden_challenge_and_a_deleted_answer_are_never_found(api):
    author = api.person(division="Field Sales North")
    colleague = api.person(division="Field Sales North")
    outsider = api.person(division="Product")
    hidden = author.post_item(kind="challenge", title="Division-only question", body="Why?", audience="division")
    colleague.answer(hidden["id"], body="Because of the quokka contract.")
    visible = author.post_item(kind="challenge", title="Firm-wide question", body="How?")
    gone = colleague.answer(visible["id"], body="Ask the quokka team.")
    assert found(outsider, "quokka") == [("answer", gone["id"])]
    assert colleague.delete(f"/answers/{gone['id']}").status_code == 204
    assert found(outsider, "quokka") == []
    assert [kind for kind, _ in found(colleague, "quokka")] == ["answer"]


def test_edits_are_searchable_at_once_and_old_words_are_gone(api):
    api.tags("logistics")
    ana = api.person()
    post = ana.post_item(title="Freight costs in the north", body="Trucks are late.")
    assert (
        ana.patch(
            f"/posts/{post['id']}",
            json={"title": "Rail freight in the north", "body": "Trains are on time.", "tags": ["logistics"]},
        ).status_code
        == 200
    )
    assert post_ids(ana, "trucks") == []
    assert post_ids(ana, "trains") == [post["id"]]
    assert post_ids(ana, "logistics") == [post["id"]]
    answer_host = ana.post_item(kind="challenge", title="Where do we ship from?", body="Asking.")
    bo = api.person(division="Pre-Sales")
    answer = bo.answer(answer_host["id"], body="From the harbour.")
    assert bo.patch(f"/answers/{answer['id']}", json={"body": "From the airport."}).status_code == 200
    assert found(ana, "harbour") == [] and found(ana, "airport") == [("answer", answer["id"])]


def test_filters_narrow_by_status_tag_account_author_and_date(api):
    api.tags("mining")
    ana, bo = api.person(), api.person(division="Pre-Sales")
    open_one = ana.post_item(
        kind="challenge", title="Dust in the conveyor", body="Dust everywhere.", tags=["mining"], account="Rio Ore"
    )
    answered = bo.post_item(kind="challenge", title="Dust on the sensors", body="Dust again.")
    ana.answer(answered["id"])
    assert post_ids(ana, "dust", status="open") == [open_one["id"]]
    assert post_ids(ana, "dust", status="answered") == [answered["id"]]
    assert post_ids(ana, "dust", tag="mining") == [open_one["id"]]
    assert post_ids(ana, "dust", account="rio ore") == [open_one["id"]]
    assert post_ids(ana, "dust", author=bo.id) == [answered["id"]]
    today = api.now().date()
    assert set(post_ids(ana, "dust", since=today.isoformat(), until=today.isoformat())) == {
        open_one["id"],
        answered["id"],
    }
    assert post_ids(ana, "dust", since=(today + timedelta(days=1)).isoformat()) == []
    assert post_ids(ana, "dust", until=(today - timedelta(days=1)).isoformat()) == []


def test_phrases_left_out_words_and_or(api):
    ana = api.person()
    red = ana.post_item(title="Red valve leaking", body="The red valve leaks at night.")
    blue = ana.post_item(title="Blue valve sticking", body="A valve that is blue sticks.")
    assert post_ids(ana, '"red valve"') == [red["id"]]
    assert post_ids(ana, '"valve red"') == []
    assert post_ids(ana, "valve -red") == [blue["id"]]
    assert post_ids(ana, 'valve -"red valve"') == [blue["id"]]
    assert set(post_ids(ana, "leaking OR sticking")) == {red["id"], blue["id"]}


def test_pages_follow_the_ranking_without_repeats_or_gaps(api):
    ana = api.person()
    made = {
        ana.post_item(title=f"Gearbox report {number}", body="gearbox " * (number % 5 + 1))["id"]
        for number in range(23)
    }
    seen, cursor = [], None
    for _page in range(5):
        query = {"q": "gearbox", "limit": 10, **({"cursor": cursor} if cursor else {})}
        page = ana.get("/search", query=query).get_json()
        seen += [item["post"]["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == 23 and set(seen) == made
    assert seen == post_ids(ana, "gearbox", limit=100)


@pytest.mark.parametrize(
    "q, mentions",
    [
        ('"unclosed phrase', "quote"),
        ("-only -excluded", "not only what to leave out"),
        ("OR", "OR stands between"),
        ("valve OR", "OR stands between"),
        ("!!! ???", "Say what to look for"),
        ("a " * 13, "at most 12"),
        ("x" * 201, "q"),
        ("nul\x00byte", "q"),
        ("", "q"),
    ],
)
def test_a_query_that_cannot_be_read_is_refused_naming_q(api, q, mentions):
    body = assert_error(api.person().get("/search", query={"q": q}), 422, mentions=mentions)
    assert "q" in body["errors"]["query"]


@pytest.mark.parametrize(
    "q",
    [
        "NEAR(a b)",
        "title:valve",
        "valve*",
        "a & b | !c",
        "'quoted' \\ back",
        "((( valve",
        "valve:*",
        "ÉCOLE école",
        "😀 valve",
        "AND",
        "NOT valve",
    ],
)
def test_the_databases_query_syntax_typed_by_a_person_is_just_words(api, q):
    ana = api.person()
    ana.post_item(title="Valve école report", body="The valve at the école.")
    response = ana.get("/search", query={"q": q})
    assert response.status_code == 200, response.get_json()


def test_search_needs_a_signed_in_caller_and_a_query(api, client):
    assert client.get("/api/v1/search?q=valve").status_code == 401
    assert_error(api.person().get("/search"), 422, mentions="q")


def test_a_forged_cursor_is_refused(api):
    ana = api.person()
    for cursor in ["nope", "WyJuYW4iLCAxXQ", "WzEsIDJd"]:  # garbage, ["nan", 1], [1, 2]
        assert_error(ana.get("/search", query={"q": "valve", "cursor": cursor}), 422, mentions="cursor")


def test_the_index_can_be_rebuilt_from_the_posts_and_answers(api):
    ana = api.person()
    post = ana.post_item(title="Harbour cranes report", body="Cranes idle at night.")
    challenge = ana.post_item(kind="challenge", title="Who maintains cranes?", body="Asking.")
    answer = api.person(division="Pre-Sales").answer(challenge["id"], body="The harbour crane team.")
    gone = ana.post_item(title="Old harbour notes", body="Outdated.")
    assert ana.delete(f"/posts/{gone['id']}").status_code == 204
    api.tags("cranes")
    tagged = ana.post_item(
        title="Quay side sensors", body="Crane \x02marker\x03 text.", tags=["cranes"], account="Harbour Authority"
    )
    queries = ["harbour", "cranes", "crane", "marker", "authority", "qua"]
    before = {q: ana.get("/search", query={"q": q}).get_json() for q in queries}
    assert "Search index rebuilt: 4 posts and answers." in api.cli("reindex")
    # The bulk rebuild indexes what the incremental one did: same results, order and snippets.
    assert {q: ana.get("/search", query={"q": q}).get_json() for q in queries} == before
    assert set(found(ana, "harbour")) == {("post", post["id"]), ("answer", answer["id"]), ("post", tagged["id"])}
    assert ("post", tagged["id"]) in found(ana, "cranes")
