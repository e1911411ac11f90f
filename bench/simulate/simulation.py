"""The run: set the firm up through the command line and the API, then play it day by day.

Time is the server's frozen clock. Each day the planners schedule actions at times of the
day; the agenda runs them in time order (follow-ups such as deliveries may land days later),
the day ends with the `sweep` command, and once a week the adversaries' standing is noted
(level and trust band can pass through a value the final figures no longer show).
"""

import heapq
import itertools
import random
from collections import Counter
from datetime import UTC, datetime, timedelta

from bench.simulate import behaviour
from bench.simulate import firm as f
from bench.simulate.driver import Driver
from bench.simulate.world import ANSWER, CHALLENGE, INSIGHT, World

START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)  # a Monday: the firm's launch
END_OF_DAY = (23, 30)  # when the daily sweep runs


class Simulation:
    """One firm played against one app.

    `launch_vouching`: at the launch the admin vouches for everyone who joins then (the
    product's launch procedure: a firm's existing staff are real colleagues, so their credits
    count at once). The admin cannot tell the adversaries among them apart, so they are
    vouched for too; the throwaways, made later, are not. On a server without vouching the
    refusal is just an outcome."""

    def __init__(self, app, firm: f.Firm, seed: int, *, launch_vouching: bool = True):
        self.app = app
        self.firm = firm
        self.seed = seed
        self.launch_vouching = launch_vouching
        self.rng = random.Random(f"quid-run-{seed}")
        self.driver = Driver(app)
        self.world = World(self.driver, firm)
        self.agenda: list = []
        self.sequence = itertools.count()
        self.tally: Counter = Counter()
        self.snapshots: list[dict] = []
        self.experiments: dict = {}
        self.ring_log: list = []
        self.beneficiary_log: list = []
        self.throwaway_challenges: dict = {}
        self.sweeps: list[str] = []
        self._usable_day = None
        self._usable: list = []
        self.admin = firm.one(f.ADMIN)
        self.leader = firm.one(f.LEADER)

    # Time ------------------------------------------------------------------------------

    @staticmethod
    def moment(day: int, hour: int, minute: int = 0) -> datetime:
        return datetime.combine((START + timedelta(days=day)).date(), datetime.min.time(), UTC) + timedelta(
            hours=hour, minutes=minute
        )

    def random_time(self, day: int, start_hour: int, end_hour: int) -> datetime:
        """A moment of `day` between the two hours."""
        return self.moment(day, start_hour) + timedelta(seconds=self.rng.randrange((end_hour - start_hour) * 3600))

    @staticmethod
    def day_of(moment: datetime) -> int:
        return (moment.date() - START.date()).days

    @staticmethod
    def weekday(day: int) -> int:
        return (START + timedelta(days=day)).weekday()

    def weekend(self, day: int) -> bool:
        return self.weekday(day) >= 5

    def advance(self, *, minutes: float) -> None:
        """Move the clock on within an action (a few minutes between a trade's steps)."""
        self.driver.set_clock(self.driver.now + timedelta(minutes=minutes))

    def at(self, when: datetime, action, *args) -> None:
        """Run `action(*args)` at `when` (at once, if that moment has passed)."""
        heapq.heappush(self.agenda, (when, next(self.sequence), action, args))

    # What people can see ---------------------------------------------------------------

    def usable(self, day: int) -> list:
        """Insights and answers of the last few weeks: what a reader comes across."""
        if self._usable_day != day:
            since = day - behaviour.POOL_DAYS
            self._usable = [
                content for content in self.world.contents if content.kind in (INSIGHT, ANSWER) and content.day >= since
            ]
            self._usable_day = day
        return self._usable

    def open_challenges(self, day: int) -> list:
        since = day - behaviour.OPEN_CHALLENGE_DAYS
        return [
            content
            for content in self.world.contents
            if content.kind == CHALLENGE and content.accepted is None and content.day >= since
        ]

    def read_trust(self, member: f.Member) -> dict | None:
        answer = self.world.call(self.leader, "GET", f"/users/{member.user_id}/trust", label="read trust")
        return answer.body if answer.status == 200 else None

    # The run ---------------------------------------------------------------------------

    def set_up(self) -> None:
        """Divisions, the admin and a leader, the topic tags, and everyone who joins at launch."""
        self.driver.set_clock(START)
        for name in self.firm.divisions:
            self.driver.create_division(name)
        for member in self.firm.members:
            if member.join_day == 0:
                self.join(member)
        for topic in self.firm.topics:
            self.world.call(self.admin, "POST", "/tags", label="create tag", json={"name": topic})
        if self.launch_vouching:
            for member in self.firm.members:
                if member.join_day == 0 and member.behaviour != f.ADMIN:
                    self.world.call(
                        self.admin,
                        "PATCH",
                        f"/admin/users/{member.user_id}",
                        label="vouch at launch",
                        json={"established": True},
                    )

    def join(self, member: f.Member) -> None:
        role = {f.ADMIN: "admin", f.LEADER: "leader"}.get(member.behaviour, "member")
        account = self.driver.join(email=member.email, display_name=member.name, division=member.division, role=role)
        member.user_id = account.user_id
        self.world.accounts[member.key] = account

    def run(self) -> None:
        """Play every day of the run."""
        self.set_up()
        for day in range(self.firm.scale.days):
            late_joiners = [member for member in self.firm.members if member.join_day == day and day > 0]
            if late_joiners:
                # Made just before they are used: the morning of the day they farm.
                self.driver.set_clock(self.moment(day, 8))
                for member in late_joiners:
                    self.join(member)
            behaviour.plan_day(self, day)
            end = self.moment(day, *END_OF_DAY)
            while self.agenda and self.agenda[0][0] < end:
                when, _, action, args = heapq.heappop(self.agenda)
                self.driver.set_clock(when)
                action(*args)
            self.driver.set_clock(end)
            self.sweeps.append(self.driver.sweep().strip())
            if day % 7 == 6 or day == self.firm.scale.days - 1:
                self.snapshot(day)
        # Whatever is still scheduled (deliveries after the end) does not happen.
        self.tally["actions left unplayed"] = len(self.agenda)

    def snapshot(self, day: int) -> None:
        """The adversaries' standing at the end of a week, as the leader sees it."""
        figures = {}
        for member in self.firm.of(*f.ADVERSARIES):
            if member.user_id is None:
                continue
            profile = self.world.profile(self.leader, member)
            figures[member.key] = {
                "reputation": profile["reputation"],
                "level": profile["level"]["number"],
                "band": profile["trust"]["band"],
            }
        self.snapshots.append({"day": day, "figures": figures})
