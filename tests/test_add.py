"""`dossier add`: the user's own articles in .txt, .md and .html, checked before anything changes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import store
from store import paths
from tests.conftest import Dossier
from tui import cli

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "add"
TXT = FIXTURES / "baghdad-briefing.txt"
MD = FIXTURES / "militia-notes.md"
HTML = FIXTURES / "kadhimi-page.html"


@pytest.fixture
def dossier(capsys: pytest.CaptureFixture[str]) -> Dossier:
    def run(*argv: str) -> tuple[int, str, str]:
        code = cli.main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return run


def _state(corpus: Path) -> dict[str, bytes]:
    return {
        p.relative_to(corpus).as_posix(): p.read_bytes() for p in corpus.rglob("*") if p.is_file()
    }


def test_add_a_text_file(dossier: Dossier, corpus_copy: Path, tmp_path: Path) -> None:
    db = tmp_path / "s.json"
    before = (corpus_copy / "articles.toml").read_bytes()
    code, out, err = dossier(
        "add", str(TXT), "--corpus", str(corpus_copy), "--db", str(db),
        "--outlet", "Tigris Wire", "--title", "Baghdad briefing: raid anniversary passes quietly",
        "--published", "2021-06-25", "--author", "Omar Said", "--url", "https://tigris.example/b",
    )  # fmt: skip
    assert code == 0, err
    article_id = "tigris-wire-2021-06-25-baghdad-briefing-raid-anniversary-passes"
    assert out.startswith(f"added {article_id} (articles/{article_id}.txt) from {TXT}\n")
    # Copied unchanged; described at the end of articles.toml, whose comments stay.
    assert (corpus_copy / "articles" / f"{article_id}.txt").read_bytes() == TXT.read_bytes()
    after = (corpus_copy / "articles.toml").read_bytes()
    assert after.startswith(before)
    entry = after[len(before) :].decode()
    assert f'id = "{article_id}"' in entry and 'author = "Omar Said"' in entry
    assert "published = 2021-06-25" in entry and 'url = "https://tigris.example/b"' in entry
    # The store was rebuilt: the article is there, and the known names in it are linked.
    catalog = store.Catalog.open(db)
    assert catalog.article(article_id).outlet == "Tigris Wire"
    paragraph = catalog.paragraphs(article_id)[1]
    assert paragraph.text.startswith("Iraqi Prime Minister Mustafa al-Kazimi")
    linked = {(m.surface, m.entity_id, m.method) for m in catalog.mentions(paragraph.id)}
    assert ("Kataib Hezbollah", "kataib-hezbollah", "alias") in linked
    assert ("Mustafa al-Kazimi", "mustafa-al-kadhimi", "auto") in linked


def test_add_markdown_and_a_saved_web_page(
    dossier: Dossier, corpus_copy: Path, tmp_path: Path
) -> None:
    pytest.importorskip("trafilatura")  # the html extra (installed with the test extra)
    db = tmp_path / "s.json"
    code, _, err = dossier(
        "add", str(MD), "--corpus", str(corpus_copy), "--db", str(db),
        "--outlet", "Gulf Notes", "--title", "Militia notes", "--published", "2020-07-06",
    )  # fmt: skip
    assert code == 0, err
    code, out, err = dossier("add", str(HTML), "--corpus", str(corpus_copy), "--db", str(db))
    assert code == 0, err
    page_id = "example-gazette-2020-07-03-kadhimi-visits-taji-base-after"
    catalog = store.Catalog.open(db)
    article = catalog.article(page_id)
    # Metadata from the page itself.
    assert (article.outlet, article.title, article.author) == (
        "Example Gazette",
        "Kadhimi visits Taji base after rocket attack",
        "Nadia Salem",
    )
    assert article.published_day.isoformat() == "2020-07-03"
    assert article.url == "https://gazette.example/2020/07/03/kadhimi-taji"
    # The page is kept unchanged; the text extracted from it is the article's file.
    assert (corpus_copy / "articles" / f"{page_id}.html").read_bytes() == HTML.read_bytes()
    text = (corpus_copy / "articles" / f"{page_id}.txt").read_text(encoding="utf-8")
    assert "Subscribe" not in text and "Cookie" not in text  # page furniture left out
    bodies = [p.text for p in catalog.paragraphs(page_id)]
    assert bodies[1].startswith("Prime Minister Mustafa Kadhimi visited the Taji base")
    for paragraph in catalog.paragraphs(page_id):
        assert text[paragraph.start : paragraph.end] == paragraph.text
    md_id = next(a.id for a in catalog.articles() if a.outlet == "Gulf Notes")
    assert (corpus_copy / "articles" / f"{md_id}.md").read_bytes() == MD.read_bytes()
    # Known entities are linked automatically by close variants of their names, with
    # the method and score recorded; the curated articles keep only curated mentions.
    auto = {
        (m.surface, m.entity_id, m.score)
        for p in catalog.paragraphs(md_id)
        for m in catalog.mentions(p.id)
        if not m.curated
    }
    assert ("Kataeb Hezbollah", "kataib-hezbollah", 100.0) in auto  # a search-only spelling
    assert any(s == "Abu Fadak al-Mohammedawi" and e == "abu-fadak" and 88 <= sc < 100
               for s, e, sc in auto)  # fmt: skip
    assert all(m.method == "auto" for p in catalog.paragraphs(md_id) for m in catalog.mentions(p.id) if not m.curated)  # fmt: skip
    seeds = [a.id for a in catalog.articles() if a.id.startswith(("voa-", "jpost-", "jcpa-", "diyaruna-"))]  # fmt: skip
    assert len(seeds) == 5
    assert all(m.curated for a in seeds for p in catalog.paragraphs(a) for m in catalog.mentions(p.id))  # fmt: skip


@pytest.mark.parametrize(
    ("title_tag", "headline", "outlet"),
    [
        ("Rockets hit airport | Gulf Ledger", "Rockets hit airport", "Gulf Ledger"),
        ("Gulf Ledger - Rockets hit airport", "Rockets hit airport", "Gulf Ledger"),
        ("Rockets hit airport | Iraq | Gulf Ledger", "Rockets hit airport", "Gulf Ledger"),
        ("Iraq - the raid &amp; after | Foo Times", "Iraq - the raid & after", "Foo Times"),
        ("Rockets hit airport", "Rockets hit airport", ""),  # the headline alone
        ("Another story | Gulf Ledger", "Rockets hit airport", ""),  # not this headline
        ("Rockets hit airport | " + "a very long tail " * 5, "Rockets hit airport", ""),
    ],
)
def test_a_page_names_its_outlet_in_its_title(title_tag: str, headline: str, outlet: str) -> None:
    """A saved page without og:site_name: the outlet beside the headline in <title>."""
    from store.edits.add import _outlet_in_title

    assert _outlet_in_title(f"<html><title>{title_tag}</title></html>", headline) == outlet


def test_the_same_article_twice_is_refused_naming_the_existing_id(
    dossier: Dossier, corpus_copy: Path, tmp_path: Path
) -> None:
    seed = corpus_copy / "articles" / "voa-2020-06-30-release-of-militants.txt"
    again = tmp_path / "copy.txt"
    again.write_text("  " + seed.read_text(encoding="utf-8").replace("\n", "\n\n"))  # same words
    before = _state(corpus_copy)
    code, out, err = dossier(
        "add", str(again), "--corpus", str(corpus_copy), "--db", str(tmp_path / "s.json"),
        "--outlet", "VOA", "--title", "Again", "--published", "2020-06-30",
    )  # fmt: skip
    assert (code, out) == (2, "")
    assert err == (
        f"{again}: the same text is already in the corpus as "
        "'voa-2020-06-30-release-of-militants' "
        "(articles/voa-2020-06-30-release-of-militants.txt); nothing was added\n"
    )
    assert _state(corpus_copy) == before


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--title", "T", "--published", "2020-07-01"], "no outlet; pass --outlet"),
        (["--outlet", "O", "--published", "2020-07-01"], "no title; pass --title"),
        (["--outlet", "O", "--title", "T", "--published", "last week"], "is not a date"),
        (["--outlet", "O", "--title", "T", "--published", "2020-07-01", "--url", "ftp://x"],
         "must start with http:// or https://"),
        (["--outlet", "O", "--title", "T", "--published", "2020-07-01", "--language", "english!"],
         "is not a tag such as 'en'"),
    ],
)  # fmt: skip
def test_bad_or_missing_metadata_is_one_line_and_changes_nothing(
    dossier: Dossier, corpus_copy: Path, tmp_path: Path, argv: list[str], message: str
) -> None:
    before = _state(corpus_copy)
    code, out, err = dossier("add", str(TXT), "--corpus", str(corpus_copy), *argv)
    assert (code, out) == (2, "")
    assert err.startswith(f"{TXT}: ") and message in err and err.count("\n") == 1
    assert _state(corpus_copy) == before


def test_files_that_cannot_be_added(dossier: Dossier, corpus_copy: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(b"%PDF")
    latin = tmp_path / "a.txt"
    latin.write_bytes(b"first line\ncaf\xe9\n")
    flags = ["--outlet", "O", "--title", "T", "--published", "2020-07-01"]
    code, _, err = dossier("add", str(pdf), "--corpus", str(corpus_copy), *flags)
    assert code == 2 and "give a .txt, .md or .html file" in err
    code, _, err = dossier("add", str(latin), "--corpus", str(corpus_copy), *flags)
    assert code == 2 and err.startswith(f"{latin}:2: not valid UTF-8")
    code, _, err = dossier("add", str(tmp_path / "gone.txt"), "--corpus", str(corpus_copy), *flags)
    assert code == 2 and "not found" in err
    code, _, err = dossier("add", str(TXT), str(MD), "--corpus", str(corpus_copy), *flags)
    assert code == 2 and "one at a time" in err


def test_a_web_page_without_the_html_extra_says_how_to_get_it(
    dossier: Dossier, corpus_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # as if not installed
    code, _, err = dossier("add", str(HTML), "--corpus", str(corpus_copy))
    assert code == 2
    assert "needs trafilatura" in err and "pip install 'dossier[html]'" in err


def test_without_a_corpus_add_makes_your_own_and_leaves_the_bundled_one_alone(
    dossier: Dossier, tmp_path: Path
) -> None:
    bundled = paths.bundled_corpus_dir()
    before = _state(bundled)
    assert paths.default_corpus_dir() == bundled
    code, _, err = dossier(
        "add", str(TXT), "--outlet", "Tigris Wire", "--title", "Briefing",
        "--published", "2021-06-25",
    )  # fmt: skip
    assert code == 0, err
    mine = paths.user_corpus_dir()
    assert "made your own corpus at" in err and str(mine) in err
    assert _state(bundled) == before
    assert paths.default_corpus_dir() == mine
    catalog = store.Catalog.open(paths.default_db_path(mine))
    assert len(catalog.articles()) == 6
    code, out, _ = dossier("lookup", "--kind", "article", "briefing")
    assert code == 0 and out.startswith("Briefing\nTigris Wire")


def test_candidates_lists_names_no_entity_accounts_for(
    dossier: Dossier, corpus_copy: Path, tmp_path: Path
) -> None:
    import json

    db = tmp_path / "s.json"
    where = ["--corpus", str(corpus_copy), "--db", str(db)]
    for path, outlet in ((TXT, "Tigris Wire"), (MD, "Gulf Notes")):
        code, _, err = dossier(
            "add", str(path), *where, "--outlet", outlet, "--title", path.stem,
            "--published", "2021-06-25",
        )  # fmt: skip
        assert code == 0, err
    code, out, err = dossier("candidates", *where, "--json")
    assert code == 0
    answer = json.loads(out)
    assert answer["format"] == store.CANDIDATES_FORMAT == 1
    found = {c["name"]: c for c in answer["names"]}
    # "Analyst Layla Haddad said" and "Analyst Layla Haddad of ...": the name, counted twice.
    assert found["Layla Haddad"]["count"] == 2
    assert len(found["Layla Haddad"]["paragraphs"]) == 2
    assert found["Layla Haddad"]["type"] == "person"
    assert "title 'Analyst' before it" in found["Layla Haddad"]["why"]
    assert found["Tigris Policy Forum"]["type"] == "organization"
    assert "Samir Khoury" in found
    # Known entities (linked, curated or automatic) and headlines are not candidates.
    assert not {"Kataeb Hezbollah", "Mustafa al-Kazimi", "Counter-Terrorism Service"} & set(found)
    assert "Conflict Breaks Out Between" not in found  # a title-case headline
    code, out, err = dossier("candidates", *where, "--min", "2")
    assert code == 0 and out.startswith(
        "Names no entity accounts for (1), in the most articles first\n"
        "   2  Layla Haddad  person (title 'Analyst' before it; given name 'Layla'; 'said' after it)\n"
    )
    assert "1 candidate name" in err


def _grow(dossier: Dossier, where: list[str]) -> None:
    for path, outlet in ((TXT, "Tigris Wire"), (MD, "Gulf Notes")):
        code, _, err = dossier(
            "add", str(path), *where, "--outlet", outlet, "--title", path.stem,
            "--published", "2021-06-25",
        )  # fmt: skip
        assert code == 0, err


def test_promote_and_merge_candidates(dossier: Dossier, corpus_copy: Path, tmp_path: Path) -> None:
    where = ["--corpus", str(corpus_copy), "--db", str(tmp_path / "s.json")]
    _grow(dossier, where)
    code, out, err = dossier(
        "promote", "Layla Haddad", "--type", "person", "--alias", "Haddad",
        "--description", "Analyst at the Tigris Policy Forum.", *where,
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert out == "promoted 'Layla Haddad' to entity layla-haddad (person); 2 mentions now linked\n"
    code, out, _ = dossier("candidates", "--json", *where)
    assert "Layla Haddad" not in {c["name"] for c in json.loads(out)["names"]}
    code, out, err = dossier("merge", "Abu Fadak al-Mohammedawi", "--into", "abu-fadak", *where)
    assert (code, err) == (0, "")
    assert out.startswith(
        "merged 'Abu Fadak al-Mohammedawi' into abu-fadak (Abu Fadak) as an alias; "
        "1 mention of it now linked, "
    )
    catalog = store.Catalog.open(tmp_path / "s.json")
    assert catalog.entity("layla-haddad").aliases == ("Layla Haddad", "Haddad")
    assert "Abu Fadak al-Mohammedawi" in catalog.entity("abu-fadak").aliases


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["promote", "Layla Haddad", "--type", "persn"], "type 'persn' is not one of person, organization, place, facility, media, other (did you mean 'person'?)"),
        (["merge", "Kadhemy", "--into", "kadhimi"], "no entity with id 'kadhimi'; did you mean 'mustafa-al-kadhimi'?"),
        (["promote", "Kadhimi", "--type", "person"], "'Kadhimi' is already an alias of mustafa-al-kadhimi (Mustafa al-Kadhimi)"),
    ],
)  # fmt: skip
def test_refused_promote_and_merge_are_one_line_exit_2(
    corpus_copy: Path, tmp_path: Path, argv: list[str], message: str
) -> None:
    before = _state(corpus_copy)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "tui",
            *argv,
            "--corpus",
            str(corpus_copy),
            "--db",
            str(tmp_path / "s.json"),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
        timeout=120,
    )
    assert (done.returncode, done.stdout) == (2, "")
    assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1
    assert done.stderr.startswith(f"{corpus_copy.resolve() / 'entities.toml'}")
    assert message in done.stderr
    assert _state(corpus_copy) == before


def test_promote_and_merge_leave_the_bundled_corpus_alone(dossier: Dossier) -> None:
    bundled = paths.bundled_corpus_dir()
    before = _state(bundled)
    mine = paths.user_corpus_dir()
    # A refused edit makes no copy.
    code, _, err = dossier("promote", "Zara Quill", "--type", "persn")
    assert code == 2 and "is not one of" in err and not mine.exists()
    code, _, err = dossier("merge", "Kadhimi", "--into", "iraq")
    assert code == 2 and "already an alias of mustafa-al-kadhimi" in err and not mine.exists()
    code, out, err = dossier("promote", "Zara Quill", "--type", "person")
    assert code == 0, err
    assert "made your own corpus at" in err and str(mine) in err
    assert out == "promoted 'Zara Quill' to entity zara-quill (person); 0 mentions now linked\n"
    code, out, err = dossier("merge", "Z. Quill", "--into", "zara-quill")
    assert code == 0, err
    assert _state(bundled) == before
    assert 'aliases = ["Zara Quill", "Z. Quill"]' in (mine / "entities.toml").read_text("utf-8")
    assert store.Catalog.open(paths.default_db_path(mine)).entity("zara-quill").name == "Zara Quill"


def test_a_failed_rebuild_puts_the_corpus_back(
    dossier: Dossier, corpus_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _state(corpus_copy)

    def broken(*args: object, **kwargs: object) -> object:
        raise store.DossierError("the build failed (a test said so)")

    monkeypatch.setattr(store, "build", broken)
    code, out, err = dossier(
        "add", str(TXT), "--corpus", str(corpus_copy), "--db", str(tmp_path / "s.json"),
        "--outlet", "Tigris Wire", "--title", "Briefing", "--published", "2021-06-25",
    )  # fmt: skip
    assert code == 2 and "the build failed" in err and out == ""
    assert _state(corpus_copy) == before  # no new file, articles.toml as it was


def test_dates_at_the_edge_of_the_calendar_stay_unresolved(
    dossier: Dossier, corpus_copy: Path, tmp_path: Path
) -> None:
    text = tmp_path / "edge.txt"
    text.write_text(
        "Edge of time\n\nLast June the council met, and it meets again next year. "
        "On Monday it said so, a year ago it did not. Kadhimi will meet Amiri next week, "
        "and again on New Year's Eve.\n",
        "utf-8",
    )
    db = tmp_path / "s.json"
    for published in ("0001-01-01", "9999-12-20", "9999-12-31"):
        copy = tmp_path / f"c{published}"
        copy.mkdir()
        corpus = copy / "corpus"
        shutil.copytree(corpus_copy, corpus)
        code, _, err = dossier(
            "add", str(text), "--corpus", str(corpus), "--db", str(db),
            "--outlet", "Edge", "--title", "Edge of time", "--published", published,
        )  # fmt: skip
        assert code == 0, err
        catalog = store.Catalog.open(db)
        (article,) = [a for a in catalog.articles() if a.outlet == "Edge"]
        values = {t.text: t.value for t in catalog.timexes(article.id)}
        # What stays on the calendar is resolved; what would fall off it is not.
        if published.startswith("0001"):
            assert "Last June" not in values and values["next year"] == "0002"
        else:
            assert values["Last June"] == "9999-06" and "next year" not in values
        # Everything that reads the dates works on them: proposals, dates, lookup.
        for argv in (["candidates", "--json"], ["dates", article.id], ["lookup", "Kadhimi"]):
            code, _, err = dossier(*argv, "--corpus", str(corpus), "--db", str(db))
            assert code == 0, (argv, err)


def test_an_interrupted_first_add_leaves_no_partial_corpus(
    dossier: Dossier, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_copytree = shutil.copytree
    mine = paths.user_corpus_dir()

    def killed(src: Path, dst: Path, *args: object, **kwargs: object) -> object:
        monkeypatch.setattr(shutil, "copytree", real_copytree)  # copytree calls itself
        real_copytree(src, dst, ignore=shutil.ignore_patterns("claims.toml"))
        raise KeyboardInterrupt  # as if the user pressed Ctrl+C in the middle

    monkeypatch.setattr(shutil, "copytree", killed)
    code, _, _ = dossier(
        "add", str(TXT), "--outlet", "Tigris Wire", "--title", "Briefing",
        "--published", "2021-06-25", "--db", str(tmp_path / "s.json"),
    )  # fmt: skip
    assert code == 130
    assert not mine.exists()  # nothing half-copied to be used silently
    assert not list(mine.parent.glob(f".{mine.name}.copy-*"))
    # A partial copy left by an older dossier is moved aside, and a whole one made.
    mine.mkdir(parents=True)
    (mine / "entities.toml").write_text("# half a corpus\n", "utf-8")
    code, _, err = dossier(
        "add", str(TXT), "--outlet", "Tigris Wire", "--title", "Briefing",
        "--published", "2021-06-25", "--db", str(tmp_path / "s.json"),
    )  # fmt: skip
    assert code == 0, err
    assert (mine / "claims.toml").read_bytes() == (
        paths.bundled_corpus_dir() / "claims.toml"
    ).read_bytes()
    (aside,) = mine.parent.glob(f"{mine.name}.partial-*")
    assert (aside / "entities.toml").read_text("utf-8") == "# half a corpus\n"


def test_a_page_s_own_name_beats_its_address_and_carries_no_controls(tmp_path: Path) -> None:
    """No og:site_name: trafilatura falls back on the address ("levantpost.example");
    the name beside the headline in <title> is the outlet. A hostile <title> gives
    no control or invisible characters to articles.toml."""
    from store.edits.add import prepare

    page = (Path(__file__).parent / "fixtures" / "own" / "drone-strike.html").read_text()
    page = page.replace('<meta property="og:site_name" content="Levant Post">', "")
    plain = tmp_path / "plain.html"
    plain.write_text(page)
    assert prepare(plain).found["outlet"] == "Levant Post"
    hostile = tmp_path / "hostile.html"
    hostile.write_text(
        page.replace("– Levant Post</title>", "– Levant\u200b Post\x1b[31m\x07</title>")
    )
    assert prepare(hostile).found["outlet"] == "Levant Post[31m"
