"""What went wrong with a request, in words a person can act on."""

NO_CONNECTION = "Can't reach Quid right now. Check your connection; anything you send is kept and sent later."
SESSION_ENDED = "Your session has ended. Please sign in again."
SERVER_TROUBLE = "Quid had a problem on its side. Please try again in a moment."
UNEXPECTED_ANSWER = "Quid sent an answer the app did not understand. Please try again."
PHOTO_GONE = "A photo of this is no longer on the phone; remove it and send again."
# Where the server's error JSON nests field errors: the request's locations.
LOCATIONS = ("json", "query", "form", "files")
# What a gateway answers while Quid itself cannot be reached (restarting, overloaded).
UNREACHABLE_STATUSES = frozenset({502, 503, 504})


class ApiError(Exception):
    """The server answered with an error (status >= 400) in the API's one error shape."""

    def __init__(self, status: int, payload: dict | None = None):
        self.status = status
        self.payload = payload or {}
        super().__init__(self.message)

    @property
    def field_errors(self) -> dict[str, str]:
        """Per-field messages of a validation error, flattened to one line per field."""
        return flatten_errors(self.payload.get("errors") or {})

    @property
    def is_validation(self) -> bool:
        """The person can fix this by changing what they wrote."""
        return self.status in (400, 413, 422)

    @property
    def is_temporary(self) -> bool:
        """Worth retrying later without changing anything."""
        return self.status >= 500 or self.status in (408, 425, 429)

    @property
    def is_unreachable(self) -> bool:
        """A gateway answered for Quid: to the person, the same as no connection."""
        return self.status in UNREACHABLE_STATUSES

    @property
    def message(self) -> str:
        if self.status >= 500:
            return SERVER_TROUBLE
        if self.status == 401 and not self.payload.get("message"):
            return SESSION_ENDED
        # The server's messages are written for people and already name the fields at fault.
        return self.payload.get("message") or f"The request was refused ({self.status})."


class NetworkError(Exception):
    """No answer from the server: offline, refused, timed out."""

    def __init__(self, reason: str = ""):
        self.reason = reason
        super().__init__(NO_CONNECTION)

    @property
    def message(self) -> str:
        return NO_CONNECTION


class MissingFile(Exception):
    """A file the outbox was to send is no longer on the phone."""

    def __init__(self, path: str = ""):
        self.path = path
        super().__init__(PHOTO_GONE)

    @property
    def message(self) -> str:
        return PHOTO_GONE


def flatten_errors(errors, prefix: str = "") -> dict[str, str]:
    """marshmallow's nested {location: {field: [messages]}} as {field: "message; message"}."""
    flat = {}
    for key, value in errors.items():
        # webargs nests field errors under the request location (json, query).
        name = key if not prefix or prefix in LOCATIONS else f"{prefix}.{key}"
        if key in LOCATIONS and isinstance(value, dict):
            flat.update(flatten_errors(value))
        elif isinstance(value, dict):
            flat.update(flatten_errors(value, prefix=name))
        elif isinstance(value, list):
            flat[name] = "; ".join(str(item) for item in value if not isinstance(item, (dict, list)))
            for item in value:
                if isinstance(item, dict):
                    flat.update(flatten_errors(item, prefix=name))
        else:
            flat[name] = str(value)
    return flat


def unreachable(error: BaseException) -> bool:
    """Whether a request failed for want of a connection to Quid (not an answer from it)."""
    return isinstance(error, NetworkError) or (isinstance(error, ApiError) and error.is_unreachable)


def plain_message(error: BaseException) -> str:
    """What to show a person for any failure of a request."""
    if isinstance(error, (ApiError, NetworkError, MissingFile)):
        return error.message
    return UNEXPECTED_ANSWER
