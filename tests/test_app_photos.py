"""Photos from the field on the phone: chosen with the real file chooser, queued in the outbox
with their post or answer, stored by the server without their EXIF, and shown on the post."""

from pathlib import Path

import requests

from mobile.ui.photos import DraftThumb
from server.demo.loader import DEMO_PASSWORD
from tests.support.app_driver import Phone, pump, wait_until  # first: makes Kivy headless
from tests.support.photos import GPS_IFD, carries_metadata, exif_of, huge_png, jpeg_from_the_field, size_of

LIAM = "liam.oconnor@quid.example"
INGRID = "ingrid.johansson@quid.example"

tap = Phone.tap_in_view


def choose_photo(phone, draft, photo: Path) -> None:
    """Add photo → the file chooser → the photo's row in its folder → Attach, by touch."""
    tap(phone, draft.ids.add_photo_button)
    chooser = wait_until(lambda: draft.chooser, "the file chooser")
    files = chooser.ids.files
    files.path = str(photo.parent)

    def entry():
        return next(
            (
                widget
                for widget in files.walk(restrict=True)
                if getattr(widget, "path", None) == str(photo) and widget is not files
            ),
            None,
        )

    row = wait_until(entry, "the photo in the chooser's list")
    phone.tap(row)
    wait_until(lambda: files.selection == [str(photo)], "the photo to be selected")
    phone.tap(chooser.ids.attach_button)
    wait_until(lambda: draft.chooser is None, "the chooser to close")


def stored_files(server) -> list[Path]:
    root = Path(server.environment["QUID_INSTANCE_PATH"]) / "attachments"
    return [path for path in root.rglob("*") if path.is_file()]


def photo_bytes(server, person, url: str) -> bytes:
    response = requests.get(server.base_url + url, headers=person._headers, timeout=10)
    assert response.status_code == 200, response.text
    return response.content


def test_a_photo_with_gps_exif_is_posted_from_compose_stored_without_it_and_shown_on_the_post(server, phone, tmp_path):
    picture = tmp_path / "gallery" / "IMG_2041.jpg"
    picture.parent.mkdir()
    picture.write_bytes(jpeg_from_the_field(1600, 1200))
    assert exif_of(picture.read_bytes())[GPS_IFD]  # where the customer's site is
    phone.sign_in(LIAM, DEMO_PASSWORD)
    phone.tap(phone.bottom_bar_button("compose"))
    screen = phone.wait_for_screen("compose")
    phone.tap(screen.ids.kind_insight)
    title = "Carlow plant: the new gateway mount, photographed"
    phone.type(screen.ids.title, title)
    phone.type(screen.ids.body, "Mounted above the cabinet, out of the forklift lane.")

    draft = screen.ids.photo_draft
    choose_photo(phone, draft, picture)
    thumbs = wait_until(
        lambda: [widget for widget in draft.ids.thumbs.children if isinstance(widget, DraftThumb)],
        "the chosen photo's thumbnail",
    )
    assert len(thumbs) == 1 and draft.summary.startswith("1 photo")
    kept = Path(thumbs[0].source)
    assert kept.read_bytes() == picture.read_bytes() and kept.is_relative_to(phone.data_directory)
    assert kept.stat().st_mode & 0o077 == 0  # private to the app
    phone.tap(screen.ids.post_button)

    # Once delivered, the new post opens by itself (the form is ready for the next post).
    opened = phone.wait_for_screen("post")
    wait_until(lambda: opened.post.get("title") == title, "the new post to open")
    assert draft.chosen == []
    wait_until(lambda: phone.session.queued == 0, "the photo and the post to be sent")
    assert not kept.exists()  # the server has it: the phone's copy is gone

    liam = server.client(LIAM, DEMO_PASSWORD)
    post = next(post for post in liam.get("/posts", author=liam.id, limit=50)["items"] if post["title"] == title)
    assert len(post["attachments"]) == 1
    photo = post["attachments"][0]
    assert (photo["width"], photo["height"]) == (1600, 1200)
    served = photo_bytes(server, liam, photo["url"])
    assert exif_of(served) == {} and carries_metadata(served) == []
    files = stored_files(server)
    assert files and all(carries_metadata(path.read_bytes()) == [] for path in files)

    # A colleague reads the post: the thumbnail comes through the API, and a tap opens the photo.
    phone.close()
    reader = Phone(server.base_url, tmp_path / "reader")
    try:
        reader.sign_in(INGRID, DEMO_PASSWORD)
        detail = reader.open_post(post["id"])
        strip = detail.ids.post_photos
        thumb = wait_until(lambda: strip.thumbs and strip.thumbs[0].loaded and strip.thumbs[0], "the thumbnail")
        assert tuple(thumb.texture.size) == (photo["thumbnail_width"], photo["thumbnail_height"])
        tap(reader, thumb)
        viewer = wait_until(lambda: strip.viewer, "the photo viewer")
        wait_until(lambda: viewer.loaded, "the full photo")
        assert tuple(viewer.ids.image.texture.size) == (1600, 1200)
        reader.tap(viewer.ids.close_button)
        wait_until(lambda: strip.viewer is None, "the viewer to close")
    finally:
        reader.close()


def test_an_answer_with_a_photo_goes_through_the_outbox_and_shows_on_its_card(server, phone, tmp_path):
    asker = server.client(INGRID, DEMO_PASSWORD)
    challenge = asker.post(
        "/posts",
        json={
            "kind": "challenge",
            "title": "Which gasket fails first at the pump station?",
            "body": "We keep replacing them.",
            "tags": [],
            "audience": "firm",
        },
    )
    picture = tmp_path / "gasket.jpg"
    picture.write_bytes(jpeg_from_the_field(800, 600))
    phone.sign_in(LIAM, DEMO_PASSWORD)
    screen = phone.open_post(challenge["id"])
    phone.type(screen.ids.answer_body, "This one, the EPDM ring: see the photo.")
    choose_photo(phone, screen.ids.answer_photos, picture)
    wait_until(lambda: len(screen.ids.answer_photos.chosen) == 1, "the chosen photo")
    tap(phone, screen.ids.send_answer_button)
    wait_until(lambda: phone.session.queued == 0, "the answer and its photo to be sent")
    card = wait_until(
        lambda: next(
            (card for card in screen.ids.answers_box.children if getattr(card, "answer_id", 0) and card.photos), None
        ),
        "the answer's card with its photo",
    )
    strip = card.ids.photos
    wait_until(lambda: strip.thumbs and strip.thumbs[0].loaded, "the answer's thumbnail")
    answers = asker.get(f"/posts/{challenge['id']}/answers")["items"]
    assert len(answers[0]["attachments"]) == 1
    assert carries_metadata(photo_bytes(server, asker, answers[0]["attachments"][0]["url"])) == []


def test_a_post_with_a_photo_queued_offline_survives_a_restart_and_is_sent_once(server, tmp_path):
    picture = tmp_path / "site.jpg"
    picture.write_bytes(jpeg_from_the_field(1200, 900))
    data_directory = tmp_path / "offline-phone"
    phone = Phone(server.base_url, data_directory)
    phone.sign_in(LIAM, DEMO_PASSWORD)
    title = "Umbrella site: the cabinet as we found it this morning"
    server.stop()
    try:
        phone.tap(phone.bottom_bar_button("compose"))
        screen = phone.wait_for_screen("compose")
        phone.type(screen.ids.title, title)
        phone.type(screen.ids.body, "Photo taken in the basement, no signal down there.")
        choose_photo(phone, screen.ids.photo_draft, picture)
        phone.tap(screen.ids.post_button)
        wait_until(lambda: phone.session.queued == 1, "the post to wait in the outbox")
        item = phone.session.outbox_items()[0]
        assert item.label.endswith("(1 photo)") and item.uploads[0]["attachment_id"] is None
        kept = phone.session.photos.path(item.uploads[0]["path"])
        assert kept.exists()
        phone.close()
    finally:
        server.start()

    again = Phone(server.base_url, data_directory)
    try:
        wait_until(lambda: again.session.queued == 0, "the outbox to empty after the restart", timeout=40)
        pump(0.2)
        assert not kept.exists()
        liam = server.client(LIAM, DEMO_PASSWORD)
        posts = [post for post in liam.get("/posts", author=liam.id, limit=50)["items"] if post["title"] == title]
        assert len(posts) == 1 and len(posts[0]["attachments"]) == 1
        assert size_of(photo_bytes(server, liam, posts[0]["attachments"][0]["url"])) == (1200, 900)
    finally:
        again.close()


def test_a_photo_the_server_refuses_brings_the_post_back_to_compose_to_remove_it(server, phone, tmp_path):
    # A small file claiming 60 million pixels: the phone cannot tell, the server refuses it.
    bomb = tmp_path / "panorama.png"
    bomb.write_bytes(huge_png(10_000, 6_000))
    phone.sign_in(LIAM, DEMO_PASSWORD)
    phone.tap(phone.bottom_bar_button("compose"))
    screen = phone.wait_for_screen("compose")
    title = "Tailspin warehouse: the whole aisle in one panorama"
    phone.type(screen.ids.title, title)
    phone.type(screen.ids.body, "The racks the customer wants to monitor.")
    choose_photo(phone, screen.ids.photo_draft, bomb)
    phone.tap(screen.ids.post_button)

    wait_until(lambda: screen.rejected_item_id, "compose to show the refused post", timeout=30)
    draft = screen.ids.photo_draft
    assert "50 million" in draft.error and len(draft.chosen) == 1
    assert screen.ids.title.text == title
    remove = wait_until(
        lambda: [widget for widget in draft.ids.thumbs.children if isinstance(widget, DraftThumb)],
        "the refused photo's thumbnail",
    )[0].ids.remove_button
    tap(phone, remove)
    assert draft.chosen == []
    phone.tap(screen.ids.post_button)
    wait_until(lambda: phone.session.queued == 0 and phone.session.rejected == 0, "the fixed post to be sent")
    liam = server.client(LIAM, DEMO_PASSWORD)
    posts = [post for post in liam.get("/posts", author=liam.id, limit=50)["items"] if post["title"] == title]
    assert len(posts) == 1 and posts[0]["attachments"] == []
    assert not any((phone.data_directory / "photos").iterdir())  # the refused photo's copy is gone
