"""Remembered renders (rebound.render_memo): a warm build reuses its calendars and feeds."""
from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from rebound import render_memo
from rebound.devtools.project import ROOT, run_build


@pytest.fixture
def memo_dir(tmp_path: Path) -> Iterator[Path]:
    render_memo.use_memo_dir(tmp_path / "renders")
    yield tmp_path / "renders"
    render_memo.use_memo_dir(None)


def counting_renderer(calls: list[tuple]) -> object:
    @render_memo.memoized("test.render", lambda: "v1")
    def render(name: str, items: tuple[str, ...]) -> bytes:
        calls.append((name, items))
        return f"{name}:{','.join(items)}".encode()
    return render


def test_the_same_input_is_rendered_once_and_read_back_after(memo_dir: Path) -> None:
    calls: list[tuple] = []
    render = counting_renderer(calls)
    assert render("cal", ("a", "b")) == b"cal:a,b"
    assert render("cal", ("a", "b")) == b"cal:a,b"
    assert render("cal", ("a", "c")) == b"cal:a,c"     # other input: rendered, not confused
    assert calls == [("cal", ("a", "b")), ("cal", ("a", "c"))]
    assert len(list(memo_dir.glob("*.bin"))) == 2


def test_without_a_memo_dir_every_call_renders(tmp_path: Path) -> None:
    render_memo.use_memo_dir(None)
    calls: list[tuple] = []
    render = counting_renderer(calls)
    render("cal", ("a",))
    render("cal", ("a",))
    assert len(calls) == 2


def test_an_unusable_memo_dir_renders_as_before(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the memo folder should be", encoding="utf-8")
    render_memo.use_memo_dir(blocker / "renders")
    try:
        calls: list[tuple] = []
        render = counting_renderer(calls)
        assert render("cal", ("a",)) == render("cal", ("a",)) == b"cal:a"
        assert len(calls) == 2
    finally:
        render_memo.use_memo_dir(None)


def test_text_renders_come_back_as_the_same_text(memo_dir: Path) -> None:
    calls: list[str] = []

    @render_memo.memoized("test.text", lambda: "v1", text=True)
    def render(title: str) -> str:
        calls.append(title)
        return f"<title>{title} — café</title>"

    assert render("a") == render("a") == "<title>a — café</title>"
    assert calls == ["a"]


def test_editing_a_renderers_source_gives_a_new_version(tmp_path: Path) -> None:
    # The version of a memoized renderer digests its own source: an edit must never serve old bytes.
    source = tmp_path / "renderer.py"
    source.write_text("def render(x):\n    return x\n", encoding="utf-8")
    before = render_memo.source_version(str(source))()
    source.write_text("def render(x):\n    return x.upper()\n", encoding="utf-8")
    assert render_memo.source_version(str(source))() != before


def test_our_renderers_are_versioned_by_their_own_source() -> None:
    from rebound import ical, syndicate

    assert hashlib.sha256(Path(syndicate.__file__).read_bytes()).hexdigest() == syndicate._version()
    assert hashlib.sha256(Path(ical.__file__).read_bytes()).hexdigest() in ical._icalendar_version()


def test_prune_keeps_the_most_recently_used(memo_dir: Path) -> None:
    calls: list[tuple] = []
    render = counting_renderer(calls)
    for i in range(5):
        render("cal", (str(i),))
    render_memo.prune_memo(keep=2)
    assert len(list(memo_dir.glob("*.bin"))) == 2


def test_a_warm_build_writes_identical_calendars_and_feeds_from_memory(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = run_build(ROOT, tmp_path / "site1", REBOUND_CACHE_DIR=str(cache), PYTHONPROFILEIMPORTTIME="1")
    remembered = sorted(p.name for p in (cache / "renders").glob("*.bin"))
    second = run_build(ROOT, tmp_path / "site2", REBOUND_CACHE_DIR=str(cache), PYTHONPROFILEIMPORTTIME="1")
    assert first.returncode == 0 and second.returncode == 0, second.stderr[-2000:]
    assert "| icalendar" in first.stderr            # the first build rendered the calendars
    assert "| icalendar" not in second.stderr       # the second read them back
    written = sorted(p.relative_to(tmp_path / "site1") for pattern in ("*.ics", "*.rss.xml", "*.atom.xml", "*.json")
                     for p in (tmp_path / "site1").glob(pattern))
    assert any(p.suffix == ".ics" for p in written) and any(p.name.endswith(".rss.xml") for p in written)
    feeds = [p for p in written if p.name.endswith(".rss.xml")]
    assert len(remembered) >= 3 * len(feeds)     # RSS, Atom and JSON Feed of every stream, at least
    for path in written:
        assert (tmp_path / "site2" / path).read_bytes() == (tmp_path / "site1" / path).read_bytes(), path
    # Nothing new was rendered by the warm build: every file came from what the first build remembered.
    assert sorted(p.name for p in (cache / "renders").glob("*.bin")) == remembered
