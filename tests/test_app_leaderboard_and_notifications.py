"""The leaderboard and notifications screens against a real server with the demo firm."""

from server.demo.loader import DEMO_PASSWORD
from tests.support.app_driver import HOSTILE_MARKUP, pump, wait_until  # first: makes Kivy headless

ANA = "ana.lopez@quid.example"
MARTA = "marta.kowalski@quid.example"


def row_on_screen(recycle_view, matches, what):
    """The widget of the first row whose data satisfies `matches`, scrolled to the list's middle."""
    index = next(number for number, row in enumerate(recycle_view.data) if matches(row))
    layout = recycle_view.layout_manager
    wait_until(lambda: len(layout.view_opts) > index, "the list's layout")
    y, height = layout.view_opts[index]["pos"][1], layout.view_opts[index]["size"][1]
    scrollable = layout.height - recycle_view.height
    if scrollable > 0:
        recycle_view.scroll_y = min(max((y + height / 2 - recycle_view.height / 2) / scrollable, 0), 1)
    return wait_until(
        lambda: next(
            (
                view
                for view in layout.children
                if view.parent and matches({key: getattr(view, key, None) for key in recycle_view.data[index]})
            ),
            None,
        ),
        what,
    )


def pick(phone, chooser, option):
    """Choose `option` as a person would from the drop-down (the Spinner sets its text)."""
    wait_until(lambda: option in chooser.values, f"the option {option!r}")
    chooser.text = option
    pump(0.05)


def newcomer_with_a_hostile_name(server, used_by):
    """Someone named with markup, on this week's board: `used_by` uses their insight."""
    newcomer = server.join(email="markup.fan@quid.example", display_name=HOSTILE_MARKUP, division_id=1)
    insight = newcomer.post(
        "/posts",
        {
            "kind": "insight",
            "title": "Bring the plant manager to the readout",
            "body": "They answer the operational questions the buyer cannot.",
        },
    )
    used_by.post(f"/posts/{insight['id']}/uses", {"note": "Worked at Litware too."})
    return newcomer


def test_leaderboard_shows_the_servers_board_for_each_choice(phone, server):
    ana = server.client(ANA, DEMO_PASSWORD)
    newcomer = newcomer_with_a_hostile_name(server, used_by=ana)
    phone.sign_in(ANA, DEMO_PASSWORD)
    phone.tap(phone.bottom_bar_button("leaderboard"))
    screen = phone.wait_for_screen("leaderboard")
    ranks = screen.ids.ranks

    def shows(metric, period, division_id=None):
        wait_until(
            lambda: (
                (screen.board.get("metric"), screen.board.get("period"), screen.board.get("division_id"))
                == (metric, period, division_id)
                and not screen.loading
            ),
            f"the {metric}/{period} board",
        )
        query = {"metric": metric, "period": period, "limit": 50}
        if division_id is not None:
            query["division"] = division_id
        expected = ana.get("/leaderboard", **query)
        assert [(row["rank"], row["user_id"], row["score"]) for row in ranks.data] == [
            (item["rank"], item["user"]["id"], item["score"]) for item in expected["items"]
        ]
        assert [row["mine"] for row in ranks.data] == [item["user"]["id"] == ana.id for item in expected["items"]]
        assert screen.board["me"] == expected["me"]
        return expected

    # The server's defaults (reputation this week), with the week's dates under the choosers.
    board = shows("reputation", "week")
    assert board["starts_on"] and screen.ids.dates.text.endswith(board["starts_on"][:4])
    # A name typed with markup shows literally: the row's labels are plain.
    hostile_row = row_on_screen(ranks, lambda row: row["user_id"] == newcomer.id, "the newcomer's row")
    assert hostile_row.name_text == HOSTILE_MARKUP
    assert all(not label.markup for label in hostile_row.walk() if hasattr(label, "markup"))

    pick(phone, screen.ids.metric, "Uses")
    shows("uses", "week")
    pick(phone, screen.ids.period, "All time")
    board = shows("uses", "all")
    assert screen.ids.dates.text == "Every score since the start"
    ranks_shown = [row["rank"] for row in ranks.data]
    assert len(set(ranks_shown)) < len(ranks_shown), "the demo's all-time uses have ties sharing a rank"
    me = board["me"]
    expected_standing = (
        f"You: #{me['rank']} · {me['score']} use{'s' if me['score'] != 1 else ''}"
        if me["score"]
        else "You: not ranked yet"
    )
    assert screen.ids.standing.text == expected_standing

    pick(phone, screen.ids.metric, "Reputation")
    board = shows("reputation", "all")
    assert screen.ids.standing.text == f"You: #{board['me']['rank']} · {board['me']['score']} points"
    mine = [row for row in ranks.data if row["mine"]]
    assert len(mine) == 1 and (mine[0]["rank"], mine[0]["score"]) == (board["me"]["rank"], board["me"]["score"])

    division = next(item for item in ana.get("/divisions")["items"] if item["name"] == "Pre-Sales Engineering")
    pick(phone, screen.ids.division, division["name"])
    board = shows("reputation", "all", division["id"])
    assert board["items"] and {row["detail_text"].split(" · ")[0] for row in ranks.data} == {division["name"]}
    # Ana is in another division: the server still ranks her, the app says she is not on this board.
    assert screen.ids.standing.text == "You: not ranked yet"

    # A row opens that person's profile.
    first = ranks.data[0]
    phone.tap(row_on_screen(ranks, lambda row: row["user_id"] == first["user_id"], "the first row"))
    phone.wait_for_screen("profile")
    assert phone.screen.parameters == {"user_id": first["user_id"]}


def test_unread_badge_marking_read_and_opening_a_notification(phone, server):
    ana = server.client(ANA, DEMO_PASSWORD)
    marta = server.client(MARTA, DEMO_PASSWORD)
    phone.sign_in(ANA, DEMO_PASSWORD)
    badge = phone.shell.ids.unread_badge
    unread = ana.get("/notifications", limit=1)["unread_count"]
    assert unread > 0
    wait_until(lambda: badge.count == unread, "the badge to show the server's unread count")

    # Marta answers Ana's challenge and uses her insight: two new notifications.
    challenge = next(
        post
        for post in ana.get("/posts", author=ana.id, kind="challenge", limit=50)["items"]
        if post["status"] != "closed"
    )
    insight = ana.get("/posts", author=ana.id, kind="insight", limit=1)["items"][0]
    marta.post(f"/posts/{challenge['id']}/answers", {"body": "Lead with the plants that grew, then the two that fell."})
    marta.post(f"/posts/{insight['id']}/uses", {"note": HOSTILE_MARKUP})
    phone.session.refresh_unread()
    wait_until(lambda: badge.count == unread + 2, "the badge to count the new notifications")
    assert ana.get("/notifications", limit=1)["unread_count"] == unread + 2

    phone.tap(phone.shell.ids.notifications_button)
    screen = phone.wait_for_screen("notifications")
    rows = screen.ids.notifications
    wait_until(lambda: rows.data and not rows.loading, "the notifications")
    used, answered = rows.data[0], rows.data[1]
    assert (
        used["sentence_text"] == (f"Marta Kowalski used your insight “{insight['title']}”: {HOSTILE_MARKUP}")
        and used["unread"]
    )
    assert (
        answered["sentence_text"] == (f"Marta Kowalski answered your challenge “{challenge['title']}”.")
        and answered["unread"]
    )
    assert answered["destination"] == ("post", {"post_id": challenge["id"]})
    # The note is shown as written, in a plain label: markup typed into it does nothing.
    used_view = row_on_screen(rows, lambda row: row["notification_id"] == used["notification_id"], "the use row")
    assert HOSTILE_MARKUP in used_view.sentence_text
    assert all(not label.markup for label in used_view.walk() if hasattr(label, "markup"))

    # Opening a notification marks it read and opens what it is about.
    trade_row = next(row for row in rows.data if row["destination"][0] == "trade" and row["unread"])
    phone.tap(row_on_screen(rows, lambda row: row["notification_id"] == trade_row["notification_id"], "a trade row"))
    phone.wait_for_screen("trade")
    assert phone.screen.parameters == trade_row["destination"][1]
    wait_until(lambda: badge.count == unread + 1, "the badge to drop by the one opened")
    assert ana.get("/notifications", limit=1)["unread_count"] == unread + 1
    # The navigator's back, not the top bar's arrow: the shell binds the arrow to
    # `navigator.can_go_back` through an ObjectProperty without rebind=True, so it stays disabled.
    phone.navigator.back()
    phone.wait_for_screen("notifications")
    assert not next(row for row in rows.data if row["notification_id"] == trade_row["notification_id"])["unread"]

    phone.tap(row_on_screen(rows, lambda row: row["notification_id"] == answered["notification_id"], "the answer row"))
    phone.wait_for_screen("post")
    assert phone.screen.parameters == {"post_id": challenge["id"]}
    wait_until(lambda: badge.count == unread, "the badge to drop again")
    phone.navigator.back()
    phone.wait_for_screen("notifications")

    phone.tap(screen.ids.mark_all_read)
    wait_until(lambda: badge.count == 0, "the badge to clear")
    assert ana.get("/notifications", limit=1)["unread_count"] == 0
    assert not any(row["unread"] for row in rows.data)
    assert screen.ids.mark_all_read.disabled
