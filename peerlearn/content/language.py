"""Person-first language check: labelling words and the person-first phrase to use instead.

Built from the person-first table in the B.C. Standards of Practice (labelling phrase vs
person-first phrase) and common person-first practice in peer support.
"""
from __future__ import annotations

import re

# (pattern, what was written, suggestion). Patterns are matched case-insensitively on word edges.
RULES: tuple[tuple[str, str], ...] = (
    (r"addicts?", "a person who uses substances, or a person living with an addiction"),
    (r"alcoholics?", "a person who uses alcohol, or a person living with an alcohol use problem"),
    (r"junkies?", "a person who uses drugs"),
    (r"crackheads?", "a person who uses drugs"),
    (r"schizophrenics?", "a person living with schizophrenia"),
    (r"diabetics?", "a person with diabetes"),
    (r"anorexics?", "a person living with anorexia"),
    (r"homeless (?:person|people|man|men|woman|women|folks?|youth)", "a person experiencing homelessness"),
    (r"the homeless", "people experiencing homelessness"),
    (r"the mentally ill", "people living with a mental health condition"),
    (r"mentally ill (?:person|people|man|woman|patients?)", "a person living with a mental health condition"),
    (r"(?:a|the) psychotics?|psychotics", "a person experiencing psychosis"),
    (r"bipolar (?:person|people|man|woman)", "a person living with bipolar disorder"),
    (r"manic[- ]depressives?", "a person living with bipolar disorder"),
    (r"(?:substance|drug|alcohol) abusers?", "a person who uses substances"),
    (r"drug users?", "a person who uses drugs"),
    (r"committed suicide", "died by suicide"),
    (r"crazy", "a description of what the person is experiencing"),
    (r"lunatics?", "a person experiencing distress"),
    (r"mental patients?", "a person using mental health services"),
    (r"the disabled", "people with disabilities"),
    (r"handicapped", "a person with a disability"),
    (r"suffers? from|suffering from", "lives with, or is experiencing"),
    (r"non-?compliant", "a description of the person's choice, e.g. 'has decided not to take'"),
    (r"(?:stayed|staying|stays|stay|got|getting|is|was|being) clean", "not using substances, or in recovery"),
    (r"dirty (?:urine|drug test|test)", "a test that showed substance use"),
)

# One pass over the text: every rule is a named group of a single alternation.
_ONE = re.compile("|".join(rf"(?P<r{i}>\b(?:{pattern})\b)" for i, (pattern, _) in enumerate(RULES)), re.IGNORECASE)


# A word from every rule: text containing none of them cannot match, and plain substring tests
# are far cheaper than the regular expression.
_TRIGGERS = ("addict", "alcoholic", "junkie", "crackhead", "schizophrenic", "diabetic", "anorexic",
             "homeless", "mentally ill", "psychotic", "bipolar", "manic", "abuser", "drug user",
             "committed suicide", "crazy", "lunatic", "mental patient", "disabled", "handicapped",
             "suffer", "compliant", "clean", "dirty")


def find_labels(text: str, allowed: frozenset[str] = frozenset()) -> list[tuple[int, str, str]]:
    """Labelling phrases in `text`: (offset, the phrase as written, the person-first alternative).

    A phrase is skipped when it, or one of its words, is in `allowed` (the trainer's allow_terms).
    """
    low = text.lower()
    if not any(map(low.__contains__, _TRIGGERS)):
        return []
    found = []
    for match in _ONE.finditer(text):
        phrase = match.group(0)
        lowered = phrase.lower()
        if any(w in allowed or w.rstrip("s") in allowed for w in [lowered, *lowered.split()]):
            continue
        found.append((match.start(), phrase, RULES[int(match.lastgroup[1:])][1]))
    return found
