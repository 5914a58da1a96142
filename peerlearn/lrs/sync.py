"""Send a learner's xAPI statements to an LRS, incrementally and idempotently.

The statements are exactly those of `export --format xapi` (never reflections), whose ids are
UUIDv5 of what they record, so the same record always gives the same ids. The store keeps, per
LRS, the ids the LRS acknowledged (200 or 204); a sync sends only the others, in batches, and
records each acknowledged batch as soon as it is acknowledged, so a sync that stops half-way
loses nothing and the next one carries on. A batch the LRS refuses (400, 409, 413) is split in
halves until the statements it refuses are found; they are reported and the rest go on. A batch
that keeps failing with a 5xx waits for the next sync; 401/403 stop the sync with what to check;
an LRS that cannot be reached stops it after the client's bounded retries.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from peerlearn.errors import LRSError, LRSUnreachable
from peerlearn.lrs.client import auth_refused

BATCH = 100
REFUSED = {400: "the LRS found the statement invalid", 409: "the LRS already holds a different statement under this id",
           413: "the LRS found the statement too large"}


@dataclass
class SyncResult:
    total: int  # statements in the record
    already: int  # acknowledged by an earlier sync
    acknowledged: list = field(default_factory=list)  # ids acknowledged by this sync
    refused: dict = field(default_factory=dict)  # id -> why the LRS refused it
    failed: list = field(default_factory=list)  # ids of batches that kept failing with a 5xx
    failure: str | None = None  # the last 5xx answer, in one line
    stopped: str | None = None  # why the sync stopped early (the LRS could not be reached)

    @property
    def waiting(self) -> int:
        return self.total - self.already - len(self.acknowledged)


def pending(statements: list[dict], acknowledged: set) -> list[dict]:
    """The statements the LRS has not acknowledged yet, oldest first."""
    return [s for s in statements if s["id"] not in acknowledged]


def batches(items: list, size: int = BATCH) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def run(client, store, key: str, statements: list[dict], batch_size: int = BATCH, now=None) -> SyncResult:
    """Send what `key`'s LRS has not acknowledged; returns what happened. Raises LRSAuthRefused
    (after keeping what was acknowledged) when the LRS refuses the credential."""
    state = store.sync_state(key)
    todo = pending(statements, state["acknowledged"])
    result = SyncResult(total=len(statements), already=len(statements) - len(todo))
    refused = dict(state["refused"])
    stamp = now or (lambda: None)

    def post(batch: list[dict]) -> None:
        answer = client.post_statements(batch)
        if answer.status in (200, 204):
            ids = [s["id"] for s in batch]
            store.record_sync(key, ids, synced_at=stamp())
            result.acknowledged += ids
            for i in ids:
                refused.pop(i, None)
        elif answer.status in (401, 403):
            raise auth_refused(answer, client.endpoint)
        elif answer.status in REFUSED:
            if len(batch) > 1:
                half = len(batch) // 2
                post(batch[:half])
                post(batch[half:])
            else:
                why = f"{REFUSED[answer.status]} ({answer.status}: {answer.reason()})"
                result.refused[batch[0]["id"]] = why
                refused[batch[0]["id"]] = why
        elif answer.status >= 500:
            result.failed += [s["id"] for s in batch]
            result.failure = f"{answer.status}: {answer.reason()}"
        else:
            raise LRSError(f"the LRS at {client.endpoint} answered {answer.status} to POST /statements "
                           f"({answer.reason()}); check that the address is the LRS's xAPI endpoint")

    try:
        for batch in batches(todo, batch_size):
            try:
                post(batch)
            except LRSUnreachable as exc:
                result.stopped = str(exc)
                break
    finally:
        store.record_sync(key, refused=refused, synced_at=stamp() if result.acknowledged or result.already == result.total else None)
    return result


def standing(content, store) -> tuple[str, str | None, int] | None:
    """(LRS, last synced, statements waiting) for `status` and the home screen; None when no
    LRS is set up. Reads only: writes nothing."""
    from peerlearn.export.xapi import learner_statements

    lrs = store.profile().get("lrs")
    if not lrs:
        return None
    state = store.sync_state(lrs)
    ids = learner_statements(content, store, create_id=False, ids_only=True)
    return lrs, state["last_synced"], len(pending(ids, state["acknowledged"]))
