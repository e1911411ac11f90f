"""Sign-up, sign-in and token schemas."""

from marshmallow import fields, validate

from server.common.fields import TrimmedString
from server.common.schemas import BaseSchema
from server.users.schemas import MeSchema
from shared.limits import (
    DISPLAY_NAME_MAX_LENGTH,
    DISPLAY_NAME_MIN_LENGTH,
    EMAIL_MAX_LENGTH,
    PASSWORD_MAX_LENGTH,
    PASSWORD_MIN_LENGTH,
)


class LowerCaseEmail(fields.Email):
    """An email address, trimmed and lower-cased so one person has one account."""

    def _deserialize(self, value, attr, data, **kwargs):
        return super()._deserialize(value.strip() if isinstance(value, str) else value,
                                    attr, data, **kwargs).lower()


class RegisterSchema(BaseSchema):
    email = LowerCaseEmail(required=True, validate=validate.Length(max=EMAIL_MAX_LENGTH))
    password = fields.String(required=True, load_only=True,
                             validate=validate.Length(min=PASSWORD_MIN_LENGTH, max=PASSWORD_MAX_LENGTH))
    display_name = TrimmedString(required=True, validate=validate.Length(
        min=DISPLAY_NAME_MIN_LENGTH, max=DISPLAY_NAME_MAX_LENGTH))
    division = fields.Integer(required=True, metadata={"description": "A division id from /divisions."})


class LoginSchema(BaseSchema):
    email = LowerCaseEmail(required=True, validate=validate.Length(max=EMAIL_MAX_LENGTH))
    password = fields.String(required=True, load_only=True,
                             validate=validate.Length(min=1, max=PASSWORD_MAX_LENGTH))


class TokenPairSchema(BaseSchema):
    access_token = fields.String()
    refresh_token = fields.String()


class SessionSchema(TokenPairSchema):
    """A signed-in session: the caller and their tokens."""

    user = fields.Nested(MeSchema)
