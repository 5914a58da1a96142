"""Rendering text for the terminal: safe, wrapped, calm."""
from __future__ import annotations

import re
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
    return max(40, min(100, shutil.get_terminal_size((80, 24)).columns) - 2)


def wrap(text: str, indent: str = "") -> str:
    """Wrap each paragraph of `text` to the terminal, keeping blank lines and list items."""
    out = []
    for para in re.split(r"\n\s*\n", clean(text).strip()):
        lines = para.splitlines()
        if lines and all(re.match(r"\s*([-*•]|\d+[.)])\s", ln) for ln in lines):
            for ln in lines:
                out.append(textwrap.fill(ln.strip(), width(), initial_indent=indent, subsequent_indent=indent + "  "))
        else:
            out.append(textwrap.fill(" ".join(ln.strip() for ln in lines), width(), initial_indent=indent, subsequent_indent=indent))
        out.append("")
    return "\n".join(out).rstrip("\n")


def heading(text: str) -> str:
    text = clean(text)
    return f"{text}\n{'-' * min(len(text), width())}"
