"""Event candidates: what the user's own articles say happened, and when.

Events exist where someone wrote them in ``events.toml``; the user's own
articles have none. Yet their dates are resolved (:mod:`store.ingest.dating`)
and their names linked (:mod:`store.ingest.context`). So, in every article
the annotations do not quote, each sentence that gives a resolved date and
names at least one entity or new-entity candidate proposes an event:

* its **date**: the date expression nearest the word that says what
  happened, with its precision, the words it came from and the rule used;
* its **evidence**: the sentence, anchored like every quote (paragraph and
  offsets, with a ``prefix`` or ``suffix`` when the words occur more than
  once in the article);
* its **participants**: the entities and candidates the sentence names;
* its **type**, guessed from its verbs first ("shot dead": killing,
  "raided": raid, "said": statement), then its nouns ("the attack");
* a short **title**: the sentence without its date phrase and attribution.

The article's main event is the proposal that scores best: what happened
(a killing outweighs a statement), in its opening paragraphs, dated to the
day (what is dated only to a year is background: "killed a year ago").
:func:`group` then makes near-identical proposals from several sentences or
articles one candidate with several sources: the same type, dates that agree
(one contains the other), a participant in common.

Everything but :func:`group` is a function of one article, so that a worker
process can run it; at most :data:`MAX_PER_ARTICLE` sentences of an article
are proposed (a whole book pasted as one article must not propose
thousands).
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz

from ..dates import value_period
from ..fold import fold
from ..model import EVENT_WEIGHT
from .context import PROPOSED_IN, ParagraphReading
from .dating import Dated

#: Sentences of one article proposed at most.
MAX_PER_ARTICLE = 300
#: Characters a title keeps at most.
TITLE_MAX = 90
#: Participants an event candidate keeps at most (the most named).
MAX_PARTICIPANTS = 12
#: Characters of a sentence read at most (around its date), for its type and title.
LONGEST = 1_200

# What happened, from the verbs that say it (then from nouns), most telling first.
_TYPES: tuple[tuple[str, str, str], ...] = (
    ("killing",
     r"killed|kills|assassinated|assassinates|murdered|slain|executed|shot\s+dead|gunned\s+down|"
     r"beheaded|died|dies",
     r"killing|killings|assassination|murder|death"),
    ("attack",
     r"attacked|struck|shelled|bombed|targeted|fired|detonated|ambushed|exploded|hit",
     r"attack|attacks|strike|strikes|rocket|rockets|bombing|explosion|blast|drone|ambush"),
    # Protesters storming an office is a protest, not a raid: they count as a verb.
    ("protest", r"protested|demonstrated|rallied|marched|protesters|demonstrators|gathered",
     r"protest|protests|demonstration|demonstrations|rally|sit-in"),
    ("raid", r"raided|stormed|storms", r"raid|raids"),
    ("arrest", r"arrested|detained|detains|captured|captures|apprehended|abducted|kidnapped",
     r"arrest|arrests|detention|abduction|kidnapping"),
    ("release", r"released|releases|freed|frees|set\s+free", r"release"),
    ("seizure", r"seized|seizes|confiscated", r"seizure"),
    ("parade", r"paraded", r"parade|parades"),
    ("transfer", r"transferred|handed\s+over", r"transfer"),
    ("sanction", r"sanctioned|blacklisted|designated", r"sanctions"),
    ("appointment", r"appointed|nominated|sworn\s+in", r"appointment"),
    ("resignation", r"resigned|stepped\s+down", r"resignation"),
    ("founding", r"founded|formed|established", r"founding"),
    ("visit", r"visited|visits|toured|tours|travelled|traveled|flew|returned", r"visit|trip"),
    ("meeting", r"met|meets|hosted|hosts|summoned|summons", r"meeting|summit"),
    ("commemoration", r"commemorated|commemorates|mourned|mourns",
     r"anniversary|funeral|funerals|memorial|commemoration"),
    ("talks", r"negotiated", r"talks|negotiations"),
    ("accusation", r"accused|accuses|blamed|blames", r"accusation|accusations"),
    ("policy", r"ordered|orders|decided|approved|banned|bans|decreed|dismissed|dismisses|sacked|"
     r"sacks",
     r"decision|decree|order|dismissal"),
    ("statement",
     r"said|says|stated|announced|declared|warned|vowed|condemned|denied|told|urged|claimed|"
     r"confirmed|insisted|added|wrote|tweeted|threatened|promised|pledged|demanded|called|"
     r"criticised|criticized|criticises|criticizes|denounced|slammed|praised|welcomed|rejected",
     r"statement|speech|interview"),
    ("report", r"reported", r"report"),
    ("photo", r"pictured|photographed", r"photo"),
)  # fmt: skip
#: What only reports that something happened ("said", "reported").
_REPORTING = frozenset({"statement", "report"})
#: How far before its date a noun may be and still be what the date is of ("the attack on").
_ATTACHED = 12
#: The kinds, most telling first; each table as words (or pairs of words: "shot dead")
#: and the rank of their kind, looked up word by word (one pass over a sentence).
_KINDS = tuple(kind for kind, _, _ in _TYPES)


def _table(column: int) -> dict[str, int]:
    words: dict[str, int] = {}
    for rank, row in enumerate(_TYPES):
        for word in row[column].split("|"):
            words.setdefault(word.replace(r"\s+", " "), rank)
    return words


_VERBS = _table(1)
_NOUNS = _table(2)
_WORD = re.compile(r"[A-Za-z][A-Za-z-]*")
#: Just before a verb: it says what came before ("after he was arrested", "hours after
#: a volley of Katyusha rockets struck"), or what an earlier event did ("air strikes
#: that killed 25").
_EARLIER = re.compile(
    r"(?i)(?:\b(?:after|before|since|following|until|having)\s+(?:[\w’'-]+\s+){0,6}"
    r"|\b(?:that|which|who)\s+(?:had\s+|have\s+|has\s+|were\s+|was\s+)?)$"
)
#: Just before a verb: it names, it does not report ("in what the military called").
_NAMING = re.compile(r"(?i)\bwhat\s+(?:[\w’'-]+\s+){0,3}$")
#: Just before a noun: it is what is remembered ("the anniversary of the killing").
_REMEMBERED = re.compile(
    r"(?i)\b(?:anniversary|memory|commemoration|remembrance)\s+of\s+(?:the\s+)?$"
)
#: Just after an order: what it is an order of ("ordered the release").
_GOVERNED = re.compile(r"(?i)\s+(?:the\s+|a\s+|an\s+|his\s+|her\s+|their\s+)?([a-z-]+)\b")


def _found(table: dict[str, int], words: list[re.Match[str]]) -> list[tuple[int, int, int]]:
    """Every word (or pair) of a table in the sentence: ``(rank, start, end)``."""
    found = []
    for i, m in enumerate(words):
        word = m.group().lower()
        if i + 1 < len(words):
            pair = f"{word} {words[i + 1].group().lower()}"
            if pair in table:
                found.append((table[pair], m.start(), words[i + 1].end()))
                continue
        if word in table:
            found.append((table[word], m.start(), m.end()))
    return found


#: How much the precision of its date counts: the news is dated to the day; what is
#: dated only to a year ("a year ago", "in 2019") is background.
PRECISION_WEIGHT = {"day": 1, "week": 0, "month": 0, "year": -2, "decade": -3}

_ABBREVIATIONS = frozenset(
    "mr mrs ms dr gen col lt sgt st jr sr no prof rep sen gov maj capt brig u.s u.n u.k a.m "
    "p.m e.g i.e vs etc inc co corp ltd jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
_STOP = re.compile(r"[.!?]+[\"”’')\]]*(?=\s|$)")
_ATTRIBUTION = re.compile(
    r",\s*(?:according\s+to\s+[^.;]{1,80}"
    r"|(?:[^,.;]{1,60},\s*){0,2}[^,.;]{0,60}?\b(?:said|says|told\s+[\w’'-]+|reported|added))"
    r"\s*[.!?\"”]*$",
    re.I,
)
_SAID_BETWEEN = re.compile(r",\s*[^,.;]{1,60}\b(?:said|says|reported),\s*", re.I)
_APPOSITION = re.compile(r",\s+(?:a|an|the|who|whose|which)\b[^,;]{1,100},\s*")
_DATELINE = re.compile(
    r"^[*_]*[A-Z][A-Za-z .,’'-]{1,40}[*_]*(?:\s*\([^)]{1,30}\))?\s+[—–-]+[*_]*\s+"
)
_BEFORE_DATE = re.compile(
    r"(?i)(?:\b(?:on|in|at|during|since|by|from|until|of|late\s+on|early\s+on|late|early|"
    r"as\s+of)\s*)$"
)
_OPENER = re.compile(r"(?i)^(?:and|but|so|then|meanwhile|however|also|separately)\b,?\s*")


def sentences(text: str) -> list[tuple[int, int]]:
    """The sentences of a paragraph as ``(start, end)``: cut after ``.``, ``!`` or ``?``
    (and the quotes or brackets closing them) before a space, but not after an
    abbreviation ("Mr.", "U.S.") or an initial ("Mohammed A. Salih"), nor before a
    lowercase word."""
    found = []
    start = 0
    for m in _STOP.finditer(text):
        end = m.end()
        if m.group()[0] == ".":
            word = text[max(start, m.start() - 6) : m.start()].rsplit(None, 1)
            last = fold(word[-1]).lstrip("(\"“'‘") if word else ""
            if last in _ABBREVIATIONS or (len(last) == 1 and last.isalpha()):
                continue
        rest = text[end : end + 3].lstrip()
        if rest[:1].islower():
            continue
        if text[start:end].strip():
            found.append(_strip(text, start, end))
        start = end
    if text[start:].strip():
        found.append(_strip(text, start, len(text)))
    return found


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def event_type(
    sentence: str, dates: Sequence[tuple[int, int]] = (), *, headline: bool = False
) -> tuple[str, str, int]:
    """What the sentence says happened, the word that says it and where.

    Its verbs first, the most telling of them ("killed" before "said"); else
    its nouns, the one nearest a date (``dates``, offsets in the sentence):
    "marked the anniversary of the raid with a short statement on Thursday"
    is a statement, made on Thursday. A ``headline`` says it with its first verb
    ("Iraq frees commander detained over rocket plot": a release). ``("other",
    "", -1)`` when nothing says.
    """
    words = list(_WORD.finditer(sentence))
    verbs = _found(_VERBS, words)
    # "the anniversary of the killing": what is remembered is not what happened.
    nouns = [n for n in _found(_NOUNS, words) if not _REMEMBERED.search(sentence, 0, n[1])]
    verbs = [v for v in verbs if not _NAMING.search(sentence, 0, v[1])]
    # "two weeks after he was arrested": what came before is no part of what happened
    # (unless nothing else is).
    verbs = [v for v in verbs if not _EARLIER.search(sentence, 0, v[1])] or verbs
    if verbs:
        if headline:
            verbs = [v for v in verbs if _KINDS[v[0]] not in _REPORTING] or verbs
            rank, start, end = min(verbs, key=lambda v: v[1])
        else:
            rank, start, end = min(verbs)  # the most telling, the first of its kind
        if _KINDS[rank] == "policy":
            # "ordered the release of": the order is of a release.
            governed = _GOVERNED.match(sentence, end)
            if governed is not None:
                object_rank = _NOUNS.get(governed.group(1).lower())
                if object_rank is not None and _KINDS[object_rank] not in _REPORTING:
                    return _KINDS[object_rank], sentence[start : governed.end()], start
        if _KINDS[rank] in _REPORTING:
            # "said nobody was hurt in the attack on December 20": what the date is
            # attached to happened; the saying only reports it.
            for noun_rank, n_start, n_end in sorted(nouns):
                if _KINDS[noun_rank] not in _REPORTING and any(
                    0 <= s - n_end <= _ATTACHED for s, _ in dates
                ):
                    return _KINDS[noun_rank], sentence[n_start:n_end], n_start
        return _KINDS[rank], sentence[start:end], start
    if not nouns:
        return "other", "", -1

    def distance(item: tuple[int, int, int]) -> tuple[int, int, int]:
        rank, start, end = item
        near = min((min(abs(s - end), abs(start - e)) for s, e in dates), default=0)
        return near, rank, start

    rank, start, end = min(nouns, key=distance)
    return _KINDS[rank], sentence[start:end], start


def title_of(sentence: str, date_start: int, date_end: int) -> str:
    """A short title: the sentence without its date phrase and attribution, cut at a
    word near :data:`TITLE_MAX` characters."""
    dateline = _DATELINE.match(sentence)
    if dateline is not None and dateline.end() <= date_start:
        cut = dateline.end()
        sentence, date_start, date_end = sentence[cut:], date_start - cut, date_end - cut
    before = _BEFORE_DATE.sub("", sentence[:date_start]).rstrip(" ,")
    after = sentence[date_end:].lstrip()
    if not before:
        after = after.lstrip(" ,")
    joiner = " " if before and after and after[0] not in ",.;:!?" else ""
    text = " ".join((before + joiner + after).split())
    text = _OPENER.sub("", _DATELINE.sub("", text))  # a dateline after the date, too
    for pattern, by in ((_SAID_BETWEEN, ", "), (_APPOSITION, " "), (_ATTRIBUTION, "")):
        shorter = pattern.sub(by, text).strip(" ,;:")
        if len(shorter.split()) >= 3:
            text = shorter
    text = text.strip(' ,;:.!?"“”')
    if len(text) > TITLE_MAX:
        text = text[:TITLE_MAX].rsplit(" ", 1)[0].rstrip(",;: ") + "…"
    return text[:1].upper() + text[1:]


@dataclass(frozen=True, slots=True)
class ArticleText:
    """What proposing needs to know of the article itself."""

    id: str
    text: str
    """The article file's text (a quote must be unique in it, or carry a prefix)."""
    starts: Mapping[str, int]
    """Paragraph id -> offset of the paragraph in ``text``."""


def _anchor(article: ArticleText, paragraph_id: str, start: int, end: int) -> tuple[str, str]:
    """A ``prefix`` or ``suffix`` that makes the quote at ``start:end`` of the paragraph
    unique in the article (``("", "")`` when it already is; as much as the paragraph
    allows when it cannot be)."""
    text, base = article.text, article.starts[paragraph_id]
    quote = text[base + start : base + end]
    if text.count(quote) <= 1:
        return "", ""
    for size in (16, 32, 64, 128):
        prefix = text[max(base, base + start - size) : base + start]
        if text.count(prefix + quote) <= 1:
            return prefix, ""
        suffix = text[base + end : base + end + size]
        if "\n" not in suffix and text.count(quote + suffix) <= 1:
            return "", suffix
    return text[max(base, base + start - 128) : base + start], ""


def propose(
    article: ArticleText,
    paragraphs: Sequence[ParagraphReading],
    dated: Mapping[str, Sequence[Dated]],
    types: Mapping[str, str],
) -> list[dict[str, Any]]:
    """The events one article's sentences propose (see the module's docstring), as
    rows of the ``proposals`` table before grouping; the main one is marked."""
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    reporting = 0
    headline = next((p.text for p in paragraphs if p.kind == "headline"), "")
    # What the headline says happened.
    told = event_type(headline, headline=True)[0] if headline else "other"
    for p in paragraphs:
        if p.kind not in PROPOSED_IN or p.duplicate:
            continue
        reporting += p.kind == "body"
        dates = dated.get(p.id, ())
        if not dates:
            continue
        # Each sentence finds its dates, mentions and names by binary search: a long
        # paragraph must not cost sentences times mentions.
        date_starts = [d.start for d in dates]
        mentions = [m for m in p.mentions if not m.adjective]
        mention_starts = [m.start for m in mentions]
        names = sorted(p.names, key=lambda n: n.start)
        name_starts = [n.start for n in names]
        dateline = _DATELINE.match(p.text)  # "BAGHDAD (Reuters) -": no participants
        opening = dateline.end() if dateline else 0
        for number, (s_start, s_end) in enumerate(sentences(p.text)):
            if len(rows) >= MAX_PER_ARTICLE:
                break
            lo, hi = bisect_left(date_starts, s_start), bisect_left(date_starts, s_end)
            inside = [d for d in dates[lo:hi] if d.end <= s_end]
            if not inside:
                continue
            sentence = p.text[s_start:s_end]
            if sentence in seen:
                continue  # the same sentence again (a long text repeating itself)
            seen.add(sentence)
            found = [
                ("entity", m.entity_id, "", m.start)
                for m in mentions[
                    bisect_left(mention_starts, s_start) : bisect_left(mention_starts, s_end)
                ]
                if m.end <= s_end and m.start >= opening
            ] + [
                ("name", n.key, p.text[n.start : n.end], n.start)
                for n in names[bisect_left(name_starts, s_start) : bisect_left(name_starts, s_end)]
                if n.end <= s_end and n.start >= opening
            ]
            row = _proposal(article, p, s_start, s_end, inside, found, types)
            if row is not None:
                # The main event: what happened (as the headline says, if it says), in the
                # opening sentences, dated to the day, naming someone.
                row["score"] += (
                    (3 if reporting <= 1 else 2 if reporting == 2 else 0)
                    + (1 if number == 0 else 0)
                    + (2 if row["type"] == told != "other" else 0)
                )
                rows.append(row)
    if rows:
        best = max(range(len(rows)), key=lambda i: (rows[i]["score"], -i))
        rows[best]["main"] = True
    return rows


def _proposal(
    article: ArticleText,
    p: ParagraphReading,
    start: int,
    end: int,
    dates: Sequence[Dated],
    found: Sequence[tuple[str, str, str, int]],
    types: Mapping[str, str],
) -> dict[str, Any] | None:
    if end - start > LONGEST:
        # A "sentence" with no full stop for pages: read it around its first date.
        start = max(start, dates[0].start - LONGEST // 2)
        end = min(end, start + LONGEST)
        dates = [d for d in dates if start <= d.start and d.end <= end] or dates[:1]
        found = [f for f in found if start <= f[3] < end]
    sentence = p.text[start:end]
    participants: dict[tuple[str, str], list[Any]] = {}
    for kind, ident, surface, at in sorted(found, key=lambda f: f[3]):
        participants.setdefault((kind, ident), [kind, ident, surface, at])
    if not participants:
        return None
    kind, trigger, at = event_type(sentence, [(d.start - start, d.end - start) for d in dates])
    at = start + (at if at >= 0 else 0)
    chosen = min(
        dates,
        key=lambda d: (
            min(abs(d.start - at), abs(d.end - at)),
            _FINER.get(d.resolution.precision, 9),
        ),
    )
    r = chosen.resolution
    # A quote must lie within one line of the file: a hard-wrapped sentence is cut
    # to the line that holds its date.
    q_start, q_end = start, end
    if "\n" in sentence:
        line_start = p.text.rfind("\n", start, chosen.start) + 1
        line_end = p.text.find("\n", chosen.end, end)
        q_start, q_end = max(start, line_start), end if line_end < 0 else line_end
    prefix, suffix = _anchor(article, p.id, q_start, q_end)
    score = (
        EVENT_WEIGHT.get(kind, 0)
        + PRECISION_WEIGHT.get(r.precision, -2)
        + min(len(participants), 2)
    )
    return {
        "article": article.id,
        "paragraph": p.id,
        "start": q_start,
        "end": q_end,
        "quote": p.text[q_start:q_end],
        "prefix": prefix,
        "suffix": suffix,
        "date": {
            "start": chosen.start,
            "end": chosen.end,
            "phrase": p.text[chosen.start : chosen.end],
            "value": r.value,
            "precision": r.precision,
            "rule": r.rule,
            "reference": chosen.reference,
            "estimated": chosen.estimated,
            "ambiguous": r.ambiguous,
        },
        "type": kind,
        "trigger": trigger,
        "title": title_of(sentence, chosen.start - start, chosen.end - start),
        "participants": [v for v in sorted(participants.values(), key=lambda v: v[3])],
        "places": [
            v[1] for v in participants.values() if v[0] == "entity" and types.get(v[1]) in _PLACES
        ],
        "score": score,
        "main": False,
    }


_FINER = {"day": 0, "week": 1, "month": 2, "year": 3, "decade": 4}
#: What the store keeps of each source of an event candidate.
_STORED = frozenset(
    {"article", "paragraph", "start", "end", "prefix", "suffix", "date", "type", "trigger",
     "title", "main"}
)  # fmt: skip
_PLACES = frozenset({"place", "facility"})


# Grouping, across the corpus ---------------------------------------------------


def _period(value: str) -> tuple[dt.date, dt.date] | None:
    return value_period(value)


def _agree(a: str, b: str) -> bool:
    """Two dates agree when one contains the other."""
    pa, pb = _period(a), _period(b)
    if pa is None or pb is None:
        return a == b
    return (pa[0] <= pb[0] and pb[1] <= pa[1]) or (pb[0] <= pa[0] and pa[1] <= pb[1])


#: Least similarity (0-100) of two titles for dates that only contain one another.
SIMILAR_TITLES = 55.0


def _same_event(grouped: dict[str, Any], row: dict[str, Any]) -> bool:
    """Whether a sentence proposes the event a group holds (the type and a participant
    are shared already): the same date, or one date inside the other ("last Thursday"
    and "late December") when the sentences say much the same."""
    ours, theirs = grouped["date"]["value"], row["date"]["value"]
    if ours == theirs:
        return True
    if not _agree(ours, theirs):
        return False
    title = grouped["rows"][0]["title"]
    return fuzz.token_set_ratio(title, row["title"]) >= SIMILAR_TITLES


def _slug(text: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", fold(text).replace("'", "")))


def group(
    rows: Iterable[dict[str, Any]],
    *,
    dismissed_ids: frozenset[str] = frozenset(),
    taken_ids: frozenset[str] = frozenset(),
    names: Mapping[str, str] | None = None,
    types: Mapping[str, str] | None = None,
) -> list[dict[str, Any]]:
    """Near-identical proposals as one candidate each, with its sources: the same
    type, dates that agree, a participant in common (a place counts only when
    neither names anyone else). ``names`` gives display names (entity id or
    candidate key -> name) for the ids; ``taken_ids`` are ids events already
    have; a candidate whose id is in ``dismissed_ids`` is left out. ``types`` (entity
    id -> type) puts people, organisations and candidates before things and places
    among the participants (the first names the candidate's id)."""
    names = names or {}
    types = types or {}
    groups: list[dict[str, Any]] = []
    by_participant: dict[tuple[str, str, int], list[int]] = {}
    for row in rows:
        first = _period(row["date"]["value"])
        found: int | None = None
        year = first[0].year if first else 0
        keys = [
            (row["type"], f"{kind}:{ident}", year)
            for kind, ident, _, _ in row["participants"]
            if kind == "name" or ident not in row["places"]
        ] or [(row["type"], f"entity:{ident}", year) for ident in row["places"]]
        for key in keys:
            for index in reversed(by_participant.get(key, [])[-50:]):
                if _same_event(groups[index], row):
                    found = index
                    break
            if found is not None:
                break
        if found is None:
            groups.append({"rows": [row], "date": dict(row["date"])})
            found = len(groups) - 1
        else:
            grown = groups[found]
            grown["rows"].append(row)
            finer = _FINER.get(row["date"]["precision"], 9)
            if finer < _FINER.get(grown["date"]["precision"], 9):
                grown["date"] = dict(row["date"])
        for key in keys:
            members = by_participant.setdefault(key, [])
            if not members or members[-1] != found:
                members.append(found)
    made: list[dict[str, Any]] = []
    used = set(taken_ids)
    for each in groups:
        candidate = _candidate(each["rows"], each["date"], names, types, used)
        if candidate["id"] in dismissed_ids:
            continue
        made.append(candidate)
    return made


def _candidate(
    rows: list[dict[str, Any]],
    date: dict[str, Any],
    names: Mapping[str, str],
    types: Mapping[str, str],
    used: set[str],
) -> dict[str, Any]:
    counts: Counter[tuple[str, str]] = Counter()
    surfaces: dict[tuple[str, str], str] = {}
    for row in rows:
        for kind, ident, surface, _ in row["participants"]:
            counts[(kind, ident)] += 1
            surfaces.setdefault((kind, ident), surface)
    places = {ident for row in rows for ident in row["places"]}

    def tier(key: tuple[str, str]) -> int:
        kind = types.get(key[1], "person") if key[0] == "entity" else "person"
        return 2 if key[1] in places else 1 if kind in ("other", "media") else 0

    ranked = sorted(counts, key=lambda k: (tier(k), -counts[k]))[:MAX_PARTICIPANTS]
    participants = [
        {
            "kind": kind,
            "id": ident,
            "name": names.get(ident) or surfaces[(kind, ident)] or ident,
            "sources": counts[(kind, ident)],
        }
        for kind, ident in ranked
    ]
    best = max(rows, key=lambda r: (r["score"], -rows.index(r)))
    main = participants[0]["name"] if participants else ""
    base = _slug(f"{date['value']} {best['type']} {main}")[:100].rstrip("-") or "event"
    ident, n = base, 2
    while ident in used:
        ident, n = f"{base}-{n}", n + 1
    used.add(ident)
    # Stored lean: the quote is the paragraph's text between the offsets, and the
    # participants are the candidate's.
    sources = [
        {key: value for key, value in row.items() if key in _STORED}
        for row in sorted(rows, key=lambda r: (r["article"], r["paragraph"], r["start"]))
    ]
    return {
        "id": ident,
        "title": best["title"],
        "type": best["type"],
        "date": date["value"],
        "precision": date["precision"],
        "estimated": all(r["date"]["estimated"] for r in rows),
        "participants": participants,
        "location": next(iter(sorted(places, key=lambda p: -counts[("entity", p)])), None),
        "sources": sources,
        "articles": sorted({r["article"] for r in rows}),
        "main_of": sorted({r["article"] for r in rows if r.get("main")}),
        "score": max(r["score"] for r in rows),
    }
