"""An uploaded workbook while its import job waits and runs: encrypted, and deleted after.

The file holds CPR numbers, so it is never written to disk as it came: it is encrypted with a key
derived from the CPR key (HKDF, its own purpose, as ``citizens.cpr`` derives its keys) and kept
in the job's file table (``jobs.JobFile``, in the database every server reads) only until the job
ends, when the job deletes it.
"""

from __future__ import annotations

import base64
from functools import cache

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

from hjemvej.core.errors import DomainError
from hjemvej.jobs.models import JobFile

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@cache
def _fernet(master: str) -> Fernet:
    raw = base64.urlsafe_b64decode(master.encode())
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"hjemvej import upload")
    return Fernet(base64.urlsafe_b64encode(key.derive(raw)))


def upload_store(data: bytes) -> JobFile:
    """Keep the uploaded bytes encrypted until the job reads them; return the stored file."""
    token = _fernet(settings.CPR_KEY).encrypt(data)
    return JobFile.objects.create(
        name="indlaesning.xlsx.krypteret", content_type=XLSX_TYPE, data=token, size=len(token)
    )


def upload_take(file_id: int) -> bytes:
    """Return the uploaded bytes and delete the stored file (a job reads it once)."""
    stored = JobFile.objects.filter(pk=file_id).first()
    if stored is None:
        raise DomainError("Den indsendte fil findes ikke længere. Send den igen.")
    token = bytes(stored.data)
    stored.delete()
    try:
        return _fernet(settings.CPR_KEY).decrypt(token)
    except InvalidToken:
        raise DomainError("Den indsendte fil kan ikke læses. Send den igen.") from None
