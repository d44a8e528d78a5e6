"""How the portal compares texts that people type: one rule for each kind of match."""

import unicodedata

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


# What a browser's bytes that were not UTF-8 arrive as: the text was lost on the way.
REPLACEMENT_CHARACTER = "\ufffd"


def has_hidden_characters(text):
    """Whether the text holds characters that print as nothing or turn the text around.

    Or the «�» that stands for bytes that were not text: what was meant is lost.
    """
    return REPLACEMENT_CHARACTER in text or any(
        unicodedata.category(character) in HIDDEN_CATEGORIES for character in text
    )
