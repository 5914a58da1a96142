"""Question banks in the formats trainers already use: Moodle XML and GIFT.

Both formats go through one neutral shape, `BankItem`: a multiple-choice question with a
title, a stem (the situation and the question), and answers that each carry a Moodle grade
fraction and feedback. `items_from_content` makes them from peerlearn scenarios (skipping the
branching ones, which Moodle's multichoice cannot hold), `moodle_xml` and `gift` write and read
them, and `scenario_documents` turns imported ones into scenario YAML for `peerlearn validate`.

The grade fractions reproduce peerlearn's scoring exactly (see `fractions`): a single-best-
response item is worth 100% for the keyed choice and 0 for the others; a select-all-that-apply
item gives each keyed option +100/k % and each other option -100/k %, k being the number of
keyed options. Moodle adds up the fractions of the options picked and keeps the total between
0 and 100%, which is (keyed picked - others picked) / k, never below 0: peerlearn's rule.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

# Where peerlearn puts its questions in a Moodle question bank; a module is a sub-category.
CATEGORY_ROOT = "$course$/top/peerlearn"

# Moodle accepts only these grade fractions on import (question_bank::fraction_options_full(),
# also negated); anything else is refused, so every fraction written must be one of them.
MOODLE_FRACTIONS = (1.0, 0.9, 0.8333333, 0.8, 0.75, 0.7, 0.6666667, 0.6, 0.5, 0.4, 0.3333333, 0.3,
                    0.25, 0.2, 0.1666667, 0.1428571, 0.125, 0.1111111, 0.1, 0.05, 0.0)

CONTENT_NOTE = "Content note: "
COMPETENCY = re.compile(r"^(PSP|WRB|DIE|FCC|CEP)-[1-6]$")
MODULE_ID = re.compile(r"^m[0-9]{2}-[a-z0-9-]+$")
SCENARIO_ID = re.compile(r"^[a-z][a-z0-9-]{1,63}$")


@dataclass(frozen=True)
class BankAnswer:
    """One answer of a multiple-choice question: its text, feedback and grade fraction (-1..1)."""

    text: str
    feedback: str
    fraction: float


@dataclass(frozen=True)
class BankItem:
    """A multiple-choice question as Moodle holds it. `single` is one answer (radio buttons);
    otherwise several may be picked (checkboxes)."""

    name: str
    situation: str
    question: str
    single: bool
    answers: tuple[BankAnswer, ...]
    idnumber: str = ""
    tags: tuple[str, ...] = ()
    category: str = ""
    content_note: str = ""


@dataclass
class ReadResult:
    """What a bank file held: the questions peerlearn can take, and what it left out."""

    items: list[BankItem] = field(default_factory=list)
    skipped: dict = field(default_factory=dict)  # question type -> how many

    def skip(self, qtype: str) -> None:
        self.skipped[qtype] = self.skipped.get(qtype, 0) + 1


def moodle_fraction(value: float) -> float:
    """The Moodle grade fraction equal to value (to Moodle's 7 decimal places), or ValueError."""
    for f in MOODLE_FRACTIONS:
        for candidate in (f, -f):
            if abs(value - candidate) < 0.00001:
                return candidate
    raise ValueError(f"Moodle has no grade fraction {value}")


def fractions(kind: str, correct: list[bool]) -> list[float]:
    """Grade fractions that make Moodle score an item as peerlearn does.

    single: 1 for the keyed choice, 0 for the others. multi: +1/k for each keyed option and -1/k
    for each other one (k keyed options), so Moodle's clamped sum of the picked options equals
    peerlearn's max(0, (keyed picked - others picked) / k). With at most 6 options, 1/k is always
    one of Moodle's fractions; an item with nothing keyed cannot be written (ValueError).
    """
    k = sum(correct)
    if kind == "single":
        return [1.0 if c else 0.0 for c in correct]
    if k == 0:
        raise ValueError("a select-all-that-apply item with no keyed option")
    share = moodle_fraction(1 / k)
    return [share if c else -share for c in correct]


def percent(fraction: float) -> str:
    """A fraction as Moodle writes a grade: percent with up to 5 decimals (33.33333, -50, 100)."""
    text = f"{fraction * 100:.5f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def items_from_content(scenarios) -> tuple[list[BankItem], list[str]]:
    """The bank's single and multi scenarios as Moodle questions, and the ids of the branching
    ones left out (Moodle's multichoice has no steps or endings)."""
    items, skipped = [], []
    for s in scenarios:
        if s.type not in ("single", "multi"):
            skipped.append(s.id)
            continue
        shares = fractions(s.type, [c.correct for c in s.choices])
        items.append(BankItem(
            name=s.title, situation=s.situation, question=s.question or "", single=s.type == "single",
            answers=tuple(BankAnswer(c.text, c.feedback, f) for c, f in zip(s.choices, shares)),
            idnumber=s.id, tags=tuple(s.competencies),
            category=f"{CATEGORY_ROOT}/{s.module}" if s.module else CATEGORY_ROOT,
            content_note=s.content_note or "",
        ))
    return items, skipped


# ---- text: peerlearn's plain paragraphs <-> the HTML Moodle shows -------------------------------

def paragraphs_html(text: str) -> str:
    """Plain text as HTML paragraphs: a blank line starts a paragraph, a line break is <br>."""
    paras = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    return "".join("<p>" + "<br>".join(html.escape(line.strip(), quote=False) for line in p.splitlines()) + "</p>"
                   for p in paras)


def inline_html(text: str) -> str:
    """An answer or a feedback as HTML: one paragraph stays inline, several become <p>s."""
    paras = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    if len(paras) > 1:
        return paragraphs_html(text)
    return "<br>".join(html.escape(line.strip(), quote=False) for line in text.strip().splitlines())


def stem_html(item: BankItem) -> str:
    """The question text Moodle shows: the content note (if any), the situation, then the
    question in its own paragraph, which is how an import tells them apart again."""
    note = f"<p><em>{html.escape(CONTENT_NOTE + item.content_note, quote=False)}</em></p>" if item.content_note else ""
    return note + paragraphs_html(item.situation) + paragraphs_html(item.question)


class _Text(HTMLParser):
    """Collects the text of HTML, one entry per block (paragraph, list item, heading, div)."""

    BLOCKS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "ul", "ol", "table"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.current: list[str] = []

    def _flush(self):
        text = "".join(self.current)
        text = "\n".join(" ".join(line.split()) for line in text.split("\n")).strip()
        if text:
            self.blocks.append(text)
        self.current = []

    def handle_starttag(self, tag, attrs):
        if tag == "br":
            self.current.append("\n")
        elif tag in self.BLOCKS:
            self._flush()

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag in self.BLOCKS:
            self._flush()

    def handle_data(self, data):
        self.current.append(data.replace("\n", " "))

    def close(self):
        super().close()
        self._flush()


def html_blocks(text: str) -> list[str]:
    """The paragraphs of an HTML fragment as plain text, whitespace tidied, entities decoded."""
    parser = _Text()
    parser.feed(text)
    parser.close()
    return parser.blocks


def plain_blocks(text: str) -> list[str]:
    """The paragraphs of plain (or Moodle auto-format) text: blank lines separate them."""
    return ["\n".join(" ".join(line.split()) for line in p.strip().splitlines())
            for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]


def split_stem(blocks: list[str]) -> tuple[str, str, str]:
    """(content note, situation, question) from a question text's paragraphs. The last paragraph
    is the question when there are several; a single paragraph ending in a question has its
    last sentence taken as the question; otherwise the question is left as a TODO."""
    note = ""
    if blocks and blocks[0].startswith(CONTENT_NOTE) and len(blocks) > 1:
        note, blocks = blocks[0][len(CONTENT_NOTE):].strip(), blocks[1:]
    if len(blocks) > 1:
        return note, "\n\n".join(blocks[:-1]), blocks[-1]
    text = blocks[0] if blocks else ""
    m = re.match(r"^(.*[.!?\"')])\s+([^.!?]*\?)$", text, re.S)
    if m:
        return note, m.group(1).strip(), m.group(2).strip()
    return note, text or "TODO: the situation", "TODO: the question the learner answers"


def text_of(blocks: list[str]) -> str:
    """Paragraphs joined back into peerlearn's plain text."""
    return "\n\n".join(blocks)


# ---- imported questions -> scenario YAML ---------------------------------------------------------

TODO_COMPETENCY = "TODO"


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:48].strip("-")
    return slug or "question"


def _scenario_id(item: BankItem, taken: set) -> str:
    base = item.idnumber if SCENARIO_ID.match(item.idnumber or "") else "sc-" + _slug(item.name or item.question)
    ident, n = base, 2
    while ident in taken:
        ident = f"{base[:60]}-{n}"
        n += 1
    taken.add(ident)
    return ident


def scenarios_from_items(items: list[BankItem], taken=()) -> tuple[list[dict], list[str]]:
    """Scenario documents for imported questions, and a note for each question whose Moodle
    grading peerlearn's scoring does not reproduce. Competencies come from tags that are
    competency ids; without any, `TODO` is left for the trainer (validate flags it)."""
    taken, scenarios, notes, renamed = set(taken), [], [], []
    for item in items:
        ident = _scenario_id(item, taken)
        if SCENARIO_ID.match(item.idnumber or "") and ident != item.idnumber:
            renamed.append(f"{item.idnumber} as {ident}")
        kind = "single" if item.single else "multi"
        if item.single:
            keyed = [a.fraction >= 0.99999 for a in item.answers]
            if any(0 < a.fraction < 0.99999 for a in item.answers):
                notes.append(f"{ident}: Moodle gave part marks to a second-best answer; peerlearn gives "
                             f"credit only to the best response")
        else:
            keyed = [a.fraction > 0 for a in item.answers]
            if any(keyed):
                expected = fractions("multi", keyed)
                if any(abs(a.fraction - f) > 0.00001 for a, f in zip(item.answers, expected)):
                    notes.append(f"{ident}: its answer weights differ from peerlearn's rule (each keyed option "
                                 f"+1/k, each other option -1/k), which peerlearn will use")
        competencies = [t for t in item.tags if COMPETENCY.match(t)]
        module = item.category.rsplit("/", 1)[-1] if item.category else ""
        doc = {"id": ident, "type": kind, "title": (item.name or "TODO: a short title")[:120]}
        if MODULE_ID.match(module):
            doc["module"] = module
        doc["competencies"] = Flow(competencies or [TODO_COMPETENCY])
        if item.content_note:
            doc["content_note"] = item.content_note
        doc["situation"] = item.situation
        doc["question"] = item.question
        doc["choices"] = []
        for n, (a, correct) in enumerate(zip(item.answers, keyed)):
            choice = {"id": _choice_id(n), "text": a.text or "TODO: the choice"}
            if correct:
                choice["correct"] = True
            choice["feedback"] = a.feedback or "TODO: why this choice helps or not, in terms of the standards"
            doc["choices"].append(choice)
        scenarios.append(doc)
    if renamed:
        notes.append(f"{len(renamed)} id number{'s are' if len(renamed) != 1 else ' is'} already used by the content "
                     f"peerlearn has, so the scenario{'s were' if len(renamed) != 1 else ' was'} given a new id: "
                     + ", ".join(renamed))
    return scenarios, notes


def _choice_id(n: int) -> str:
    return "abcdefghijklmnopqrstuvwxyz"[n] if n < 26 else f"c{n + 1}"


class Flow(list):
    """A list written on one line in YAML ([PSP-2, FCC-1])."""


def scenario_yaml(scenarios: list[dict], header: str) -> str:
    """A scenario file: the header comment lines, then the documents as readable YAML."""
    import yaml

    class Dumper(yaml.SafeDumper):
        pass

    Dumper.add_representer(Flow, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True))
    Dumper.add_representer(str, lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", v,
                                                                style="|" if "\n" in v else None))
    body = yaml.dump({"kind": "scenario", "scenarios": scenarios}, Dumper=Dumper, sort_keys=False,
                     allow_unicode=True, width=100, default_flow_style=False, indent=2)
    return header + body
