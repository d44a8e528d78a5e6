"""How the portal compares texts that people type: one rule for each kind of match."""

import re
import unicodedata

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


# A query's words: letters and digits, with the hyphens of «Ханты-Мансийск».
QUERY_WORD = re.compile(r"\w[\w-]*")
# Prepositions and conjunctions («в», «на», «и») say nothing about a centre.
SHORTEST_WORD = 3
# A shorter stem has lost too much of its word: «Надым» stems to «над».
SHORTEST_STEM = 4
# Words of a query looked for by their stems; a longer query is a pasted text.
MOST_STEMS = 8
# The letters and digits of a search document (lower case, «ё» written «е»).
WORD_CHARACTERS = "0-9a-zа-я"
# The longest ending a word of the document may have after a query's stem: «-ами».
LONGEST_ENDING = 3


def word_stems(needle):
    """What each word of a normalised query must be found as, in any of its forms.

    A word's stem (the Russian Snowball stemmer, the one PostgreSQL's
    full-text search uses): «в кургане» needs «курган», which the text
    «Курган» holds. A word whose stem would be too short stands as itself.
    Each stem once, the first few only: every one is a test of every centre.
    """
    stemmer = snowballstemmer.stemmer("russian")  # not thread-safe: one a query
    stems = {}
    for word in QUERY_WORD.findall(needle):
        if len(word) < SHORTEST_WORD:
            continue
        stem = stemmer.stemWord(word)
        stems[stem if len(stem) >= SHORTEST_STEM else word] = None
    return list(stems)[:MOST_STEMS]


def word_form_pattern(stem):
    """A regular expression for a word of a search document: the stem and an ending.

    The ending is short, so «тюмени» finds «Тюмень» and not «Тюменская
    область», which every centre of the region names. PostgreSQL's `~` and
    Python's `re` (SQLite's REGEXP in Django) read it alike.
    """
    other = f"[^{WORD_CHARACTERS}]"
    ending = f"[{WORD_CHARACTERS}]{{0,{LONGEST_ENDING}}}"
    return f"(^|{other}){re.escape(stem)}{ending}($|{other})"


# What a browser's bytes that were not UTF-8 arrive as: the text was lost on the way.
REPLACEMENT_CHARACTER = "\ufffd"


def has_hidden_characters(text):
    """Whether the text holds characters that print as nothing or turn the text around.

    Or the «�» that stands for bytes that were not text: what was meant is lost.
    """
    return REPLACEMENT_CHARACTER in text or any(
        unicodedata.category(character) in HIDDEN_CATEGORIES for character in text
    )
