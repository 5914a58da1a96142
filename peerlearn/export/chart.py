"""An inline SVG chart of a competency profile: one bar per competency towards the proficient
mark, grouped by domain. No JavaScript and no external files, so it prints on paper and opens
anywhere; the bars carry their numbers as text too, for screen readers and for black-and-white
printing."""
from __future__ import annotations

from html import escape

ROW, LABEL, BAR, GAP = 18, 250, 300, 6
LEVEL_FILL = {"proficient": "#2e7d32", "developing": "#b26a00", "not started": "#9e9e9e"}


def competency_svg(domains: list[dict], mark: float, title: str = "Competency profile") -> str:
    """`domains`: [{"id", "title", "competencies": [{"id", "title", "level", "score", "scenarios"}]}];
    `score` 0..1 or None (no evidence yet); `mark` the proficient score (engine.mastery)."""
    rows = []
    y = 24
    for d in domains:
        rows.append(f'<text x="0" y="{y + 12}" font-weight="bold">{escape(d["id"])}: {escape(_short(d["title"], 60))}</text>')
        y += ROW + 2
        for c in d["competencies"]:
            score = c.get("score")
            width = round(BAR * max(0.0, min(1.0, score or 0.0)))
            fill = LEVEL_FILL.get(c["level"], "#9e9e9e")
            n = c.get("scenarios")
            count = f", {n} scenario{'s' if n != 1 else ''}" if n is not None else ""
            shown = "no evidence yet" if score is None else f"{round(score * 100)}%{count}: {c['level']}"
            rows.append(
                f'<g><title>{escape(c["id"])} {escape(c["title"])}: {escape(shown)}</title>'
                f'<text x="8" y="{y + 12}">{escape(c["id"])} {escape(_short(c["title"], 30))}</text>'
                f'<rect x="{LABEL}" y="{y + 2}" width="{BAR}" height="{ROW - GAP}" fill="#eeeeee"/>'
                f'<rect x="{LABEL}" y="{y + 2}" width="{width}" height="{ROW - GAP}" fill="{fill}"/>'
                f'<text x="{LABEL + BAR + 8}" y="{y + 12}">{escape(shown)}</text></g>')
            y += ROW
        y += GAP
    x_mark = LABEL + round(BAR * mark)
    height = y + 4
    return (f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{escape(title)}" '
            f'viewBox="0 0 {LABEL + BAR + 190} {height}" width="100%" font-family="system-ui, sans-serif" font-size="11">'
            f'<title>{escape(title)}</title>'
            f'<text x="{x_mark}" y="12" text-anchor="middle">proficient ({round(mark * 100)}%)</text>'
            + "".join(rows)
            + f'<line x1="{x_mark}" y1="16" x2="{x_mark}" y2="{height}" stroke="#222" stroke-dasharray="3 2"/></svg>')


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


TEAM_FILL = (("proficient", "#2e7d32"), ("developing", "#b26a00"), ("not started", "#bdbdbd"))


def team_svg(domains: dict, workers: int, title: str = "Team competency profile") -> str:
    """One stacked bar per domain: how many workers are proficient, developing and not started
    in it (`domains`: {id: {"title", "proficient", "developing", "not started"}}); the counts are
    written beside each bar too."""
    rows, y = [], 26
    for did, d in domains.items():
        x = LABEL
        rows.append(f'<text x="0" y="{y + 12}">{escape(did)} {escape(_short(d["title"], 36))}</text>')
        for level, fill in TEAM_FILL:
            n = d.get(level, 0)
            w = round(BAR * n / workers) if workers else 0
            if w:
                rows.append(f'<rect x="{x}" y="{y + 2}" width="{w}" height="{ROW - GAP}" fill="{fill}">'
                            f'<title>{escape(did)}: {n} {level}</title></rect>')
            x += w
        words = ", ".join(f"{d.get(level, 0)} {level}" for level, _ in TEAM_FILL)
        rows.append(f'<text x="{LABEL + BAR + 8}" y="{y + 12}">{escape(words)}</text>')
        y += ROW + 4
    key = "".join(f'<rect x="{LABEL + i * 110}" y="4" width="10" height="10" fill="{fill}"/>'
                  f'<text x="{LABEL + i * 110 + 14}" y="13">{level}</text>' for i, (level, fill) in enumerate(TEAM_FILL))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{escape(title)}" '
            f'viewBox="0 0 {LABEL + BAR + 260} {y + 4}" width="100%" font-family="system-ui, sans-serif" font-size="11">'
            f'<title>{escape(title)}</title>{key}' + "".join(rows) + "</svg>")

