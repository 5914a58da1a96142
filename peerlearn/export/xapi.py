"""xAPI 1.0.3 statements for a learning record store.

One statement per module completion, quiz answer, refresher and logged activity. Activity ids
are stable IRIs under a base (configurable); statement ids are UUIDv5 of what they record, so
exporting twice gives the same ids and an LRS can tell repeats.
"""
from __future__ import annotations

import hashlib
import uuid
from datetime import datetime, timezone

from peerlearn.engine import scoring

DEFAULT_BASE = "https://peerlearn.example.org/xapi"
ADL = "http://adlnet.gov/expapi/verbs/"
ACT = "http://adlnet.gov/expapi/activities/"
LANG = "en-CA"
NAMESPACE = uuid.UUID("5d7b8f2e-3c1a-4e59-9f0b-6a2d1c4e8b70")


# Characters an IRI never holds (RFC 3987: spaces, controls, "<>\"{}|\\^`"), besides the
# invisible ones the one cleaning function removes.
_NOT_IN_IRI = frozenset(' <>"{}|\\^`')


def iri_problem(text: str) -> str | None:
    """Why `text` cannot be an activity-id base or an account home page (None when it can):
    an LRS takes only http(s) IRIs, and a `javascript:` or `file:` one would run or leak."""
    from urllib.parse import urlsplit

    from peerlearn.ui.render import clean

    text = str(text)
    if clean(text) != text or any(c in _NOT_IN_IRI or c.isspace() for c in text):
        return "it holds spaces or characters an IRI cannot have"
    try:
        parts = urlsplit(text)
        host = parts.hostname
    except ValueError:
        return "it is not a well-formed IRI"
    if parts.scheme.lower() not in ("http", "https"):
        return "give an http:// or https:// IRI (e.g. https://lms.example.org)"
    if not host:
        return "it names no host (e.g. https://lms.example.org)"
    return None


def verb(name: str) -> dict:
    return {"id": ADL + name, "display": {"en-US": name}}


def actor(profile: dict, base: str) -> dict:
    """The learner: an account (home page and name from the profile), or their mbox."""
    agent = {"objectType": "Agent"}
    if profile.get("name"):
        agent["name"] = profile["name"]
    if profile.get("account_homepage") and profile.get("account_name"):
        agent["account"] = {"homePage": profile["account_homepage"], "name": profile["account_name"]}
    elif profile.get("email"):
        agent["mbox"] = "mailto:" + profile["email"]
    else:
        agent["account"] = {"homePage": base, "name": profile["learner_id"]}
    return agent


def duration(hours) -> str:
    minutes = round(float(hours) * 60)
    h, m = divmod(minutes, 60)
    return "PT" + (f"{h}H" if h else "") + (f"{m}M" if m or not h else "")


def timestamp(value: str) -> str:
    """An ISO 8601 timestamp with a time zone (a bare date is taken as midnight UTC)."""
    if len(value) == 10:
        return value + "T00:00:00Z"
    dt = datetime.fromisoformat(value)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.isoformat()


def activity(iri: str, kind: str, name: str, **definition) -> dict:
    return {"objectType": "Activity", "id": iri, "definition": {"type": ACT + kind, "name": {LANG: name}, **definition}}


def _competencies(content, base, ids) -> list:
    titles = {c.id: c.title for c in content.framework.competencies}
    return [activity(f"{base}/competencies/{cid}", "objective", f"{cid} {titles.get(cid, cid)}") for cid in ids]


def _id(key: str) -> str:
    """uuid.uuid5(NAMESPACE, key) as a string, without building a UUID object (a long record
    has tens of thousands of statements, and `status` counts them)."""
    digest = bytearray(hashlib.sha1(NAMESPACE.bytes + key.encode("utf-8")).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # RFC 4122 variant
    h = digest.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _statement(key: str, agent, verb_name, obj, when, result=None, context=None, extensions=None) -> dict:
    s = {"id": _id(key), "actor": agent, "verb": verb(verb_name), "object": obj,
         "timestamp": timestamp(when), "version": "1.0.3"}
    if result:
        s["result"] = result
    ctx = {"platform": "peerlearn", "language": LANG}
    if context:
        ctx["contextActivities"] = context
    if extensions:
        ctx["extensions"] = extensions
    s["context"] = ctx
    return s


def statements(content, store, base: str = DEFAULT_BASE, year_filter=None, ids_only: bool = False) -> list[dict]:
    """All statements for the learner's record; `year_filter(date_str)` keeps some of them.
    `ids_only` gives only each statement's id ({"id": ...}, unordered), without building the
    rest: enough to count what waits to be synced, at a fraction of the cost."""
    keep = year_filter or (lambda d: True)
    base = base.rstrip("/")
    profile = store.profile()
    agent = actor(profile, base)
    # Statement ids derive from who, what and under which base: the same export twice gives the
    # same ids; a different base gives different statements, so different ids.
    who = f"{base}|" + (agent.get("mbox") or f"{agent['account']['homePage']}|{agent['account']['name']}")
    out = []
    modules = {m.id: m for m in content.modules}
    for mid, prog in store.all_module_progress().items():
        m = modules.get(mid)
        if m and prog.get("completed") and keep(prog["completed"][:10]):
            obj = activity(f"{base}/modules/{mid}", "module", f"Module {m.number}: {m.title}")
            out.append(_statement(f"{who}|module|{mid}|{prog['completed']}", agent, "completed", obj, prog["completed"],
                                  {"completion": True}, {"other": _competencies(content, base, m.competencies)}))
    from peerlearn.engine.mastery import history

    scenarios = {s.id: s for s in content.scenarios}
    responses = store.responses()
    kinds = history(responses) if not ids_only else [(None, None)] * len(responses)  # ids do not need them
    for r, (evidence, attempt) in zip(responses, kinds):
        if not keep(r["time"][:10]):
            continue
        key = f"{who}|answer|{r['scenario']}|{r['time']}|{r.get('session', '')}|{attempt}"
        if ids_only:
            out.append({"id": _id(key)})
            continue
        s = scenarios.get(r["scenario"])
        name = s.title if s else r["scenario"]
        definition = {"interactionType": "choice"}
        if s and s.type != "branching":
            definition["correctResponsesPattern"] = ["[,]".join(c.id for c in s.choices if c.correct)]
            definition["choices"] = [{"id": c.id, "description": {LANG: c.text}} for c in s.choices]
        obj = activity(f"{base}/scenarios/{r['scenario']}", "cmi.interaction", name, **definition)
        response = "[,]".join(cid for _, ids in r["choices"] for cid in ids)
        result = {"score": {"scaled": r["score"], "raw": r["score"], "min": 0, "max": 1},
                  "success": scoring.is_best(r["score"]), "completion": True, "response": response}
        # first, retrieval or practice (peerlearn's evidence rule), and the attempt number: a
        # practice answer is part of the record but is not evidence of competency.
        context = {"other": _competencies(content, base, r["competencies"])}
        extensions = {f"{base}/extensions/evidence": evidence, f"{base}/extensions/attempt": attempt}
        if r.get("module") and r["module"] in modules:
            m = modules[r["module"]]
            context["parent"] = [activity(f"{base}/modules/{m.id}", "module", f"Module {m.number}: {m.title}")]
        out.append(_statement(key, agent, "answered", obj, r["time"], result, context, extensions))
    for e in store.events("refresher"):
        if not keep(e["time"][:10]):
            continue
        score = float(e.get("score", 0))
        obj = activity(f"{base}/refresher/{e['year']}", "assessment", f"Annual refresher {e['year']}")
        comps = sorted({c.id for c in content.framework.competencies})
        out.append(_statement(f"{who}|refresher|{e['year']}|{e['time']}", agent, "passed" if scoring.refresher_passed(score) else "completed", obj, e["time"],
                              {"score": {"scaled": round(score, 4)}, "completion": True, "success": scoring.refresher_passed(score)},
                              {"other": _competencies(content, base, comps)}))
    checklists = {c.id: c for c in content.checklists}
    for run in store.checklist_runs():
        if not run.get("completed") or not keep(run["completed"][:10]):
            continue
        cl = checklists.get(run["checklist"])
        obj = activity(f"{base}/checklists/{run['checklist']}", "assessment", cl.title if cl else run["checklist"])
        # the answers stay on the learner's computer: a checklist is reflection, not a test
        out.append(_statement(f"{who}|checklist|{run['checklist']}|{run['completed']}", agent, "completed", obj,
                              run["completed"], {"completion": True}))
    for e in store.events("initial-training-complete"):
        if not keep(e["time"][:10]):
            continue
        obj = activity(f"{base}/initial-training/{e.get('policy', 'default')}", "course", "Initial peer support training")
        comps = sorted({c.id for c in content.framework.competencies})
        out.append(_statement(f"{who}|initial-training|{e.get('policy', 'default')}|{e['time']}", agent, "completed", obj,
                              e["time"], {"completion": True}, {"other": _competencies(content, base, comps)}))
    for a in store.activities():
        if not keep(a["date"]):
            continue
        kind = {"cop-meeting": "meeting", "training": "course", "conference": "meeting"}.get(a["kind"], "lesson")
        obj = activity(f"{base}/log/{a.get('uuid') or a['doc_id']}", kind, a["title"])
        verb_name = "attended" if a["kind"] in ("cop-meeting", "training", "conference") else "completed"
        result = {"duration": duration(a["hours"]), "completion": True}
        # An edited entry gets a new statement id: an LRS refuses a differing statement under an old id.
        fields = "|".join(str(a.get(k, "")) for k in ("kind", "title", "date", "hours"))
        if a.get("categories"):
            fields += "|" + ";".join(a["categories"])
        # the kind and categories travel too, so a coordinator's team report can apply the same
        # policy rules to statements read back from an LRS as `status` applies to the log
        extensions = {f"{base}/extensions/kind": a["kind"], f"{base}/extensions/categories": list(a.get("categories") or [])}
        out.append(_statement(f"{who}|log|{a.get('uuid') or a['doc_id']}|{fields}", agent, verb_name, obj, a["date"], result,
                              extensions=extensions))
    if ids_only:
        return [{"id": s["id"]} for s in out]
    out.sort(key=lambda s: s["timestamp"])
    return out


def learner_statements(content, store, base: str | None = None, year_filter=None, create_id: bool = True,
                       ids_only: bool = False) -> list[dict]:
    """The learner's statements under their profile's base, as `export --format xapi` and `sync`
    send them. An anonymous learner is given an account id once (create_id), so that their
    statement ids stay the same from one export or sync to the next; a read-only caller passes
    create_id=False and gets the same statements under a stand-in id (the same count)."""
    profile = store.profile()
    base = base or profile.get("xapi_base") or DEFAULT_BASE
    if profile.get("learner_id"):
        return statements(content, store, base, year_filter, ids_only)
    # Store.learner_id keeps a new id in the profile, or works one out on a read-only copy
    learner = store.learner_id() if create_id else "not-yet-assigned"
    view = _ProfileView(store, dict(profile, learner_id=learner))
    return statements(content, view, base, year_filter, ids_only)


class _ProfileView:
    """A store whose profile is given (everything else is read from the store)."""

    def __init__(self, store, profile: dict):
        self._store, self._profile = store, profile

    def profile(self) -> dict:
        return self._profile

    def __getattr__(self, name):
        return getattr(self._store, name)
