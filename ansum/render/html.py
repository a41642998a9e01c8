"""HTML renderer: one self-contained HTML5 document, no scripts, inline CSS.

Arabic blocks carry ``dir="rtl" lang="ar"`` and English blocks ``dir="ltr"
lang="en"`` (W3C, "Structural markup and right-to-left text in HTML"), so a
browser applies the Unicode bidi algorithm correctly.  Every user string is
sanitized (:mod:`ansum.render.safe`) and then escaped with
``html.escape(quote=True)``; highlights are ``<mark class="speaker|verb|quote|figure">``
around pieces split at span boundaries.  A Content-Security-Policy meta tag
forbids scripts and remote loads as a second line of defence.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from ansum.render import common
from ansum.render.base import RenderOptions
from ansum.render.safe import sanitize_line
from ansum.render.spans import claim_en_spans, claim_spans, safe_pieces
from ansum.schema import Brief, Claim, Span

_CSS = """\
body{font-family:system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem;\
line-height:1.6;color:#222}
[lang=ar]{font-family:"Noto Naskh Arabic","Amiri","Geeza Pro",serif;font-size:1.1em}
article+article{border-top:2px solid #ccc;margin-top:2rem}
.meta,.note,.provenance,.input{color:#666}
mark{padding:0 .1em;border-radius:.2em}
mark.speaker{background:#d5eef7;font-weight:bold}
mark.verb{background:none;color:inherit;font-style:italic}
mark.quote{background:#e2f5e2}
mark.figure{background:#fff0a8;font-weight:bold}
.flag{color:#9a5b00;font-weight:bold}
.warnings{color:#8a6d00}
.claim{margin:0 0 1rem;overflow-wrap:anywhere}
.claim p{margin:.2rem 0}
.num{font-weight:bold}
.figures{color:#666;font-size:.9em}
.meta{overflow-wrap:anywhere}
"""

_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; base-uri 'none'"


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


#: The page style, Content-Security-Policy and escaping, shared with
#: :mod:`ansum.render.digest_html` (the daily brief uses the same house style).
BASE_CSS, CSP, escape = _CSS, _CSP, _esc


def highlighted(text: str, spans: Sequence[tuple[Span | None, str]]) -> str:
    """Return ``text`` sanitized, HTML-escaped, with ``<mark class=STYLE>`` at ``spans``."""
    out = []
    for piece, style in safe_pieces(text, spans):
        out.append(f'<mark class="{style}">{_esc(piece)}</mark>' if style else _esc(piece))
    return "".join(out).strip()


class HtmlRenderer:
    """One HTML5 document: each brief an ``<article>`` (naming its input when there are
    several), inline CSS, ``dir``/``lang`` on every block."""

    name = "html"
    separator = None

    def render(self, briefs: Sequence[Brief], options: RenderOptions) -> str:
        """Render ``briefs`` in input order (see :class:`ansum.render.base.Renderer`).

        Returns:
            The document, ``<!DOCTYPE html>`` to ``</html>`` and a final newline.
        """
        title = common.heading(briefs[0]) if len(briefs) == 1 else "ansum briefs"
        parts = [
            "<!DOCTYPE html>",
            '<html lang="ar">',
            "<head>",
            '<meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            '<meta name="generator" content="ansum">',
            f"<title>{_esc(title)}</title>",
            f"<style>\n{_CSS}</style>",
            "</head>",
            "<body>",
        ]
        for brief in briefs:
            parts += _article(brief, several=len(briefs) > 1)
        parts += ["</body>", "</html>"]
        return "\n".join(parts) + "\n"


def _article(brief: Brief, *, several: bool) -> list[str]:
    out = ["<article>", "<header>"]
    if several:
        out.append(
            f'<p class="input" dir="ltr" lang="en">Input: '
            f"<bdi>{_esc(sanitize_line(brief.name) or '-')}</bdi></p>"
        )
    out.append(f'<h1 dir="auto">{_esc(common.heading(brief))}</h1>')
    meta = common.meta_items(brief)
    if meta:
        items = " · ".join(f"{label}: <bdi>{_esc(v)}</bdi>" for label, v in meta)
        out.append(f'<p class="meta" dir="ltr" lang="en">{items}</p>')
    out.append("</header>")

    out += ['<section class="summary" dir="rtl" lang="ar">', f"<h2>{common.AR_SUMMARY}</h2>"]
    out += _list([highlighted(s.ar, []) for s in brief.summary])
    out.append("</section>")

    out += ['<section class="english" dir="ltr" lang="en">', f"<h2>{common.EN_SUMMARY}</h2>"]
    note = common.english_note(brief)
    if note:
        out.append(f'<p class="note">{_esc(note)}</p>')
    rows = []
    for s in brief.summary:
        if s.en is not None:
            rows.append(highlighted(s.en, []) + _flag(s.flags))
        elif note is None:
            rows.append(f'<span class="note">{_esc(common.NO_TRANSLATION)}</span>')
    out += _list(rows) if rows else []
    out.append("</section>")

    # no direction on the section: each claim is its own block with its own direction
    out += ['<section class="claims">', f'<h2 dir="ltr" lang="en">{common.CLAIMS}</h2>']
    out += _claims(brief, brief.claims)
    out.append("</section>")

    if brief.warnings:
        out += ['<section class="warnings" dir="ltr" lang="en">', f"<h2>{common.WARNINGS}</h2>"]
        out += _list([_esc(sanitize_line(w)) for w in brief.warnings])
        out.append("</section>")
    provenance = common.provenance_line(brief)
    if provenance:
        out.append(f'<footer class="provenance" dir="ltr" lang="en">{_esc(provenance)}</footer>')
    out.append("</article>")
    return out


def _list(items: list[str]) -> list[str]:
    if not items:
        return ['<p class="note">(none)</p>']
    return ["<ul>", *(f"<li>{item}</li>" for item in items), "</ul>"]


def _flag(flags: Sequence[str]) -> str:
    text = common.flags_text(flags)
    return f' <span class="flag">⚠ {_esc(text)}</span>' if text else ""


def _claims(brief: Brief, claims: Sequence[Claim]) -> list[str]:
    """One ``<div class="claim">`` per claim: the numbered Arabic sentence and its
    speaker in an ``rtl`` block, the English and its figures in an ``ltr`` block."""
    if not claims:
        return ['<p class="note" dir="ltr" lang="en">(none)</p>']
    out = []
    for number, claim in enumerate(claims, 1):
        ar = highlighted(claim.text, claim_spans(claim))
        out.append('<div class="claim">')
        out.append(f'<p dir="rtl" lang="ar"><span class="num">{number}.</span> {ar}</p>')
        if claim.speaker is None and claim.inherited_speaker:
            name = _esc(sanitize_line(claim.inherited_speaker))
            out.append(f'<p class="who" dir="rtl" lang="ar">— <mark class="speaker">{name}</mark>'
                       f' <bdi class="note" lang="en">{common.NAMED_EARLIER}</bdi></p>')
        if claim.en is not None:
            en = highlighted(claim.en, claim_en_spans(claim))
            who = common.en_speaker_label(claim)
            if who:
                en += f' — <mark class="speaker">{_esc(who)}</mark>'
        else:
            en = f'<span class="note">{_esc(common.NO_TRANSLATION)}</span>'
        out.append(f'<p dir="ltr" lang="en">{en}{_flag(claim.flags)}</p>')
        if claim.figures:
            figures = _esc(common.english_figures(brief, claim))
            out.append(f'<p class="figures" dir="ltr" lang="en">Figures: {figures}</p>')
        out.append("</div>")
    return out
