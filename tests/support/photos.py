"""Photos as phones make them, and as attackers do: real image files built with Pillow.

jpeg_from_the_field()   # a JPEG whose EXIF says where it was taken, by which phone
exif_of(data)           # what EXIF a file still carries ({} for none)
"""

import io

from PIL import Image, ImageDraw

# Where the photo was taken (the customer's site), as a phone writes it into EXIF.
LATITUDE = (52.0, 22.0, 30.12)
LONGITUDE = (4.0, 53.0, 15.34)
CAMERA_MAKE = "QuidPhone Labs"
CAMERA_MODEL = "FieldCam 7"
GPS_IFD = 0x8825
MAKE, MODEL, ORIENTATION, DATETIME_ORIGINAL = 0x010F, 0x0110, 0x0112, 0x9003
EXIF_IFD = 0x8769


def drawing(width: int, height: int) -> Image.Image:
    """A picture whose left half is red and right half blue, so that turning it shows."""
    image = Image.new("RGB", (width, height), (200, 30, 30))
    ImageDraw.Draw(image).rectangle([width // 2, 0, width, height], fill=(30, 30, 200))
    return image


def jpeg_from_the_field(width: int = 1600, height: int = 1200, *, orientation: int | None = None) -> bytes:
    """A JPEG with the EXIF a phone writes: camera, time, and the GPS position."""
    exif = Image.Exif()
    exif[MAKE] = CAMERA_MAKE
    exif[MODEL] = CAMERA_MODEL
    if orientation:
        exif[ORIENTATION] = orientation
    exif.get_ifd(EXIF_IFD)[DATETIME_ORIGINAL] = "2026:03:14 09:26:53"
    gps = exif.get_ifd(GPS_IFD)
    gps.update({1: "N", 2: LATITUDE, 3: "E", 4: LONGITUDE})
    buffer = io.BytesIO()
    drawing(width, height).save(buffer, "JPEG", exif=exif, quality=90)
    data = buffer.getvalue()
    assert exif_of(data)[GPS_IFD], "the test photo must carry a location"
    return data


def image_bytes(format: str, width: int = 64, height: int = 48, mode: str = "RGB") -> bytes:
    """A plain image file of `format` (PNG, WEBP, GIF, BMP, TIFF, JPEG)."""
    buffer = io.BytesIO()
    image = drawing(width, height).convert(mode)
    image.save(buffer, format)
    return buffer.getvalue()


def huge_png(width: int = 20_000, height: int = 20_000) -> bytes:
    """A small file that claims many pixels: one bit each, all zero, compressed to little."""
    buffer = io.BytesIO()
    Image.new("1", (width, height)).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def exif_of(data: bytes) -> dict:
    """The EXIF tags a file carries, with its GPS and Exif sub-directories ({} when none)."""
    with Image.open(io.BytesIO(data)) as image:
        exif = image.getexif()
        found = dict(exif)
        for ifd in (GPS_IFD, EXIF_IFD):
            inner = exif.get_ifd(ifd)
            if inner:
                found[ifd] = dict(inner)
        return found


def carries_metadata(data: bytes) -> list[str]:
    """What of a file's metadata is left: EXIF tags, XMP, comments, text chunks, a colour
    profile, or the camera's name anywhere in its bytes."""
    found = []
    if exif_of(data):
        found.append("EXIF")
    with Image.open(io.BytesIO(data)) as image:
        found.extend(
            f"info {key}"
            for key in image.info
            if key in ("exif", "xmp", "XML:com.adobe.xmp", "comment", "icc_profile", "parameters")
        )
    for marker in (b"Exif\x00\x00", CAMERA_MAKE.encode(), CAMERA_MODEL.encode(), b"http://ns.adobe.com/xap"):
        if marker in data:
            found.append(f"bytes {marker!r}")
    return found


def size_of(data: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(data)) as image:
        return image.size


def red_side(data: bytes) -> str:
    """Which side of the picture the red half is on: 'left' as drawn, 'top' once turned a
    quarter clockwise, and so on."""
    with Image.open(io.BytesIO(data)) as image:
        rgb = image.convert("RGB")
        width, height = rgb.size
        points = {
            "left": (width // 8, height // 2),
            "right": (width * 7 // 8, height // 2),
            "top": (width // 2, height // 8),
            "bottom": (width // 2, height * 7 // 8),
        }
        reds = [side for side, point in points.items() if rgb.getpixel(point)[0] > rgb.getpixel(point)[2]]
        assert len(reds) == 1, reds
        return reds[0]
