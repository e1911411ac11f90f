"""Search, topics, suggested experts and related content in the app, against the demo firm."""

from kivy.uix.label import Label
from kivy.utils import escape_markup

from mobile.screens.compose import related_query
from mobile.search_filters import result_row, search_query
from mobile.ui.highlight import MATCH_HEX, highlighted
from server.demo.loader import DEMO_PASSWORD
from tests.support.app_driver import HOSTILE_MARKUP, pump, wait_until  # first: makes Kivy headless

ANA = "ana.lopez@quid.example"
INGRID = "ingrid.johansson@quid.example"
# In the demo firm: an insight "Talk track: Acme's 40% first-year discount and the year-two
# cliff", a solved challenge about Acme's discount and an answer that mentions it.
WORD = "discount"


def test_only_matching_segments_are_highlighted_and_every_segment_is_escaped():
    segments = [{"text": "Beat [b]Acme[/b] on ", "match": False}, {"text": "price[s]", "match": True}]
    assert highlighted(segments) == (
        f"Beat {escape_markup('[b]Acme[/b]')} on [b][color={MATCH_HEX}]{escape_markup('price[s]')}[/color][/b]"
    )
    assert highlighted(None) == ""


def test_chips_become_search_filters_and_a_state_only_narrows_challenges():
    assert search_query(" acme ", "All", "Solved") == {"q": "acme"}
    assert search_query("acme", "Challenges", "Solved") == {
        "q": "acme",
        "type": "post",
        "kind": "challenge",
        "status": "solved",
    }
    assert search_query("acme", "Answers", "Any") == {"q": "acme", "type": "answer"}


def test_an_answer_result_is_labelled_as_an_answer_to_its_challenge():
    row = result_row(
        {
            "type": "answer",
            "post": {"id": 4, "kind": "challenge", "status": "solved", "author": {"display_name": "Tomás"}},
            "answer": {"id": 9, "accepted": True, "author": {"display_name": "Nadia"}},
            "title": [{"text": "Acme", "match": False}],
            "snippet": [],
        }
    )
    assert (row["post_id"], row["answer_id"], row["kind"]) == (4, 9, "answer")
    assert row["kind_text"] == "Answer to a challenge · accepted" and row["meta_text"].startswith("Nadia")


def test_related_posts_wait_for_a_few_words_and_send_at_most_2000_characters_of_body():
    assert related_query(kind="challenge", title="Acme", body="") is None
    query = related_query(kind="insight", title=" Acme discount ", body="cliff " * 500)
    assert query["title"] == "Acme discount" and len(query["body"]) == 2000 and query["kind"] == "insight"


def search_from_the_feed(phone, text: str):
    """Type into the feed's box and press Go: the Search screen, once its results are in."""
    feed = phone.screen
    phone.type(feed.ids.search, text)
    phone.tap(feed.ids.search_button)
    screen = phone.wait_for_screen("search")
    results = screen.ids.results
    wait_until(lambda: (results.loaded or results.error) and not results.loading, "the search results")
    return screen


def rows_of(screen):
    return screen.ids.results.data


def test_a_word_from_a_demo_post_is_found_highlighted_filtered_and_opened(server, phone):
    phone.sign_in(ANA, DEMO_PASSWORD)
    screen = search_from_the_feed(phone, WORD)
    assert screen.ids.query.text == WORD
    assert phone.screen.ids.query.text == WORD and phone.navigator.can_go_back
    rows = rows_of(screen)
    assert rows, "the demo firm has posts about Acme's discount"
    highlight = f"[b][color={MATCH_HEX}]{WORD}[/color][/b]"
    assert any(highlight.lower() in (row["title_markup"] + row["snippet_markup"]).lower() for row in rows)
    assert {row["kind"] for row in rows} >= {"insight", "answer"}
    assert any(row["kind_text"].startswith("Answer to a challenge") for row in rows)
    assert phone.shell.ids.screens.get_screen("feed").ids.search.text == ""  # ready for next time

    # Insights only; then answers only.
    phone.tap(screen.ids.type_chips.chip("Insights"))
    results = screen.ids.results
    wait_until(
        lambda: (
            results.loaded
            and not results.loading
            and rows_of(screen)
            and {row["kind"] for row in rows_of(screen)} == {"insight"}
        ),
        "insights only",
    )
    phone.tap(screen.ids.type_chips.chip("Answers"))
    wait_until(
        lambda: (
            results.loaded
            and not results.loading
            and rows_of(screen)
            and {row["kind"] for row in rows_of(screen)} == {"answer"}
        ),
        "answers only",
    )
    # Challenges, then only open ones: the demo's discount challenge is solved.
    phone.tap(screen.ids.type_chips.chip("Challenges"))
    wait_until(
        lambda: (
            results.loaded
            and not results.loading
            and rows_of(screen)
            and {row["kind"] for row in rows_of(screen)} == {"challenge"}
        ),
        "challenges only",
    )
    phone.tap(screen.ids.status_chips.chip("Open"))
    wait_until(lambda: results.loaded and not results.loading and not rows_of(screen), "no open challenge")
    assert "Nothing matches" in screen.ids.status_line.text
    phone.tap(screen.ids.type_chips.chip("All"))
    assert screen.ids.status_chips.parent is None  # states only mean something for challenges
    wait_until(lambda: results.loaded and not results.loading and len(rows_of(screen)) == len(rows), "all again")

    # Tapping a result opens its post.
    wait_until(lambda: results.view_adapter.views, "the result cards")
    pump(0.2)
    card = next(view for view in results.view_adapter.views.values() if view.kind == "insight")
    phone.tap_in_view(card)
    post = phone.wait_for_screen("post")
    wait_until(lambda: post.post.get("id") == card.post_id, "the insight")
    assert WORD in post.post["title"].lower() + post.post["body"].lower()

    # Back to the same results; an answer opens its challenge, showing that answer.
    phone.navigator.back()
    phone.wait_for_screen("search")
    assert len(rows_of(screen)) == len(rows)  # kept, not searched again
    pump(0.2)
    answer = next(view for view in results.view_adapter.views.values() if view.kind == "answer")
    phone.tap_in_view(answer)
    phone.wait_for_screen("post")
    wait_until(lambda: post.post.get("id") == answer.post_id and post.answers, "the answered challenge")
    card = wait_until(
        lambda: next((card for card in post.ids.answers_box.children if card.answer_id == answer.answer_id), None),
        "the answer's card",
    )
    pump(0.5)
    x, y = card.to_window(*card.center)
    assert 0 <= y <= post.height, "the answer is scrolled into view"


def test_an_unreadable_query_shows_the_servers_message(server, phone):
    phone.sign_in(ANA, DEMO_PASSWORD)
    screen = search_from_the_feed(phone, '"pricing')
    wait_until(lambda: screen.ids.results.error, "the refusal")
    assert "q" in screen.ids.results.error and screen.ids.status_line.text == screen.ids.results.error


def test_hostile_markup_in_a_title_shows_literally_in_search_results(server, phone):
    ingrid = server.client(INGRID, DEMO_PASSWORD)
    ingrid.post(
        "/posts",
        json={
            "kind": "insight",
            "title": f"Zeppelin markup {HOSTILE_MARKUP}",
            "body": f"Zeppelin body {HOSTILE_MARKUP}",
            "tags": [],
            "audience": "firm",
        },
    )
    phone.sign_in(ANA, DEMO_PASSWORD)
    screen = search_from_the_feed(phone, "zeppelin")
    results = screen.ids.results
    wait_until(lambda: rows_of(screen) and results.view_adapter.views, "the result")
    pump(0.3)
    card = next(iter(results.view_adapter.views.values()))
    labels = [label for label in card.walk() if isinstance(label, Label) and "Boom" in label.text]
    assert len(labels) == 2  # title and snippet
    for label in labels:
        assert label.markup
        assert escape_markup("[ref=x][size=60]Boom") in label.text and "[ref=x]" not in label.text, label.text
        assert label.refs == {}


def test_a_tag_on_a_post_opens_its_topic_page(server, phone):
    ana = server.client(ANA, DEMO_PASSWORD)
    challenge = next(
        post for post in ana.get("/posts", kind="challenge", limit=100)["items"] if "pricing" in post["tags"]
    )
    phone.sign_in(ANA, DEMO_PASSWORD)
    screen = phone.open_post(challenge["id"])
    phone.tap_in_view(wait_until(lambda: screen.ids.tags.chip("#pricing"), "the #pricing chip"))
    topic = phone.wait_for_screen("tag")
    wait_until(lambda: topic.topic.get("name") == "pricing", "the topic")
    assert topic.title == "#pricing"
    expected = ana.get("/tags/pricing")
    assert [row.name for row in reversed(topic.ids.experts.children)] == [
        expert["user"]["display_name"] for expert in expected["experts"]
    ]
    assert all(row.reason and row.ids.ask_button.text == "" for row in topic.ids.experts.children)
    insight = expected["best_insights"][0]
    phone.tap_in_view(topic.ids.best_insights.link(insight["id"]))
    post = phone.wait_for_screen("post")
    wait_until(lambda: post.post.get("id") == insight["id"], "the insight from the topic page")


def test_the_experts_on_a_challenge_can_be_asked(server, phone):
    ana = server.client(ANA, DEMO_PASSWORD)
    challenge = next(
        post
        for post in ana.get("/posts", kind="challenge", limit=100)["items"]
        if post["status"] == "open" and ana.get(f"/posts/{post['id']}/experts")["items"]
    )
    phone.sign_in(ANA, DEMO_PASSWORD)
    screen = phone.open_post(challenge["id"])
    experts = screen.ids.experts
    wait_until(lambda: experts.children, "the suggested experts")
    assert screen.ids.experts_title.text == "Who could answer"
    assert 1 <= len(experts.children) <= 5
    row = experts.children[-1]  # the first suggestion
    assert row.reason and row.ids.ask_button.text == "Ask"
    phone.tap_in_view(row.ids.ask_button)
    wait_until(lambda: experts.row(row.user_id).ids.ask_button.text == "Asked", "Asked at once")
    wait_until(lambda: phone.session.queued == 0, "the ask to be sent")
    phone.wait_idle(screen)

    # Server-side: the ask exists (asking again is refused) and the expert was notified.
    assert (
        next(
            item for item in ana.get(f"/posts/{challenge['id']}/experts")["items"] if item["user"]["id"] == row.user_id
        )["asked"]
        is True
    )
    wait_until(lambda: experts.row(row.user_id) and experts.row(row.user_id).asked, "asked from the server")
    assert experts.row(row.user_id).ids.ask_button.disabled


def test_an_insight_shows_no_experts(server, phone):
    ana = server.client(ANA, DEMO_PASSWORD)
    insight = ana.get("/posts", kind="insight", limit=1)["items"][0]
    phone.sign_in(ANA, DEMO_PASSWORD)
    screen = phone.open_post(insight["id"])
    pump(0.5)
    assert screen.ids.experts_title.text == "" and not screen.ids.experts.children


def test_composing_a_challenge_shows_what_may_already_answer_it(server, phone):
    phone.sign_in(ANA, DEMO_PASSWORD)
    phone.tap(phone.bottom_bar_button("compose"))
    screen = phone.wait_for_screen("compose")
    phone.tap(screen.ids.kind_challenge)
    phone.type(screen.ids.title, "Acme offers a big first-year discount")
    phone.type(screen.ids.body, "How do we answer the year-two cliff?")
    related = screen.ids.related
    link = wait_until(
        lambda: next((child for child in related.children if "discount" in child.title_text.lower()), None),
        "a related post about the discount",
    )
    assert screen.ids.related_title.text == "This may already answer you"
    assert all(child.kind == "insight" or "solved" in child.kind_text for child in related.children)
    phone.tap_in_view(link)
    post = phone.wait_for_screen("post")
    wait_until(lambda: post.post.get("id") == link.post_id, "the related post")
    phone.navigator.back()
    phone.wait_for_screen("compose")
    assert screen.ids.title.text == "Acme offers a big first-year discount"  # the draft is kept


def test_an_insights_author_links_it_as_an_answer(server, phone):
    ingrid, ana = server.client(INGRID, DEMO_PASSWORD), server.client(ANA, DEMO_PASSWORD)
    challenge = ingrid.post(
        "/posts",
        json={
            "kind": "challenge",
            "title": "Quokka Breweries wants a sensor retrofit without downtime",
            "body": "They cannot stop the bottling line for the sensor retrofit.",
            "tags": [],
            "audience": "firm",
        },
    )
    insight = ana.post(
        "/posts",
        json={
            "kind": "insight",
            "title": "Sensor retrofit at Quokka-like breweries without downtime",
            "body": "Clamp-on sensors retrofit the bottling line during a shift change.",
            "tags": [],
            "audience": "firm",
        },
    )
    phone.sign_in(ANA, DEMO_PASSWORD)
    screen = phone.open_post(insight["id"])
    link = wait_until(lambda: screen.ids.related.link(challenge["id"]), "the challenge it may answer")
    assert screen.ids.related_title.text == "Challenges this may answer"
    phone.tap_in_view(link.ids.action_button)
    shown = lambda: screen.ids.related.link(challenge["id"])  # noqa: E731  (rebuilt as it changes)
    wait_until(lambda: shown() and shown().ids.action_button.text == "Linked", "Linked at once")
    wait_until(lambda: phone.session.queued == 0, "the answer to be sent")
    answers = ingrid.get(f"/posts/{challenge['id']}/answers")["items"]
    assert [(answer["author"]["id"], answer["insight"]["id"]) for answer in answers] == [(ana.id, insight["id"])]
    phone.wait_idle(screen)
    pump(0.5)
    assert shown().done and shown().ids.action_button.disabled  # still shown, marked as done

    # The challenge's answer names the insight, and opens it.
    phone.tap_in_view(shown())
    challenge_screen = phone.wait_for_screen("post")
    wait_until(lambda: challenge_screen.post.get("id") == challenge["id"] and challenge_screen.answers, "the answer")
    card = wait_until(lambda: next(iter(challenge_screen.ids.answers_box.children), None), "the answer card")
    assert card.insight_id == insight["id"] and card.ids.insight_link.text == f"Insight: {insight['title']}"
    phone.tap_in_view(card.ids.insight_link)
    wait_until(lambda: challenge_screen.post.get("id") == insight["id"], "the insight again")
