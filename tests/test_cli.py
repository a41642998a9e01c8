"""End to end through the CLI (in-process with CliRunner; a few real subprocesses)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ansum import __version__
from ansum.arabic.segment import segment
from ansum.cli import app
from ansum.errors import EXIT_BAD_INPUT, EXIT_CONFIG, EXIT_OK

ROOT = Path(__file__).resolve().parents[1]
NOISE = ("(تستمر)", "أفكارك وتعليقاتك", "بوینت")


def run(*args: str, input: bytes | str | None = None):
    return CliRunner().invoke(app, list(args), input=input)


def json_briefs(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def kremlin_json(kremlin_path):
    result = run("summarize", "--profile", "extractive", "--format", "json", str(kremlin_path))
    assert result.exit_code == EXIT_OK, result.stderr
    (brief,) = json_briefs(result.stdout)
    return brief, result


def test_kremlin_json_valid_against_schema(kremlin_json):
    jsonschema = pytest.importorskip("jsonschema")
    brief, _ = kremlin_json
    schema = json.loads((ROOT / "docs" / "json-schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(brief, schema)
    assert brief["schema_version"] == "1.0"
    assert brief["meta"]["title"].startswith("الكرملين: بمبادرة من الرئيس الروسي")
    assert brief["meta"]["source"] == "سبوتنيك"
    assert brief["meta"]["date"] == "30 ديسمبر 2021"
    assert brief["meta"]["language"] == "ar"
    assert brief["english"]["status"] == "none" and brief["english"]["reason"]


def test_kremlin_summary_sentences_are_article_sentences(kremlin_json, kremlin_path):
    brief, _ = kremlin_json
    original = {s.text for s in segment(kremlin_path.read_text(encoding="utf-8"))}
    assert len(brief["summary"]) == 3
    indices = [s["index"] for s in brief["summary"]]
    assert indices == sorted(indices)
    for s in brief["summary"]:
        # a sentence of the article (the first one without its agency dateline)
        assert s["ar"] in original or any(o.endswith(s["ar"]) for o in original)
        assert s["en"] is None


def test_kremlin_claims(kremlin_json):
    brief, _ = kremlin_json

    def claims_of(name: str) -> list[dict]:
        return [c for c in brief["claims"] if c["speaker"] and name in c["speaker"]["text"]]

    peskov = claims_of("بيسكوف")
    assert any("23:30" in [f["value"] for f in c["figures"]] for c in peskov)
    assert any("بمبادرة من بوتين" in c["ar"] for c in peskov)
    zakharova = claims_of("زاخاروفا")
    assert zakharova and "جنيف" in zakharova[0]["ar"]
    assert any(f["kind"] == "date" and f["value"] == "10 1" for f in zakharova[0]["figures"])
    ryabkov = claims_of("ريابكوف")
    assert any("2008" in [f["value"] for f in c["figures"]] for c in ryabkov)
    for c in brief["claims"]:
        sp = c["speaker"]
        if sp and sp["start"] is not None:
            assert c["ar"][sp["start"] : sp["end"]] == sp["text"]
    assert [c["sentence_index"] for c in brief["claims"]] == sorted(
        c["sentence_index"] for c in brief["claims"]
    )


def test_kremlin_noise_nowhere_in_any_format(kremlin_path, kremlin_json):
    _, result = kremlin_json
    outputs = [result.stdout]
    for fmt in ("plain", "markdown", "terminal", "html"):
        r = run("summarize", "--profile", "extractive", "--format", fmt, str(kremlin_path))
        assert r.exit_code == 0, r.stderr
        outputs.append(r.stdout)
    for out in outputs:
        for noise in NOISE:
            assert noise not in out


def test_sentences_and_claims_options(kremlin_path):
    r = run("summarize", "-p", "extractive", "-f", "json", "-n", "1", "-k", "2", str(kremlin_path))
    (brief,) = json_briefs(r.stdout)
    assert len(brief["summary"]) == 1 and len(brief["claims"]) == 2


def test_stdin_html_and_cp1256(shared_data):
    html = (shared_data / "html" / "cnn_arabic_2013_syria_clashes.html").read_bytes()
    r = run("summarize", "-p", "extractive", "-f", "json", "-", input=html)
    assert r.exit_code == 0, r.stderr
    (brief,) = json_briefs(r.stdout)
    assert brief["input"] == "-"
    assert brief["summary"] and "<" not in brief["summary"][0]["ar"]
    cp = shared_data / "legacy_encoding" / "easc_Topic4_cp1256.txt"
    r = run("summarize", "-p", "extractive", "-f", "json", str(cp))
    assert r.exit_code == 0, r.stderr
    (brief,) = json_briefs(r.stdout)
    easc = {
        json.loads(line)["id"]: json.loads(line)
        for line in (shared_data / "sum" / "easc.jsonl").read_text(encoding="utf-8").splitlines()
    }
    # hard-wrapped lines are rejoined, so compare with whitespace collapsed
    flat = " ".join(easc["EASC-Topic4"]["text"].split())
    assert brief["summary"][0]["ar"] in flat
    assert brief["summary"][0]["ar"].startswith("الخطاط الكويتي فريد العلي")


def test_several_files_one_brief_each_and_bad_one(tmp_path, kremlin_path):
    missing = tmp_path / "missing.txt"
    r = run(
        "summarize",
        "-p",
        "extractive",
        "-f",
        "json",
        str(kremlin_path),
        str(missing),
        "examples/heatwave.txt",
    )
    assert r.exit_code == EXIT_BAD_INPUT
    briefs = json_briefs(r.stdout)
    assert [b["input"] for b in briefs] == [str(kremlin_path), "examples/heatwave.txt"]
    assert "missing.txt" in r.stderr and r.stderr.count("\n") >= 1
    assert "Traceback" not in r.output
    r = run(
        "summarize", "-p", "extractive", "-f", "plain", str(kremlin_path), "examples/heatwave.txt"
    )
    assert r.stdout.count("==> ") == 2


def test_version_and_unknown_format():
    r = run("--version")
    assert r.exit_code == 0 and r.stdout.strip() == f"ansum {__version__}"
    r = run("summarize", "-p", "extractive", "-f", "yaml", "examples/heatwave.txt")
    assert r.exit_code == EXIT_CONFIG
    assert "terminal" in r.stderr and "json" in r.stderr


def test_unknown_profile_lists_valid_ones():
    r = run("summarize", "-p", "nope", "examples/heatwave.txt")
    assert r.exit_code == EXIT_CONFIG
    assert "extractive" in r.stderr and "default" in r.stderr


def test_default_profile_without_models_gives_partial_brief_or_strict_failure():
    r = run("summarize", "--offline", "-f", "json", "examples/heatwave.txt")
    assert r.exit_code == 5, r.stderr
    (brief,) = json_briefs(r.stdout)
    assert brief["partial"] is True and brief["summary"]
    assert "ansum models pull" in r.stderr
    r = run("summarize", "--offline", "--strict", "-f", "json", "examples/heatwave.txt")
    assert r.exit_code == 4 and r.stdout == ""
    assert len(r.stderr.strip().splitlines()) == 1


def test_out_file_written_and_input_never_clobbered(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text(Path("examples/heatwave.txt").read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "brief.md"
    r = run("summarize", "-p", "extractive", "-f", "markdown", "-o", str(out), str(src))
    assert r.exit_code == 0 and r.stdout == ""
    assert out.read_text(encoding="utf-8").startswith("# ")
    before = src.read_bytes()
    r = run("summarize", "-p", "extractive", "-o", str(src), str(src))
    assert r.exit_code == EXIT_BAD_INPUT and src.read_bytes() == before


def test_every_shared_article_gets_a_brief(shared_data, tmp_path):
    paths = []
    for jl in sorted((shared_data / "articles").glob("*.jsonl")):
        for line in jl.read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            p = tmp_path / f"{rec['id']}.txt"
            p.write_text(rec["title"] + "\n\n" + rec["text"], encoding="utf-8")
            paths.append(p)
    assert len(paths) == 210
    r = run("summarize", "-p", "extractive", "-f", "json", *map(str, paths))
    assert r.exit_code == 0, r.stderr[-2000:]
    briefs = json_briefs(r.stdout)
    assert len(briefs) == 210
    for b in briefs:
        assert b["summary"], b["input"]
        assert b["claims"] or any("no claims" in w for w in b["warnings"]), b["input"]
    with_claims = sum(bool(b["claims"]) for b in briefs)
    assert with_claims >= 200


def test_model_free_brief_imports_no_torch(kremlin_path):
    code = (
        "import sys\n"
        "from ansum.cli import main\n"
        "sys.argv = ['ansum', 'summarize', '-p', 'extractive', '-f', 'json', "
        f"{str(kremlin_path)!r}]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as e:\n"
        "    assert e.code == 0, e.code\n"
        "heavy = ('torch', 'transformers', 'trafilatura', 'ctranslate2')\n"
        "bad = [m for m in heavy if m in sys.modules]\n"
        "assert not bad, bad\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["claims"]


def test_real_process_piped_plain_default(kremlin_path):
    proc = subprocess.run(
        [sys.executable, "-m", "ansum", "summarize", "-p", "extractive", str(kremlin_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    assert "\x1b" not in proc.stdout  # piped: plain text, no colour
    assert "Key claims" in proc.stdout and "بيسكوف" in proc.stdout


def test_real_entry_point_usage_errors_exit_2_not_internal():
    for args in (["summarize", "--sentences", "0", "examples/heatwave.txt"],
                 ["summarize", "--foo", "x"], ["models", "nope"], []):
        proc = subprocess.run([sys.executable, "-m", "ansum", *args], capture_output=True,
                              text=True, cwd=ROOT)
        assert proc.returncode == 2, (args, proc.stderr)
        assert "internal error" not in proc.stderr and "Traceback" not in proc.stderr
        assert proc.stdout == ""


def test_out_file_gets_normal_permissions(tmp_path):
    import os
    import stat

    out = tmp_path / "brief.md"
    old = os.umask(0o022)
    try:
        r = run("summarize", "-p", "extractive", "-o", str(out), "examples/heatwave.txt")
    finally:
        os.umask(old)
    assert r.exit_code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o644
    out.chmod(0o640)
    run("summarize", "-p", "extractive", "-o", str(out), "examples/heatwave.txt")
    assert stat.S_IMODE(out.stat().st_mode) == 0o640  # an existing file keeps its mode


def test_models_file_not_utf8_or_a_folder_is_a_config_error(tmp_path):
    bad = tmp_path / "models.toml"
    bad.write_bytes(b"\x86\xff[models]\n")
    r = run("summarize", "--models", str(bad), "examples/heatwave.txt")
    assert r.exit_code == EXIT_CONFIG and "not UTF-8" in r.stderr and str(bad) in r.stderr
    r = run("summarize", "--models", str(tmp_path), "examples/heatwave.txt")
    assert r.exit_code == EXIT_CONFIG and "is a directory" in r.stderr


def test_errors_name_the_input(tmp_path):
    binary = tmp_path / "data.bin"
    binary.write_bytes(bytes(range(256)) * 20)
    r = run("summarize", "-p", "extractive", str(binary), "examples/heatwave.txt")
    assert r.exit_code == EXIT_BAD_INPUT
    (line,) = [ln for ln in r.stderr.splitlines() if "error" in ln]
    assert str(binary) in line and "binary" in line


def test_daily_brief_script(tmp_path):
    import os
    import shutil

    bindir = Path(sys.executable).parent
    if not (bindir / "ansum").exists() or shutil.which("bash") is None:
        pytest.skip("needs the installed ansum console script and bash")
    env = {**os.environ, "PATH": f"{bindir}{os.pathsep}{os.environ['PATH']}"}
    proc = subprocess.run(
        ["bash", "examples/daily-brief.sh", "examples", str(tmp_path), "--profile", "extractive"],
        capture_output=True, text=True, cwd=ROOT, env=env,
    )
    assert proc.returncode == 0, proc.stderr
    (brief,) = tmp_path.glob("brief-*.md")
    text = brief.read_text(encoding="utf-8")
    assert "الحديدي" in text and "منصور" in text  # one story per example article
    proc = subprocess.run(["bash", "examples/daily-brief.sh", str(tmp_path / "none")],
                          capture_output=True, text=True, cwd=ROOT, env=env)
    assert proc.returncode == 3 and "not a folder" in proc.stderr
    (tmp_path / "empty").mkdir()
    proc = subprocess.run(["bash", "examples/daily-brief.sh", str(tmp_path / "empty"),
                           str(tmp_path), "-p", "extractive"],
                          capture_output=True, text=True, cwd=ROOT, env=env)
    assert proc.returncode == 3 and "no article to brief" in proc.stderr


def test_missing_backend_package_gives_partial_brief_naming_the_extra(monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "ctranslate2" else real(name, *a))
    r = run("summarize", "-f", "json", "examples/heatwave.txt")  # default profile: CTranslate2
    assert r.exit_code == 5, r.stderr
    assert "ctranslate2" in r.stderr and "ansum[fast]" in r.stderr
    assert json_briefs(r.stdout)[0]["summary"]
    r = run("summarize", "--strict", "examples/heatwave.txt")
    assert r.exit_code == 4 and "ansum[fast]" in r.stderr
    r = run("models", "pull")
    assert r.exit_code == 4 and "ansum[hf]" in r.stderr


# --- issue 13: help, colour, device, format names, warnings once ------------------------


def test_help_has_examples_exit_statuses_and_readable_metavars():
    for args in (["summarize", "-h"], ["summarize", "--help"]):
        result = run(*args)
        assert result.exit_code == EXIT_OK
        out = result.stdout
        assert "summarize [OPTIONS] FILE...\n" in out
        assert out.count("ansum summarize ") == 3  # three examples
        assert "Exit statuses:" in out and "5    partial brief" in out
        assert "<list[str]>" not in out and "range>" not in out and "<str>" not in out
        assert "-n, --sentences N" in out and "--max-chars N" in out and "-o, --out FILE" in out
    top = run("-h")
    assert top.exit_code == EXIT_OK and "Examples:" in top.stdout and "Exit statuses" in top.stdout


def test_format_name_is_case_insensitive(kremlin_path):
    result = run("summarize", "-p", "extractive", "--format", "JSON", str(kremlin_path))
    assert result.exit_code == EXIT_OK
    assert json_briefs(result.stdout)[0]["schema_version"] == "1.0"
    result = run("summarize", "-p", "extractive", "-f", "Xml", str(kremlin_path))
    assert result.exit_code == EXIT_CONFIG


@pytest.mark.parametrize("profile", ["extractive", "default"])
def test_device_is_checked_whatever_the_profile(kremlin_path, monkeypatch, profile):
    from ansum.cli import common

    monkeypatch.setattr(common, "cuda_devices", lambda: 0)
    result = run("summarize", "-p", profile, "--device", "cuda", str(kremlin_path))
    assert result.exit_code == EXIT_CONFIG
    assert "device 'cuda' is not available here" in result.stderr
    assert result.stdout == ""
    monkeypatch.setattr(common, "cuda_devices", lambda: 1)
    result = run("summarize", "-p", "extractive", "--device", "cuda:1", str(kremlin_path))
    assert result.exit_code == EXIT_CONFIG and "1 CUDA device(s)" in result.stderr
    result = run("summarize", "-p", "extractive", "--device", "cuda:0", str(kremlin_path))
    assert result.exit_code == EXIT_OK


def test_color_auto_always_never_force_color_and_no_color(kremlin_path, monkeypatch):
    def colored(*args, env=None):
        for key, value in (env or {}).items():
            monkeypatch.setenv(key, value)
        result = run("summarize", "-p", "extractive", "-f", "terminal", *args, str(kremlin_path))
        assert result.exit_code == EXIT_OK, result.stderr
        for key in env or {}:
            monkeypatch.delenv(key)
        return "\x1b[" in result.stdout

    monkeypatch.delenv("NO_COLOR", raising=False)
    assert not colored()  # auto: CliRunner's stdout is not a terminal
    assert colored("--color", "always")
    assert colored("--color", "ALWAYS")
    assert not colored("--color", "never", env={"FORCE_COLOR": "1"})
    assert colored(env={"FORCE_COLOR": "1"})  # ansum … | less -R
    assert colored(env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert not colored(env={"FORCE_COLOR": "0"})
    assert not colored("--no-color", env={"FORCE_COLOR": "1"})
    assert run("summarize", "--color", "sometimes", str(kremlin_path)).exit_code == 2
    # colour is for the terminal format only
    monkeypatch.setenv("FORCE_COLOR", "1")
    result = run("summarize", "-p", "extractive", "-f", "plain", str(kremlin_path))
    assert "\x1b[" not in result.stdout


def test_model_problems_are_said_once_per_run(tmp_path):
    # the default profile without models: two model problems, three articles
    texts = [(tmp_path / f"a{i}.txt") for i in range(3)]
    for path in texts:
        path.write_text("قال الوزير إن الحكومة ستبني 12 مدرسة جديدة هذا العام.\n"
                        "وأضاف أن المدارس ستفتح في سبتمبر.\n", encoding="utf-8")
    result = run("summarize", "--offline", *map(str, texts))
    assert result.exit_code == 5, result.stderr
    lines = result.stderr.splitlines()
    model = [x for x in lines if "unavailable" in x]
    assert len(model) == 2, lines  # summarizer and translator, once each, with the fix
    assert all("ansum models pull" in x and ".txt" not in x for x in model)
    # per-article warnings stay per article
    assert sum("only 2 sentence(s)" in x for x in lines) == 3
    # each brief says the model problem once: its Warnings section, not the English line
    brief = result.stdout.split("==> ")[1]
    assert brief.count("translator unavailable: model") == 1
    assert "English: none (translator unavailable; see Warnings)" in brief


def test_bidi_visual_reorders_lines_for_terminals_without_bidi(kremlin_path):
    pytest.importorskip("bidi")
    logical = run("summarize", "-p", "extractive", "-f", "plain", str(kremlin_path)).stdout
    visual = run("summarize", "-p", "extractive", "-f", "plain", "--bidi", "visual",
                 str(kremlin_path)).stdout
    first = logical.splitlines()[0]  # the title, Arabic only
    assert visual.splitlines()[0] == first[::-1]
    assert "English summary" in visual.splitlines()  # Latin lines unchanged
    assert run("summarize", "--bidi", "upside-down", str(kremlin_path)).exit_code == 2


def test_out_dash_is_stdout(kremlin_path, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for command in ("summarize", "brief"):
        r = run(command, "-p", "extractive", "--no-cache" if command == "brief" else "-q",
                "-f", "json", "-o", "-", str(kremlin_path))
        assert r.exit_code == 0, r.output
        assert r.stdout.lstrip().startswith("{") and not (tmp_path / "-").exists()
