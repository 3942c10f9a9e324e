"""The evidence tray: persistence, order, notes, export, bad files, re-anchoring."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import secrets
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

import store
from store import paths
from store.userdata import tray as tray_module
from store.userdata.tray import Pin, Tray, TrayError, open_tray

ROOT = Path(__file__).resolve().parents[2]
BODY = "jpost-2020-06-29-militias-burn-images:p10"  # quoted by no annotation
OTHER = "voa-2020-06-30-release-of-militants:p10"
THIRD = "jcpa-2020-06-29-conflict-government-militias:p29"


def _pin(tray: Tray, catalog: store.Catalog, paragraph_id: str, note: str = "") -> Pin:
    paragraph = catalog.paragraph(paragraph_id)
    pin, new = tray.pin(catalog.article(paragraph.article_id), paragraph, note)
    assert new
    return pin


def _stored(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def test_the_tray_lives_in_the_per_user_data_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, corpus_copy: Path
) -> None:
    assert paths.tray_path(paths.bundled_corpus_dir()).name == "bundled.json"
    other = paths.tray_path(corpus_copy)
    assert other.name.startswith("corpus-") and other != paths.tray_path(
        tmp_path / "elsewhere" / "corpus"
    )
    monkeypatch.setenv("DOSSIER_DATA", str(tmp_path / "mine"))
    assert paths.tray_path(corpus_copy).parent == tmp_path / "mine" / "trays"


def test_pins_persist_in_order_with_notes(tmp_path: Path, catalog: store.Catalog) -> None:
    path = tmp_path / "trays" / "t.json"
    tray, problem = open_tray(catalog, path)
    assert problem is None and tray.pins == [] and not path.exists()
    first = _pin(tray, catalog, BODY, "  no   precedent \n for this ")
    second = _pin(tray, catalog, OTHER)
    third = _pin(tray, catalog, THIRD)
    assert first.note == "no precedent for this"  # one line
    assert first.citation.startswith("The Jerusalem Post, “Pro-Iran Iraqi militias")
    # Pinning again changes nothing.
    again, new = tray.pin(catalog.article(first.article_id), catalog.paragraph(BODY))
    assert (again, new) == (first, False)

    assert tray.move(third.key, -1) == 1
    assert tray.move(third.key, -5) == 0
    tray.set_note(second.key, "swift release")
    index, removed = tray.remove(first.key) or (None, None)
    assert (index, removed) == (1, first)
    assert index is not None and removed is not None
    tray.restore(index, removed)

    reopened, problem = open_tray(catalog, path)
    assert problem is None
    assert [p.paragraph_id for p in reopened.pins] == [THIRD, BODY, OTHER]
    assert [p.note for p in reopened.pins] == ["", "no precedent for this", "swift release"]
    assert all(p.status == "ok" for p in reopened.pins)
    assert _stored(path)["version"] == 1


def test_every_change_is_written_atomically(
    tmp_path: Path, catalog: store.Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "t.json"
    tray, _ = open_tray(catalog, path)
    _pin(tray, catalog, BODY)
    before = path.read_bytes()

    def crash(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        _pin(tray, catalog, OTHER)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["t.json"]  # no temporary file left


def test_two_explorers_share_one_tray(tmp_path: Path, catalog: store.Catalog) -> None:
    path = tmp_path / "t.json"
    one, _ = open_tray(catalog, path)
    two, _ = open_tray(catalog, path)
    a = _pin(one, catalog, BODY)
    _pin(two, catalog, OTHER)  # two re-reads the file first: a is kept
    one.set_note(a.key, "from one")
    reopened, _ = open_tray(catalog, path)
    assert [(p.paragraph_id, p.note) for p in reopened.pins] == [(BODY, "from one"), (OTHER, "")]


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b"[]",
        b'{"version": "2", "pins": []}',  # not a version number (a newer one is left alone)
        b'{"version": true, "pins": []}',
        b'{"version": 1, "pins": {"key": 3}}',  # (one bad pin goes aside alone)
    ],
)
def test_a_tray_that_cannot_be_read_is_kept_aside_and_reported(
    tmp_path: Path, catalog: store.Catalog, content: bytes
) -> None:
    path = tmp_path / "t.json"
    path.write_bytes(content)
    tray, problem = open_tray(catalog, path)
    assert isinstance(problem, TrayError)
    assert problem.backup is not None and problem.backup.read_bytes() == content
    assert re.fullmatch(r"t\.json\.unreadable-\d{8}-\d{6}-[0-9a-f]{6}", problem.backup.name)
    message = str(problem)
    assert str(path) in message and str(problem.backup) in message and "\n" not in message
    # A new tray starts; the backup is never overwritten.
    assert tray.pins == [] and not path.exists()
    _pin(tray, catalog, BODY)
    assert problem.backup.read_bytes() == content and len(_stored(path)["pins"]) == 1


class _Noon(dt.datetime):
    """A clock stopped at noon."""

    @classmethod
    def now(cls, tz: dt.tzinfo | None = None) -> _Noon:
        return cls(2020, 6, 30, 12, 0, 0, tzinfo=tz)


def test_two_trays_set_aside_in_the_same_second_keep_both_backups(
    tmp_path: Path, catalog: store.Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The same second, and even the same random part at first: nothing is overwritten.
    monkeypatch.setattr(tray_module, "dt", SimpleNamespace(datetime=_Noon, UTC=dt.UTC))
    tokens = iter(["aaaaaa", "aaaaaa", "bbbbbb", "cccccc"])
    monkeypatch.setattr(secrets, "token_hex", lambda n: next(tokens))
    path = tmp_path / "t.json"
    someone_elses = tmp_path / "t.json.unreadable-20200630-120000-bbbbbb"
    first = b'{"version": 1, "pins": "102 pins, say"}'
    second = b"{not json"
    path.write_bytes(first)
    _, one = open_tray(catalog, path)
    someone_elses.write_bytes(b"already here")  # as if set aside elsewhere since
    path.write_bytes(second)
    _, two = open_tray(catalog, path)
    assert one is not None and two is not None
    assert one.backup is not None and two.backup is not None
    assert one.backup.read_bytes() == first and two.backup.read_bytes() == second
    assert one.backup.name == "t.json.unreadable-20200630-120000-aaaaaa"
    assert two.backup.name == "t.json.unreadable-20200630-120000-cccccc"
    assert someone_elses.read_bytes() == b"already here"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "t.json.unreadable-20200630-120000-aaaaaa",
        "t.json.unreadable-20200630-120000-bbbbbb",
        "t.json.unreadable-20200630-120000-cccccc",
    ]


def test_a_tray_that_cannot_be_moved_aside_is_left_alone(
    tmp_path: Path, catalog: store.Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "t.json"
    path.write_bytes(b"{not json")

    def denied(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", denied)
    tray, problem = open_tray(catalog, path)
    monkeypatch.undo()
    assert isinstance(problem, TrayError) and problem.backup is None
    assert "could not be moved aside: Permission denied" in str(problem)
    assert tray.locked is not None
    with pytest.raises(TrayError):
        _pin(tray, catalog, BODY)
    assert [p.name for p in tmp_path.iterdir()] == ["t.json"]  # no empty backup left
    assert path.read_bytes() == b"{not json"


def test_opening_a_tray_sweeps_temporaries_of_interrupted_writes_only(
    tmp_path: Path, catalog: store.Catalog
) -> None:
    path = tmp_path / "t.json"
    path.write_text('{"version": 1, "pins": []}')
    # A writer killed between writing its temporary and renaming it.
    killed = (
        "import os, sys; from pathlib import Path; from store.persist import write_atomic; "
        "os.replace = lambda *a: os._exit(9); write_atomic(Path(sys.argv[1]), b'half')"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", killed, str(path)], env=env, check=False)
    assert done.returncode == 9
    (interrupted,) = tmp_path.glob(".t.json.*.tmp")
    live = tmp_path / f".t.json.{os.getppid()}.0123abcd.tmp"  # a writer still at work
    mine = tmp_path / f".t.json.{os.getpid()}.89abcdef.tmp"
    reused = tmp_path / f".t.json.{os.getppid()}.deadbeef.tmp"  # its pid now someone else's
    others = [
        tmp_path / ".t.json.x.1.0123abcd.tmp",  # t.json.x's
        tmp_path / ".u.json.1.0123abcd.tmp",
        tmp_path / ".t.json.notapid.0123abcd.tmp",
    ]
    for file in [live, mine, reused, *others]:
        file.write_bytes(b"partial")
    two_hours_ago = time.time() - 7200
    os.utime(reused, (two_hours_ago, two_hours_ago))

    tray, problem = open_tray(catalog, path)
    assert problem is None and tray.pins == []
    assert not interrupted.exists() and not reused.exists()
    assert live.exists() and mine.exists() and all(f.exists() for f in others)


def test_a_tray_written_by_a_newer_dossier_is_left_alone(
    tmp_path: Path, catalog: store.Catalog
) -> None:
    path = tmp_path / "t.json"
    content = b'{"version": 2, "pins": [{"id": "new-style"}], "groups": []}'
    path.write_bytes(content)
    tray, problem = open_tray(catalog, path)
    assert isinstance(problem, TrayError) and problem.newer and problem.backup is None
    message = str(problem)
    assert message == (
        f"{path}: the evidence tray was written by a newer dossier (tray version 2; this "
        "dossier reads version 1); it was left as it is and takes no changes until dossier "
        "is upgraded"
    )
    assert tray.pins == [] and tray.locked is not None
    with pytest.raises(TrayError, match="newer dossier"):
        _pin(tray, catalog, BODY)
    assert [p.name for p in tmp_path.iterdir()] == ["t.json"]
    assert path.read_bytes() == content


def _raw_pin(catalog: store.Catalog, paragraph_id: str, key: str) -> bytes:
    paragraph = catalog.paragraph(paragraph_id)
    data = {"key": key, "paragraph": paragraph.id, "article": paragraph.article_id}
    return json.dumps(data | {"text": paragraph.text, "citation": "c"}).encode()


def test_a_pin_that_cannot_be_read_is_set_aside_alone(
    tmp_path: Path, catalog: store.Catalog
) -> None:
    path = tmp_path / "t.json"
    # As a hand edit leaves it: odd spacing, escapes; kept exactly so.
    bad = (
        b'{ "key" : "0000000b",\n    "paragraph": "",   "note": "caf\\u00e9 \xe2\x80\x94",'
        b' "weight": 1.50 }'
    )
    good = [_raw_pin(catalog, BODY, "0000000a"), _raw_pin(catalog, OTHER, "0000000c")]
    content = b'{"version": 1,\n "pins": [' + b", ".join([good[0], bad, good[1]]) + b"]}"
    path.write_bytes(content)

    tray, problem = open_tray(catalog, path)
    assert isinstance(problem, TrayError) and problem.pins == 1 and not problem.newer
    side = problem.backup
    assert side is not None
    assert re.fullmatch(r"t\.json\.bad-pins-\d{8}-\d{6}-[0-9a-f]{6}\.json", side.name)
    message = str(problem)
    assert message.startswith(f"{path}: 1 pin of the evidence tray could not be read (")
    assert f"kept in {side}" in message and "\n" not in message
    # The others loaded, and the tray no longer holds the bad one.
    assert [p.key for p in tray.pins] == ["0000000a", "0000000c"]
    assert [p["key"] for p in _stored(path)["pins"]] == ["0000000a", "0000000c"]
    assert tray.locked is None
    # The bad pin, byte for byte, with where it was and why.
    kept = side.read_bytes()
    assert bad in kept
    data = json.loads(kept)
    assert data["pins"] == [json.loads(bad)] and data["tray"] == str(path)
    assert data["problems"] == [{"position": 2, "reason": "a pin has no 'paragraph'"}]
    # Reported once: opening again finds a whole tray; changes go on.
    again, problem = open_tray(catalog, path)
    assert problem is None and [p.key for p in again.pins] == ["0000000a", "0000000c"]
    _pin(again, catalog, THIRD)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["t.json", side.name])


def test_pins_that_cannot_be_kept_aside_leave_the_tray_as_it_is(
    tmp_path: Path, catalog: store.Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "t.json"
    content = b'{"version": 1, "pins": [' + _raw_pin(catalog, BODY, "0000000a") + b', {"key": 3}]}'
    path.write_bytes(content)
    real = store.persist.write_atomic

    def full(target: Path, payload: bytes) -> int:
        if target == path:  # the side file is written; the tray cannot be
            raise OSError(28, "No space left on device")
        return real(target, payload)

    monkeypatch.setattr(tray_module, "write_atomic", full)
    tray, problem = open_tray(catalog, path)
    assert isinstance(problem, TrayError) and problem.backup is None
    assert "1 pin could not be read (a pin has no 'key') nor kept aside: No space" in str(problem)
    assert tray.locked is not None
    with pytest.raises(TrayError):
        _pin(tray, catalog, OTHER)
    assert [p.name for p in tmp_path.iterdir()] == ["t.json"] and path.read_bytes() == content


def test_pins_set_aside_while_a_tray_is_open_are_reported_and_kept(
    tmp_path: Path, catalog: store.Catalog
) -> None:
    path = tmp_path / "t.json"
    tray, _ = open_tray(catalog, path)
    _pin(tray, catalog, BODY)
    stored = _stored(path)
    stored["pins"] += [{"key": 7}, "not a pin"]  # written meanwhile by someone else
    path.write_text(json.dumps(stored))
    with pytest.raises(TrayError, match=r"^.*: 2 pins of the evidence tray could not be read"):
        _pin(tray, catalog, OTHER)  # refused this once, so that it is reported
    (side,) = tmp_path.glob("t.json.bad-pins-*.json")
    assert json.loads(side.read_bytes())["pins"] == [{"key": 7}, "not a pin"]
    _pin(tray, catalog, OTHER)
    assert [p["paragraph"] for p in _stored(path)["pins"]] == [BODY, OTHER]


def test_a_tray_that_exists_but_cannot_be_opened_is_left_alone(
    tmp_path: Path, catalog: store.Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "t.json"
    path.write_text('{"version": 1, "pins": []}')
    real = Path.read_bytes

    def denied(self: Path) -> bytes:
        if self == path:
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", denied)  # as chmod 000 does (root reads anyway)
    tray, problem = open_tray(catalog, path)
    assert isinstance(problem, TrayError) and problem.backup is None
    assert "Permission denied" in str(problem) and "permissions" in str(problem)
    with pytest.raises(TrayError):
        _pin(tray, catalog, BODY)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.json"]
    assert path.read_text() == '{"version": 1, "pins": []}'


def test_markdown_export_has_footnotes_notes_and_sources(
    tmp_path: Path, catalog: store.Catalog
) -> None:
    tray, _ = open_tray(catalog, tmp_path / "t.json")
    _pin(tray, catalog, BODY, "compare with Diyaruna")
    _pin(tray, catalog, OTHER)
    _pin(tray, catalog, "jpost-2020-06-29-militias-burn-images:p11")
    text = tray.markdown(catalog)
    lines = text.splitlines()
    assert lines[0] == "# Evidence"
    quote = catalog.paragraph(BODY).text
    assert f"> {quote}[^1]" in lines
    assert "*Note:* compare with Diyaruna" in lines
    footnotes = [line for line in lines if line.startswith("[^")]
    assert [f[:5] for f in footnotes] == ["[^1]:", "[^2]:", "[^3]:"]
    assert footnotes[0].startswith("[^1]: The Jerusalem Post, [“Pro-Iran Iraqi militias")
    assert footnotes[0].endswith(", Seth J. Frantzman, 29 June 2020, ¶10.")
    assert ", c. 30 June 2020, ¶10." in footnotes[1]
    sources = lines[lines.index("## Sources") + 2 :]
    assert len(sources) == 2 and all(s.startswith("- ") for s in sources)  # each article once
    assert tray.csl_json(catalog)[0]["type"] == "article-newspaper"
    assert [i["id"] for i in tray.csl_json(catalog)] == [
        "jpost-2020-06-29-militias-burn-images",
        "voa-2020-06-30-release-of-militants",
    ]


VOA = "voa-2020-06-30-release-of-militants"


def _rebuilt(corpus: Path, db: Path, edit: str, new: str) -> store.Catalog:
    path = corpus / "articles" / f"{VOA}.txt"
    text = path.read_text(encoding="utf-8")
    assert edit in text
    path.write_text(text.replace(edit, new, 1), encoding="utf-8")
    store.build(corpus, db)
    return store.Catalog.open(db)


def test_pins_are_re_anchored_after_a_rebuild_or_orphaned_never_dropped(
    tmp_path: Path, corpus_copy: Path
) -> None:
    db = tmp_path / "db.json"
    store.build(corpus_copy, db)
    catalog = store.Catalog.open(db)
    # Paragraphs no annotation quotes (so that the corpus still builds).
    moved = catalog.paragraph(f"{VOA}:p10")  # will move down
    edited = catalog.paragraph(f"{VOA}:p22")
    doomed = catalog.paragraph(f"{VOA}:p26")
    tray, _ = open_tray(catalog, tmp_path / "t.json")
    for paragraph in (moved, edited, doomed):
        _pin(tray, catalog, paragraph.id, f"note on {paragraph.index}")

    # A new paragraph before them; one changed by a word; one deleted.
    catalog = _rebuilt(corpus_copy, db, moved.text, f"A paragraph added.\n\n{moved.text}")
    edited_now = edited.text.replace(" the ", " a ", 1)
    assert edited_now != edited.text
    catalog = _rebuilt(corpus_copy, db, edited.text, edited_now)
    catalog = _rebuilt(corpus_copy, db, doomed.text + "\n", "")

    reopened, problem = open_tray(catalog, tmp_path / "t.json")
    assert problem is None
    first, second, third = reopened.pins
    assert first.status == "re-anchored" and first.text == moved.text
    assert first.paragraph_id == f"{VOA}:p11"
    assert catalog.paragraph(first.paragraph_id).text == moved.text
    assert first.citation.endswith(f"¶11, {catalog.article(first.article_id).url}.")
    assert second.status == "re-anchored" and second.text == edited_now
    assert second.previous_text == edited.text
    assert third.status == "orphaned" and third.text == doomed.text
    third_url = catalog.article(third.article_id).url
    assert third_url is not None
    assert third.citation.endswith("¶26, " + third_url + ".")
    assert second.paragraph_id == f"{VOA}:p23"
    assert [p.note for p in reopened.pins] == ["note on 10", "note on 22", "note on 26"]
    exported = reopened.markdown(catalog)
    assert "(no longer in the corpus as pinned)" in exported and doomed.text in exported
    # Saved: a third opening changes nothing.
    assert open_tray(catalog, tmp_path / "t.json")[0].pins == reopened.pins
