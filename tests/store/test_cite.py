"""Citations: plain text, Markdown, pandoc and CSL-JSON, for exact and estimated dates."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import warnings

import pytest
from hypothesis import given
from hypothesis import strategies as st

import store
from store.query import cite

EXACT = "jpost-2020-06-29-militias-burn-images"  # published 2020-06-29T22:32, by Seth J. Frantzman
ESTIMATED = "voa-2020-06-30-release-of-militants"  # c. 2020-06-30, no byline
NO_URL = "diyaruna-2020-07-pressure-on-iran-agents"


def _body(catalog: store.Catalog, article_id: str) -> store.Paragraph:
    return next(p for p in catalog.paragraphs(article_id) if p.kind == "body")


def test_plain_text_citation_of_an_exact_date(catalog: store.Catalog) -> None:
    article = catalog.article(EXACT)
    paragraph = _body(catalog, EXACT)
    text = cite.cite(article, paragraph, "text")
    quote, reference = text.split("\n")
    assert quote == f"“{paragraph.text}”"
    assert reference == (
        "The Jerusalem Post, “Pro-Iran Iraqi militias burn images of their PM, Israel and US "
        f"flags”, Seth J. Frantzman, 29 June 2020, ¶{paragraph.index}, {article.url}."
    )


def test_plain_text_citation_of_an_estimated_date_says_circa(catalog: store.Catalog) -> None:
    article = catalog.article(ESTIMATED)
    paragraph = _body(catalog, ESTIMATED)
    reference = cite.cite_text(article, paragraph)
    assert reference.startswith("Voice of America, “Release of Pro-Iran Militants")
    assert f", c. 30 June 2020, ¶{paragraph.index}, https://www.voanews.com/" in reference
    assert ", ," not in reference  # no byline leaves no empty slot


def test_markdown_citation_quotes_and_links(catalog: store.Catalog) -> None:
    article = catalog.article(EXACT)
    paragraph = _body(catalog, EXACT)
    lines = cite.cite(article, paragraph, "markdown").split("\n")
    assert lines[0].startswith("> ")
    assert lines[1] == ">"
    assert lines[2] == (
        "> — The Jerusalem Post, [“Pro-Iran Iraqi militias burn images of their PM, Israel and US "
        f"flags”](<{article.url}>), Seth J. Frantzman, 29 June 2020, ¶{paragraph.index}"
    )


def test_markdown_citation_without_url_has_no_link(catalog: store.Catalog) -> None:
    article = catalog.article(NO_URL)
    reference = cite.markdown_reference(article, _body(catalog, NO_URL))
    assert "](" not in reference
    assert "Faris al-Omran, c. 6 July 2020" in reference


def test_pandoc_citation_uses_the_bibliography_key_and_paragraph(catalog: store.Catalog) -> None:
    article = catalog.article(ESTIMATED)
    paragraph = _body(catalog, ESTIMATED)
    text = cite.cite(article, paragraph, "pandoc")
    assert text.endswith(f" [@{ESTIMATED}, para. {paragraph.index}]")
    assert text.startswith("“")
    # The key is a valid pandoc citation key.
    assert re.fullmatch(r"[A-Za-z0-9_][\w:.#$%&\-+?<>~/]*", cite.pandoc_key(article))


def test_csl_item_of_an_exact_date(catalog: store.Catalog) -> None:
    item = cite.csl_item(catalog.article(EXACT))
    assert item == {
        "id": EXACT,
        "type": "article-newspaper",
        "title": "Pro-Iran Iraqi militias burn images of their PM, Israel and US flags",
        "container-title": "The Jerusalem Post",
        "author": [{"family": "Frantzman", "given": "Seth J."}],
        "issued": {"date-parts": [[2020, 6, 29]]},
        "URL": catalog.article(EXACT).url,
        "accessed": {"date-parts": [[2026, 11, 21]]},
        "language": "en",
    }


def test_csl_item_of_an_estimated_date_is_circa_with_a_note(catalog: store.Catalog) -> None:
    item = cite.csl_item(catalog.article(ESTIMATED))
    assert item["issued"] == {"date-parts": [[2020, 6, 30]], "circa": True}
    assert item["note"].startswith("Publication date estimated (2020-06-30 to 2020-07-01)")
    assert "author" not in item
    assert item["container-title"] == "Voice of America"


def test_accessed_falls_back_to_the_date_given(catalog: store.Catalog) -> None:
    article = dataclasses.replace(catalog.article(EXACT), accessed=None)
    assert "accessed" not in cite.csl_item(article)
    item = cite.csl_item(article, dt.date(2026, 1, 2))
    assert item["accessed"] == {"date-parts": [[2026, 1, 2]]}


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("Seth J. Frantzman", [{"family": "Frantzman", "given": "Seth J."}]),
        ("Faris al-Omran", [{"family": "al-Omran", "given": "Faris"}]),
        ("Ahmad bin Ali", [{"family": "bin Ali", "given": "Ahmad"}]),
        ("Reuters", [{"literal": "Reuters"}]),
        (
            "Anna Ahronheim and Tzvi Joffre",
            [{"family": "Ahronheim", "given": "Anna"}, {"family": "Joffre", "given": "Tzvi"}],
        ),
        (
            "A Bc, D Ef & G Hi",
            [
                {"family": "Bc", "given": "A"},
                {"family": "Ef", "given": "D"},
                {"family": "Hi", "given": "G"},
            ],
        ),
    ],
)
def test_bylines_become_csl_names(byline: str, names: list[dict[str, str]]) -> None:
    assert cite.csl_names(byline) == names


@given(st.text())
def test_markdown_escaping_keeps_a_quote_on_one_inert_line(text: str) -> None:
    escaped = cite.md_escape(text)
    assert "\n" not in escaped and "\r" not in escaped
    # Every special character is escaped, so nothing becomes a link, emphasis or HTML.
    assert not re.search(r"(?<!\\)(?:\\\\)*[`*_\[\]<>#|]", escaped)
    assert not re.match(r"\d+[.)]|[-+]", escaped)


def test_bibliography_loads_in_a_citation_processor(catalog: store.Catalog) -> None:
    """The exported CSL-JSON renders in citeproc-py, a CSL processor."""
    # citeproc-py ships no type information (no stubs, no py.typed).
    import citeproc  # type: ignore[import-untyped]  # in the test extra: never skipped
    from citeproc.source.json import CiteProcJSON  # type: ignore[import-untyped]

    items = json.loads(json.dumps(cite.bibliography(catalog.articles())))
    assert len(items) == len(catalog.articles())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        style = citeproc.CitationStylesStyle("harvard-cite-them-right", validate=False)
        bib = citeproc.CitationStylesBibliography(
            style, CiteProcJSON(items), citeproc.formatter.plain
        )
        citations = [citeproc.Citation([citeproc.CitationItem(i["id"])]) for i in items]
        for citation in citations:
            bib.register(citation)
        rendered = [bib.cite(c, lambda item: pytest.fail(f"unknown {item}")) for c in citations]
        entries = [str(entry) for entry in bib.bibliography()]
    assert "(Frantzman, 2020)" in rendered
    assert any(
        e.startswith("Frantzman, S.J. (2020) “Pro-Iran Iraqi militias") and "29 June" in e
        for e in entries
    )
    assert any("Voice of America, 30 June" in e and "Accessed" in e for e in entries)
