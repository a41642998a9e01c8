"""``ansum brief --feed``: an RSS feed and its pages served by http.server on 127.0.0.1."""

from __future__ import annotations

import functools
import html
import json
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ansum.brief.feed import FeedOptions, iter_feed
from ansum.brief.inputs import InputRecord, Skipped
from ansum.cli.app import app

ROOT = Path(__file__).resolve().parents[1]
TITLES = ["موجة حر تضرب المنطقة", "توسعة الميناء الجديد"]


def page(title: str, body: str) -> str:
    paras = "".join(f"<p>{html.escape(p)}</p>" for p in body.split("\n\n") if p.strip())
    return (f"<!doctype html><html lang='ar'><head><meta charset='utf-8'>"
            f"<title>{html.escape(title)}</title></head><body><article><h1>"
            f"{html.escape(title)}</h1>{paras}</article></body></html>")


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep the test output clean
        pass


@pytest.fixture
def server(tmp_path):
    """(base URL, folder) of a 127.0.0.1 server with feed.xml, a.html and b.html."""
    bodies = [(ROOT / "examples" / n).read_text("utf-8")
              for n in ("heatwave.txt", "port-expansion.txt")]
    for name, title, body in zip(("a.html", "b.html"), TITLES, bodies, strict=True):
        (tmp_path / name).write_text(page(title, body), encoding="utf-8")
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet,
                                                                     directory=str(tmp_path)))
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    items = "".join(
        f"<item><title>{t}</title><link>{base}/{n}</link><guid>g-{n}</guid>"
        f"<pubDate>Sat, 14 Apr 2018 0{k}:00:00 GMT</pubDate></item>"
        for k, (n, t) in enumerate(zip(("a.html", "b.html"), TITLES, strict=True)))
    items += f"<item><title>مفقود</title><link>{base}/missing.html</link></item>"
    rss = ("<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel>"
           f"<title>وكالة الاختبار</title><link>{base}/</link>{items}</channel></rss>")
    (tmp_path / "feed.xml").write_text(rss, encoding="utf-8")
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield base, tmp_path
    httpd.shutdown()
    httpd.server_close()


def test_feed_items_are_fetched_and_cleaned(server):
    base, _ = server
    items = list(iter_feed(f"{base}/feed.xml", FeedOptions(allow_private=True, timeout_s=5)))
    records = [i for i in items if isinstance(i, InputRecord)]
    assert [r.title for r in records] == TITLES
    assert [r.id for r in records] == ["g-a.html", "g-b.html"]
    assert records[0].source == "وكالة الاختبار" and records[0].url == f"{base}/a.html"
    assert records[1].time_s == 1523667600.0 and records[0].cleaned
    assert "حر" in records[0].text and "<p>" not in records[0].text
    skipped = [i for i in items if isinstance(i, Skipped)]
    assert [s.where for s in skipped] == [f"{base}/missing.html"]


def test_private_addresses_are_refused_by_default(server):
    base, folder = server
    items = list(iter_feed(f"{base}/feed.xml", FeedOptions(timeout_s=5)))
    assert len(items) == 1 and isinstance(items[0], Skipped)
    assert "--feed-allow-private" in items[0].reason
    # a feed file is read, but its items' pages on 127.0.0.1 are still refused
    items = list(iter_feed(str(folder / "feed.xml"), FeedOptions(timeout_s=5)))
    assert len(items) == 3 and all(isinstance(i, Skipped) for i in items)
    assert all("not public" in i.reason for i in items)


def test_cli_feed(server, tmp_path):
    base, folder = server
    runner = CliRunner()
    args = ["brief", "-p", "extractive", "-f", "json", "--no-cache", "--feed"]
    res = runner.invoke(app, [*args, f"{base}/feed.xml", "--feed-allow-private"])
    assert res.exit_code == 3, res.output  # one item's page is missing: named, rest briefed
    digest = json.loads(res.stdout)
    assert digest["inputs"]["paths"] == [f"{base}/feed.xml"]
    assert sorted(a["title"] for s in digest["stories"] for a in s["articles"]) == sorted(TITLES)
    assert digest["inputs"]["skipped"][0]["where"] == f"{base}/missing.html"
    res = runner.invoke(app, [*args, f"{base}/feed.xml"])
    assert res.exit_code == 3 and "no article to brief" in res.stderr
    res = runner.invoke(app, [*args, str(tmp_path / "nothing.xml")])
    assert res.exit_code == 3 and "not an http(s) URL nor a file" in res.stderr
