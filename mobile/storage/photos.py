"""Photos chosen for a post or an answer, kept in the app's private storage until sent.

A chosen photo is copied here at once (0600, under the data directory's `photos/`): the
outbox may send it hours later, after a restart, and the gallery's file may be gone by then
or live where the app may read it only now (Android's document provider hands a readable
file for the moment of choosing). The copy is checked against shared/limits.py first, so a
photo the server would refuse is refused while the person still holds the phone.
"""

import os
import shutil
import time
import uuid
from pathlib import Path

from mobile.storage.private_files import PRIVATE_FILE_MODE, private_directory
from shared.limits import ATTACHMENT_MAX_BYTES, ATTACHMENT_TYPES
from shared.wording import accepted_photo_types, photo_too_large

PHOTOS_DIRECTORY = "photos"
# A chosen photo no queued item refers to (a draft abandoned when the app was killed) is
# deleted at the next start once it is this old.
ABANDONED_AFTER_SECONDS = 7 * 24 * 3600
# The first bytes of each accepted type: what a file is, whatever its name says.
SIGNATURES = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)
EXTENSIONS = {"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp"}
NOT_A_PHOTO = f"Choose a {accepted_photo_types(ATTACHMENT_TYPES.values())} photo."


class PhotoRefused(ValueError):
    """The chosen file cannot be sent as a photo; the message says why."""


def sniff_type(head: bytes) -> str | None:
    """The MIME type of an accepted photo from its first bytes, or None."""
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return next((kind for signature, kind in SIGNATURES if head.startswith(signature)), None)


class PhotoShelf:
    """The private directory of chosen photos; paths given out are relative to `root`."""

    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)
        self.directory = self.root / PHOTOS_DIRECTORY

    def path(self, relative: str) -> Path:
        return self.root / relative

    def keep(self, source: str | os.PathLike) -> dict:
        """Copy a chosen file in; {"path", "content_type"} of the copy, or PhotoRefused."""
        source = Path(source)
        try:
            size = source.stat().st_size
            with open(source, "rb") as handle:
                content_type = sniff_type(handle.read(16))
        except OSError as error:
            raise PhotoRefused("That file cannot be read.") from error
        if size == 0 or content_type is None:
            raise PhotoRefused(NOT_A_PHOTO)
        if size > ATTACHMENT_MAX_BYTES:
            raise PhotoRefused(photo_too_large(size, ATTACHMENT_MAX_BYTES))
        private_directory(self.directory)
        target = self.directory / f"{uuid.uuid4().hex}{EXTENSIONS[content_type]}"
        temporary = target.with_name(f".{target.name}.tmp")
        shutil.copyfile(source, temporary)
        os.chmod(temporary, PRIVATE_FILE_MODE)
        os.replace(temporary, target)
        return {"path": str(target.relative_to(self.root)), "content_type": content_type}

    def forget(self, relatives) -> None:
        """Delete chosen photos (sent, removed from a draft, or discarded with their item)."""
        for relative in relatives:
            path = self.path(relative)
            if path.parent == self.directory:  # only ever our own files
                path.unlink(missing_ok=True)

    def forget_abandoned(self, *, in_use: set[str], now: float | None = None) -> None:
        """Delete photos nothing refers to any more and older than ABANDONED_AFTER_SECONDS."""
        if not self.directory.exists():
            return
        now = time.time() if now is None else now
        for path in self.directory.iterdir():
            relative = str(path.relative_to(self.root))
            if relative not in in_use and now - path.stat().st_mtime > ABANDONED_AFTER_SECONDS:
                path.unlink(missing_ok=True)
