"""Photos in the app: choosing them for a post or an answer, and showing a post's photos.

- `PhotoDraft`: the photos chosen for a form ("Add photo", a thumbnail of each with Remove).
  On Android "Add photo" offers the camera and the gallery (plyer); on a desktop, a file
  chooser. A chosen file is copied into private storage at once (mobile/storage/photos.py),
  so the outbox can send it later, after a restart too.
- `PhotoStrip`: the thumbnails of a post's or answer's photos, fetched through the API
  client off the UI thread (they need the bearer token); a tap opens `PhotoViewer` with the
  full photo.
"""

import io
import os
import tempfile
from collections import OrderedDict
from pathlib import Path

from kivy.clock import mainthread
from kivy.core.image import Image as CoreImage
from kivy.lang import Builder
from kivy.properties import BooleanProperty, ListProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.image import Image
from kivy.uix.modalview import ModalView
from kivy.utils import platform

from mobile.api.client import API_PREFIX
from mobile.api.errors import plain_message
from mobile.storage.photos import PhotoRefused
from shared.limits import ATTACHMENT_EXTENSIONS, MAX_ATTACHMENTS
from shared.wording import plural

# Thumbnails and photos already fetched, by URL: a list rebuilt on every reload must not
# fetch them again. Photos never change under an id, so nothing here goes stale.
KEPT_TEXTURES = 64
_textures: OrderedDict = OrderedDict()


def api_path(url: str) -> str:
    """The API client's path for a URL the API gave ('/api/v1/attachments/5' → '/attachments/5')."""
    return url[len(API_PREFIX) :] if url.startswith(API_PREFIX) else url


def load_texture(session, url: str, on_texture, on_error=lambda message: None) -> None:
    """Fetch an image through the API client (off the UI thread) and hand its texture to
    `on_texture` on the UI thread; a kept texture at once."""
    if url in _textures:
        _textures.move_to_end(url)
        on_texture(_textures[url])
        return

    def arrived(data):
        try:
            texture = CoreImage(io.BytesIO(data), ext="png" if data.startswith(b"\x89PNG") else "jpg").texture
        except Exception:  # noqa: BLE001  (a garbled image is a failed load, not a crash)
            on_error("This photo could not be shown.")
            return
        _textures[url] = texture
        while len(_textures) > KEPT_TEXTURES:
            _textures.popitem(last=False)
        on_texture(texture)

    session.api.request(
        "GET", api_path(url), as_bytes=True, on_success=arrived, on_error=lambda error: on_error(plain_message(error))
    )


class PhotoThumb(ButtonBehavior, Image):
    """A thumbnail that opens its photo; `loaded` once its texture is in."""

    url = StringProperty("")
    loaded = BooleanProperty(False)


class PhotoStrip(BoxLayout):
    """The thumbnails of `photos` (the API's attachment objects), in order."""

    photos = ListProperty([])
    session = ObjectProperty(None, allownone=True)
    viewer = ObjectProperty(None, allownone=True)  # the open PhotoViewer, if any

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.thumbs: list[PhotoThumb] = []

    def on_session(self, *_args) -> None:
        if self.photos:
            self.on_photos()

    def on_photos(self, *_args) -> None:
        self.clear_widgets()
        self.thumbs = []
        for photo in self.photos:
            thumb = PhotoThumb(url=photo.get("thumbnail_url", ""))
            thumb.bind(on_release=lambda _thumb, photo=photo: self.open(photo))
            self.add_widget(thumb)
            self.thumbs.append(thumb)
            if self.session is not None:
                load_texture(self.session, thumb.url, lambda texture, thumb=thumb: self._show(thumb, texture))

    @staticmethod
    def _show(thumb: PhotoThumb, texture) -> None:
        thumb.texture = texture
        thumb.loaded = True

    def open(self, photo: dict) -> None:
        """The full photo over the screen; a tap closes it."""
        self.viewer = PhotoViewer(session=self.session, url=photo.get("url", ""))
        self.viewer.bind(on_dismiss=lambda *_args: setattr(self, "viewer", None))
        self.viewer.open()


class PhotoViewer(ModalView):
    """One photo, as large as the window allows."""

    session = ObjectProperty(None)
    url = StringProperty("")
    loaded = BooleanProperty(False)
    message = StringProperty("Loading the photo…")

    def on_open(self) -> None:
        load_texture(self.session, self.url, self._show, on_error=self._failed)

    def _show(self, texture) -> None:
        self.ids.image.texture = texture
        self.loaded = True
        self.message = ""

    def _failed(self, message: str) -> None:
        self.message = message


class DraftThumb(BoxLayout):
    """A chosen photo in a form, with its Remove button."""

    source = StringProperty("")
    index = NumericProperty(0)
    draft = ObjectProperty(None, rebind=True)


class PhotoDraft(BoxLayout):
    """The photos chosen for a post or an answer: `chosen` holds {"path", "content_type"} of
    copies in the session's private storage (paths relative to it), in order."""

    session = ObjectProperty(None, allownone=True)
    chosen = ListProperty([])
    error = StringProperty("")
    chooser = ObjectProperty(None, allownone=True)  # the desktop file chooser while open
    full = BooleanProperty(False)
    summary = StringProperty("")

    def on_chosen(self, *_args) -> None:
        self.full = len(self.chosen) >= MAX_ATTACHMENTS
        self.summary = (
            f"{plural(len(self.chosen), 'photo')} of up to {MAX_ATTACHMENTS}"
            if self.chosen
            else f"Up to {MAX_ATTACHMENTS} photos from the camera or the gallery"
        )
        box = self.ids.thumbs
        box.clear_widgets()
        for index, photo in enumerate(self.chosen):
            box.add_widget(DraftThumb(source=str(self.session.photos.path(photo["path"])), index=index, draft=self))

    def add_photo(self) -> None:
        """Choose a photo: camera or gallery on a phone, a file chooser on a desktop."""
        self.error = ""
        if self.full:
            self.error = f"Up to {MAX_ATTACHMENTS} photos."
            return
        if platform == "android":
            choose_on_android(self.take)
        else:
            self.chooser = PhotoChooser(on_chosen=self.take)
            self.chooser.bind(on_dismiss=lambda *_args: setattr(self, "chooser", None))
            self.chooser.open()

    @mainthread
    def take(self, path: str | None) -> None:
        """Keep a chosen file (a copy in private storage), or say why it cannot be sent."""
        if not path or self.full:
            return
        try:
            self.chosen = [*self.chosen, self.session.photos.keep(path)]
            self.error = ""
        except PhotoRefused as refusal:
            self.error = str(refusal)

    def remove(self, index: int) -> None:
        """Take a photo out of the form (its copy is deleted: nothing else refers to it)."""
        if 0 <= index < len(self.chosen):
            removed = self.chosen[index]
            self.chosen = [photo for number, photo in enumerate(self.chosen) if number != index]
            self.forget_if_unqueued([removed])

    def clear(self) -> None:
        """Empty the form's photos, deleting the copies no queued item refers to."""
        removed, self.chosen = list(self.chosen), []
        self.error = ""
        self.forget_if_unqueued(removed)

    def hand_over(self) -> list[dict]:
        """The photos for the outbox item being queued; the form lets go of them (the
        outbox deletes the copies once the server has them)."""
        photos, self.chosen = list(self.chosen), []
        return photos

    def forget_if_unqueued(self, photos: list[dict]) -> None:
        in_use = self.session.outbox.photo_paths()
        self.session.photos.forget(photo["path"] for photo in photos if photo["path"] not in in_use)


class PhotoChooser(ModalView):
    """A desktop's file chooser, showing folders and the photo types taken."""

    filters = ListProperty(
        [f"*{extension}" for extension in ATTACHMENT_EXTENSIONS]
        + [f"*{extension.upper()}" for extension in ATTACHMENT_EXTENSIONS]
    )
    start_path = StringProperty(str(Path.home()))

    def __init__(self, *, on_chosen, **kwargs):
        super().__init__(**kwargs)
        self._on_chosen = on_chosen

    def attach(self) -> None:
        selection = self.ids.files.selection
        if selection:
            self.dismiss()
            self._on_chosen(selection[0])


def choose_on_android(on_chosen) -> None:
    """The camera or the gallery, through plyer (Android's own camera and document picker).
    A small dialog asks which; the chosen file's path goes to `on_chosen` (None if cancelled)."""
    CameraOrGallery(on_chosen=on_chosen).open()


class CameraOrGallery(ModalView):
    """On a phone: take a photo now, or choose one from the gallery."""

    def __init__(self, *, on_chosen, **kwargs):
        super().__init__(**kwargs)
        self._on_chosen = on_chosen

    def camera(self) -> None:
        from plyer import camera  # Android only: not needed, nor present, on a desktop

        self.dismiss()
        target = os.path.join(tempfile.gettempdir(), f"quid-camera-{os.getpid()}.jpg")
        camera.take_picture(filename=target, on_complete=lambda path: self._on_chosen(path or None))

    def gallery(self) -> None:
        from plyer import filechooser

        self.dismiss()
        filechooser.open_file(
            filters=[["Photos", *(f"*{extension}" for extension in ATTACHMENT_EXTENSIONS)]],
            on_selection=lambda selection: self._on_chosen(selection[0] if selection else None),
        )


Builder.load_file(str(Path(__file__).with_suffix(".kv")))
