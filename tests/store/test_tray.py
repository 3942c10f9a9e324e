"""The evidence tray: persistence, order, notes, export, bad files, re-anchoring."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

import store
from store import paths
from store.userdata.tray import Pin, Tray, TrayError, open_tray

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
    [b"{not json", b"[]", b'{"version": 99, "pins": []}', b'{"version": 1, "pins": [{"key": 3}]}'],
)
def test_a_tray_that_cannot_be_read_is_kept_aside_and_reported(
    tmp_path: Path, catalog: store.Catalog, content: bytes
) -> None:
    path = tmp_path / "t.json"
    path.write_bytes(content)
    tray, problem = open_tray(catalog, path)
    assert isinstance(problem, TrayError)
    assert problem.backup is not None and problem.backup.read_bytes() == content
    assert re.fullmatch(r"t\.json\.unreadable-\d{8}-\d{6}", problem.backup.name)
    message = str(problem)
    assert str(path) in message and str(problem.backup) in message and "\n" not in message
    # A new tray starts; the backup is never overwritten.
    assert tray.pins == [] and not path.exists()
    _pin(tray, catalog, BODY)
    assert problem.backup.read_bytes() == content and len(_stored(path)["pins"]) == 1


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
