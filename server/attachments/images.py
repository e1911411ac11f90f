"""The photo pipeline: read an upload with Pillow, refuse what is not a photo we take, and
write it again from its pixels alone.

Re-encoding is what strips the metadata: the file kept is made from the decoded pixels, so
nothing of the upload's EXIF (GPS position, camera, owner, times), XMP, comments or text
chunks survives; only the EXIF orientation is applied to the pixels first, so that a photo
taken upright stays upright. A colour profile is applied too (converted to sRGB) and then
dropped, since a profile carries the device's name.

Checks run cheapest first: the header's format and dimensions before any pixel is decoded
(a small file may claim 100,000 × 100,000 pixels), then the decoding, which fails on a
damaged or cut-short file.
"""

import io
import math
import warnings
from dataclasses import dataclass

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from shared.limits import ATTACHMENT_MAX_PIXELS, ATTACHMENT_STORED_MAX_SIDE, ATTACHMENT_THUMBNAIL_SIDE, ATTACHMENT_TYPES
from shared.wording import accepted_photo_types

# Pillow's format names for the accepted types (many phones' JPEGs carry a second, smaller
# picture and open as MPO: still a JPEG).
ACCEPTED_FORMATS = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WebP"}
assert set(ACCEPTED_FORMATS.values()) == set(ATTACHMENT_TYPES.values())
ACCEPTED_NAMES = accepted_photo_types(ATTACHMENT_TYPES.values())
JPEG_QUALITY = 85
THUMBNAIL_QUALITY = 80
# Transparent pixels of a thumbnail (always a JPEG) are laid on white.
THUMBNAIL_BACKGROUND = (255, 255, 255)
SRGB = ImageCms.createProfile("sRGB")


class PhotoRefused(ValueError):
    """The upload is not a photo the server takes; the message says why, for the person."""


@dataclass(frozen=True)
class Encoded:
    """One written image: its bytes, MIME type and dimensions."""

    data: bytes
    content_type: str
    width: int
    height: int


@dataclass(frozen=True)
class Photo:
    """What is kept of an upload: the photo and its thumbnail."""

    image: Encoded
    thumbnail: Encoded


def process_photo(data: bytes) -> Photo:
    """Check and re-encode an uploaded photo; PhotoRefused says why one is not taken."""
    with warnings.catch_warnings():
        # Pillow's own guard against decompression bombs warns below twice its limit; ours
        # is lower still, but no warning may pass silently either way.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise PhotoRefused(too_many_pixels("This image has far more pixels than")) from error
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as error:
            raise PhotoRefused(
                f"This file is not an image the server can read; send a {ACCEPTED_NAMES} photo."
            ) from error
        with image:
            if image.format not in ACCEPTED_FORMATS:
                raise PhotoRefused(f"This is a {image.format} image; send a {ACCEPTED_NAMES} photo.")
            width, height = image.size
            if width < 1 or height < 1 or width * height > ATTACHMENT_MAX_PIXELS:
                raise PhotoRefused(too_many_pixels(f"This image is {width:,} × {height:,} pixels, more than"))
            if ACCEPTED_FORMATS[image.format] == "JPEG":
                # Decode at the smallest scale (1/2, 1/4, 1/8) that still covers what is kept.
                scale = min(1.0, ATTACHMENT_STORED_MAX_SIDE / max(width, height))
                image.draft("RGB", (math.ceil(width * scale), math.ceil(height * scale)))
            try:
                image.load()
                upright = ImageOps.exif_transpose(image)
            except (OSError, ValueError, SyntaxError, Image.DecompressionBombWarning) as error:
                raise PhotoRefused("This image is damaged or incomplete; send the photo again.") from error
            icc_profile = image.info.get("icc_profile")
    pixels = plain_pixels(upright, icc_profile)
    pixels.thumbnail((ATTACHMENT_STORED_MAX_SIDE, ATTACHMENT_STORED_MAX_SIDE), Image.Resampling.LANCZOS)
    kept = encode(pixels)
    small = pixels.copy()
    small.thumbnail((ATTACHMENT_THUMBNAIL_SIDE, ATTACHMENT_THUMBNAIL_SIDE), Image.Resampling.LANCZOS)
    return Photo(image=kept, thumbnail=encode(flattened(small), thumbnail=True))


def too_many_pixels(beginning: str) -> str:
    return f"{beginning} a photo may have ({ATTACHMENT_MAX_PIXELS // 1_000_000} million); send a smaller one."


def plain_pixels(image: Image.Image, icc_profile: bytes | None) -> Image.Image:
    """The image's pixels in RGB (RGBA when it has transparency) and sRGB, in a new image
    that carries no metadata at all."""
    transparent = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    mode = "RGBA" if transparent else "RGB"
    if icc_profile:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
            converted = ImageCms.profileToProfile(image.convert(mode), source, SRGB, outputMode=mode)
            image = converted if converted is not None else image
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: the pixels as they are
    # A fresh image from the pixels alone: no info dict, EXIF, XMP or profile comes along.
    converted = image.convert(mode)
    return Image.frombytes(mode, converted.size, converted.tobytes())


def flattened(image: Image.Image) -> Image.Image:
    """An RGB image, transparent parts laid on the thumbnail background."""
    if image.mode != "RGBA":
        return image
    background = Image.new("RGB", image.size, THUMBNAIL_BACKGROUND)
    background.paste(image, mask=image.getchannel("A"))
    return background


def encode(image: Image.Image, *, thumbnail: bool = False) -> Encoded:
    """A JPEG, or a PNG for an image with transparency (which JPEG cannot hold)."""
    buffer = io.BytesIO()
    if image.mode == "RGBA":
        image.save(buffer, "PNG", optimize=False)
        content_type = "image/png"
    else:
        image.save(
            buffer,
            "JPEG",
            quality=THUMBNAIL_QUALITY if thumbnail else JPEG_QUALITY,
            optimize=True,
            progressive=not thumbnail,
        )
        content_type = "image/jpeg"
    return Encoded(data=buffer.getvalue(), content_type=content_type, width=image.width, height=image.height)
