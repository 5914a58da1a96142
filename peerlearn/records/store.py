"""The learner's store: one small interface over a few TinyDB files in a private folder.

Layout (all JSON, mode 0600, in a 0700 folder that holds nothing else peerlearn did not put there):
  learner.json          profile, study progress, checklist runs, paused sessions, completion, meta
  responses-YYYY-MM.json  quiz responses, one file per calendar month, so recording an answer
                        rewrites only the current month
  summary.json          a cache of the mastery summary, valid only while the responses files
                        are exactly as it records (otherwise rebuilt from them)
  log.json              ongoing-education activities
  reflections.json      the learner's private reflections and journal entries
  sync.json             per learning record store: the statement ids it acknowledged, the last sync

Every read-modify-write is one locked step under the folder's lock (records/lock.py: the
operating system's lock on `.lock`, and on Linux and macOS on the folder itself), so two
peerlearn processes at once never lose each other's writes, and deleting `.lock` cannot let two
writers in. Each step writes each file it changes once, atomically. Reading takes no lock and writes nothing (the summary cache is
written only when that costs nothing and can fail harmlessly), so a full disk or a read-only
copy of the folder can still be read.

Log and journal entries have ids that are never given again, even after the highest one is
removed: each file keeps the highest id it ever gave (`last_ids`).
"""
from __future__ import annotations

import glob
import os
import re
import sys
import time
from contextlib import contextmanager

from tinydb import Query, TinyDB
from tinydb.table import Document

from peerlearn.errors import EntryChanged, HomeNotAFolder, HomeNotAStore, PeerlearnError, SessionInUse, StoreDamaged
from peerlearn.records.storage import (FILE_MODE, AtomicJSONStorage, OneWrite, ensure_private_dir, read_json,
                                       write_json_atomic)

SCHEMA_VERSION = 2

# Every name peerlearn makes in the records folder: its files, their backups (.bak), copies
# made by following the restore advice (.damaged), temp files (.NAME.PID.XXXX.tmp) and the lock.
STORE_NAME = re.compile(r"^\.?(?:learner|log|reflections|summary|sync|responses-\d{4}-\d{2})\.json(?:$|\.)|^\.lock$")
TEMP_NAME = re.compile(r"^\..+\.json\.(?:(\d+)\.)?[^.]+\.tmp(?:\.bak)?$")
# A writer holds the lock for milliseconds; a temp file older than this is nobody's.
LEFTOVER_AGE = 600

# What each table's documents must hold for peerlearn to use them: field -> (type, required).
NUMBER = (int, float)
FIELDS = {
    "responses": {"scenario": (str, True), "score": (NUMBER, True), "competencies": (list, True), "time": (str, True),
                  "choices": (list, True)},
    "activities": {"date": (str, True), "kind": (str, True), "title": (str, True), "hours": (NUMBER, True),
                   "categories": (list, False), "evidence": (dict, False)},
    "reflections": {"text": (str, True), "time": (str, False), "source": (str, False)},
    "events": {"kind": (str, True), "time": (str, True)},
    "checklist_runs": {"checklist": (str, True), "answers": (dict, False)},
    "modules": {"key": (str, True), "completed": (str, False), "started": (str, False)},
    "sessions": {"key": (str, True)},
    "profile": {**{f: (str, False) for f in ("name", "email", "account_homepage", "account_name", "xapi_base", "learner_id", "lrs")},
                "initial_training_elsewhere": (dict, False)},
    "meta": {"schema": (int, False)},
    "lrs": {"key": (str, True), "acknowledged": (list, False), "last_synced": (str, False), "refused": (dict, False)},
    "last_ids": {},
}
# What the items of a list field are: names, except a response's choices, [step, [choice ids]].
ITEMS = {"choices": lambda x: (isinstance(x, list) and len(x) == 2 and isinstance(x[0], str) and isinstance(x[1], list)
                               and all(isinstance(i, str) for i in x[1]))}
STABLE_IDS = {"log.json": "activities", "reflections.json": "reflections"}


def default_home() -> str:
    from peerlearn.paths import user_dir

    return user_dir("data")


def now_iso() -> str:
    from peerlearn.clock import now_iso as _now_iso

    return _now_iso()


def shape_problem(data: dict) -> str | None:
    """Why a records mapping is not what peerlearn wrote (None when it is): every table a
    mapping of numbered documents, every document holding its fields with the right types,
    and a records version that is a whole number from 0."""
    for table, docs in data.items():
        if not isinstance(docs, dict):
            return f"its table {table!r} is not a mapping"
        fields = FIELDS.get(table, {})
        for key, doc in docs.items():
            if not key.isdigit():
                return f"its table {table!r} has an entry numbered {key!r}"
            if not isinstance(doc, dict):
                return f"entry {key} of {table!r} is not a mapping"
            for field, (kind, required) in fields.items():
                value = doc.get(field)
                if value is None:
                    if required:
                        return f"entry {key} of {table!r} has no {field!r}"
                    continue
                if not isinstance(value, kind) or isinstance(value, bool):
                    return f"entry {key} of {table!r} has a {field!r} of the wrong kind"
                if kind is list and not all(ITEMS[field](x) if field in ITEMS else isinstance(x, str) for x in value):
                    return f"entry {key} of {table!r} has a {field!r} whose items are of the wrong kind"
            if table == "meta" and "schema" in doc and doc["schema"] < 0:
                return f"its records version {doc['schema']} is not one peerlearn writes"
    return None


def schema_version(data: dict | None) -> int:
    """The records version of a (checked) learner.json mapping; 0 before versions were kept."""
    meta = list(((data or {}).get("meta") or {}).values())
    return meta[0].get("schema", 0) if meta else 0


def _migrate_0_to_1(store: "Store") -> None:
    """Stores from before versioning had no meta table; nothing else changed."""


def _migrate_1_to_2(store: "Store") -> None:
    """Log and journal ids are never given again: record the highest each file has given so
    far. (Every write does the same, so a file that cannot be read now is brought up to date
    the first time it is written.)"""
    for name, table in STABLE_IDS.items():
        try:
            with store._edit(name) as db:
                _note_highest(db, table)
        except StoreDamaged:
            pass


MIGRATIONS = {0: _migrate_0_to_1, 1: _migrate_1_to_2}


def _note_highest(db: TinyDB, table: str, at_least: int = 0) -> int:
    """Keep the highest id `table` has ever given in the file's `last_ids`; returns it."""
    raw = (db.storage.read() or {}).get(table) or {}
    ids = db.table("last_ids")
    counters = ids.get(doc_id=1) or {}
    highest = max([at_least, counters.get(table, 0)] + [int(k) for k in raw])
    if highest != counters.get(table, 0) or not counters:
        if counters:
            ids.update({table: highest}, doc_ids=[1])
        else:
            ids.insert(Document({table: highest}, doc_id=1))
    return highest


def _insert_stable(db: TinyDB, table: str, docs: list[dict]) -> list[int]:
    first = _note_highest(db, table) + 1
    t = db.table(table)
    ids = [t.insert(Document(doc, doc_id=first + i)) for i, doc in enumerate(docs)]
    _note_highest(db, table, ids[-1] if ids else 0)
    return ids


def _pid_alive(pid: int) -> bool:
    """Whether process `pid` is running on this computer."""
    if os.name != "posix":
        return _psutil_alive(pid)  # on Windows os.kill(pid, 0) would stop the process, not probe it
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except (OSError, OverflowError):
        return False
    return True


def _started(pid: int) -> str | None:
    """When process `pid` started, so a reused pid is not mistaken for the process that wrote a
    session: clock ticks since boot from /proc on Linux (free to read), psutil's start time
    elsewhere (macOS, Windows). None when it cannot be told."""
    if sys.platform.startswith("linux"):
        try:
            with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
                return fh.read().rsplit(")", 1)[1].split()[19]
        except (OSError, IndexError):
            return None
    return _psutil_started(pid)


def _psutil_alive(pid: int) -> bool:
    try:
        import psutil
    except ImportError:
        return True  # cannot tell: taken as running, so nothing of its is touched
    return psutil.pid_exists(pid)


def _psutil_started(pid: int) -> str | None:
    try:
        import psutil
    except ImportError:
        return None
    try:
        return f"{psutil.Process(pid).create_time():.3f}"
    except (psutil.Error, OSError, OverflowError):
        return None


def _host() -> str:
    """This computer's name (os.uname where it exists, as it costs nothing; socket elsewhere)."""
    if hasattr(os, "uname"):
        return os.uname().nodename
    import socket

    return socket.gethostname()


def this_process() -> dict:
    return {"host": _host(), "pid": os.getpid(), "started": _started(os.getpid())}


def running_elsewhere(owner) -> bool:
    """Whether `owner` (a this_process() kept with a session) is another peerlearn that is
    running now on this computer."""
    if not isinstance(owner, dict) or owner.get("host") != _host():
        return False
    pid = owner.get("pid")
    if not isinstance(pid, int) or isinstance(pid, bool) or pid <= 0 or pid == os.getpid() or not _pid_alive(pid):
        return False
    return owner.get("started") is None or _started(pid) in (None, owner.get("started"))


class Store:
    def __init__(self, home: str | None = None):
        self.home = os.path.abspath(home or default_home())
        self._lock_depth = 0
        self._lock = None
        self._checked = False
        self._home_checked = False
        self._read_checked = False
        self._learner_id = None

    # -- plumbing -------------------------------------------------------------------------
    def _path(self, name: str) -> str:
        return os.path.join(self.home, name)

    def _check_home(self, create: bool) -> bool:
        """True when the records folder is there (made now if `create`). Refuses a path that is
        not a folder, and a folder that holds other things but no peerlearn records."""
        if self._home_checked:
            return True
        if os.path.lexists(self.home) and not os.path.isdir(self.home):
            raise HomeNotAFolder(self.home)
        if not os.path.isdir(self.home):
            if not create:
                return False
            ensure_private_dir(self.home)
        else:
            names = os.listdir(self.home)
            if names and not any(STORE_NAME.match(n) for n in names):
                raise HomeNotAStore(self.home)
        self._home_checked = True
        return True

    def _read(self, name: str) -> dict | None:
        """A records file's checked mapping (None when there is none), read without the lock:
        every file is replaced whole, so a reader always sees one whole version of it."""
        if not self._read_checked:
            if self._check_home(create=False):
                data = read_json(self._path("learner.json"), shape_problem)
                self._refuse_newer(schema_version(data))
            self._read_checked = True
        return read_json(self._path(name), shape_problem)

    def _refuse_newer(self, version: int) -> None:
        if version > SCHEMA_VERSION:
            raise PeerlearnError(f"{self._path('learner.json')} was written by a newer peerlearn (records version "
                                 f"{version}); please upgrade peerlearn.")

    @contextmanager
    def _edit(self, name: str, keep_backup: bool = True):
        """One locked step on one file: a TinyDB whose changes are written once, at the end."""
        with self.locked():
            db = TinyDB(self._path(name), storage=OneWrite(AtomicJSONStorage), keep_backup=keep_backup,
                        check=shape_problem)
            yield db
            db.storage.flush()

    @contextmanager
    def locked(self, check_version: bool = True):
        """Hold the store's lock (re-entrant within one Store). With `check_version`, the
        store is first brought to this peerlearn's records version (refused if newer)."""
        if self._lock_depth == 0:
            self._check_home(create=True)
            self._acquire(blocking=True)
        self._lock_depth += 1
        try:
            if check_version and not self._checked:
                self._checked = True
                try:
                    self._check_version()
                except BaseException:
                    self._checked = False
                    raise
            yield
        finally:
            self._lock_depth -= 1
            if self._lock_depth == 0:
                self._release()

    @contextmanager
    def _locked_if_free(self):
        """The lock if it can be had at once without making anything (for best-effort cache
        writes by readers); yields whether it was had."""
        if self._lock_depth:
            self._lock_depth += 1
            try:
                yield True
            finally:
                self._lock_depth -= 1
            return
        got = False
        try:
            got = os.path.isdir(self.home) and self._acquire(blocking=False)
        except OSError:
            got = False
        if not got:
            yield False
            return
        self._lock_depth = 1
        try:
            yield True
        finally:
            self._lock_depth = 0
            self._release()

    def _acquire(self, blocking: bool) -> bool:
        """Take the folder's lock (records/lock.py), then clear what dead writers left."""
        from peerlearn.records.lock import FolderLock

        lock = FolderLock(self.home, FILE_MODE)
        if not lock.acquire(blocking):
            return False
        self._lock = lock
        self._clear_leftovers()
        return True

    def _release(self) -> None:
        lock, self._lock = self._lock, None
        if lock is not None:
            lock.release()

    def _clear_leftovers(self) -> None:
        """Temp files of writers that died mid-write: the real file was never touched. Only a
        temp file whose writer is gone (or that is older than any write) is removed, so a live
        writer's file is never taken from under it."""
        now = time.time()
        for name in os.listdir(self.home):
            m = TEMP_NAME.match(name)
            if not m:
                continue
            path = self._path(name)
            try:
                age = now - os.lstat(path).st_mtime
            except FileNotFoundError:
                continue
            pid = int(m.group(1)) if m.group(1) else None
            if age > LEFTOVER_AGE or (pid is not None and pid != os.getpid() and not _pid_alive(pid)):
                try:
                    os.unlink(path)
                except OSError:
                    pass  # gone already, or held open (Windows): the next writer tries again

    def _check_version(self) -> None:
        data = read_json(self._path("learner.json"), shape_problem)
        if data is None:
            with self._edit("learner.json") as db:
                db.table("meta").insert({"schema": SCHEMA_VERSION, "created": now_iso()})
            return
        version = schema_version(data)
        self._refuse_newer(version)
        if version < SCHEMA_VERSION:
            for v in range(version, SCHEMA_VERSION):
                MIGRATIONS[v](self)
            meta = list((data.get("meta") or {}).values())
            created = meta[0].get("created") if meta else None
            with self._edit("learner.json") as db:
                db.table("meta").truncate()
                db.table("meta").insert({"schema": SCHEMA_VERSION, "migrated": now_iso(),
                                         **({"created": created} if created else {})})

    # -- profile --------------------------------------------------------------------------
    def profile(self) -> dict:
        profile = dict(next(iter(((self._read("learner.json") or {}).get("profile") or {}).values()), {}))
        if self._learner_id and not profile.get("learner_id"):
            profile["learner_id"] = self._learner_id
        return profile

    def learner_id(self) -> str:
        """The pseudonymous id exports name the learner by, made and kept the first time it is
        needed. Where it cannot be kept (a read-only copy of the records) it is worked out from
        when the records were started, so every export from that copy agrees."""
        import uuid

        known = self.profile().get("learner_id")
        if known:
            return known
        try:
            return self.set_profile(learner_id=str(uuid.uuid4()))["learner_id"]
        except OSError:
            meta = list(((self._read("learner.json") or {}).get("meta") or {}).values())
            started = (meta[0].get("created") or meta[0].get("migrated") or "") if meta else ""
            self._learner_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"peerlearn:learner:{started or self.home}"))
            return self._learner_id

    def set_profile(self, **fields) -> dict:
        with self._edit("learner.json") as db:
            table = db.table("profile")
            docs = table.all()
            current = dict(docs[0]) if docs else {}
            current.update({k: v for k, v in fields.items() if v is not None})
            table.truncate()
            table.insert(current)
        return current

    # -- quiz responses -------------------------------------------------------------------
    def add_responses(self, responses: list[dict], then=None) -> None:
        """Record responses (each with an ISO 'time'), grouped into their month's file, and
        call `then()` in the same locked step (a session moving past them, say).

        The mastery summary is brought up to date in the same locked step when it was current.
        """
        from peerlearn.engine.mastery import fold

        by_month: dict[str, list] = {}
        for r in responses:
            by_month.setdefault(r["time"][:7], []).append(r)
        with self.locked():
            summary = self._valid_summary(self._stamp())
            for month, items in by_month.items():
                with self._edit(f"responses-{month}.json") as db:
                    db.table("responses").insert_multiple(items)
            if summary is not None and responses and min(r["time"] for r in responses) >= summary["last"]:
                self._write_summary(self._stamp(), fold(summary, sorted(responses, key=lambda r: r["time"])))
            if then is not None:
                then()

    def _response_files(self, since: str = "") -> list[str]:
        return sorted(p for p in glob.glob(self._path("responses-*.json"))
                      if re.search(r"responses-\d{4}-\d{2}\.json$", p) and os.path.basename(p)[10:17] >= since)

    def responses(self, since: str = "") -> list[dict]:
        """Every response, oldest first; with `since` (YYYY-MM), only those from that month on."""
        out = []
        for path in self._response_files(since):
            data = self._read(os.path.basename(path)) or {}
            out += list((data.get("responses") or {}).values())
        out.sort(key=lambda r: r["time"])
        return out

    def _stamp(self) -> dict:
        stamp = {}
        for path in self._response_files():
            try:
                st = os.stat(path)
            except OSError:
                stamp[os.path.basename(path)] = None
                continue
            stamp[os.path.basename(path)] = [st.st_size, st.st_mtime_ns, st.st_ino]
        return stamp

    def _valid_summary(self, stamp: dict) -> dict | None:
        try:
            data = read_json(self._path("summary.json"))
        except StoreDamaged:
            return None  # only a cache: rebuilt from the responses
        from peerlearn.engine.mastery import RULE

        if not data or data.get("files") != stamp:
            return None
        summary = data.get("summary")
        if not (isinstance(summary, dict) and summary.get("rule") == RULE and isinstance(summary.get("last"), str)
                and all(isinstance(summary.get(k), dict) for k in ("competencies", "seen", "attempts"))):
            return None
        return summary

    def _write_summary(self, stamp: dict, summary: dict) -> None:
        """Keep the cache if that can be done; it is never needed, so a failure is let go (and a
        summary.json that is not a plain file is left as it is)."""
        path = self._path("summary.json")
        if os.path.lexists(path) and not (os.path.isfile(path) and not os.path.islink(path)):
            return
        try:
            write_json_atomic(path, {"files": stamp, "summary": summary}, keep_backup=False)
        except OSError:
            pass

    def mastery_summary(self) -> dict:
        """The running mastery summary of every response (engine.mastery.fold), cached."""
        from peerlearn.engine.mastery import empty_summary, fold

        if not self._response_files():
            return empty_summary()  # nothing to cache
        stamp = self._stamp()  # before reading: a change meanwhile makes the cache stale, never wrong
        summary = self._valid_summary(stamp)
        if summary is None:
            summary = fold(empty_summary(), self.responses())
            try:
                with self._locked_if_free() as got:
                    if got and self._stamp() == stamp:
                        self._write_summary(stamp, summary)
            except OSError:
                pass
        return summary

    # -- generic small tables in learner.json ---------------------------------------------
    def _put(self, table: str, key: str, doc: dict) -> None:
        with self._edit("learner.json") as db:
            db.table(table).upsert({**doc, "key": key}, Query().key == key)

    def _get(self, table: str, key: str) -> dict | None:
        docs = ((self._read("learner.json") or {}).get(table) or {}).values()
        return next((dict(d) for d in docs if d.get("key") == key), None)

    def _all(self, table: str, name: str = "learner.json") -> list[dict]:
        data = self._read(name) or {}
        return [dict(v, doc_id=int(k)) for k, v in (data.get(table) or {}).items()]

    def _remove(self, table: str, key: str) -> None:
        with self._edit("learner.json") as db:
            db.table(table).remove(Query().key == key)

    # study progress
    def module_progress(self, module_id: str) -> dict:
        return self._get("modules", module_id) or {}

    def all_module_progress(self) -> dict:
        return {d["key"]: d for d in self._all("modules")}

    def save_module_progress(self, module_id: str, **fields) -> None:
        with self._edit("learner.json") as db:
            t = db.table("modules")
            current = dict(t.get(Query().key == module_id) or {})
            current.update(fields)
            t.upsert({**current, "key": module_id}, Query().key == module_id)

    # paused quiz / checklist sessions: each kept with the process that is playing it
    def session(self, kind: str) -> dict | None:
        return self._get("sessions", kind)

    def save_session(self, kind: str, state: dict) -> None:
        self._put("sessions", kind, {**state, "owner": this_process()})

    def claim_session(self, kind: str) -> dict | None:
        """The paused session of `kind`, now kept as this process's; SessionInUse when another
        peerlearn that is running now is playing it (it is not offered to a second window)."""
        with self._edit("learner.json") as db:
            t = db.table("sessions")
            doc = t.get(Query().key == kind)
            if doc is None:
                return None
            owner = doc.get("owner")
            if running_elsewhere(owner):
                raise SessionInUse(kind, owner["pid"])
            t.update({"owner": this_process()}, Query().key == kind)
            return dict(doc, owner=this_process())

    def clear_session(self, kind: str) -> None:
        self._remove("sessions", kind)

    # checklist runs (answers only; notes the learner writes go to reflections)
    def add_checklist_run(self, run: dict) -> None:
        with self._edit("learner.json") as db:
            db.table("checklist_runs").insert(run)

    def checklist_runs(self) -> list[dict]:
        return self._all("checklist_runs")

    # events: initial-training completion, refreshers, anything recorded once with a date
    def add_event(self, event: dict) -> None:
        with self._edit("learner.json") as db:
            db.table("events").insert(event)

    def events(self, kind: str | None = None) -> list[dict]:
        return [e for e in self._all("events") if kind is None or e.get("kind") == kind]

    # -- reflections (private) -----------------------------------------------------------
    def add_reflection(self, entry: dict) -> int:
        with self._edit("reflections.json") as db:
            return _insert_stable(db, "reflections", [entry])[0]

    def reflections(self) -> list[dict]:
        return sorted(self._all("reflections", "reflections.json"), key=lambda r: r.get("time", ""))

    def _remove_doc(self, name: str, table: str, doc_id: int, keep_backup: bool = True) -> bool:
        """Remove one document; False when there is none with that id."""
        with self._edit(name, keep_backup) as db:
            t = db.table(table)
            if not t.contains(doc_id=doc_id):
                return False
            _note_highest(db, table)
            t.remove(doc_ids=[doc_id])
            return True

    def _copies(self, name: str) -> list[str]:
        """Every copy of the file `name` in the folder: itself, .bak, .damaged, temp files."""
        pattern = re.compile(rf"^\.?{re.escape(name)}(?:$|\.)")
        return [self._path(n) for n in sorted(os.listdir(self.home)) if pattern.match(n)]

    def _erase(self, paths) -> None:
        import shutil

        for path in paths:
            try:
                if os.path.isdir(path) and not os.path.islink(path):
                    shutil.rmtree(path)
                else:
                    os.unlink(path)
            except FileNotFoundError:
                pass

    def delete_reflection(self, doc_id: int) -> bool:
        """Remove one reflection. The backup and any leftover temp file, which may hold it, go
        first, and the new file is written without a backup: once the entry is gone, no copy of
        it is left (a crash part-way leaves the entry in place, not in a backup)."""
        with self.locked():
            if not any(r["doc_id"] == doc_id for r in self._all("reflections", "reflections.json")):
                return False
            self._erase(p for p in self._copies("reflections.json") if not p.endswith(("reflections.json", ".damaged")))
            return self._remove_doc("reflections.json", "reflections", doc_id, keep_backup=False)

    def forget_reflections(self) -> None:
        """Erase every copy of the reflections. Nothing else needs to be readable for this."""
        with self.locked(check_version=False):
            self._erase(self._copies("reflections.json"))
            # a paused checklist points at its reflection; so does the backup taken of it
            try:
                data = read_json(self._path("learner.json"), shape_problem)
                self._refuse_newer(schema_version(data))
            except PeerlearnError:
                return  # not readable by this peerlearn: left exactly as it is
            self._erase(self._copies("learner.json.bak"))
            if data and data.get("sessions"):
                with self._edit("learner.json", keep_backup=False) as db:
                    db.table("sessions").remove(Query().key.one_of(["study", "reflect"]))

    def forget_all(self) -> None:
        """Erase every file peerlearn keeps, whatever state it is in (damaged, from a newer
        peerlearn, a backup, a copy, a leftover)."""
        with self.locked(check_version=False):
            self._erase(self._path(n) for n in sorted(os.listdir(self.home)) if STORE_NAME.match(n) and n != ".lock")
            self._checked = self._read_checked = False

    # -- ongoing-education log ------------------------------------------------------------
    def add_activity(self, entry: dict) -> int:
        return self.add_activities([entry])[0]

    def add_activities(self, entries: list[dict]) -> list[int]:
        with self._edit("log.json") as db:
            return _insert_stable(db, "activities", entries)

    def activities(self) -> list[dict]:
        return sorted(self._all("activities", "log.json"), key=lambda a: (a.get("date", ""), a["doc_id"]))

    def activity(self, doc_id: int) -> dict | None:
        doc = ((self._read("log.json") or {}).get("activities") or {}).get(str(doc_id))
        return dict(doc, doc_id=doc_id) if doc else None

    def update_activity(self, doc_id: int, fields: dict, expect: dict | None = None, check=None) -> bool:
        """Change one activity in one locked step: False when there is none with that id;
        EntryChanged when it is no longer `expect` (as read before asking what to change);
        `check(merged)` raises if the changed entry would not be valid."""
        with self._edit("log.json") as db:
            t = db.table("activities")
            doc = t.get(doc_id=doc_id)
            if doc is None:
                return False
            if expect is not None and dict(doc) != {k: v for k, v in expect.items() if k != "doc_id"}:
                raise EntryChanged(f"#{doc_id} was changed in another window while you were editing it; nothing "
                                   "was saved. 'peerlearn log list' shows it as it is now")
            if check is not None:
                check({**doc, **fields})
            t.update(fields, doc_ids=[doc_id])
            return True

    def remove_activity(self, doc_id: int) -> bool:
        return self._remove_doc("log.json", "activities", doc_id)

    # -- sync to a learning record store --------------------------------------------------
    def sync_state(self, lrs: str) -> dict:
        """What was synced to the LRS at `lrs`: {"acknowledged": set of statement ids,
        "last_synced": ISO time or None, "refused": {id: reason}}."""
        docs = ((self._read("sync.json") or {}).get("lrs") or {}).values()
        doc = next((dict(d) for d in docs if d.get("key") == lrs), {})
        return {"acknowledged": set(doc.get("acknowledged") or ()), "last_synced": doc.get("last_synced"),
                "refused": dict(doc.get("refused") or {})}

    def record_sync(self, lrs: str, acknowledged=(), refused: dict | None = None, synced_at: str | None = None) -> None:
        """Add statement ids the LRS acknowledged (and replace the refused ones, when given),
        in one locked write; `synced_at` stamps a sync that reached the LRS."""
        with self._edit("sync.json") as db:
            table = db.table("lrs")
            doc = table.get(Query().key == lrs)
            doc = dict(doc) if doc else {"key": lrs}
            acked = set(doc.get("acknowledged") or ()) | set(acknowledged)
            doc["acknowledged"] = sorted(acked)
            if refused is not None:
                doc["refused"] = {k: v for k, v in refused.items() if k not in acked}
            if synced_at:
                doc["last_synced"] = synced_at
            table.upsert(doc, Query().key == lrs)
