"""OWASP API8:2023 Security Misconfiguration — how Quid is set up, not what its code decides.

For Quid this means: the files a server keeps (the SQLite database with every password hash
and session, the generated signing secret) readable by anyone on the machine; a docs page
that pulls code from a third party (it breaks offline and lets that party run script on
Quid's origin); defaults that are only safe on a developer's laptop.
"""

import os
import stat
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import requests

from server import create_app
from tests.conftest import migrate
from tests.support.gunicorn import REPOSITORY_ROOT, start_gunicorn
from tests.support.served import bearer, join, migrated_database

# --- Private instance files ---------------------------------------------------------------
# instance/ is 0700; the SQLite database, its -wal and -shm, and the generated secret 0600:
# as created by `flask db upgrade` and by gunicorn, and narrowed at start when an older
# version left them wider.

PRIVATE_DIRECTORY = 0o700
PRIVATE_FILE = 0o600


def mode_of(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def instance_environment(instance: Path) -> dict[str, str]:
    """A development server keeping its SQLite database and generated secret in `instance`."""
    return {
        "QUID_INSTANCE_PATH": str(instance),
        "DATABASE_URL": "",
        "QUID_SECRET_KEY": "",
        "QUID_ENV": "development",
        "QUID_PASSWORD_HASH_TIME_COST": "1",
        "QUID_PASSWORD_HASH_MEMORY_KIB": "1024",
    }


def instance_modes(instance: Path) -> dict[str, int]:
    """The mode of the instance directory and of every file in it, by name."""
    return {".": mode_of(instance), **{path.name: mode_of(path) for path in instance.iterdir()}}


def test_flask_db_upgrade_creates_the_instance_private(tmp_path):
    instance = tmp_path / "instance"
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "server", "db", "upgrade"],
        cwd=REPOSITORY_ROOT,
        env=os.environ | instance_environment(instance),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    modes = instance_modes(instance)
    assert {"quid.sqlite3", "secret_key"} <= set(modes), modes
    assert modes == {".": PRIVATE_DIRECTORY, **{name: PRIVATE_FILE for name in modes if name != "."}}


def test_gunicorn_narrows_files_an_older_version_left_wide_and_keeps_new_ones_private(tmp_path, monkeypatch):
    instance = tmp_path / "instance"
    for name, value in instance_environment(instance).items():
        monkeypatch.setenv(name, value)
    migrate(create_app())
    secret = (instance / "secret_key").read_text()
    # What an older version left: everything readable by all, journal files included.
    os.chmod(instance, 0o755)
    for name in ("quid.sqlite3", "quid.sqlite3-wal", "quid.sqlite3-shm", "secret_key"):
        (instance / name).touch()
        os.chmod(instance / name, 0o644)

    with start_gunicorn(environment=instance_environment(instance), workers=2) as server:
        # A request that reads the database: SQLite keeps its -wal and -shm open while serving.
        divisions = requests.get(f"{server.base_url}/api/v1/divisions", timeout=10)
        assert divisions.status_code == 200, divisions.text
        modes = instance_modes(instance)
        assert {"quid.sqlite3", "quid.sqlite3-wal", "quid.sqlite3-shm", "secret_key"} <= set(modes), modes
        assert modes == {".": PRIVATE_DIRECTORY, **{name: PRIVATE_FILE for name in modes if name != "."}}
    assert (instance / "secret_key").read_text() == secret, "the kept secret stays"


def test_gunicorn_workers_starting_at_once_create_one_private_secret(tmp_path):
    url, cleanup, admin_code = migrated_database("sqlite", tmp_path)
    instance = tmp_path / "instance"
    environment = {**instance_environment(instance), "DATABASE_URL": url}
    with start_gunicorn(environment=environment, workers=2) as server:
        assert mode_of(instance) == PRIVATE_DIRECTORY
        assert mode_of(instance / "secret_key") == PRIVATE_FILE
        assert len((instance / "secret_key").read_text()) >= 48
        # Every worker accepts the token one of them signed: they all read the one secret.
        headers = bearer(join(server, admin_code, "The Admin"))
        answers = [
            requests.get(f"{server.base_url}/api/v1/me", headers=headers, timeout=10).status_code for _ in range(12)
        ]
        assert answers == [200] * 12
    assert [path.name for path in instance.iterdir()] == ["secret_key"], "no temporary file left"
    cleanup()


# --- The docs page works offline -----------------------------------------------------------
# Swagger UI comes from the pinned swagger-ui-bundle package through the app itself.


class AssetReferences(HTMLParser):
    """The scripts and stylesheets an HTML page loads."""

    def __init__(self):
        super().__init__()
        self.scripts, self.stylesheets = [], []

    def handle_starttag(self, tag, attributes):
        attributes = dict(attributes)
        if tag == "script" and attributes.get("src"):
            self.scripts.append(attributes["src"])
        if tag == "link" and "stylesheet" in (attributes.get("rel") or "").split():
            self.stylesheets.append(attributes["href"])


def assert_on_this_host(address: str) -> None:
    parts = urlsplit(address)
    assert not parts.scheme and not parts.netloc and address.startswith("/"), f"{address} is off-host"


def test_the_docs_page_loads_swagger_ui_from_the_app_itself(api):
    page = api.get("/docs")
    assert page.status_code == 200
    references = AssetReferences()
    references.feed(page.get_data(as_text=True))
    assert len(references.scripts) >= 2 and references.stylesheets, "Swagger UI's bundle and stylesheet"
    for address in references.scripts + references.stylesheets:
        assert_on_this_host(address)
        asset = api.client.get(address)
        assert asset.status_code == 200 and len(asset.data) > 10_000, address
        if address in references.stylesheets:
            # A stylesheet's own references (fonts, images) are inline or on this host too.
            for reference in asset.get_data(as_text=True).split("url(")[1:]:
                target = reference.split(")", 1)[0].strip("'\"")
                assert target.startswith("data:") or not urlsplit(target).netloc, target
    # Nor does the page send the document's address to Swagger's online validator.
    assert '"validatorUrl": null' in page.get_data(as_text=True)
