"""Answer a scenario bank from surface cues alone, without reading any situation.

    python bench/surface_cues.py [FILE_OR_DIR ...] [--detail] [--json]

Every strategy below looks only at the choice texts. A bank that measures competency leaves
each of them near chance. For each file and for the whole bank it prints:

- keyed longest: the share of single items and branching steps whose keyed choice is at least
  as long as every distractor (goal: at most 30%);
- ratio in range: the share whose keyed length is 0.8-1.25x the mean distractor length (goal:
  at least 80%);
- multi keys: how many options each multi-select item keys, out of how many;
- strategy scores over the bank (the mean scenario score, scored as peerlearn scores):
  longest (always the longest choice in characters; multi-select: every option at least as
  long as the mean), the same in words, cue words (the choice with most "values" words such as ask, together, their, choice),
  convergence (the choice sharing most words with the other choices), word model (a naive
  Bayes model of which words mark keyed choices, trained on every other file of the bank and
  tried on this one: it finds vocabulary cues no list names), sentences (the choice with the
  most sentences), no-reason (the choice that does not justify itself with "so", "since" or
  "because"), shortest (always the shortest choice), middle (the choice nearest the median
  length, for a reader who distrusts both extremes), and chance. A score far below chance is a
  cue too: a reader who learns that the key is never the longest simply avoids it. Last, the
  learned reader: a conditional-logit model over all of these surface features at once,
  trained on every other file of the bank (its own word model trained without the file it
  learns from, too) and tried on this one. It uses a cue in whichever direction it points, so
  its score is the best summary of how far surface cues alone get a test-wise reader.
- near-identical choices within a question and identical choices anywhere in the bank.

--detail lists each question with its choice lengths and the cue it gives away.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from peerlearn.engine import items  # noqa: E402
from peerlearn.engine.scoring import display_order  # noqa: E402

CUE_WORDS = {
    "ask", "asks", "asking", "together", "their", "theirs", "choice", "choices", "choose",
    "own", "curious", "curiosity", "explore", "listen", "listening", "invite", "offer",
    "pace", "check", "feel", "feels", "respect", "notice", "wants", "want", "gently",
    "space", "options", "decide", "hers", "his", "what", "how",
}
_WORD = re.compile(r"[a-z']+")


def words(text):
    return _WORD.findall(text.casefold())


def shown(scenario_id, step_id, choices):
    """The choices in the order a learner first sees them, so that a reader who breaks ties by
    taking the first of equals gains nothing from the order the author wrote them in."""
    order = display_order(scenario_id, step_id, len(choices))
    return [choices[i] for i in order]


def questions_of(scenario):
    """(step id, [(text, keyed)], [choice dicts]) for each question of a scenario, in shown order."""
    if scenario["type"] == "branching":
        for step in scenario["steps"]:
            choices = shown(scenario["id"], step["id"], step["choices"])
            yield step["id"], [(c["text"], bool(c.get("correct"))) for c in choices], choices
    else:
        choices = shown(scenario["id"], "", scenario["choices"])
        yield "", [(c["text"], bool(c.get("correct"))) for c in choices], choices


def score(kind, question, picks):
    keyed = {i for i, (_, k) in enumerate(question) if k}
    picks = set(picks)
    if kind != "multi":
        return 1.0 if len(picks) == 1 and picks <= keyed else 0.0
    if not keyed:
        return 0.0
    return max(0.0, (len(picks & keyed) - len(picks - keyed)) / len(keyed))


def cue_pick(question):
    counts = [sum(w in CUE_WORDS for w in words(t)) / max(1, len(words(t))) for t, _ in question]
    return counts.index(max(counts)), counts


_SENTENCE = re.compile(r"[.!?](?:[\"')\u201d]*)(?:\s|$)")
_REASON = re.compile(r"\b(so|since|because|so that)\b", re.I)


def shortest_pick(question):
    lengths = [-items.length(t) for t, _ in question]
    return lengths.index(max(lengths)), lengths


def middle_pick(question):
    lengths = [items.length(t) for t, _ in question]
    mid = sorted(lengths)[len(lengths) // 2]
    closeness = [-abs(n - mid) for n in lengths]
    return closeness.index(max(closeness)), closeness


def sentences_pick(question):
    counts = [len(_SENTENCE.findall(t.strip())) or 1 for t, _ in question]
    return counts.index(max(counts)), counts


def no_reason_pick(question):
    values = [0 if _REASON.search(t) else 1 for t, _ in question]
    return values.index(max(values)), values


def convergence_pick(question):
    bags = [set(words(t)) for t, _ in question]
    shared = []
    for i, b in enumerate(bags):
        others = set().union(*(o for j, o in enumerate(bags) if j != i))
        shared.append(len(b & others) / max(1, len(b)))
    return shared.index(max(shared)), shared


class WordModel:
    """Naive Bayes over the words of keyed and unkeyed choices, with add-one smoothing."""

    def __init__(self, questions):
        import math

        self.log = math.log
        self.counts = {True: {}, False: {}}
        self.totals = {True: 0, False: 0}
        for q in questions:
            for text, keyed in q:
                for w in set(words(text)):
                    self.counts[keyed][w] = self.counts[keyed].get(w, 0) + 1
                    self.totals[keyed] += 1
        self.vocab = len(set(self.counts[True]) | set(self.counts[False])) or 1

    def odds(self, text):
        score = 0.0
        for w in set(words(text)):
            p_key = (self.counts[True].get(w, 0) + 1) / (self.totals[True] + self.vocab)
            p_not = (self.counts[False].get(w, 0) + 1) / (self.totals[False] + self.vocab)
            score += self.log(p_key / p_not)
        return score

    def pick(self, question):
        values = [self.odds(t) for t, _ in question]
        return values.index(max(values)), values


def features(question, word_model):
    """Surface features of each choice, relative to the other choices of its question."""
    import statistics

    lengths = [items.length(t) for t, _ in question]
    sd = statistics.pstdev(lengths) or 1.0
    mean_len = sum(lengths) / len(lengths)
    raw = [
        [(n - mean_len) / sd for n in lengths],
        [1.0 if n == max(lengths) else 0.0 for n in lengths],
        [1.0 if n == min(lengths) else 0.0 for n in lengths],
        sentences_pick(question)[1],
        [1 - v for v in no_reason_pick(question)[1]],
        cue_pick(question)[1],
        [word_model.odds(t) for t, _ in question],
        convergence_pick(question)[1],
    ]
    centred = []
    for column in raw:
        m = sum(column) / len(column)
        centred.append([v - m for v in column])
    return [[col[i] for col in centred] for i in range(len(question))]


class LearnedReader:
    """Conditional logit: P(choice i is the key) = softmax(w . x_i) within its question."""

    def __init__(self, data, steps=300, rate=0.05, l2=0.01):
        import math

        self.exp = math.exp
        dims = len(data[0][0][0]) if data else 0
        self.w = [0.0] * dims
        for _ in range(steps):
            grad = [0.0] * dims
            for xs, key in data:
                scores = [sum(wi * xi for wi, xi in zip(self.w, x)) for x in xs]
                top = max(scores)
                exps = [self.exp(v - top) for v in scores]
                z = sum(exps)
                for x, e in zip(xs, exps):
                    for d in range(dims):
                        grad[d] -= (e / z) * x[d]
                for d in range(dims):
                    grad[d] += xs[key][d]
            self.w = [wi + rate * (g / max(1, len(data)) - l2 * wi) for wi, g in zip(self.w, grad)]

    def values(self, xs):
        return [sum(wi * xi for wi, xi in zip(self.w, x)) for x in xs]

    def pick(self, xs):
        v = self.values(xs)
        return v.index(max(v)), v


# Each reader looks at a question's choices only and returns (its pick, a value per choice);
# on a multi-select item it ticks every option valued at least the mean. The word model and the
# learned reader are trained per file, in analyse().
READERS = {
    "longest": lambda q: (lambda v: (v.index(max(v)), v))([items.length(t) for t, _ in q]),
    "longest_words": lambda q: (lambda v: (v.index(max(v)), v))([len(t.split()) for t, _ in q]),
    "cue": cue_pick,
    "conv": convergence_pick,
    "sent": sentences_pick,
    "noreason": no_reason_pick,
    "short": shortest_pick,
    "mid": middle_pick,
}
SCORES = [("longest", "score_longest_pct"), ("longest_words", "score_longest_words_pct"), ("cue", "score_cue_words_pct"), ("conv", "score_convergence_pct"),
          ("words", "score_word_model_pct"), ("sent", "score_sentences_pct"), ("noreason", "score_no_reason_pct"),
          ("short", "score_shortest_pct"), ("mid", "score_middle_pct"), ("learned", "score_learned_pct")]


def strategy_multi(question, values):
    mean = sum(values) / len(values)
    return {i for i, v in enumerate(values) if v >= mean}


def walk(scenario, pick_fn):
    """Follow a branching scenario choosing by pick_fn; the share of best steps on the path."""
    steps = {s["id"]: s for s in scenario["steps"]}
    node, best, taken, guard = scenario["steps"][0]["id"], 0, 0, 0
    while node in steps and guard < 20:
        step = steps[node]
        choices = shown(scenario["id"], node, step["choices"])
        q = [(c["text"], bool(c.get("correct"))) for c in choices]
        i = pick_fn(q)
        best += q[i][1]
        taken += 1
        node = choices[i].get("next")
        guard += 1
    return best / taken if taken else 0.0


def chance(scenario):
    if scenario["type"] == "single":
        return 1 / len(scenario["choices"])
    if scenario["type"] == "multi":
        # the expected score of picking each option with probability one half
        q = [(c["text"], bool(c.get("correct"))) for c in scenario["choices"]]
        n = len(q)
        total = sum(score("multi", q, {i for i in range(n) if mask >> i & 1}) for mask in range(1 << n))
        return total / (1 << n)
    return sum(1 / len(s["choices"]) for s in scenario["steps"]) / len(scenario["steps"])


def analyse(paths, train=None):
    """Measure the scenario files under `paths`; the word model learns from `train` (default:
    the built-in bank), never from the file it is tried on."""
    def yaml_files(ps):
        out = []
        for p in ps:
            p = Path(p)
            out += sorted(p.rglob("*.yaml")) if p.is_dir() else [p]
        return out

    def scenario_docs(fs):
        for f in fs:
            doc = yaml.safe_load(f.read_text(encoding="utf-8"))
            if isinstance(doc, dict) and doc.get("kind") == "scenario":
                yield f, doc

    files = yaml_files(paths)
    bank = {str(f.resolve()): [q for sc in doc["scenarios"] for _, q, _ in questions_of(sc)]
            for f, doc in scenario_docs(yaml_files(train or [ROOT / "assessments"]))}
    per_file, bank_texts, rows = {}, {}, []
    single_qs = {name: [q for q in qs if sum(k for _, k in q) == 1] for name, qs in bank.items()}
    for f, doc in scenario_docs(files):
        me = str(f.resolve())
        model = WordModel([q for name, qs in bank.items() if name != me for q in qs])
        data = []
        for name, qs in single_qs.items():
            if name == me:
                continue
            inner = WordModel([q for other, oq in bank.items() if other not in (me, name) for q in oq])
            data += [(features(q, inner), next(i for i, (_, k) in enumerate(q) if k)) for q in qs]
        learned = LearnedReader(data)

        readers = dict(READERS, words=model.pick, learned=lambda q, _l=learned, _m=model: _l.pick(features(q, _m)))
        multi_rule = {"words": lambda v: {i for i, x in enumerate(v) if x > 0} or {v.index(max(v))}}
        st = per_file.setdefault(str(f), {"keyed_q": 0, "longest": 0, "in_range": 0, "multi": [], "near": [],
                                          "scen": 0, "s_chance": 0.0, "above": 0, **{f"s_{name}": 0.0 for name, _ in SCORES}})
        for sc in doc["scenarios"]:
            st["scen"] += 1
            kind = sc["type"]
            for step_id, q, raw in questions_of(sc):
                where = sc["id"] + (f"#{step_id}" if step_id else "")
                for i, j in items.near_identical_pairs(q):
                    st["near"].append(f"{where}: {raw[i]['id']} ~ {raw[j]['id']}")
                for c in raw:
                    bank_texts.setdefault(items.norm(c["text"]), []).append(f"{where}:{c['id']}")
                    st["above"] += items.mentions_above(c["text"])
                ratio = items.key_ratio(q)
                lengths = [items.length(t) for t, _ in q]
                if kind == "multi":
                    st["multi"].append((sum(k for _, k in q), len(q)))
                else:
                    st["keyed_q"] += 1
                    st["longest"] += items.key_is_longest(q)
                    st["in_range"] += ratio is not None and items.RATIO_LOW <= ratio <= items.RATIO_HIGH
                rows.append({"item": where, "type": kind, "lengths": lengths,
                             "keyed": [raw[i]["id"] for i, (_, k) in enumerate(q) if k],
                             "ids": [c["id"] for c in raw],
                             "ratio": None if ratio is None else round(ratio, 2),
                             "key_longest": kind != "multi" and items.key_is_longest(q),
                             "cue_pick": raw[cue_pick(q)[0]]["id"], "convergence_pick": raw[convergence_pick(q)[0]]["id"],
                             "word_pick": raw[model.pick(q)[0]]["id"],
                             "word_odds": [round(v, 1) for v in model.pick(q)[1]]})
            for name, read in readers.items():
                if kind == "branching":
                    st[f"s_{name}"] += walk(sc, lambda q, _r=read: _r(q)[0])
                    continue
                q = next(questions_of(sc))[1]
                if kind == "multi":
                    values = read(q)[1]
                    st[f"s_{name}"] += score(kind, q, multi_rule.get(name, lambda v, _q=q: strategy_multi(_q, v))(values))
                else:
                    st[f"s_{name}"] += score(kind, q, {read(q)[0]})
            st["s_chance"] += chance(sc)
    identical = {t: w for t, w in bank_texts.items() if len(w) > 1}
    return per_file, rows, identical


def summarise(st_list):
    tot = {"keyed_q": 0, "longest": 0, "in_range": 0, "multi": [], "near": [], "scen": 0, "s_chance": 0.0, "above": 0,
           **{f"s_{name}": 0.0 for name, _ in SCORES}}
    for st in st_list:
        for k, v in st.items():
            tot[k] = tot[k] + v
    n, q = max(1, tot["scen"]), max(1, tot["keyed_q"])
    return {
        "scenarios": tot["scen"],
        "single_and_step_questions": tot["keyed_q"],
        "keyed_longest_pct": round(100 * tot["longest"] / q, 1),
        "ratio_in_range_pct": round(100 * tot["in_range"] / q, 1),
        "multi_keys": sorted(f"{k}/{m}" for k, m in tot["multi"]),
        **{key: round(100 * tot[f"s_{name}"] / n, 1) for name, key in SCORES},
        "score_chance_pct": round(100 * tot["s_chance"] / n, 1),
        "near_identical_in_question": tot["near"],
        "all_or_none_of_the_above": tot["above"],
    }


def print_markers(paths, top=30):
    """The words whose presence most separates keyed from unkeyed choices over `paths`."""
    qs = []
    for p in paths:
        p = Path(p)
        for f in (sorted(p.rglob("*.yaml")) if p.is_dir() else [p]):
            doc = yaml.safe_load(f.read_text(encoding="utf-8"))
            if isinstance(doc, dict) and doc.get("kind") == "scenario":
                qs += [q for sc in doc["scenarios"] for _, q, _ in questions_of(sc)]
    m = WordModel(qs)
    rows = []
    for w in set(m.counts[True]) | set(m.counts[False]):
        k, d = m.counts[True].get(w, 0), m.counts[False].get(w, 0)
        if k + d >= 6:
            rows.append((m.odds(w), w, k, d))
    rows.sort()
    print("words that mark a DISTRACTOR (word: in keys / in distractors):")
    print("  " + ", ".join(f"{w} {k}/{d}" for _, w, k, d in rows[:top]))
    print("words that mark a KEY (word: in keys / in distractors):")
    print("  " + ", ".join(f"{w} {k}/{d}" for _, w, k, d in reversed(rows[-top:])))
    print(f"(keys hold {sum(1 for q in qs for _, k in q if k)} choices, distractors {sum(1 for q in qs for _, k in q if not k)})")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", default=[str(ROOT / "assessments")])
    ap.add_argument("--detail", action="store_true", help="list every question with its lengths")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--markers", action="store_true", help="list the words that most mark keyed and unkeyed choices")
    a = ap.parse_args(argv)
    per_file, rows, identical = analyse(a.paths)
    if a.markers:
        print_markers(a.paths)
    report = {"bank": summarise(per_file.values()),
              "files": {f: summarise([st]) for f, st in per_file.items()},
              "identical_choice_texts": list(identical.values())}
    if a.json:
        print(json.dumps(report if not a.detail else dict(report, items=rows), indent=1))
        return 0
    if a.detail:
        for r in rows:
            flag = " KEY-LONGEST" if r["key_longest"] else ""
            if r["ratio"] is not None and not (items.RATIO_LOW <= r["ratio"] <= items.RATIO_HIGH) and r["type"] != "multi":
                flag += " RATIO"
            if r["type"] != "multi" and r["word_pick"] in r["keyed"]:
                flag += " WORDS"
            if r["type"] != "multi" and r["convergence_pick"] in r["keyed"]:
                flag += " CONV"
            pairs = " ".join(f"{i}{'*' if i in r['keyed'] else ''}={n}" for i, n in zip(r["ids"], r["lengths"]))
            odds = " ".join(f"{i}:{v:+}" for i, v in zip(r["ids"], r["word_odds"]))
            print(f"{r['item']} [{r['type']}] {pairs} ratio={r['ratio']} word-odds {odds}{flag}")
    print(f"{'file':<40} {'scen':>4} {'keyLong%':>8} {'inRange%':>8} {'longest%':>8} {'lngWd%':>6} {'cue%':>6} {'conv%':>6} {'words%':>6} {'sent%':>6} {'noRsn%':>6} {'short%':>6} {'mid%':>5} {'learn%':>6} {'chance%':>7}")
    for f, st in list(report["files"].items()) + [("BANK", report["bank"])]:
        print(f"{Path(f).name[:40]:<40} {st['scenarios']:>4} {st['keyed_longest_pct']:>8} {st['ratio_in_range_pct']:>8} "
              f"{st['score_longest_pct']:>8} {st['score_longest_words_pct']:>6} {st['score_cue_words_pct']:>6} {st['score_convergence_pct']:>6} "
              f"{st['score_word_model_pct']:>6} {st['score_sentences_pct']:>6} {st['score_no_reason_pct']:>6} "
              f"{st['score_shortest_pct']:>6} {st['score_middle_pct']:>5} {st['score_learned_pct']:>6} {st['score_chance_pct']:>7}")
    b = report["bank"]
    print("multi-select keys:", ", ".join(b["multi_keys"]) or "none")
    print("near-identical choices in a question:", "; ".join(b["near_identical_in_question"]) or "none")
    print("identical choice texts across the bank:", "; ".join(", ".join(w) for w in report["identical_choice_texts"]) or "none")
    print("all/none of the above:", b["all_or_none_of_the_above"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
