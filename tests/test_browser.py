"""The HTML brief as a reader sees it: rendered by headless Chromium (Playwright).

Skipped when Playwright or a Chromium binary is missing.  CI installs both (.ci/run):
Debian's ``chromium`` package and ``playwright`` from PyPI (the ``test`` extra), driven
with ``executable_path`` so no browser is downloaded.  Screenshots at 400 and 1200 CSS
pixels are written to the test's temp folder (and to ``$ANSUM_SCREENSHOTS`` when set).
"""

from __future__ import annotations

import os
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from builders import kremlin_brief

from ansum.render import render

CHROMIUM = next((p for p in (os.environ.get("ANSUM_CHROMIUM"), shutil.which("chromium"),
                             shutil.which("chromium-browser"), "/usr/bin/chromium") if p
                 and Path(p).is_file()), None)

#: A page address of 600+ characters, percent-encoded, as sites write Arabic slugs.
LONG_URL = ("http://www.assabah.com.tn/article/164913/"
            + "%D8%A7%D9%84%D9%86%D8%A7%D8%B4%D8%B7-" * 20)

#: For every text block: its direction, and where its first character (logical order) sits
#: against the block's content box, in CSS pixels (right edge for rtl, left for ltr).
_GEOMETRY = """
() => {
  const out = [];
  for (const el of document.querySelectorAll('article :is(p, li, h1, h2, footer)')) {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    let node = walker.nextNode();
    while (node && !node.textContent.trim()) node = walker.nextNode();
    if (!node) continue;
    const offset = node.textContent.search(/\\S/);
    const range = document.createRange();
    range.setStart(node, offset); range.setEnd(node, offset + 1);
    const ch = range.getBoundingClientRect();
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    out.push({tag: el.tagName, dir: style.direction, text: node.textContent.trim().slice(0, 30),
              gapRight: box.right - parseFloat(style.paddingRight) - ch.right,
              gapLeft: ch.left - box.left - parseFloat(style.paddingLeft)});
  }
  return out;
}
"""


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    if CHROMIUM is None:
        pytest.skip("no chromium binary (apt-get install chromium)")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                    args=["--no-sandbox", "--disable-gpu"])
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def page_html(kremlin_path):
    brief = kremlin_brief(kremlin_path.read_text(encoding="utf-8"), url=LONG_URL)
    ryabkov = replace(brief.claims[0], speaker=None, inherited_speaker="سيرغي ريابكوف",
                      en_speaker=None, en_inherited_speaker="Sergei Ryabkov")
    brief = replace(brief, claims=(*brief.claims, ryabkov))
    return render(brief, "html")


@pytest.mark.parametrize("width", [400, 1200])
def test_rtl_blocks_are_right_aligned_and_nothing_overflows(browser, page_html, tmp_path,
                                                            width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.set_content(page_html)
    shot = tmp_path / f"brief-{width}.png"
    page.screenshot(path=str(shot), full_page=True)
    if os.environ.get("ANSUM_SCREENSHOTS"):
        shutil.copy(shot, Path(os.environ["ANSUM_SCREENSHOTS"]) / shot.name)
    assert shot.stat().st_size > 10_000

    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"horizontal overflow of {overflow}px at {width}px"

    blocks = page.evaluate(_GEOMETRY)
    rtl = [b for b in blocks if b["dir"] == "rtl"]
    ltr = [b for b in blocks if b["dir"] == "ltr"]
    claims = page.locator(".claim").count()
    assert claims == 4 and len(rtl) >= claims + 3  # claims, speaker line, summary, title
    for b in rtl:  # the first character of an Arabic block sits at its right edge
        assert abs(b["gapRight"]) <= 2, b
    for b in ltr:
        assert abs(b["gapLeft"]) <= 2, b
    # each claim's number is at the right of its Arabic text, not on the left of the page
    num = page.locator(".claim .num").first.bounding_box()
    block = page.locator(".claim p[dir=rtl]").first.bounding_box()
    assert num["x"] + num["width"] >= block["x"] + block["width"] - 2
    # the speaker named earlier is shown, in both languages
    text = page.inner_text("body")
    assert "سيرغي ريابكوف" in text and "Sergei Ryabkov (named earlier)" in text
    page.close()
