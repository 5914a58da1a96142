"""The learner's store: one small interface over a few TinyDB files in a private folder.

Layout (all JSON, mode 0600, in a 0700 folder):
  learner.json          profile, study progress, checklist runs, paused sessions, completion, meta
  responses-YYYY-MM.json  quiz responses, one file per calendar month, so recording an answer
                        rewrites only the current month
  summary.json          a cache of the mastery summary, valid only while the responses files
                        are exactly as it records (otherwise rebuilt from them)
  log.json              ongoing-education activities
  reflections.json      the learner's private reflections and journal entries
  sync.json             per learning record store: the statement ids it acknowledged, the last sync

Every read-modify-write holds an exclusive lock on `.lock` in the folder, so two peerlearn
processes at once never lose each other's writes.
"""
from __future__ import annotations

import fcntl
import glob
import os
import re
from contextlib import contextmanager

from tinydb import Query, TinyDB

from peerlearn.errors import HomeNotAFolder, PeerlearnError, StoreDamaged
from peerlearn.records.storage import FILE_MODE, AtomicJSONStorage, ensure_private_dir, read_json, write_json_atomic

SCHEMA_VERSION = 1
def default_home() -> str:
    from peerlearn.paths import user_dir

    return user_dir("data")


def now_iso() -> str:
    from peerlearn.clock import now_iso as _now_iso

    return _now_iso()


def _migrate_0_to_1(learner: TinyDB) -> None:
    """Stores from before versioning had no meta table; nothing else changed."""


MIGRATIONS = {0: _migrate_0_to_1}


class Store:
    def __init__(self, home: str | None = None):
        self.home = os.path.abspath(home or default_home())
        self._lock_depth = 0
        self._lock_fh = None
        self._checked = False

    # -- plumbing -------------------------------------------------------------------------
    def _path(self, name: str) -> str:
        return os.path.join(self.home, name)

    def _db(self, name: str) -> TinyDB:
        return TinyDB(self._path(name), storage=AtomicJSONStorage)

    @contextmanager
    def locked(self):
        """Hold the store's lock (re-entrant within one Store)."""
        if self._lock_depth == 0:
            if os.path.exists(self.home) and not os.path.isdir(self.home):
                raise HomeNotAFolder(self.home)
            ensure_private_dir(self.home)
            fd = os.open(self._path(".lock"), os.O_RDWR | os.O_CREAT, FILE_MODE)
            self._lock_fh = os.fdopen(fd, "r+")
            fcntl.flock(self._lock_fh, fcntl.LOCK_EX)
            # Writers hold this lock while they write, so a temp file seen now was left by a
            # writer that died mid-write: the real file was never touched; drop the leftover.
            for leftover in glob.glob(self._path(".*.tmp")) + glob.glob(self._path(".*.tmp.bak")):
                os.unlink(leftover)
        self._lock_depth += 1
        try:
            if not self._checked:
                self._checked = True
                self._check_version()
            yield
        finally:
            self._lock_depth -= 1
            if self._lock_depth == 0:
                fcntl.flock(self._lock_fh, fcntl.LOCK_UN)
                self._lock_fh.close()
                self._lock_fh = None

    def _check_version(self) -> None:
        path = self._path("learner.json")
        data = read_json(path)
        if data is None:
            self._db("learner.json").table("meta").insert({"schema": SCHEMA_VERSION, "created": now_iso()})
            return
        meta = list((data.get("meta") or {}).values())
        version = meta[0].get("schema", 0) if meta else 0
        if version > SCHEMA_VERSION:
            raise PeerlearnError(f"{path} was written by a newer peerlearn (records version {version}); please upgrade peerlearn.")
        if version < SCHEMA_VERSION:
            db = self._db("learner.json")
            for v in range(version, SCHEMA_VERSION):
                MIGRATIONS[v](db)
            db.table("meta").truncate()
            db.table("meta").insert({"schema": SCHEMA_VERSION, "migrated": now_iso()})

    # -- profile --------------------------------------------------------------------------
    def profile(self) -> dict:
        with self.locked():
            docs = self._db("learner.json").table("profile").all()
        return dict(docs[0]) if docs else {}

    def set_profile(self, **fields) -> dict:
        with self.locked():
            table = self._db("learner.json").table("profile")
            docs = table.all()
            current = dict(docs[0]) if docs else {}
            current.update({k: v for k, v in fields.items() if v is not None})
            table.truncate()
            table.insert(current)
        return current

    # -- quiz responses -------------------------------------------------------------------
    def add_responses(self, responses: list[dict]) -> None:
        """Record responses (each with an ISO 'time'), grouped into their month's file.

        The mastery summary is brought up to date in the same locked step when it was current.
        """
        from peerlearn.engine.mastery import fold

        by_month: dict[str, list] = {}
        for r in responses:
            by_month.setdefault(r["time"][:7], []).append(r)
        with self.locked():
            summary = self._valid_summary()
            for month, items in by_month.items():
                self._db(f"responses-{month}.json").table("responses").insert_multiple(items)
            if summary is not None and responses and min(r["time"] for r in responses) >= summary["last"]:
                self._write_summary(fold(summary, sorted(responses, key=lambda r: r["time"])))

    def _response_files(self) -> list[str]:
        return sorted(p for p in glob.glob(self._path("responses-*.json")) if re.search(r"responses-\d{4}-\d{2}\.json$", p))

    def responses(self) -> list[dict]:
        out = []
        with self.locked():
            for path in self._response_files():
                data = read_json(path) or {}
                out += list((data.get("responses") or {}).values())
        out.sort(key=lambda r: r["time"])
        return out

    def _stamp(self) -> dict:
        stamp = {}
        for path in self._response_files():
            st = os.stat(path)
            stamp[os.path.basename(path)] = [st.st_size, st.st_mtime_ns, st.st_ino]
        return stamp

    def _valid_summary(self) -> dict | None:
        try:
            data = read_json(self._path("summary.json"))
        except StoreDamaged:
            return None  # only a cache: rebuilt from the responses
        from peerlearn.engine.mastery import RULE

        if not data or data.get("files") != self._stamp():
            return None
        summary = data.get("summary")
        return summary if isinstance(summary, dict) and summary.get("rule") == RULE else None

    def _write_summary(self, summary: dict) -> None:
        write_json_atomic(self._path("summary.json"), {"files": self._stamp(), "summary": summary}, keep_backup=False)

    def mastery_summary(self) -> dict:
        """The running mastery summary of every response (engine.mastery.fold), cached."""
        from peerlearn.engine.mastery import empty_summary, fold

        with self.locked():
            if not self._response_files():
                return empty_summary()  # nothing to cache
            summary = self._valid_summary()
            if summary is None:
                summary = fold(empty_summary(), self.responses())
                self._write_summary(summary)
        return summary

    # -- generic small tables in learner.json ---------------------------------------------
    def _put(self, table: str, key: str, doc: dict) -> None:
        with self.locked():
            t = self._db("learner.json").table(table)
            t.upsert({**doc, "key": key}, Query().key == key)

    def _get(self, table: str, key: str) -> dict | None:
        with self.locked():
            doc = self._db("learner.json").table(table).get(Query().key == key)
        return dict(doc) if doc else None

    def _all(self, table: str, name: str = "learner.json") -> list[dict]:
        with self.locked():
            data = read_json(self._path(name)) or {}
        return [dict(v, doc_id=int(k)) for k, v in (data.get(table) or {}).items()]

    def _remove(self, table: str, key: str) -> None:
        with self.locked():
            self._db("learner.json").table(table).remove(Query().key == key)

    # study progress
    def module_progress(self, module_id: str) -> dict:
        return self._get("modules", module_id) or {}

    def all_module_progress(self) -> dict:
        return {d["key"]: d for d in self._all("modules")}

    def save_module_progress(self, module_id: str, **fields) -> None:
        with self.locked():
            current = self.module_progress(module_id)
            current.update(fields)
            current.pop("doc_id", None)
            self._put("modules", module_id, current)

    # paused quiz / checklist sessions
    def session(self, kind: str) -> dict | None:
        return self._get("sessions", kind)

    def save_session(self, kind: str, state: dict) -> None:
        self._put("sessions", kind, state)

    def clear_session(self, kind: str) -> None:
        self._remove("sessions", kind)

    # checklist runs (answers only; notes the learner writes go to reflections)
    def add_checklist_run(self, run: dict) -> None:
        with self.locked():
            self._db("learner.json").table("checklist_runs").insert(run)

    def checklist_runs(self) -> list[dict]:
        return self._all("checklist_runs")

    # events: initial-training completion, refreshers, anything recorded once with a date
    def add_event(self, event: dict) -> None:
        with self.locked():
            self._db("learner.json").table("events").insert(event)

    def events(self, kind: str | None = None) -> list[dict]:
        return [e for e in self._all("events") if kind is None or e.get("kind") == kind]

    # -- reflections (private) -----------------------------------------------------------
    def add_reflection(self, entry: dict) -> int:
        with self.locked():
            return self._db("reflections.json").table("reflections").insert(entry)

    def reflections(self) -> list[dict]:
        return sorted(self._all("reflections", "reflections.json"), key=lambda r: r.get("time", ""))

    def _remove_doc(self, name: str, table: str, doc_id: int) -> bool:
        """Remove one document; False when there is none with that id."""
        with self.locked():
            t = self._db(name).table(table)
            if not t.contains(doc_id=doc_id):
                return False
            t.remove(doc_ids=[doc_id])
            return True

    def _unlink(self, *names: str) -> None:
        for name in names:
            if os.path.exists(self._path(name)):
                os.unlink(self._path(name))

    def delete_reflection(self, doc_id: int) -> bool:
        with self.locked():
            removed = self._remove_doc("reflections.json", "reflections", doc_id)
            if removed:
                self._unlink("reflections.json.bak")  # the backup would still hold the deleted entry
            return removed

    def forget_reflections(self) -> None:
        with self.locked():
            self._unlink("reflections.json", "reflections.json.bak")
            # paused sessions can hold a half-written reflection; so can the backup taken now
            self._db("learner.json").table("sessions").remove(Query().key.one_of(["study", "reflect"]))
            self._unlink("learner.json.bak")

    def forget_all(self) -> None:
        with self.locked():
            for path in glob.glob(self._path("*.json")) + glob.glob(self._path("*.json.bak")):
                os.unlink(path)
            for path in glob.glob(self._path(".*.tmp")):
                os.unlink(path)
            self._checked = False

    # -- ongoing-education log ------------------------------------------------------------
    def add_activity(self, entry: dict) -> int:
        with self.locked():
            return self._db("log.json").table("activities").insert(entry)

    def add_activities(self, entries: list[dict]) -> list[int]:
        with self.locked():
            return self._db("log.json").table("activities").insert_multiple(entries)

    def activities(self) -> list[dict]:
        return sorted(self._all("activities", "log.json"), key=lambda a: (a.get("date", ""), a["doc_id"]))

    def activity(self, doc_id: int) -> dict | None:
        with self.locked():
            doc = self._db("log.json").table("activities").get(doc_id=doc_id)
        return dict(doc, doc_id=doc_id) if doc else None

    def update_activity(self, doc_id: int, fields: dict) -> None:
        with self.locked():
            self._db("log.json").table("activities").update(fields, doc_ids=[doc_id])

    def remove_activity(self, doc_id: int) -> bool:
        return self._remove_doc("log.json", "activities", doc_id)

    # -- sync to a learning record store --------------------------------------------------
    def sync_state(self, lrs: str) -> dict:
        """What was synced to the LRS at `lrs`: {"acknowledged": set of statement ids,
        "last_synced": ISO time or None, "refused": {id: reason}}."""
        with self.locked():
            doc = self._db("sync.json").table("lrs").get(Query().key == lrs)
        doc = dict(doc) if doc else {}
        return {"acknowledged": set(doc.get("acknowledged") or ()), "last_synced": doc.get("last_synced"),
                "refused": dict(doc.get("refused") or {})}

    def record_sync(self, lrs: str, acknowledged=(), refused: dict | None = None, synced_at: str | None = None) -> None:
        """Add statement ids the LRS acknowledged (and replace the refused ones, when given),
        in one locked write; `synced_at` stamps a sync that reached the LRS."""
        with self.locked():
            table = self._db("sync.json").table("lrs")
            doc = table.get(Query().key == lrs)
            doc = dict(doc) if doc else {"key": lrs}
            acked = set(doc.get("acknowledged") or ()) | set(acknowledged)
            doc["acknowledged"] = sorted(acked)
            if refused is not None:
                doc["refused"] = {k: v for k, v in refused.items() if k not in acked}
            if synced_at:
                doc["last_synced"] = synced_at
            table.upsert(doc, Query().key == lrs)
