"""GIFT question files (Moodle's plain-text format), multiple-choice questions only.

Written as Moodle's GIFT importer (question/format/gift/format.php) reads them: a blank line
between questions, `$CATEGORY:` lines for the modules, `::name::`, the text in `[html]`, answers
`=` (the keyed one of a single-answer question) or `~` with a `%weight%` (select all that apply),
`#feedback` after each answer, and `// [id:...] [tag:...]` comment lines (Moodle 4.x reads the
id number and tags from them; older versions ignore the comment). The characters GIFT gives a
meaning to (~ = # { } : and the backslash) are escaped with a backslash, and line breaks as \\n.
"""
from __future__ import annotations

import re

from peerlearn.errors import BankUnreadable
from peerlearn.interchange import (BankAnswer, BankItem, ReadResult, html_blocks, inline_html, percent,
                                   plain_blocks, split_stem, stem_html, text_of)

SPECIAL = "~=#{}:"


def escape(text: str) -> str:
    """Text with GIFT's special characters escaped, so Moodle reads them as themselves."""
    out = text.replace("\\", "\\\\")
    for ch in SPECIAL:
        out = out.replace(ch, "\\" + ch)
    return out.replace("\r", "").replace("\n", "\\n")


def _comment_value(text: str) -> str:
    return text.replace("]", "\\]").replace("\n", " ")  # as Moodle reads [id:...] and [tag:...]


def write(items: list[BankItem], comment: str = "") -> str:
    """The questions as a GIFT file (UTF-8 text)."""
    out = [f"// {line}" for line in comment.splitlines()] + ([""] if comment else [])
    category = None
    for item in items:
        if item.category and item.category != category:
            out += [f"$CATEGORY: {item.category}", ""]
            category = item.category
        marks = ([f"[id:{_comment_value(item.idnumber)}]"] if item.idnumber else []) + \
                [f"[tag:{_comment_value(t)}]" for t in item.tags]
        if marks:
            out.append("// " + " ".join(marks))
        out.append(f"::{escape(item.name)}::[html]{escape(stem_html(item))}{{")
        for a in item.answers:
            if item.single:
                mark = "=" if a.fraction >= 1 else ("~" if a.fraction == 0 else f"~%{percent(a.fraction)}%")
            else:
                mark = f"~%{percent(a.fraction)}%"
            feedback = f"#{escape(inline_html(a.feedback))}" if a.feedback else ""
            out.append(f"\t{mark}{escape(inline_html(a.text))}{feedback}")
        out += ["}", ""]
    return "\n".join(out)


# ---- reading ----------------------------------------------------------------------------------

# Placeholders for escaped characters while a question is taken apart (as Moodle does it).
_ESCAPES = {"\\:": "\x00058", "\\#": "\x00035", "\\=": "\x00061", "\\{": "\x00123", "\\}": "\x00125",
            "\\~": "\x00126", "\\n": "\x00010"}
_BACK = {"\x00058": ":", "\x00035": "#", "\x00061": "=", "\x00123": "{", "\x00125": "}", "\x00126": "~",
         "\x00010": "\n"}
_WEIGHT = re.compile(r"^%(-?[0-9]+(?:\.[0-9]*)?)%")


def _pre(text: str) -> str:
    text = text.replace("\\\\", "\x00092")
    for esc, ph in _ESCAPES.items():
        text = text.replace(esc, ph)
    return text.replace("\x00092", "\\")


def _post(text: str) -> str:
    for ph, ch in _BACK.items():
        text = text.replace(ph, ch)
    return text


def _format(text: str, default: str) -> tuple[str, str]:
    """(format, text) of a GIFT text that may start with [html], [moodle], [plain] or [markdown]."""
    m = re.match(r"^\[(html|moodle|plain|markdown)\]", text)
    if m:
        return m.group(1), text[m.end():]
    return default, text


def _blocks(text: str, fmt: str) -> list[str]:
    text = _post(text.strip())
    if fmt == "html" or (fmt != "plain" and "<" in text):
        return html_blocks(text)
    return plain_blocks(text)


def _questions(text: str):
    """(first line number, comment lines, question lines) for each blank-line-separated block."""
    block, comments, start = [], [], 0
    for n, line in enumerate(text.splitlines() + [""], 1):
        if not line.strip():
            if block:
                yield start, comments, block
            block, comments = [], []
            continue
        if line.strip().startswith("//"):
            comments.append(line.strip()[2:])
            continue
        if not block:
            start = n
        block.append(line)


def _marks(comments: list[str]) -> tuple[str, tuple[str, ...]]:
    text = " ".join(comments)
    idm = re.search(r"\[id:((?:\\]|[^\]])+)\]", text)
    tags = re.findall(r"\[tag:((?:\\]|[^\]])+)\]", text)
    unesc = lambda s: s.replace("\\]", "]").strip()  # noqa: E731
    return (unesc(idm.group(1)) if idm else ""), tuple(unesc(t) for t in tags)


def read(text: str, source: str) -> ReadResult:
    """The multiple-choice questions of a GIFT file; other question types are counted as
    skipped. A question with an answer section that does not close raises BankUnreadable."""
    result = ReadResult()
    category = ""
    for line_no, comments, lines in _questions(text):
        body = _pre("\n".join(lines).strip())
        if body.startswith("$CATEGORY:"):
            category = body[len("$CATEGORY:"):].strip()
            continue
        name = ""
        if body.startswith("::"):
            end = body.find("::", 2)
            if end != -1:
                name, body = _post(body[2:end]).strip(), body[end + 2:].strip()
        start, finish = body.find("{"), body.find("}")
        if start == -1 and finish == -1:
            result.skip("description")
            continue
        if start == -1 or finish == -1 or finish < start:
            raise BankUnreadable(source, f"the question at line {line_no} has a {{ or }} without its partner "
                                         f"(write \\{{ or \\}} for a brace in the text)")
        answer_text = body[start + 1:finish].strip()
        stem = body[:start] + ("" if body.endswith("}") else "_____" + body[finish + 1:])
        if "####" in answer_text:
            answer_text = answer_text[:answer_text.rfind("####")].strip()
        if not answer_text:
            result.skip("essay")
            continue
        if answer_text.startswith("#"):
            result.skip("numerical")
            continue
        if "~" not in answer_text:
            kind = "matching" if ("=" in answer_text and "->" in answer_text) else \
                "truefalse" if answer_text.split("#")[0].strip() in ("T", "TRUE", "F", "FALSE") else "shortanswer"
            result.skip(kind)
            continue
        fmt, stem = _format(stem.strip(), "moodle")
        single = "=" in answer_text
        answers = []
        for raw in answer_text.replace("=", "~=").split("~"):
            raw = raw.strip()
            if not raw:
                continue
            if raw.startswith("="):
                fraction, raw = 1.0, raw[1:]
            else:
                m = _WEIGHT.match(raw)
                fraction, raw = (float(m.group(1)) / 100, raw[m.end():]) if m else (0.0, raw)
            answer, _, feedback = raw.partition("#")
            afmt, answer = _format(answer.strip(), fmt)
            ffmt, feedback = _format(feedback.strip(), fmt)
            answers.append(BankAnswer(text_of(_blocks(answer, afmt)), text_of(_blocks(feedback, ffmt)), fraction))
        idnumber, tags = _marks(comments)
        note, situation, question = split_stem(_blocks(stem, fmt))
        result.items.append(BankItem(name=name, situation=situation, question=question, single=single,
                                     answers=tuple(answers), idnumber=idnumber, tags=tags, category=category,
                                     content_note=note))
    return result
