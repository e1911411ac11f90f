"""How SQLite runs the searches: the full-text matches are found first and each looked up
once, never scanned again for every candidate document.

Joined the other way round, a post's related posts took 20 s at 10,000 posts (every match
scanned once per post document: 100 million steps). The plan SQLite chooses does not
depend on how much data there is (no statistics are gathered), so a small firm shows it.

The same holds for two reads of posts checked below: a topic's page starts from the tag's
posts, and the "for you" feed reads newest first like the whole feed.
"""

import pytest

from tests.support.statements import query_plans


def search_plans(app):
    """A list that receives the query plan of every statement that joins full-text matches
    to their documents (marking a page's snippets reads the index alone)."""
    return query_plans(app, lambda statement: "search_index MATCH" in statement and "search_documents" in statement)


def matches_are_the_outer_loop(plan: list[str]) -> bool:
    """Whether the statement runs the full-text query first and reads its matches before
    any document: never a scan of the matches inside the loop over documents.

    The materialised matches come first: the index scan and, when only the newest matches
    are ranked (likeness), each match's document and post looked up by id as it is read."""
    steps = [step for step in plan if step.startswith(("SCAN", "SEARCH")) and "trades" not in step]
    if not steps[0].startswith("SCAN search_index"):
        return False
    lookups = ("SEARCH search_documents USING INTEGER PRIMARY KEY", "SEARCH posts USING INTEGER PRIMARY KEY")
    main = 1
    while "SCAN matches" in steps[main:] and steps[main].startswith(lookups):
        main += 1
    steps = steps[main:]
    documents = next(index for index, step in enumerate(steps) if "search_documents" in step)
    rescans = [index for index, step in enumerate(steps) if step.startswith("SCAN matches") and index > documents]
    return not rescans


@pytest.mark.sqlite_only
def test_related_posts_experts_and_search_read_the_matches_first(app, api):
    api.tags("pumps")
    author, reader = api.person(), api.person()
    for number in range(6):
        author.post_item(title=f"Pump seal wear number {number}", body="Pumps wear their seals.", tags=["pumps"])
    challenge = author.post_item(kind="challenge", title="Why do pump seals wear?", body="Pumps again.", tags=["pumps"])
    reads = [
        f"/posts/{challenge['id']}/related",
        f"/posts/{challenge['id']}/experts",
        "/posts/related?kind=challenge&title=Pump%20seals%20wearing",
        "/search?q=pump",
        "/search?q=pump&type=post",
    ]
    with search_plans(app) as plans:
        for path in reads:
            assert reader.get(path).status_code == 200, path
    assert len(plans) >= len(reads)
    for plan in plans:
        assert matches_are_the_outer_loop(plan), plan


def post_plans(app):
    """A list that receives the query plan of every statement that loads posts with their authors."""
    return query_plans(
        app,
        lambda statement: statement.startswith("SELECT posts.id, posts.kind") and "FROM posts JOIN users" in statement,
    )


@pytest.mark.sqlite_only
def test_a_topics_page_reads_the_topics_posts_through_the_tag(app, api):
    """Its open challenges and best insights start from the tag's posts (post_tags by tag),
    not from every post of a kind asked one by one whether it carries the tag: at 10,000
    posts the insights' read took 4.9 ms that way, 0.5 ms from the tag."""
    api.tags("pumps", "valves")
    author = api.person()
    for number in range(3):
        author.post_item(title=f"Pump seal wear number {number}", body="Pumps wear their seals.", tags=["pumps"])
        author.post_item(title=f"Valve seat number {number}", body="Valves leak.", tags=["valves"])
        author.post_item(kind="challenge", title=f"Why do pump seals wear {number}?", body="?", tags=["pumps"])
    with post_plans(app) as plans:
        assert api.person().get("/tags/pumps").status_code == 200
    assert len(plans) == 2
    for plan in plans:
        assert any(step.startswith("SEARCH post_tags USING INDEX ix_post_tags_tag_id") for step in plan), plan


@pytest.mark.sqlite_only
def test_the_for_you_feed_reads_posts_newest_first(app, api):
    """ "For you" walks the posts newest first and stops at a page, as the whole feed does; it
    never gathers every post of both kinds to sort them (at 10,000 posts that took 21 ms,
    the rest of the page 5 ms)."""
    api.tags("pumps")
    author, reader = api.person(), api.person()
    reader.post_item(title="Pump seal wear at home", body="Pumps wear their seals.", tags=["pumps"])
    for number in range(3):
        author.post_item(title=f"Pump seal wear number {number}", body="Pumps wear their seals.", tags=["pumps"])
        author.post_item(kind="challenge", title=f"Why do pump seals wear {number}?", body="?", tags=["pumps"])
    with post_plans(app) as plans:
        page = reader.get("/posts", query={"for_you": "true", "limit": 2})
    assert page.status_code == 200
    assert len(page.get_json()["items"]) == 2
    assert len(plans) == 1
    assert not any("TEMP B-TREE FOR ORDER BY" in step for step in plans[0]), plans[0]


@pytest.mark.sqlite_only
def test_the_tag_list_counts_the_visible_posts_once(app, api):
    """GET /tags counts, for each tag, the posts the caller may see that carry it, in one pass
    over those posts' tags: joined tag by tag, SQLite looked every visible post up again for
    each tag (52 ms for 38 tags and 10,000 posts; 5 ms in one pass)."""
    api.tags("pumps", "valves", "seals")
    author = api.person()
    for number in range(3):
        author.post_item(title=f"Pump seal wear number {number}", body="Pumps wear.", tags=["pumps", "seals"])
    counting = query_plans(app, lambda statement: statement.startswith("SELECT tags.name") and "count(" in statement)
    with counting as plans:
        response = api.person().get("/tags", query={"limit": 2})
    assert response.status_code == 200
    assert [item["name"] for item in response.get_json()["items"]] == ["pumps", "seals"]
    assert len(plans) == 1
    assert not any("LEFT-JOIN" in step and "post_tags" in step for step in plans[0]), plans[0]
