"""What the API says at the end of the run: every figure the measures judge is read here.

Profiles, trust and leaderboards are read as the firm's leader sees them; ranks and
notifications as each person sees their own.
"""

from collections import Counter

from bench.simulate import firm as f
from bench.simulate.driver import Refused

TRADE_EVENTS = ("leg_on_time", "leg_late")
BOARD_METRICS = ("reputation", "trades", "uses")
BOARD_SIZE = 10


def read_back(sim) -> dict:
    """Profiles, trust, histories, boards, ranks and notifications, keyed by member key."""
    world, leader = sim.world, sim.leader
    people = {}
    for member in sim.firm.simulated:
        profile = world.profile(leader, member)
        trust = sim.read_trust(member)
        if profile is None or trust is None:
            raise Refused(f"the leader cannot read {member.name}'s profile or trust")
        people[member.key] = {
            "reputation": profile["reputation"],
            "level": profile["level"]["number"],
            "band": profile["trust"]["band"],
            "trust": trust,
            "badges": [badge["slug"] for badge in profile["badges"]],
        }
    # Ledgers of those whose points are taken apart (trade points, what earned what).
    for member in sim.firm.of(*f.ADVERSARIES, f.TRADER):
        entries = sim.driver.pages(
            world.account(leader), f"/users/{member.user_id}/reputation", label="read reputation history"
        )
        by_event = Counter()
        for entry in entries:
            by_event[entry["event"]] += entry["points"]
        people[member.key]["points_by_event"] = dict(sorted(by_event.items()))
        people[member.key]["trade_points"] = sum(by_event.get(event, 0) for event in TRADE_EVENTS)
        people[member.key]["ledger_entries"] = len(entries)
    boards = {metric: read_board(sim, metric) for metric in BOARD_METRICS}
    for member in sim.firm.of(*f.ADVERSARIES):
        answer = world.call(
            member,
            "GET",
            "/leaderboard",
            label="read own rank",
            query={"metric": "reputation", "period": "all", "limit": 1},
        )
        people[member.key]["rank"] = answer.body["me"]["rank"] if answer.status == 200 else None
        notifications = sim.driver.pages(world.account(member), "/notifications", label="read notifications")
        levels = [item["data"].get("level", 1) for item in notifications if item["kind"] == "level_up"]
        people[member.key]["highest_level_notified"] = max(levels, default=1)
    toggle = sim.experiments.get("toggle")
    if toggle is not None:
        author = sim.firm.members[toggle["author_key"]]
        notifications = sim.driver.pages(world.account(author), "/notifications", label="read notifications")
        toggle["notifications"] = sum(
            1 for item in notifications if item["kind"] == "contribution_used" and item["post_id"] == toggle["post_id"]
        )
    return {"people": people, "boards": boards}


def read_board(sim, metric: str) -> list[dict]:
    """The all-time top of `metric` as the leader sees it."""
    answer = sim.world.call(
        sim.leader,
        "GET",
        "/leaderboard",
        label="read leaderboard",
        query={"metric": metric, "period": "all", "limit": BOARD_SIZE},
    )
    if answer.status != 200:
        raise Refused(f"the {metric} leaderboard answered {answer.status}: {answer.body}")
    by_user = {member.user_id: member for member in sim.firm.members}
    rows = []
    for item in answer.body["items"]:
        member = by_user.get(item["user"]["id"])
        rows.append(
            {
                "rank": item["rank"],
                "name": item["user"]["display_name"],
                "score": item["score"],
                "behaviour": member.behaviour if member else "unknown",
                "key": member.key if member else None,
            }
        )
    return rows
