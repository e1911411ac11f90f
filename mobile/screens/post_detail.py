"""One post: the whole challenge or insight, its answers, and what a person can do with them.

Every action (helpful, "I used this", accept, answer) goes through the outbox: the screen
shows its effect at once, reloads from the server when the outbox reports it delivered,
and says in plain words when the server refused it. An answer still in the outbox (written
now, or before the app last closed) shows under its challenge as "Sending…" until the
server's answer takes its place.
"""

from dataclasses import dataclass

from kivy.clock import Clock
from kivy.metrics import dp
from kivy.properties import BooleanProperty, DictProperty, ListProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout

import mobile.ui.choice_chips  # noqa: F401  (registers ChoiceChips for post_detail.kv)
import mobile.ui.expert_list  # noqa: F401  (registers ExpertList for post_detail.kv)
import mobile.ui.photos  # noqa: F401  (registers PhotoStrip and PhotoDraft for post_detail.kv)
import mobile.ui.post_links  # noqa: F401  (registers PostLinks for post_detail.kv)
from mobile.api.errors import plain_message, unreachable
from mobile.offline.wording import ANSWERS_NOT_SAVED
from mobile.outbox.store import PENDING
from mobile.screens.base import QuidScreen
from mobile.ui import theme
from mobile.ui.post_care import CareMarks, PostCare  # noqa: F401  (registers them for post_detail.kv)
from mobile.ui.privilege_text import level_needed, locked_label, missing_privilege_text
from mobile.ui.text import bold, coloured, plural, post_kind_name, safe, time_ago
from mobile.ui.use_dialog import UseDialog
from mobile.ui.use_text import used_by_button_text
from mobile.ui.widgets import QuidButton
from shared.enums import ChallengeStatus, PostKind
from shared.limits import ANSWER_BODY_MAX_LENGTH
from shared.rules import Privilege

AUDIENCE_WORDS = {"firm": "the whole firm", "division": "the author's division", "circle": "the author's circle"}
STATUS_WORDS = {"open": "Open", "answered": "Answered", "solved": "Solved", "closed": "Closed"}
# All of a challenge's answers in one page: a challenge rarely has more than a handful.
ANSWERS_PAGE_SIZE = 100
SENDING = "Sending…"
# Queued actions that show in a post's or answer's buttons: (path suffix, viewer flag, count).
QUEUED_VOTES = (("/helpful", "found_helpful", "helpful_count"), ("/uses", "used", "use_count"))


@dataclass
class PendingAction:
    """An outbox item this screen queued, and the post it concerns."""

    post_id: int
    kind: str
    target_id: int = 0  # the person asked, or the challenge an insight was linked to


def answers_path(post_id: int) -> str:
    """Where a challenge's answers are read and sent."""
    return f"/posts/{post_id}/answers"


class AnswerCard(BoxLayout):
    """One answer: author, text, accepted mark, counts, and the actions the viewer may take."""

    answer_id = NumericProperty(0)
    author_name = StringProperty("")
    meta_text = StringProperty("")
    body_text = StringProperty("")
    counts_text = StringProperty("")
    accepted = BooleanProperty(False)
    waiting = BooleanProperty(False)
    # The outbox item's key while the answer is on its way.
    idempotency_key = StringProperty("")
    screen = ObjectProperty(None, rebind=True)
    author_id = NumericProperty(0)
    # The author's insight this answer links, when the viewer may see it.
    insight_id = NumericProperty(0)
    insight_title = StringProperty("")
    # The answer's photos (the API's attachment objects).
    photos = ListProperty([])

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # The action buttons by name ("helpful_button", "use_button", "accept_button").
        self.buttons = {}

    def open_author(self) -> None:
        if self.screen is not None and self.author_id:
            self.screen.open_profile(self.author_id)

    def open_insight(self) -> None:
        if self.screen is not None and self.insight_id:
            self.screen.open_post(self.insight_id)


class PostDetailScreen(QuidScreen):
    """GET /posts/{id} and its answers, with helpful, use, accept, answer and trade actions."""

    post_id = NumericProperty(0)
    post = DictProperty({})
    answers = ListProperty([])
    # An action the server refused, in plain words (shown until the next action or post).
    notice = StringProperty("")
    # The "I used this" dialog while it is open.
    use_dialog = ObjectProperty(None, allownone=True)
    # A challenge's suggested experts (GET /posts/{id}/experts), and why none show.
    experts = ListProperty([])
    experts_note = StringProperty("")
    # For an insight's author: open challenges it may answer (GET /posts/{id}/related).
    related = ListProperty([])
    # Experts asked and challenges answered from this phone, still on their way.
    asking_ids = ListProperty([])
    linking_ids = ListProperty([])
    # Offline, with the post kept but not its answers.
    answers_unsaved = BooleanProperty(False)

    def __init__(self, **kwargs):
        super().__init__(name="post", title="Post", **kwargs)
        self._pending: dict[int, PendingAction] = {}
        # The post's action buttons by name ("helpful_button", "use_button", "trade_button").
        self.post_buttons = {}
        # ids hold weak references; the answer form leaves the tree for insights.
        self._answer_form = self.ids.answer_form.__self__
        self._show_answer_form()  # none until a challenge shows (offline, one may never come)
        self.session.bind(on_outbox_sent=self._outbox_sent, on_outbox_rejected=self._outbox_rejected)

    # Loading

    def refresh(self) -> None:
        post_id = int(self.parameters.get("post_id") or 0)
        if post_id != self.post_id:
            # Another post: nothing of the last one may show while this one loads.
            self.post_id = post_id
            self.post = {}
            self.answers = []
            self.experts, self.experts_note, self.related = [], "", []
            self.asking_ids, self.linking_ids = [], []
            self.answers_unsaved = False
            self.notice = ""
            self.title = "Post"
        # From a search result that is an answer: show that answer once the answers are in.
        self._reveal_answer_id = int(self.parameters.get("answer_id") or 0)
        if post_id:
            self.reload()

    def has_content(self) -> bool:
        return bool(self.post) or super().has_content()

    def reload(self) -> None:
        """Fetch the post, then its answers (challenges only)."""
        post_id = self.post_id
        self.fetch(
            f"/posts/{post_id}",
            lambda post: self._post_arrived(post_id, post),
            on_error=lambda error: self._post_gone(post_id, error),
        )

    def _post_arrived(self, post_id: int, post: dict) -> None:
        if post_id != self.post_id:
            return
        self.post = self._with_queued_votes(post, f"/posts/{post_id}")
        self.title = post_kind_name(post.get("kind"))
        if post.get("kind") == PostKind.CHALLENGE.value:
            self.fetch(
                answers_path(post_id),
                lambda page: self._answers_arrived(post_id, page),
                query={"limit": ANSWERS_PAGE_SIZE},
                on_error=lambda error: self._answers_failed(post_id, error),
            )
        else:
            self.answers = []
        self._load_suggestions(post)

    def _answers_arrived(self, post_id: int, page: dict) -> None:
        if post_id == self.post_id:
            self.answers_unsaved = False
            self.answers = [
                self._with_queued_votes(answer, f"/answers/{answer['id']}") for answer in page.get("items", [])
            ]
            self._reveal_answer()

    def _answers_failed(self, post_id: int, error) -> None:
        if post_id == self.post_id and unreachable(error):
            self.answers_unsaved = True

    def _reveal_answer(self) -> None:
        """Scroll to the answer a search result named, once it has been laid out."""
        answer_id, self._reveal_answer_id = self._reveal_answer_id, 0
        card = next((card for card in self.ids.answers_box.children if card.answer_id == answer_id), None)
        if not answer_id or card is None:
            return

        def reveal(_elapsed):
            scroller = self.ids.scroller
            # Kivy's scroll_to misplaces content shorter than the view (nothing to scroll then).
            if card.parent is not None and self.ids.content.height > scroller.height:
                scroller.scroll_to(card, padding=dp(16), animate=False)

        Clock.schedule_once(reveal, 0.1)

    # Suggestions: who could answer a challenge; what an insight of mine may answer

    def wants_experts(self, post: dict) -> bool:
        """Anyone who sees a challenge still waiting for its answer (its author most of all)."""
        return post.get("kind") == PostKind.CHALLENGE.value and post.get("status") not in (
            ChallengeStatus.SOLVED.value,
            ChallengeStatus.CLOSED.value,
        )

    def wants_related(self, post: dict) -> bool:
        """An insight's author is the one who can link it as an answer."""
        return post.get("kind") == PostKind.INSIGHT.value and self.is_mine(post)

    def _load_suggestions(self, post: dict) -> None:
        # Best effort, beside the post: a failure here says so in its section, not over the post.
        post_id = post.get("id")
        if self.wants_experts(post):

            def experts_arrived(page):
                if post_id == self.post_id:
                    self.experts = page.get("items", [])[:5]
                    self.experts_note = "" if self.experts else "No one stands out for this yet."

            def experts_failed(error):
                # Offline the status line says so; the section just has nothing kept to show.
                if post_id == self.post_id:
                    self.experts_note = (
                        "" if unreachable(error) else f"Suggestions are not available: {plain_message(error)}"
                    )

            self.session.api.request(
                "GET",
                f"/posts/{post_id}/experts",
                on_success=experts_arrived,
                on_error=experts_failed,
                on_kept=lambda page, _fetched_at: experts_arrived(page),
            )
        else:
            self.experts, self.experts_note = [], ""
        if self.wants_related(post):

            def related_arrived(page):
                if post_id != self.post_id:
                    return
                items = page.get("items", [])
                # A challenge just linked leaves the server's list (it is answered now); it stays
                # here, marked "Linked", so that the tap visibly did what it said.
                shown = {item["id"] for item in items}
                linked = [item for item in self.related if item["id"] in self.linking_ids and item["id"] not in shown]
                self.related = linked + items

            self.session.api.request(
                "GET",
                f"/posts/{post_id}/related",
                on_success=related_arrived,
                on_kept=lambda page, _fetched_at: related_arrived(page),
            )
        else:
            self.related = []

    def ask_expert(self, user_id: int) -> None:
        """Ask someone to answer this challenge (through the outbox; they get a notification)."""
        expert = next((item for item in self.experts if (item.get("user") or {}).get("id") == user_id), {})
        name = (expert.get("user") or {}).get("display_name", "someone")
        self._act(
            path=f"/posts/{self.post_id}/experts/{user_id}/ask",
            kind="ask",
            label=f"Ask {name} to answer: {self._short_title()}",
            target_id=user_id,
        )
        self.asking_ids = [*self.asking_ids, user_id]

    def link_as_answer(self, challenge_id: int) -> None:
        """Post this insight (mine) as an answer to one of the challenges it may answer."""
        challenge = next((item for item in self.related if item.get("id") == challenge_id), {})
        title = challenge.get("title", "")
        self._act(
            path=f"/posts/{challenge_id}/answers",
            body={"insight_id": self.post_id},
            kind="link",
            label=f"Link as answer: {title if len(title) <= 60 else title[:57] + '…'}",
            target_id=challenge_id,
        )
        self.linking_ids = [*self.linking_ids, challenge_id]

    def open_tag(self, chip_text: str) -> None:
        name = chip_text.lstrip("#")
        if name:
            self.navigator.open("tag", tag=name)

    def open_post(self, post_id: int) -> None:
        self.navigator.open("post", post_id=post_id)

    # What the viewer may do

    @property
    def viewer_id(self):
        return self.session.tokens.user_id

    def is_mine(self, thing: dict) -> bool:
        """Whether the viewer wrote this post or answer."""
        return bool(thing) and (thing.get("author") or {}).get("id") == self.viewer_id

    def missing_privilege(self, privilege: Privilege) -> str:
        """Why the viewer may not do this yet ('' when they may, or when the app cannot tell)."""
        return missing_privilege_text(self.session.user, privilege)

    def helpful_button(self, found: bool, action) -> QuidButton:
        """Helpful, or Voted helpful; locked with the level it needs for someone below it (a
        tap says how to get there; taking a vote back is never locked)."""
        if not found and level_needed(self.session.user, Privilege.VOTE_HELPFUL) is not None:
            button = action_button(locked_label("Helpful", Privilege.VOTE_HELPFUL), action)
            button.role = "locked"
            return button
        return action_button(helpful_text(found), action, chosen=found)

    def uses_button(self, thing: dict, *, answer_id: int = 0) -> QuidButton | None:
        """For the author: who used their insight or answer, once someone has."""
        count = thing.get("use_count", 0)
        if not count:
            return None
        return action_button(used_by_button_text(count), lambda: self.open_uses(answer_id=answer_id), chosen=True)

    def open_uses(self, *, answer_id: int = 0) -> None:
        if "uses" not in self.manager.screen_names:
            return
        if answer_id:
            self.navigator.open("uses", answer_id=answer_id, title=self.post.get("title", ""))
        else:
            self.navigator.open("uses", post_id=self.post_id, title=self.post.get("title", ""))

    def can_accept(self) -> bool:
        """The challenge's author may accept an answer until the challenge is solved or closed."""
        return (
            self.post.get("kind") == PostKind.CHALLENGE.value
            and self.is_mine(self.post)
            and self.post.get("status") not in (ChallengeStatus.SOLVED.value, ChallengeStatus.CLOSED.value)
        )

    def can_answer(self) -> bool:
        return (
            self.post.get("kind") == PostKind.CHALLENGE.value
            and self.post.get("status") != ChallengeStatus.CLOSED.value
        )

    # Text for the labels (user text stays plain, or is escaped for the one markup label)

    @staticmethod
    def text_of(post: dict, field: str) -> str:
        """A text field of the post, '' while it loads (kv re-reads it when `post` changes)."""
        return (post or {}).get(field) or ""

    def tag_chips(self, post: dict) -> list[str]:
        """The post's tags as chips ('#pricing'); each opens the topic's page."""
        return ["#" + tag for tag in (post or {}).get("tags", [])]

    def kind_line(self, post: dict) -> str:
        if not post:
            return ""
        words = [post_kind_name(post.get("kind"))]
        if post.get("status"):
            words.append(STATUS_WORDS.get(post["status"], post["status"]))
        return " · ".join(words)

    def details_markup(self, post: dict) -> str:
        """Account, audience and needed-by as a markup label: every value through safe()."""
        if not post:
            return ""
        lines = []
        if post.get("account"):
            lines.append(f"{coloured('Account', theme.MUTED_HEX)}  {bold(post['account'])}")
        audience = AUDIENCE_WORDS.get(post.get("audience"), post.get("audience"))
        lines.append(f"{coloured('Seen by', theme.MUTED_HEX)}  {safe(audience)}")
        if post.get("needed_by"):
            lines.append(f"{coloured('Needed by', theme.MUTED_HEX)}  {safe(post['needed_by'])}")
        return "\n".join(lines)

    def author_line(self, post: dict) -> str:
        author = (post or {}).get("author") or {}
        return author.get("display_name", "")

    def byline(self, post: dict) -> str:
        author = (post or {}).get("author") or {}
        division = (author.get("division") or {}).get("name", "")
        level = f"level {author['level']}" if author.get("level") else ""
        return " · ".join(filter(None, [division, level, time_ago(post.get("created_at")) if post else ""]))

    def answers_heading(self, post: dict, answers: list, answers_unsaved: bool = False) -> str:
        if (post or {}).get("kind") != PostKind.CHALLENGE.value:
            return ""
        if answers_unsaved and not answers:
            return ANSWERS_NOT_SAVED
        if not answers:
            return "No answers yet" if post.get("status") != ChallengeStatus.CLOSED.value else "Closed without answers"
        return f"Answers ({len(answers)})"

    def counts_line(self, post: dict) -> str:
        if not post:
            return ""
        counts = []
        if post.get("kind") == PostKind.CHALLENGE.value:
            counts.append(plural(post.get("answer_count", 0), "answer"))
        else:
            counts.append(plural(post.get("use_count", 0), "use"))
        counts.append(f"{post.get('helpful_count', 0)} helpful")
        return "  ·  ".join(counts)

    # Building the action rows and the answers

    def on_post(self, _screen, _post) -> None:
        self._build_post_actions()
        self._build_answers()
        self._show_answer_form()

    def _show_answer_form(self) -> None:
        # Only open challenges take answers; a hidden but present form would still catch touches.
        form, content = self._answer_form, self.ids.content
        wanted = bool(self.post) and self.can_answer()
        if wanted and form.parent is None:
            content.add_widget(form)
        elif not wanted and form.parent is not None:
            content.remove_widget(form)

    def on_answers(self, _screen, _answers) -> None:
        self._build_answers()

    def _build_post_actions(self) -> None:
        row = self.ids.post_actions
        row.clear_widgets()
        self.post_buttons = {}
        post = self.post
        if not post:
            return
        if self.is_mine(post):
            # No helpful, use or trade with oneself; who used it instead.
            uses_button = self.uses_button(post) if post.get("kind") == PostKind.INSIGHT.value else None
            if uses_button is not None:
                row.add_widget(uses_button)
                self.post_buttons = {"uses_button": uses_button}
            return
        viewer = post.get("viewer") or {}
        found = viewer.get("found_helpful")
        buttons = {"helpful_button": self.helpful_button(found, self.toggle_helpful)}
        if post.get("kind") == PostKind.INSIGHT.value:
            used = viewer.get("used")
            buttons["use_button"] = action_button(
                "Undo “I used this”" if used else "I used this",
                self.undo_use if used else self.open_use_dialog,
                chosen=used,
            )
        buttons["trade_button"] = action_button("Propose a trade", self.propose_trade, chosen=True)
        for button in buttons.values():
            row.add_widget(button)
        self.post_buttons = buttons

    def _build_answers(self) -> None:
        box = self.ids.answers_box
        box.clear_widgets()
        if self.post.get("kind") != PostKind.CHALLENGE.value:
            return
        for answer in self.answers:
            box.add_widget(self._answer_card(answer))
        for item in self.queued_answers():
            box.add_widget(
                AnswerCard(
                    author_name=(self.session.user or {}).get("display_name") or "You",
                    meta_text=SENDING,
                    body_text=(item.body or {}).get("body", ""),
                    waiting=True,
                    idempotency_key=item.idempotency_key,
                    screen=self,
                )
            )

    def _with_queued_votes(self, thing: dict, path: str) -> dict:
        """A post or answer as the server will have it once the outbox's helpful votes and uses
        on it arrive: fetched now, or kept from before a restart, it must not offer again what
        the person already did."""
        for item in self.session.outbox_items():
            for action, flag, count in QUEUED_VOTES:
                if item.state == PENDING and item.path == path + action:
                    thing = with_viewer_change(thing, flag, item.method == "POST", count)
        return thing

    def queued_answers(self) -> list:
        """The viewer's answers to this challenge still in the outbox, oldest first."""
        path = answers_path(self.post_id)
        return [
            item
            for item in self.session.outbox_items()
            if item.kind == "answer" and item.path == path and item.state == PENDING and (item.body or {}).get("body")
        ]

    def _answer_card(self, answer: dict) -> "AnswerCard":
        author = answer.get("author") or {}
        division = (author.get("division") or {}).get("name", "")
        card = AnswerCard(
            answer_id=answer["id"],
            author_name=author.get("display_name", ""),
            author_id=author.get("id") or 0,
            meta_text=" · ".join(filter(None, [division, time_ago(answer.get("created_at"))])),
            body_text=answer.get("body", ""),
            accepted=bool(answer.get("accepted")),
            screen=self,
            counts_text="  ·  ".join(
                [plural(answer.get("use_count", 0), "use"), f"{answer.get('helpful_count', 0)} helpful"]
            ),
            insight_id=(answer.get("insight") or {}).get("id") or 0,
            insight_title=(answer.get("insight") or {}).get("title") or "",
            photos=answer.get("attachments") or [],
        )
        viewer = answer.get("viewer") or {}
        answer_id = answer["id"]
        if self.is_mine(answer):
            uses_button = self.uses_button(answer, answer_id=answer_id)
            if uses_button is not None:
                card.buttons["uses_button"] = uses_button
        else:
            found, used = viewer.get("found_helpful"), viewer.get("used")
            card.buttons["helpful_button"] = self.helpful_button(found, lambda: self.toggle_answer_helpful(answer_id))
            card.buttons["use_button"] = action_button(
                "Undo use" if used else "I used this",
                (lambda: self.undo_answer_use(answer_id)) if used else (lambda: self.open_use_dialog(answer_id)),
                chosen=used,
            )
        if self.can_accept() and not answer.get("accepted"):
            card.buttons["accept_button"] = action_button("Accept", lambda: self.accept(answer_id))
        self.ids.care.decorate_answer(card, answer)  # freshness and moderation: mobile/ui/post_care.py
        for button in card.buttons.values():
            card.ids.actions.add_widget(button)
        return card

    # Actions (each through the outbox)

    def _act(
        self,
        *,
        method: str = "POST",
        path: str,
        body=None,
        kind: str,
        label: str,
        target_id: int = 0,
        uploads: list[dict] | None = None,
    ) -> None:
        self.notice = ""
        item = self.queue(method=method, path=path, body=body, kind=kind, label=label, uploads=uploads)
        self._pending[item.id] = PendingAction(post_id=self.post_id, kind=kind, target_id=target_id)

    def _short_title(self) -> str:
        title = self.post.get("title", "")
        return title if len(title) <= 60 else title[:57] + "…"

    def _may_vote(self, found: bool) -> bool:
        # Taking a vote back needs no level; casting one does (the server would refuse it).
        reason = "" if found else self.missing_privilege(Privilege.VOTE_HELPFUL)
        self.notice = reason and f"{reason} (Tap to close.)"
        return not reason

    def toggle_helpful(self) -> None:
        found = (self.post.get("viewer") or {}).get("found_helpful")
        if not self._may_vote(found):
            return
        self._act(
            method="DELETE" if found else "POST",
            path=f"/posts/{self.post_id}/helpful",
            kind="helpful",
            label=f"{'Not helpful after all' if found else 'Helpful'}: {self._short_title()}",
        )
        self.post = with_viewer_change(self.post, "found_helpful", not found, "helpful_count")

    def toggle_answer_helpful(self, answer_id: int) -> None:
        answer = self._answer(answer_id)
        found = (answer.get("viewer") or {}).get("found_helpful")
        if not self._may_vote(found):
            return
        self._act(
            method="DELETE" if found else "POST",
            path=f"/answers/{answer_id}/helpful",
            kind="helpful",
            label=f"{'Not helpful after all' if found else 'Helpful'}: an answer on {self._short_title()}",
        )
        self._replace_answer(with_viewer_change(answer, "found_helpful", not found, "helpful_count"))

    def open_use_dialog(self, answer_id: int | None = None) -> None:
        """The "I used this" form, for the insight or for one answer."""
        if answer_id is None:
            heading = f"You used {bold(self.post.get('title', ''))}"
        else:
            author = (self._answer(answer_id).get("author") or {}).get("display_name", "")
            heading = f"You used the answer by {bold(author)}"
        self.use_dialog = UseDialog(heading=heading, on_record=lambda use: self.record_use(use, answer_id=answer_id))
        self.use_dialog.bind(on_dismiss=lambda *_args: setattr(self, "use_dialog", None))
        self.use_dialog.open()

    def record_use(self, use: dict, *, answer_id: int | None = None) -> None:
        if answer_id is None:
            self._act(
                path=f"/posts/{self.post_id}/uses", body=use, kind="use", label=f"I used this: {self._short_title()}"
            )
            self.post = with_viewer_change(self.post, "used", True, "use_count")
        else:
            self._act(
                path=f"/answers/{answer_id}/uses",
                body=use,
                kind="use",
                label=f"I used an answer on {self._short_title()}",
            )
            self._replace_answer(with_viewer_change(self._answer(answer_id), "used", True, "use_count"))

    def undo_use(self) -> None:
        self._act(
            method="DELETE",
            path=f"/posts/{self.post_id}/uses",
            kind="use",
            label=f"Undo “I used this”: {self._short_title()}",
        )
        self.post = with_viewer_change(self.post, "used", False, "use_count")

    def undo_answer_use(self, answer_id: int) -> None:
        self._act(
            method="DELETE",
            path=f"/answers/{answer_id}/uses",
            kind="use",
            label=f"Undo use of an answer on {self._short_title()}",
        )
        self._replace_answer(with_viewer_change(self._answer(answer_id), "used", False, "use_count"))

    def accept(self, answer_id: int) -> None:
        self._act(
            path=f"/answers/{answer_id}/accept", kind="accept", label=f"Accept an answer on {self._short_title()}"
        )
        self.answers = [{**answer, "accepted": answer["id"] == answer_id} for answer in self.answers]
        self.post = {**self.post, "status": ChallengeStatus.SOLVED.value, "accepted_answer_id": answer_id}

    def send_answer(self) -> None:
        body = self.ids.answer_body.text
        if not body.strip():
            self.ids.answer_box.error = "Write your answer first."
            return
        if len(body) > ANSWER_BODY_MAX_LENGTH:
            self.ids.answer_box.error = f"Keep it under {ANSWER_BODY_MAX_LENGTH + 1:,} characters."
            return
        self.ids.answer_box.error = ""
        photos = self.ids.answer_photos.hand_over()
        with_photos = f" ({plural(len(photos), 'photo')})" if photos else ""
        self._act(
            path=answers_path(self.post_id),
            body={"body": body},
            kind="answer",
            label=f"Answer: {self._short_title()}{with_photos}",
            uploads=photos,
        )
        self.ids.answer_body.text = ""
        self._build_answers()

    def propose_trade(self) -> None:
        author = self.post.get("author") or {}
        if "propose_trade" in self.manager.screen_names:
            self.navigator.open(
                "propose_trade",
                counterparty_id=author.get("id"),
                counterparty_name=author.get("display_name", ""),
                post_id=self.post_id,
            )

    def open_profile(self, user_id: int) -> None:
        if user_id and "profile" in self.manager.screen_names:
            self.navigator.open("profile", user_id=user_id)

    def open_author(self) -> None:
        self.open_profile((self.post.get("author") or {}).get("id"))

    # Helpers

    def _answer(self, answer_id: int) -> dict:
        return next((answer for answer in self.answers if answer["id"] == answer_id), {})

    def _replace_answer(self, changed: dict) -> None:
        self.answers = [changed if answer["id"] == changed.get("id") else answer for answer in self.answers]

    # The outbox's reports

    def _outbox_sent(self, _session, item, result) -> None:
        pending = self._pending.pop(item.id, None)
        ours = item.kind == "answer" and item.path == answers_path(self.post_id)
        if (
            ours
            and isinstance(result, dict)
            and result.get("id")
            and all(answer["id"] != result["id"] for answer in self.answers)
        ):
            # The server's answer takes the place of the one shown "Sending…" (gone from the
            # outbox now), once: answers are told apart by id.
            self.answers = [*self.answers, result]
        if (
            self._concerns_this_post(item) or (pending is not None and pending.post_id == self.post_id)
        ) and not self._waiting_for(self.post_id):
            # Counts and states from the server replace the guesses made when acting (also for
            # what was queued before a restart: a read that crossed its delivery is stale).
            self.reload()

    def _outbox_rejected(self, _session, item, error) -> None:
        pending = self._pending.pop(item.id, None)
        if pending is None or pending.post_id != self.post_id:
            return
        self.notice = f"Not done — {item.label}. {plain_message(error)} (Tap to close.)"
        if pending.kind == "ask":
            self.asking_ids = [user_id for user_id in self.asking_ids if user_id != pending.target_id]
        elif pending.kind == "link":
            self.linking_ids = [post_id for post_id in self.linking_ids if post_id != pending.target_id]
        if not self._waiting_for(self.post_id):
            self.reload()

    def _waiting_for(self, post_id: int) -> bool:
        return any(pending.post_id == post_id for pending in self._pending.values()) or (
            post_id == self.post_id
            and any(item.state == PENDING and self._concerns_this_post(item) for item in self.session.outbox_items())
        )

    def _concerns_this_post(self, item) -> bool:
        """Whether an outbox item acts on the post shown or on one of its answers."""
        if item.path == f"/posts/{self.post_id}" or item.path.startswith(f"/posts/{self.post_id}/"):
            return True
        return any(item.path.startswith(f"/answers/{answer['id']}/") for answer in self.answers)

    def dismiss_notice(self) -> None:
        self.notice = ""

    # Freshness and moderation (the marks and actions themselves: mobile/ui/post_care.py)

    def _post_gone(self, post_id: int, error) -> None:
        """A post that answers 404 now (hidden by an admin, deleted, audience narrowed) must not
        stay on screen from an earlier load: only the error remains."""
        if post_id == self.post_id and getattr(error, "status", None) == 404:
            self.post = {}
            self.answers = []

    def queue_action(self, *, method: str = "POST", path: str, body=None, kind: str, label: str):
        """Queue an action on this post through the outbox, like the screen's own: the post
        reloads once it is delivered, and a refusal shows in the notice bar."""
        self.notice = ""
        item = self.queue(method=method, path=path, body=body, kind=kind, label=label)
        self._pending[item.id] = PendingAction(post_id=self.post_id, kind=kind)
        return item


def helpful_text(found: bool) -> str:
    return "Voted helpful" if found else "Helpful"


def action_button(text: str, action, *, chosen: bool = False) -> QuidButton:
    """A button of an action row; `chosen` (already done) draws it quieter."""
    button = QuidButton(text=text, role="secondary" if chosen else "primary")
    button.bind(on_release=lambda *_args: action())
    return button


def with_viewer_change(thing: dict, flag: str, value: bool, count: str) -> dict:
    """A post or answer as it will be once the queued action lands: flag set, count moved."""
    viewer = dict(thing.get("viewer") or {})
    if bool(viewer.get(flag)) == value:
        return thing
    viewer[flag] = value
    return {**thing, "viewer": viewer, count: max(0, thing.get(count, 0) + (1 if value else -1))}


SCREEN = PostDetailScreen
