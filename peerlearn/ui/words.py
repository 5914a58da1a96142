"""What the engine reports as data, said in plain words. One wording for the screen, the home
screen and the transcript; `hints` adds the command that helps (on screen, not in documents)."""
from __future__ import annotations

from datetime import date


def plural(n: float, word: str) -> str:
    return f"{number(n)} {word}{'' if n == 1 else 's'}"


def number(n: float) -> str:
    return str(int(n)) if float(n).is_integer() else f"{n:g}"


def long_date(d) -> str:
    d = d if isinstance(d, date) else date.fromisoformat(str(d)[:10])
    return f"{d.day} {d:%B %Y}"


def describe_completion(it: dict) -> str:
    """How initial training was completed, in a few words."""
    if not it.get("complete"):
        return "in progress"
    if it.get("elsewhere"):
        where = it["elsewhere"].get("provider")
        return f"completed elsewhere{' (' + where + ')' if where else ''} on {it['elsewhere']['date']}"
    if it.get("completed_on"):
        return f"completed on {it['completed_on'][:10]}"
    return "complete"


def describe_missing(item: dict, content, hints: bool = True) -> str:
    """One thing initial training still needs (engine.completion's data)."""
    if item["need"] == "modules":
        titles = {m.id: f"{m.number}. {m.title}" for m in content.modules}
        ids = item["modules"]
        names = ", ".join(titles.get(mid, mid) for mid in ids[:4]) + (f" and {len(ids) - 4} more" if len(ids) > 4 else "")
        return f"Study {len(ids)} more module{'s' if len(ids) != 1 else ''}: {names}."
    if item["need"] == "checklist":
        cid = item["checklist"]
        cl = content.checklist(cid)
        return f"Work through the checklist \"{cl.title if cl else cid}\" once" + (f" (peerlearn reflect {cid})." if hints else ".")
    did = item["domain"]
    title = next((d.title for d in content.framework.domains if d.id == did), did)
    return (f"Reach proficient in every competency of {title} ({did})"
            + (f"; 'peerlearn quiz --domain {did}' helps." if hints else "."))


def _unit(r: dict, n: float) -> str:
    title = r["title"][0].lower() + r["title"][1:]
    if r["measure"] == "hours":
        return f"{number(n)} more hour{'s' if n != 1 else ''} of {title}"
    if r["measure"] == "meetings":
        return f"{number(n)} more community-of-practice meeting{'s' if n != 1 else ''}"
    return f"{number(n)} more {title}" + ("" if n == 1 or title.endswith("s") else "s")


def describe_needed(r: dict) -> str | None:
    """What a requirement still needs (one entry of engine.policy.evaluate's report)."""
    if r["met"]:
        return None
    end = r["window"]["end"]
    if r["ended"]:
        return f"not met: the period ended on {long_date(end)} with {_unit(r, r['remaining'])} needed"
    text = f"{_unit(r, r['remaining'])} by {long_date(end)}"
    if r.get("can_count_in_time") is not None:
        text += (f" (at most {r['monthly_cap']} a month counts, so at most {number(r['can_count_in_time'])} "
                 "more can count in time)")
    return text


def with_needed(report: dict) -> dict:
    """A status report with each requirement's `needed` in words (as `status --json` prints it)."""
    return {**report, "requirements": [{**r, "needed": describe_needed(r)} for r in report["requirements"]]}


def describe_reminder(rem: dict) -> str:
    """A reminder from engine.policy.due_reminders."""
    r = rem["requirement"]
    if rem["kind"] == "due":
        return f"Due soon ({rem['policy']}): {describe_needed(r)}."
    return (f"Overdue from the {rem['year']} training year ({rem['policy']}): {r['title']}, "
            f"{number(r['done'])} of {number(r['required'])}.")
