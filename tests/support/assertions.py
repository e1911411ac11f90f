"""What many tests check the same way: the one error shape, a token's claims, the kinds of
someone's notifications."""

import base64
import json


def kinds(person, **query) -> list[str]:
    return [item["kind"] for item in person.get("/notifications", query={"limit": 100, **query}).get_json()["items"]]


def claims_of(token: str) -> dict:
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def assert_error(response, code: int, *, mentions: str | None = None):
    body = response.get_json()
    assert response.status_code == code, body
    assert set(body) == {"code", "status", "message", "errors"}
    assert body["code"] == code and body["message"]
    if mentions:
        assert mentions in body["message"], body["message"]
    return body
