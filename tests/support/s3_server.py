"""A throwaway S3-compatible server (moto in server mode) on a free loopback port, owned by
the test that starts it.

    with start_s3() as s3:
        s3.create_bucket("quid-photos")
        app.config.update(ATTACHMENT_STORE="s3", S3_BUCKET="quid-photos", S3_ENDPOINT_URL=s3.url)

moto's server speaks the S3 REST API over HTTP like any S3-compatible store (MinIO, Ceph,
Garage); boto3 talks to it as it would to those, signing with the test's credentials. It
keeps everything in memory; `stop()` ends the process and removes its directory.
"""

import atexit
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

from tests.support.gunicorn import free_loopback_port
from tests.support.processes import OwnedServer

POLL_INTERVAL_SECONDS = 0.1
# Any key pair will do for moto; boto3 needs one to sign its requests.
ACCESS_KEY_ID = "quid-test-access-key"
SECRET_ACCESS_KEY = "quid-test-secret-key"
REGION = "us-east-1"
CREDENTIALS = {"AWS_ACCESS_KEY_ID": ACCESS_KEY_ID, "AWS_SECRET_ACCESS_KEY": SECRET_ACCESS_KEY}


class S3Server(OwnedServer):
    """A running moto server; `url` is what QUID_S3_ENDPOINT_URL takes."""

    log_name = "moto.log"

    def __init__(self, process: subprocess.Popen, port: int, directory: Path):
        super().__init__(process, port, directory)
        self.url = f"http://127.0.0.1:{port}"

    def client(self):
        """A boto3 S3 client of this server, for a test to look inside the buckets."""
        import boto3

        return boto3.session.Session().client(
            "s3",
            endpoint_url=self.url,
            region_name=REGION,
            aws_access_key_id=ACCESS_KEY_ID,
            aws_secret_access_key=SECRET_ACCESS_KEY,
        )

    def create_bucket(self, name: str) -> None:
        self.client().create_bucket(Bucket=name)

    def keys(self, bucket: str) -> set[str]:
        """Every object key in `bucket`."""
        pages = self.client().get_paginator("list_objects_v2").paginate(Bucket=bucket)
        return {item["Key"] for page in pages for item in page.get("Contents", [])}


def start_s3(*, timeout_seconds: float = 30) -> S3Server:
    """Start moto's server and return once it answers; RuntimeError with its log if not."""
    directory = Path(tempfile.mkdtemp(prefix="quid-s3-"))
    port = free_loopback_port()
    log = open(directory / "moto.log", "wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        cwd=directory,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    log.close()
    server = S3Server(process, port, directory)
    atexit.register(server.stop)
    deadline = time.monotonic() + timeout_seconds
    while True:
        try:
            # moto's own health page; an S3 request would need signing.
            if requests.get(f"{server.url}/moto-api/", timeout=1).status_code < 500:
                return server
        except requests.RequestException:
            pass
        if process.poll() is not None or time.monotonic() >= deadline:
            tail = server.log_tail()
            server.stop()
            raise RuntimeError(f"moto's S3 server did not answer on port {port}:\n{tail}")
        time.sleep(POLL_INTERVAL_SECONDS)
