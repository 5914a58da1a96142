"""The competency-profile chart: inline SVG, well-formed, no script, its numbers in text too."""
import re
import xml.etree.ElementTree as ET

from peerlearn.export.chart import BAR, competency_svg

NS = "{http://www.w3.org/2000/svg}"
DOMAINS = [{"id": "PSP", "title": "Peer <specialised> & proficiencies", "competencies": [
    {"id": "PSP-1", "title": "Many paths", "level": "proficient", "score": 0.9, "scenarios": 3},
    {"id": "PSP-2", "title": "Self-determination", "level": "developing", "score": 0.25, "scenarios": 1},
    {"id": "PSP-3", "title": "Mutuality", "level": "not started", "score": None, "scenarios": 0}]}]


def test_bars_are_proportional_to_the_score_and_say_their_numbers():
    svg = ET.fromstring(competency_svg(DOMAINS, 0.8))
    assert not svg.findall(f".//{NS}script")
    widths = [int(r.get("width")) for r in svg.iter(f"{NS}rect") if r.get("fill") != "#eeeeee"]
    assert widths == [round(BAR * 0.9), round(BAR * 0.25), 0]
    texts = " ".join(t.text or "" for t in svg.iter(f"{NS}text"))
    assert "90%, 3 scenarios: proficient" in texts and "25%, 1 scenario: developing" in texts and "no evidence yet" in texts
    assert "Peer <specialised> & proficiencies" in texts  # escaped in the markup, read back as text
    assert "proficient (80%)" in texts


def test_the_html_transcript_carries_the_chart(run):
    page = run("transcript", "--format", "html").stdout
    (svg,) = re.findall(r"<svg.*?</svg>", page, re.S)
    ET.fromstring(svg)
    assert "<script" not in page
