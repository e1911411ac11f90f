"""How SQLite reads a board: one range of a covering index for the people ahead of the caller
and for the top, never a visit to each person's row in users.

Counted through users instead, the rank of someone in the middle of a firm of 100,000 took
tens of milliseconds at a million ledger entries (one user lookup per person ahead). The plan
SQLite chooses does not depend on how much data there is (no statistics are gathered), so a
small firm shows it.
"""

from datetime import UTC, datetime

import pytest

from tests.support.statements import query_plans


@pytest.mark.sqlite_only
@pytest.mark.parametrize("division", [False, True])
def test_a_board_and_a_rank_are_index_ranges(app, api, division):
    app.config["QUID_FROZEN_NOW"] = datetime(2026, 11, 18, 12, tzinfo=UTC)
    author, reader = api.person(division="Pre-Sales"), api.person(division="Pre-Sales")
    insight = author.post_item()
    assert reader.post(f"/posts/{insight['id']}/uses", json={"note": "Used"}).status_code == 201
    query = {"period": "week", **({"division": api.division("Pre-Sales")} if division else {})}
    index = "ix_period_scores_division_board" if division else "ix_period_scores_board"
    counting = query_plans(app, lambda statement: "period_scores" in statement and "count(" in statement.lower())
    reading_the_top = query_plans(
        app, lambda statement: "period_scores" in statement and "ORDER BY" in statement and "LIMIT" in statement
    )
    with counting as counts, reading_the_top as tops:
        response = reader.get("/leaderboard", query=query)
    assert response.status_code == 200 and response.get_json()["me"] == {"rank": 2, "score": 0}
    assert counts, "the rank is counted"
    for plan in counts:
        assert plan == [f"SEARCH period_scores USING COVERING INDEX {index} " + plan[0].split(f"{index} ", 1)[1]]
        assert not any("users" in step for step in plan)
    (top,) = tops
    board_steps = [step for step in top if "period_scores" in step]
    assert board_steps == [board_steps[0]] and f"USING COVERING INDEX {index}" in board_steps[0]
    users_steps = [step for step in top if step.startswith(("SCAN", "SEARCH")) and "users" in step]
    assert users_steps and all("INTEGER PRIMARY KEY" in step for step in users_steps), top
