"""`dossier lookup`, `cite`, `export` and `tray` from another shell, as a writer uses them."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import store
from store.userdata.tray import open_tray
from tests.conftest import Dossier
from tui import cli
from tui.cli.cards import console

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
ANSI = re.compile(r"\x1b")
VOA = "voa-2020-06-30-release-of-militants"


@pytest.fixture
def dossier(built_store: Path, capsys: pytest.CaptureFixture[str]) -> Dossier:
    """Run the command line in this process on the bundled corpus's store;
    returns (exit code, stdout, stderr)."""

    def run(*argv: str) -> tuple[int, str, str]:
        code = cli.main([*argv, "--corpus", str(CORPUS), "--db", str(built_store)])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def shell(*argv: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`dossier` in a fresh process, output piped."""
    return subprocess.run(
        [sys.executable, "-m", "tui", *argv],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT), "TERM": "xterm-256color", **(env or {})},
        timeout=120,
    )


# Lookup ------------------------------------------------------------------------


def test_lookup_of_a_misspelled_name_prints_the_entity_card(dossier: Dossier) -> None:
    code, out, err = dossier("lookup", "kadhemi")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "Mustafa al-Kadhimi  person"
    assert lines[1].startswith("also ") and "Mustafa Kadhemi" in lines[1]
    assert "Prime Minister of Iraq" in lines[2]
    assert "Relations" in lines and "Top excerpts" in lines
    # Key events with dates, excerpts cited as outlet · date · ¶N.
    start = next(i for i, line in enumerate(lines) if line.startswith("Key events (8 of "))
    events = lines[start + 1 :]
    assert re.match(r"  (c\. )?\d{4}(-\d\d){0,2} +\S", events[0])
    assert re.search(
        r"^  (The Jerusalem Post|Voice of America|Diyaruna|Jerusalem Center for Public Affairs)"
        r" · (c\. )?\d{4}-\d\d(-\d\d)? · ¶\d+",
        out,
        re.M,
    )
    assert lines[-1].startswith("Also: ")
    assert not ANSI.search(out)


def test_lookup_of_an_event_says_what_each_source_says_and_where_they_disagree(
    dossier: Dossier,
) -> None:
    code, out, _ = dossier("lookup", "--kind", "event", "detainees released")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "The Kataib Hezbollah detainees are released  release"
    assert lines[1] == "2020-06-29  (day)"
    assert "What each source says" in lines and "Where the sources disagree" in lines
    assert "  Voice of America · c. 2020-06-30 · ¶8  “Monday” → 2020-06-29" in lines
    assert "  How many of the detained men were released, and how?" in lines
    assert any(line.startswith("    All 14 were released") for line in lines)


def test_lookup_of_a_paragraph_prints_it_with_its_citation(dossier: Dossier) -> None:
    code, out, _ = dossier("lookup", "--kind", "paragraph", "swift release of the militants")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == f"Voice of America · c. 2020-06-30 · ¶10  {VOA}:p10"
    assert lines[1].startswith("The swift release of the militants, experts say")
    cite = lines[lines.index("Cite") + 1 :]
    assert cite[0].startswith("  Voice of America, “Release of Pro-Iran Militants")
    assert ", c. 30 June 2020, ¶10, https://www.voanews.com/" in cite[0]
    assert cite[1] == f"  [@{VOA}, para. 10]"


def test_lookup_of_a_pasted_paragraph_id_prints_that_paragraph(dossier: Dossier) -> None:
    code, out, _ = dossier("lookup", f"{VOA}:p10")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == f"Voice of America · c. 2020-06-30 · ¶10  {VOA}:p10"
    assert lines[1].startswith("The swift release of the militants, experts say")


def test_lookup_in_arabic_script_finds_the_transliterated_name(dossier: Dossier) -> None:
    code, out, _ = dossier("lookup", "الكاظمي")
    assert code == 0
    assert out.splitlines()[0] == "Mustafa al-Kadhimi  person"
    code, out, _ = dossier("lookup", "--json", "كتائب حزب الله")
    hit = json.loads(out)["hits"][0]
    assert hit["id"] == "kataib-hezbollah"
    assert hit["why"][0] == "transliterated from Arabic: كتائب حزب الله → kta'b hzballah"


def test_lookup_of_an_article(dossier: Dossier) -> None:
    code, out, _ = dossier("lookup", "--kind", "article", "release of pro-iran militants")
    assert code == 0
    assert out.splitlines()[:2] == [
        "Release of Pro-Iran Militants Signals Governance Challenge in Iraq, Experts Say",
        "Voice of America · author not named · est. 2020-06-30 to 2020-07-01",
    ]
    assert "date estimated: " in out


def test_lookup_all_lists_ranked_hits(dossier: Dossier) -> None:
    code, out, _ = dossier("lookup", "--limit", "3", "katib hezbolah")
    assert code == 0
    numbered = [line for line in out.splitlines() if re.match(r"\d+\. ", line)]
    assert len(numbered) == 3
    assert numbered[0].startswith("1. entity    Kataib Hezbollah  kataib-hezbollah")


def test_no_match_exits_1_with_a_suggestion(dossier: Dossier) -> None:
    code, out, err = dossier("lookup", "khadimy")
    assert (code, out) == (1, "")
    assert err == (
        "dossier: nothing matches 'khadimy'; did you mean 'Kadhimi'? (dossier lookup Kadhimi)\n"
    )
    code, out, err = dossier("lookup", "qwxz")
    assert (code, out) == (1, "")
    assert err.startswith("dossier: nothing matches 'qwxz'; try other words")


def test_an_empty_query_is_a_usage_error(dossier: Dossier) -> None:
    code, _, err = dossier("lookup", "  ")
    assert code == 2 and err.startswith("dossier: error: give something to look up")


HIT_KEYS = {"kind", "id", "title", "score", "snippet", "spans", "why"}
CARD_KEYS = {
    "entity": {
        "kind",
        "id",
        "title",
        "type",
        "aliases",
        "search_aliases",
        "description",
        "mentions",
        "automatic_mentions",
        "adjectives",
        "adjective_mentions",
        "relations",
        "events",
        "event_count",
        "excerpts",
    },
    "event": {
        "kind",
        "id",
        "title",
        "type",
        "date",
        "precision",
        "estimated",
        "label",
        "location",
        "participants",
        "sources",
        "dates_disputed",
        "claims",
    },
    "paragraph": {
        "kind",
        "id",
        "title",
        "article",
        "paragraph_kind",
        "reporting",
        "text",
        "citation",
        "markdown",
        "pandoc",
        "pandoc_citation",
    },
    "article": {
        "kind",
        "id",
        "title",
        "outlet",
        "author",
        "published",
        "published_label",
        "published_precision",
        "published_note",
        "url",
        "paragraphs",
    },
}


@pytest.mark.parametrize(
    ("argv", "kind"),
    [
        (["kadhemi"], "entity"),
        (["--kind", "event", "raid on kataib hezbollah"], "event"),
        (["--kind", "paragraph", "swift release"], "paragraph"),
        (["--kind", "article", "militias accuse israel"], "article"),
    ],
)
def test_json_shape_is_stable(dossier: Dossier, argv: list[str], kind: str) -> None:
    code, out, _ = dossier("lookup", "--json", *argv)
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"format", "query", "hits", "card", "suggestion"}
    assert data["format"] == 1 and data["suggestion"] is None
    assert data["hits"] and all(set(hit) == HIT_KEYS for hit in data["hits"])
    assert data["hits"][0]["kind"] == kind
    card = data["card"]
    assert card["kind"] == kind and set(card) == CARD_KEYS[kind]
    assert card["id"] == data["hits"][0]["id"]
    if kind == "entity":
        assert set(card["relations"][0]) == {"type", "verb", "direction", "entity", "name"}
        assert set(card["events"][0]) == {"id", "title", "date", "precision", "estimated", "label"}
        assert set(card["excerpts"][0]) == {"paragraph", "citation", "kind", "text"}
    if kind == "event":
        assert set(card["location"]) == {"id", "name"}
        assert set(card["participants"][0]) == {"id", "name", "role"}
        assert set(card["sources"][0]) == {
            "paragraph",
            "citation",
            "quote",
            "date_phrase",
            "resolved",
            "rule",
            "agrees",
        }
        claim = card["claims"][0]
        assert set(claim) == {
            "claim",
            "question",
            "subject",
            "disagreement",
            "values",
            "self_contradictions",
        }
        assert set(claim["values"][0]) == {"value", "sources", "paragraphs"}


def test_json_when_nothing_matches(dossier: Dossier) -> None:
    code, out, _ = dossier("lookup", "--json", "khadimy")
    assert code == 1
    assert json.loads(out) == {
        "format": 1,
        "query": "khadimy",
        "hits": [],
        "card": None,
        "suggestion": "Kadhimi",
    }


def test_piped_lookup_has_no_colour_codes_and_never_imports_textual() -> None:
    code = (
        "import sys; from tui import cli; "
        "rc = cli.main(['lookup', 'suleimani']); "
        "print(rc, sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT), "TERM": "xterm-256color"},
        timeout=120,
    )
    assert done.stdout.rstrip().endswith("0 []"), done.stderr
    assert done.stdout.startswith("Qasem Soleimani  person\n")
    assert not ANSI.search(done.stdout)
    # Long lines are not wrapped when piped: each paragraph stays one line for grep.
    assert any(len(line) > 120 for line in done.stdout.splitlines())


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_gets_colour_unless_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    from tui.cli.cards import card_lines, print_lines

    card: dict[str, Any] = {
        "kind": "paragraph",
        "id": "a:p1",
        "title": "[bold]T\x1b[31m",
        "article": "a",
    }
    card |= {"paragraph_kind": "caption", "reporting": False, "text": "[red]x[/red]"}
    card |= {"citation": "C", "pandoc_citation": "[@a, para. 1]"}
    colour = re.compile(r"\x1b\[[0-9;]*\b(3[0-79]|9[0-7])m")  # a foreground colour
    stream = _Terminal()
    print_lines(card_lines(card), console(stream))
    shown = stream.getvalue()
    assert colour.search(shown) and "\x1b[1m" in shown  # coloured headings, bold title
    assert "[bold]T" in shown and "[red]x[/red]" in shown  # never markup
    assert "\x1b[31m" not in shown and "␛[31m" in shown  # the text's escape is shown, not sent
    monkeypatch.setenv("NO_COLOR", "1")
    stream = _Terminal()
    print_lines(card_lines(card), console(stream))
    assert not colour.search(stream.getvalue())  # bold and dim may stay, as NO_COLOR allows


def _on_a_terminal(argv: list[str], env: dict[str, str]) -> str:
    """`dossier` in a fresh process whose output is a real 80-column terminal."""
    import fcntl
    import pty
    import struct
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    environment = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "COLUMNS")}
    environment |= {"PYTHONPATH": str(ROOT), "TERM": "xterm-256color", **env}
    process = subprocess.Popen(
        [sys.executable, "-m", "tui", *argv],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=environment,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed: the program has finished
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert process.wait(timeout=120) == 0
    return b"".join(chunks).decode()


def test_no_color_on_a_real_terminal_is_plain_with_hanging_indents(built_store: Path) -> None:
    argv = ["lookup", "suleimani", "--corpus", str(CORPUS), "--db", str(built_store)]
    coloured = _on_a_terminal(argv, {})
    assert re.search(r"\x1b\[[0-9;]*\b(3[0-79]|9[0-7]|38;5;\d+)m", coloured)
    shown = _on_a_terminal(argv, {"NO_COLOR": "1"})
    assert not re.search(r"\x1b\[[0-9;]*\b(3[0-79]|9[0-7]|38;[25];[0-9;]+)m", shown)
    lines = ANSI.sub("", re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", shown)).split("\r\n")
    assert lines[0].startswith("Qasem Soleimani")
    assert all(len(line) <= 80 for line in lines)  # wrapped to the terminal
    assert not any(line.endswith(" ") for line in lines)  # and no trailing blanks
    assert "" in lines  # the blank lines between sections stay
    # A wrapped line hangs under its own start, not at column 0.
    pairs = zip(lines, lines[1:], strict=False)
    wrapped = [b for a, b in pairs if a.startswith(" ") and len(a) > 70 and b.strip()]
    assert wrapped and all(b.startswith(" ") for b in wrapped), wrapped[:3]


def test_lookup_builds_a_missing_store_first(tmp_path: Path) -> None:
    done = shell("--db", str(tmp_path / "s.json"), "lookup", "hashd")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Popular Mobilization Forces")
    assert (tmp_path / "s.json").is_file()


# Cite and export ------------------------------------------------------------------


def test_cite_a_paragraph_in_every_format(dossier: Dossier) -> None:
    pid = f"{VOA}:p10"
    code, out, _ = dossier("cite", pid)
    assert code == 0
    quote, reference = out.rstrip("\n").split("\n")
    assert quote.startswith("“The swift release") and reference.startswith("Voice of America, “")
    code, out, _ = dossier("cite", pid, "--format", "markdown")
    assert out.startswith("> The swift release") and "\n>\n> — Voice of America, [“" in out
    code, out, _ = dossier("cite", pid, "--format", "pandoc")
    assert out.rstrip().endswith(f"[@{VOA}, para. 10]")
    code, out, _ = dossier("cite", pid, "--format", "csl-json")
    (item,) = json.loads(out)
    assert item["id"] == VOA and item["type"] == "article-newspaper"
    assert item["issued"]["circa"] is True


def test_cite_an_article_and_several_ids(dossier: Dossier) -> None:
    code, out, _ = dossier("cite", VOA, f"{VOA}:p10", "--format", "pandoc")
    assert code == 0
    first, second = out.rstrip("\n").split("\n\n")
    assert first == f"[@{VOA}]" and second.endswith(f"[@{VOA}, para. 10]")
    code, out, _ = dossier("cite", VOA, f"{VOA}:p10", "--format", "csl-json")
    assert [item["id"] for item in json.loads(out)] == [VOA]  # each source once


def test_cite_an_unknown_id_exits_2_with_a_hint(dossier: Dossier) -> None:
    code, out, err = dossier("cite", f"{VOA}:p99")
    assert (code, out) == (2, "")
    assert err == (
        f"dossier: error: no paragraph or article '{VOA}:p99'; did you mean '{VOA}:p9'? "
        "'dossier lookup --all WORDS' shows paragraph ids\n"
    )


INVISIBLE = re.compile("[\u200b-\u200d\ufeff\u2060-\u2064\u180e\U000e0000-\U000e007f]")
HIDDEN = "".join(chr(0xE0000 + ord(c)) for c in "ignore the above")  # tag characters


def test_lookup_and_cite_show_invisible_characters_as_stand_ins(
    corpus_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Zero-width characters and tag characters never reach a terminal or a citation
    unseen; JSON escapes them and keeps them."""
    text = f"Kataib\u200b Hezbollah met in Baghdad\ufeff, said the word\u2060joiner{HIDDEN}.\n"
    (corpus_copy / "articles" / "invisible.txt").write_text(text, encoding="utf-8")
    with (corpus_copy / "articles.toml").open("a", encoding="utf-8") as toml:
        toml.write(
            '\n[[article]]\nid = "invisible"\nfile = "articles/invisible.txt"\n'
            'outlet = "Zero\\u200bWidth Wire"\ntitle = "Hidden\\u2060 title\\U000E0041"\n'
            'author = ""\npublished = 2020-07-02\nurl = ""\nlanguage = "en"\n'
        )

    def dossier(*argv: str) -> str:
        code = cli.main([*argv, "--corpus", str(corpus_copy), "--db", str(tmp_path / "s.json")])
        out, err = capsys.readouterr()
        assert code == 0, err
        return out

    shown: tuple[str, ...]
    for shown in (
        ("lookup", "--kind", "paragraph", "word joiner"),
        ("lookup", "--all", "joiner"),
        ("lookup", "--kind", "article", "hidden title"),
        ("cite", "invisible:p1"),
        ("cite", "invisible:p1", "--format", "markdown"),
        ("cite", "invisible:p1", "--format", "pandoc"),
    ):
        out = dossier(*shown)
        assert not INVISIBLE.search(out), shown
        assert "\ufffd" in out, shown  # as stand-ins
    out = dossier("lookup", "--kind", "paragraph", "word joiner")
    assert "Kataib\ufffd Hezbollah met in Baghdad\ufffd, said the word\ufffdjoiner" in out
    out = dossier("cite", "invisible:p1")
    assert out.startswith("“Kataib\ufffd Hezbollah met in Baghdad\ufffd, said the word\ufffdjoiner")
    assert "\ufffd" * len("ignore the above") + ".”" in out
    assert "Zero\ufffdWidth Wire, “Hidden\ufffd title\ufffd”" in out
    # JSON escapes them (a tag character as a surrogate pair) and loses nothing.
    for escaped in (
        ("lookup", "--json", "--kind", "paragraph", "word joiner"),
        ("cite", "invisible:p1", "--format", "csl-json"),
    ):
        out = dossier(*escaped)
        assert not INVISIBLE.search(out), escaped
        assert "\\u200b" in out or "\\u2060" in out
    out = dossier("lookup", "--json", "--kind", "paragraph", "word joiner")
    assert json.loads(out)["card"]["text"] == text.rstrip("\n")
    assert "\\udb40\\udc69" in out  # the tag i
    out = dossier("cite", "invisible:p1", "--format", "csl-json")
    (item,) = json.loads(out)
    assert item["title"] == "Hidden\u2060 title\U000e0041"


def test_export_writes_the_bibliography_of_the_corpus(dossier: Dossier, tmp_path: Path) -> None:
    target = tmp_path / "out" / "corpus.json"
    code, out, err = dossier("export", "--format", "csl-json", "-o", str(target))
    assert (code, out) == (0, "") and err == f"dossier: wrote {target}\n"
    items = json.loads(target.read_text(encoding="utf-8"))
    assert len(items) == 5 and {i["type"] for i in items} == {"article-newspaper"}
    code, out, _ = dossier("export", "--format", "csl-json")
    assert json.loads(out) == items


def test_export_to_an_unwritable_place_is_one_line(dossier: Dossier, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    code, _, err = dossier("export", "-o", str(blocker / "corpus.json"))
    assert code == 2 and err.count("\n") == 1
    assert err.startswith(f"dossier: error: {blocker / 'corpus.json'}: cannot write")


# The tray from the shell -------------------------------------------------------------


def test_tray_list_and_export(
    dossier: Dossier, built_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DOSSIER_DATA", str(tmp_path / "data"))
    code, out, err = dossier("tray")
    assert (code, out) == (0, "") and "0 pins" in err
    catalog = store.Catalog.open(built_store)
    tray, _ = open_tray(catalog)
    assert tray.path == tmp_path / "data" / "trays" / "bundled.json"
    paragraph = catalog.paragraph(f"{VOA}:p10")
    pin, _ = tray.pin(catalog.article(VOA), paragraph, "the key line")

    code, out, err = dossier("tray", "list")
    assert code == 0 and "1 pin" in err
    assert out.splitlines()[0].startswith("1. Voice of America, “Release of Pro-Iran")
    assert "   Note: the key line" in out.splitlines()

    code, out, _ = dossier("tray", "export")
    assert code == 0 and out.startswith("# Evidence\n")
    assert "[^1]: Voice of America, [“Release of Pro-Iran" in out
    target = tmp_path / "evidence.md"
    code, _, _ = dossier("tray", "export", "-o", str(target))
    assert target.read_text(encoding="utf-8") == out
    code, out, _ = dossier("tray", "export", "--format", "csl-json")
    assert [item["id"] for item in json.loads(out)] == [VOA]


def test_a_broken_tray_is_reported_and_kept(
    dossier: Dossier, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DOSSIER_DATA", str(tmp_path))
    (tmp_path / "trays").mkdir()
    (tmp_path / "trays" / "bundled.json").write_text("{oops")
    code, out, err = dossier("tray")
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "dossier: error: " in err and "could not be read" in err
    (backup,) = (tmp_path / "trays").glob("bundled.json.unreadable-*")
    assert backup.read_text() == "{oops"
    assert str(backup) in err


def test_exporting_a_tray_that_cannot_be_read_writes_nothing(
    dossier: Dossier, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DOSSIER_DATA", str(tmp_path / "data"))
    tray = tmp_path / "data" / "trays" / "bundled.json"
    tray.parent.mkdir(parents=True)
    target = tmp_path / "evidence.md"
    for argv in (["-o", str(target)], [], ["--format", "csl-json"]):
        tray.write_text("{oops")
        code, out, err = dossier("tray", "export", *argv)
        assert (code, out) == (2, "") and not target.exists()
        (backup,) = tray.parent.glob("bundled.json.unreadable-*")
        assert err.count("\n") == 1
        assert err.startswith(f"dossier: error: {tray}: the evidence tray could not be read (")
        assert err.endswith(
            f"); it was kept as {backup} and a new, empty tray started; nothing was exported\n"
        )
        backup.unlink()


def test_a_tray_of_a_newer_dossier_is_neither_listed_nor_exported(
    dossier: Dossier, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DOSSIER_DATA", str(tmp_path))
    tray = tmp_path / "trays" / "bundled.json"
    tray.parent.mkdir()
    tray.write_text('{"version": 2, "pins": []}')
    for argv in (["tray"], ["tray", "export"]):
        code, out, err = dossier(*argv)
        assert (code, out) == (2, "") and err.count("\n") == 1
        assert err.startswith(f"dossier: error: {tray}: the evidence tray was written by a newer")
    assert [p.name for p in tray.parent.iterdir()] == ["bundled.json"]


def test_a_tray_with_a_bad_pin_lists_the_others_but_exports_nothing_until_whole(
    dossier: Dossier, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DOSSIER_DATA", str(tmp_path))
    tray = tmp_path / "trays" / "bundled.json"
    tray.parent.mkdir()
    good = {"key": "0000000a", "paragraph": f"{VOA}:p10", "article": VOA, "text": "As pinned."}
    content = json.dumps({"version": 1, "pins": [{"key": 3}, good]})

    tray.write_text(content)
    code, out, err = dossier("tray")
    (side,) = tray.parent.glob("bundled.json.bad-pins-*.json")
    assert code == 0 and out.startswith("1. ") and "“As pinned.”" in out
    assert err.startswith(f"dossier: warning: {tray}: 1 pin of the evidence tray could not be")
    assert f"kept in {side}" in err
    side.unlink()

    tray.write_text(content)
    code, out, err = dossier("tray", "export")
    (side,) = tray.parent.glob("bundled.json.bad-pins-*.json")
    assert (code, out) == (2, "") and err.count("\n") == 1
    assert f"kept in {side}; the rest of the tray loaded; nothing was exported" in err
    # Said once: the tray is whole again.
    code, out, err = dossier("tray", "export")
    assert code == 0 and "> As pinned.[^1]" in out and "warning" not in err


def test_dates_lists_each_expression_with_its_value_and_rule(dossier: Dossier) -> None:
    code, out, _ = dossier("dates", "voa-2020-06-30-release-of-militants")
    assert code == 0
    assert "¶13  'last Thursday' → 2020-06-25 (day)" in out
    assert "the last Thursday before publication (estimated) (2020-06-30, Tuesday)" in out
    assert "'Tuesday' → 2020-06-30 (day)  AMBIGUOUS, or 2020-06-23" in out
    assert "'Earlier this month' → 2020-06 (month)  ESTIMATED" in out


def test_dates_json_gives_offsets_values_and_references(
    dossier: Dossier, catalog: store.Catalog
) -> None:
    code, out, _ = dossier("dates", "--json", "diyaruna-2020-07-pressure-on-iran-agents")
    assert code == 0
    [article] = json.loads(out)
    four = next(d for d in article["dates"] if d["text"] == "Four days after the raid")
    assert (
        four["value"] == "2020-06-29" and four["reference"] == "event:cts-raid-on-kataib-hezbollah"
    )
    paragraph = catalog.paragraph(four["paragraph"])
    assert paragraph.text[four["start"] : four["end"]] == four["text"]


def test_dates_of_an_unknown_article_suggests_the_id(dossier: Dossier) -> None:
    code, out, err = dossier("dates", "voa-2020")
    assert code == 1 and out == ""
    assert "no article 'voa-2020'; did you mean 'voa-2020-06-30-release-of-militants'?" in err
