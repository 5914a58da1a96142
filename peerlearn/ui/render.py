"""Rendering text for the terminal: safe, wrapped, calm."""
from __future__ import annotations

import re
from contextlib import contextmanager
import sys
import shutil
import textwrap

# Escape sequences, whole: CSI (ESC [ or 0x9b ... final byte), the string sequences OSC, DCS,
# SOS, PM and APC up to their terminator (BEL or ST; an unterminated one up to the end of the
# line), and the short ESC sequences. What remains of any control is removed by _INVISIBLE.
_ESCAPES = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]?"
)
# Characters that control the terminal or hide or reorder what is shown: C0 controls but tab
# and newline, DEL and C1 controls; bidirectional marks, embeddings, overrides and isolates
# (U+061C, U+200E-U+200F, U+202A-U+202E, U+2066-U+2069); zero-width characters (U+200B-U+200D,
# U+2060-U+2064, U+FEFF); tag characters (U+E0000-U+E007F). A content pack or a pasted text
# can then never move the cursor, change colours, set the clipboard, retitle the window or make
# a line read differently from what it says.
_HIDING = "\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\U000e0000-\U000e007f"
_INVISIBLE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_HIDING}]")
_SURROGATE = re.compile("[\ud800-\udfff]")  # a file name's undecodable bytes; not printable
_LINE_BREAKS = re.compile("[\u2028\u2029]")


def clean(text) -> str:
    """Text safe to show: escape sequences and the characters that control a terminal or hide
    or reorder text removed; newlines and tabs kept. Every piece of content text, learner text
    and path goes through it before it is shown."""
    text = _ESCAPES.sub("", str(text))
    text = _LINE_BREAKS.sub("\n", _INVISIBLE.sub("", text))
    return _SURROGATE.sub("\ufffd", text)


# What JSON output writes as a \u escape besides the C0 controls json escapes itself: the same
# characters clean() removes, plus lone surrogates. They occur only inside JSON strings, so the
# data reads back exactly and printing it is safe.
_JSON_UNSAFE = re.compile(f"[\x7f-\x9f\u2028\u2029\ud800-\udfff{_HIDING}]")


def json_text(data, indent: int | None = 2) -> str:
    """`data` as JSON that is safe to print and to read back: non-ASCII letters as they are,
    anything that could control a terminal or hide text as a \\u escape."""
    import json

    return _JSON_UNSAFE.sub(_json_escape, json.dumps(data, indent=indent, ensure_ascii=False))


def _json_escape(match) -> str:
    code = ord(match.group())
    if code > 0xFFFF:
        code -= 0x10000
        return "\\u%04x\\u%04x" % (0xD800 + (code >> 10), 0xDC00 + (code & 0x3FF))
    return "\\u%04x" % code


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


def bar(fraction: float | None, cells: int = 12, mark: float | None = None) -> str:
    """A bar of `cells` characters filled to `fraction` (0..1), with `mark` (a fraction, e.g. the
    proficient score) shown as a divider. Drawn on a terminal only: plain mode, the screen-reader
    mode, says the numbers in words instead."""
    filled = int(cells * max(0.0, min(1.0, fraction or 0.0)) + 0.5)  # half up: 2.5 cells fill 3
    out = ["█" if i < filled else "░" for i in range(cells)]
    if mark is not None:
        at = min(cells - 1, round(cells * mark))
        out[at] = "┃" if at >= filled else "▌"
    return "".join(out)


def show_bars(plain: bool) -> bool:
    """Whether to draw bars: not plain mode, and input and output are a terminal."""
    return not plain and sys.stdout.isatty() and sys.stdin.isatty()


@contextmanager
def work_bar(total: int, label: str):
    """A progress bar for long work, on standard error when it is a terminal; nothing at all
    when it is not (piped, redirected, a script). Yields a function to call after each item."""
    import click

    hidden = total < 2 or not sys.stderr.isatty()
    with click.progressbar(length=max(total, 1), label=label, file=sys.stderr, hidden=hidden) as bar:
        yield lambda: bar.update(1)

