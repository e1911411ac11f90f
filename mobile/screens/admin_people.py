"""People (admins): search by name or email, narrow by division; active, deactivated, and
those waiting to join (self sign-ups). Tapping someone opens what an admin can change."""

from kivy.properties import NumericProperty, ObjectProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout

from mobile.administration import ALL_DIVISIONS, load_divisions, person_line
from mobile.screens.base import QuidScreen
from mobile.ui.text import time_ago

TABS = ("active", "deactivated", "waiting")


def person_row(person: dict, opener) -> dict:
    marks = []
    if not person.get("is_active", True):
        marks.append("Deactivated")
    if person.get("signs_in_with") == "company account":
        marks.append("Company account")
    return {
        "person_id": person["id"],
        "sign_up": {},
        "name_text": person.get("display_name", ""),
        "detail_text": person_line(person),
        "mark_text": " · ".join(marks),
        "opener": opener,
    }


def sign_up_row(request: dict, opener) -> dict:
    return {
        "person_id": 0,
        "sign_up": request,
        "name_text": request.get("display_name", ""),
        "detail_text": request.get("email", ""),
        "mark_text": f"Asked {time_ago(request.get('created_at'))}",
        "opener": opener,
    }


class PersonRow(ButtonBehavior, BoxLayout):
    """One person (or one sign-up waiting); names show literally (no markup)."""

    person_id = NumericProperty(0)
    sign_up = ObjectProperty({})
    name_text = StringProperty("")
    detail_text = StringProperty("")
    mark_text = StringProperty("")
    opener = ObjectProperty(None)

    def on_release(self):
        if self.opener is not None:
            self.opener(self.person_id, self.sign_up)


class AdminPeopleScreen(QuidScreen):
    """GET /admin/users (and /admin/sign-ups for the waiting)."""

    tab = StringProperty("active")

    def __init__(self, **kwargs):
        super().__init__(name="admin_people", title="People", **kwargs)
        self._divisions = {}

    def refresh(self) -> None:
        load_divisions(self.session.api, self._divisions_arrived)
        self.reload()

    def _divisions_arrived(self, divisions: dict) -> None:
        self._divisions = divisions
        self.ids.division.values = [ALL_DIVISIONS, *divisions]

    def show(self, tab: str) -> None:
        if tab != self.tab:
            self.tab = tab
            self.reload()

    def reload(self) -> None:
        people = self.ids.people
        people.api = self.session.api
        if self.tab == "waiting":
            people.path, people.query = "/admin/sign-ups", {}
            people.to_row = lambda request: sign_up_row(request, self.open_person)
            people.empty_text = "No one is waiting to join."
        else:
            query = {"active": "true" if self.tab == "active" else "false"}
            search = self.ids.search.text.strip()
            if search:
                query["q"] = search
            division = self._divisions.get(self.ids.division.text)
            if division:
                query["division"] = division
            people.path, people.query = "/admin/users", query
            people.to_row = lambda person: person_row(person, self.open_person)
            people.empty_text = "No one matches." if search or division else "No one here yet."
        people.reload()

    def open_person(self, person_id: int, sign_up: dict) -> None:
        if sign_up:
            self.navigator.open("admin_person", sign_up=dict(sign_up))
        else:
            self.navigator.open("admin_person", user_id=person_id)


SCREEN = AdminPeopleScreen
