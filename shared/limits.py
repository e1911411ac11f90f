"""Limits on what people write, enforced by the server and checked early by the app."""

TITLE_MIN_LENGTH = 8
TITLE_MAX_LENGTH = 150
BODY_MAX_LENGTH = 20_000
ANSWER_BODY_MAX_LENGTH = 20_000
ACCOUNT_MAX_LENGTH = 120
MAX_TAGS_PER_POST = 5
TAG_PATTERN = r"^[a-z0-9-]{1,32}$"
TAG_MAX_LENGTH = 32
MAX_EXPERTISE_TAGS = 10

DISPLAY_NAME_MIN_LENGTH = 2
DISPLAY_NAME_MAX_LENGTH = 80
JOB_TITLE_MAX_LENGTH = 120
EMAIL_MAX_LENGTH = 254
PASSWORD_MIN_LENGTH = 10
PASSWORD_MAX_LENGTH = 256
DIVISION_NAME_MAX_LENGTH = 120
# What an invitation code or a sign-in ticket may be as typed or pasted (with spaces and
# hyphens); longer input is refused before it is looked up.
INVITATION_CODE_MAX_LENGTH = 64
SIGN_IN_TICKET_MAX_LENGTH = 128

USE_NOTE_MAX_LENGTH = 2_000

# A flag's note (why the content is a problem) and an admin's note on a moderation decision.
FLAG_NOTE_MAX_LENGTH = 1_000
MODERATION_NOTE_MAX_LENGTH = 1_000

LEG_DESCRIPTION_MIN_LENGTH = 3
LEG_DESCRIPTION_MAX_LENGTH = 500
DELIVERY_NOTE_MAX_LENGTH = 2_000
TRADE_MESSAGE_MAX_LENGTH = 1_000
MAX_HOURS_SAVED = 1_000

# The largest id a client may name: ids are PostgreSQL `integer` columns (SQLite's reach
# further). A larger number cannot name anything and is refused as such, never passed to the
# database, which would fail on it.
ID_MAX = 2**31 - 1

# The first and last year a date or date-time may name. Quid's dates are deadlines and
# filters around today; a year outside these is a typing error or a probe, and near year
# 9999 a due time plus a grace period would leave the calendar.
DATE_YEARS = (2000, 2100)

PAGE_DEFAULT_LIMIT = 20
PAGE_MAX_LIMIT = 100
SEARCH_QUERY_MAX_LENGTH = 200
# How much of a draft's body the app sends to find related posts (it travels in a query string).
RELATED_TEXT_MAX_LENGTH = 2_000

# A request body larger than this is refused before it is parsed. It is derived from the
# field limits so that any body within them fits however its text is escaped: JSON may
# write every character as an escape (the app does, `\u00e9` is 6 bytes for "é"), and a
# character beyond the Basic Multilingual Plane (an emoji) as a surrogate pair,
# `\ud83d\ude00`, 12 bytes for one character the length limits count once. The most text
# one request carries is a post's; field names, punctuation and the short fields get room
# of their own.
JSON_ESCAPED_CHARACTER_MAX_BYTES = 12
REQUEST_TEXT_MAX_LENGTH = BODY_MAX_LENGTH + TITLE_MAX_LENGTH + ACCOUNT_MAX_LENGTH + MAX_TAGS_PER_POST * TAG_MAX_LENGTH
REQUEST_STRUCTURE_BYTES = 16 * 1024
MAX_REQUEST_BYTES = REQUEST_TEXT_MAX_LENGTH * JSON_ESCAPED_CHARACTER_MAX_BYTES + REQUEST_STRUCTURE_BYTES
# How deeply a JSON body may nest arrays and objects: the deepest the API takes is 2 (a
# trade's legs); a deeper body is refused before it is parsed, since Python's parser
# recurses and a few thousand brackets would exhaust its stack.
JSON_MAX_DEPTH = 16
IDEMPOTENCY_KEY_MAX_LENGTH = 255

# Photos from the field (server.attachments): up to MAX_ATTACHMENTS on a post or an answer.
# The app checks a chosen file's size and type before queueing it; the server re-encodes
# every photo (which drops its EXIF: location, camera, times) and keeps a thumbnail.
MAX_ATTACHMENTS = 4
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
# The file types taken, by MIME type, with the extensions a file chooser offers. HEIC is not
# among them: Pillow cannot read it without a plugin, and Android's photo picker hands apps
# JPEG. Whatever a client calls its file, the server trusts only what Pillow finds in it.
ATTACHMENT_TYPES = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WebP"}
ATTACHMENT_EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp")
# A photo may hold at most this many pixels (about 8,000 × 6,000): checked from its header
# before it is decoded, so that a small file claiming huge dimensions (a decompression bomb)
# never reaches memory.
ATTACHMENT_MAX_PIXELS = 50_000_000
# What is kept: the photo scaled down to this longest side (phones send far more than a
# screen shows), and a thumbnail of THUMBNAIL_SIDE.
ATTACHMENT_STORED_MAX_SIDE = 2560
ATTACHMENT_THUMBNAIL_SIDE = 320
# Photos uploaded but on no post or answer yet: at most this many per person, and deleted by
# `flask prune` after ATTACHMENT_UNPOSTED_HOURS (an outbox sends the post right after them).
ATTACHMENT_MAX_UNPOSTED = 20
ATTACHMENT_UNPOSTED_HOURS = 48
# The largest upload request: one photo and the multipart envelope around it.
ATTACHMENT_REQUEST_MAX_BYTES = ATTACHMENT_MAX_BYTES + 64 * 1024
