"""A real OpenID Connect provider on loopback for the single sign-on tests, and a browser for it.

    with start_oidc_provider(redirect_uris=["http://localhost/api/v1/auth/sso/callback"]) as provider:
        provider.add_account("ana", email="ana@firm.example", name="Ana", division="Pre-Sales")
        callback_url = provider.sign_in(browser_url, login="ana")   # the provider's login and consent

The provider is panva's `oidc-provider` (tests/support/oidc_provider/server.mjs), installed
from tests/support/oidc_provider/package-lock.json by `make test` (`npm ci`). `sign_in` acts
as the person's browser: it follows the provider's redirects, fills in its login form and
accepts its consent screen, and returns the address the provider finally sends the browser
to (Quid's callback, with the code), without following it.
"""

import atexit
import os
import re
import shutil
import subprocess
import tempfile
import time
from html import unescape
from pathlib import Path
from urllib.parse import urljoin

import requests

from tests.support.gunicorn import free_loopback_port

PROVIDER_DIRECTORY = Path(__file__).with_name("oidc_provider")
CLIENT_ID = "quid"
CLIENT_SECRET = "quid-test-client-secret"
START_TIMEOUT_SECONDS = 30
FORM = re.compile(r'<form[^>]*action="(?P<action>[^"]+)"[^>]*>(?P<fields>.*?)</form>', re.S)
HIDDEN = re.compile(r'<input[^>]*type="hidden"[^>]*name="(?P<name>[^"]+)"[^>]*value="(?P<value>[^"]*)"')


class OidcProvider:
    """A running provider: its issuer, Quid's client credentials, accounts and tampering."""

    def __init__(self, process: subprocess.Popen, port: int, log_path: Path):
        self.process = process
        self.issuer = f"http://127.0.0.1:{port}"
        self.client_id = CLIENT_ID
        self.client_secret = CLIENT_SECRET
        self.log_path = log_path
        self._owner = os.getpid()

    def quid_settings(self, **changes) -> dict:
        """Quid's configuration for this provider (as `app.config` keys)."""
        return {
            "OIDC_ISSUER": self.issuer,
            "OIDC_CLIENT_ID": self.client_id,
            "OIDC_CLIENT_SECRET": self.client_secret,
            **changes,
        }

    def quid_environment(self) -> dict:
        """The same, as the environment of a served Quid."""
        return {
            "QUID_OIDC_ISSUER": self.issuer,
            "QUID_OIDC_CLIENT_ID": self.client_id,
            "QUID_OIDC_CLIENT_SECRET": self.client_secret,
        }

    def add_account(self, login: str, **claims) -> None:
        """An account at the provider that signs in as `login`, with these claims."""
        response = requests.put(f"{self.issuer}/_test/accounts/{login}", json=claims, timeout=10)
        assert response.status_code == 204, response.text

    def tamper(self, mode: str) -> None:
        """Forge the ID token of the token responses from now on ('' stops)."""
        response = requests.put(f"{self.issuer}/_test/tamper", json={"mode": mode}, timeout=10)
        assert response.status_code == 204, response.text

    def sign_in(self, browser_url: str, *, login: str, abort: bool = False) -> str:
        """Be the browser: sign in as `login` (or cancel when `abort`) and consent; the URL the
        provider redirects to at the end (Quid's callback), not followed."""
        browser = requests.Session()
        address = browser_url
        for _ in range(12):
            if not address.startswith(self.issuer):
                return address
            response = browser.get(address, allow_redirects=False, timeout=10)
            if response.is_redirect:
                address = urljoin(address, response.headers["Location"])
                continue
            assert response.status_code == 200, response.text[:500]
            form = FORM.search(response.text)
            assert form, response.text[:500]
            fields = {match["name"]: unescape(match["value"]) for match in HIDDEN.finditer(form["fields"])}
            if abort:
                cancel = re.search(r'href="([^"]*/abort)"', response.text)
                address = urljoin(address, unescape(cancel.group(1)))
                continue
            if fields.get("prompt") == "login":
                fields.update(login=login, password="any password")
            response = browser.post(
                urljoin(address, unescape(form["action"])), data=fields, allow_redirects=False, timeout=10
            )
            assert response.is_redirect, response.text[:500]
            address = urljoin(address, response.headers["Location"])
        raise AssertionError(f"the provider never sent the browser back (last: {address})")

    def stop(self) -> None:
        if os.getpid() != self._owner or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log_path.unlink(missing_ok=True)

    def __enter__(self) -> "OidcProvider":
        return self

    def __exit__(self, *exception) -> None:
        self.stop()


def start_oidc_provider(*, redirect_uris: list[str]) -> OidcProvider:
    """Start the provider, with Quid as its client redirecting to `redirect_uris`."""
    node = shutil.which("node")
    if node is None:
        raise RuntimeError(
            "Node.js is not installed; the single sign-on tests run a real OpenID provider "
            "on it (`make test` installs Debian's nodejs when it is missing)."
        )
    if not (PROVIDER_DIRECTORY / "node_modules" / "oidc-provider").is_dir():
        raise RuntimeError(
            f"The test OpenID provider is not installed: run `npm ci --prefix {PROVIDER_DIRECTORY}` (`make test` does)."
        )
    port = free_loopback_port()
    descriptor, log_name = tempfile.mkstemp(prefix="quid-oidc-", suffix=".log")
    environment = {
        **os.environ,
        "PORT": str(port),
        "CLIENT_ID": CLIENT_ID,
        "CLIENT_SECRET": CLIENT_SECRET,
        "REDIRECT_URIS": ",".join(redirect_uris),
        "NODE_ENV": "test",
    }
    with os.fdopen(descriptor, "wb") as log:
        process = subprocess.Popen(
            [node, "server.mjs"],
            cwd=PROVIDER_DIRECTORY,
            env=environment,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    provider = OidcProvider(process, port, Path(log_name))
    atexit.register(provider.stop)
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while "ready" not in provider.log_path.read_text(errors="replace"):
        if process.poll() is not None or time.monotonic() > deadline:
            output = provider.log_path.read_text(errors="replace")
            provider.stop()
            raise RuntimeError(f"The test OpenID provider did not start:\n{output}")
        time.sleep(0.05)
    return provider
