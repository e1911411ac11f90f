"""Photos from the field: upload, re-encoding without EXIF, posts and answers taking them, the
audience of what they belong to, hostile files, and the S3-compatible store (a real moto
server process), on both databases."""

import io
from datetime import timedelta
from pathlib import Path

import pytest

from shared.limits import (
    ATTACHMENT_MAX_BYTES,
    ATTACHMENT_MAX_UNPOSTED,
    ATTACHMENT_REQUEST_MAX_BYTES,
    ATTACHMENT_STORED_MAX_SIDE,
    ATTACHMENT_THUMBNAIL_SIDE,
    ATTACHMENT_UNPOSTED_HOURS,
    MAX_ATTACHMENTS,
)
from tests.support.assertions import assert_error
from tests.support.http import PREFIX
from tests.support.photos import (
    GPS_IFD,
    carries_metadata,
    exif_of,
    huge_png,
    image_bytes,
    jpeg_from_the_field,
    red_side,
    size_of,
)


def upload(
    person,
    data: bytes,
    *,
    filename: str = "IMG_2041.jpg",
    content_type: str = "image/jpeg",
    headers: dict | None = None,
):
    """POST /attachments as a phone sends a photo: one multipart file part named `photo`."""
    return person.client.post(
        PREFIX + "/attachments",
        headers={**person.headers, **(headers or {})},
        data={"photo": (io.BytesIO(data), filename, content_type)},
        content_type="multipart/form-data",
    )


def uploaded(person, data: bytes | None = None, **kwargs) -> dict:
    response = upload(person, data if data is not None else jpeg_from_the_field(), **kwargs)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def fetch(person, url: str):
    """GET a photo's `url` or `thumbnail_url` (root-relative paths, as the API gives them)."""
    return person.client.get(url, headers=person.headers)


def stored_files(app) -> set[str]:
    """Every file in the local store, relative to it."""
    root = Path(app.config["ATTACHMENT_DIRECTORY"])
    return {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()} if root.exists() else set()


def test_a_photo_with_its_location_in_exif_is_kept_and_served_without_any_metadata(app, api):
    ana = api.person()
    sent = jpeg_from_the_field(4000, 3000)
    assert exif_of(sent)[GPS_IFD]  # the phone wrote where it was taken
    photo = uploaded(ana, sent)
    assert photo["content_type"] == "image/jpeg"
    assert (photo["width"], photo["height"]) == (ATTACHMENT_STORED_MAX_SIDE, ATTACHMENT_STORED_MAX_SIDE * 3 // 4)
    assert (photo["thumbnail_width"], photo["thumbnail_height"]) == (ATTACHMENT_THUMBNAIL_SIDE, 240)
    assert photo["url"] == f"{PREFIX}/attachments/{photo['id']}"
    assert photo["thumbnail_url"] == f"{PREFIX}/attachments/{photo['id']}/thumbnail"

    served = fetch(ana, photo["url"])
    assert served.status_code == 200 and served.mimetype == "image/jpeg"
    assert served.headers["Cache-Control"].startswith("private")
    assert size_of(served.data) == (photo["width"], photo["height"]) and len(served.data) == photo["byte_size"]
    assert carries_metadata(served.data) == []
    thumbnail = fetch(ana, photo["thumbnail_url"])
    assert thumbnail.status_code == 200 and thumbnail.mimetype == "image/jpeg"
    assert size_of(thumbnail.data) == (320, 240) and carries_metadata(thumbnail.data) == []
    # What the store holds is what was served: nothing of the upload itself is kept.
    files = stored_files(app)
    assert len(files) == 2
    for name in files:
        kept = (Path(app.config["ATTACHMENT_DIRECTORY"]) / name).read_bytes()
        assert carries_metadata(kept) == [] and kept != sent
        assert (Path(app.config["ATTACHMENT_DIRECTORY"]) / name).stat().st_mode & 0o077 == 0


def test_a_photo_taken_sideways_is_turned_upright_from_its_exif_orientation(api):
    ana = api.person()
    # Orientation 6: the camera was turned; viewers rotate the picture 90° clockwise.
    photo = uploaded(ana, jpeg_from_the_field(800, 400, orientation=6))
    assert (photo["width"], photo["height"]) == (400, 800)
    served = fetch(ana, photo["url"]).data
    assert red_side(served) == "top" and exif_of(served) == {}


@pytest.mark.parametrize(
    "format, mode, content_type",
    [
        ("PNG", "RGB", "image/jpeg"),
        ("PNG", "RGBA", "image/png"),
        ("WEBP", "RGB", "image/jpeg"),
    ],
)
def test_png_and_webp_are_taken_and_a_transparent_photo_stays_png(api, format, mode, content_type):
    ana = api.person()
    photo = uploaded(
        ana,
        image_bytes(format, 300, 200, mode=mode),
        filename=f"shot.{format.lower()}",
        content_type=f"image/{format.lower()}",
    )
    assert photo["content_type"] == content_type
    assert fetch(ana, photo["url"]).mimetype == content_type
    assert fetch(ana, photo["thumbnail_url"]).mimetype == "image/jpeg"


def test_a_post_shows_its_photos_in_order_to_its_readers(api):
    ana, colleague = api.person(), api.person(division="Pre-Sales")
    photos = [uploaded(ana) for _ in range(3)]
    order = [photos[2]["id"], photos[0]["id"], photos[1]["id"]]
    post = ana.post_item(title="The customer's plant floor, three angles", attachment_ids=order)
    assert [photo["id"] for photo in post["attachments"]] == order
    read = colleague.get(f"/posts/{post['id']}").get_json()
    assert [photo["id"] for photo in read["attachments"]] == order
    assert read["attachments"][0]["thumbnail_url"] == f"{PREFIX}/attachments/{order[0]}/thumbnail"
    feed = colleague.get("/posts").get_json()["items"]
    assert [photo["id"] for photo in feed[0]["attachments"]] == order
    assert fetch(colleague, read["attachments"][1]["url"]).status_code == 200
    # A post without photos lists none.
    assert ana.post_item(title="Nothing to show this time")["attachments"] == []


def test_an_unposted_photo_is_its_uploaders_alone(api):
    ana, colleague, admin = api.person(), api.person(), api.admin()
    photo = uploaded(ana)
    assert fetch(ana, photo["url"]).status_code == 200
    for other in (colleague, admin):
        for url in (photo["url"], photo["thumbnail_url"]):
            assert_error(fetch(other, url), 404)
    assert_error(ana.client.get(photo["url"]), 401)


def test_a_photo_follows_its_posts_audience_hidden_and_deleted_posts_included(app, api):
    author = api.person(division="Field Sales North")
    same_division = api.person(division="Field Sales North")
    outsider = api.person(division="Product")
    admin = api.admin()
    division_photo = uploaded(author)
    author.post_item(
        title="For the division only, with a photo", audience="division", attachment_ids=[division_photo["id"]]
    )
    for viewer, status in ((author, 200), (same_division, 200), (admin, 200), (outsider, 404)):
        assert fetch(viewer, division_photo["url"]).status_code == status
        assert fetch(viewer, division_photo["thumbnail_url"]).status_code == status
    missing = fetch(outsider, f"{PREFIX}/attachments/987654")
    assert fetch(outsider, division_photo["url"]).get_json() == missing.get_json()  # word for word

    hidden_photo = uploaded(author)
    hidden = author.post_item(title="Hidden by an admin later", attachment_ids=[hidden_photo["id"]])
    assert fetch(outsider, hidden_photo["url"]).status_code == 200
    assert admin.post(f"/admin/posts/{hidden['id']}/hide", json={"note": "Shows a badge"}).status_code == 200
    for viewer, status in ((author, 200), (admin, 200), (same_division, 404), (outsider, 404)):
        assert fetch(viewer, hidden_photo["url"]).status_code == status
        assert fetch(viewer, hidden_photo["thumbnail_url"]).status_code == status

    deleted_photo = uploaded(author)
    deleted = author.post_item(title="Deleted by its author soon", attachment_ids=[deleted_photo["id"]])
    before = stored_files(app)
    assert author.delete(f"/posts/{deleted['id']}").status_code == 204
    for viewer in (author, admin, same_division):
        assert fetch(viewer, deleted_photo["url"]).status_code == 404
    assert len(before - stored_files(app)) == 2  # its files went with it


def test_an_answers_photo_follows_the_answer(api):
    asker, answerer, outsider, admin = api.person(), api.person(division="Pre-Sales"), api.person(), api.admin()
    challenge = asker.post_item(kind="challenge", title="Which gasket fails first on site?")
    photo = uploaded(answerer)
    response = answerer.post(
        f"/posts/{challenge['id']}/answers", json={"body": "This one, see the photo.", "attachment_ids": [photo["id"]]}
    )
    assert response.status_code == 201, response.get_json()
    answer = response.get_json()
    assert [item["id"] for item in answer["attachments"]] == [photo["id"]]
    listed = outsider.get(f"/posts/{challenge['id']}/answers").get_json()["items"]
    assert listed[0]["attachments"][0]["url"] == photo["url"]
    assert fetch(outsider, photo["url"]).status_code == 200
    assert admin.post(f"/admin/answers/{answer['id']}/hide", json={"note": "Off topic"}).status_code == 200
    for viewer, status in ((answerer, 200), (admin, 200), (asker, 404), (outsider, 404)):
        assert fetch(viewer, photo["thumbnail_url"]).status_code == status


def test_editing_a_post_keeps_reorders_adds_and_deletes_photos(app, api):
    ana, admin = api.person(), api.admin()
    first, second, third = uploaded(ana), uploaded(ana), uploaded(ana)
    post = ana.post_item(title="Before and after the retrofit", attachment_ids=[first["id"], second["id"]])
    files_before = stored_files(app)
    response = ana.patch(f"/posts/{post['id']}", json={"attachment_ids": [third["id"], first["id"]]})
    assert response.status_code == 200, response.get_json()
    assert [photo["id"] for photo in response.get_json()["attachments"]] == [third["id"], first["id"]]
    assert_error(fetch(ana, second["url"]), 404)  # left out: deleted, files and all
    assert len(files_before - stored_files(app)) == 2
    # An admin's edit may reorder, but not slip in someone else's photo.
    other = uploaded(api.person())
    assert_error(
        admin.patch(f"/posts/{post['id']}", json={"attachment_ids": [other["id"]]}), 422, mentions="attachment_ids"
    )
    response = admin.patch(f"/posts/{post['id']}", json={"attachment_ids": [first["id"], third["id"]]})
    assert [photo["id"] for photo in response.get_json()["attachments"]] == [first["id"], third["id"]]
    # Someone else may not touch them at all.
    assert_error(api.person().patch(f"/posts/{post['id']}", json={"attachment_ids": []}), 403)
    assert ana.patch(f"/posts/{post['id']}", json={"attachment_ids": []}).get_json()["attachments"] == []


def test_an_answers_photos_are_edited_with_its_text(api):
    asker, answerer = api.person(), api.person()
    challenge = asker.post_item(kind="challenge", title="How do we mount the sensor outdoors?")
    first, second = uploaded(answerer), uploaded(answerer)
    answer = answerer.post(
        f"/posts/{challenge['id']}/answers", json={"body": "Like this.", "attachment_ids": [first["id"]]}
    ).get_json()
    edited = answerer.patch(
        f"/answers/{answer['id']}", json={"body": "Like this, or this.", "attachment_ids": [first["id"], second["id"]]}
    )
    assert [photo["id"] for photo in edited.get_json()["attachments"]] == [first["id"], second["id"]]
    text_only = answerer.patch(f"/answers/{answer['id']}", json={"body": "Like this (text only)."})
    assert len(text_only.get_json()["attachments"]) == 2


@pytest.mark.parametrize("case", ["someone else's", "already on a post", "missing", "fifth", "twice"])
def test_a_post_naming_photos_it_may_not_have_is_refused_whole(api, case):
    ana, colleague = api.person(), api.person()
    own = [uploaded(ana) for _ in range(MAX_ATTACHMENTS)]
    ids = {
        "someone else's": [own[0]["id"], uploaded(colleague)["id"]],
        "already on a post": [ana.post_item(attachment_ids=[own[1]["id"]])["attachments"][0]["id"]],
        "missing": [987654],
        "fifth": [photo["id"] for photo in own] + [uploaded(ana)["id"]],
        "twice": [own[0]["id"], own[0]["id"]],
    }[case]
    posts_before = ana.get("/posts").get_json()["items"]
    error = assert_error(
        ana.post(
            "/posts",
            json={"kind": "insight", "title": "A post with photos", "body": "See the photos.", "attachment_ids": ids},
        ),
        422,
        mentions="attachment_ids",
    )
    assert "attachment_ids" in error["errors"]["json"]
    # Nothing half-written: no post, and the photos it named are still free for another one.
    assert ana.get("/posts").get_json()["items"] == posts_before
    assert ana.post_item(attachment_ids=[own[0]["id"]])["attachments"][0]["id"] == own[0]["id"]


def test_the_same_photo_sent_again_with_its_idempotency_key_is_kept_once(app, api):
    ana = api.person()
    data = jpeg_from_the_field()
    key = {"Idempotency-Key": "3f1c1bde-photo-1"}
    first = upload(ana, data, headers=key)
    again = upload(ana, data, headers=key, filename="IMG_2041.jpg")
    assert first.status_code == again.status_code == 201
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert again.get_json() == first.get_json()
    assert len(stored_files(app)) == 2
    assert_error(upload(ana, jpeg_from_the_field(640, 480), headers=key), 422, mentions="Idempotency-Key")


def test_hostile_files_are_refused_with_a_clear_message_and_leave_nothing_behind(app, api):
    ana = api.person()
    photo = jpeg_from_the_field()
    cases = [
        (b"", {}, 422, "empty"),
        (b"%PDF-1.7 not a photo at all" * 100, {"filename": "contract.pdf"}, 422, "not an image"),
        (b"<html><script>alert(1)</script></html>", {"content_type": "text/html"}, 422, "not sent as a photo"),
        (photo, {"content_type": "application/x-msdownload"}, 422, "not sent as a photo"),
        (photo[: len(photo) // 2], {}, 422, "damaged or incomplete"),
        (huge_png(), {"filename": "bomb.png", "content_type": "image/png"}, 422, "50 million"),
        (huge_png(9000, 6000), {"filename": "big.png", "content_type": "image/png"}, 422, "9,000 × 6,000"),
        (image_bytes("GIF"), {"filename": "cat.gif", "content_type": "image/gif"}, 422, "not sent as a photo"),
        (image_bytes("GIF"), {"filename": "cat.jpg"}, 422, "GIF"),
        (image_bytes("BMP"), {"content_type": "application/octet-stream"}, 422, "BMP"),
    ]
    for data, options, status, words in cases:
        error = assert_error(upload(ana, data, **options), status, mentions=words)
        assert (
            error["errors"] == {"files": {"photo": [error["message"].removeprefix("Invalid input: photo: ")]}}
            or "photo" in error["errors"]["files"]
        ), error
    # A NUL (or anything) in the file name does not matter: the name is never kept.
    assert upload(ana, photo, filename="IMG\x00.jpg").status_code == 201
    assert upload(ana, photo, filename="../../etc/passwd").status_code == 201
    assert len(stored_files(app)) == 4  # two photos, each with its thumbnail; nothing else


def test_a_request_without_a_photo_file_is_refused_naming_the_field(api):
    ana = api.person()
    assert_error(ana.post("/attachments", json={"photo": "aGVsbG8="}), 422, mentions="photo")
    as_text = ana.client.post(
        PREFIX + "/attachments", headers=ana.headers, data={"photo": "just text"}, content_type="multipart/form-data"
    )
    assert_error(as_text, 422, mentions="photo")
    extra = ana.client.post(
        PREFIX + "/attachments",
        headers=ana.headers,
        content_type="multipart/form-data",
        data={
            "photo": (io.BytesIO(jpeg_from_the_field()), "a.jpg", "image/jpeg"),
            "other": (io.BytesIO(b"x"), "b.jpg", "image/jpeg"),
        },
    )
    assert_error(extra, 422, mentions="other")


def test_an_oversized_photo_is_refused_with_the_limit_in_megabytes(api):
    ana = api.person()
    # Just over the photo limit, within the request's: the file itself is measured.
    padded = jpeg_from_the_field() + b"\0" * (ATTACHMENT_MAX_BYTES + 1)
    assert len(padded) < ATTACHMENT_REQUEST_MAX_BYTES
    error = assert_error(upload(ana, padded), 413, mentions="at most 10 MB")
    assert error["errors"] == {"files": {"photo": [error["message"]]}}
    # Far over it: refused from Content-Length before anything is read.
    error = assert_error(upload(ana, b"\xff" * (ATTACHMENT_REQUEST_MAX_BYTES + 1)), 413, mentions="at most 10 MB")
    assert error["message"] == "A photo may be at most 10 MB."
    # Other routes keep their own, smaller limit.
    response = ana.post(
        "/posts", json={"kind": "insight", "title": "Way too long a post", "body": "x" * (2 * 1024 * 1024)}
    )
    assert_error(response, 413)
    assert "photo" not in response.get_json()["message"]


def test_photos_waiting_for_a_post_are_capped_and_pruned_after_a_while(app, api):
    ana = api.person()
    small = image_bytes("PNG", 40, 30)
    with api.clock_at(api.now() - timedelta(hours=ATTACHMENT_UNPOSTED_HOURS + 1)):
        old = [uploaded(ana, small)["id"] for _ in range(ATTACHMENT_MAX_UNPOSTED - 1)]
    posted = uploaded(ana, small)
    ana.post_item(attachment_ids=[posted["id"]])
    uploaded(ana, small)
    assert_error(upload(ana, small), 409, mentions=f"{ATTACHMENT_MAX_UNPOSTED} photos waiting")
    output = api.cli("prune")
    assert f"{ATTACHMENT_MAX_UNPOSTED - 1} unposted photos" in output
    assert all(fetch(ana, f"{PREFIX}/attachments/{photo_id}").status_code == 404 for photo_id in old)
    assert fetch(ana, posted["url"]).status_code == 200
    assert len(stored_files(app)) == 4  # the posted photo and the recent unposted one
    assert upload(ana, small).status_code == 201


def test_the_s3_store_keeps_photos_in_the_bucket_without_metadata(app, api, s3_store):
    s3, bucket = s3_store
    ana, outsider = api.person(division="Field Sales North"), api.person(division="Product")
    sent = jpeg_from_the_field(2000, 1500)
    photo = uploaded(ana, sent)
    keys = s3.keys(bucket)
    assert len(keys) == 2 and all(key.startswith("photos/") for key in keys)
    assert stored_files(app) == set()  # nothing on the local disk
    for key in keys:
        kept = s3.client().get_object(Bucket=bucket, Key=key)["Body"].read()
        assert carries_metadata(kept) == [] and exif_of(kept) == {}
    post = ana.post_item(title="Site photo kept in the bucket", audience="division", attachment_ids=[photo["id"]])
    served = fetch(ana, photo["url"])
    assert served.status_code == 200 and size_of(served.data) == (2000, 1500)
    assert carries_metadata(served.data) == []
    assert fetch(ana, photo["thumbnail_url"]).status_code == 200
    assert_error(fetch(outsider, photo["url"]), 404)
    assert ana.delete(f"/posts/{post['id']}").status_code == 204
    assert s3.keys(bucket) == set()  # deleted with its post


def test_a_failed_post_request_after_an_upload_leaves_the_bucket_as_it_was(api, s3_store):
    s3, bucket = s3_store
    ana = api.person()
    photo = uploaded(ana, image_bytes("PNG", 50, 50))
    keys = s3.keys(bucket)
    assert_error(
        ana.post("/posts", json={"kind": "insight", "title": "Too", "body": "x", "attachment_ids": [photo["id"]]}), 422
    )
    assert s3.keys(bucket) == keys
    assert fetch(ana, photo["url"]).status_code == 200


@pytest.fixture(scope="module")
def s3_server():
    """A real S3-compatible server process (moto) for this module's tests."""
    from tests.support.s3_server import start_s3

    with start_s3() as server:
        yield server


@pytest.fixture
def s3_store(app, s3_server, monkeypatch):
    """The app storing photos in a fresh bucket of `s3_server`, under a key prefix."""
    from tests.support.s3_server import CREDENTIALS

    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    bucket = f"quid-photos-{next(_buckets)}"
    s3_server.create_bucket(bucket)
    app.config.update(
        ATTACHMENT_STORE="s3",
        S3_BUCKET=bucket,
        S3_ENDPOINT_URL=s3_server.url,
        S3_REGION="us-east-1",
        S3_PREFIX="photos/",
    )
    return s3_server, bucket


_buckets = iter(range(1, 10**6))
