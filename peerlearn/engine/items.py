"""Item-writing rules: the surface cues that let a test-wise reader find the keyed response
without reading the situation. Pure functions over plain choice texts, used by `validate` (to
warn trainers before learners see an item) and by `bench/surface_cues.py` (to measure a bank).

A question here is a sequence of (text, keyed) pairs: the choices of a single-best-response item,
of a multi-select item, or of one branching step.
"""
from __future__ import annotations

import re
from collections import Counter
from difflib import SequenceMatcher

KEY_LONGEST_MARGIN = 1.25  # keyed choice longer than every distractor by more than this: a cue
RATIO_LOW, RATIO_HIGH = 0.8, 1.25  # the keyed length as a share of the mean distractor length
UNEQUAL_RATIO = 2.0  # longest choice over shortest choice: "very unequal lengths"
NEAR_IDENTICAL = 0.9  # similarity at or above this between two choices: near-identical

_SPACE = re.compile(r"\s+")
_ABOVE = re.compile(r"\b(all|none|both|neither)\s+of\s+the\s+(above|options|choices|answers)\b", re.I)


def norm(text: str) -> str:
    """Text as a reader sees it: white space folded, ends trimmed, case folded."""
    return _SPACE.sub(" ", text).strip().casefold()


def length(text: str) -> int:
    """A choice's length in characters, as a reader sees it."""
    return len(_SPACE.sub(" ", text).strip())


def key_ratio(question) -> float | None:
    """The keyed length over the mean distractor length (single and branching steps: the one
    keyed choice; multi-select: the mean keyed length). None when either side is empty."""
    keyed = [length(t) for t, k in question if k]
    others = [length(t) for t, k in question if not k]
    if not keyed or not others:
        return None
    return (sum(keyed) / len(keyed)) / (sum(others) / len(others))


def key_is_longest(question) -> bool:
    """True when a keyed choice is at least as long as every distractor (single or step)."""
    keyed = [length(t) for t, k in question if k]
    others = [length(t) for t, k in question if not k]
    return bool(keyed and others) and max(keyed) >= max(others)


def key_clearly_longest(question) -> bool:
    """The keyed choice is longer than the longest distractor by more than the margin
    (multi-select: the mean keyed length against the mean distractor length)."""
    keyed = [length(t) for t, k in question if k]
    others = [length(t) for t, k in question if not k]
    if not keyed or not others:
        return False
    if len(keyed) == 1:
        return keyed[0] > KEY_LONGEST_MARGIN * max(others)
    return sum(keyed) / len(keyed) > KEY_LONGEST_MARGIN * (sum(others) / len(others))


def unequal_lengths(question) -> bool:
    lengths = [length(t) for t, _ in question]
    return bool(lengths) and min(lengths) > 0 and max(lengths) > UNEQUAL_RATIO * min(lengths)


def similarity(a: str, b: str) -> float:
    return _similarity(norm(a), norm(b))


def _similarity(a: str, b: str) -> float:
    """difflib's ratio of two normalised texts, skipping the work where lengths alone show it
    is below NEAR_IDENTICAL (the ratio is at most twice the shorter length over both)."""
    if a == b:
        return 1.0
    bound = 2 * min(len(a), len(b)) / ((len(a) + len(b)) or 1)
    if bound < NEAR_IDENTICAL:
        return bound
    quick = _quick_ratio(a, b)
    if quick < NEAR_IDENTICAL:
        return quick
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _quick_ratio(a: str, b: str) -> float:
    """SequenceMatcher(None, a, b).quick_ratio(), the same figure: twice the characters the two
    texts have in common (counted with repeats) over both lengths, without building a matcher."""
    if not a and not b:
        return 1.0
    in_b = Counter(b)
    common = 0
    for char, n in Counter(a).items():
        m = in_b.get(char, 0)
        common += n if n < m else m
    return 2.0 * common / (len(a) + len(b))


def near_identical_pairs(question) -> list[tuple[int, int]]:
    """Index pairs of choices that read the same, or nearly."""
    texts = [norm(t) for t, _ in question]
    return [(i, j) for i in range(len(texts)) for j in range(i + 1, len(texts))
            if _similarity(texts[i], texts[j]) >= NEAR_IDENTICAL]


def mentions_above(text: str) -> bool:
    """'All of the above', 'none of the above' and their kin."""
    return bool(_ABOVE.search(text))


def longest_pick(question) -> int:
    """What a reader who always picks the longest choice picks (the first of equals)."""
    lengths = [length(t) for t, _ in question]
    return lengths.index(max(lengths))


def longer_half_picks(question) -> set[int]:
    """Multi-select, read for length alone: every option at least as long as the mean."""
    lengths = [length(t) for t, _ in question]
    mean = sum(lengths) / len(lengths)
    return {i for i, n in enumerate(lengths) if n >= mean}
