"""Self-contained HTML (inline CSS, no scripts, no external assets) for explanations.

Per note: the text with each word's background coloured by its score, green for words that
raise the explained class's probability and red for words that lower it, stronger for larger
magnitudes (scaled to the note's largest); unsigned scores (attention rollout) are blue. Each
word's score is in its tooltip. The note text appears only in these explicitly asked-for files.
"""

from __future__ import annotations

import html

from meddx.explain._base import Explanation

__all__ = ["render_global_html", "render_note_html"]

_STYLE = """
body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;margin:2rem;max-width:60rem;color:#111}
h1{font-size:1.3rem}h2{font-size:1.1rem;margin-top:2rem}
.note{line-height:2;border:1px solid #ddd;border-radius:6px;padding:1rem;white-space:pre-wrap}
.w{border-radius:3px;padding:0 1px}.meta{color:#555;font-size:.9rem}
.legend span{display:inline-block;padding:0 .5rem;margin-right:.5rem;border-radius:3px}
table{border-collapse:collapse;margin:.5rem 0 1.5rem}td,th{padding:.2rem .6rem;text-align:left;
border-bottom:1px solid #eee}.bar{display:inline-block;height:.7rem;background:#16a34a}
.bar.neg{background:#dc2626}
"""

_POS, _NEG, _UNSIGNED = (22, 163, 74), (220, 38, 38), (37, 99, 235)


def _colour(score: float, scale: float, signed: bool) -> str:
    alpha = 0.0 if scale <= 0 else min(abs(score) / scale, 1.0) * 0.8
    r, g, b = (_POS if score >= 0 else _NEG) if signed else _UNSIGNED
    return f"rgba({r},{g},{b},{alpha:.3f})"


def _highlight(text: str, e: Explanation) -> str:
    scale = max((abs(s) for s in e.scores), default=0.0)
    parts, cursor = [], 0
    for w, (start, end), s in zip(e.words, e.offsets, e.scores, strict=True):
        parts.append(html.escape(text[cursor:start]))
        parts.append(f'<span class="w" style="background:{_colour(s, scale, e.signed)}" '
                     f'title="{html.escape(w)}: {s:+.4g}">{html.escape(text[start:end])}</span>')
        cursor = end
    parts.append(html.escape(text[cursor:]))
    return "".join(parts)


def _legend(signed: bool) -> str:
    if not signed:
        return ('<p class="legend"><span style="background:rgba(37,99,235,.6)">attention share'
                '</span>(unsigned, the same for every class)</p>')
    return ('<p class="legend"><span style="background:rgba(22,163,74,.6)">raises</span>'
            '<span style="background:rgba(220,38,38,.6)">lowers</span>the probability of the '
            'explained class; stronger colour, larger effect</p>')


def render_note_html(text: str, explanations: list[Explanation], *, title: str = "note") -> str:
    """One page for one note, a section per method."""
    sections = []
    for e in explanations:
        info = ", ".join(f"{k}={v:.4g}" if isinstance(v, float) else f"{k}={v}"
                         for k, v in e.info.items())
        sections.append(
            f"<h2>{html.escape(e.method)}</h2>"
            f'<p class="meta">class <b>{html.escape(e.target)}</b>, model probability '
            f"{e.probability:.3f}{' (' + html.escape(info) + ')' if info else ''}</p>"
            f"{_legend(e.signed)}<div class=\"note\">{_highlight(text, e)}</div>")
    return _page(f"meddx explanation: {title}", "".join(sections))


def render_global_html(result: dict, *, title: str = "top terms per class") -> str:
    """Tables of the top terms per class from :func:`~meddx.explain.global_terms`."""
    body = [f'<p class="meta">method {html.escape(str(result.get("method")))}, '
            f'{result.get("n_notes")} notes, terms in at least {result.get("min_notes")} notes of '
            "the class; score = mean contribution per note predicted as the class</p>"]
    for label, entry in result["classes"].items():
        terms = entry["terms"]
        scale = max((abs(t["mean_per_note"]) for t in terms), default=0.0) or 1.0
        rows = "".join(
            f"<tr><td>{html.escape(t['term'])}</td><td>{t['mean_per_note']:+.4f}</td>"
            f"<td><span class=\"bar{' neg' if t['mean_per_note'] < 0 else ''}\" "
            f"style=\"width:{abs(t['mean_per_note']) / scale * 12:.2f}rem\"></span></td>"
            f"<td>{t['notes']}</td></tr>" for t in terms)
        body.append(f"<h2>{html.escape(label)} ({entry['n_notes']} notes)</h2>"
                    "<table><tr><th>term</th><th>score</th><th></th><th>notes</th></tr>"
                    f"{rows}</table>")
    return _page(f"meddx explanations: {title}", "".join(body))


def _page(title: str, body: str) -> str:
    return (f"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
            f"{html.escape(title)}</title><style>{_STYLE}</style></head><body>"
            f"<h1>{html.escape(title)}</h1>{body}</body></html>\n")
