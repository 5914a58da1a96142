"""Fill a records folder with ten years of history: 50,000 answers and 2,000 logged activities."""
from __future__ import annotations

import random
import sys
import uuid
from datetime import datetime, timedelta, timezone

from peerlearn.content.loader import load_content
from peerlearn.records.store import Store


def make_history(home: str, answers: int = 50_000, activities: int = 2_000, years: int = 10, seed: int = 1) -> None:
    rng = random.Random(seed)
    content = load_content()
    scenarios = content.scenarios
    store = Store(home)
    end = datetime.now(timezone.utc) - timedelta(days=1)
    start = end - timedelta(days=365 * years)
    span = (end - start).total_seconds()
    responses = []
    for i in range(answers):
        s = rng.choice(scenarios)
        t = start + timedelta(seconds=span * i / answers)
        responses.append({
            "scenario": s.id, "version": s.version, "type": s.type, "choices": [["", ["a"]]], "ending": None,
            "score": rng.choice([0.0, 0.5, 1.0, 1.0]), "competencies": list(s.competencies), "module": s.module,
            "mode": "quiz", "session": f"bench{i // 10}", "time": t.isoformat(timespec="seconds"),
        })
    store.add_responses(responses)
    kinds = ["training", "cop-meeting", "cop-meeting", "conference", "self-study"]
    entries = []
    for i in range(activities):
        day = (start + timedelta(seconds=span * i / activities)).date().isoformat()
        entries.append({"kind": rng.choice(kinds), "title": f"Activity {i}", "date": day, "hours": rng.choice([1, 1.5, 3, 6]),
                            "categories": [rng.choice(["ethics", "crisis", "peer-support"])], "uuid": str(uuid.UUID(int=rng.getrandbits(128)))})
    store.add_activities(entries)


if __name__ == "__main__":
    make_history(sys.argv[1])
