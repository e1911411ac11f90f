"""Sign-up, sign-in and token schemas."""

from marshmallow import fields, validate

from server.common.fields import CleanString, TrimmedString
from server.common.schemas import BaseSchema
from server.users.schemas import MeSchema
from shared.limits import (
    DISPLAY_NAME_MAX_LENGTH,
    DISPLAY_NAME_MIN_LENGTH,
    EMAIL_MAX_LENGTH,
    INVITATION_CODE_MAX_LENGTH,
    PASSWORD_MAX_LENGTH,
    PASSWORD_MIN_LENGTH,
)


class LowerCaseEmail(CleanString, fields.Email):
    """An email address, trimmed and lower-cased so one person has one account."""

    def _deserialize(self, value, attr, data, **kwargs):
        return super()._deserialize(value.strip() if isinstance(value, str) else value, attr, data, **kwargs).lower()


def new_password():
    return CleanString(
        required=True, load_only=True, validate=validate.Length(min=PASSWORD_MIN_LENGTH, max=PASSWORD_MAX_LENGTH)
    )


def display_name():
    return TrimmedString(
        required=True, validate=validate.Length(min=DISPLAY_NAME_MIN_LENGTH, max=DISPLAY_NAME_MAX_LENGTH)
    )


class RegisterSchema(BaseSchema):
    """Joining with an admin's invitation: it says which email, division and role."""

    invitation = CleanString(
        required=True,
        validate=validate.Length(min=1, max=INVITATION_CODE_MAX_LENGTH),
        metadata={"description": "The invitation code, as mailed or given by an admin."},
    )
    password = new_password()
    display_name = display_name()


class SignUpSchema(BaseSchema):
    """Asking to join from one of the firm's email domains (when the firm allows it)."""

    email = LowerCaseEmail(required=True, validate=validate.Length(max=EMAIL_MAX_LENGTH))
    password = new_password()
    display_name = display_name()


class LoginSchema(BaseSchema):
    email = LowerCaseEmail(required=True, validate=validate.Length(max=EMAIL_MAX_LENGTH))
    password = CleanString(required=True, load_only=True, validate=validate.Length(min=1, max=PASSWORD_MAX_LENGTH))


class SignInOptionsSchema(BaseSchema):
    """How people can sign in and join here, for the app's first screen."""

    company_account = fields.Boolean(metadata={"description": "Single sign-on with the firm's provider."})
    self_sign_up_domains = fields.List(
        fields.String(),
        metadata={"description": "Email domains whose people may sign up themselves; empty: invitations only."},
    )


class TokenPairSchema(BaseSchema):
    access_token = fields.String()
    refresh_token = fields.String()


class SessionSchema(TokenPairSchema):
    """A signed-in session: the caller and their tokens."""

    user = fields.Nested(MeSchema)
