"""Certificates and other evidence files, kept as a reference with their SHA-256."""
from __future__ import annotations

import os


def evidence_reference(path: str) -> dict:
    import hashlib

    from peerlearn.errors import EvidenceMissing, EvidenceNotAFile

    if os.path.isdir(path):
        raise EvidenceNotAFile(path)
    if not os.path.isfile(path):
        raise EvidenceMissing(path)
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 16), b""):
            digest.update(block)
    return {"path": os.path.abspath(path), "sha256": digest.hexdigest(), "size": os.path.getsize(path)}


def evidence_status(ev: dict | None) -> str:
    """'ok', 'changed' or 'missing' for a kept certificate reference ('' when there is none)."""
    if not ev:
        return ""
    if not os.path.isfile(ev["path"]):
        return "missing"
    try:
        return "ok" if evidence_reference(ev["path"])["sha256"] == ev["sha256"] else "changed"
    except OSError:
        return "missing"
