"""Promoting a candidate to an entity, or merging it into one: entities.toml edited in place."""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Collection
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import store
from store.corpus.annotations import alias_key
from store.edits import add as adding
from store.edits.entities import DEFAULT_DESCRIPTION, Merged, merge, promote, slug
from store.errors import CorpusError
from store.model import ENTITY_TYPES
from store.query.candidates import candidates
from store.sanitize import is_printable

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "add"

#: The section comment that follows the last entity of each type in the bundled file.
NEXT_SECTION = {
    "person": "# Organisations",
    "organization": "# Places",
    "place": "# Facilities",
    "facility": "# Media",
    "media": "# Other",
    "other": "# Links",
}


def _add(corpus: Path, path: Path, outlet: str, title: str) -> str:
    prepared = adding.prepare(path)
    meta = adding.metadata(prepared, {"outlet": outlet, "title": title, "published": "2021-06-25"})
    return adding.add(corpus, [(prepared, meta)])[0].id


@pytest.fixture
def grown(corpus_copy: Path, tmp_path: Path) -> Path:
    """The bundled corpus with two articles of the user's that name new people."""
    _add(corpus_copy, FIXTURES / "baghdad-briefing.txt", "Tigris Wire", "Briefing")
    _add(corpus_copy, FIXTURES / "militia-notes.md", "Gulf Notes", "Militia notes")
    return corpus_copy


def _catalog(corpus: Path, tmp_path: Path, name: str = "s.json") -> store.Catalog:
    db = tmp_path / name
    store.build(corpus, db)
    return store.Catalog.open(db)


def _inserted(before: str, after: str, nl: str = "\n") -> tuple[int, str]:
    """Where ``after`` is ``before`` with one new table (and the line break before it)
    inserted, and that piece: nothing else has changed."""
    at = after.index(f"[[entity]]{nl}# added by dossier promote on ") - len(nl)
    end = after.index(nl, after.index("description = ", at)) + len(nl)
    assert after[:at] + after[end:] == before, "more than an insertion"
    return at, after[at:end]


def _state(corpus: Path) -> dict[str, bytes]:
    return {
        p.relative_to(corpus).as_posix(): p.read_bytes() for p in corpus.rglob("*") if p.is_file()
    }


def _entity(corpus: Path, entity_id: str) -> dict[str, object]:
    data = tomllib.loads((corpus / "entities.toml").read_text("utf-8"))
    return next(e for e in data["entity"] if e["id"] == entity_id)


def test_promote_links_the_name_and_it_is_no_longer_a_candidate(
    grown: Path, tmp_path: Path
) -> None:
    assert "Layla Haddad" in {c.name for c in candidates(_catalog(grown, tmp_path, "a.json"))}
    path = grown / "entities.toml"
    before = path.read_text("utf-8")

    assert promote(grown, "Layla Haddad", "person") == "layla-haddad"

    after = path.read_text("utf-8")
    at, piece = _inserted(before, after)
    # Inserted as a whole table after the last person, before the next section's comment.
    assert piece.startswith("\n[[entity]]\n# added by dossier promote on ")
    assert after[at + len(piece) :].startswith("\n# Organisations\n")
    assert _entity(grown, "layla-haddad") == {
        "id": "layla-haddad",
        "name": "Layla Haddad",
        "type": "person",
        "aliases": ["Layla Haddad"],
        "description": DEFAULT_DESCRIPTION,
    }
    catalog = _catalog(grown, tmp_path, "b.json")
    entity = catalog.entity("layla-haddad")
    assert (entity.name, entity.type, entity.mention_count) == ("Layla Haddad", "person", 2)
    surfaces = {
        excerpt.paragraph.text[start:end]
        for excerpt in catalog.excerpts("layla-haddad")
        for start, end in excerpt.spans
    }
    assert surfaces == {"Layla Haddad"}
    assert "Layla Haddad" not in {c.name for c in candidates(catalog)}


@pytest.mark.parametrize("kind", ENTITY_TYPES)
def test_promote_goes_after_the_last_entity_of_its_type_and_keeps_every_other_byte(
    corpus_copy: Path, kind: str
) -> None:
    path = corpus_copy / "entities.toml"
    before = path.read_text("utf-8")
    promote(corpus_copy, "Zorblax Quintero", kind, description="A test entity.")
    after = path.read_text("utf-8")
    at, piece = _inserted(before, after)
    assert piece.startswith("\n[[entity]]\n") and piece.endswith('description = "A test entity."\n')
    assert after[at + len(piece) :].startswith(f"\n{NEXT_SECTION[kind]}")
    assert _entity(corpus_copy, "zorblax-quintero")["type"] == kind
    assert store.check(corpus_copy).errors == ()


def test_promote_with_an_id_aliases_and_a_description(corpus_copy: Path) -> None:
    made = promote(
        corpus_copy,
        "  Layla Haddad ",
        "person",
        entity_id="haddad",
        aliases=["Haddad", "Layla Haddad", "L. Haddad", "Haddad"],
        description=" Analyst at the  Tigris Policy Forum. ",
    )
    assert made == "haddad"
    entity = _entity(corpus_copy, "haddad")
    assert entity["name"] == "Layla Haddad"
    assert entity["aliases"] == ["Layla Haddad", "Haddad", "L. Haddad"]
    assert entity["description"] == "Analyst at the Tigris Policy Forum."


def test_ids_are_made_from_names() -> None:
    assert slug("Layla Haddad") == "layla-haddad"
    assert slug("Abu Fadak al-Mohammedawi") == "abu-fadak-al-mohammedawi"
    assert slug("Dr. Ḥasan O’Brien") == "dr-hasan-obrien"
    assert slug("Жанна") == ""
    assert len(slug("word " * 40)) <= 80


def test_merge_adds_the_alias_and_its_mentions_join_the_entity(grown: Path, tmp_path: Path) -> None:
    # "Abu Fadak al-Mohammedawi" is a spelling no annotation gives (auto-linked at best).
    catalog = _catalog(grown, tmp_path, "a.json")
    curated = {
        excerpt.paragraph.text[s:e]
        for excerpt in catalog.excerpts("abu-fadak")
        for s, e in excerpt.spans
        if any(m.curated and m.start == s for m in catalog.mentions(excerpt.paragraph.id))
    }
    assert "Abu Fadak al-Mohammedawi" not in curated
    path = grown / "entities.toml"
    before = path.read_text("utf-8").splitlines(keepends=True)

    merged = merge(grown, "Abu Fadak al-Mohammedawi", "abu-fadak")
    assert merged == Merged("Abu Fadak al-Mohammedawi", "abu-fadak", None)

    after = path.read_text("utf-8").splitlines(keepends=True)
    changed = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    assert len(changed) == 1
    assert before[changed[0]] == 'aliases = ["Abu Fadak"]\n'
    assert after[changed[0]] == 'aliases = ["Abu Fadak", "Abu Fadak al-Mohammedawi"]\n'
    catalog = _catalog(grown, tmp_path, "b.json")
    found = [
        m
        for excerpt in catalog.excerpts("abu-fadak")
        for m in catalog.mentions(excerpt.paragraph.id)
        if m.surface == "Abu Fadak al-Mohammedawi"
    ]
    assert found and all(m.entity_id == "abu-fadak" and m.method == "alias" for m in found)


def test_merge_moves_a_search_alias_to_the_aliases(corpus_copy: Path) -> None:
    # A spelling automatic linking matched (a search alias) becomes a curated alias:
    # of its own entity, or of another one, taken from where it was.
    path = corpus_copy / "entities.toml"
    before = path.read_text("utf-8")
    assert merge(corpus_copy, "Mustafa Kazemi", "mustafa-al-kadhimi") == Merged(
        "Mustafa Kazemi", "mustafa-al-kadhimi", "mustafa-al-kadhimi"
    )
    data = tomllib.loads(path.read_text("utf-8"))
    kadhimi = next(e for e in data["entity"] if e["id"] == "mustafa-al-kadhimi")
    assert kadhimi["aliases"][-1] == "Mustafa Kazemi"
    assert "Mustafa Kazemi" not in kadhimi["search_aliases"]
    assert merge(corpus_copy, "Kataeb Hezbollah", "popular-mobilization-forces").moved_from == (
        "kataib-hezbollah"
    )
    data = tomllib.loads(path.read_text("utf-8"))
    owners = {e["id"]: e for e in data["entity"]}
    assert "Kataeb Hezbollah" not in owners["kataib-hezbollah"]["search_aliases"]
    assert owners["popular-mobilization-forces"]["aliases"][-1] == "Kataeb Hezbollah"
    # Every other line of the file stays as it was.
    old_lines, new_lines = before.splitlines(), path.read_text("utf-8").splitlines()
    assert len(old_lines) == len(new_lines)
    assert sum(a != b for a, b in zip(old_lines, new_lines, strict=True)) == 4


def test_merge_into_an_empty_alias_list(corpus_copy: Path) -> None:
    path = corpus_copy / "entities.toml"
    before = path.read_text("utf-8")
    merge(corpus_copy, "Seth Frantzmann", "seth-j-frantzman")
    after = path.read_text("utf-8")
    assert after == before.replace(
        'id = "seth-j-frantzman"\nname = "Seth J. Frantzman"\ntype = "person"\naliases = []',
        'id = "seth-j-frantzman"\nname = "Seth J. Frantzman"\ntype = "person"\n'
        'aliases = ["Seth Frantzmann"]',
    )
    assert after != before


# (function, arguments, words in the message, the line it names: None, or "KEY:ENTITY_ID"
# for the line of that key of that entity ("entity" for its header))
REFUSALS = [
    (promote, ("X Y", "persn"), ["type 'persn' is not one of person, organization, place, facility, media, other", "did you mean 'person'?"], None),
    (promote, ("Someone New", "person"), ["id 'iraq' is taken by 'Iraq'", "--id"], "entity:iraq"),
    (promote, ("Kadhimi", "person"), ["'Kadhimi' is already an alias of mustafa-al-kadhimi (Mustafa al-Kadhimi)", "dossier merge"], "aliases:mustafa-al-kadhimi"),
    (promote, ("al Kadhimi", "person"), ["already an alias of mustafa-al-kadhimi"], "aliases:mustafa-al-kadhimi"),
    (promote, ("Kazemi", "person"), ["'Kazemi' is already a search alias of mustafa-al-kadhimi"], "search_aliases:mustafa-al-kadhimi"),
    (promote, ("Brand New Name", "organization"), ["'KH' is already an alias of kataib-hezbollah (Kataib Hezbollah)"], "aliases:kataib-hezbollah"),
    (promote, ("", "person"), ["the name is empty"], None),
    (promote, ("   ", "person"), ["the name is empty"], None),
    (promote, ("Layla\x1bHaddad", "person"), ["'Layla␛Haddad' contains control characters"], None),
    (promote, ("Layla\nHaddad", "person"), ["contains control characters"], None),
    (promote, ("Layla\u202eHaddad", "person"), ["contains control characters"], None),
    (promote, ("---", "person"), ["'---' has no letters or digits, so it would never be matched"], None),
    (promote, ("Жанна", "person"), ["cannot make an id from 'Жанна'", "--id"], None),
    (promote, ("Layla Haddad", "person"), ["id 'Bad Id' must be lowercase letters, digits and hyphens"], None),
    (merge, ("Kadhemy", "mustafa-al-kadhim"), ["no entity with id 'mustafa-al-kadhim'; did you mean 'mustafa-al-kadhimi'?"], None),
    (merge, ("Kadhemy", "Kadhimi"), ["no entity with id 'Kadhimi'; did you mean 'mustafa-al-kadhimi'?"], None),
    (merge, ("KH", "iraq"), ["'KH' is already an alias of kataib-hezbollah (Kataib Hezbollah)", "an alias belongs to one entity"], "aliases:kataib-hezbollah"),
    (merge, ("Kadhimi", "mustafa-al-kadhimi"), ["already an alias of mustafa-al-kadhimi", "nothing to do"], "aliases:mustafa-al-kadhimi"),
    (merge, (" ", "iraq"), ["the spelling is empty"], None),
    (merge, ("Bagh\x00dad", "iraq"), ["contains control characters"], None),
]  # fmt: skip
EXTRA: dict[str, dict[str, object]] = {
    "Someone New": {"entity_id": "iraq"},
    "Brand New Name": {"aliases": ["BNN", "KH"]},
    "Layla Haddad": {"entity_id": "Bad Id"},
}


def _line(corpus: Path, spec: str) -> int:
    """The 1-based line of ``KEY:ENTITY_ID`` in entities.toml."""
    key, entity_id = spec.split(":")
    lines = (corpus / "entities.toml").read_text("utf-8").splitlines()
    at = lines.index(f'id = "{entity_id}"')  # 0-based: the 1-based number of the header
    if key == "entity":
        return at
    return next(i for i in range(at, len(lines)) if lines[i].startswith(f"{key} =")) + 1


@pytest.mark.parametrize(("edit", "args", "words", "line"), REFUSALS)
def test_refusals_change_nothing_and_say_what_to_do(
    corpus_copy: Path,
    edit: Callable[..., object],
    args: tuple[str, str],
    words: list[str],
    line: str | None,
) -> None:
    before = _state(corpus_copy)
    kwargs = EXTRA.get(args[0], {}) if edit is promote else {}
    with pytest.raises(CorpusError) as raised:
        edit(corpus_copy, *args, **kwargs)
    error = raised.value
    assert error.file == (corpus_copy / "entities.toml").resolve()
    for word in words:
        assert word in error.message
    assert error.line == (_line(corpus_copy, line) if line else None)
    assert "\n" not in str(error)
    assert _state(corpus_copy) == before


def test_a_corpus_that_does_not_read_cleanly_is_refused_first(corpus_copy: Path) -> None:
    path = corpus_copy / "entities.toml"
    path.write_text(
        path.read_text("utf-8").replace('target = "iraq"', 'target = "irak"', 1), "utf-8"
    )
    before = _state(corpus_copy)
    with pytest.raises(CorpusError) as raised:
        promote(corpus_copy, "Layla Haddad", "person")
    assert "unknown entity 'irak'" in raised.value.message
    assert "fix this first" in raised.value.message and raised.value.line
    assert _state(corpus_copy) == before


def test_a_failed_read_back_puts_the_file_back(
    corpus_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from store.corpus.annotations import Annotations, read_annotations

    real = read_annotations  # what store.edits.files calls after writing
    calls: list[Path] = []

    def read_back(root: Path, articles: Collection[str], errors: list[CorpusError]) -> Annotations:
        calls.append(root)
        found = real(root, articles, errors)
        errors.append(CorpusError(root / "entities.toml", "simulated problem", 3))
        return found

    monkeypatch.setattr("store.edits.files.read_annotations", read_back)
    before = _state(corpus_copy)
    with pytest.raises(CorpusError, match="simulated problem"):
        merge(corpus_copy, "Kadhemy", "mustafa-al-kadhimi")
    assert len(calls) == 1
    assert _state(corpus_copy) == before


def test_a_failed_rebuild_puts_the_file_back(corpus_copy: Path) -> None:
    before = _state(corpus_copy)

    def rebuild() -> None:
        raise store.DossierError("the build failed (a test said so)")

    with pytest.raises(store.DossierError, match="the build failed"):
        promote(corpus_copy, "Layla Haddad", "person", then=rebuild)
    with pytest.raises(store.DossierError, match="the build failed"):
        merge(corpus_copy, "Kadhemy", "mustafa-al-kadhimi", then=rebuild)
    assert _state(corpus_copy) == before


def test_a_corpus_without_entities_toml_gets_one(corpus_copy: Path) -> None:
    for name in ("entities.toml", "events.toml", "claims.toml"):
        (corpus_copy / name).unlink()
    assert promote(corpus_copy, "Layla Haddad", "person") == "layla-haddad"
    merge(corpus_copy, "L. Haddad", "layla-haddad")
    assert _entity(corpus_copy, "layla-haddad")["aliases"] == ["Layla Haddad", "L. Haddad"]


def test_windows_line_endings_are_kept(corpus_copy: Path) -> None:
    path = corpus_copy / "entities.toml"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    before = path.read_bytes()
    promote(corpus_copy, "Layla Haddad", "person")
    _, piece = _inserted(before.decode(), path.read_bytes().decode(), "\r\n")
    assert piece.startswith("\r\n[[entity]]\r\n") and "\n" not in piece.replace("\r\n", "")


NAMES = st.text(
    alphabet=st.one_of(
        st.characters(categories=("L", "M", "N", "P", "S", "Zs")),
        st.sampled_from(" -'’\"\\é"),
    ),
    min_size=1,
    max_size=30,
).filter(lambda s: s == s.strip() and bool(alias_key(s)) and is_printable(s))


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=NAMES, kind=st.sampled_from(ENTITY_TYPES))
def test_any_printable_name_round_trips_through_promote(
    corpus_copy: Path, name: str, kind: str
) -> None:
    path = corpus_copy / "entities.toml"
    before = path.read_bytes()
    old = tomllib.loads(before.decode("utf-8"))
    try:
        try:
            promote(corpus_copy, name, kind, entity_id="probe-entity")
        except CorpusError as exc:
            assume("is already" not in exc.message)  # the name of an existing entity
            raise
        new = tomllib.loads(path.read_text("utf-8"))
        entity = next(e for e in new["entity"] if e["id"] == "probe-entity")
        assert entity["name"] == name and entity["aliases"] == [name]
        assert entity["type"] == kind
        new["entity"].remove(entity)
        assert new == old
    finally:
        path.write_bytes(before)
