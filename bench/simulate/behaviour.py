"""What each kind of person does on a day.

`plan_day` asks every member's planner for the day; a planner schedules actions at times of
that day (and actions schedule their follow-ups: an acceptance, a delivery, a confirmation).
Decisions use the simulation's one random stream in a fixed order, so a seed replays exactly.
Honest people judge content by its true quality (which the API never sees) and colleagues by
the trust the API shows them; adversaries do what farms points.
"""

from datetime import timedelta

from bench.simulate import firm as f
from bench.simulate.world import ANSWER, CHALLENGE, INSIGHT, Content, Trade

# Reading: each working session an honest person looks at a few recent insights and
# answers (their topics three times as likely) and uses one with chance USE_RATE·quality²,
# halved off their topics. Squaring the quality makes near-zero content almost never used,
# however much of it there is.
READS_PER_SESSION = 2
USE_RATE = 0.8
TOPIC_WEIGHT = 3
POOL_DAYS = 28
HELPFUL_AFTER_USE = 0.25
HELPFUL_WITHOUT_USE = 0.04  # only for content of quality ≥ 0.5
WEEKEND_ACTIVITY = 0.1  # share of a weekday's activity on Saturdays and Sundays

# Per working day, by behaviour: insight, challenge, answer, trade proposal.
RATES = {
    f.EXPERT: {"insight": 0.0, "ask": 0.03, "answer": 0.4, "trade": 0.03},
    f.MEMBER: {"insight": 0.04, "ask": 0.08, "answer": 0.06, "trade": 0.03},
    # Honest traders are the reference for trade points: they propose most working days.
    f.TRADER: {"insight": 0.03, "ask": 0.05, "answer": 0.05, "trade": 0.75},
}
EXPERT_WEEKLY_INSIGHT = 0.9
OPEN_CHALLENGE_DAYS = 6
ACCEPT_MIN_QUALITY = 0.15  # an asker accepts nothing worse than this
SAME_DIVISION_PARTNER = 0.6

# Promises kept by honest people: (on time, late); the rest are never delivered.
KEEPS = {f.TRADER: (0.98, 0.015), f.EXPERT: (0.96, 0.03), f.MEMBER: (0.92, 0.05)}
HONEST_ACCEPTS_TRADE = 0.92
BREAKER_KEEPS = 0.25
TAKER_CONFIRMS = 0.7
# The taker's and promise-breakers' proposals per working day (they work most days): eager
# enough that their record (3 settled legs make a band) builds up within the fast run's weeks.
ADVERSARY_TRADE_RATE = 0.6
TAKER_ASKS = 0.15
POSTER_INSIGHTS_PER_WEEKDAY = 2
BENEFICIARY_INSIGHT = 0.3  # per working day before the farm, every other day after it

LEG_KINDS = ("information", "insight", "idea", "introduction", "help", "review")
OFFERS = (
    "the pricing sheet we used at {c}",
    "an introduction to the buyer at {c}",
    "a review of your proposal for {c}",
    "our security questionnaire answers for {c}",
    "an hour of help with the {c} demo",
    "the integration notes from {c}",
)
DELIVERY_NOTES = (
    "Sent it to your inbox, with the notes from {c}.",
    "Shared the folder for {c}.",
    "Done: we walked through it on a call about {c}.",
    "Attached the document for {c}.",
)
USE_NOTES = (
    "Used it in the {c} renewal.",
    "Saved me a day on the {c} proposal.",
    "Answered the {c} security review with it.",
    "Reused it at {c}.",
)
CUSTOMERS = ("Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark", "Wayne", "Soylent", "Tyrell", "Cyberdyne")


def plan_day(sim, day: int) -> None:
    """Schedule every member's actions for `day` (in member order, for a stable replay)."""
    for member in sim.firm.members:
        if member.join_day > day or member.user_id is None:
            continue
        PLANNERS.get(member.behaviour, idle)(sim, member, day)
    plan_ring(sim, day)
    plan_ping_pong(sim, day)
    plan_experiments(sim, day)
    if day >= sim.firm.scale.farm_day:
        plan_farm(sim, day)


def idle(sim, member, day) -> None:
    """Staff and the colluding groups (planned together, below) do nothing on their own."""


# Honest people ---------------------------------------------------------------------------


def working(sim, member: f.Member, day: int) -> bool:
    chance = member.activity * (WEEKEND_ACTIVITY if sim.weekend(day) else 1.0)
    return sim.rng.random() < chance


def plan_honest(sim, member: f.Member, day: int) -> None:
    """A working day: read and use, now and then post, ask, answer and trade."""
    rng = sim.rng
    if (
        member.behaviour == f.EXPERT
        and not sim.weekend(day)
        and sim.weekday(day) == member.post_weekday
        and rng.random() < EXPERT_WEEKLY_INSIGHT
    ):
        sim.at(sim.random_time(day, 8, 11), post_insight, sim, member, day, member.quality)
    if not working(sim, member, day):
        return
    rates = RATES[member.behaviour]
    sim.at(sim.random_time(day, 9, 17), read_and_use, sim, member, day)
    if rng.random() < rates["insight"]:
        sim.at(sim.random_time(day, 9, 17), post_insight, sim, member, day, member.quality)
    if rng.random() < rates["ask"]:
        sim.at(sim.random_time(day, 9, 16), ask_challenge, sim, member, day)
    if rng.random() < rates["answer"]:
        sim.at(sim.random_time(day, 10, 18), answer_a_challenge, sim, member, day)
    if rng.random() < rates["trade"]:
        sim.at(sim.random_time(day, 9, 17), propose_honest_trade, sim, member, day)


def overlaps(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    return any(topic in b for topic in a)


def read_and_use(sim, member: f.Member, day: int) -> None:
    """Look at a few recent insights and answers; use what genuinely helps, vote some helpful."""
    rng = sim.rng
    candidates = [
        content
        for content in sim.usable(day)
        if content.author.key != member.key and member.key not in content.used_by and not content.reserved
    ]
    if not candidates:
        return
    weights = [TOPIC_WEIGHT if overlaps(content.topics, member.topics) else 1 for content in candidates]
    seen: list[Content] = []
    for content in rng.choices(candidates, weights=weights, k=READS_PER_SESSION):
        if content not in seen:
            seen.append(content)
    for content in seen:
        relevance = 1.0 if overlaps(content.topics, member.topics) else 0.5
        if rng.random() < USE_RATE * content.quality**2 * relevance:
            customer = rng.choice(CUSTOMERS)
            hours = round(rng.uniform(0.5, 8) * content.quality, 1)
            sim.world.use(
                member,
                content,
                genuine=True,
                note=rng.choice(USE_NOTES).format(c=customer),
                hours_saved=hours if hours > 0 else None,
                deal_influenced=rng.random() < 0.1,
            )
            if rng.random() < HELPFUL_AFTER_USE and member.key not in content.voted_by:
                sim.world.helpful(member, content, genuine=True)
        elif content.quality >= 0.5 and rng.random() < HELPFUL_WITHOUT_USE and member.key not in content.voted_by:
            sim.world.helpful(member, content, genuine=True)


def post_insight(sim, member: f.Member, day: int, quality: float) -> None:
    sim.world.post(member, kind=INSIGHT, day=day, quality=quality, topics=pick_topics(sim, member))


def pick_topics(sim, member: f.Member) -> tuple[str, ...]:
    count = min(len(member.topics), sim.rng.choice((1, 2)))
    return tuple(sorted(sim.rng.sample(member.topics, count)))


def ask_challenge(sim, member: f.Member, day: int) -> None:
    """Ask a challenge, and come back in a day or three to accept the best answer."""
    challenge = sim.world.post(member, kind=CHALLENGE, day=day, quality=0.0, topics=pick_topics(sim, member))
    if challenge is not None:
        later = day + sim.rng.randint(1, 3)
        sim.at(sim.random_time(later, 9, 18), settle_challenge, sim, member, challenge, 0)


def settle_challenge(sim, asker: f.Member, challenge: Content, tries: int) -> None:
    """Accept the answer of the best answerer (the highest true quality); honest askers also
    use it half the time. Without a good enough answer, look again in two days (twice)."""
    if challenge.accepted is not None:
        return
    best = max(challenge.answers, key=lambda answer: answer.quality, default=None)
    if best is not None and best.quality >= ACCEPT_MIN_QUALITY:
        # A real question with a real answer: the taker's challenges are real too.
        genuine = asker.honest or asker.behaviour == f.TAKER
        if (
            sim.world.accept(asker, best, genuine=genuine)
            and asker.honest
            and sim.rng.random() < 0.5
            and asker.key not in best.used_by
        ):
            sim.world.use(asker, best, genuine=True, note="This solved our challenge.")
        return
    if tries < 2:
        later = sim.day_of(sim.driver.now) + 2
        sim.at(sim.random_time(later, 9, 18), settle_challenge, sim, asker, challenge, tries + 1)


def answer_a_challenge(sim, member: f.Member, day: int) -> None:
    """Experts answer an open challenge on their topics (at their quality); others answer any
    open one, less well off their own ground."""
    rng = sim.rng
    open_ones = [
        challenge
        for challenge in sim.open_challenges(day)
        if challenge.author.key != member.key and member.key not in challenge.answered_by
    ]
    if member.behaviour == f.EXPERT:
        open_ones = [challenge for challenge in open_ones if overlaps(challenge.topics, member.topics)]
    if not open_ones:
        return
    challenge = rng.choice(open_ones)
    fit = 1.0 if overlaps(challenge.topics, member.topics) else 0.7
    quality = round(min(1.0, member.quality * fit * rng.uniform(0.85, 1.1)), 3)
    sim.world.answer(member, challenge, day=day, quality=quality)


# Trades between colleagues ------------------------------------------------------------


def trade_partners(sim, member: f.Member) -> list[f.Member]:
    """Whom an honest person might trade with: honest colleagues, and the taker and the
    promise-breakers, whom nobody can tell apart before their record shows."""
    return [
        other
        for other in sim.firm.of(*f.HONEST, f.TAKER, f.BREAKER)
        if other.key != member.key and other.user_id is not None
    ]


def pick_partner(sim, member: f.Member) -> f.Member:
    partners = trade_partners(sim, member)
    same = [other for other in partners if other.division == member.division]
    if same and sim.rng.random() < SAME_DIVISION_PARTNER:
        return sim.rng.choice(same)
    return sim.rng.choice([other for other in partners if other.division != member.division] or partners)


def due_in_days(sim, low: int, high: int):
    """A due time at 17:00 a few days from now."""
    day = sim.day_of(sim.driver.now) + sim.rng.randint(low, high)
    return sim.moment(day, 17)


def propose_honest_trade(sim, member: f.Member, day: int) -> None:
    """Propose a give-and-get to a colleague, unless their profile shows them unreliable."""
    rng = sim.rng
    partner = pick_partner(sim, member)
    profile = sim.world.profile(member, partner)
    if profile is not None and profile["trust"]["band"] == "unreliable":
        sim.tally["trades avoided (unreliable partner)"] += 1
        return
    customer = rng.choice(CUSTOMERS)
    trade = sim.world.propose(
        member,
        partner,
        offer_due=due_in_days(sim, 2, 7),
        ask_due=due_in_days(sim, 2, 7),
        offer=rng.choice(OFFERS).format(c=customer),
        ask=rng.choice(OFFERS).format(c=rng.choice(CUSTOMERS)),
        kinds=(rng.choice(LEG_KINDS), rng.choice(LEG_KINDS)),
        message=f"Trade about {customer}?",
    )
    if trade is not None:
        sim.at(sim.driver.now + timedelta(hours=rng.uniform(1, 20)), respond_to_proposal, sim, partner, trade)


def respond_to_proposal(sim, member: f.Member, trade: Trade) -> None:
    """The counterparty answers a proposal: honest people read it (with the proposer's trust
    beside their name) and decline an unreliable proposer; the taker and the breakers take
    everything."""
    if member.honest:
        seen = sim.world.read_trade(member, trade)
        if seen is None:
            return
        unreliable = seen["proposer"]["trust"]["band"] == "unreliable"
        accept = not unreliable and sim.rng.random() < HONEST_ACCEPTS_TRADE
    else:
        accept = True
    if sim.world.respond(member, trade, accept=accept) and accept:
        for promiser in (trade.proposer, trade.counterparty):
            plan_leg(sim, promiser, trade)


def plan_leg(sim, promiser: f.Member, trade: Trade) -> None:
    """When (and whether) the promiser delivers their leg of an accepted trade."""
    rng = sim.rng
    now = sim.driver.now
    due = trade.dues[promiser.key] or now + timedelta(days=2)
    if promiser.honest:
        on_time, late = KEEPS[promiser.behaviour]
        draw = rng.random()
        if draw < on_time:
            when = now + (due - now) * rng.uniform(0.1, 0.9)
        elif draw < on_time + late:
            when = due + timedelta(hours=rng.uniform(4, 5 * 24))
        else:
            return  # never delivered: the clock breaks it
    elif promiser.behaviour == f.BREAKER and rng.random() < BREAKER_KEEPS:
        when = now + (due - now) * rng.uniform(0.2, 0.9)
    else:
        return  # the taker never delivers; breakers mostly do not
    sim.at(when, deliver_leg, sim, promiser, trade)


def deliver_leg(sim, promiser: f.Member, trade: Trade) -> None:
    note = sim.rng.choice(DELIVERY_NOTES).format(c=sim.rng.choice(CUSTOMERS))
    if sim.world.deliver(promiser, trade, note=note, genuine=True):
        receiver = trade.other(promiser)
        sim.at(sim.driver.now + timedelta(hours=sim.rng.uniform(2, 30)), confirm_delivery, sim, receiver, trade)


def confirm_delivery(sim, receiver: f.Member, trade: Trade) -> None:
    """The receiver confirms what was delivered to them (the taker does not always bother)."""
    if receiver.behaviour == f.TAKER and sim.rng.random() >= TAKER_CONFIRMS:
        return
    sim.world.confirm(receiver, trade)


# The taker and the promise-breakers ---------------------------------------------------


def plan_taker(sim, member: f.Member, day: int) -> None:
    """Asks challenges and proposes trades; never answers, uses or delivers."""
    if sim.weekend(day) or not working(sim, member, day):
        return
    if sim.rng.random() < ADVERSARY_TRADE_RATE:
        sim.at(sim.random_time(day, 9, 17), propose_adversary_trade, sim, member)
    if sim.rng.random() < TAKER_ASKS:
        sim.at(sim.random_time(day, 9, 16), ask_challenge, sim, member, day)


def plan_breaker(sim, member: f.Member, day: int) -> None:
    """Trades with varied colleagues, keeps a few promises (plan_leg), breaks the rest."""
    if sim.weekend(day) or not working(sim, member, day):
        return
    if sim.rng.random() < ADVERSARY_TRADE_RATE:
        sim.at(sim.random_time(day, 9, 17), propose_adversary_trade, sim, member)


def propose_adversary_trade(sim, member: f.Member) -> None:
    rng = sim.rng
    partner = rng.choice(sim.firm.of(*f.HONEST))
    customer = rng.choice(CUSTOMERS)
    trade = sim.world.propose(
        member,
        partner,
        offer_due=due_in_days(sim, 2, 6),
        ask_due=due_in_days(sim, 2, 6),
        offer=rng.choice(OFFERS).format(c=customer),
        ask=rng.choice(OFFERS).format(c=customer),
        kinds=(rng.choice(LEG_KINDS), "help"),
    )
    if trade is not None:
        sim.at(sim.driver.now + timedelta(hours=rng.uniform(1, 20)), respond_to_proposal, sim, partner, trade)


# Prolific posters ----------------------------------------------------------------------


def plan_poster(sim, member: f.Member, day: int) -> None:
    """Many insights of (near-)zero value every weekday, nothing else."""
    if sim.weekend(day):
        return
    for _ in range(POSTER_INSIGHTS_PER_WEEKDAY):
        sim.at(sim.random_time(day, 8, 18), post_insight, sim, member, day, member.quality)


# The ring ------------------------------------------------------------------------------


def plan_ring(sim, day: int) -> None:
    """Every day one of the three posts an insight and another a challenge (in turn); both
    others use the insight and one of them votes it helpful; one of them answers the
    challenge, and the asker accepts, uses and votes for the answer; and the third undoes
    and redoes an old use."""
    ring = [member for member in sim.firm.of(f.RING) if member.user_id is not None]
    if len(ring) < 3:
        return
    for index, member in enumerate(ring):
        turn = (index - day) % len(ring)
        if turn < 2:
            sim.at(sim.moment(day, 9, 5 + 10 * index), ring_post, sim, member, day, (INSIGHT, CHALLENGE)[turn])
        sim.at(sim.moment(day, 12, 5 + 10 * index), ring_react, sim, member, ring, day)
        sim.at(sim.moment(day, 15, 5 + 10 * index), ring_accept, sim, member, day)
    sim.at(sim.moment(day, 17, 30), ring_undo_redo, sim, ring[(day + 2) % len(ring)], ring, day)


def ring_content(sim, ring: list[f.Member], day: int, *, kinds: tuple[str, ...], since: int | None = None):
    keys = {member.key for member in ring}
    return [
        content
        for content in sim.ring_log
        if content.author.key in keys
        and content.kind in kinds
        and content.day >= (day if since is None else since)
        and not content.reserved
    ]


def ring_post(sim, member: f.Member, day: int, kind: str) -> None:
    content = sim.world.post(member, kind=kind, day=day, quality=0.0, topics=member.topics[:1])
    if content is not None:
        sim.ring_log.append(content)


def ring_turn(ring: list[f.Member], author: f.Member, day: int) -> f.Member:
    """Which of the other two ring members takes today's turn on `author`'s content."""
    others = [member for member in ring if member.key != author.key]
    return others[day % len(others)]


def ring_react(sim, member: f.Member, ring: list[f.Member], day: int) -> None:
    for content in ring_content(sim, ring, day, kinds=(INSIGHT, CHALLENGE)):
        if content.author.key == member.key:
            continue
        on_turn = ring_turn(ring, content.author, day).key == member.key
        if content.kind == INSIGHT:
            sim.world.use(member, content, genuine=False, note="Great insight!")
            if on_turn:
                sim.world.helpful(member, content, genuine=False)
        elif on_turn:
            answer = sim.world.answer(member, content, day=day, quality=0.0)
            if answer is not None:
                sim.ring_log.append(answer)


def ring_accept(sim, member: f.Member, day: int) -> None:
    for challenge in [
        content
        for content in sim.ring_log
        if content.author.key == member.key and content.kind == CHALLENGE and content.day == day
    ]:
        # Only a ring member's answer: an honest expert may have answered the challenge too.
        for answer in [answer for answer in challenge.answers if answer.author.behaviour == f.RING][:1]:
            sim.world.accept(member, answer, genuine=False)
            sim.world.use(member, answer, genuine=False, note="Exactly right.")
            sim.world.helpful(member, answer, genuine=False)


def ring_undo_redo(sim, member: f.Member, ring: list[f.Member], day: int) -> None:
    """Take back one old use and make it again (a fresh credit, a fresh notification)."""
    used = [
        content
        for content in ring_content(sim, ring, day, kinds=(INSIGHT, ANSWER), since=0)
        if member.key in content.used_by and content.day < day
    ]
    if used:
        content = used[day % len(used)]
        if sim.world.undo_use(member, content, genuine=False):
            sim.world.use(member, content, genuine=False, note="Used it again.")


# Ping-pong -----------------------------------------------------------------------------


def plan_ping_pong(sim, day: int) -> None:
    pair = [member for member in sim.firm.of(f.PING_PONG) if member.user_id is not None]
    if len(pair) == 2:
        sim.at(sim.moment(day, 10, 0), ping_pong_round, sim, pair, day)


def ping_pong_round(sim, pair: list[f.Member], day: int) -> None:
    """One trade a day, proposer in turn, legs with no due date or due in three hours; both
    deliver "." within minutes and confirm each other."""
    proposer, counterparty = pair if day % 2 == 0 else pair[::-1]
    due = None if day % 2 == 0 else sim.driver.now + timedelta(hours=3)
    trade = sim.world.propose(proposer, counterparty, offer_due=due, ask_due=due, offer="a tip", ask="a tip")
    if trade is None:
        return
    sim.advance(minutes=5)
    if not sim.world.respond(counterparty, trade, accept=True):
        return
    sim.advance(minutes=5)
    for member in pair:
        sim.world.deliver(member, trade, note=".", genuine=False)
    sim.advance(minutes=5)
    for member in pair:
        sim.world.confirm(member, trade)


# Throwaways and their beneficiary -----------------------------------------------------


def plan_beneficiary(sim, member: f.Member, day: int) -> None:
    """A low-activity member: now and then an insight of little value; once the throwaways
    farm, an insight every other day for them to use."""
    farming = day >= sim.firm.scale.farm_day
    if farming:
        if day % 2 == 0:
            sim.at(sim.moment(day, 8, 30), post_beneficiary_insight, sim, member, day)
        return
    if not sim.weekend(day) and working(sim, member, day) and sim.rng.random() < BENEFICIARY_INSIGHT:
        sim.at(sim.random_time(day, 9, 17), post_beneficiary_insight, sim, member, day)


def post_beneficiary_insight(sim, member: f.Member, day: int) -> None:
    content = sim.world.post(member, kind=INSIGHT, day=day, quality=member.quality, topics=member.topics[:1])
    if content is not None:
        sim.beneficiary_log.append(content)


def plan_farm(sim, day: int) -> None:
    """From the farm day on, every throwaway uses everything the beneficiary has posted or
    answered; on the farm day each also asks a challenge for the beneficiary to answer and
    accepts it, and trades with the beneficiary."""
    beneficiary = sim.firm.one(f.BENEFICIARY)
    throwaways = [member for member in sim.firm.of(f.THROWAWAY) if member.user_id is not None]
    if not throwaways or beneficiary.user_id is None:
        return
    first_day = day == sim.firm.scale.farm_day
    for index, throwaway in enumerate(throwaways):
        if first_day:
            sim.at(sim.moment(day, 9, 30 + index), throwaway_asks, sim, throwaway, day)
        sim.at(sim.moment(day, 10, 10 + index), throwaway_uses_everything, sim, throwaway, beneficiary)
    if first_day:
        sim.at(sim.moment(day, 12, 0), beneficiary_answers, sim, beneficiary, throwaways, day)
        for index, throwaway in enumerate(throwaways):
            sim.at(sim.moment(day, 14, 10 + index), throwaway_accepts, sim, throwaway, beneficiary)
            sim.at(sim.moment(day, 15, 10 + index), throwaway_trades, sim, throwaway, beneficiary)


def beneficiary_content(sim, beneficiary: f.Member) -> list[Content]:
    return [
        content
        for content in sim.world.contents
        if content.author.key == beneficiary.key and content.kind in (INSIGHT, ANSWER)
    ]


def throwaway_asks(sim, throwaway: f.Member, day: int) -> None:
    challenge = sim.world.post(throwaway, kind=CHALLENGE, day=day, quality=0.0, topics=throwaway.topics[:1])
    if challenge is not None:
        sim.throwaway_challenges[throwaway.key] = challenge


def beneficiary_answers(sim, beneficiary: f.Member, throwaways: list[f.Member], day: int) -> None:
    for throwaway in throwaways:
        challenge = sim.throwaway_challenges.get(throwaway.key)
        if challenge is not None:
            sim.world.answer(beneficiary, challenge, day=day, quality=0.0)


def throwaway_uses_everything(sim, throwaway: f.Member, beneficiary: f.Member) -> None:
    for content in beneficiary_content(sim, beneficiary):
        if throwaway.key not in content.used_by:
            sim.world.use(throwaway, content, genuine=False, note="Brilliant, used it.")


def throwaway_accepts(sim, throwaway: f.Member, beneficiary: f.Member) -> None:
    challenge = sim.throwaway_challenges.get(throwaway.key)
    if challenge is None:
        return
    for answer in challenge.answers:
        if answer.author.key == beneficiary.key:
            sim.world.accept(throwaway, answer, genuine=False)
            sim.world.use(throwaway, answer, genuine=False, note="Solved it.")


def throwaway_trades(sim, throwaway: f.Member, beneficiary: f.Member) -> None:
    """A trade both sides "keep" at once: points for the beneficiary's record."""
    due = sim.driver.now + timedelta(days=2)
    trade = sim.world.propose(
        throwaway, beneficiary, offer_due=due, ask_due=due, offer="an introduction", ask="a review"
    )
    if trade is None:
        return
    sim.advance(minutes=2)
    if sim.world.respond(beneficiary, trade, accept=True):
        sim.advance(minutes=2)
        for member in (beneficiary, throwaway):
            sim.world.deliver(member, trade, note="Done.", genuine=False)
        sim.advance(minutes=2)
        for member in (throwaway, beneficiary):
            sim.world.confirm(member, trade)


# The known attacks, once each ---------------------------------------------------------

TOGGLES = 20


def plan_experiments(sim, day: int) -> None:
    """The toggled use (a third of the way in) and the "." delivery before a cancel (day 2,
    while the promise-breaker's record is still clean)."""
    if day == sim.firm.scale.days // 3:
        sim.at(sim.moment(day, 10, 0), toggle_attack, sim, day)
    if day == 2:
        sim.at(sim.moment(day, 10, 0), dot_then_cancel_attack, sim)


def toggle_attack(sim, day: int) -> None:
    """A ring member marks another's insight used and takes it back, 20 times."""
    author, toggler = sim.firm.of(f.RING)[:2]
    content = sim.world.post(
        author, kind=INSIGHT, day=day, quality=0.0, topics=author.topics[:1], title="Our ring's toggled insight"
    )
    if content is None:
        return
    content.reserved = True
    done = 0
    for _ in range(TOGGLES):
        sim.advance(minutes=1)
        if sim.world.use(toggler, content, genuine=False, note="Toggle."):
            sim.advance(minutes=1)
            sim.world.undo_use(toggler, content, genuine=False)
            done += 1
    sim.experiments["toggle"] = {
        "post_id": content.api_id,
        "author_key": author.key,
        "toggler_key": toggler.key,
        "toggles": done,
        "day": day,
    }


def dot_then_cancel_attack(sim) -> None:
    """A promise-breaker delivers "." on a trade an honest colleague accepted, then calls the
    trade off: their leg stays delivered, the colleague's is released."""
    breaker = sim.firm.of(f.BREAKER)[0]
    partner = sim.firm.of(f.TRADER)[0]
    before = sim.read_trust(breaker)
    reputation_before = sim.world.profile(sim.leader, breaker)["reputation"]
    trade = sim.world.propose(
        breaker,
        partner,
        offer_due=due_in_days(sim, 3, 3),
        ask_due=due_in_days(sim, 3, 3),
        offer="the Acme pricing sheet",
        ask="a review of my Acme proposal",
    )
    record = {
        "breaker_key": breaker.key,
        "partner_key": partner.key,
        "trust_before": before,
        "reputation_before": reputation_before,
    }
    if trade is not None:
        sim.advance(minutes=30)
        record["accepted"] = sim.world.respond(partner, trade, accept=True)
        sim.advance(minutes=30)
        record["delivered"] = sim.world.deliver(breaker, trade, note=".", genuine=False)
        sim.advance(minutes=5)
        cancelled = sim.world.cancel(breaker, trade)
        record["cancelled"] = cancelled is not None
        if cancelled is not None:
            record["trade_state"] = cancelled["state"]
            record["legs"] = {
                ("breaker" if leg["promiser_id"] == breaker.user_id else "partner"): leg["state"]
                for leg in cancelled["legs"]
            }
        record["trade_id"] = trade.api_id
    record["trust_after"] = sim.read_trust(breaker)
    record["reputation_after"] = sim.world.profile(sim.leader, breaker)["reputation"]
    sim.experiments["dot_then_cancel"] = record


PLANNERS = {
    f.EXPERT: plan_honest,
    f.MEMBER: plan_honest,
    f.TRADER: plan_honest,
    f.TAKER: plan_taker,
    f.BREAKER: plan_breaker,
    f.POSTER: plan_poster,
    f.BENEFICIARY: plan_beneficiary,
}
