"""A deterministic synthetic corpus for benchmarks, grown from the bundled articles.

Each synthetic article recombines reporting paragraphs of the bundled corpus,
varied the way a growing news archive varies: people's names are swapped for
generated ones some of the time, numbers and dates change, and rare words are
sprinkled in from an open-ended Zipfian vocabulary (a few new words per
article, as Heaps' law has it for news), so that the number of distinct words
keeps growing with the corpus: over 100,000 at 10,000 articles. The
bundled entities come along (without their quoted evidence, which refers to
the bundled articles), so mention linking runs at scale too.

The same ``seed`` and ``articles`` always give the same corpus, byte for byte.
"""

from __future__ import annotations

import random
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from store.corpus.articles import read_corpus
from store.edits.toml_text import toml_string
from store.ingest.pipeline import article_rows
from store.paths import bundled_corpus_dir

OUTLETS = (
    "The Jerusalem Post", "Diyaruna", "Voice of America", "Jerusalem Center for Public Affairs",
    "Rudaw", "Al-Monitor", "The National", "Asharq Al-Awsat", "Middle East Eye", "Kurdistan 24",
    "Shafaq News", "The Arab Weekly",
)  # fmt: skip
SYLLABLES = (
    "ab ad al am an ar as ba bad bah dar del din fa far fay ha had ham han har has hus ja "
    "jab jaf ka kab kar kaz kha kub la lah lam ma mah man mar mas mu mud mun na naj nas "
    "nu qa qad qar qas ra rab raf rah ru sa sab sad sal sam sha shi su ta tah tal ti um "
    "wa wad waf ya yas za zah zai zu"
).split()
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip
_NUMBER = re.compile(r"\b\d+(?:,\d{3})*\b")
_MONTH_DAY = re.compile(r"\b(" + "|".join(MONTHS) + r") (\d{1,2})(st|nd|rd|th)?\b")


@dataclass(frozen=True, slots=True)
class SyntheticCorpus:
    """Where a synthetic corpus was written, and what it holds."""

    root: Path
    articles: int
    paragraphs: int


class _Vocabulary:
    """An open-ended vocabulary drawn with Zipfian frequencies."""

    def __init__(self, rng: random.Random, new_word_rate: float) -> None:
        self.rng = rng
        self.words: list[str] = []
        self.rate = new_word_rate

    def word(self) -> str:
        rng = self.rng
        if not self.words or rng.random() < self.rate:
            word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
            self.words.append(word)
            return word
        rank = min(int(rng.paretovariate(1.1)), len(self.words)) - 1
        return self.words[rank]


def _seed_paragraphs() -> tuple[list[str], list[str], list[str]]:
    corpus = read_corpus(bundled_corpus_dir())
    paragraphs: list[str] = []
    titles: list[str] = []
    for source in corpus.articles:
        titles.append(source.title)
        _, rows = article_rows(source)
        paragraphs.extend(r["text"] for r in rows if r["kind"] == "body" and len(r["text"]) > 80)
    entities = tomllib.loads((bundled_corpus_dir() / "entities.toml").read_text("utf-8"))
    people = [
        alias
        for e in entities.get("entity", [])
        if e["type"] == "person"
        for alias in e.get("aliases", [])
        if " " in alias
    ]
    return paragraphs, titles, sorted(people, key=len, reverse=True)


def _entities_toml() -> str:
    """The bundled entities without relations and links (they quote bundled articles)."""
    data = tomllib.loads((bundled_corpus_dir() / "entities.toml").read_text("utf-8"))
    out = ["# Entities of the bundled corpus, without quoted evidence.\n"]
    for e in data.get("entity", []):
        out.append("[[entity]]")
        keys = ("id", "name", "type", "aliases", "search_aliases", "exact_case", "adjectives")
        for key in (*keys, "description"):
            if key in e:
                value = e[key]
                if isinstance(value, list):
                    rendered = "[" + ", ".join(toml_string(v) for v in value) + "]"
                else:
                    rendered = toml_string(value)
                out.append(f"{key} = {rendered}")
        out.append("")
    return "\n".join(out)


def generate(root: Path, articles: int, *, seed: int = 20200625) -> SyntheticCorpus:
    """Write a corpus of ``articles`` synthetic articles into ``root``."""
    rng = random.Random(seed)
    vocabulary = _Vocabulary(rng, new_word_rate=0.2)
    paragraphs, titles, people = _seed_paragraphs()
    people_pattern = re.compile("|".join(re.escape(p) for p in people))
    root.mkdir(parents=True, exist_ok=True)
    (root / "articles").mkdir(exist_ok=True)
    entries: list[str] = []
    total = 0

    def name() -> str:
        first = rng.choice(SYLLABLES).title() + rng.choice(SYLLABLES)
        last = "al-" + "".join(rng.choice(SYLLABLES) for _ in range(2)).title()
        return f"{first} {last}"

    def vary(text: str) -> str:
        text = people_pattern.sub(lambda m: name() if rng.random() < 0.5 else m.group(), text)
        text = _NUMBER.sub(lambda m: str(rng.randint(2, 20000)), text)
        text = _MONTH_DAY.sub(lambda m: f"{rng.choice(MONTHS)} {rng.randint(1, 28)}", text)
        words = text.split(" ")
        for _ in range(rng.randint(2, 5)):
            words.insert(rng.randrange(len(words) + 1), vocabulary.word())
        return " ".join(words)

    for number in range(articles):
        year = rng.choice((2019, 2020, 2020, 2021))
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        article_id = f"syn-{number:06d}"
        title = f"{rng.choice(titles)} {vocabulary.word()}"
        body = [vary(rng.choice(paragraphs)) for _ in range(rng.randint(15, 40))]
        total += len(body)
        text = title + "\n\n" + "\n\n".join(body)
        path = root / "articles" / f"{article_id}.txt"
        path.write_text(text, encoding="utf-8")
        entries.append(
            "[[article]]\n"
            f'id = "{article_id}"\n'
            f'file = "articles/{article_id}.txt"\n'
            f"outlet = {toml_string(rng.choice(OUTLETS))}\n"
            f"title = {toml_string(title)}\n"
            f'author = "{name()}"\n'
            f"published = {year}-{month:02d}-{day:02d}\n"
            'published_precision = "exact"\n'
            'language = "en"\n'
        )
    (root / "articles.toml").write_text("\n".join(entries), encoding="utf-8")
    (root / "entities.toml").write_text(_entities_toml(), encoding="utf-8")
    return SyntheticCorpus(root, articles, total)
