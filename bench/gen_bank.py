"""Generate a bank of valid scenario files for benchmarking `peerlearn validate`."""
from __future__ import annotations

import os
import sys

COMPETENCIES = [f"{d}-{i}" for d, n in (("PSP", 5), ("WRB", 6), ("DIE", 6), ("FCC", 5), ("CEP", 3)) for i in range(1, n + 1)]

SINGLE = """\
# yaml-language-server: $schema=../schemas/scenario.schema.json
kind: scenario
scenarios:
  - id: bench-{n}
    type: single
    title: Generated scenario {n}
    competencies: [{comp}]
    difficulty: {diff}
    sources:
      - document: 002_8b3e37ec1431e5b5.txt
        section: Standards of practice
    situation: >-
      A peer you have been meeting with for some weeks tells you about a decision they are
      weighing (generated case {n}). They ask what you think they should do.
    question: How do you respond to the decision in generated case {n}?
    choices:
      - id: a
        text: Ask what matters most to them about the decision, and listen.
        correct: true
        feedback: >-
          This honours self-determination (PSP-2): the person is the expert on their own life.
      - id: b
        text: Tell them what you would do in their place.
        feedback: >-
          Well meant, but advice-giving runs against self-determination (PSP-2).
      - id: c
        text: Suggest they ask someone else.
        feedback: >-
          Handing the question on can leave the person feeling unheard (FCC-5).
"""


def generate(folder: str, count: int = 2000) -> None:
    os.makedirs(folder, exist_ok=True)
    for n in range(count):
        with open(os.path.join(folder, f"bench-{n:05d}.yaml"), "w", encoding="utf-8") as fh:
            fh.write(SINGLE.format(n=n, comp=COMPETENCIES[n % 25], diff=1 + n % 3))


if __name__ == "__main__":
    generate(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 2000)
