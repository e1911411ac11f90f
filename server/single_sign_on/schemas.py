"""Single sign-on schemas."""

import marshmallow as ma
from marshmallow import fields, validate

from server.common.fields import CleanString
from server.common.schemas import BaseSchema
from server.users.schemas import MeSchema
from shared.limits import SIGN_IN_TICKET_MAX_LENGTH


class SignInStartedSchema(BaseSchema):
    browser_url = fields.String(metadata={"description": "Open this in the system browser."})
    ticket = fields.String(metadata={"description": "Secret: poll /auth/sso/session with it."})
    confirmation_code = fields.String(
        metadata={"description": "Show it: the browser asks the person to check that the app shows the same code."}
    )
    expires_at = fields.DateTime()
    poll_seconds = fields.Integer(metadata={"description": "How often to poll."})


class CallbackQuerySchema(BaseSchema):
    """What the provider adds to its redirect; providers add more (session_state…), which is ignored."""

    class Meta:
        unknown = ma.EXCLUDE

    state = CleanString(validate=validate.Length(max=200))
    code = CleanString(validate=validate.Length(max=4096))
    error = CleanString(validate=validate.Length(max=200))
    error_description = CleanString(validate=validate.Length(max=1000))
    iss = CleanString(
        validate=validate.Length(max=1000),
        metadata={"description": "The provider's issuer (RFC 9207); checked when present."},
    )


class ConfirmFormSchema(BaseSchema):
    confirmation = CleanString(required=True, validate=validate.Length(min=1, max=SIGN_IN_TICKET_MAX_LENGTH))


class TicketSchema(BaseSchema):
    ticket = CleanString(required=True, validate=validate.Length(min=1, max=SIGN_IN_TICKET_MAX_LENGTH))


class SignInProgressSchema(BaseSchema):
    """`waiting` until the person confirms in the browser, then `signed_in` with the session (once)."""

    status = fields.String(metadata={"description": "waiting or signed_in"})
    message = fields.String()
    user = fields.Nested(MeSchema)
    access_token = fields.String()
    refresh_token = fields.String()
