"""Rendering text for the terminal: safe, wrapped, calm."""
from __future__ import annotations

import re
import shutil
import textwrap

# C0 and C1 control characters except tab and newline; this removes escape sequences' starters,
# so content from a pack can never move the cursor, change colours or retitle the terminal.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")


def clean(text: str) -> str:
    """Text with terminal control and escape sequences removed."""
    return _CONTROL.sub("", _ANSI.sub("", str(text)))


def width() -> int:
    """Columns to write in: the terminal's, less a margin, and never past 100 (long lines are hard
    to read) or under 40."""
    return max(40, min(100, shutil.get_terminal_size((80, 24)).columns) - 2)


def height() -> int:
    """Rows of the terminal (24 when it cannot be told)."""
    return shutil.get_terminal_size((80, 24)).lines


def fill(text: str, room: int, indent: str = "", hang: str | None = None) -> str:
    """One paragraph in lines of at most `room` characters, broken only between words (a word
    longer than a line keeps its own line whole). `hang` indents the lines after the first."""
    return textwrap.fill(" ".join(text.split()), room, initial_indent=indent,
                         subsequent_indent=indent if hang is None else hang,
                         break_long_words=False, break_on_hyphens=False)


def wrap(text: str, indent: str = "", hang: str | None = None) -> str:
    """Wrap each paragraph of `text` to the terminal, keeping blank lines and list items; words
    are never broken. `hang` indents the lines after the first of each paragraph."""
    out = []
    for para in re.split(r"\n\s*\n", clean(text).strip()):
        lines = para.splitlines()
        if lines and all(re.match(r"\s*([-*•]|\d+[.)])\s", ln) for ln in lines):
            for ln in lines:
                out.append(fill(ln, width(), indent, indent + "  "))
        else:
            out.append(fill(" ".join(lines), width(), indent, hang))
        out.append("")
    return "\n".join(out).rstrip("\n")


def cut(text: str, room: int) -> str:
    """`text` on one line of at most `room` characters. When it does not fit it is cut (after a
    whole word when that keeps most of the room) and ends with "…", so a table cell
    shows that something was left out and never runs into the next column. Text that fits on
    one line is kept as it is."""
    text = clean(text)
    if len(text) <= room and "\n" not in text:
        return text
    text = " ".join(text.split())
    if len(text) <= room:
        return text
    head = text[: room - 1]
    if text[room - 1] != " " and len(head.rsplit(" ", 1)[0]) >= 0.6 * room:
        head = head.rsplit(" ", 1)[0]  # after a whole word, unless that leaves out too much
    return head.rstrip(" ,;:") + "…"


def row(cells: list[tuple[str, int]], tail: str = "", indent: str = "", gap: int = 1) -> str:
    """One row of a table: each (text, width) cell cut to fit and padded (a negative width
    aligns it right), then `tail`, free text `gap` spaces after the cells: on the same line
    when it fits there, else on the next line when it fits there, else starting on the same
    line and going on below; always wrapped between words, under the second cell."""
    parts = []
    for text, w in cells:
        text = cut(str(text), abs(w))
        parts.append(text.rjust(-w) if w < 0 else text.ljust(w))
    line = indent + " ".join(parts) + " " * gap
    tail = " ".join(clean(tail).split())
    if not tail:
        return line.rstrip()
    under = " " * (len(indent) + abs(cells[0][1]) + 1) if cells else indent
    if len(line) + len(tail) <= width():
        return line + tail
    if len(under) + len(tail) > width() and len(line) + len(tail.split()[0]) <= width():
        return fill(tail, width(), line, under)
    return line.rstrip() + "\n" + fill(tail, width(), under)


def heading(text: str) -> str:
    """A title over a rule as long as its longest line."""
    text = fill(clean(text), width())
    return f"{text}\n{'-' * max(len(ln) for ln in text.splitlines() or [''])}"
