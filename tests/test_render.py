"""Tests of ansum.render: every format, output safety, the span splitter, the JSON schema."""

from __future__ import annotations

import html as htmllib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from builders import KREMLIN_SPEAKER, brief, claim, kremlin_brief
from hypothesis import given, settings
from hypothesis import strategies as st

from ansum.errors import ConfigError
from ansum.render import RENDERERS, get_renderer, render
from ansum.render.markdown import code_span, md_escape
from ansum.render.safe import sanitize, sanitize_line
from ansum.render.spans import joined, safe_pieces, split_spans
from ansum.schema import Span

SCHEMA_PATH = Path(__file__).resolve().parents[1] / "docs" / "json-schema.json"
FORMATS = ["terminal", "plain", "markdown", "json", "html"]
TEXT_FORMATS = ["terminal", "plain", "markdown", "html"]
SGR = re.compile(r"\x1b\[[0-9;]*m")

HOSTILE = [
    "[bold]x[/]",
    "[link=http://e]x[/link]",
    "\x1b[2J",
    "\x1b]52;c;SGVsbG8=\x07",
    "\x1b]8;;http://evil\x1b\\click\x1b]8;;\x1b\\",
    "\u202e",
    "\u2066",
    "<script>alert(1)</script>",
    "<img onerror=alert(1)>",
]
HOSTILE_TEXT = "قال " + " ".join(HOSTILE) + " انتهى"


@pytest.fixture(scope="module")
def kremlin(kremlin_path):
    return kremlin_brief(kremlin_path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def hostile():
    c = claim(
        HOSTILE_TEXT,
        speaker="[bold]x[/]",
        verb="قال",
        quotes=["<script>alert(1)</script>"],
        en="He said [bold]x[/] \x1b[2J <script>alert(1)</script>",
        en_speaker="He",
        flags=["figure-mismatch\x1b[2J"],
    )
    return brief(
        name="evil\x1b[2J.txt",
        title="عنوان [bold]x[/] \x1b]52;c;SGVsbG8=\x07 <script>alert(1)</script> \u202e",
        source="[link=http://e]x[/link] \u2066",
        date="\x1b]8;;http://evil\x1b\\click\x1b]8;;\x1b\\",
        summary=[(HOSTILE_TEXT, "English " + " ".join(HOSTILE))],
        claims=[c],
        warnings=["warn <img onerror=alert(1)> \x1b[31mred"],
    )


def _markdown_text(out: str) -> str:
    """Undo Markdown highlighting and escapes, to compare with the source text."""
    return re.sub(r"\\(.)", r"\1", out.replace("**", "").replace("`", "").replace("*", ""))


def _html_text(out: str) -> str:
    return htmllib.unescape(re.sub(r"<[^>]+>", "", out))


# --- registry -------------------------------------------------------------------------


def test_registry_has_the_five_formats():
    assert set(RENDERERS) == set(FORMATS)
    assert get_renderer("json") is RENDERERS["json"]


def test_unknown_format_is_a_config_error_listing_valid_names():
    with pytest.raises(ConfigError) as info:
        get_renderer("xml")
    assert "xml" in info.value.message
    for name in FORMATS:
        assert name in info.value.hint


def test_importing_render_does_not_import_rich():
    code = "import sys, ansum.render; print('rich' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


# --- content of every format ------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_holds_summary_and_claims(kremlin, fmt):
    out = render(kremlin, fmt, color=False, width=10_000)
    if fmt == "json":
        data = json.loads(out)
        assert [s["ar"] for s in data["summary"]] == [s.ar for s in kremlin.summary]
        assert [c["ar"] for c in data["claims"]] == [c.text for c in kremlin.claims]
        return
    text = {"markdown": _markdown_text, "html": _html_text}.get(fmt, lambda s: s)(out)
    for s in kremlin.summary:
        assert s.ar in text
        assert s.en in text
    for c in kremlin.claims:
        assert c.text in text  # logical order, never reversed
        assert c.en in text
    assert "23:30" in text
    assert KREMLIN_SPEAKER in text
    assert "figure-mismatch" in text
    assert kremlin.warnings[0] in text


def test_plain_claim_line_names_speaker_and_verb(kremlin):
    out = render(kremlin, "plain", color=False, width=None)
    c = kremlin.claims[0]
    assert f"- [{KREMLIN_SPEAKER} | صرح] {c.text}\n" in out
    assert "  figures: 23:30 (time), 30 كانون الأول/ديسمبر (date)\n" in out
    assert "  flags: figure-mismatch\n" in out
    assert out.index("الملخص") < out.index("English summary") < out.index("Key claims")


def test_terminal_without_color_has_no_escape_codes(kremlin, monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("TTY_COMPATIBLE", "1")
    out = render(kremlin, "terminal", color=False, width=100)
    assert "\x1b" not in out
    assert "Key claims" in out


def test_terminal_with_color_highlights_speaker_and_figures(kremlin):
    out = render(kremlin, "terminal", color=True, width=200)
    assert f"\x1b[1;36m{KREMLIN_SPEAKER}\x1b[0m" in out
    assert (
        "\x1b[1;36mThe official spokesman for the Russian presidency, Dmitry Peskov\x1b[0m" in out
    )
    assert "\x1b[1;33m23:30\x1b[0m" in out
    assert "\x1b[3mصرح\x1b[0m" in out
    assert "\x1b[1;33mDecember 30\x1b[0m" in out


def test_terminal_respects_width(kremlin):
    out = render(kremlin, "terminal", color=False, width=60)
    assert max(len(line.rstrip()) for line in out.splitlines()) <= 60


def test_markdown_highlights_at_spans(kremlin):
    out = render(kremlin, "markdown", color=False, width=None)
    assert out.startswith("# الكرملين: بمبادرة")
    assert "## الملخص" in out and "## English summary" in out and "## Key claims" in out
    assert f"- *صرح* **{KREMLIN_SPEAKER}**،" in out
    assert "الساعة `23:30` بتوقيت" in out
    assert "  - EN: **The White House** had" in out


def test_html_is_a_document_with_direction_and_marks(kremlin):
    out = render(kremlin, "html", color=False, width=None)
    assert out.startswith('<!DOCTYPE html>\n<html lang="ar">')
    assert out.rstrip().endswith("</html>")
    assert '<section class="summary" dir="rtl" lang="ar">' in out
    assert '<section class="english" dir="ltr" lang="en">' in out
    first_claim = ('<p dir="rtl" lang="ar"><span class="num">1.</span> '
                   '<mark class="verb">صرح</mark> <mark class="speaker">')
    assert f"{first_claim}{KREMLIN_SPEAKER}</mark>" in out
    assert '<mark class="figure">23:30</mark>' in out
    assert "<script" not in out


def test_english_not_ok_shows_the_reason():
    b = brief(
        summary=[("جملة عربية.", None)], english="none", english_reason="no translation model"
    )
    for fmt in TEXT_FORMATS:
        out = render(b, fmt, color=False, width=100)
        assert "English: none (no translation model)" in out, fmt
        assert "جملة عربية." in out
    assert json.loads(render(b, "json"))["english"] == {
        "status": "none",
        "reason": "no translation model",
    }


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_empty_brief_renders(fmt):
    out = render(brief(title=""), fmt, color=False, width=80)
    assert "article.txt" in out  # the input name stands in for a missing title
    assert "(none)" in out


def test_no_briefs_gives_empty_output():
    assert render([], "json") == ""
    assert render([], "plain") == ""


# --- several briefs ---------------------------------------------------------------------


def _two():
    return [
        brief(name="a.txt", title="أ", summary=[("الأولى.", "First.")]),
        brief(name="b.txt", title="ب", summary=[("الثانية.", "Second.")]),
    ]


def test_json_is_json_lines_one_compact_object_per_brief(kremlin):
    one = render(kremlin, "json")
    assert one.count("\n") == 1 and one.endswith("\n")
    assert "الكرملين" in one  # ensure_ascii=False
    lines = render(_two(), "json").splitlines()
    assert [json.loads(line)["input"] for line in lines] == ["a.txt", "b.txt"]


def test_text_formats_separate_briefs_by_input_name():
    plain = render(_two(), "plain")
    assert plain.index("==> a.txt <==") < plain.index("الأولى.") < plain.index("==> b.txt <==")
    md = render(_two(), "markdown")
    assert md.index("**Input:** a.txt") < md.index("\n---\n") < md.index("**Input:** b.txt")
    term = render(_two(), "terminal", color=False, width=80)
    assert (
        term.index("a.txt") < term.index("الأولى.") < term.index("b.txt") < term.index("الثانية.")
    )
    page = render(_two(), "html")
    assert page.count("<article>") == 2 and page.count("<!DOCTYPE") == 1


# --- hostile text ---------------------------------------------------------------------


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_hostile_text_is_inert(hostile, fmt):
    out = render(hostile, fmt, color=False, width=120)
    assert "\x1b" not in out
    assert "\x07" not in out
    assert "\u202e" not in out and "\u2066" not in out
    assert "SGVsbG8" not in out  # the OSC 52 payload is removed with its sequence
    assert "http://evil" not in out
    assert "click" in out  # the OSC 8 link text stays, as text


def test_hostile_terminal_shows_markup_literally(hostile):
    for color in (False, True):
        out = render(hostile, "terminal", color=color, width=300)
        assert "\x1b" not in SGR.sub("", out)  # only rich's own SGR codes
        assert "[bold]x[/]" in SGR.sub("", out)
        assert "[link=http://e]x[/link]" in SGR.sub("", out)
        assert "<script>alert(1)</script>" in SGR.sub("", out)
    assert "\x1b]8" not in render(hostile, "terminal", color=True, width=300)


def test_hostile_plain_shows_text_as_is(hostile):
    out = render(hostile, "plain")
    assert "- [[bold]x[/] | قال] قال [bold]x[/] [link=http://e]x[/link]" in out
    assert "==> evil.txt <==" in render([hostile, brief()], "plain")


def test_hostile_html_is_escaped(hostile):
    out = render(hostile, "html")
    assert "<script" not in out and "<img" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "&lt;img onerror=alert(1)&gt;" in out
    assert '<mark class="quote">&lt;script&gt;alert(1)&lt;/script&gt;</mark>' in out


def test_hostile_markdown_is_escaped(hostile):
    out = render(hostile, "markdown")
    assert re.search(r"(?<!\\)<(script|img)", out) is None
    assert re.search(r"(?<!\\)\[(bold|link)", out) is None
    assert r"\[bold\]x\[/\]" in out
    assert r"\<script\>alert(1)\</script\>" in out
    assert r"**\[bold\]x\[/\]**" in out  # the speaker, highlighted and escaped


def test_hostile_json_round_trips_exact_text(hostile):
    out = render(hostile, "json")
    assert "\x1b" not in out and "\u202e" not in out and "\u2066" not in out and "\x07" not in out
    data = json.loads(out)
    assert data["meta"]["title"] == hostile.meta.title
    assert data["meta"]["date"] == hostile.meta.date
    assert data["summary"][0]["ar"] == HOSTILE_TEXT
    assert data["claims"][0]["speaker"]["text"] == "[bold]x[/]"
    assert data["input"] == "evil\x1b[2J.txt"


def test_json_escapes_c1_controls_but_keeps_them():
    b = brief(title="a\x9b2Jb\x85c\u2028d")
    out = render(b, "json")
    assert "\x9b" not in out and "\x85" not in out and "\u2028" not in out
    assert "\\u009b" in out
    assert json.loads(out)["meta"]["title"] == "a\x9b2Jb\x85c\u2028d"


# --- sanitize ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("a\x1b[2Jb", "ab"),
        ("a\x1b[1;31mred\x1b[0m", "ared"),
        ("\x1b]52;c;SGVsbG8=\x07x", "x"),
        ("\x1b]8;;http://evil\x1b\\click\x1b]8;;\x1b\\", "click"),
        ("a\x1b(Bb\x1bcc", "abc"),
        ("a\x9b31mb\x9d0;t\x9cc", "abc"),
        ("\x1bPqdata\x1b\\x", "x"),
        ("a\rb\x00c\x7fd\x08e", "abcde"),
        ("\u202eabc\u202c \u2066x\u2069 \u200fy\u200e", "abc x y"),
        ("\ufeffa\u200bb", "ab"),
        ("ميّ\u200cزة\u200d\n\tنص", "ميّ\u200cزة\u200d\n\tنص"),
        ("\x1b]0;title never ended\nnext", "\nnext"),
    ],
)
def test_sanitize(raw, clean):
    assert sanitize(raw) == clean


def test_sanitize_line_flattens_whitespace():
    assert sanitize_line("  a\n\tb\x1b[2J  c ") == "a b c"


# --- span splitter ----------------------------------------------------------------------


def test_split_overlap_narrowest_wins_and_resumes():
    text = 'قال "الساعة 23:30 مساء"'
    quote = Span(4, len(text))
    fig = Span(text.index("23:30"), text.index("23:30") + 5)
    pieces = split_spans(text, [(quote, "quote"), (fig, "figure"), (Span(0, 3), "verb")])
    assert pieces == [
        ("قال", "verb"),
        (" ", None),
        ('"الساعة ', "quote"),
        ("23:30", "figure"),
        (' مساء"', "quote"),
    ]
    assert joined(pieces) == text


def test_split_equal_spans_first_listed_wins_and_adjacent_spans_stay_apart():
    assert split_spans("abcdef", [(Span(0, 3), "x"), (Span(0, 3), "y")]) == [
        ("abc", "x"),
        ("def", None),
    ]
    pieces = split_spans("abcdef", [(Span(0, 2), "x"), (Span(2, 4), "y"), (Span(4, 6), "x")])
    assert pieces == [("ab", "x"), ("cd", "y"), ("ef", "x")]


@pytest.mark.parametrize(
    "spans",
    [
        [(Span(-5, 2), "x")],
        [(Span(3, 100), "x")],
        [(Span(50, 60), "x")],
        [(Span(4, 2), "x")],
        [(None, "x"), (Span(0, 0), "y")],
        [(Span(0, 6), "a"), (Span(1, 5), "b"), (Span(2, 4), "c"), (Span(3, 3), "d")],
    ],
)
def test_split_clips_or_ignores_bad_spans(spans):
    assert joined(split_spans("abcdef", spans)) == "abcdef"


def test_split_clipping_keeps_the_in_range_part():
    assert split_spans("abcdef", [(Span(-5, 2), "x"), (Span(4, 99), "y")]) == [
        ("ab", "x"),
        ("cd", None),
        ("ef", "y"),
    ]


def test_safe_pieces_remove_a_sequence_cut_by_a_span_whole():
    text = "ab\x1b[2Jcd"
    pieces = safe_pieces(text, [(Span(0, 4), "speaker")])  # ends inside the CSI
    assert pieces == [("ab", "speaker"), ("cd", None)]


spans_strategy = st.lists(
    st.tuples(
        st.builds(Span, st.integers(-5, 40), st.integers(-5, 40)),
        st.sampled_from(["speaker", "verb", "quote", "figure"]),
    ),
    max_size=6,
)


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from("ab قال\x1b[]2J;\x07\u202e\n"), max_size=30),
    spans=spans_strategy,
)
def test_pieces_always_join_back(text, spans):
    assert joined(split_spans(text, spans)) == text
    assert joined(safe_pieces(text, spans)) == sanitize(text)


# --- markdown helpers -------------------------------------------------------------------


def test_md_escape_and_code_span():
    assert md_escape("- item", line_start=True) == r"\- item"
    assert md_escape("12. item", line_start=True) == r"12\. item"
    assert md_escape("a - b 1. c") == "a - b 1. c"
    assert md_escape("# a|b_c*d`e~&f") == r"\# a\|b\_c\*d\`e\~\&f"
    assert code_span("23:30") == "`23:30`"
    assert code_span("a`b") == "`` a`b ``"


# --- JSON schema ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def validator():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_json_output_validates_against_schema(validator, kremlin, hostile):
    partial = brief(
        summary=[("جملة.", None)],
        english="none",
        english_reason="offline",
        claims=[claim("قال زيد.", speaker="زيد", verb="قال")],
    )
    for b in (kremlin, hostile, partial, brief()):
        for line in render(b, "json").splitlines():
            errors = [e.message for e in validator.iter_errors(json.loads(line))]
            assert errors == []


def test_schema_rejects_what_the_contract_forbids(validator, kremlin):
    data = json.loads(render(kremlin, "json"))
    assert validator.is_valid(data)
    bad = [
        {**data, "extra": 1},
        {**data, "english": {"status": "maybe", "reason": ""}},
        {**data, "claims": [{**data["claims"][0], "en_speaker": [1]}]},
        {**data, "claims": [{**data["claims"][0], "speaker": "بيسكوف"}]},
        {k: v for k, v in data.items() if k != "partial"},
    ]
    for doc in bad:
        assert not validator.is_valid(doc)


def test_schema_lists_every_top_level_key(kremlin):
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert set(schema["required"]) == set(kremlin.to_dict()) == set(schema["properties"])


def test_streamed_chunks_join_to_the_whole_render(kremlin, hostile):
    from ansum.render import SEPARATORS, render, stream

    briefs = [kremlin, hostile]
    for fmt in ("plain", "markdown", "terminal", "json", "html"):
        whole = render(briefs, fmt, color=False, width=100)
        chunks = list(stream(iter(briefs), fmt, several=True, color=False, width=100))
        assert "".join(chunks) == whole, fmt
        assert len(chunks) == (1 if fmt not in SEPARATORS else 2)


# --- what a reader sees (issue 13) ---------------------------------------------------

RYABKOV = "نائب وزير الخارجية الروسي سيرغي ريابكوف"
INHERITED_TEXT = "وأكد \"نقول بكل حزم إننا نطالب بالتخلي عن قرار قمة بوخارست لعام 2008\"."


def _inherited_brief(**kw):
    from dataclasses import replace

    c = claim(INHERITED_TEXT, verb="وأكد", quotes=[INHERITED_TEXT[5:-1]],
              figures=[("2008", "year")], en="He stressed: \"we demand ... of 2008\".")
    c = replace(c, inherited_speaker=RYABKOV,
                en_inherited_speaker="Deputy Foreign Minister Sergei Ryabkov")
    dated = claim("وقالت زاخاروفا إن المفاوضات تعقد في 10 كانون الثاني/يناير المقبل.",
                  speaker="زاخاروفا", verb="وقالت",
                  figures=[("10 كانون الثاني/يناير", "date")],
                  en="Zakharova said the talks will be held on January 10.",
                  en_speaker="Zakharova")
    from ansum.claims.figures import extract_figures

    dated = replace(dated, figures=tuple(extract_figures(dated.text)))
    return brief(date="30 ديسمبر 2021", summary=[("جملة.", "A sentence.")],
                 claims=[c, dated], **kw)


@pytest.mark.parametrize("fmt", FORMATS)
def test_inherited_speaker_is_named_in_every_format(fmt):
    out = render(_inherited_brief(), fmt, color=False, width=10_000)
    if fmt == "json":
        speaker = json.loads(out)["claims"][0]["speaker"]
        assert speaker["text"] == RYABKOV and speaker["inherited"] is True
        assert speaker["en"] == "Deputy Foreign Minister Sergei Ryabkov"
        jsonschema = pytest.importorskip("jsonschema")
        jsonschema.validate(json.loads(out), json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
        return
    text = {"markdown": _markdown_text, "html": _html_text}.get(fmt, lambda x: x)(out)
    assert f"{RYABKOV} (named earlier)" in text
    assert "Deputy Foreign Minister Sergei Ryabkov (named earlier)" in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_figures_in_english_with_iso_dates_in_every_format(fmt):
    out = render(_inherited_brief(), fmt, color=False, width=10_000)
    if fmt == "json":
        figures = [f for c in json.loads(out)["claims"] for f in c["figures"]]
        assert [(f["value"], f["en"], f["year_inferred"]) for f in figures] == [
            ("2008", "2008", False), ("10 1", "2022-01-10", True)]
        return
    text = {"markdown": _markdown_text, "html": _html_text}.get(fmt, lambda x: x)(out)
    # 10 January in an article of 30 December 2021: the nearest, next January
    assert "2022-01-10 (date, year inferred)" in text
    assert "2008 (year)" in text


def test_english_dates():
    from ansum.render.figures import article_day, english_figure
    from ansum.schema import Figure

    ref = article_day("30 ديسمبر 2021")
    assert str(ref) == "2021-12-30"

    def en(value, day=ref):
        return english_figure(Figure("x", Span(0, 1), "date", value), day)

    assert en("30 12 2021").label() == "2021-12-30"
    assert en("2021 12 30").label() == "2021-12-30"
    assert en("30 12").label() == "2021-12-30 (year inferred)"
    assert en("10 11 12 1").text == "2022-01-10, 2022-01-11, 2022-01-12"
    assert en("12 2021").text == "2021-12"
    assert en("30 12", None).label() == "30 December"  # no article date: year unknown
    assert en("31 2 2021").text == "31 2 2021"  # not a date: left as found
    assert article_day("") is None and article_day("الخميس") is None


@pytest.mark.parametrize("fmt", ["plain", "markdown", "terminal", "html"])
def test_the_summary_method_is_named(fmt):
    b = brief(summary=[("جملة.", None)], english="none", english_reason="x",
              warnings=["abstractive summary unavailable: model mt5 is not cached"])
    text = {"markdown": _markdown_text, "html": _html_text}.get(fmt, lambda x: x)(
        render(b, fmt, color=False, width=10_000))
    assert "summary: extractive (no summarizer model available)" in text
    text = {"markdown": _markdown_text, "html": _html_text}.get(fmt, lambda x: x)(
        render(brief(summary=[("جملة.", "A.")]), fmt, color=False, width=10_000))
    assert "summary: extractive (model-free)" in text


ENCODED_URL = ("https://www.example.com/news/%D8%A7%D9%84%D9%83%D8%B1%D9%85%D9%84%D9%8A%D9%86"
               "?q=a%20b&x=%2F")


@pytest.mark.parametrize("fmt", FORMATS)
def test_percent_encoded_url_is_shown_decoded(fmt):
    out = render(brief(url=ENCODED_URL, summary=[("جملة.", "A.")]), fmt, width=10_000)
    if fmt == "json":
        assert json.loads(out)["meta"]["url"] == ENCODED_URL  # JSON keeps the original
        return
    text = _html_text(out) if fmt == "html" else out.replace("\\", "")
    # decoded where it reads as text; a space or slash stays escaped (it would change the URL)
    assert "https://www.example.com/news/الكرملين?q=a%20b&x=%2F" in text
    assert "%D8" not in out


def test_display_url_keeps_what_does_not_decode():
    from ansum.render.common import display_url

    assert display_url("http://e.com/%FF%FE") == "http://e.com/%FF%FE"
    assert display_url("http://e.com/a%25b") == "http://e.com/a%25b"
    assert display_url("http://e.com/%0A%1B") == "http://e.com/%0A%1B"


def test_html_claims_carry_their_own_direction(kremlin):
    out = render(kremlin, "html")
    claims = out[out.index('<section class="claims">'):]
    claims = claims[: claims.index("</section>")]
    assert 'dir="ltr"' not in claims.split("\n")[0]  # no ltr list around Arabic claims
    assert "<ol" not in claims and "<li" not in claims
    blocks = claims.count('<div class="claim">')
    assert blocks == len(kremlin.claims)
    assert claims.count('<p dir="rtl" lang="ar"><span class="num">') == blocks


def test_display_url_never_decodes_controls_or_invisibles():
    from ansum.render.common import display_url

    hostile = ("http://ex.com/a%E2%81%A7b%C2%9B31mc%E2%80%8Bd%E2%80%AEg%7Fh%00i%F3%A0%80%81j"
               "%E2%80%A8k%C2%A0l/%D8%A7%D9%84%D8%AE%D8%A8%D8%B1")
    shown = display_url(hostile)
    assert shown == hostile.replace("%D8%A7%D9%84%D8%AE%D8%A8%D8%B1", "الخبر")
    assert all(ord(ch) < 0x7F for ch in shown.split("/")[3])
