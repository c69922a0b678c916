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
