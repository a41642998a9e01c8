"""HTML daily brief: one self-contained page (inline CSS, no script, no network).

A table of contents links to the stories; each story is a ``<details>`` (the top story
open; a browser opens a closed one when its link is followed) holding its articles,
summary, key claims and a table of the figures compared.  As in
:mod:`ansum.render.html`: Arabic blocks carry ``dir="rtl" lang="ar"`` and English
blocks ``dir="ltr" lang="en"``, each claim's blocks carry their own direction, Arabic
inside an English line is isolated in ``<bdi>``, every user string is sanitized and
``html.escape``-d, and a Content-Security-Policy forbids scripts and remote loads.
Long words and URLs wrap (``overflow-wrap:anywhere``) so nothing overflows a 400 px
viewport; links are written only for ``http``/``https`` addresses.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ansum.render import common
from ansum.render import digest_common as dc
from ansum.render.base import RenderOptions
from ansum.render.html import BASE_CSS, CSP, highlighted
from ansum.render.html import escape as _esc

_DIGEST_CSS = """\
body{max-width:60rem;overflow-wrap:anywhere}
nav.toc ol{padding-inline-start:1.5rem}
nav.toc li{margin:.2rem 0}
.counts{color:#666;font-size:.9em;white-space:nowrap}
details.story{border-top:2px solid #ccc;margin-top:1.5rem;padding-top:.5rem}
details.story>summary{cursor:pointer;list-style-position:inside}
.story-body{scroll-margin-top:6rem}
details.story>summary>h2{display:inline;font-size:1.3em;margin:0}
details.story>summary>.counts{display:block;text-align:end}
[lang=ar] [lang=en]{font-family:system-ui,sans-serif;font-size:.9em}
h3{font-size:1.05em;margin:1rem 0 .3rem}
.articles li{margin:.4rem 0}
.articles p{margin:0}
.url{font-size:.9em}
code{font-size:.9em;overflow-wrap:anywhere}
.table{max-width:100%;overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:.95em}
th,td{border:1px solid #ddd;padding:.2rem .4rem;vertical-align:top;overflow-wrap:anywhere}
th{background:#f4f4f4;text-align:start;overflow-wrap:normal}
.src{color:#666;font-size:.9em}
"""


def render_html(digest: dc.Digest, options: RenderOptions) -> str:
    """Render the digest as one HTML5 document.

    Args:
        digest: the daily-brief dict (docs: digest shape).
        options: unused (a page has no width or colour setting).

    Returns:
        The document, ``<!DOCTYPE html>`` to ``</html>`` and a final newline.
    """
    rows = dc.overview_rows(digest)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en" dir="ltr">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="ansum">',
        f"<title>{_esc(dc.DIGEST_TITLE)} {_esc(dc.text(digest.get('generated_at')))}</title>",
        f"<style>\n{BASE_CSS}{_DIGEST_CSS}</style>",
        "</head>",
        "<body>",
        '<header dir="ltr" lang="en">',
        f"<h1>{_esc(dc.DIGEST_TITLE)}</h1>",
        '<ul class="meta">',
        *(f"<li>{label}: <bdi>{_esc(value)}</bdi></li>" for label, value in dc.run_lines(digest)),
        "</ul>",
    ]
    for heading, entries in (("Skipped inputs", dc.skipped(digest)),
                             (common.WARNINGS, dc.warnings(digest))):
        if entries:
            parts += [f'<section class="warnings"><h2>{heading}</h2>', "<ul>",
                      *(f"<li><bdi>{_esc(e)}</bdi></li>" for e in entries), "</ul>", "</section>"]
    parts.append("</header>")

    parts += ['<nav class="toc" dir="ltr" lang="en">', f"<h2>{dc.CONTENTS}</h2>"]
    if rows:
        parts.append("<ol>")
        for _number, name, story in rows:
            parts.append(f'<li><a href="#{name}" {_title_dir(story)}>{_esc(dc.title(story))}</a>'
                         f' <span class="counts">{_esc(dc.counts(story))}</span></li>')
        parts.append("</ol>")
    else:
        parts.append('<p class="note">(none)</p>')
    parts.append("</nav>")

    parts.append("<main>")
    for number, name, story in rows:
        parts += _story(number, name, story)
    parts += ["</main>", "</body>", "</html>"]
    return "\n".join(parts) + "\n"


def _story(number: int, name: str, story: Mapping[str, Any]) -> list[str]:
    # the summary takes the headline's direction, so an Arabic one reads from the right
    # with its disclosure triangle; the counts under it are an English block of their own
    # the id is on the body, not the <details>: following a link to content hidden in a
    # closed <details> opens it (HTML Living Standard, "ancestor details revealing
    # algorithm"); scroll-margin keeps the headline above it in view
    out = [f'<details class="story"{" open" if number == 1 else ""}>',
           f"<summary {_title_dir(story)}>",
           f"<h2>{_esc(dc.title(story))}</h2>",
           f'<span class="counts" dir="ltr" lang="en">{number}. {_esc(dc.counts(story))}</span>',
           "</summary>", f'<div class="story-body" id="{name}">']
    meta = [("English", dc.text(story.get("title_en")))] if dc.text(story.get("title_en")) else []
    meta += dc.story_meta(story)
    if meta:
        items = " · ".join(f"{label}: <bdi>{_esc(v)}</bdi>" for label, v in meta)
        out.append(f'<p class="meta" dir="ltr" lang="en">{items}</p>')

    out += ['<section class="articles" dir="ltr" lang="en">', f"<h3>{dc.ARTICLES}</h3>"]
    articles = [a for a in dc.items(story, "articles") if isinstance(a, Mapping)]
    out += _list([_article(dc.article_parts(a)) for a in articles])
    out.append("</section>")

    note = dc.summary_note(story)
    out += ['<section class="summary" dir="rtl" lang="ar">', f"<h3>{common.AR_SUMMARY}</h3>"]
    if note:
        out.append(f'<p class="note" dir="ltr" lang="en">Summary {_esc(note)}</p>')
    out += _list([highlighted(s, []) for s in dc.summary_sentences(story, "ar") or []])
    out.append("</section>")
    out += ['<section class="english" dir="ltr" lang="en">', f"<h3>{common.EN_SUMMARY}</h3>"]
    en = dc.summary_sentences(story, "en")
    if en is None:
        out.append(f'<p class="note">{_esc(common.NO_TRANSLATION)}</p>')
    else:
        out += _list([highlighted(s, []) for s in en])
    out.append("</section>")

    # no direction on the section: each claim block carries its own
    out += ['<section class="claims">', f'<h3 dir="ltr" lang="en">{common.CLAIMS}</h3>']
    claims = [c for c in dc.items(story, "claims") if isinstance(c, Mapping)]
    for i, claim in enumerate(claims, 1):
        out += _claim(i, claim)
    if not claims:
        out.append('<p class="note" dir="ltr" lang="en">(none)</p>')
    out.append("</section>")

    compared = dc.compared(story)
    if compared:
        out += ['<section class="compared" dir="ltr" lang="en">',
                f"<h3>{dc.FIGURES_COMPARED}</h3>"]
        for heading, rows in compared:
            out += _figure_table(heading, rows)
        out.append("</section>")
    out += ["</div>", "</details>"]
    return out


def _title_dir(story: Mapping[str, Any]) -> str:
    """Arabic for the headline; English when only ``title_en`` or "(untitled)" is shown."""
    return 'dir="rtl" lang="ar"' if dc.text(story.get("title")) else 'dir="ltr" lang="en"'


def _list(items: list[str]) -> list[str]:
    if not items:
        return ['<p class="note">(none)</p>']
    return ["<ul>", *(f"<li>{item}</li>" for item in items), "</ul>"]


def _article(parts: Mapping[str, str]) -> str:
    """One list item: "ID · SOURCE · DATE (duplicate of …)" (ltr), then the headline as an
    Arabic block of its own, then the address (a link for http/https only)."""
    bits = [f"<code>{_esc(parts['id'])}</code>"]
    if parts["source"]:
        bits.append(f"<strong><bdi>{_esc(parts['source'])}</bdi></strong>")
    if parts["date"]:
        bits.append(f"<bdi>{_esc(parts['date'])}</bdi>")
    item = " · ".join(bits)
    if parts["duplicate_of"]:
        original = _esc(parts["duplicate_of"])
        item += f' <span class="note">(duplicate of <code>{original}</code>)</span>'
    if parts["title"]:
        item += f'<p class="headline" dir="rtl" lang="ar">{_esc(parts["title"])}</p>'
    href = parts["href"]
    if href.lower().startswith(("http://", "https://")):
        item += (f'<p class="url"><a href="{_esc(href)}" rel="noreferrer">'
                 f"{_esc(parts['url'])}</a></p>")
    elif parts["url"]:
        item += f'<p class="url">{_esc(parts["url"])}</p>'
    return item


def _claim(number: int, claim: Mapping[str, Any]) -> list[str]:
    """One ``<div class="claim">``: the Arabic sentence and its speaker (rtl), the English
    and its speaker (ltr), the figures and the sources (ltr)."""
    sentence = claim.get("text") if isinstance(claim.get("text"), str) else ""
    out = ['<div class="claim">',
           f'<p dir="rtl" lang="ar"><span class="num">{number}.</span> '
           f"{highlighted(sentence, dc.claim_spans(claim))}</p>"]
    name = dc.text(claim.get("speaker"))
    if name:
        earlier = (f' <bdi class="note" lang="en">{common.NAMED_EARLIER}</bdi>'
                   if claim.get("inherited_speaker") else "")
        out.append(f'<p class="who" dir="rtl" lang="ar">— <mark class="speaker">{_esc(name)}'
                   f"</mark>{earlier}</p>")
    en = claim.get("text_en")
    if isinstance(en, str):
        line = highlighted(en, [])
        who = dc.en_speaker_label(claim)
        if who:
            line += f' — <mark class="speaker">{_esc(who)}</mark>'
    else:
        line = f'<span class="note">{_esc(common.NO_TRANSLATION)}</span>'
    out.append(f'<p dir="ltr" lang="en">{line}</p>')
    figures = dc.figures_text(claim)
    if figures:
        out.append(f'<p class="figures" dir="ltr" lang="en">Figures: '
                   f"<bdi>{_esc(figures)}</bdi></p>")
    sources = dc.claim_sources(claim)
    if sources:
        out.append(f'<p class="src" dir="ltr" lang="en">{_esc(sources)}</p>')
    out.append("</div>")
    return out


def _figure_table(heading: str, rows: list[tuple[str, ...]]) -> list[str]:
    out = [f'<h4><bdi>{_esc(heading)}</bdi></h4>', '<div class="table">', "<table>",
           "<thead><tr>", *(f"<th>{c}</th>" for c in dc.FIGURE_COLUMNS), "</tr></thead>",
           "<tbody>"]
    for value, speaker, source, article, context in rows:
        out.append(
            f'<tr><td dir="auto">{_esc(value)}</td>'
            f'<td dir="auto">{_esc(speaker)}</td>'
            f"<td><bdi>{_esc(source)}</bdi></td>"
            f"<td><code>{_esc(article)}</code></td>"
            f'<td dir="rtl" lang="ar">{_esc(context)}</td></tr>'
        )
    if not rows:
        out.append(f'<tr><td colspan="{len(dc.FIGURE_COLUMNS)}" class="note">(none)</td></tr>')
    out += ["</tbody>", "</table>", "</div>"]
    return out
