"""The shared browser helpers: a missing Chromium fails under CI and skips elsewhere."""
from __future__ import annotations

import urllib.request
from pathlib import Path

import pytest

from rebound.devtools import browser


def test_missing_chromium_fails_under_ci(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(browser, "CHROMIUM", tmp_path / "no-chromium")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="chromium is not installed"):
        browser.require_chromium()


def test_missing_chromium_skips_outside_ci(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(browser, "CHROMIUM", tmp_path / "no-chromium")
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="apt-get install chromium"):
        browser.require_chromium()


def test_serve_directory_serves_files_on_loopback(tmp_path: Path) -> None:
    (tmp_path / "hello.txt").write_text("hi", encoding="utf-8")
    with browser.serve_directory(tmp_path) as base:
        assert base.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(base + "hello.txt", timeout=10) as response:
            assert response.read() == b"hi"


def test_request_log_tells_local_from_remote() -> None:
    assert browser.is_local("http://127.0.0.1:8000/x") and browser.is_local("data:text/plain,hi")
    assert not browser.is_local("https://api.github.com/repos/x") and not browser.is_local("http://localhost.evil/")


def test_the_loopback_server_serves_a_site_under_its_base_path_beside_the_routes(tmp_path: Path) -> None:
    import http.client

    from rebound.devtools.feeds_server import Route, serve

    site = tmp_path / "site"
    (site / "page").mkdir(parents=True)
    (site / "page" / "index.html").write_text("<p>page</p>", encoding="utf-8")
    (site / "404.html").write_text("<h1>not here</h1>", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("outside the site", encoding="utf-8")
    with serve({"/feed.xml": Route(b"<rss/>")}, directory=site, base_path="/rebound/") as server:
        def get(path: str) -> tuple[int, str, bytes]:
            connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
            connection.request("GET", path)
            response = connection.getresponse()
            answer = (response.status, response.getheader("Location") or "", response.read())
            connection.close()
            return answer

        assert get("/") == (301, "/rebound/", b"")
        assert get("/rebound/page") == (301, "/rebound/page/", b"")
        assert get("/rebound/page/") == (200, "", b"<p>page</p>")
        assert get("/feed.xml") == (200, "", b"<rss/>")   # a route wins over the folder
        for outside in ("/elsewhere/", "/rebound/%2e%2e/secret.txt", "/rebound/nothing/"):
            assert get(outside) == (404, "", b"<h1>not here</h1>"), outside
        assert [status for _, _, status in server.served] == [200, 404, 404, 404]
