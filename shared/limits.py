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

LEG_DESCRIPTION_MIN_LENGTH = 3
LEG_DESCRIPTION_MAX_LENGTH = 500
DELIVERY_NOTE_MAX_LENGTH = 2_000
TRADE_MESSAGE_MAX_LENGTH = 1_000
MAX_HOURS_SAVED = 1_000

# The largest id a client may name: ids are PostgreSQL `integer` columns (SQLite's reach
# further). A larger number cannot name anything and is refused as such, never passed to the
# database, which would fail on it.
ID_MAX = 2**31 - 1

PAGE_DEFAULT_LIMIT = 20
PAGE_MAX_LIMIT = 100
SEARCH_QUERY_MAX_LENGTH = 200

# A request body larger than this is refused before it is parsed.
MAX_REQUEST_BYTES = 64 * 1024
IDEMPOTENCY_KEY_MAX_LENGTH = 255
