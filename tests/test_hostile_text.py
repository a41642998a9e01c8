"""Hostile article bytes (issue 12, items 7, 8, 10, 11): declared HTML charsets, numeric
character references, default-ignorable characters (removed at input, never in
matching), and messages that say what the input looks like.
"""

from __future__ import annotations

import codecs
import json
import re
import time

import pytest
from test_hostile import assert_one_line_error, briefs_of, run, write

from ansum.arabic.normalize import normalize
from ansum.arabic.segment import segment
from ansum.claims.detect import detect_claims
from ansum.input.decode import decode, sanitize
from ansum.input.read import article_from_text, load_article
from ansum.render import safe
from ansum.translation.translate import locate_phrase

S1 = "قال الرئيس إن النمو بلغ ثلاثة في المئة هذا العام."
S2 = "وأضاف وزير المالية في مؤتمر صحفي أن العجز انخفض إلى خمسة في المئة."
S3 = "وأشار إلى أن الاستثمارات الأجنبية ارتفعت بنسبة كبيرة خلال الأشهر الماضية."
#: The invisible characters item 10 names and their kin (one of each block or range).
IGNORABLES = ("\u200d", "\u200c", "\U000e0001", "\U000e0041", "\U000e007f", "\u206a",
              "\u206f", "\ufff9", "\ufffa", "\ufffb", "\u00ad", "\u034f", "\u180e", "\u2060",
              "\u2064", "\ufe0f", "\U000e0100", "\u115f", "\u3164", "\ufeff", "\u200b",
              "\u202e", "\u2066", "\u061c")
LEFT = re.compile("[\u00ad\u034f\u061c\u115f\u180b-\u180f\u200b-\u200f\u202a-\u202e"
                  "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\ufff9-\ufffb\U000e0000-\U000e0fff]")


def page(body: str, head: str = "") -> str:
    return (f"<html><head>{head}<title>خبر</title></head><body><article>{body}"
            "</article></body></html>")


# --- item 7: declared charsets ---------------------------------------------------------


@pytest.mark.parametrize("head", [
    '<meta charset="windows-1256">', "<meta charset=windows-1256>", "<meta charset='cp1256'>",
    '<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">',
    '<meta content="text/html;charset=WINDOWS-1256" http-equiv="content-type">',
    '<meta charset="x-cp1256">',  # WHATWG label Python does not know
    '<meta charset="iso-8859-1">',  # a wrong server default: the text reads as Arabic
])
def test_short_cp1256_page_with_a_declared_charset(tmp_path, head):
    path = write(tmp_path / "p.html", page(f"<p>{S1}</p><p>{S2}</p>", head).encode("cp1256"))
    art = load_article(str(path))
    assert art.encoding == "cp1256" and art.body.startswith(S1)


@pytest.mark.parametrize("label", ["iso-8859-6", "arabic", "ISO_8859-6:1987", "iso-8859-6-i",
                                   "csISOLatinArabic", "asmo-708"])
def test_iso_8859_6_page_declared_in_meta_or_xml(tmp_path, label):
    for head in (f'<meta charset="{label}">', ""):
        html = page(f"<p>{S1}</p><p>{S2}</p>", head)
        if not head:
            html = f'<?xml version="1.0" encoding="{label}"?>' + html
        art = load_article(str(write(tmp_path / "p.html", html.encode("iso8859_6"))))
        assert art.encoding == "iso8859-6" and S2 in art.body


def test_bom_beats_a_declared_charset(tmp_path):
    html = page(f"<p>{S1}</p><p>{S2}</p>", '<meta charset="windows-1256">')
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le")):
        art = load_article(str(write(tmp_path / "p.html", bom + html.encode(codec))))
        assert art.body.startswith(S1)


def test_a_french_latin1_page_stays_latin1():
    fr = ("<html><head><meta charset='iso-8859-1'><title>Santé</title></head><body><p>Le "
          "président a annoncé une hausse de 5 % du budget. Élèves, été, très.</p></body>"
          "</html>").encode("latin-1")
    assert decode(fr)[1] == "cp1252"


# --- item 8: numeric character references -----------------------------------------------


@pytest.mark.parametrize("ref", ["&#27;", "&#7;", "&#1;", "&#0;", "&#xFFFF;", "&#xfffe;",
                                 "&#xD800;", "&#x110000;", "&#99999999999;", "&#x1B", "&#8",
                                 "&#x202E;", "&#x200D;", "&#xE0041;", "&#x206A;", "&#xFFF9;",
                                 "&#x9B;", "&#xFEFF;"])
def test_a_bad_numeric_reference_drops_the_character_and_keeps_the_article(tmp_path, ref):
    html = page(f"<p>{S1.replace('النمو', 'النمو' + ref)}</p><p>{S2}</p><p>{S3}</p>",
                '<meta charset="utf-8">').replace("<title>خبر", f"<title>خبر{ref}")
    result = run("-p", "extractive", "--format", "json", str(write(tmp_path / "p.html", html)))
    assert result.exit_code == 0, result.output
    shown = json.dumps(json.loads(result.stdout), ensure_ascii=False)
    assert "النمو" in shown and "الاستثمارات" in shown
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", shown) and not LEFT.search(shown)


def test_raw_control_characters_in_a_page_keep_the_article(tmp_path):
    html = page(f"<p>{S1}\x1b\x07\x01\uffff</p><p>{S2}</p>", '<meta charset="utf-8">')
    art = load_article(str(write(tmp_path / "p.html", html)))
    assert S1 in art.body and S2 in art.body


# --- item 10: default-ignorable characters ----------------------------------------------


@pytest.mark.parametrize("ch", IGNORABLES, ids=lambda c: f"U+{ord(c):04X}")
def test_invisible_characters_are_removed_at_input(ch):
    text = "\n\n".join(s.replace("الرئيس", f"الر{ch}ئيس").replace("ال", f"ا{ch}ل")
                       for s in (S1, S2, S3))
    art = article_from_text(text)
    assert not LEFT.search(art.body) and "\u200d" not in art.body and "\u200c" not in art.body
    assert art.body == "\n\n".join((S1, S2, S3))


def test_no_invisible_character_reaches_any_format(tmp_path):
    text = "\n\n".join(s.replace("ال", "ا" + "".join(IGNORABLES) + "ل") for s in (S1, S2, S3))
    path = write(tmp_path / "a.txt", text)
    for fmt in ("plain", "markdown", "json", "html", "terminal"):
        result = run("-p", "extractive", "--format", fmt, str(path))
        assert result.exit_code == 0, result.output
        shown = json.dumps(json.loads(result.stdout), ensure_ascii=False) \
            if fmt == "json" else result.stdout
        assert not LEFT.search(shown), (fmt, ascii(shown[:300]))


def test_zwj_and_zwnj_kept_only_where_a_script_needs_them():
    assert sanitize("👨\u200d👩\u200d👧") == "👨\u200d👩\u200d👧"  # emoji sequence
    assert sanitize("क्\u200dष") == "क्\u200dष"  # Devanagari half form
    persian = "وزیر امور خارجه ایران گفت که مذاکرات هسته\u200cای از سر گرفته می\u200cشود."
    assert sanitize(persian) == persian
    assert sanitize("قال الرئيس\u200c إن \u200cالنمو") == "قال الرئيس إن النمو"  # Arabic
    assert sanitize("e\u200dx\u200cy") == "exy"


@pytest.mark.parametrize("joiner", ["\u200d", "\u200c"])
def test_joiners_never_stop_matching(joiner):
    # Arabic text with Persian names (so ZWNJ between letters is kept at input) and a
    # joiner inside «قال»: the reporting verb is still seen, the speaker found
    text = ("وقا" + joiner + "ل الوزير پژوهان للصحفيين: «إن الاقتصاد سيتعافى العام المقبل». "
            "وأضاف گلپایگانی أن الحكومة ستواصل الإصلاحات. وأشار چمران إلى أن الاستثمارات "
            "ارتفعت بنسبة كبيرة هذا العام.")
    art = article_from_text(text)
    claims = detect_claims(segment(art.body))
    assert claims and claims[0].speaker is not None
    assert "پژوهان" in claims[0].text[claims[0].speaker.start:claims[0].speaker.end]
    assert normalize("قا\u200cل") == normalize("قا\u200dل") == "قال"


def test_output_sanitizer_drops_the_same_invisible_characters():
    for ch in IGNORABLES:
        if ch not in "\u200c\u200d":
            assert safe.sanitize(f"a{ch}b") == "ab", f"U+{ord(ch):04X}"
            assert safe.removal_ranges(f"a{ch}b") == [(1, 2)]
    assert safe.sanitize_line("name\u200dx \U000e0041y") == "namex y"


# --- item 11: messages ---------------------------------------------------------------------


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
@pytest.mark.parametrize("text", [S1 + " " + S2, "The minister said growth reached 3 percent."])
def test_utf16_and_utf32_without_bom_say_what_they_look_like(tmp_path, codec, text):
    path = write(tmp_path / "a.txt", (text * 5).encode(codec))
    form = codec.upper().replace("-LE", "LE").replace("-BE", "BE")
    line = assert_one_line_error(run("-p", "extractive", str(path)), 3, form,
                                 "without a byte-order mark", f"iconv -f {form}")
    assert "binary" not in line


@pytest.mark.parametrize("wrap", [
    ("<div>", "</div>"), ("<span>", "</span>"), ("<div><b>", "</b></div>"),
    ("<table><tr><td>", "</td></tr></table>"), ('<DIV class="x">', "</DIV>"),
    ("<section>", ""),  # never closed
])
def test_article_nested_too_deep_says_so(tmp_path, wrap):
    body = f"<p>{S1} {S2} {S3}</p>" * 3
    html = "<html><body>" + wrap[0] * 300 + body + wrap[1] * 300 + "</body></html>"
    assert_one_line_error(run("-p", "extractive", str(write(tmp_path / "p.html", html))), 3,
                          "too deeply nested", "256")
    # also when a header at the top is all the parser finds
    html = ("<html><body><header><p>" + S2 + "</p></header>" + wrap[0] * 300 + body
            + wrap[1] * 300 + "</body></html>")
    assert_one_line_error(run("-p", "extractive", str(write(tmp_path / "q.html", html))), 3,
                          "too deeply nested")


def test_a_page_nested_250_deep_is_read(tmp_path):
    html = "<html><body>" + "<div>" * 250 + f"<p>{S1}</p><p>{S2}</p><p>{S3}</p>" \
        + "</div>" * 250 + "</body></html>"
    result = run("-p", "extractive", "--format", "json", str(write(tmp_path / "p.html", html)))
    assert result.exit_code == 0 and "الاستثمارات" in result.stdout


FRENCH = "Le président a dit que la croissance atteint trois pour cent cette année. " * 5


@pytest.mark.parametrize("data", [
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\nBT (" + FRENCH.encode() + b") Tj ET\n",
    b"\n\n  %PDF-1.7\r\n" + FRENCH.encode(),
    codecs.BOM_UTF8 + b"%PDF-1.7\n" + FRENCH.encode(),
    codecs.BOM_UTF16_LE + ("%PDF-1.7\n" + FRENCH).encode("utf-16-le"),
    b"junk before the header " * 10 + b"%PDF-1.5\n" + FRENCH.encode(),
], ids=["ascii", "blank-first", "utf8-bom", "utf16-bom", "header-later"])
def test_ascii_pdf_is_refused_like_a_binary_one(tmp_path, data):
    assert_one_line_error(run("-p", "extractive", str(write(tmp_path / "x.pdf", data))), 3,
                          "PDF document", "pdftotext")


def test_rtf_and_postscript_after_blank_space(tmp_path):
    for data, what in ((b"\n {\\rtf1\\ansi " + FRENCH.encode() + b"}", "RTF"),
                       (b"%!PS-Adobe-3.0\n" + FRENCH.encode(), "PostScript")):
        assert_one_line_error(run("-p", "extractive", str(write(tmp_path / "x", data))), 3,
                              what)


# --- linear helpers on model output -------------------------------------------------------


def test_locate_phrase_is_linear_and_case_insensitive():
    assert locate_phrase("The Foreign MINISTER said", "foreign minister").start == 4
    assert locate_phrase("İstanbul's governor said", "Governor").start == 11
    start = time.perf_counter()
    assert locate_phrase("a" * 100_000, "a" * 5_000 + "b") is None  # was 4.6 s (re.I)
    assert time.perf_counter() - start < 1.0


def test_cleaned_articles_still_brief(tmp_path):
    text = "\n\n".join((S1, S2, S3)).replace("ال", "ا\u200dل")
    result = run("-p", "extractive", "--format", "json", str(write(tmp_path / "a.txt", text)))
    assert result.exit_code == 0
    assert "\u200d" not in briefs_of(result)[0]["meta"].get("title", "")


@pytest.mark.parametrize("unit", ["<p>", "<br/>", "<p></p>", "<div class='x'></div>",
                                  "<br><img src=x>", "<li><li>", "<div><p></p></div>"])
def test_many_empty_elements_are_read_fast(unit):
    # 60 KB of text-less elements: 4 s in trafilatura before they were cut
    from ansum.input.html import collapse_empty_runs

    html = f"<html><body><p>{S1}</p>" + unit * (60_000 // len(unit)) + f"<p>{S2}</p>"
    assert len(collapse_empty_runs(html)) < 1_000
    start = time.perf_counter()
    art = article_from_text(html)
    assert S1 in art.body and S2 in art.body
    assert time.perf_counter() - start < 2.0


def test_cutting_empty_elements_keeps_text_and_nesting():
    from ansum.input.html import MAX_EMPTY_RUN, collapse_empty_runs

    html = "<p>a" + "<br>" * 40 + "b<p><b>x</b>" + "<div><span></span></div>" * 40 + "<div>" * 3
    out = collapse_empty_runs(html)
    assert out.count("<br>") == MAX_EMPTY_RUN and "b<p><b>x</b>" in out
    assert out.endswith("<div>" * 3) and out.count("<div>") == MAX_EMPTY_RUN + 3
