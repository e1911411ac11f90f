"""Leaders' analytics over hand-built firms whose flows, white space, brokers, reciprocity,
promises and trends are known: the exact figures, the roles that may read them, CSV, the
audience (a hidden post's title never appears) and the edges of periods."""

import csv
import io
from datetime import UTC, datetime, timedelta

import networkx
import pytest

from tests.support.assertions import assert_error
from tests.support.trades import act, at, confirm, deliver, leg, leg_of, ok, propose

ENDPOINTS = ("flows", "white-space", "brokers", "promises", "trends")
# A Wednesday in the middle of a month, so that its week and its month hold the firm's acts.
NOW = datetime(2026, 11, 11, 10, 0, tzinfo=UTC)


def use(person, post, **value):
    response = person.post(f"/posts/{post['id']}/uses", json={"note": "Used it with a customer", **value})
    assert response.status_code == 201, response.get_json()


def accepted_answer(answerer, asker):
    challenge = asker.post_item(kind="challenge", title="How do we price the gateway pilot?")
    answer = answerer.answer(challenge["id"])
    assert asker.post(f"/answers/{answer['id']}/accept").status_code == 200


def kept_trade(proposer, counterparty, *, ask, offer, outcome=None):
    """A trade whose two legs are delivered and confirmed; a lead offered gets `outcome`."""
    trade = propose(proposer, counterparty, ask=ask, offer=offer)
    ok(act(counterparty, trade, "accept"))
    deliver(proposer, trade)
    deliver(counterparty, trade)
    if outcome:
        ok(act(counterparty, trade, f"legs/{leg_of(trade, proposer)['id']}/outcome", {"outcome": outcome}))
    confirm(counterparty, trade, proposer)
    return confirm(proposer, trade, counterparty)


def analytics(person, name, **query):
    response = person.get(f"/analytics/{name}", query=query)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def csv_rows(response) -> list[dict]:
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="quid-')
    text = response.get_data().decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


@pytest.fixture
def firm(app, api):
    """Sales (Sam, Sue), Pre-Sales (Pat, the broker), Product (Dee), and the admin's
    Operations, with this month's acts:

    - Pat uses Sam's insight (2 hours saved, a deal influenced) and Sue's; Dee uses Sam's;
      Sam uses Sue's (within Sales);
    - Pat's answer is accepted on Sam's challenge;
    - Pat and Dee keep a trade: Pat's lead (won) for Dee's help.
    """
    at(app, NOW)
    people = {
        "leader": api.person(division="Sales", role="leader", display_name="Lee Leader"),
        "sam": api.person(division="Sales", display_name="Sam"),
        "sue": api.person(division="Sales", display_name="Sue"),
        "pat": api.person(division="Pre-Sales", display_name="Pat"),
        "dee": api.person(division="Product", display_name="Dee"),
    }
    api.admin()
    sam_insight = people["sam"].post_item(title="The gateway talk track that works")
    sue_insight = people["sue"].post_item(title="Procurement asks for a security review")
    use(people["pat"], sam_insight, hours_saved=2, deal_influenced=True)
    use(people["pat"], sue_insight)
    use(people["dee"], sam_insight)
    use(people["sam"], sue_insight)
    accepted_answer(people["pat"], people["sam"])
    kept_trade(
        people["pat"],
        people["dee"],
        ask=leg(kind="help", description="Review my pilot plan"),
        offer=leg(kind="lead", description="Their CIO wants a pilot", account="Globex"),
        outcome="won",
    )
    divisions = {item["name"]: item["id"] for item in api.get("/divisions").get_json()["items"]}
    return {**people, "divisions": divisions}


def cell(flows, divisions, giver, receiver):
    return next(
        item
        for item in flows["cells"]
        if item["from_division_id"] == divisions[giver] and item["to_division_id"] == divisions[receiver]
    )


def test_flows_count_each_act_from_the_givers_division_to_the_receivers(firm):
    flows = analytics(firm["leader"], "flows")
    divisions = firm["divisions"]
    assert flows["window"] == {"period": "month", "starts_on": "2026-11-01", "ends_on": "2026-12-01"}
    assert len(flows["cells"]) == len(divisions) ** 2
    sales_to_presales = cell(flows, divisions, "Sales", "Pre-Sales")
    assert {
        key: sales_to_presales[key]
        for key in ("uses", "hours_saved", "deals_influenced", "accepted_answers", "total", "cross_division")
    } == {
        "uses": 2,
        "hours_saved": 2.0,
        "deals_influenced": 1,
        "accepted_answers": 0,
        "total": 2,
        "cross_division": True,
    }
    presales_to_sales = cell(flows, divisions, "Pre-Sales", "Sales")
    assert (presales_to_sales["accepted_answers"], presales_to_sales["uses"], presales_to_sales["total"]) == (1, 0, 1)
    presales_to_product = cell(flows, divisions, "Pre-Sales", "Product")
    assert presales_to_product["legs"]["lead"] == 1 and sum(presales_to_product["legs"].values()) == 1
    assert presales_to_product["leads"] == {"open": 0, "won": 1, "lost": 0}
    product_to_presales = cell(flows, divisions, "Product", "Pre-Sales")
    assert product_to_presales["legs"]["help"] == 1 and product_to_presales["total"] == 1
    assert cell(flows, divisions, "Sales", "Product")["uses"] == 1
    within_sales = cell(flows, divisions, "Sales", "Sales")
    assert (within_sales["uses"], within_sales["cross_division"]) == (1, False)
    assert cell(flows, divisions, "Product", "Sales")["total"] == 0
    assert {key: flows["totals"][key] for key in ("uses", "accepted_answers", "total", "across", "hours_saved")} == {
        "uses": 4,
        "accepted_answers": 1,
        "total": 7,
        "across": 6,
        "hours_saved": 2.0,
    }
    assert flows["totals"]["leads"]["won"] == 1
    sales_totals = next(item for item in flows["division_totals"] if item["division_id"] == divisions["Sales"])
    assert sales_totals == {
        "division_id": divisions["Sales"],
        "given": 4,
        "received": 2,
        "given_across": 3,
        "received_across": 1,
    }


def test_white_space_names_pairs_with_nothing_and_pairs_running_one_way(firm):
    space = analytics(firm["leader"], "white-space")
    divisions = firm["divisions"]
    by_pair = {tuple(pair["division_ids"]): pair for pair in space["pairs"]}
    assert len(by_pair) == 6
    assert space["counts"] == {"none": 3, "one_way": 1, "both_ways": 2}

    def pair(first, second):
        return by_pair[tuple(sorted((divisions[first], divisions[second])))]

    assert pair("Sales", "Pre-Sales")["status"] == "both_ways"
    sales_product = pair("Sales", "Product")
    assert sales_product["status"] == "one_way"
    toward_product = (
        sales_product["first_to_second"]
        if sales_product["division_ids"][0] == divisions["Sales"]
        else sales_product["second_to_first"]
    )
    assert toward_product == 1
    assert {pair("Operations", name)["status"] for name in ("Sales", "Pre-Sales", "Product")} == {"none"}
    # Last month had nothing: every pair with value now opened.
    assert space["previous_window"] == {"period": "previous", "starts_on": "2026-10-02", "ends_on": "2026-11-01"}
    assert space["previous_counts"] == {"none": 6, "one_way": 0, "both_ways": 0}
    assert pair("Sales", "Pre-Sales")["change"] == "opened" and pair("Operations", "Sales")["change"] == "unchanged"


def test_white_space_compares_against_the_previous_window_of_the_same_length(app, api):
    at(app, datetime(2026, 11, 2, 9, 0, tzinfo=UTC))
    leader = api.person(division="Sales", role="leader")
    sam, pat, dee = (api.person(division=name) for name in ("Sales", "Pre-Sales", "Product"))
    sam_insight, pat_insight, dee_insight = (person.post_item() for person in (sam, pat, dee))
    use(pat, sam_insight)  # week one: Sales → Pre-Sales only
    use(sam, pat_insight)  # ... and back: two ways
    use(sam, dee_insight)  # Product → Sales one way
    at(app, datetime(2026, 11, 9, 9, 0, tzinfo=UTC))
    use(dee, sam_insight)  # week two: Sales → Product, which before only ran the other way
    use(pat, dee_insight)  # Product → Pre-Sales opens
    space = analytics(leader, "white-space", **{"from": "2026-11-09", "to": "2026-11-15"})
    assert space["window"] == {"period": "range", "starts_on": "2026-11-09", "ends_on": "2026-11-16"}
    assert space["previous_window"]["starts_on"] == "2026-11-02"
    divisions = {item["name"]: item["id"] for item in api.get("/divisions").get_json()["items"]}
    changes = {
        frozenset(name for name, number in divisions.items() if number in pair["division_ids"]): pair["change"]
        for pair in space["pairs"]
    }
    assert changes[frozenset({"Sales", "Pre-Sales"})] == "closed"
    assert changes[frozenset({"Sales", "Product"})] == "reversed"
    assert changes[frozenset({"Pre-Sales", "Product"})] == "opened"


def expected_graph() -> networkx.Graph:
    """The firm fixture's exchange graph, built by hand from its story."""
    graph = networkx.Graph()
    graph.add_edge("sam", "pat", weight=2)  # Pat used Sam's insight; Pat's answer accepted by Sam
    graph.add_edge("sue", "pat", weight=1)
    graph.add_edge("sam", "dee", weight=1)
    graph.add_edge("sue", "sam", weight=1)
    graph.add_edge("pat", "dee", weight=2)  # the lead and the help
    return graph


def test_brokers_match_networkx_on_the_same_graph(firm):
    brokers = analytics(firm["leader"], "brokers")
    graph = expected_graph()
    betweenness = networkx.betweenness_centrality(graph, normalized=True)
    constraint = networkx.constraint(graph, weight="weight")
    names = {firm[name].id: name for name in ("sam", "sue", "pat", "dee")}
    listed = {names[item["user"]["id"]]: item for item in brokers["brokers"]}
    assert set(listed) == set(graph.nodes)
    for name in graph.nodes:
        assert listed[name]["betweenness"] == pytest.approx(betweenness[name], abs=1e-4), name
        assert listed[name]["constraint"] == pytest.approx(constraint[name], abs=1e-4), name
    assert [names[item["user"]["id"]] for item in brokers["brokers"]][0] == "pat"
    assert {
        name: (listed[name]["given"], listed[name]["received"], listed[name]["divisions_reached"]) for name in listed
    } == {"sam": (2, 2, 2), "sue": (2, 0, 1), "pat": (2, 3, 2), "dee": (1, 2, 2)}
    assert listed["pat"]["cross_division_ties"] == 3
    assert listed["pat"]["reached_division_ids"] == sorted([firm["divisions"]["Sales"], firm["divisions"]["Product"]])
    assert listed["pat"]["user"]["display_name"] == "Pat"


def test_overload_shares_follow_the_top_of_the_firm(firm):
    overload = analytics(firm["leader"], "brokers")["overload"]
    # Six people (the leader and the admin included): the top 10% and 5% are one person each.
    assert overload["people"] == 6 and overload["top_tie_holders"] == 1 and overload["top_givers"] == 1
    # Cross-division ties: Sam–Pat, Sue–Pat, Sam–Dee, Pat–Dee; Pat (3 ties) takes part in 3.
    assert overload["cross_division_ties"] == 4
    assert overload["ties_share_of_top_tie_holders"] == 0.75
    # Seven acts; the top giver (Sam, Sue and Pat gave 2 each; the lowest id first) gave 2.
    assert overload["value_given"] == 7 and overload["value_share_of_top_givers"] == round(2 / 7, 4)


def test_reciprocity_names_one_sided_takers_and_overloaded_givers(app, api):
    at(app, NOW)
    leader = api.person(division="Sales", role="leader")
    expert = api.person(division="Product", display_name="Overloaded Olga")
    taker = api.person(division="Sales", display_name="Taking Tom")
    helper, other = api.person(division="Pre-Sales"), api.person(division="Pre-Sales")
    for person in (taker, helper, other):
        use(person, expert.post_item())
    for _ in range(3):
        use(taker, expert.post_item())
    use(taker, helper.post_item())
    use(expert, other.post_item())
    brokers = analytics(leader, "brokers")
    # Olga gave 6, the others who gave 1 each (helper, other): 6 ≥ 3 × 1, and at least 5.
    assert [item["user"]["display_name"] for item in brokers["overloaded_givers"]] == ["Overloaded Olga"]
    # Tom received 5 and gave nothing.
    assert [item["user"]["display_name"] for item in brokers["takers"]] == ["Taking Tom"]
    tom = brokers["takers"][0]
    assert (tom["given"], tom["received"], tom["balance"], tom["taker"]) == (0, 5, -5, True)
    divisions = {item["name"]: item["id"] for item in api.get("/divisions").get_json()["items"]}
    balances = {tuple(item["division_ids"]): item for item in brokers["division_balances"]}
    product_sales = balances[tuple(sorted((divisions["Product"], divisions["Sales"])))]
    product_first = product_sales["division_ids"][0] == divisions["Product"]
    assert (product_sales["first_to_second"], product_sales["second_to_first"]) == ((4, 0) if product_first else (0, 4))


def test_promises_show_overdue_and_broken_legs_trust_and_who_owes_most(app, api):
    at(app, NOW)
    leader = api.person(division="Sales", role="leader")
    late, keeper = api.person(division="Sales", display_name="Late Larry"), api.person(division="Product")
    soon = NOW + timedelta(days=1)
    overdue_trade = propose(late, keeper, ask=leg(due=soon + timedelta(days=30)), offer=leg(due=soon))
    ok(act(keeper, overdue_trade, "accept"))
    broken_trade = propose(
        late, keeper, ask=leg(due=soon + timedelta(days=30)), offer=leg(due=NOW + timedelta(hours=2))
    )
    ok(act(keeper, broken_trade, "accept"))
    kept = propose(keeper, late, ask=leg(due=soon + timedelta(days=30)), offer=leg(due=soon))
    ok(act(late, kept, "accept"))
    deliver(keeper, kept)
    confirm(late, kept, keeper)
    # Two days on, both of Larry's legs are overdue.
    at(app, NOW + timedelta(days=2))
    promises = analytics(leader, "promises")
    divisions = {item["name"]: item["id"] for item in api.get("/divisions").get_json()["items"]}
    sales = next(item for item in promises["division_figures"] if item["division_id"] == divisions["Sales"])
    product = next(item for item in promises["division_figures"] if item["division_id"] == divisions["Product"])
    assert (sales["overdue"], sales["broken"]) == (2, 0)
    assert (product["kept_on_time"], product["kept_late"]) == (1, 0)
    assert promises["most_overdue"][0]["user"]["display_name"] == "Late Larry"
    assert promises["most_overdue"][0]["overdue"] == 2
    at(app, NOW + timedelta(days=7, hours=12))
    promises = analytics(leader, "promises")
    sales = next(item for item in promises["division_figures"] if item["division_id"] == divisions["Sales"])
    # The leg due two hours after NOW broke 7 days after that; the other is 6.5 days overdue.
    assert (sales["overdue"], sales["broken"]) == (1, 1)
    assert sales["average_trust"] == pytest.approx(1 / 3, abs=1e-4) and sales["people_with_trust"] == 1
    product = next(item for item in promises["division_figures"] if item["division_id"] == divisions["Product"])
    assert product["average_trust"] == pytest.approx(2 / 3, abs=1e-4)
    assert promises["totals"] == {"overdue": 1, "broken": 1, "kept_on_time": 1, "kept_late": 0}


def test_trends_give_the_figures_of_each_step(app, api):
    at(app, datetime(2026, 9, 15, 9, 0, tzinfo=UTC))
    leader = api.person(division="Sales", role="leader")
    sam, pat = api.person(division="Sales"), api.person(division="Pre-Sales")
    use(pat, sam.post_item())
    at(app, datetime(2026, 11, 3, 9, 0, tzinfo=UTC))
    use(sam, pat.post_item())
    use(pat, sam.post_item(), deal_influenced=True)
    trends = analytics(leader, "trends", period="month", **{"from": "2026-09-01", "to": "2026-11-30"})
    assert trends["period"] == "month"
    assert [
        (step["starts_on"], step["value_given"], step["value_across"], step["two_way_pairs"], step["one_way_pairs"])
        for step in trends["steps"]
    ] == [("2026-09-01", 1, 1, 0, 1), ("2026-10-01", 0, 0, 0, 0), ("2026-11-01", 2, 2, 1, 0)]
    assert trends["steps"][2]["deals_influenced"] == 1 and trends["steps"][2]["share_across"] == 1.0
    weekly = analytics(leader, "trends", period="week")
    assert len(weekly["steps"]) == 12
    assert weekly["steps"][-1]["starts_on"] == "2026-11-02" and weekly["steps"][-1]["value_given"] == 2


def test_an_act_counts_on_its_day_in_the_firms_time_zone(app, api):
    app.config["FIRM_TIMEZONE"] = "Europe/Berlin"
    at(app, datetime(2026, 10, 30, 9, 0, tzinfo=UTC))
    leader = api.person(division="Sales", role="leader")
    sam, pat = api.person(division="Sales"), api.person(division="Pre-Sales")
    insight, other = sam.post_item(), sam.post_item()
    at(app, datetime(2026, 10, 31, 22, 59, tzinfo=UTC))  # 23:59 on 31 October in Berlin
    use(pat, insight)
    at(app, datetime(2026, 10, 31, 23, 0, tzinfo=UTC))  # midnight: 1 November in Berlin
    use(pat, other)
    october = analytics(leader, "flows", **{"from": "2026-10-01", "to": "2026-10-31"})
    november = analytics(leader, "flows", period="month")
    assert october["totals"]["uses"] == 1 and november["totals"]["uses"] == 1
    assert analytics(leader, "flows", period="all")["window"] == {"period": "all", "starts_on": None, "ends_on": None}


def test_members_are_refused_and_admins_may_read(firm, api):
    for name in ENDPOINTS:
        assert_error(firm["sam"].get(f"/analytics/{name}"), 403, mentions="leader")
        assert_error(api.get(f"/analytics/{name}"), 401)
        assert api.admin().get(f"/analytics/{name}").status_code == 200


def test_every_analytics_endpoint_answers_csv_with_a_header_and_a_row_per_item(firm):
    leader = firm["leader"]
    flows = csv_rows(leader.get("/analytics/flows", query={"format": "csv"}))
    assert len(flows) == len(firm["divisions"]) ** 2
    row = next(item for item in flows if (item["from_division"], item["to_division"]) == ("Sales", "Pre-Sales"))
    assert (row["uses"], row["hours_saved"], row["deals_influenced"], row["total"]) == ("2", "2.0", "1", "2")
    assert (
        next(item for item in flows if item["from_division"] == "Pre-Sales" and item["to_division"] == "Product")[
            "leads_won"
        ]
        == "1"
    )
    space = csv_rows(leader.get("/analytics/white-space", query={"format": "csv"}))
    assert len(space) == 6 and {item["status"] for item in space} == {"none", "one_way", "both_ways"}
    brokers = csv_rows(leader.get("/analytics/brokers", query={"format": "csv"}))
    assert [item["name"] for item in brokers][0] == "Pat" and len(brokers) == 4
    assert brokers[0]["division"] == "Pre-Sales" and brokers[0]["rank"] == "1"
    promises = csv_rows(leader.get("/analytics/promises", query={"format": "csv"}))
    assert {item["division"] for item in promises} == set(firm["divisions"])
    trends = csv_rows(leader.get("/analytics/trends", query={"format": "csv", "period": "week"}))
    assert len(trends) == 12 and trends[-1]["value_given"] == "7"
    response = leader.get("/analytics/flows", query={"format": "csv", "from": "2026-11-01", "to": "2026-11-30"})
    assert 'filename="quid-flows-2026-11-01-to-2026-11-30.csv"' in response.headers["Content-Disposition"]


def test_a_name_a_spreadsheet_would_run_as_a_formula_is_written_as_text(app, api):
    at(app, NOW)
    leader = api.person(division="Sales", role="leader")
    author = api.person(division="Sales", display_name='=HYPERLINK("http://evil.example")')
    use(api.person(division="Product", display_name="Zoë Ünal"), author.post_item())
    rows = csv_rows(leader.get("/analytics/brokers", query={"format": "csv"}))
    assert {item["name"] for item in rows} == {'\'=HYPERLINK("http://evil.example")', "Zoë Ünal"}


def test_content_outside_the_leaders_audience_is_counted_but_never_named(app, api):
    at(app, NOW)
    leader = api.person(division="Sales", role="leader")
    author, reader = api.person(division="Product"), api.person(division="Product")
    secret = author.post_item(title="Project Nightingale pricing floor", audience="division")
    assert leader.get(f"/posts/{secret['id']}").status_code == 404
    use(reader, secret)
    challenge = author.post_item(kind="challenge", title="Nightingale churn question", audience="division")
    answer = reader.answer(challenge["id"], body="Nightingale answer")
    assert author.post(f"/answers/{answer['id']}/accept").status_code == 200
    flows = analytics(leader, "flows")
    assert flows["totals"]["uses"] == 1 and flows["totals"]["accepted_answers"] == 1
    for name in ENDPOINTS:
        for query in ({}, {"format": "csv"}):
            text = leader.get(f"/analytics/{name}", query=query).get_data(as_text=True)
            assert "Nightingale" not in text, name


@pytest.mark.parametrize(
    ("query", "field", "mentions"),
    [
        ({"from": "2026-11-01"}, "to", "both"),
        ({"to": "2026-11-01"}, "from", "both"),
        ({"from": "2026-11-05", "to": "2026-11-01"}, "to", "before"),
        ({"from": "2020-01-01", "to": "2026-11-01"}, "to", "at most"),
        ({"from": "2026-11-01", "to": "2026-11-02", "period": "week"}, "period", "not both"),
        ({"from": "1999-12-31", "to": "2026-11-01"}, "from", "2000"),
        ({"from": "2026-02-30", "to": "2026-11-01"}, "from", None),
        ({"from": "2026-11-01\x00", "to": "2026-11-02"}, "from", None),
        ({"period": "decade"}, "period", None),
        ({"format": "xlsx"}, "format", None),
        ({"limit": "99999999999999999999"}, "limit", None),
        ({"colour": "red"}, "colour", None),
    ],
)
def test_a_bad_window_is_refused_naming_the_field(firm, query, field, mentions):
    response = firm["leader"].get("/analytics/brokers", query=query)
    assert_error(response, 422, mentions=mentions)
    assert field in response.get_json()["errors"]["query"], response.get_json()


def test_a_trend_longer_than_its_step_limit_is_refused(firm):
    assert_error(
        firm["leader"].get("/analytics/trends", query={"period": "week", "from": "2000-01-01", "to": "2026-11-01"}),
        422,
        mentions="at most",
    )
    assert_error(firm["leader"].get("/analytics/trends", query={"period": "quarter"}), 422)
