"""Hostile and broken input through the whole CLI (issue 5): every case ends in a correct
brief or one line on stderr with a documented exit status, never a traceback.

In-process with CliRunner (stdout and stderr apart); real processes only where a pipe,
a signal or a FIFO needs one.  Model-free (``--profile extractive``) except where the
fake translator shows what would reach a model.
"""

from __future__ import annotations

import json
import os
import re
import signal
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from builders import brief, claim
from typer.testing import CliRunner

from ansum import cli
from ansum.arabic.chunk import LONG_SENTENCE_CHARS, PIECE_CHARS
from ansum.backends import BACKENDS
from ansum.backends.fake import FakeTranslator
from ansum.cli import summarize as cli_summarize
from ansum.input.langid import script_share
from ansum.input.read import load_article, max_bytes_for
from ansum.pipeline import NOT_ARABIC
from ansum.render import render

ARTICLE = (
    "أعلنت وزارة الصحة المصرية، اليوم الأحد، تسجيل 120 إصابة جديدة في القاهرة والجيزة "
    "خلال الأسبوع الماضي.\n\n"
    'وقال المتحدث باسم الوزارة، خالد مجاهد، في بيان إن "الوضع تحت السيطرة حتى الآن". '
    "وأضاف أن الوزارة رفعت درجة الاستعداد في 40 مستشفى.\n\n"
    "وكانت الحكومة قد خصصت 500 مليون جنيه لدعم القطاع الصحي في ميزانية العام الجاري.\n"
)
ENGLISH = (
    "The central bank raised its main interest rate by half a point on Thursday, the third "
    "increase this year. Officials said inflation had reached 7.5 percent in March.\n\n"
    "The governor told reporters that the bank would do whatever is needed to bring prices "
    "under control. Analysts expect another rise in June.\n"
)
FRENCH = (
    "Le gouvernement a annoncé jeudi une hausse de 5 % du budget de la santé pour l'année "
    "prochaine. Le ministre a déclaré que cette mesure était nécessaire.\n\n"
    "Selon les syndicats, les hôpitaux manquent encore de personnel dans plusieurs régions. "
    "Une grève est prévue le 12 mars.\n"
)
PERSIAN = (
    "وزیر امور خارجه ایران روز پنجشنبه گفت که مذاکرات هسته‌ای هفته آینده در وین از سر گرفته "
    "خواهد شد. او افزود که ایران برای رسیدن به توافق آماده است.\n\n"
    "سخنگوی دولت نیز اعلام کرد که تحریم‌ها باید به طور کامل لغو شوند.\n"
)
URDU = (
    "وزیر اعظم نے جمعرات کو کہا کہ حکومت ملک میں مہنگائی کم کرنے کے لیے نئے اقدامات کرے گی۔ "
    "انہوں نے بتایا کہ بجلی کی قیمتوں میں کمی کی جائے گی۔\n\n"
    "اپوزیشن رہنماؤں نے اس اعلان پر تنقید کی ہے اور کہا ہے کہ یہ وعدے پہلے بھی کیے گئے تھے۔\n"
)
MIXED = (
    "The United Nations welcomed the announcement on Monday. قال وزير الخارجية المصري إن "
    "المحادثات مع الجانب الإثيوبي ستستأنف الأسبوع المقبل في القاهرة. The minister said the "
    "talks would focus on the filling of the dam.\n\n"
    "وأضاف الوزير أن مصر لن تقبل بأي اتفاق لا يضمن حقوقها المائية. وقالت الأمم المتحدة في "
    "بيان إنها مستعدة لدعم الحوار بين البلدين.\n"
)
#: Escape sequences, rich markup, bidi and zero-width characters, HTML in plain text.
HOSTILE = (
    "قال الوزير [bold]إن[/] الحكومة [link=https://evil.example]ستعمل[/link] على تحسين "
    "\x1b[2J\x1b[H الاقتصاد في البلاد خلال العام المقبل.\n\n"
    "وأضاف أن \x1b]8;;https://evil.example\x07اضغط هنا\x1b]8;;\x07 و\x1b]52;c;ZWNobyBoaQ==\x07 "
    "الحكومة \u202eستعمل\u202c \u2066معزول\u2069 بدون\u200bفاصل \x9b31m وبسرعة.\n\n"
    "<script>alert(1)</script> وقال المتحدث <img src=x onerror=alert(2)> إن 30 شخصا قتلوا "
    'في الهجوم. <b onclick="x()">نص</b>\n'
)
BAD_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u202a-\u202e"
                       "\u2066-\u2069]")
SGR = re.compile(r"\x1b\[[0-9;]*m")
EXIT_BROKEN_PIPE = 141


def run(*args: str, input: bytes | str | None = None):
    return CliRunner().invoke(cli.app, ["summarize", *args], input=input)


def briefs_of(result) -> list[dict]:
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def assert_one_line_error(result, status: int, *needles: str) -> str:
    """The run failed with ``status``, stdout empty, stderr one "ansum: error:" line."""
    assert result.exit_code == status, (result.exit_code, result.output)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("ansum: error: "), result.stderr
    for needle in needles:
        assert needle in lines[0]
    assert "Traceback" not in result.output
    return lines[0]


def write(path: Path, text: str | bytes) -> Path:
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


@pytest.fixture
def fake_profile(tmp_path, monkeypatch):
    """models.toml with profile "fake" (extractive + fake translator); yields the
    ``--models``/``--profile`` arguments and the list of translators created."""
    toml = write(tmp_path / "models.toml",
                 '[models.fake-tr]\ntask = "translate"\nbackend = "fake"\nfamily = "marian"\n'
                 'license = "test"\n\n[models.fake-sum]\ntask = "summarize"\nbackend = "fake"\n'
                 'family = "mt5"\nlicense = "test"\n\n[profiles.fake]\n'
                 'summarizer = "extractive"\ntranslator = "fake-tr"\n\n'
                 '[profiles.fake-abs]\nsummarizer = "fake-sum"\ntranslator = "fake-tr"\n')
    made: list[FakeTranslator] = []

    def factory(spec, **opts):
        made.append(FakeTranslator(spec))
        return made[-1]

    monkeypatch.setitem(BACKENDS["fake"], "translate", factory)
    return ["--models", str(toml), "--profile", "fake"], made


# --- 1. files ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "needle"),
    [(b"", "is empty"), (b"  \n\t\n   ", "no article text"),
     ("!!! ... ؟ ، --- ***", "no article text"), ("123 456 ٧٨٩ 2021", "no article text")],
    ids=["empty", "whitespace", "punctuation", "digits"],
)
def test_files_without_text_are_one_line_errors(tmp_path, content, needle):
    path = write(tmp_path / "a.txt", content)
    assert_one_line_error(run("--profile", "extractive", str(path)), 3, needle, str(path))


def test_directory_and_missing_path(tmp_path):
    assert_one_line_error(run("--profile", "extractive", str(tmp_path)), 3, "is a directory")
    missing = tmp_path / "nope.txt"
    assert_one_line_error(run("--profile", "extractive", str(missing)), 3, "no such file",
                          str(missing))


def test_unreadable_file(tmp_path, monkeypatch):
    path = write(tmp_path / "secret.txt", ARTICLE)
    if os.geteuid() != 0:  # root reads anything: simulate the error instead
        path.chmod(0)
    else:
        import ansum.input.read as inputs

        def deny(file, *args, **kwargs):
            if str(file) == str(path):
                raise PermissionError(13, "Permission denied", str(file))
            return open(file, *args, **kwargs)

        monkeypatch.setattr(inputs, "open", deny, raising=False)
    assert_one_line_error(run("--profile", "extractive", str(path)), 3, "permission denied")


def test_fifo_is_read_like_a_file(tmp_path):
    fifo = tmp_path / "in.fifo"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_bytes(ARTICLE.encode()), daemon=True)
    writer.start()
    result = run("--profile", "extractive", "-f", "json", str(fifo))
    writer.join(5)
    assert result.exit_code == 0, result.output
    assert briefs_of(result)[0]["summary"][0]["ar"].startswith("أعلنت وزارة الصحة")


def test_several_paths_one_bad_others_still_get_briefs(tmp_path):
    good1 = write(tmp_path / "one.txt", ARTICLE)
    good2 = write(tmp_path / "two.txt", MIXED)
    bad = write(tmp_path / "bad.bin", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    result = run("--profile", "extractive", "-f", "json", str(good1), str(bad), str(good2))
    assert result.exit_code == 3
    assert [b["input"] for b in briefs_of(result)] == [str(good1), str(good2)]
    errors = [x for x in result.stderr.splitlines() if x.startswith("ansum: error:")]
    assert len(errors) == 1 and "binary" in errors[0]


# --- 2. bytes ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [bytes(range(256)) * 8, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200),
     ARTICLE.encode()[:40] + b"\x00" + ARTICLE.encode()[40:],
     # invalid UTF-8 that is not windows-1256/ISO-8859-6 either; a guessed encoding
     # would give CJK-looking text
     bytes([0xC3, 0x28, 0xA0, 0xA1, 0xE2, 0x28, 0xA1, 0xF0, 0x28, 0x8C, 0xBC]) * 30],
    ids=["binary", "png", "nul", "invalid-utf8"],
)
def test_bytes_that_are_not_text(tmp_path, data):
    path = write(tmp_path / "x.txt", data)
    line = assert_one_line_error(run("--profile", "extractive", str(path)), 3)
    assert re.search(r"binary|encoding|not Arabic", line)


def test_multibyte_sequence_cut_at_the_end_of_a_pipe():
    data = ARTICLE.encode() + "ب".encode()[:1]
    result = run("--profile", "extractive", "-f", "json", "-", input=data)
    assert result.exit_code == 0, result.output
    (b,) = briefs_of(result)
    assert "\ufffd" not in result.stdout and not any("replacement" in w for w in b["warnings"])


def test_stray_invalid_byte_in_utf8_is_not_read_as_a_legacy_encoding(tmp_path):
    data = ARTICLE.encode()
    cut = data.index("وكانت".encode())
    path = write(tmp_path / "a.txt", data[:cut] + b"\xff" + data[cut:])
    result = run("--profile", "extractive", "-f", "json", "-n", "5", str(path))
    assert result.exit_code == 0
    (b,) = briefs_of(result)
    assert any(s["ar"].startswith("أعلنت وزارة الصحة") for s in b["summary"])  # no mojibake
    assert any("replacement character" in w for w in b["warnings"])


# --- 3. language --------------------------------------------------------------------


@pytest.mark.parametrize(("text", "lang", "name"),
                         [(ENGLISH, "en", "English"), (FRENCH, "fr", "French"),
                          (PERSIAN, "fa", "Persian"), (URDU, "ur", "Urdu")])
def test_non_arabic_input_gets_a_brief_with_a_warning_and_no_model(text, lang, name,
                                                                   fake_profile):
    args, made = fake_profile
    result = run(*args, "-f", "json", "-", input=text)
    assert result.exit_code == 0, result.output
    (b,) = briefs_of(result)
    assert b["meta"]["language"] == lang
    assert any(f"{name} ('{lang}'), not Arabic" in w for w in b["warnings"])
    assert f"{name} ('{lang}'), not Arabic" in result.stderr
    assert made == []  # the Arabic→English model is never even created
    assert b["english"]["status"] == "none" and "not Arabic" in b["english"]["reason"]
    assert all(s["en"] is None for s in b["summary"])


def test_mixed_input_english_sentences_never_reach_the_translator(fake_profile):
    args, made = fake_profile
    # the fake summarizer returns the first sentence, in English here
    result = run(*args[:-1], "fake-abs", "-f", "json", "-", input=MIXED)
    assert result.exit_code == 0, result.output
    (b,) = briefs_of(result)
    assert b["meta"]["language"] == "ar"
    (summary,) = b["summary"]
    assert summary["ar"] == "The United Nations welcomed the announcement on Monday."
    assert summary["en"] == summary["ar"] and summary["flags"] == [NOT_ARABIC]
    (fake,) = made
    sent = [t for call in fake.calls for t in call]
    assert sent and all(script_share(t)["arabic"] > 0.9 for t in sent)
    assert b["claims"] and all(c["en"] == f"EN({c['ar']})" for c in b["claims"])
    assert b["english"]["status"] == "partial"


def test_arabic_article_with_urdu_dateline_is_arabic_and_translated(kremlin_path, fake_profile):
    args, made = fake_profile
    (b,) = briefs_of(run(*args, "-f", "json", str(kremlin_path)))
    assert b["meta"]["language"] == "ar" and not b["warnings"][:1] == ["not Arabic"]
    assert len(made) == 1 and made[0].calls
    assert all(s["en"] == f"EN({s['ar']})" for s in b["summary"])
    assert not any(NOT_ARABIC in x["flags"] for x in b["summary"] + b["claims"])


# --- 4. size ----------------------------------------------------------------------


def test_20_mb_file_is_refused_fast_naming_the_limit(tmp_path):
    path = tmp_path / "big.txt"
    with open(path, "wb") as fh:
        block = ("قال الوزير إن الحكومة ستعمل على تحسين الاقتصاد. " * 1000).encode()
        while fh.tell() < 20_000_000:
            fh.write(block)
    t = time.perf_counter()
    line = assert_one_line_error(run("--profile", "extractive", str(path)), 3, "--max-chars")
    assert time.perf_counter() - t < 3
    assert str(max_bytes_for(200_000)) in line


def test_reading_a_huge_file_has_bounded_memory(tmp_path):
    import tracemalloc

    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * 30_000_000)
    tracemalloc.start()
    try:
        with pytest.raises(Exception, match="input limit"):
            load_article(str(path), max_chars=100_000)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 3 * max_bytes_for(100_000)  # read at most max_bytes + 1, never the file


def test_200000_character_line_without_punctuation(tmp_path, shared_data):
    lines = (shared_data / "articles" / "saudinewsnet_30.jsonl").read_text(encoding="utf-8")
    text = " ".join(json.loads(x)["text"] for x in lines.splitlines() if x.strip())
    text = " ".join(re.sub(r"[.!?؟…۔]", " ", text).split())
    text = (text * (1 + 200_000 // len(text)))[:200_000]
    path = write(tmp_path / "line.txt", text)
    t = time.perf_counter()
    result = run("--profile", "extractive", "-f", "json", str(path))
    assert time.perf_counter() - t < 8
    assert result.exit_code == 0, result.output
    (b,) = briefs_of(result)
    assert len(b["summary"]) == 3 and all(len(s["ar"]) <= PIECE_CHARS for s in b["summary"])
    assert b["sentence_count"] > 200_000 // PIECE_CHARS
    assert any(f"longer than {LONG_SENTENCE_CHARS}" in w for w in b["warnings"])
    assert_one_line_error(run("--max-chars", "50000", "--profile", "extractive", str(path)),
                          3, "characters, over the limit of 50000", "--max-chars N (N ≥ 199")
    assert_one_line_error(run("--max-chars", "1000", "--profile", "extractive", str(path)), 3,
                          f"larger than {max_bytes_for(1000)} bytes, the input limit for "
                          "--max-chars 1000", "raise the limit with --max-chars N")


def test_segmenting_a_long_line_of_short_sentences_is_linear():
    """A complexity guard, not a speed target: quadratic work here took ~20 s, linear ~0.1 s."""
    from ansum.arabic.segment import segment

    line = "قال د. الوزير إن ab. " * 3600  # 75,600 characters, one paragraph, 3600 sentences
    t = time.perf_counter()
    assert len(segment(line)) == 3600
    assert time.perf_counter() - t < 5.0


def test_one_sentence_and_three_words_get_a_brief_with_a_warning():
    for text in ("قال وزير الخارجية إن المحادثات ستستأنف الأسبوع المقبل في القاهرة.",
                 "الحرب انتهت اليوم"):
        result = run("--profile", "extractive", "-f", "json", "-", input=text)
        assert result.exit_code == 0
        (b,) = briefs_of(result)
        assert [s["ar"] for s in b["summary"]] == [text]
        assert any("only 1 sentence" in w for w in b["warnings"])


# --- 5. markup and terminal safety -------------------------------------------------------


def _visible(text: str) -> str:
    return SGR.sub("", text)


@pytest.mark.parametrize("fmt", ["terminal", "terminal-color", "plain", "markdown", "html",
                                 "json"])
def test_hostile_text_is_inert_in_every_format(tmp_path, monkeypatch, fmt):
    if fmt == "terminal-color":
        monkeypatch.setattr(cli_summarize, "color_wanted", lambda no_color: True)
    path = write(tmp_path / "hostile.txt", HOSTILE)
    result = run("--profile", "extractive", "-n", "5", "-f", fmt.split("-")[0], str(path))
    assert result.exit_code == 0, result.output
    out = result.stdout
    if fmt == "terminal-color":
        assert SGR.search(out)
        out = _visible(out)
    assert not BAD_CHARS.search(out) and "\x1b" not in out and "\u200b" not in out
    assert not BAD_CHARS.search(result.stderr)
    if fmt in ("terminal", "terminal-color", "plain"):
        assert "[bold]" in out and "[link=https://evil.example]" in out  # printed as written
    if fmt == "html":
        assert "&lt;script&gt;" in out and not re.search(r"<[^>]*\son\w+\s*=", out)
        assert "<img" not in out
    if fmt == "markdown":
        assert not re.search(r"(?<!\\)<(script|img|b)", out) and "\\[bold\\]" in out
    if fmt == "json":
        assert "\\u001b" not in out and "\\u009b" not in out


def test_hostile_html_page_title_and_body(tmp_path):
    paragraph = ("<p>قال الوزير إن الحكومة ستعمل على تحسين الاقتصاد في البلاد خلال العام المقبل "
                 "<img src=x onerror=alert(1)><a href=\"javascript:alert(2)\" onclick=\"x()\">"
                 "وبسرعة</a>.</p>\n")
    page = ("<!DOCTYPE html><html><head><title>عنوان \x1b]52;c;SGk=\x07 [bold]خطير[/]\u202e"
            "</title><script>alert(3)</script></head><body><article>"
            + paragraph * 6 + "</article></body></html>")
    path = write(tmp_path / "page.html", page)
    for fmt in ("html", "markdown", "terminal", "plain"):
        result = run("--profile", "extractive", "-f", fmt, str(path))
        assert result.exit_code == 0, result.output
        out = result.stdout
        assert "\x1b" not in out and not BAD_CHARS.search(out) and "alert(3)" not in out
        assert not re.search(r"<[^>]*\son\w+\s*=", out) and "javascript:" not in out
        assert "<script" not in out and "<img" not in out


def test_renderers_direct_with_colour_keep_only_style_codes():
    evil = "\x1b[2J\x1b]8;;http://e\x07x\x1b]8;;\x07 \u202e[bold]x[/] \x9b1m"
    c = claim("قال الوزير " + evil + " انتهى.", speaker="الوزير", verb="قال")
    b = brief(name=evil, title=evil, source=evil, summary=[("قال " + evil, evil)], claims=[c],
              warnings=[evil])
    out = render(b, "terminal", color=True, width=60)
    assert SGR.search(out) and not BAD_CHARS.search(_visible(out))
    assert "[bold]x[/]" in _visible(out)


def test_filenames_with_escapes_and_bytes_that_are_not_utf8(tmp_path):
    odd = tmp_path / "e\x1b[2Jvil\udcff.txt"  # a 0xFF byte in the name (surrogate escape)
    write(odd, ARTICLE)
    for fmt in ("plain", "json", "terminal", "html", "markdown"):
        result = run("--profile", "extractive", "-f", fmt, str(odd))
        assert result.exit_code == 0, result.output
        assert "\x1b" not in result.stdout.replace("\\u001b", "")


def test_stdout_that_cannot_hold_arabic_is_a_one_line_error(kremlin_path):
    result = CliRunner(charset="ascii").invoke(
        cli.app, ["summarize", "--profile", "extractive", "-f", "plain", str(kremlin_path)])
    assert_one_line_error(result, 6, "'ascii'", "PYTHONIOENCODING=utf-8", "--out")


# --- 6. pipes and signals --------------------------------------------------------------


def ansum_process(*args: str, **popen) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "ansum", "summarize", *args],
                            stderr=subprocess.PIPE, **popen)


def test_head_1_exits_quietly(kremlin_path):
    p1 = ansum_process("--profile", "extractive", "-f", "plain", *[str(kremlin_path)] * 60,
                       stdout=subprocess.PIPE)
    head = subprocess.run(["head", "-1"], stdin=p1.stdout, capture_output=True, timeout=60)
    p1.stdout.close()
    err = p1.stderr.read()
    assert p1.wait(timeout=60) in (0, EXIT_BROKEN_PIPE)
    assert head.stdout.startswith(b"==> ") and err == b""


@pytest.mark.parametrize("fmt", ["json", "plain"])
def test_stdout_closed_before_writing_gives_141_and_no_message(kremlin_path, fmt):
    p = ansum_process("--profile", "extractive", "-f", fmt, str(kremlin_path),
                      stdout=subprocess.PIPE)
    p.stdout.close()
    assert p.wait(timeout=60) == EXIT_BROKEN_PIPE
    assert p.stderr.read() == b""


def test_ctrl_c_while_reading_a_slow_fifo(tmp_path):
    fifo = tmp_path / "slow.fifo"
    os.mkfifo(fifo)
    p = ansum_process("--profile", "extractive", str(fifo), stdout=subprocess.PIPE)
    fd = os.open(fifo, os.O_WRONLY)  # returns once ansum has opened the FIFO to read it
    try:
        os.write(fd, "قال الوزير".encode())
        time.sleep(0.3)
        p.send_signal(signal.SIGINT)
        out, err = p.communicate(timeout=30)
    finally:
        os.close(fd)
    assert p.returncode == 130
    assert err == b"ansum: interrupted\n" and out == b""


@pytest.mark.parametrize("where", ["model load", "generation"])
def test_ctrl_c_during_model_load_or_generation(fake_profile, monkeypatch, where):
    args, _ = fake_profile

    class Interrupted(FakeTranslator):
        def translate(self, texts, *, safe=False):
            raise KeyboardInterrupt

    def factory(spec, **opts):
        if where == "model load":
            raise KeyboardInterrupt
        return Interrupted(spec)

    monkeypatch.setitem(BACKENDS["fake"], "translate", factory)
    result = run(*args, "-f", "json", "-", input=ARTICLE)
    assert result.exit_code == 130
    assert result.stderr == "ansum: interrupted\n" and result.stdout == ""


def test_out_is_atomic_and_never_clobbers_an_input(tmp_path, monkeypatch):
    src = write(tmp_path / "in.txt", ARTICLE)
    (tmp_path / "sub").mkdir()
    link = tmp_path / "link.txt"
    link.symlink_to(src)
    os.link(src, tmp_path / "hard.txt")
    spellings = [src, link, tmp_path / "sub" / ".." / "in.txt", tmp_path / "hard.txt"]
    for out in spellings:
        assert_one_line_error(run("--profile", "extractive", "--out", str(out), str(src)),
                              3, "also an input")
        assert src.read_text(encoding="utf-8") == ARTICLE

    out = write(tmp_path / "brief.txt", "old brief")
    assert run("--profile", "extractive", "--out", str(out), str(src)).exit_code == 0
    assert "الملخص" in out.read_text(encoding="utf-8")

    for failure in (OSError(28, "No space left on device"), KeyboardInterrupt()):
        write(out, "old brief")

        def fail(fd, failure=failure):
            raise failure

        monkeypatch.setattr(os, "fsync", fail)
        result = run("--profile", "extractive", "--out", str(out), str(src))
        assert result.exit_code == (130 if isinstance(failure, KeyboardInterrupt) else 3)
        assert len(result.stderr.splitlines()) == 1
        assert out.read_text(encoding="utf-8") == "old brief"  # never half written
        assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")) == []
    monkeypatch.undo()

    target = write(tmp_path / "target.txt", "old")
    out_link = tmp_path / "out-link.txt"
    out_link.symlink_to(target)
    assert run("--profile", "extractive", "--out", str(out_link), str(src)).exit_code == 0
    assert out_link.is_symlink() and "الملخص" in target.read_text(encoding="utf-8")
    assert_one_line_error(run("--profile", "extractive", "--out",
                              str(tmp_path / "no" / "x.txt"), str(src)), 3, "does not exist")


# --- 7. config and models -------------------------------------------------------------


def test_models_toml_syntax_error_names_file_and_line(tmp_path, kremlin_path):
    toml = write(tmp_path / "models.toml",
                 '[profiles.x]\nsummarizer = "extractive"\ntranslator = \n')
    assert_one_line_error(run("--models", str(toml), "-p", "x", str(kremlin_path)), 6,
                          str(toml), "line 3")


def test_models_toml_unknown_key(tmp_path, kremlin_path):
    toml = write(tmp_path / "models.toml", '[profiles.x]\nsummariser = "extractive"\n')
    assert_one_line_error(run("--models", str(toml), "-p", "x", str(kremlin_path)), 6,
                          str(toml), "unknown key 'summariser'")


def _safetensors(path: Path, *, truncated: bool) -> None:
    header = json.dumps({"w": {"dtype": "F32", "shape": [4], "data_offsets": [0, 16]}}).encode()
    path.write_bytes(struct.pack("<Q", len(header)) + header + bytes(8 if truncated else 16))


def _broken_model(kind: str, folder: Path) -> Path:
    """Make a broken model folder of ``kind``; return the file the error must name."""
    if kind == "missing-folder":
        return folder
    folder.mkdir()
    config = folder / "config.json"
    config.write_text('{"model_type": "marian"}' if kind != "corrupt-config" else "{not json")
    if kind == "pickle-only":
        (folder / "pytorch_model.bin").write_bytes(b"\x80\x04not really a pickle")
        return folder / "pytorch_model.bin"
    _safetensors(folder / "model.safetensors", truncated=kind == "truncated-safetensors")
    return config if kind == "corrupt-config" else folder / "model.safetensors"


@pytest.mark.parametrize("kind", ["missing-folder", "corrupt-config", "truncated-safetensors",
                                  "pickle-only"])
@pytest.mark.parametrize("role", ["translator", "summarizer"])
def test_broken_model_folders(tmp_path, kremlin_path, kind, role):
    named = _broken_model(kind, tmp_path / "model")
    task, family = ("translate", "marian") if role == "translator" else ("summarize", "mt5")
    other = 'translator = ""' if role == "summarizer" else 'summarizer = "extractive"'
    toml = write(tmp_path / "models.toml",
                 f'[models.broken]\ntask = "{task}"\nbackend = "transformers"\n'
                 f'repo = "./model"\nfamily = "{family}"\n\n'
                 f'[profiles.b]\n{role} = "broken"\n{other}\n')
    args = ["--models", str(toml), "-p", "b", "-f", "json", str(kremlin_path)]
    assert_one_line_error(run("--strict", *args), 4, str(named))
    result = run(*args)
    assert result.exit_code == 5, result.output
    (b,) = briefs_of(result)
    assert b["partial"] and b["summary"]
    assert str(named) in result.stderr and "error" not in result.stderr
    assert all(x.startswith("ansum: warning:") for x in result.stderr.splitlines())
