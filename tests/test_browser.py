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


# --- the daily brief (ansum brief --format html) ----------------------------------------

#: Every visible text block of the stories: its direction, and how far its text (all of
#: it, so that "110 (110 صواريخ)", whose digits run left to right, is measured by its
#: extent) sits from the block's content box, right and left, in CSS pixels.
_DIGEST_GEOMETRY = """
() => {
  const out = [];
  for (const el of document.querySelectorAll('main :is(p, li, h3, td)')) {
    if (!el.textContent.trim() || !el.getClientRects().length) continue;
    const range = document.createRange();
    range.selectNodeContents(el);
    const text = range.getBoundingClientRect();
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    out.push({tag: el.tagName, dir: style.direction, text: el.textContent.trim().slice(0, 30),
              gapRight: box.right - parseFloat(style.paddingRight) - text.right,
              gapLeft: text.left - box.left - parseFloat(style.paddingLeft),
              short: text.width < box.width / 2});
  }
  return out;
}
"""


@pytest.fixture(scope="module")
def digest_html(shared_data):
    from digests import hostile_digest, strikes_digest

    from ansum.render.base import RenderOptions
    from ansum.render.digest import render_digest

    digest = strikes_digest(shared_data / "days" / "2018-04-14.jsonl")
    digest["stories"] += hostile_digest()["stories"]  # long URL, odd ids, markup
    return digest, render_digest("html", digest, RenderOptions())


def _shot(page, tmp_path, name: str) -> None:
    shot = tmp_path / name
    page.screenshot(path=str(shot), full_page=True)
    if os.environ.get("ANSUM_SCREENSHOTS"):
        shutil.copy(shot, Path(os.environ["ANSUM_SCREENSHOTS"]) / shot.name)
    assert shot.stat().st_size > 10_000


@pytest.mark.parametrize("width", [400, 1200])
def test_digest_page_renders_right_to_left_without_overflow(browser, digest_html, tmp_path,
                                                            width):
    digest, html_text = digest_html
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.set_content(html_text)
    _shot(page, tmp_path, f"digest-{width}.png")
    # only the top story is open; its Arabic blocks are visible, the others' hidden
    assert page.evaluate("() => [...document.querySelectorAll('details')].map(d => d.open)") \
        == [True] + [False] * (len(digest["stories"]) - 1)
    assert page.locator("details").nth(0).locator(".claim").first.is_visible()
    assert not page.locator("details").nth(1).locator("section.summary").is_visible()

    page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
    _shot(page, tmp_path, f"digest-{width}-open.png")
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"horizontal overflow of {overflow}px at {width}px"
    blocks = page.evaluate(_DIGEST_GEOMETRY)
    rtl = [b for b in blocks if b["dir"] == "rtl"]
    ltr = [b for b in blocks if b["dir"] == "ltr"]
    assert len(rtl) >= 12 and len(ltr) >= 12  # claims, summaries, table cells; articles, EN
    for b in rtl:  # an Arabic block's text starts at its right edge
        assert abs(b["gapRight"]) <= 2, b
    for b in ltr:
        assert abs(b["gapLeft"]) <= 2, b
    # and a short one is not stretched: it leaves room on the other side
    assert any(b["short"] and b["gapLeft"] > 20 for b in rtl)
    assert any(b["short"] and b["gapRight"] > 20 for b in ltr)
    # the figures-compared table fits the page, each report in its own row
    table = page.locator("details").nth(0).locator("table")
    assert table.locator("tbody tr").count() == 4
    box = table.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    text = page.inner_text("main")
    assert "110 (110 صواريخ)" in text and "سيرغي رودسكوي" in text
    page.close()


def test_digest_details_toggle_and_toc_links(browser, digest_html):
    digest, html_text = digest_html
    page = browser.new_page(viewport={"width": 400, "height": 900})
    page.set_content(html_text)
    second = page.locator("details").nth(1)
    content = second.locator("section.articles")
    assert not content.is_visible()
    second.locator("summary").click()
    assert second.evaluate("d => d.open") and content.is_visible()
    second.locator("summary").click()
    assert not second.evaluate("d => d.open") and not content.is_visible()
    # the contents link to every story, in order
    hrefs = page.evaluate("() => [...document.querySelectorAll('nav a')].map(a => a.hash)")
    ids = page.evaluate("() => [...document.querySelectorAll('details > .story-body')]"
                        ".map(d => d.id)")
    assert hrefs == [f"#{d}" for d in ids]
    assert hrefs[:2] == [f"#{s['id']}" for s in digest["stories"][:2]]
    # following a link to a closed story opens it (HTML: "auto-expanding details")
    third = page.locator("details").nth(2)
    assert not third.evaluate("d => d.open")
    page.locator("nav a").nth(2).click()
    assert third.evaluate("d => d.open") and third.locator("section.articles").is_visible()
    page.close()
