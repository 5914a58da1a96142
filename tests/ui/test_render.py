"""The one cleaning function and JSON that is safe to print."""
import json
import re

import pytest

from peerlearn.ui.render import clean, heading, json_text, wrap

# What may never reach a terminal from content, a path or a learner's text.
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064"
                       "\u2066-\u2069\ufeff\U000e0000-\U000e007f\ud800-\udfff]")


@pytest.mark.parametrize("text,shown", [
    ("copy\x1b]52;c;cm0gLXJmIH4=\x07 me", "copy me"),           # OSC 52 sets the clipboard
    ("title\x1b]0;pwned\x1b\\ here", "title here"),             # OSC ended by ST
    ("un\x1b]0;never ended\nnext line", "un\nnext line"),        # unterminated: to the line's end
    ("\x1b[31mred\x1b[0m and \x1b[2J", "red and "),              # CSI colours, clear screen
    ("\x9b31mC1 CSI\x9d0;t\x9c!", "C1 CSI!"),                    # 8-bit CSI, OSC and ST
    ("\x1bP1$r\x1b\\dcs", "dcs"),                                # DCS string
    ("\x1bcreset", "reset"),                                     # a short ESC sequence
    ("a\u202eevil\u202c b\u2066i\u2069 c\u200f", "aevil bi c"),    # bidi overrides, isolates, marks
    ("zero\u200bwidth\u200c\u200d\u2060\ufeff", "zerowidth"),
    ("tags\U000e0041\U000e0042\U000e007f", "tags"),
    ("bell\x07 nul\x00 del\x7f cr\r", "bell nul del cr"),
])
def test_clean_removes_every_kind_of_terminal_control_and_hidden_text(text, shown):
    assert clean(text) == shown


def test_clean_keeps_newlines_tabs_and_ordinary_letters():
    text = "Première ligne\n\tcafé, naïve, 平和, عربى, emoji \u2764"
    assert clean(text) == text


def test_clean_shows_undecodable_file_name_bytes_as_a_replacement_character():
    assert clean("rapport-\udcff.yaml") == "rapport-\ufffd.yaml"
    clean("rapport-\udcff.yaml").encode("utf-8")


def test_wrap_and_heading_clean_too():
    assert not FORBIDDEN.search(wrap("a\x1b]52;c;x\x07 b\u202e c") + heading("t\x9b1m\u200bx"))


def test_json_text_escapes_what_could_control_a_terminal_and_reads_back_exactly():
    data = {"title": "a\x1b]52;c;x\x07b\x85\x9b\u202e\u2066\u200b\ufeff\U000e0041 é 平", "k\u2028": ["\udcff"]}
    text = json_text(data)
    assert not FORBIDDEN.search(text)
    assert json.loads(text) == data
    assert "é 平" in text  # letters stay readable
