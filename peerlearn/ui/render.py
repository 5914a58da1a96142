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
