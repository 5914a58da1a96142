"""The Markdown transcript shows titles and names as text: no injected links, HTML or cells."""
from peerlearn.records.store import Store


def test_markdown_escapes_what_a_name_or_title_could_inject(run, isolated_home):
    name = "Sam [click](javascript:alert(1)) <img src=x onerror=alert(1)> | cell ![i](x) *b* `c`"
    Store(str(isolated_home)).set_profile(name=name)
    md = run("transcript").stdout
    heading = md.splitlines()[0]
    assert heading == ("# Peer support training record: Sam \\[click\\](javascript:alert(1)) \\<img src=x onerror=alert(1)\\> "
                       "\\| cell \\!\\[i\\](x) \\*b\\* \\`c\\`")
    html = run("transcript", "--format", "html").stdout
    assert "<img" not in html and "&lt;img" in html


def test_a_table_cell_stays_one_cell(run, isolated_home):
    Store(str(isolated_home)).add_activity({"kind": "training", "title": "A | B\nC", "date": "1999-05-01", "hours": 1.0})
    md = run("transcript", "--year", "1999").stdout
    row = next(line for line in md.splitlines() if line.startswith("| 1999-05-01"))
    assert row == "| 1999-05-01 | training | A \\| B C | 1 |"
