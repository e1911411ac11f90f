"""What the admin screens share: the words for roles and states, and the division list.

Admin actions go to the server at once rather than through the outbox: an admin works on a
desktop, online, and needs the answer (an invitation code, a refusal) to act on.
"""

from shared.enums import Role

ROLE_NAMES = {Role.MEMBER.value: "Member", Role.LEADER.value: "Leader", Role.ADMIN.value: "Admin"}
ROLE_VALUES = {name: value for value, name in ROLE_NAMES.items()}
ALL_DIVISIONS = "All divisions"
INVITATION_STATES = {"pending": "Pending", "accepted": "Accepted", "revoked": "Withdrawn", "expired": "Expired"}


def role_name(role: str | None) -> str:
    return ROLE_NAMES.get(role or "", (role or "").capitalize())


def load_divisions(api, on_loaded, on_error=lambda error: None) -> None:
    """Fetch the divisions (GET /divisions) and hand `on_loaded` a {name: id} dict, by name."""
    api.request(
        "GET",
        "/divisions",
        on_error=on_error,
        on_success=lambda page: on_loaded({item["name"]: item["id"] for item in page.get("items", [])}),
    )


def person_line(person: dict) -> str:
    """'ana.lopez@quid.example · Pre-Sales Engineering · Leader'."""
    division = (person.get("division") or {}).get("name", "")
    return " · ".join(filter(None, [person.get("email", ""), division, role_name(person.get("role"))]))
