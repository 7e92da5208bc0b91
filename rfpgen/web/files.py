"""Files every web and queue worker on every host must find (built documents, uploads), by key.

In the database by default (table rfpgen_blobs), so a deployment needs nothing beyond its
database; in S3-compatible object storage (AWS S3, MinIO, Ceph …) when RFPGEN_S3_BUCKET is set,
with boto3 installed (`pip install 'rfpgen[s3]'`) and credentials found the usual AWS way
(environment, ~/.aws, instance role). Keys look like `p12/j34/name.docx`: project, job, file.
"""
from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import delete, insert, select
from sqlalchemy.engine import Engine

from ..errors import RfpgenError
from .database import blobs


class DatabaseFiles:
    """Files as rows of the wizard's own database."""

    def __init__(self, engine: Engine):
        self.engine = engine

    def put(self, key: str, data: bytes) -> None:
        with self.engine.begin() as conn:  # a retried job writes the same keys again: replace them
            conn.execute(delete(blobs).where(blobs.c.key == key))
            conn.execute(insert(blobs).values(key=key, size=len(data), data=data, created_at=datetime.now(UTC)))

    def get(self, key: str) -> bytes | None:
        with self.engine.connect() as conn:
            return conn.execute(select(blobs.c.data).where(blobs.c.key == key)).scalar()

    def delete_prefix(self, prefix: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(blobs).where(blobs.c.key.startswith(prefix, autoescape=True)))


class ObjectStorageFiles:
    """Files as objects in an S3-compatible bucket, under an optional prefix."""

    def __init__(self, bucket: str, prefix: str = "", endpoint_url: str | None = None, client=None):
        if client is None:
            try:
                import boto3
            except ImportError:
                raise RfpgenError("RFPGEN_S3_BUCKET is set but boto3 is not installed: pip install 'rfpgen[s3]'") from None
            client = boto3.client("s3", endpoint_url=endpoint_url or None)
        self.client, self.bucket, self.prefix = client, bucket, prefix.strip("/") + "/" if prefix.strip("/") else ""

    def put(self, key: str, data: bytes) -> None:
        self.client.put_object(Bucket=self.bucket, Key=self.prefix + key, Body=data)

    def get(self, key: str) -> bytes | None:
        try:
            response = self.client.get_object(Bucket=self.bucket, Key=self.prefix + key)
        except self.client.exceptions.NoSuchKey:
            return None
        return response["Body"].read()

    def delete_prefix(self, prefix: str) -> None:
        paginator = self.client.get_paginator("list_objects_v2")
        for page in paginator.paginate(Bucket=self.bucket, Prefix=self.prefix + prefix):
            keys = [{"Key": item["Key"]} for item in page.get("Contents", [])]
            if keys:
                self.client.delete_objects(Bucket=self.bucket, Delete={"Objects": keys, "Quiet": True})


def open_files(settings: dict, engine: Engine):
    """Object storage when a bucket is configured, else the database."""
    if settings.get("S3_BUCKET"):
        return ObjectStorageFiles(settings["S3_BUCKET"], settings.get("S3_PREFIX") or "", settings.get("S3_ENDPOINT_URL"))
    return DatabaseFiles(engine)
