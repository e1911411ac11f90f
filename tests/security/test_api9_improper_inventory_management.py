"""OWASP API9:2023 Improper Inventory Management, for Quid: the API does exactly what its
OpenAPI document says, no more and no less.

Schemathesis reads the document the app serves (/api/v1/openapi.json) and calls the app in
process, through its WSGI interface, with requests generated from it: data that fits the
document (which must be accepted, or refused only for a reason the document declares) and
data that does not (which must be refused). Every operation is called as a member, a leader,
an admin and without a token, on SQLite and PostgreSQL, and every answer is checked: no
server error, a status the operation declares (there is no blanket `default` response), the
declared content type and headers (a 405 names the allowed methods in `Allow`), a body that
matches the declared schema, and refusal of data the document rules out.

The run is reproducible: Hypothesis is derandomized, so the same examples are generated
every time (FUZZ_EXAMPLES per operation, mode and role). A small firm is made first through
the HTTP API, and the generated requests name its real ids, so that they reach past 404s to
the checks behind them.
"""

import dataclasses
import os

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.core.failures import FailureGroup

from tests.support.http import PASSWORD, Api, Person
from tests.support.photos import jpeg_from_the_field
from tests.test_attachments import uploaded

# Examples Hypothesis generates per operation, generation mode and role: small, since the run
# covers every operation four times on two backends within make test's budget.
FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", 5))
ROLES = ("anonymous", "member", "leader", "admin")
DOCUMENT = "/api/v1/openapi.json"
# Every check schemathesis has, as it ships, but one: data that fits the document may still be
# refused with 422 for a reason no schema can state (an invitation code the server never
# issued, a due date already past, a trade with oneself), so that refusal does not count
# against it. A 400, 405, 413 or 415 for such data still does.
ACCEPTED = ["2xx", "3xx", "401", "403", "404", "409", "422", "429"]
FUZZ_CONFIG = schemathesis.Config.from_dict(
    {
        "checks": {"positive_data_acceptance": {"expected-statuses": ACCEPTED}},
        "operations": [
            {
                # A browser's form: a confirmation the server did not issue is a bad request (400).
                "include-path": "/api/v1/auth/sso/confirm",
                "checks": {"positive_data_acceptance": {"expected-statuses": [*ACCEPTED, "400"]}},
            }
        ],
    }
)


@dataclasses.dataclass
class Firm:
    """The seed: people of every role, and one real object of each kind a path names."""

    people: dict[str, Person]
    path_ids: dict[str, int]


def seed_firm(api: Api) -> Firm:
    """A small firm made through the HTTP API: three divisions; a member, a leader and an
    admin; posts for the firm, a division and a circle; a photo; an answer, a use, a trade with its legs,
    a pending sign-up and an open invitation, so that every id a path names exists."""
    admin = api.admin()
    member = api.person(division="Field Sales North", display_name="Mia Member")
    leader = api.person(division="Pre-Sales", role="leader", display_name="Leo Leader")
    colleague = api.person(division="Pre-Sales", display_name="Cole Colleague")
    api.tags("pricing", "pilot")
    photo = uploaded(colleague, jpeg_from_the_field(64, 48))
    challenge = colleague.post_item(
        kind="challenge", title="How do we price the pilot?", tags=["pricing"], attachment_ids=[photo["id"]]
    )
    member.post_item(title="What the division learned", audience="division")
    leader.post_item(title="What my circle should know", audience="circle")
    insight = member.post_item(title="An insight the firm can use", tags=["pilot"])
    answer = member.answer(challenge["id"])
    used = colleague.post(f"/posts/{insight['id']}/uses", json={"note": "Saved us a week"})
    assert used.status_code == 201, used.get_json()
    trade = member.post(
        "/trades",
        json={
            "counterparty_id": colleague.id,
            "post_id": challenge["id"],
            "ask": {"kind": "help", "description": "Review my deck", "due": "2099-12-20"},
            "offer": {"kind": "insight", "description": "Our churn analysis"},
        },
    ).get_json()
    invitation = admin.post(
        "/admin/invitations", json={"email": "new.colleague@quid.example", "division": api.division("Pre-Sales")}
    )
    assert invitation.status_code == 201, invitation.get_json()
    sign_up = api.post(
        "/auth/sign-up", json={"email": "applicant@quid.example", "password": PASSWORD, "display_name": "Ada Applicant"}
    )
    assert sign_up.status_code == 202, sign_up.get_json()
    request_id = admin.get("/admin/sign-ups").get_json()["items"][0]["id"]
    return Firm(
        people={"member": member, "leader": leader, "admin": admin},
        path_ids={
            "post_id": challenge["id"],
            "answer_id": answer["id"],
            "trade_id": trade["id"],
            "leg_id": trade["legs"][0]["id"],
            "user_id": colleague.id,
            "division_id": api.division("Pre-Sales"),
            "invitation_id": invitation.get_json()["invitation"]["id"],
            "request_id": request_id,
            "name": "pricing",
            "attachment_id": photo["id"],
        },
    )


def fuzz_app(app) -> None:
    """Self sign-up open to the firm's domain (so that it is fuzzed past its refusal); room
    for the fuzzer's sign-ins: its failed ones would otherwise soon be throttled (by
    address, and all its requests come from one) and fill the run with 429s."""
    app.config.update(
        ALLOWED_EMAIL_DOMAINS=("quid.example",),
        PASSWORD_RATE_LIMIT="100000 per minute",
        LOGIN_FREE_FAILURES=100000,
        LOGIN_FREE_FAILURES_PER_ADDRESS=100000,
    )


def fresh_token(api: Api, person: Person) -> str:
    """A new session for `person`: an operation fuzzed before (signing out, refreshing) may
    have ended the last one."""
    response = api.login(person.email, PASSWORD)
    assert response.status_code == 200, response.get_json()
    return response.get_json()["access_token"]


def fuzz(api: Api, firm: Firm, role: str) -> list[str]:
    """Every operation of the document, called as `role` with positive and negative data;
    the failures schemathesis reports, one line each."""
    schema = schemathesis.openapi.from_wsgi(DOCUMENT, api.app, config=FUZZ_CONFIG)
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()
        path_ids = {parameter.name: firm.path_ids[parameter.name] for parameter in operation.path_parameters}
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            headers = {}
            if role != "anonymous":
                headers["Authorization"] = f"Bearer {fresh_token(api, firm.people[role])}"
            strategy = operation.as_strategy(generation_mode=mode, path_parameters=path_ids or None)

            @given(case=strategy)
            @settings(
                max_examples=FUZZ_EXAMPLES,
                derandomize=True,
                database=None,
                deadline=None,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
                report_multiple_bugs=False,
            )
            def call(case):
                try:
                    case.call_and_validate(headers=headers)  # noqa: B023  (called at once, in this turn)
                except (Exception, FailureGroup) as error:  # noqa: BLE001  (all reported together below)
                    failures.append(f"{role} {mode.value} {operation.label}: {str(error).strip()[:1500]}")  # noqa: B023

            try:
                call()
            except Unsatisfiable:
                # Nothing of this operation can be made invalid (no body, query or free
                # path parameter): there is no negative data to send.
                assert mode is GenerationMode.NEGATIVE, operation.label
    return failures


@pytest.mark.parametrize("role", ROLES)
def test_every_operation_answers_as_its_document_says(api, role):
    fuzz_app(api.app)
    firm = seed_firm(api)
    failures = fuzz(api, firm, role)
    assert failures == [], "\n\n".join(failures)


def test_a_method_the_document_does_not_list_for_a_path_answers_405_naming_those_it_does(api):
    """What schemathesis's unsupported-method check asks, for every path: the methods in
    `Allow` are exactly the ones the document lists (with HEAD and OPTIONS, which Flask
    answers for every GET and every path)."""
    document = api.get("/openapi.json").get_json()
    failures = []
    for path, item in document["paths"].items():
        listed = {method.upper() for method in item if method != "parameters"}
        concrete = path.replace("{", "").replace("}", "")  # any segment: the route or 405 answers first
        concrete = "/".join("1" if segment.endswith("_id") else segment for segment in concrete.split("/"))
        for method in {"GET", "POST", "PUT", "PATCH", "DELETE"} - listed:
            response = api.client.open(concrete, method=method)
            allowed = {name.strip() for name in response.headers.get("Allow", "").split(",") if name.strip()}
            expected = listed | {"OPTIONS"} | ({"HEAD"} if "GET" in listed else set())
            if response.status_code != 405 or allowed != expected or response.get_json()["code"] != 405:
                failures.append(f"{method} {path}: {response.status_code}, Allow: {sorted(allowed)}")
    assert failures == []
