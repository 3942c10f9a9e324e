"""Long texts: linking costs time near linear in the text, and gives the answers it gave before.

A 5 MB article written as one line, with hundreds of thousands of name
mentions, once took hours to check and build: linking compared every mention
with every other. Each near-linear replacement is compared here, on random
inputs, with the pairwise algorithm it replaced (kept in this file as the
reference); one test builds such an article in a fresh process with a time
limit, so that a regression fails instead of hanging.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from store.ingest import segment as segment_module
from store.ingest.autolink import VariantMatcher
from store.ingest.classify import _spread_captions
from store.ingest.dating import _FUTURE, _SENTENCE_END, Found, _Sentences
from store.ingest.link import AliasMatcher, Match
from store.ingest.pipeline import _by_entity, _within_own
from store.model import ParagraphKind
from store.names import _ALONE_SET, _PIECE, _RUN, STOP, name_tokens, whole_names
from store.search.ranking import Searcher
from store.spans import SpanIndex, first_free

# The references: the pairwise algorithms as they were.


def reference_choose(candidates: Sequence[Match]) -> list[Match]:
    """``AliasMatcher.choose`` before: each candidate against every one taken."""
    chosen: list[Match] = []
    taken: list[tuple[int, int]] = []
    for match in sorted(candidates, key=lambda m: (m.start - m.end, m.start)):
        if all(match.end <= s or match.start >= e for s, e in taken):
            chosen.append(match)
            taken.append((match.start, match.end))
    return sorted(chosen, key=lambda m: m.start)


def reference_free(start: int, end: int, taken: Sequence[tuple[int, int]]) -> bool:
    """``VariantMatcher._free`` before: a look at every taken span."""
    for s, e in taken:
        if start < e and s < end and not (start <= s and e <= end and (s, e) != (start, end)):
            return False
    return True


def reference_within_own(candidate: Match, chosen: Sequence[Match]) -> bool:
    """The usage count of ``dossier check`` before: the candidate against every mention."""
    return any(
        m.entity_id == candidate.entity_id and m.start <= candidate.start and candidate.end <= m.end
        for m in chosen
    )


def reference_name_tokens(text: str) -> list[list[tuple[int, int, bool]]]:
    """``store.names.name_tokens`` before: trimmed one word at a time from the front."""
    runs = []
    for match in _RUN.finditer(text):
        base = match.start()
        run = []
        for piece in _PIECE.finditer(match.group()):
            word = piece.group().rstrip("-’'")
            if word:
                start = base + piece.start()
                run.append((start, start + len(word), word not in _ALONE_SET))
        while run and not run[0][2]:
            run.pop(0)
        while run and not run[-1][2]:
            run.pop()
        if run:
            runs.append(run)
    return runs


def reference_future(text: str, found: Found) -> tuple[str, str | None]:
    """The sentence around a date, and its future tense, before: scanned from the start."""
    starts = [m.end() for m in _SENTENCE_END.finditer(text, 0, found.start)]
    end = _SENTENCE_END.search(text, found.end)
    sentence = text[starts[-1] if starts else 0 : end.start() if end else len(text)]
    m = _FUTURE.search(sentence)
    return sentence, " ".join(m[0].split()) if m else None


_OLD_TRAILING_CREDIT = re.compile(
    r"""\s+(
        \(\s*(?:photo|image|picture|video)\s*(?:credit|courtesy|by)?\s*:[^()]*\)
      | \[\s*(?:photo|image|picture|video)\b[^\[\]]*\]
    )\s*$""",
    re.IGNORECASE | re.VERBOSE,
)


def reference_spread(
    kinds: list[ParagraphKind | None], joined: Sequence[bool], alt_text: Sequence[bool]
) -> None:
    """Captions spread from their neighbours before: forward passes until nothing changed."""
    n = len(kinds)
    changed = True
    while changed:
        changed = False
        for i in range(n):
            if kinds[i] is not None or not alt_text[i]:
                continue
            before = i > 0 and joined[i] and kinds[i - 1] in ("caption", "credit")
            after = i + 1 < n and joined[i + 1] and kinds[i + 1] in ("caption", "credit")
            if before or after:
                kinds[i] = "caption"
                changed = True


def reference_cut(
    text: str, spans: list[tuple[int, int]], width: int
) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A search hit's snippet before: the spans in each window counted one by one."""
    text = text.replace("\r", " ").replace("\n", " ").replace("\t", " ")
    if len(text) <= width:
        return text, tuple(spans)
    if not spans:
        head = text[:width].rsplit(" ", 1)[0]
        return head + "…", ()
    best_start, best_count = spans[0][0], 0
    for i, (start, _) in enumerate(spans):
        count = sum(1 for _, e in spans[i:] if e <= start + width)
        if count > best_count:
            best_start, best_count = start, count
    start = max(0, best_start - width // 4)
    if start:
        space = text.rfind(" ", 0, start + 1)
        start = space + 1 if space >= 0 else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    head = "…" if start > 0 else ""
    tail = "…" if end < len(text) else ""
    shift = len(head) - start
    kept = tuple((s + shift, e + shift) for s, e in spans if s >= start and e <= end)
    return head + text[start:end] + tail, kept


def reference_proximity(positions: list[list[int]]) -> int:
    """How far apart a hit's words are, before: every window copied."""
    if len(positions) < 2 or any(not p for p in positions):
        return 8
    best = 99
    merged = sorted((p, w) for w, plist in enumerate(positions) for p in plist)
    count: dict[int, int] = {}
    left = 0
    need = len(positions)
    for right, (p_right, w_right) in enumerate(merged):
        count[w_right] = count.get(w_right, 0) + 1
        while len(count) == need:
            p_left, w_left = merged[left]
            span = p_right - p_left + 1 - need
            window = [w for _, w in merged[left : right + 1]]
            in_order = span == 0 and window == sorted(window)
            best = min(best, 0 if in_order else span + 1)
            count[w_left] -= 1
            if not count[w_left]:
                del count[w_left]
            left += 1
    return min(best, 8)


# Random candidates: short spans over a short text, so that they overlap a lot;
# some empty, some identical, a few entities.

_ENTITIES = ("kataib-hezbollah", "hezbollah", "mustafa-al-kadhimi")


@st.composite
def matches(draw: st.DrawFn) -> Match:
    start = draw(st.integers(0, 40))
    length = draw(st.one_of(st.integers(1, 12), st.just(0)))
    entity = draw(st.sampled_from(_ENTITIES))
    return Match(start, start + length, entity, draw(st.sampled_from(("KH", "Kataib", "al-K"))))


@st.composite
def pairs(draw: st.DrawFn) -> tuple[int, int]:
    """Any two offsets, in either order: the old comparisons made no assumption."""
    return draw(st.integers(0, 40)), draw(st.integers(0, 40))


@settings(max_examples=500, deadline=None)
@given(st.lists(matches(), max_size=40))
def test_choose_keeps_exactly_what_the_pairwise_choice_kept(candidates: list[Match]) -> None:
    # The very objects, in the same order: equal duplicates are told apart too.
    assert list(map(id, AliasMatcher.choose(candidates))) == list(
        map(id, reference_choose(candidates))
    )


@settings(max_examples=200, deadline=None)
@given(st.lists(matches(), max_size=40))
def test_first_free_is_the_pairwise_greedy_in_any_order(ranked: list[Match]) -> None:
    kept: list[Match] = []
    for span in ranked:
        if all(span.end <= k.start or span.start >= k.end for k in kept):
            kept.append(span)
    assert list(map(id, first_free(ranked))) == list(map(id, kept))


@settings(max_examples=300, deadline=None)
@given(st.lists(pairs(), max_size=30), pairs())
def test_span_index_answers_as_looking_at_every_span(
    spans: list[tuple[int, int]], probe: tuple[int, int]
) -> None:
    index = SpanIndex(spans)
    start, end = probe
    assert index.contains(start, end) == any(s <= start and end <= e for s, e in spans)
    assert index.cuts(start) == any(s < start < e for s, e in spans)
    assert index.overlaps(start, end) == any(start < e and s < end for s, e in spans)
    assert ((start, end) in index) == ((start, end) in spans)
    assert bool(index) == bool(spans)


@settings(max_examples=500, deadline=None)
@given(st.lists(pairs(), max_size=30), st.integers(0, 40), st.integers(1, 15))
def test_a_variant_is_free_where_it_was(
    taken: list[tuple[int, int]], start: int, length: int
) -> None:
    end = start + length  # a variant holds at least one word
    assert VariantMatcher._free(start, end, SpanIndex(taken)) == reference_free(start, end, taken)


@settings(max_examples=200, deadline=None)
@given(st.lists(matches(), max_size=30), st.lists(matches(), max_size=30))
def test_alias_usage_is_counted_where_it_was(chosen: list[Match], candidates: list[Match]) -> None:
    by_entity = _by_entity(chosen)
    for candidate in candidates:
        assert _within_own(candidate, by_entity) == reference_within_own(candidate, chosen)


def test_automatic_mentions_still_replace_the_alias_mentions_inside_them() -> None:
    variants = VariantMatcher([("kataib-hezbollah", "Kataib Hezbollah", False)])
    text = "Kataeb Hezbollah said so. " * 3
    hezbollah = [(7, 16), (33, 42), (59, 68)]  # "Hezbollah", taken by a curated alias
    found = variants.find(text, hezbollah)
    assert [(m.start, m.end, m.entity_id) for m in found] == [
        (0, 16, "kataib-hezbollah"),
        (26, 42, "kataib-hezbollah"),
        (52, 68, "kataib-hezbollah"),
    ]
    # Crossing a taken span is not allowed: "Kataeb Hezb" + "ollah said" taken.
    assert variants.find(text, [(12, 20)])[0].start == 26


def _texts(*pieces: str, max_size: int = 16) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(pieces), max_size=max_size).map("".join)


@settings(max_examples=400, deadline=None)
@given(_texts(" ", "  ", "al ", "bin ", "Abu ", "al-", "Kadhimi ", "Mahdi", "the ", "-", "’", "\n"))
def test_name_runs_are_trimmed_as_before(text: str) -> None:
    assert name_tokens(text) == reference_name_tokens(text)


@settings(max_examples=300, deadline=None)
@given(
    _texts(" ", "  ", "\n", ". ", ": ", "al-", "The ", "On ", "Monday ", "Analyst ", "Kataib ",
           "Layla ", "Haddad", "Abu ", "bin ", "the ", "said ", "Iranian-backed ", "'s ", "of ",
           "Forum ", "Sayyid "),
)  # fmt: skip
@example("Kataib The al-The ")  # a function word before a nisba is no name's word (CI found it)
def test_whole_names_are_words_of_the_runs_in_order(text: str) -> None:
    # New-entity candidates' names (which replaced the runs trimmed by NOT_NAMES):
    # whole names are runs of the text's capitalised words, in order, never
    # overlapping, cut at function words, starting and ending with a capital.
    words = {(s, e) for run in name_tokens(text) for s, e, _ in run}
    ends = {e for _, e in words}
    last = -1
    for name in whole_names(text):
        assert last <= name.start < name.end <= len(text)
        last = name.end
        assert text[name.start][:1].isupper() or text[name.start : name.start + 3] in ("al-",)
        for s, e in name.words:
            assert any(s == ws and e <= we for ws, we in words), (text, s, e)
            assert text[s:e].casefold() not in STOP or text[s:e].isupper()
        assert name.words[-1][1] in ends or text[name.words[-1][1] :].startswith(("'s", "’s", "'"))


@settings(max_examples=400, deadline=None)
@given(
    _texts(
        ".", "!", "?", " ", "\n", "a", "said", "will", "is to", "Is  due\nto", "won't", "é", "-"
    ),
    st.data(),
)
def test_the_future_tense_is_found_in_the_same_sentence_as_before(
    text: str, data: st.DataObject
) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    found = Found(start, end, text[start:end], "publication")
    sentences = _Sentences(text)
    bounds = sentences.bounds(found)
    assert (text[slice(*bounds)], sentences.future(found)) == reference_future(text, found)


@settings(max_examples=400, deadline=None)
@given(_texts(" ", "   ", "\n", "\t", "a", "b.", "(", ")", "[", "]", "(photo: AP)", "[Photo x]",
              "(image credit: ", "photo", ":"), st.data())  # fmt: skip
def test_a_trailing_credit_is_found_where_it_was(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    start, end = segment_module._strip(text, start, end)  # as segment() calls it
    new = segment_module._TRAILING_CREDIT.search(text, start, end)
    old = _OLD_TRAILING_CREDIT.search(text, start, end)
    assert (new and (new.span(), new.span(1))) == (old and (old.span(), old.span(1)))


def test_a_credit_after_a_long_run_of_spaces_is_still_its_own_paragraph() -> None:
    # Each space of the run once started a credit's "\s+" that rescanned the run.
    text = "Baghdad" + " " * 5_000 + "(photo credit: AP)"
    assert [(s.start, s.end) for s in segment_module.segment(text)] == [(0, 7), (5_007, 5_025)]


_KINDS: tuple[ParagraphKind | None, ...] = (None, None, None, "caption", "credit", "body")


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_KINDS), st.booleans(), st.booleans()), max_size=20))
def test_captions_spread_from_their_neighbours_as_before(
    paragraphs: list[tuple[ParagraphKind | None, bool, bool]],
) -> None:
    kinds = [k for k, _, _ in paragraphs]
    joined = [j for _, j, _ in paragraphs]
    alt = [a for _, _, a in paragraphs]
    expected = list(kinds)
    reference_spread(expected, joined, alt)
    _spread_captions(kinds, joined, alt)
    assert kinds == expected


# The guard: a 5 MB article written as one line, full of names, dates and
# names dossier does not know, ending in a long run of spaces and a long
# stretch with no full stop; and an article made of a long list of short
# lines under a caption. Checked and built in a fresh process: each once took
# minutes or hours.

_SENTENCE = (
    "Kataib Hezbollah fighters were seen near the airport road in Baghdad on Thursday, and "
    "officials said the talks with Mustafa al-Kazimi will continue; Layla Haddad, who reported "
    "from the city for years, said KH had changed little since the raid. "
    # Plain words between the names: a long text is mostly that.
    + "the river rose slowly and the traders went on selling bread, tea, rice and fruit to the "
    "people who passed along the old street, as they had done for as long as anyone in the "
    "neighbourhood could remember, whatever the news; the buses came and went in the heat, "
    "the children walked to school in small groups, and the shops near the bridge opened "
    "their shutters one after another while the smell of fresh bread drifted over the crowded "
    "pavements and the sound of traffic rose over the rooftops of the city. "
)
_UNSTOPPED = "on Thursday Kadhimi will say, a day later, "
_CHECK_AND_BUILD = """
import json, sys
import store
report = store.check(sys.argv[1])
built = store.build(sys.argv[1], sys.argv[2])
print(json.dumps({"errors": [str(e) for e in report.errors], "checked": report.counts,
                  "built": dict(built.meta.counts)}))
"""


def _add_article(corpus: Path, article_id: str, text: str) -> None:
    (corpus / "articles" / f"{article_id}.txt").write_text(text, encoding="utf-8")
    with (corpus / "articles.toml").open("a", encoding="utf-8") as toml:
        toml.write(
            f'\n[[article]]\nid = "{article_id}"\nfile = "articles/{article_id}.txt"\n'
            f'outlet = "Long Line Wire"\ntitle = "{article_id}"\nauthor = ""\n'
            'published = 2020-07-02\npublished_precision = "exact"\nurl = ""\nlanguage = "en"\n'
        )


def test_a_5_mb_one_line_article_is_checked_and_built_in_time(
    corpus_copy: Path, tmp_path: Path
) -> None:
    size = 5_000_000
    tail = " " * 300_000 + _UNSTOPPED * 4_000
    body = (_SENTENCE * (size // len(_SENTENCE) + 1))[: size - len(tail)]
    text = body[: body.rfind(". ") + 2] + tail.rstrip() + "\n"
    assert len(text.encode()) > 4_900_000 and text.count("\n") == 1
    _add_article(corpus_copy, "one-line", text)
    lines = "".join(f"Layla Haddad at the market, {n}\n" for n in range(12_000))
    _add_article(corpus_copy, "many-lines", f"{_SENTENCE * 2}\n\n{lines}FILE - Baghdad\n")
    try:
        done = subprocess.run(
            [sys.executable, "-c", _CHECK_AND_BUILD, str(corpus_copy), str(tmp_path / "s.json")],
            capture_output=True,
            text=True,
            timeout=60,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("checking and building a 5 MB one-line article took over 60 s")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["errors"] == []
    sentences = body.count("Thursday")
    assert sentences > 5_000
    # Every sentence links Kataib Hezbollah, Baghdad, Mustafa al-Kazimi (automatically: a
    # search-only spelling) and KH, and dates "Thursday"; so does the tail.
    for counts in (result["checked"], result["built"]):
        assert counts["mentions"] >= 4 * sentences + 4_000
        assert counts["timexes"] >= sentences + 4_000
        assert counts["paragraphs.caption"] >= 12_000


@settings(max_examples=500, deadline=None)
@given(_texts("a", "b", " ", "  ", "\n", "word ", "\t", max_size=20), st.data())
def test_a_snippet_is_cut_where_it_was(text: str, data: st.DataObject) -> None:
    # Spans as Searcher._spans gives them: sorted and disjoint (cut points, paired).
    cuts = sorted(data.draw(st.lists(st.integers(0, len(text)), max_size=16)))
    spans = list(zip(cuts[::2], cuts[1::2], strict=False))
    width = data.draw(st.integers(1, 24))
    assert Searcher._cut(text, spans, width) == reference_cut(text, spans, width)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.lists(st.integers(0, 30), max_size=8).map(sorted), max_size=4))
def test_proximity_is_what_it_was(positions: list[list[int]]) -> None:
    assert Searcher._proximity(positions) == reference_proximity(positions)
