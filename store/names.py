"""Name-like words in running text: runs of capitalised words, and the whole names in them.

Automatic linking (:mod:`store.ingest.autolink`) compares runs of capitalised
words with the names the knowledge base knows; reading names in context
(:mod:`store.ingest.context`) and the new-entity candidates it records need
the *whole* names those runs hold. Both read names the same way, from here:
capitalised words of the Latin scripts news names are written in, joined by
spaces, with the particles of Arabic names inside them ("Abu Mahdi
al-Muhandis", "Ahmad bin Ali").

A run of capitalised words is not yet a name. :func:`whole_names` cuts it
where a reader would:

* at a possessive ("Tigris Policy Forum's Layla Haddad" holds "Tigris Policy
  Forum" and "Layla Haddad");
* at titles and roles ("Iraqi Prime Minister Mustafa al-Kadhimi", "Analyst
  Layla Haddad"): the title is evidence about the name, not part of it;
* at demonyms and adjectives of places ("Iraqi", "Iranian-backed"), which
  modify a name but are none;
* at function and calendar words a sentence may start with ("On Monday
  Haddad said").

It joins what a run breaks off at "of" and "for" when the words before end in
an organisation word ("Baghdad Centre for Strategic Studies", "Ministry of
Interior"), and keeps the particles of Arabic names. Each whole name comes
with the clues a reader would use to tell a person from an organisation or a
place (:func:`guess_type`): a title before it, "said" after it, an
organisation word in it, a place word, a given name, a kunya.

Everything here is a plain function of one text, in time linear in its
length: a whole book pasted as one paragraph must not take hours.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from .fold import fold

#: Lowercase words that belong inside a name ("Abu Mahdi al-Muhandis").
PARTICLES = frozenset(
    {"al", "el", "abu", "umm", "bin", "ibn", "bint", "ahl", "ul", "ad", "as", "ash", "at", "az"}
)
#: Capitalised words that often start a name ("Kataib Hezbollah", "Saraya ...").
NAME_HEADS = frozenset({"kataib", "harakat", "saraya", "asaib", "jaysh", "liwa", "ahl"})

_PARTICLE = "|".join(sorted(PARTICLES, key=len, reverse=True))
#: Particles that stand as words of their own ("Ahmad bin Ali"; never "as", "at").
_ALONE = "|".join(sorted({"al", "el", "abu", "umm", "bin", "ibn", "bint", "ahl"}, key=len))
_CAP = "A-ZÀ-ÖØ-ÞĀ-Ž"  # capitals of the Latin scripts news names are written in
_TOKEN = rf"(?:(?:{_PARTICLE})[-’']?)?[{_CAP}][\w’'\-]*|(?:{_ALONE})(?![\w’'\-])"
#: A run of name-like words: capitalised, or particles of names, joined by spaces.
_RUN = re.compile(rf"(?<![\w’'\-])(?:{_TOKEN})(?:\s+(?:{_TOKEN}))*")
_PIECE = re.compile(r"\S+")


_ALONE_SET = frozenset(_ALONE.split("|"))


def name_tokens(text: str) -> list[list[tuple[int, int, bool]]]:
    """Runs of name-like words as ``(start, end, capitalised)``, trimmed so that
    each starts and ends with a capitalised word. One regular expression finds
    the runs, so that scanning a long article costs little."""
    runs = []
    for match in _RUN.finditer(text):
        base = match.start()
        run = []
        for piece in _PIECE.finditer(match.group()):
            word = piece.group().rstrip("-’'")  # "al-Muhandis-" is "al-Muhandis"
            if word:
                start = base + piece.start()
                run.append((start, start + len(word), word not in _ALONE_SET))
        # Trimmed by index: popping from the front one by one would be
        # quadratic in a long run of particles ("al al al ...").
        first = next((i for i, (_, _, capital) in enumerate(run) if capital), len(run))
        last = len(run)
        while last > first and not run[last - 1][2]:
            last -= 1
        if first < last:
            runs.append(run[first:last])
    return runs


def name_runs(text: str) -> list[list[tuple[int, int]]]:
    """Runs of name-like words, separated only by spaces: ``[(start, end), ...]``.

    A run never starts or ends with a lowercase particle ("the al" is no name).
    """
    return [[(start, end) for start, end, _ in run] for run in name_tokens(text)]


# The words a reader tells names by -------------------------------------------


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Titles and roles: they cut a run ("Prime Minister Mustafa al-Kadhimi") and say
#: that the name after them is a person's.
TITLES = _words(
    """mr mrs ms miss dr prof sir madam sheikh shaykh sheik sayyid sayed seyed hajji haji hajj
    imam ayatollah mullah cleric president vice prime minister premier secretary general gen
    lt col colonel major maj brigadier commander chief spokesman spokeswoman spokesperson
    deputy ambassador envoy senator sen rep representative lawmaker mp pm king queen prince
    princess emir sultan judge governor mayor speaker chairman chairwoman director head
    leader founder analyst expert researcher scholar journalist reporter correspondent editor
    professor fellow officer captain capt sergeant sgt lieutenant admiral marshal pope
    patriarch bishop rabbi former late acting interim caliph mufti emeritus activist
    secretary-general vice-president ex-president ex-minister commander-in-chief mr. mrs. ms.
    dr. prof. gen. col. lt. sgt. capt. maj. sen. rep."""
)
#: Religious honorifics, which group names hold ("Kataib Sayyid al-Shuhada", "Kataib Imam Ali").
HONORIFICS = frozenset({"sayyid", "sayed", "seyed", "imam", "sheikh", "shaykh", "hajji", "mullah"})
#: Roles written in lower case before a name ("security analyst Hisham al-Hashimi").
ROLES = TITLES | _words(
    """analysts experts official officials adviser advisor aide activist writer author member
    colleague friend father mother brother sister son daughter wife husband cousin uncle
    militant fighter commander spokesman blogger columnist economist historian lawyer
    politician diplomat"""
)
#: Function and calendar words: capitalised only at a sentence start or in a title,
#: never part of a name.
STOP = _words(
    """a an the this that these those his her its their our my your in on at of for to from
    by with and or but as after before since during while when where who whom whose what
    which why how if it he she they we i you me him them us there here then than also yet so
    not no nor all some any each both many most more much other others such only even just
    still already however meanwhile moreover furthermore nevertheless nonetheless instead
    indeed thus therefore hence although though because unless until whether upon into onto
    over under about above below between among against across through throughout within
    without along around near beyond despite following including according like unlike via
    per today yesterday tomorrow tonight now later earlier recently previously currently once
    twice again last next first second third another several few one two three four five six
    seven eight nine ten dozens hundreds thousands neither either every ago is was are were
    be been has have had will would can could should might must does did do not
    monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december sept jan feb mar apr jun jul aug oct
    nov dec year years eve"""
)
#: Common words a sentence may open with before a name ("Gunmen", "Officials").
OPENERS = _words(
    """gunmen officials police witnesses residents sources protesters demonstrators militants
    troops soldiers fighters analysts experts critics supporters security authorities
    lawmakers observers relatives neighbours neighbors friends colleagues mourners doctors
    medics investigators prosecutors judges reports reporting photos video footage images
    unidentified unknown masked armed local"""
)
#: Demonyms and the adjectives of groups: they modify a name but are none.
DEMONYMS = _words(
    """iraqi iraqis iranian iranians syrian syrians lebanese israeli israelis palestinian
    palestinians saudi saudis american americans british briton britons french german germans
    russian russians chinese turkish turks kurdish kurds arab arabs arabic persian persians
    yemeni yemenis jordanian jordanians egyptian egyptians qatari qataris emirati emiratis
    kuwaiti kuwaitis bahraini bahrainis omani omanis libyan libyans afghan afghans pakistani
    pakistanis indian indians european europeans western westerners shiite shiites shi'ite
    shi'ites shia shi'a sunni sunnis christian christians muslim muslims jewish jews yazidi
    yazidis turkmen assyrian assyrians chaldean chaldeans sabean druze alawite alawites
    islamist islamists jihadist jihadists baathist baathists sadrist sadrists"""
)
#: Words that make a demonym-like modifier of a hyphenated word ("Iranian-backed").
_COMPOUND = ("backed", "aligned", "allied", "led", "based", "linked", "affiliated", "funded")
#: Words that end (or head) the names of organisations.
ORG_WORDS = _words(
    """forum centre center institute institution ministry council committee commission office
    department agency authority bureau brigades brigade battalion battalions regiment division
    corps army forces militia movement party front alliance coalition union league association
    federation foundation organization organisation society network group company corporation
    bank fund university college academy school court tribunal parliament assembly congress
    senate government administration cabinet command headquarters service services unit
    observatory programme program initiative campaign trust board directorate secretariat
    mission consortium institute council syndicate guard guards police bloc lists list"""
)
#: Words that end the names of news media.
MEDIA_WORDS = _words("news times post tv television radio channel press gazette herald journal")
#: Words that end the names of facilities.
FACILITY_WORDS = _words(
    """base airport airbase camp prison jail hospital embassy consulate palace mosque shrine
    bridge stadium compound checkpoint hotel port refinery dam crossing complex tower
    residence"""
)
#: Words that end the names of places.
PLACE_WORDS = _words(
    """city province governorate district county region street road avenue square village
    town valley river lake island islands desert mountain mountains plain gulf sea
    neighbourhood neighborhood quarter zone strait peninsula"""
)
#: Words that, alone or together, make no name ("Security Forces", "Government").
GENERIC = _words(
    """government governments forces force security army police military militia militias
    group groups official officials authorities state states people ministry ministries
    parliament court council committee office department service services agency agencies
    command unit units brigade brigades border city province region area zone capital country
    countries national federal central general public popular islamic resistance revolution
    revolutionary republic kingdom united international special intelligence regime
    administration cabinet embassy coalition alliance party parties"""
)
#: Given names common in the news of the region (and a few others), for typing.
GIVEN_NAMES = _words(
    """mohammed muhammad mohammad mohamed mohamad ahmed ahmad ali hassan hasan hussein husain
    hussain husayn omar umar abdullah abdallah abdul abd khalid khaled mahmoud mahmud mustafa
    mostafa ibrahim ismail esmail yusuf youssef yousef jafar jaafar hadi haidar haider hamid
    hamza karim kareem nabil hisham samir sami salim saleem sadiq tariq qais qasem qassem nouri
    nuri adel adil faisal fadel fadhil jalil jamil kamal majid muqtada ammar amir ayad iyad
    ziad zaid zeid nizar wissam wisam basim bassam raed riyad riad salah saleh saad falih fuad
    firas ghazi hamad rashid rasheed waleed walid yasser yasir emad imad mazen mazin osama
    usama akram qusay uday haidar muhsin mohsen reza hossein mehdi mahdi javad kazem kadhim
    abbas aziz rahman rahim sattar jabbar munir nasser nasir sabah safa ihsan layla leila
    laila fatima fatma zainab zaynab maryam mariam noor nour huda rana sara sarah hanan amal
    dalia nadia reem rim aya sana suha lina dina rania rasha shatha zahra hind inas john james
    michael david robert william richard thomas mark paul peter george joseph daniel matthew
    andrew steven stephen brian kevin jason mary patricia linda elizabeth susan jennifer
    jessica karen nancy lisa anna emma donald joe mike antony anthony"""
)
#: Verbs of saying that follow a person's name ("Haddad said").
SAID = _words(
    """said says told added stated explained argued warned noted wrote tweeted claimed
    insisted confirmed denied announced urged believes believed thinks thought estimated
    acknowledged admitted asked replied responded recalled observed commented vowed
    threatened declared condemned called"""
)
_KUNYA = frozenset({"abu", "abou", "umm", "um"})
_ARTICLES = ("al-", "el-", "al ", "el ", "al'", "el'", "al’", "el’")
_POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])$")
_APOSTROPHES = "'’"
_SENTENCE_OPEN = re.compile(r'(?:^|[.!?:;"“”(\[]|\n\n)\s*$')
_CONNECTOR = re.compile(r"\s+(?:of|for|of\s+the|for\s+the)\s+$")
_BEFORE_WORDS = re.compile(r"([\w’'.-]+)[\s,]*$")
_AFTER_SAID = re.compile(r"^,?\s*([a-z]+)\b")
_APPOSITION = re.compile(
    r"^,\s+(?:a|an|the|who\s+is\s+an?|who\s+was\s+an?)\s+((?:[\w-]+[ \t]*){1,5})"
)
_PREPOSITION = re.compile(r"\b(in|at|near|outside|inside|from|across|around)\s+$")
#: A preposition right before a name that says it is a place's ("in Karbala").
PLACE_BEFORE = _PREPOSITION
_ACRONYM = re.compile(r"^\s*\(([A-Z][A-Za-z.&-]{1,9})\)")


def is_modifier(folded: str, extra: frozenset[str] = frozenset()) -> bool:
    """Whether a folded word is a demonym or a demonym-like compound ("iranian-backed",
    "us-led"): it modifies a name and is none. ``extra`` adds the adjectives the
    knowledge base knows."""
    if folded in DEMONYMS or folded in extra:
        return True
    if "-" in folded:
        parts = folded.split("-")
        if parts[0] in ("al", "el"):
            return False  # a nisba is a surname: "al-Iraqi", "al-Masri"
        if parts[-1] in _COMPOUND or any(p in DEMONYMS or p in extra for p in parts):
            return True
        if parts[0] in ("pro", "anti", "non"):
            return True
    return False


_INWORD_APOSTROPHE = re.compile(r"(?<=\w)['’ʼʿ](?=\w)")


def joined_apostrophes(text: str) -> str:
    """``text`` without the apostrophes inside words: a transliteration's mark for
    an ʿayn or a hamza ("Kata'ib", "Khaz'ali", "Asa'ib"), which one source writes
    and another leaves out, so that "Kata'eb" and "Kataeb" are the same word."""
    return _INWORD_APOSTROPHE.sub("", text)


@lru_cache(maxsize=65536)  # names recur, article after article
def name_key(text: str) -> str:
    """How names are compared: folded words, ignoring spaces, hyphens, apostrophes and
    a possessive ("al-Maliki's" and "Al Maliki" are one key, ``"al maliki"``)."""
    folded = _POSSESSIVE.sub("", fold(text).replace("’", "'"))
    return " ".join(re.findall(r"\w+", joined_apostrophes(folded)))


@lru_cache(maxsize=65536)
def bare_key(text: str) -> str:
    """The key of a short form, its article dropped: ``al-Maliki`` gives ``"maliki"``,
    ``Abu Ali`` gives ``"abu ali"``."""
    key = name_key(text)
    for article in ("al ", "el "):
        if key.startswith(article) and len(key) > len(article):
            return key[len(article) :]
    return key


def ranked_spellings(counts: Mapping[str, int]) -> list[str]:
    """The spellings of one name, the one to show first: as the text writes it, not
    as a dateline shouts it ("al-Qaim", not "AL-QAIM"); then the most frequent."""
    return sorted(counts, key=lambda s: (s.isupper(), -counts[s], s))


@lru_cache(maxsize=65536)
def short_keys(name: str, kind: str | None = None) -> frozenset[str]:
    """The short forms a later sentence may use for ``name``: its surname without the
    article ("maliki" for "Nabil al-Maliki"), its kunya ("abu ali" for "Abu Ali
    al-Basri"), and for an organisation the word that heads it ("kataib")."""
    words = name_key(name).split()
    if len(words) < 2:
        return frozenset()
    found = set()
    if words[0] in _KUNYA and len(words) > 2:
        kind = "person"  # a kunya names a person, whatever else was guessed
    if kind in (None, "person"):
        last = words[-1]
        if last not in PARTICLES and words[-2] not in _KUNYA:
            found.add(last)
        elif words[-2] in _KUNYA:
            found.add(f"{words[-2]} {last}")  # "Abu Fadak": a kunya is the short form
        if words[-2] in ("bin", "ibn") and len(words) > 2:
            found.add(f"{words[-2]} {last}")  # "Bin Khalid" for "Ahmed bin Khalid"
        if words[0] in _KUNYA and len(words) > 2:
            found.add(f"{words[0]} {words[1]}")
    if kind in (None, "organization") and words[0] in NAME_HEADS:
        found.add(words[0])
    return frozenset(found)


@dataclass(frozen=True, slots=True)
class WholeName:
    """A whole name in a text: ``text[start:end]``, its words, and the clues to its kind."""

    start: int
    end: int
    words: tuple[tuple[int, int], ...]
    """The capitalised words (and particles) it is made of, possessives left out."""
    clues: tuple[str, ...] = ()
    """What tells its kind, as ``"type:evidence"`` (``"person:title 'analyst' before it"``);
    empty when :func:`whole_names` was asked not to read them (:func:`clues_of` does)."""
    title: str = ""
    """The title right before it, as written ("Prime Minister"), if any."""

    @property
    def capitals(self) -> int:
        """How many words it has (particles standing alone aside)."""
        return len(self.words)


def possessive_end(text: str, start: int, end: int) -> tuple[int, bool]:
    """Where the word ``text[start:end]`` ends once a possessive ('s, ’s, or a bare
    apostrophe after s) is cut off, and whether it had one. Two characters looked
    at: this runs for every capitalised word of every paragraph."""
    last = text[end - 1]
    if last in _APOSTROPHES:
        cut = end - 1
        if cut > start and text[cut - 1] in "sS":
            return cut, True
        return end, False
    if last in "sS" and end - 2 > start and text[end - 2] in _APOSTROPHES:
        return end - 2, True
    return end, False


def opens_sentence(text: str, start: int) -> bool:
    """Whether ``text[start:]`` begins a sentence (or a paragraph, a quote, a bracket)."""
    return bool(_SENTENCE_OPEN.search(text, max(0, start - 8), start))


def whole_names(
    text: str,
    modifiers: frozenset[str] = frozenset(),
    runs: Sequence[Sequence[tuple[int, int, bool]]] | None = None,
    *,
    clues: bool = True,
) -> list[WholeName]:
    """The whole names in ``text``, in order, with the clues to their kinds.

    Runs of capitalised words (:func:`name_tokens`, or ``runs`` when the caller
    already has them) are joined across "of"/"for" after an organisation word,
    then cut at possessives, titles, demonyms (and ``modifiers``, the
    adjectives the knowledge base knows) and function words; a common word
    opening a sentence is left out. Single words are kept (the caller decides
    whether a one-word name is worth proposing). Without ``clues``, the clues
    are left for :func:`clues_of` to read for the names that need them (most
    do not: reading them is most of the cost).
    """
    if runs is None:
        runs = name_tokens(text)
    joined: list[list[tuple[int, int, bool]]] = []
    for run in runs:
        if joined and _joins(text, joined[-1], run):
            joined[-1] = [*joined[-1], *run]
        else:
            joined.append(list(run))
    names: list[WholeName] = []
    for run in joined:
        current: list[tuple[int, int, bool]] = []
        title = ""  # the title just before the name being read ("Prime Minister")
        titles: list[str] = []  # titles read since the last word of a name

        def close() -> None:
            nonlocal current, title
            trimmed = _trimmed(text, current)
            if trimmed:
                whole = WholeName(
                    trimmed[0][0], trimmed[-1][1], tuple((s, e) for s, e, _ in trimmed), (), title
                )
                names.append(replace(whole, clues=clues_of(text, whole)) if clues else whole)
            current, title = [], ""

        in_name = _titles_in_names(text, run)
        portfolio = _portfolio(text, run)
        for i, (start, end, capital) in enumerate(run):
            core_end, possessive = possessive_end(text, start, end)
            folded = fold(text[start:core_end])
            if i < portfolio:
                # "Secretary of State Mike Pompeo": "State" ends the title.
                titles.append(text[start:core_end])
                continue
            if i in in_name or (
                folded in HONORIFICS
                and current
                and fold(text[slice(*current[0][:2])]) in NAME_HEADS
            ):
                # Inside a group's name an honorific is no title ("Kataib Sayyid al-Shuhada").
                current.append((start, core_end, capital))
                if possessive:
                    close()
                continue
            if capital and (folded in TITLES or _all_titles(folded)):
                close()
                titles.append(text[start:core_end])
                continue
            shouted = len(folded) > 1 and text[start:core_end].isupper()  # "US", not "us"
            stop = folded in STOP and not shouted
            if capital and (stop or is_modifier(folded, modifiers)):
                if not stop and current and _nisba_follows(text, run, i):
                    # A demonym between a name's words is one of them ("Mohammed
                    # Shia al-Sudani"), as a nisba after it shows.
                    current.append((start, core_end, capital))
                    continue
                close()
                titles = []
                continue
            if not current:
                title, titles = " ".join(titles), []
            current.append((start, core_end, capital))
            if possessive:
                close()
        close()
    return names


#: Just before a run of capitalised words: a title "of" a portfolio ("Secretary of
#: State Mike Pompeo", "Minister of Interior Othman al-Ghanmi").
_TITLE_OF = re.compile(
    r"(?i)\b(?:secretary|minister|chief|head|director|commander|deputy)\s+of\s+(?:the\s+)?$"
)
#: The portfolios such a title names before the name of its holder.
PORTFOLIOS = _words(
    """state defence defense interior foreign affairs finance oil health justice planning
    electricity education transport trade staff homeland security treasury war"""
)


def _portfolio(text: str, run: Sequence[tuple[int, int, bool]]) -> int:
    """How many words at the start of ``run`` name a title's portfolio (2 for
    "Foreign Affairs" after "Minister of"); 0 when no title "of" comes before."""
    if not run or not _TITLE_OF.search(text, max(0, run[0][0] - 40), run[0][0]):
        return 0
    count = 0
    while count < len(run) - 1 and fold(text[run[count][0] : run[count][1]]) in PORTFOLIOS:
        count += 1
    return count


def _nisba_follows(text: str, run: Sequence[tuple[int, int, bool]], i: int) -> bool:
    """Whether the word after ``run[i]`` is a nisba (a surname with the article:
    "al-Sudani")."""
    if i + 1 >= len(run):
        return False
    start, end, _ = run[i + 1]
    return fold(text[start:end]).startswith(("al-", "el-"))


#: Words that end the names of institutions: a title just before one is part of
#: the name ("Muhandis General Company", "the Prime Minister Office").
_INSTITUTION_ENDS = ORG_WORDS | FACILITY_WORDS | MEDIA_WORDS


def _titles_in_names(text: str, run: Sequence[tuple[int, int, bool]]) -> frozenset[int]:
    """The places in ``run`` of titles that are words of an institution's name: a
    title (or several) followed at once by the word that ends such a name
    ("General" in "Muhandis General Company", not in "General Qassem Soleimani"
    nor in "Hezbollah Secretary General Hassan Nasrallah")."""
    found: set[int] = set()
    i = 0
    while i < len(run):
        j = i
        while j < len(run) and run[j][2] and _is_title(text, run[j]):
            j += 1
        if j > i and j < len(run) and run[j][2]:
            start, end, _ = run[j]
            if fold(text[start : possessive_end(text, start, end)[0]]) in _INSTITUTION_ENDS:
                found.update(range(i, j))
        i = j + 1
    return frozenset(found)


def _is_title(text: str, word: tuple[int, int, bool]) -> bool:
    start, end, _ = word
    core_end, possessive = possessive_end(text, start, end)
    folded = fold(text[start:core_end])
    return not possessive and (folded in TITLES or _all_titles(folded))


def _all_titles(folded: str) -> bool:
    parts = folded.split("-")
    return len(parts) > 1 and all(p in TITLES for p in parts)


def _joins(
    text: str, left: Sequence[tuple[int, int, bool]], right: Sequence[tuple[int, int, bool]]
) -> bool:
    """Whether two runs are one organisation's name across "of" or "for"
    ("Baghdad Centre for Strategic Studies", "Ministry of Interior")."""
    between = text[left[-1][1] : right[0][0]]
    if len(between) > 12 or not _CONNECTOR.match(between + " "):
        return False
    last = fold(text[left[-1][0] : left[-1][1]])
    first = fold(text[right[0][0] : right[0][1]])
    return last in ORG_WORDS and first not in STOP and first not in TITLES


def _trimmed(text: str, words: list[tuple[int, int, bool]]) -> list[tuple[int, int, bool]] | None:
    """The words without particles at either end, nor a common word opening a sentence."""
    first, last = 0, len(words)
    while first < last and not words[first][2]:
        first += 1
    while last > first and not words[last - 1][2]:
        last -= 1
    if first < last:
        start, end, _ = words[first]
        folded = fold(text[start:end])
        if (folded in OPENERS or (folded.endswith("ly") and len(folded) > 4)) and opens_sentence(
            text, start
        ):
            first += 1
            while first < last and not words[first][2]:
                first += 1
    return words[first:last] if first < last else None


def clues_of(text: str, name: WholeName) -> tuple[str, ...]:
    """What tells the kind of ``name`` in ``text``, as ``"type:evidence"``: a title or
    role before it, an organisation, media, facility or place word in it, a group's
    head word, a kunya, a given name, a particle, "said" after it, an apposition."""
    words, title = name.words, name.title
    start, end = name.start, name.end
    folded = [fold(text[s:e]) for s, e in words]
    clues: list[str] = []
    if title:
        clues.append(f"person:title '{title}' before it")
    last = folded[-1].split("-")[-1]
    if last in ORG_WORDS:
        clues.append(f"organization:organisation word '{text[words[-1][0] : words[-1][1]]}'")
    elif last in MEDIA_WORDS and len(words) > 1:
        clues.append(f"media:media word '{text[words[-1][0] : words[-1][1]]}'")
    elif last in FACILITY_WORDS and len(words) > 1:
        clues.append(f"facility:facility word '{text[words[-1][0] : words[-1][1]]}'")
    elif last in PLACE_WORDS and len(words) > 1:
        clues.append(f"place:place word '{text[words[-1][0] : words[-1][1]]}'")
    else:
        inner = next((w for w in folded[:-1] if w in ORG_WORDS), None)
        if inner is not None:
            clues.append(f"organization:organisation word '{inner}'")
    head = folded[0].split("-")[0]
    if head in NAME_HEADS:
        clues.append(f"organization:'{text[words[0][0] : words[0][1]]}' heads group names")
    if head in _KUNYA and len(words) > 1:
        clues.append(f"person:kunya '{text[words[0][0] : words[0][1]]}'")
    elif head in GIVEN_NAMES and len(words) > 1:
        clues.append(f"person:given name '{text[words[0][0] : words[0][1]]}'")
    if len(words) > 1 and any(w.startswith(("al-", "al’", "al'", "bin", "ibn")) for w in folded):
        clues.append("person:particle in it")
    if not title:
        before = text[max(0, start - 40) : start]
        word = _BEFORE_WORDS.search(before)  # "analyst Hisham", "the ambassador, Iraj"
        role = fold(word[1].rstrip(".,")) if word else ""
        preposition = _PREPOSITION.search(before)
        if role in ROLES:
            clues.append(f"person:'{role}' before it")
        elif preposition:
            clues.append(f"place:'{preposition[1]}' before it")
    after = text[end : end + 60]
    said = _AFTER_SAID.match(after)
    if said and said[1] in SAID:
        clues.append(f"person:'{said[1]}' after it")
    apposition = _APPOSITION.match(after)
    for noun in apposition[1].lower().split() if apposition else ():
        if noun in ROLES:
            clues.append(f"person:apposition '{noun}'")
        elif noun in ORG_WORDS or noun in ("militia", "group", "organisation", "organization"):
            clues.append(f"organization:apposition '{noun}'")
        elif noun in PLACE_WORDS or noun in ("town", "city", "village", "country"):
            clues.append(f"place:apposition '{noun}'")
        else:
            continue
        break
    return tuple(clues)


def acronym_after(text: str, name: WholeName) -> tuple[int, int] | None:
    """Where an acronym in brackets right after the name is ("Baghdad Operations
    Command (BOC)"): a short form later sentences may use."""
    m = _ACRONYM.match(text, name.end, min(len(text), name.end + 14))
    return None if m is None else m.span(1)


#: How much each kind of clue counts when the clues disagree.
_WEIGHTS = {
    "title": 3,
    "organisation word": 3,
    "heads group names": 3,
    "media word": 3,
    "facility word": 3,
    "place word": 3,
    "apposition": 3,
    "kunya": 2,
    "given name": 2,
    "before it": 2,
    "particle in it": 1,
    "after it": 1,
}


def clue_weight(clue: str) -> int:
    """How much a clue (``"type:evidence"``) counts."""
    evidence = clue.partition(":")[2]
    if evidence.startswith("'") and evidence.endswith("before it"):
        # "'in' before it" (a preposition) is weak; "'analyst' before it" (a role) is not.
        return 1 if evidence.split("'")[1] in ("in", "at", "near", "from", "outside",
                                                "inside", "across", "around") else 2  # fmt: skip
    for kind, weight in _WEIGHTS.items():
        if kind in evidence:
            return weight
    return 1


def guess_type(clues: Iterable[str]) -> tuple[str | None, tuple[str, ...]]:
    """The kind of entity the clues point to (``person``, ``organization``, ``place``,
    ``facility``, ``media``; ``None`` without clues) and the evidence for it, the
    strongest first. Clues seen several times count several times."""
    score: Counter[str] = Counter()
    evidence: dict[str, Counter[str]] = {}
    for clue in clues:
        kind, _, why = clue.partition(":")
        score[kind] += clue_weight(clue)
        evidence.setdefault(kind, Counter())[why] += clue_weight(clue)
    if not score:
        return None, ()
    order = ("organization", "facility", "media", "place", "person")
    best = max(score, key=lambda k: (score[k], -order.index(k) if k in order else -9))
    ranked = sorted(evidence[best].items(), key=lambda item: (-item[1], item[0]))
    return best, tuple(why for why, _ in ranked)
