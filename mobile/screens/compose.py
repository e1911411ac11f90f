"""Compose: post a challenge or an insight in under 30 seconds, online or not.

"Post" only puts the post in the outbox, so it works in a basement car park; the post
opens (or a "Posted · View" bar shows) once the outbox has delivered it, and the form starts
fresh. When the server refuses a queued post, the
shell brings the person back here (`rejected_item_id=N`) with every field as written and
the server's messages under the fields at fault, to fix and send again or discard.
"""

import re
from datetime import date, timedelta

from kivy.clock import Clock
from kivy.metrics import dp
from kivy.properties import ListProperty, NumericProperty, StringProperty

import mobile.ui.choice_chips  # noqa: F401  (registers ChoiceChips for compose.kv)
import mobile.ui.photos  # noqa: F401  (registers PhotoDraft for compose.kv)
import mobile.ui.post_links  # noqa: F401  (registers PostLinks for compose.kv)
from mobile.api.errors import flatten_errors
from mobile.outbox.store import REJECTED
from mobile.screens.base import QuidScreen
from mobile.screens.feed import TAB_OF_KIND
from mobile.ui.date_picker import DatePicker
from mobile.ui.quick_dates import PICK_A_DATE, QUICK_DAYS
from mobile.ui.text import plural, post_kind_name
from shared.enums import Audience, PostKind
from shared.limits import (
    ACCOUNT_MAX_LENGTH,
    BODY_MAX_LENGTH,
    MAX_TAGS_PER_POST,
    TAG_MAX_LENGTH,
    TAG_PATTERN,
    TITLE_MAX_LENGTH,
    TITLE_MIN_LENGTH,
)

AUDIENCE_TEXT = {
    Audience.FIRM.value: "Whole firm",
    Audience.DIVISION.value: "My division",
    Audience.CIRCLE.value: "My circle",
}
# Quick needed-by choices for a thumb: days from today (None clears the date).
NEEDED_BY_CHOICES = {**QUICK_DAYS, "None": None}
# The post's fields, each shown in the FieldBox `<field>_box` of compose.kv.
FORM_FIELDS = ("title", "body", "tags", "account", "audience", "needed_by")
# The server's names for what the photos box shows: a photo's upload (`photo`), the post's
# `attachment_ids`, and a photo the outbox no longer found on the phone (`photos`).
PHOTO_FIELDS = ("photo", "attachment_ids", "photos")
REJECTED_EXPLANATION = "The server could not accept this post; fix it and send again."
TAG_SUGGESTION_COUNT = 6
SUGGESTION_DELAY_SECONDS = 0.3
# Related posts are looked up once typing pauses this long, and only with enough words to go on.
RELATED_DELAY_SECONDS = 0.6
RELATED_MIN_WORDS = 3
RELATED_BODY_CHARACTERS = 2000  # the server reads no more of a draft's body
RELATED_HEADINGS = {
    PostKind.CHALLENGE.value: "This may already answer you",
    PostKind.INSIGHT.value: "Challenges this may answer",
}
WORD = re.compile(r"\w{2,}")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TAG_SEPARATORS = re.compile(r"[,\s]+")


def split_tags(text: str) -> list[str]:
    """'Pricing, #roi poc' → ['pricing', 'roi', 'poc'] (lower-cased, each once, in order)."""
    names = (name.strip().lstrip("#").lower() for name in TAG_SEPARATORS.split(text))
    return list(dict.fromkeys(name for name in names if name))


def check_post(
    *,
    kind: str,
    title: str,
    body: str,
    tags_text: str,
    account: str,
    audience: str,
    needed_by_text: str,
    today: date | None = None,
) -> tuple[dict, dict[str, str]]:
    """The POST /posts body for what the form holds, and a message per field it would refuse.

    The same limits as server/posts/schemas.py (from shared.limits), checked before the
    post waits in the outbox, so that most mistakes are fixed while the person still
    holds the phone.
    """
    errors = {}
    title = title.strip()
    if len(title) < TITLE_MIN_LENGTH:
        errors["title"] = f"Give it a title of at least {TITLE_MIN_LENGTH} characters."
    elif len(title) > TITLE_MAX_LENGTH:
        errors["title"] = f"Keep the title under {TITLE_MAX_LENGTH + 1} characters (now {len(title)})."
    if not body.strip():
        errors["body"] = "Write a few words about it."
    elif len(body) > BODY_MAX_LENGTH:
        errors["body"] = f"Keep it under {BODY_MAX_LENGTH + 1:,} characters (now {len(body):,})."
    tags = split_tags(tags_text)
    malformed = [tag for tag in tags if not re.match(TAG_PATTERN, tag)]
    if malformed:
        errors["tags"] = f"Tags are 1–{TAG_MAX_LENGTH} characters of a–z, 0–9 and '-': {', '.join(malformed)}."
    elif len(tags) > MAX_TAGS_PER_POST:
        errors["tags"] = f"Up to {MAX_TAGS_PER_POST} tags (now {len(tags)})."
    account = account.strip()
    if len(account) > ACCOUNT_MAX_LENGTH:
        errors["account"] = f"Keep the account name under {ACCOUNT_MAX_LENGTH + 1} characters."
    if audience not in AUDIENCE_TEXT:
        errors["audience"] = "Choose who can see it."
    post = {"kind": kind, "title": title, "body": body, "tags": tags, "audience": audience}
    if account:
        post["account"] = account
    needed_by_text = needed_by_text.strip()
    if kind == PostKind.CHALLENGE.value and needed_by_text:
        needed_by = parse_date(needed_by_text)
        if needed_by is None:
            errors["needed_by"] = "Use a date like 2026-05-31, or choose one below."
        elif needed_by < (today or date.today()):
            errors["needed_by"] = "The needed-by date is in the past."
        else:
            post["needed_by"] = needed_by.isoformat()
    return post, errors


def parse_date(text: str) -> date | None:
    """A YYYY-MM-DD date, or None when the text is not one."""
    if not ISO_DATE.match(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def related_query(*, kind: str, title: str, body: str) -> dict | None:
    """GET /posts/related's query for a draft, or None while it has too few words to match on."""
    if len(WORD.findall(f"{title} {body}")) < RELATED_MIN_WORDS:
        return None
    return {"kind": kind, "title": title.strip(), "body": body[:RELATED_BODY_CHARACTERS]}


def post_label(post: dict, photos: int = 0) -> str:
    """How the outbox lists a post: 'Insight: Umbrella legal accepts a 2x cap (2 photos)'."""
    with_photos = f" ({plural(photos, 'photo')})" if photos else ""
    return f"{post_kind_name(post.get('kind'))}: {post.get('title', '')}{with_photos}"


def fields_at_fault(errors: dict) -> tuple[dict[str, str], list[str]]:
    """The server's error JSON `errors` as {form field: message}, and messages for no field."""
    by_field, other = {}, []
    for name, message in flatten_errors(errors or {}).items():
        # Nested names such as 'tags.2' belong to the field before the dot.
        field = name.split(".")[0]
        field = "photos" if field in PHOTO_FIELDS else field
        if field in FORM_FIELDS or field == "photos":
            by_field[field] = "; ".join(filter(None, [by_field.get(field), message]))
        else:
            other.append(message)
    return by_field, other


class ComposeScreen(QuidScreen):
    """The form for a new post, and for fixing one the server refused."""

    kind = StringProperty(PostKind.INSIGHT.value)
    # The outbox item being fixed; 0 while composing a new post.
    rejected_item_id = NumericProperty(0)
    rejection_text = StringProperty("")
    # The tag fragment the shown suggestions answer (they lag the typing by a request).
    suggested_for = StringProperty("")
    # Posts like the draft: for a challenge, what may already answer it; for an insight, the
    # open challenges it may answer. `related_for` is the query they answer.
    related = ListProperty([])
    related_for = StringProperty("")

    # refresh() keeps what the person was typing; returning to a refused post shows it again.
    refresh_on_return = True

    def __init__(self, **kwargs):
        super().__init__(name="compose", title="New post", **kwargs)
        self._draft = None  # the person's own unfinished post, kept while fixing a refused one
        self._suggestion_generation = 0
        self._suggest_later = Clock.create_trigger(lambda _elapsed: self.suggest_tags(), SUGGESTION_DELAY_SECONDS)
        self.ids.audience.values = list(AUDIENCE_TEXT.values())
        self.ids.needed_by_choices.choices = [*NEEDED_BY_CHOICES, PICK_A_DATE]
        self.ids.tags.bind(text=lambda *_args: self._suggest_later())
        self._related_generation = 0
        self._related_later = Clock.create_trigger(lambda _elapsed: self.find_related(), RELATED_DELAY_SECONDS)
        # Looked up after a pause, off the UI thread: typing never waits for it.
        self.ids.title.bind(text=lambda *_args: self._related_later())
        self.ids.body.bind(text=lambda *_args: self._related_later())
        # ids hold weak references; the needed-by box leaves the tree for insights.
        self._needed_by_box = self.ids.needed_by_box.__self__
        for field in FORM_FIELDS:
            self._clear_error_when_changed(field)
        self._show_needed_by()

    # Entering

    def refresh(self) -> None:
        item_id = self.parameters.get("rejected_item_id")
        item = self.session.outbox.get(item_id) if item_id else None
        if item is not None and item.user_id != self.session.tokens.user_id:
            item = None  # another person's, from before a sign-out on this phone
        if item is not None and item.state == REJECTED and item.kind == "post":
            if item.id != self.rejected_item_id:
                self._show_rejected(item)
        elif self.rejected_item_id:
            self._leave_rejected()
        elif item_id:
            self.error = "That post has already been sent or discarded."
        # Once the screen shows (the navigator switches after this returns).
        self._suggest_later()

    def _show_rejected(self, item) -> None:
        if not self.rejected_item_id:
            self._draft = {**self.form_values(), "photos": list(self.ids.photo_draft.chosen)}
        self.rejected_item_id = item.id
        self.title = "Fix post"
        self.fill(item.body or {})
        self.ids.photo_draft.chosen = [
            {"path": upload["path"], "content_type": upload["content_type"]} for upload in item.uploads or []
        ]
        error = item.error or {}
        by_field, other = fields_at_fault(error.get("errors", {}))
        self.show_errors(by_field)
        # A refusal that names no field (an unknown tag, say) is shown whole.
        reasons = other or ([] if by_field else [error.get("message") or ""])
        self.rejection_text = " ".join(filter(None, [REJECTED_EXPLANATION, *reasons]))
        self.reveal_first_error()

    def _leave_rejected(self) -> None:
        self.rejected_item_id = 0
        self.rejection_text = ""
        self.title = "New post"
        self.fill(self._draft or {})
        # The person's own draft photos come back with their draft.
        self.ids.photo_draft.chosen = (self._draft or {}).get("photos", [])
        self._draft = None
        self.show_errors({})

    # The form

    def form_values(self) -> dict:
        """What the form holds, as check_post's arguments."""
        audience_by_text = {text: value for value, text in AUDIENCE_TEXT.items()}
        return {
            "kind": self.kind,
            "title": self.ids.title.text,
            "body": self.ids.body.text,
            "tags_text": self.ids.tags.text,
            "account": self.ids.account.text,
            "audience": audience_by_text.get(self.ids.audience.text, ""),
            "needed_by_text": self.ids.needed_by.text,
        }

    def fill(self, post: dict) -> None:
        """Put a post (an API body, or form_values() kept earlier) into the form; {} clears it."""
        self.kind = post.get("kind") or PostKind.INSIGHT.value
        self.ids.title.text = post.get("title") or ""
        self.ids.body.text = post.get("body") or ""
        tags = post.get("tags")
        self.ids.tags.text = ", ".join(tags) if isinstance(tags, list) else post.get("tags_text") or ""
        self.ids.account.text = post.get("account") or ""
        audience = post.get("audience") or Audience.FIRM.value
        self.ids.audience.text = AUDIENCE_TEXT.get(audience, AUDIENCE_TEXT[Audience.FIRM.value])
        self.ids.needed_by.text = post.get("needed_by") or post.get("needed_by_text") or ""
        self.ids.needed_by_choices.selected = ""
        self.related, self.related_for = [], ""
        self.error = ""

    def choose_kind(self, kind: str) -> None:
        self.kind = kind

    def on_kind(self, _screen, _kind) -> None:
        self._show_needed_by()
        self.related = []  # what answers a challenge is not what an insight answers
        self._related_later()

    def _show_needed_by(self) -> None:
        # Only challenges have a needed-by date: the field leaves the form for insights
        # (a hidden but present field would still catch touches).
        box, form = self._needed_by_box, self.ids.form
        wanted = self.kind == PostKind.CHALLENGE.value
        if wanted and box.parent is None:
            # Back in its place above the account (children run bottom to top).
            form.add_widget(box, index=form.children.index(self.ids.account_box) + 1)
        elif not wanted and box.parent is not None:
            form.remove_widget(box)

    def choose_needed_by(self, choice: str) -> None:
        """A quick choice ('In a week') written into the date field as YYYY-MM-DD; the last
        chip opens the date picker."""
        if choice == PICK_A_DATE:
            picker = DatePicker(
                heading="Needed by", chosen=parse_date(self.ids.needed_by.text.strip()), on_pick=self.pick_needed_by
            )
            picker.open()
            return
        days = NEEDED_BY_CHOICES.get(choice)
        self.ids.needed_by.text = "" if days is None else (date.today() + timedelta(days=days)).isoformat()
        self.ids.needed_by_choices.selected = choice

    def pick_needed_by(self, day: date) -> None:
        """A day from the date picker, written into the date field."""
        self.ids.needed_by.text = day.isoformat()
        self.ids.needed_by_choices.selected = PICK_A_DATE

    def show_errors(self, errors: dict[str, str]) -> None:
        """Each message under its field; fields without one are cleared."""
        for field in FORM_FIELDS:
            self.ids[f"{field}_box"].error = errors.get(field, "")
        self.ids.photo_draft.error = errors.get("photos", "")

    def reveal_first_error(self) -> None:
        """Scroll the first field with a message into view (after the form has laid out)."""

        def reveal(_elapsed):
            boxes = [self.ids[f"{field}_box"] for field in FORM_FIELDS]
            at_fault = next((box for box in boxes if box.error and box.parent is not None), None)
            scroller = self.ids.scroller
            # Kivy's scroll_to misplaces content shorter than the view (nothing to scroll then).
            if at_fault is not None and self.ids.form.height > scroller.height:
                scroller.scroll_to(at_fault, padding=dp(24), animate=False)

        Clock.schedule_once(reveal, 0.05)

    def _clear_error_when_changed(self, field: str) -> None:
        # A message stops being true once the person changes what it was about.
        widget = self.ids[field]
        box = self.ids[f"{field}_box"]
        widget.bind(text=lambda *_args: setattr(box, "error", ""))

    # Tag suggestions (best effort: offline there are simply none)

    def suggest_tags(self) -> None:
        """Ask GET /tags for tags starting with the one being typed (most used when none)."""
        if not self.session.signed_in or self.manager is None or self.manager.current != self.name:
            return  # typed into a form no one is looking at (filled in, or the app closed)
        fragment, chosen = self._tag_fragment()
        if fragment and not re.match(TAG_PATTERN, fragment):
            self.ids.tag_suggestions.choices = []
            self.suggested_for = fragment
            return
        self._suggestion_generation += 1
        generation = self._suggestion_generation

        def arrived(page):
            if generation == self._suggestion_generation:
                names = [
                    tag["name"]
                    for tag in page.get("items", [])
                    if tag["name"] not in chosen and tag["name"] != fragment
                ]
                self.ids.tag_suggestions.choices = names[:TAG_SUGGESTION_COUNT]
                self.suggested_for = fragment

        self.session.api.request(
            "GET", "/tags", query={"q": fragment, "limit": TAG_SUGGESTION_COUNT + 5}, on_success=arrived
        )

    def _tag_fragment(self) -> tuple[str, list[str]]:
        """The tag being typed (after the last separator) and the tags before it."""
        text = self.ids.tags.text
        parts = TAG_SEPARATORS.split(text)
        fragment = parts[-1].strip().lstrip("#").lower() if parts else ""
        return fragment, split_tags(" ".join(parts[:-1]))

    def choose_tag(self, name: str) -> None:
        """A tapped suggestion replaces the tag being typed; the cursor waits for the next."""
        _fragment, chosen = self._tag_fragment()
        self.ids.tags.text = ", ".join([*chosen, name]) + ", "

    # Related posts (best effort, like the tag suggestions)

    def find_related(self) -> None:
        """Ask GET /posts/related for posts like the draft (nothing with too few words)."""
        if not self.session.signed_in or self.manager is None or self.manager.current != self.name:
            return
        query = related_query(kind=self.kind, title=self.ids.title.text, body=self.ids.body.text)
        self._related_generation += 1
        generation = self._related_generation
        if query is None:
            self.related, self.related_for = [], ""
            return

        def arrived(page):
            if generation == self._related_generation:
                self.related = page.get("items", [])
                self.related_for = query["title"] + " " + query["body"]

        self.session.api.request("GET", "/posts/related", query=query, on_success=arrived)

    def related_heading(self, kind: str, related: list) -> str:
        return RELATED_HEADINGS.get(kind, "") if related else ""

    def open_related(self, post_id: int) -> None:
        """Read a related post; the draft stays as typed for when the person comes back."""
        self.navigator.open("post", post_id=post_id)

    # Sending

    def submit(self) -> None:
        """Check the form, then queue it (or send the fixed post again) and leave."""
        post, errors = check_post(**self.form_values())
        self.show_errors(errors)
        if errors:
            self.error = "Please fix what is marked above."
            self.reveal_first_error()
            return
        self.error = ""
        photos = self.ids.photo_draft.hand_over()
        label = post_label(post, len(photos))
        if self.rejected_item_id:
            self.session.resubmit(self.rejected_item_id, body=post, label=label, uploads=photos)
            self._finish_rejected()
            return
        # The photos go first, then the post naming them (mobile/outbox/sender.py).
        self.queue(method="POST", path="/posts", body=post, kind="post", label=label, uploads=photos)
        # The next post starts fresh, at the top: an insight for the whole firm, the most common.
        # The new one opens (or shows "Posted · View") once delivered: mobile/ui/posted_notice.py.
        self.fill({})
        self.show_errors({})
        self.ids.scroller.scroll_y = 1
        # Meanwhile the feed opens on the tab where the post shows, "Sending…" until the server has it.
        self.navigator.switch("feed", tab=TAB_OF_KIND.get(post["kind"]))

    def clear(self) -> None:
        """Start the post over (its photos too)."""
        self.fill({"kind": self.kind})
        self.ids.photo_draft.clear()
        self.show_errors({})

    def discard(self) -> None:
        """Give up on the refused post (it leaves the outbox, with its photos)."""
        if self.rejected_item_id:
            self.ids.photo_draft.chosen = []
            self.session.discard(self.rejected_item_id)
            self._finish_rejected()

    def _finish_rejected(self) -> None:
        # Back to what the person was doing when the refusal brought them here.
        self._leave_rejected()
        if not self.navigator.back():
            self.navigator.switch("feed")


SCREEN = ComposeScreen
