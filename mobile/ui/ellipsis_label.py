"""A label that ends in "…" when its text needs more than `max_lines` lines.

Kivy's `max_lines` cuts a long title off after its last whole line with no sign that more
was there, and `shorten` only works on one line. This label keeps `full_text` and shows the
longest start of it, cut at a word, that fits its lines with "…" after it. Plain text only
(markup off), so user text shows as written.
"""

from kivy.clock import Clock
from kivy.core.text import Label as CoreLabel
from kivy.properties import StringProperty
from kivy.uix.label import Label

ELLIPSIS = "…"


class EllipsisLabel(Label):
    """Set `full_text` (not `text`), a width through `text_size` and `max_lines`."""

    full_text = StringProperty("")

    def __init__(self, **kwargs):
        self._fit_later = Clock.create_trigger(lambda _elapsed: self.fit(), -1)
        self._line_height = None  # (font options, the height of one line in them)
        super().__init__(**kwargs)
        for name in ("full_text", "text_size", "width", "font_size", "max_lines", "bold", "font_name"):
            self.fbind(name, self._fit_later)
        self._fit_later()

    def fit(self) -> None:
        """Show `full_text`, or as much of it as fits `max_lines` lines with "…" after it."""
        text = self.full_text
        width = self.text_size[0] if self.text_size and self.text_size[0] else self.width
        if not self.max_lines or width <= 1 or self._lines_of(text, width) <= self.max_lines:
            self.text = text
            return
        # The longest prefix that fits: binary search over characters, then back to a word.
        low, high = 0, len(text)
        while low < high:
            middle = (low + high + 1) // 2
            if self._lines_of(text[:middle].rstrip() + ELLIPSIS, width) <= self.max_lines:
                low = middle
            else:
                high = middle - 1
        cut = text[:low]
        if " " in cut.strip() and low < len(text) and not text[low].isspace():
            cut = cut[: cut.rstrip().rfind(" ")]
        self.text = cut.rstrip(" ,;:.-–—") + ELLIPSIS

    def _lines_of(self, text: str, width: float) -> int:
        """How many lines `text` takes at `width` (less the padding) in this label's font."""
        left, _top, right, _bottom = self.padding if len(self.padding) == 4 else (*self.padding, *self.padding)
        options = {
            "font_size": self.font_size,
            "font_name": self.font_name,
            "bold": self.bold,
            "italic": self.italic,
            "halign": self.halign,
        }
        if self._line_height is None or self._line_height[0] != tuple(options.items()):
            one = CoreLabel(text="Ag", **options)
            one.refresh()
            self._line_height = (tuple(options.items()), max(one.texture.size[1], 1))
        core = CoreLabel(text=text, text_size=(max(width - left - right, 1), None), **options)
        core.refresh()
        return round(core.texture.size[1] / self._line_height[1])
