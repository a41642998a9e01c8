"""Input stage: reading, decoding, HTML extraction, hygiene, load_article (ansum.input.read)."""

from __future__ import annotations

import codecs
import io
import json
import os
import sys
import threading

import pytest

import ansum.input.read as inputs
from ansum.errors import ConfigError, InputError, InputTooLargeError
from ansum.input.decode import decode, sanitize
from ansum.input.html import extract_html, looks_like_html
from ansum.input.read import article_from_text, load_article, max_bytes_for, read_source

AR = "قال وزير الخارجية إن المحادثات ستستأنف الأسبوع المقبل في جنيف."
AR2 = "وأضاف أن الجانبين اتفقا على مواصلة الحوار بشأن الضمانات الأمنية."


def norm(text: str) -> str:
    return " ".join(text.split())


class FakeStdin:
    """A text stdin whose ``buffer`` hands out bytes and records how many were asked."""

    def __init__(self, data: bytes | None = None, endless: bool = False):
        self._data = io.BytesIO(data or b"")
        self.endless = endless
        self.requested: list[int] = []
        self.buffer = self

    def read(self, size: int = -1) -> bytes:
        self.requested.append(size)
        if self.endless:
            assert size > 0, "an endless stream must never be read whole"
            return b"a" * size
        return self._data.read(size)


# --- read_source --------------------------------------------------------------------


def test_read_source_reads_a_file(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(AR.encode())
    assert read_source(str(path), max_bytes=1000) == AR.encode()


def test_read_source_errors_name_the_problem(tmp_path):
    with pytest.raises(InputError, match="no such file") as err:
        read_source(str(tmp_path / "missing.txt"), max_bytes=100)
    assert err.value.hint and "\n" not in err.value.one_line()
    with pytest.raises(InputError, match="is a directory"):
        read_source(str(tmp_path), max_bytes=100)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(InputError, match="is empty"):
        read_source(str(empty), max_bytes=100)


def test_read_source_permission_denied(tmp_path, monkeypatch):
    path = tmp_path / "secret.txt"
    path.write_bytes(b"x")

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(inputs, "open", denied, raising=False)
    with pytest.raises(InputError, match="permission denied") as err:
        read_source(str(path), max_bytes=100)
    assert "permissions" in err.value.hint


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads all")
def test_read_source_permission_denied_for_real(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_bytes(b"x")
    path.chmod(0)
    with pytest.raises(InputError, match="permission denied"):
        read_source(str(path), max_bytes=100)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_read_source_reads_a_fifo(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    payload = AR.encode() * 3

    def writer():
        with open(fifo, "wb") as handle:
            handle.write(payload)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        assert read_source(str(fifo), max_bytes=10_000) == payload
    finally:
        thread.join(timeout=5)


def test_read_source_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", FakeStdin(AR.encode()))
    assert read_source("-", max_bytes=1000) == AR.encode()
    monkeypatch.setattr(sys, "stdin", FakeStdin(b""))
    with pytest.raises(InputError, match="standard input is empty"):
        read_source("-", max_bytes=1000)


def test_too_large_input_names_the_limit_and_option(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 11)
    assert read_source(str(path), max_bytes=11) == b"x" * 11
    with pytest.raises(InputTooLargeError, match="larger than 10 bytes") as err:
        read_source(str(path), max_bytes=10)
    assert "--max-chars" in err.value.hint
    assert isinstance(err.value, InputError)


def test_huge_stream_is_never_read_whole(monkeypatch):
    stdin = FakeStdin(endless=True)
    monkeypatch.setattr(sys, "stdin", stdin)
    with pytest.raises(InputTooLargeError):
        read_source("-", max_bytes=1000)
    assert stdin.requested == [1001]


# --- decode -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (AR.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + AR.encode("utf-8"), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + AR.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + AR.encode("utf-16-be"), "utf-16-be"),
        (AR.encode("cp1256"), "cp1256"),
        (AR.encode("iso8859_6"), "iso8859_6"),
    ],
)
def test_decode_encodings(data, encoding):
    assert decode(data) == (AR, encoding)


def test_decode_drops_a_multibyte_sequence_cut_at_the_end():
    data = AR.encode() + "ب".encode()[:1]
    assert decode(data) == (AR, "utf-8")
    # the same bad byte in the middle is not UTF-8 any more
    assert decode(data + b" " + AR.encode())[1] != "utf-8"


def test_decode_normalizes_newlines_but_not_unicode():
    decomposed = "ا\u0653 و\u0654"  # alef + madda, waw + hamza: NFC would compose them
    text, _ = decode(f"{AR}\r\n{decomposed}\r{AR2}\n".encode())
    assert text == f"{AR}\n{decomposed}\n{AR2}\n"


def test_decode_falls_back_to_charset_normalizer():
    french = ("Le président de la République a été élu à Paris, où il a prononcé un discours "
              "très attendu devant les députés. Il a évoqué la sécurité et l'économie.")
    text, encoding = decode(french.encode("cp1252"))
    assert text == french
    assert encoding == "cp1252"


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
        "قال \x00 الوزير".encode(),
        bytes(range(1, 9)) * 50 + b"abc",
    ],
)
def test_decode_refuses_binary(data):
    with pytest.raises(InputError, match="looks binary"):
        decode(data)


def test_decode_bad_utf16_after_bom():
    with pytest.raises(InputError, match="byte-order mark"):
        decode(codecs.BOM_UTF16_LE + b"\x00\xd8\x41")


@pytest.mark.parametrize("topic", [4, 5, 7, 13])
def test_decode_legacy_easc_files(shared_data, topic):
    raw = (shared_data / "legacy_encoding" / f"easc_Topic{topic}_cp1256.txt").read_bytes()
    text, encoding = decode(raw)
    assert encoding == "cp1256"
    with (shared_data / "sum" / "easc.jsonl").open(encoding="utf-8") as handle:
        record = next(r for r in map(json.loads, handle) if r["id"] == f"EASC-Topic{topic}")
    assert "\r" not in text
    assert text.strip() == record["text"]


# --- sanitize -----------------------------------------------------------------------


def test_sanitize_removes_whole_escape_sequences():
    text = "\x1b[31;1mأحمر\x1b[0m \x1b]0;evil title\x07نص \x1b]8;;http://x\x1b\\رابط\x9b2J"
    assert sanitize(text) == "أحمر نص رابط"


def test_sanitize_removes_controls_bidi_and_zero_width_keeps_zwnj():
    text = "a\x00b\x07c\x85d\te\nf \u202eevil\u202c \u2067iso\u2069 x\u200by\ufeffz می\u200cشود"
    assert sanitize(text) == "abcd\te\nf evil iso xyz می\u200cشود"
    assert sanitize("ا\u200dل") == "ال"  # ZWJ dropped in Arabic (issue 12) …
    assert sanitize("👨\u200d👩") == "👨\u200d👩"  # … kept in an emoji sequence
    assert sanitize("قا\u200cل") == "قال"  # ZWNJ dropped outside Persian/Urdu text
    assert sanitize("a\r\nb\rc\x0cd\u2028e") == "a\nb\nc\nd\ne"


# --- HTML ---------------------------------------------------------------------------


def test_looks_like_html():
    assert looks_like_html("<!DOCTYPE html><html><body><p>x</p></body></html>")
    assert looks_like_html("\n  <html lang='ar'>" + "x" * 10)
    assert looks_like_html("".join(f"<p>{AR}</p>\n" for _ in range(10)))
    assert not looks_like_html(f"{AR}\n{AR2}")
    assert not looks_like_html("قال إن 3 < 5 وإن <ب> مجرد رمز.")
    assert not looks_like_html("<p>سطر واحد</p>")


def test_extract_html_assabah_matches_its_eval(shared_data):
    html_dir = shared_data / "html"
    page = (html_dir / "assabah_tn_164913.html").read_text(encoding="utf-8")
    gold = json.loads((html_dir / "assabah_tn_164913.eval.json").read_text(encoding="utf-8"))
    body, meta = extract_html(page)
    for snippet in gold["with"]:
        assert snippet in body
    for snippet in gold["without"]:
        assert snippet not in body
    assert meta.title == norm(gold["title"])
    assert meta.url == gold["url"]
    assert "\n\n" in body and "\n\n\n" not in body


def test_extract_html_cnn_contains_the_expected_text(shared_data):
    html_dir = shared_data / "html"
    body, meta = extract_html(
        (html_dir / "cnn_arabic_2013_syria_clashes.html").read_text(encoding="utf-8")
    )
    expected = (html_dir / "cnn_arabic_2013_syria_clashes.expected.txt").read_text("utf-8")
    lines = [norm(line) for line in expected.split("\n") if line.strip()]
    assert len(lines) == 7
    flat = norm(body)
    assert [line for line in lines if line not in flat] == []  # all 7 paragraphs found
    assert meta.title == "معارضون يسيطرون على مخازن للصواريخ بريف دمشق"
    assert meta.url == "http://arabic.cnn.com/2013/middle_east/8/3/syria.clashes/index.html"


def test_extract_html_without_article_gives_empty_body():
    body, meta = extract_html("<html><head><title>t</title></head><body></body></html>")
    assert body == ""


# --- load_article / article_from_text -----------------------------------------------


def test_load_article_kremlin(kremlin_path):
    article = load_article(str(kremlin_path))
    assert article.name == str(kremlin_path)
    assert (article.encoding, article.content_type) == ("utf-8", "text")
    assert article.meta.language == "ar"
    assert article.meta.source == "سبوتنيك"
    assert article.meta.date == "30 ديسمبر 2021"
    assert article.meta.title.startswith("الكرملين: بمبادرة")
    assert article.body.startswith("صرح المتحدث الرسمي")
    assert "(تستمر)" in article.removed and "أفكارك وتعليقاتك" in article.removed


def test_load_article_html_pages(shared_data):
    html_dir = shared_data / "html"
    page = load_article(str(html_dir / "assabah_tn_164913.html"), name="page")
    assert page.name == "page" and page.content_type == "html"
    assert page.meta.title.startswith("الناشط الحقوقي السوداني")
    assert page.meta.title not in page.body
    assert page.meta.url.startswith("http://www.assabah.com.tn/article/164913/")
    assert "إضافة تعليق جديد" not in page.body and page.meta.language == "ar"
    cnn = load_article(str(html_dir / "cnn_arabic_2013_syria_clashes.html"))
    assert cnn.meta.source == "CNN"
    assert cnn.body.startswith("أكدت جهات سورية معارضة")
    assert "ترحب شبكة CNN" not in cnn.body and "الآراء الواردة" not in cnn.body
    assert cnn.body.endswith("بشكل مستقل.")


def test_load_article_legacy_encoding(shared_data):
    article = load_article(str(shared_data / "legacy_encoding" / "easc_Topic7_cp1256.txt"))
    assert (article.encoding, article.meta.language) == ("cp1256", "ar")
    assert article.meta.source == "الرأي"
    assert article.body.startswith("دعا معهد ثربانتس بعمان")


def test_load_article_from_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", FakeStdin(f"{AR}\n{AR2}".encode("cp1256")))
    article = load_article("-")
    assert article.name == "-" and article.body == f"{AR}\n\n{AR2}"
    assert article.encoding == "cp1256"


def test_load_article_body_over_max_chars(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(f"{AR}\n{AR2}", encoding="utf-8")
    with pytest.raises(InputTooLargeError, match="over the limit of 50") as err:
        load_article(str(path), max_chars=50)
    assert "--max-chars" in err.value.hint
    assert len(load_article(str(path), max_chars=len(AR) + len(AR2) + 2).body) > 50


def test_load_article_byte_limit_follows_max_chars(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"x" * (max_bytes_for(10) + 1))
    with pytest.raises(InputTooLargeError, match="bytes"):
        load_article(str(path), max_chars=10)
    assert max_bytes_for(200_000) == 4_065_536


@pytest.mark.parametrize("text", ["   \n\n\t ", "123 456\n-- !! ..", "(تستمر)\n----"])
def test_load_article_without_letters(tmp_path, text):
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match="no article text"):
        load_article(str(path))


@pytest.mark.parametrize("bad", [0, -5, 1.5])
def test_bad_max_chars_is_a_config_error(bad):
    with pytest.raises(ConfigError, match="--max-chars"):
        article_from_text(AR, max_chars=bad)


def test_article_from_text_cleans_and_sanitizes():
    text = f"\ufeff\x1b[1m{AR}\x1b[0m\r\n\u202e{AR2}\u202c\r\n(يتبع)"
    article = article_from_text(text)
    assert article.name == "<text>" and article.encoding == "utf-8"
    assert article.body == f"{AR}\n\n{AR2}"
    assert article.removed == ("(يتبع)",)
    assert article.meta.language == "ar"


def test_article_from_text_accepts_html_and_english():
    html = ("<html><head><title>Talks resume</title></head><body><article>"
            "<p>The foreign minister said that talks with the other side will resume next "
            "week in Geneva, and that both delegations are ready.</p>"
            "<p>He added that the agenda was agreed on Monday after a long call.</p>"
            "</article></body></html>")
    article = article_from_text(html, name="x.html")
    assert article.content_type == "html" and article.meta.title == "Talks resume"
    assert article.meta.language == "en"
    assert article.body.startswith("The foreign minister said")


def test_article_from_text_refuses_huge_text_early():
    with pytest.raises(InputTooLargeError):
        article_from_text("ا" * (max_bytes_for(10) + 1), max_chars=10)
