"""Checking that text on the screen is wrapped between words and that cut cells say so."""


def words(text: str) -> str:
    """The words of `text`, one space apart: a word broken across lines shows up as two."""
    return " ".join(text.split())


def assert_fits(output: str, columns: int) -> None:
    """No line is longer than the terminal, so the terminal never breaks one inside a word."""
    for line in output.splitlines():
        assert len(line) <= columns, f"{len(line)} > {columns}: {line!r}"


def assert_unbroken(output: str, text: str) -> None:
    """`text` is in the output whole, its words in order, wrapped only between them."""
    assert words(text) in words(output), text


def shown_cell(line: str, text: str) -> str | None:
    """How `text` is shown in `line`: whole, or cut to a start of it that ends with "…"."""
    text = words(text)
    if text in words(line):
        return text
    for k in range(len(text) - 1, 0, -1):
        cut = text[:k].rstrip(" ,;:") + "…"
        if cut in line:
            return cut
    return None
