"""How the portal compares texts that people type: one rule for each kind of match."""

import re
import unicodedata
from dataclasses import dataclass

import snowballstemmer

# Control, format (bidi overrides, zero-width), surrogate, private-use and unassigned.
HIDDEN_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn"}


def words(text):
    """The text's words, one space apart: no leading, trailing or doubled spaces."""
    return " ".join(str(text).split())


def match_key(text):
    """An answer as two spellings of it compare: spaces and case don't count.

    An answers file's «консультирование  НКО» is the option «Консультирование
    НКО»; so is the same option of another wave.
    """
    return words(text).casefold()


def normalise_for_search(text):
    """Lower-case text and fold «ё» into «е», the way people type a query.

    Composed first (NFC): «й» typed as «и» and a combining breve is the same letter.
    """
    return unicodedata.normalize("NFC", words(text)).lower().replace("ё", "е")


# A query's words: runs of letters and digits («ХМАО-Югра» is two words).
QUERY_WORD = re.compile(r"[^\W_]+")
# Shorter words are found only whole: «ТО» is a region, not the «то» of «Тобольск».
SHORTEST_PART = 3
# A shorter stem has lost too much of its word: «Надым» stems to «над».
SHORTEST_STEM = 4
# Words that narrow nothing: prepositions and conjunctions; the kinds of place,
# which the documents abbreviate («город» is «г.» there); and НКО, which the
# whole network supports. By stem, so that «в городе» and «сёл» are left out too.
SKIPPED_WORDS = {"в", "во", "на", "и", "или", "для", "при", "по", "из", "от", "до", "у", "к"}
SKIPPED_STEMS = {"город", "сел", "деревн", "поселок", "поселк", "пгт", "нко"}
# Words of a query looked for: each one a test of every centre whose text holds
# its stem but not the word itself, and a longer query is a pasted text.
MOST_TERMS = 4
# Longer than any Russian word: looked for as typed only, never as a word form.
LONGEST_WORD = 40
# The longest ending a word of the document may have after a query's stem: «-ами»;
# longer where the stemmer cut more from the query's own word («обществен|ного»).
LONGEST_ENDING = 3


@dataclass(frozen=True)
class SearchTerm:
    """One word of a query, as a search document must hold it.

    Anywhere as typed, so that a name being typed is found («тюм»); or as a
    word with the same stem and a short ending («в кургане»: «Курган»). A word
    of one or two letters only as a whole word («ТО», «г.»).
    """

    word: str
    stem: str | None = None

    @property
    def whole_word_only(self):
        return len(self.word) < SHORTEST_PART

    @property
    def longest_ending(self):
        return max(LONGEST_ENDING, len(self.word) - len(self.stem or self.word))


def search_terms(needle):
    """The terms a normalised query's words make: each distinct one once, the first few.

    The stems are the Russian Snowball stemmer's, the one PostgreSQL's
    full-text search uses. A query of words that narrow nothing («НКО»,
    «город») is looked for as typed; one without letters or digits makes none.
    """
    stemmer = snowballstemmer.stemmer("russian")  # not thread-safe: one a query
    words = QUERY_WORD.findall(needle)
    terms = {}
    for position, word in enumerate(words):
        if len(terms) == MOST_TERMS:
            break
        stem = stemmer.stemWord(word) if len(word) <= LONGEST_WORD else word
        if word in SKIPPED_WORDS or stem in SKIPPED_STEMS:
            continue
        if word == "со" and words[position + 1 : position + 2] == ["нко"]:
            continue  # «СО НКО»; alone, «СО» is the Sverdlovsk region's short name
        usable = len(stem) >= SHORTEST_STEM and stem != word
        terms.setdefault(word, SearchTerm(word, stem if usable else None))
    if not terms:
        terms = {word: SearchTerm(word) for word in words[:MOST_TERMS]}
    return list(terms.values())


def searchable_words(text):
    """A text as the search reads it: its words, normalised, one space apart and around.

    The query is split into words the same way, so that « курган » is the whole
    word wherever it stood («г. Курган,»), and « курган_ » the word with one
    letter more.
    """
    return f" {' '.join(QUERY_WORD.findall(normalise_for_search(text)))} "


def word_form_patterns(term):
    """LIKE patterns for a word of searchable_words: the term's stem and a short ending.

    The ending is short, so «тюмени» finds «Тюмень» and not «Тюменская
    область», which every centre of the region names. Each `_` is one letter:
    the words are one space apart, so a match with a space in the ending is
    the stem as a whole word, a form too. For network_portal.lookups.Like.
    """
    stem = term.stem.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return [f"% {stem}{'_' * letters} %" for letters in range(term.longest_ending + 1)]


# What a browser's bytes that were not UTF-8 arrive as: the text was lost on the way.
REPLACEMENT_CHARACTER = "\ufffd"


def has_hidden_characters(text):
    """Whether the text holds characters that print as nothing or turn the text around.

    Or the «�» that stands for bytes that were not text: what was meant is lost.
    """
    return REPLACEMENT_CHARACTER in text or any(
        unicodedata.category(character) in HIDDEN_CATEGORIES for character in text
    )
