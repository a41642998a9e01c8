"""The daily-brief ("digest") renderers: every story, article and figure report shown;
no user text becomes markup or a terminal control sequence in any format."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from digests import ESC_TITLE, LONG_URL, MD_TITLE, hostile_digest, strikes_digest
from rich.cells import cell_len

from ansum.errors import ConfigError
from ansum.render.base import RenderOptions
from ansum.render.common import display_url
from ansum.render.digest import DIGEST_FORMATS, DIGEST_RENDERERS, render_digest
from ansum.render.digest_common import FIGURE_COLUMNS
from ansum.render.safe import sanitize_line

TEXT_FORMATS = ("plain", "markdown", "html", "terminal")
WIDE = RenderOptions(width=250)
#: Anything sanitize removes: ESC, 8-bit CSI/OSC, BEL, bidi controls.
_FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f]")
_SGR = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture(scope="module")
def strikes(shared_data):
    return strikes_digest(shared_data / "days" / "2018-04-14.jsonl")


def _render(fmt: str, digest: dict, options: RenderOptions = WIDE, **kw) -> str:
    return render_digest(fmt, digest, options, top=10, **kw) if fmt == "terminal" else \
        render_digest(fmt, digest, options)


class _Page(HTMLParser):
    """Collects text (entities decoded), elements with their attributes, and links."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.elements: list[tuple[str, dict]] = []
        self.feed(page)
        self.text = "".join(self.parts)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.parts.append(data)

    def tags(self, tag: str, **attrs) -> list[dict]:
        return [a for t, a in self.elements
                if t == tag and all(a.get(k) == v for k, v in attrs.items())]


def _visible(fmt: str, out: str) -> str:
    """What a reader sees: HTML text decoded, Markdown backslash escapes removed."""
    if fmt == "html":
        return _Page(out).text
    if fmt == "markdown":  # emphasis and code-span marks dropped, then escapes undone
        return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", re.sub(r"(?<!\\)(\*\*|`)", "", out))
    return out


SCHEMA = Path(__file__).resolve().parents[1] / "docs" / "brief-schema.json"


def test_hand_built_digests_follow_the_brief_schema(strikes):
    """The renderers' test input is the shape ``ansum brief`` writes (docs/brief-schema.json,
    written with the brief library; skipped until it is there)."""
    if not SCHEMA.is_file():
        pytest.skip("docs/brief-schema.json not in this tree")
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validate(strikes, schema)
    hostile = hostile_digest()
    hostile["stories"] = hostile["stories"][:2]  # the third breaks the schema on purpose
    jsonschema.validate(hostile, schema)


def test_unknown_format_is_a_config_error(strikes):
    with pytest.raises(ConfigError, match="unknown output format 'yaml'") as err:
        render_digest("yaml", strikes, RenderOptions())
    assert "markdown" in err.value.hint


def test_json_is_the_dict_itself(strikes):
    out = render_digest("json", strikes, RenderOptions())
    assert out.endswith("}\n") and json.loads(out) == strikes
    assert "الجيش السوري" in out and "\\u0627" not in out  # ensure_ascii=False
    with pytest.raises(ValueError):
        render_digest("json", {**strikes, "x": float("nan")}, RenderOptions())
    assert set(DIGEST_FORMATS) == set(DIGEST_RENDERERS) == {"json", *TEXT_FORMATS}
    assert DIGEST_RENDERERS["json"](strikes, RenderOptions()) == out


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_every_story_article_and_figure_report_is_shown(fmt, strikes):
    out = _render(fmt, strikes)
    seen = _visible(fmt, out)
    for story in strikes["stories"]:
        assert story["title"] in seen
        for article in story["articles"]:
            assert article["id"] in seen and article["source"] in seen
            assert article["url"] in seen
        for sentence in story["summary"]["ar"]:
            assert sentence in seen
        for claim in story["claims"]:
            assert claim["text"] in seen and claim["speaker"] in seen
            assert ", ".join(claim["sources"]) in seen
    assert "(named earlier)" in seen and "(no translation)" in seen
    # a null English sentence is said, not dropped; the Arabic summary is whole
    lone = strikes["stories"][1]["summary"]
    assert lone["en"][0] in seen and len(lone["ar"]) == 2
    assert "continuing (first seen 2018-04-13)" in seen
    reports = strikes["stories"][0]["figures_compared"][0]["reports"]
    assert len(reports) == 4
    if fmt != "terminal":  # the terminal table folds long cells; see the test below
        for r in reports:
            named = r["speaker"] or "—"
            row = [f"{r['value']} ({r['text']})", named, r["source"], r["article_id"]]
            if fmt == "markdown":
                assert "| " + " | ".join(row) + " |" in seen
            elif fmt == "plain":
                assert "- " + " | ".join(row) in seen
            else:
                cells = re.findall(r"<tr>(.*?)</tr>", out)
                assert any(all(f">{c}<" in cells_row for c in row) for cells_row in cells), row


def test_terminal_figure_table_lists_every_report(strikes):
    out = render_digest("terminal", strikes, RenderOptions(width=200))
    rows = [line for line in out.splitlines()
            if "│" in line and "صواريخ" in line and not line.startswith("│")]
    assert len(rows) == 4
    for row, r in zip(rows, strikes["stories"][0]["figures_compared"][0]["reports"], strict=True):
        cells = [c.strip() for c in row.split("│")]
        assert cells[:4] == [f"{r['value']} ({r['text']})", r["speaker"] or "—", r["source"],
                             r["article_id"]]
        assert r["text"] in cells[4]  # the words around the figure


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_hostile_text_never_becomes_control_or_markup(fmt):
    digest = hostile_digest()
    out = _render(fmt, digest)
    assert not _FORBIDDEN.search(out), repr(_FORBIDDEN.search(out))
    seen = _visible(fmt, out)
    title = sanitize_line(ESC_TITLE)
    assert title == "عنوان مقلوب <script>alert(1)</script>"
    assert title in seen and MD_TITLE in seen  # shown as written, not interpreted
    for story in digest["stories"]:
        for article in story["articles"]:
            assert sanitize_line(article["id"]) in seen
    assert "(untitled)" in seen and "a.jsonl:17: line is not JSON <x>" in seen
    assert "translator missing" in seen and "52;c;" not in seen and "evil" not in seen
    assert display_url(LONG_URL) in seen  # the 600-character address, whole, decoded


def test_terminal_colour_only_when_asked(strikes):
    plain = render_digest("terminal", strikes, RenderOptions(color=False))
    coloured = render_digest("terminal", hostile_digest(), RenderOptions(color=True))
    assert "\x1b" not in plain
    assert "\x1b[" in coloured and "\x1b" not in _SGR.sub("", coloured)  # SGR only


def test_html_escapes_and_marks_directions():
    out = render_digest("html", hostile_digest(), RenderOptions())
    assert "<script" not in out.lower() and "<img" not in out and "<b>" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    page = _Page(out)
    assert [a.get("href") for a in page.tags("a") if a.get("href", "").startswith("java")] == []
    assert page.tags("a", href=LONG_URL)  # the address kept as found in the link
    # every Arabic block is rtl, every English block ltr; each claim paragraph its own
    for tag, attrs in page.elements:
        if attrs.get("lang") == "ar":
            assert attrs.get("dir") == "rtl", (tag, attrs)
        if attrs.get("lang") == "en" and tag != "bdi":
            assert attrs.get("dir") == "ltr", (tag, attrs)
    assert len(page.tags("section", **{"class": "summary", "dir": "rtl", "lang": "ar"})) == 3
    assert len(page.tags("section", **{"class": "english", "dir": "ltr", "lang": "en"})) == 3
    assert page.tags("section", **{"class": "claims"})[0].get("dir") is None
    claim_paragraphs = [a for a in page.tags("p") if a.get("dir") == "rtl" and not a.get("class")]
    assert len(claim_paragraphs) == 2
    assert "Content-Security-Policy" in out and "default-src 'none'" in out


def test_html_toc_anchors_match_story_ids(strikes):
    page = _Page(render_digest("html", strikes, RenderOptions()))
    ids = [s["id"] for s in strikes["stories"]]
    assert [a["href"] for a in page.tags("a") if a["href"].startswith("#")] == \
        [f"#{i}" for i in ids]
    stories = page.tags("details")
    assert [d["id"] for d in page.tags("div", **{"class": "story-body"})] == ids
    assert "open" in stories[0] and all("open" not in d for d in stories[1:])
    # an id that is not a safe fragment is cleaned, and the toc follows it
    hostile = _Page(render_digest("html", hostile_digest(), RenderOptions()))
    anchors = [a["href"][1:] for a in hostile.tags("a") if a["href"].startswith("#")]
    assert anchors == [d["id"] for d in hostile.tags("div", **{"class": "story-body"})]
    assert all(re.fullmatch(r"[A-Za-z0-9_-]+", a) for a in anchors)


def test_markdown_table_cells_cannot_split_rows():
    out = render_digest("markdown", hostile_digest(), RenderOptions())
    rows = [line for line in out.splitlines() if line.startswith("|")]
    assert len(rows) == 4  # header, delimiter, two reports
    for row in rows:
        cells = re.split(r"(?<!\\)\|", row)[1:-1]
        assert len(cells) == len(FIGURE_COLUMNS) == 5, row
    assert r"\<b\>المتحدث\</b\>\|الناطق" in rows[2] and r"a.jsonl:1\|\`x\`" in rows[2]
    # headings and list items do not pick up markup from user text
    assert r"## 2. \# \*نجمة\* \_x\_ \[رابط\](javascript:alert(1)) \`code\` \| pipe" in out
    assert "- \\- جملة ثانية" in out and "- 1\\. ليست قائمة" in out


def test_terminal_overview_is_one_line_per_story_and_fits_the_width(strikes):
    for width in (40, 80):
        out = render_digest("terminal", strikes, RenderOptions(width=width), top=1)
        lines = out.splitlines()
        assert all(cell_len(line) <= width for line in lines), width
        start = lines.index("Stories") + 2  # after the column header
        overview = lines[start:start + 2]
        assert [line.split()[:3] for line in overview] == [["1", "4", "4"], ["2", "1", "1"]]
        assert overview[0].rstrip().endswith("…")
        assert "1 more stories" in out  # the second one is not shown in full
        assert out.count(strikes["stories"][1]["articles"][0]["id"]) == 0
    overview_only = render_digest("terminal", strikes, RenderOptions(width=80), top=0)
    assert "Key claims" not in overview_only


def test_bidi_visual_reorders_terminal_and_plain(strikes):
    title = strikes["stories"][1]["title"]
    for fmt in ("terminal", "plain"):
        logical = render_digest(fmt, strikes, RenderOptions(width=120))
        visual = render_digest(fmt, strikes, RenderOptions(width=120, bidi="visual"))
        assert title in logical and title not in visual
        assert "في دمشق"[::-1] in visual  # Arabic letters in display order
