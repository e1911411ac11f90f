"""A date picker for due dates, beside the quick choices: a month of 48 dp days, with the
previous and next months a tap away. Days before `earliest` (today, for a due date) cannot
be picked. The month's layout is mobile/ui/calendar_days.py (no Kivy)."""

from datetime import date
from pathlib import Path

from kivy.lang import Builder
from kivy.properties import BooleanProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.label import Label
from kivy.uix.modalview import ModalView
from kivy.uix.widget import Widget

from mobile.ui.calendar_days import WEEKDAY_INITIALS, choosable, month_title, month_weeks, shift_month


class DayButton(ButtonBehavior, Label):
    """One day of the month; `chosen` draws it filled, `today` outlined."""

    day = ObjectProperty(None)
    chosen = BooleanProperty(False)
    today = BooleanProperty(False)


class DatePicker(ModalView):
    """Pick one day: `on_pick(day)` runs once it is tapped, and the picker closes."""

    heading = StringProperty("")
    year = NumericProperty(0)
    month = NumericProperty(0)
    title = StringProperty("")
    can_go_back = BooleanProperty(False)

    def __init__(
        self,
        *,
        heading: str,
        on_pick,
        earliest: date | None = None,
        chosen: date | None = None,
        today: date | None = None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.heading = heading
        self._on_pick = on_pick
        self.today = today or date.today()
        self.earliest = earliest or self.today
        self.chosen = chosen
        start = chosen if chosen is not None and chosen >= self.earliest else self.earliest
        self.show_month(start.year, start.month)

    def show_month(self, year: int, month: int) -> None:
        """Lay out `month` of `year`: weekday initials, then the days."""
        self.year, self.month = year, month
        self.title = month_title(year, month)
        self.can_go_back = (year, month) > (self.earliest.year, self.earliest.month)
        grid = self.ids.days
        grid.clear_widgets()
        for initial in WEEKDAY_INITIALS:
            grid.add_widget(WeekdayLabel(text=initial))
        for week in month_weeks(year, month):
            for day in week:
                if day is None:
                    grid.add_widget(Widget())
                    continue
                button = DayButton(
                    text=str(day.day),
                    day=day,
                    chosen=day == self.chosen,
                    today=day == self.today,
                    disabled=not choosable(day, earliest=self.earliest),
                )
                button.bind(on_release=lambda pressed: self.pick(pressed.day))
                grid.add_widget(button)

    def day_button(self, day: date) -> DayButton | None:
        """The button for `day` in the month shown (tests tap it)."""
        return next(
            (child for child in self.ids.days.children if isinstance(child, DayButton) and child.day == day), None
        )

    def previous_month(self) -> None:
        if self.can_go_back:
            self.show_month(*shift_month(self.year, self.month, -1))

    def next_month(self) -> None:
        self.show_month(*shift_month(self.year, self.month, 1))

    def pick(self, day: date) -> None:
        self.dismiss()
        self._on_pick(day)


class WeekdayLabel(Label):
    """M T W T F S S above the days."""


Builder.load_file(str(Path(__file__).with_suffix(".kv")))
