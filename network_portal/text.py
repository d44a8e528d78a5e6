"""How the portal compares texts that people type: one rule for each kind of match."""

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property

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
# A shorter stem has lost too much of its word: «Ишим» stems to «иш», «Уфа» to «уф».
SHORTEST_STEM = 3
# Words whose stems mean nothing: the Russian stop words of Snowball, which
# PostgreSQL's full-text search leaves out too. «надо» is not a form of «Надым»,
# though both stem to «над».
STOP_WORDS = frozenset(
    """
    и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по
    только ее мне было вот от меня еще нет о из ему теперь когда даже ну вдруг ли если
    уже или ни быть был него до вас нибудь опять уж вам ведь там потом себя ничего ей
    может они тут где есть надо ней для мы тебя их чем была сам чтоб без будто чего раз
    тоже себе под будет ж тогда кто этот того потому этого какой совсем ним здесь этом
    один почти мой тем чтобы нее сейчас были куда зачем всех никогда можно при наконец
    два об другой хоть после над больше тот через эти нас про всего них какая много
    разве три эту моя впрочем хорошо свою этой перед иногда лучше чуть том нельзя такой
    им более всегда конечно всю между
    """.split()
)
# A stem in a search document ends in this mark, which no word holds: «над~» is a
# word with the stem «над» («Надым»), not the preposition «над».
STEM_MARK = "~"
# A query word cut back is looked for as a word of its own from this length on
# («Надым» cut back to its stem is the preposition «над»), and by at most this
# many letters («в Кургане»: «Курган»).
SHORTEST_CUT = 4
LONGEST_CUT = 3
# The letters after which a word cut back may end in «ь» or «й» instead: Snowball
# cuts «запись» to «зап» and «музей» to «муз», so «записи» and «музея» share no
# stem with them, only the letters before the ending.
VOWELS = frozenset("аеиоуыэюя")
# Village names whose district is named after them: «Голышманово» (and «в
# Голышманове») is the «Голышмановский городской округ», «Мишкино» the
# «Мишкинский район». Not «в Кургане»: «курганск~» is «Курганская область»,
# every centre of the region.
VILLAGE_ENDINGS = ("ово", "ове", "ево", "еве", "ино", "ине", "ыно", "ыне")
DISTRICT_SUFFIX = "ск"
# Words that narrow nothing: prepositions and conjunctions; the kinds of place,
# which the documents abbreviate («город» is «г.» there); and НКО, which the
# whole network supports. By stem, so that «в городе» and «сёл» are left out too.
SKIPPED_WORDS = {"в", "во", "на", "и", "или", "для", "при", "по", "из", "от", "до", "у", "к"}
SKIPPED_STEMS = {"город", "сел", "деревн", "поселок", "поселк", "пгт", "нко"}
# Words of a query looked for: a longer query is a pasted text.
MOST_TERMS = 4
# Longer than any Russian word: looked for as typed only, never as a word form.
LONGEST_WORD = 40


def stem_of(stemmer, word):
    """The word's Russian Snowball stem (the one PostgreSQL's full-text search uses).

    None for a word longer than any Russian one, which is never a word form.
    """
    return stemmer.stemWord(word) if len(word) <= LONGEST_WORD else None


def usable_stem(word, stem):
    """The stem, when a search can use it: it left enough of a word that means something.

    A stem is usually shorter than its word. A word of SHORTEST_STEM letters
    may be its own stem («дом»): its forms («в доме») are found by it, as a
    query word is never cut back that short.
    """
    usable = (
        stem
        and word not in STOP_WORDS
        and word.startswith(stem)
        and len(stem) >= SHORTEST_STEM
        and (stem != word or len(word) == SHORTEST_STEM)
    )
    return stem if usable else None


def russian_stemmer():
    return snowballstemmer.stemmer("russian")  # not thread-safe: one a call


@dataclass(frozen=True)
class SearchTerm:
    """One word of a query, as a search document must hold it.

    Anywhere as typed, so that a name being typed is found («тюм»); or as a
    whole word of the document that is one of its forms (`marked_stem`,
    `cut_forms`). A word of one or two letters only as a whole word («ТО», «г.»).
    """

    word: str
    stem: str | None = None

    @property
    def whole_word_only(self):
        return len(self.word) < SHORTEST_PART

    @property
    def marked_stem(self):
        """The stem as searchable_words marks it after each word that has it.

        A word with the same stem is a form of this one: «ресурсного» of
        «ресурсный» (both «ресурсн~»).
        """
        return self.stem + STEM_MARK if self.stem else None

    @cached_property
    def cut_forms(self):
        """The word cut back by a letter or a few, no further than its stem.

        For a document's word whose own stem is shorter: «в кургане» is
        «Курган», which stems to «курга». Each starts with the stem and has at
        least four letters («Надым» cut back to «над» would be the preposition).
        «Тюмени» is not «Тюменская область», which every centre of the region names.
        Each cut ended in «ь» or «й» too: «записи» is «запись», «музея» «музей».
        A form that a document would mark with this term's stem is left out: the
        marked stem finds it («ресурсны» of «ресурсный»).
        """
        if self.stem is None:
            return []
        shortest = max(len(self.stem), SHORTEST_CUT, len(self.word) - LONGEST_CUT)
        cuts = [self.word[:length] for length in range(shortest, len(self.word))]
        softened = [cut + ("й" if cut[-1] in VOWELS else "ь") for cut in cuts]
        stemmer = russian_stemmer()
        return [
            form
            for form in cuts + softened
            if form != self.word and usable_stem(form, stem_of(stemmer, form)) != self.stem
        ]

    @cached_property
    def district_forms(self):
        """The district named after this village, as its stem marked: «голышмановск~».

        Other places keep to their own forms: «Тюмени» and «в Кургане» are not
        «Тюменская область» and «Курганская область». Nor is an adjective read
        as its place: «Советский» is not «совет», nor «городской» «город».
        """
        if self.stem is None or not self.word.endswith(VILLAGE_ENDINGS):
            return []
        return [self.stem + DISTRICT_SUFFIX + STEM_MARK]


def search_terms(needle):
    """The terms a normalised query's words make: each distinct one once, the first few.

    A query of words that narrow nothing («НКО», «город») is looked for as
    typed; one without letters or digits makes none.
    """
    stemmer = russian_stemmer()
    words = QUERY_WORD.findall(needle)
    # «СО НКО» is НКО; alone, «СО» is the Sverdlovsk region's short name.
    words = [
        word
        for position, word in enumerate(words)
        if not (word == "со" and words[position + 1 : position + 2] == ["нко"])
    ]
    terms = {}
    for word in words:
        if len(terms) == MOST_TERMS:
            break
        stem = stem_of(stemmer, word)
        if word not in SKIPPED_WORDS and stem not in SKIPPED_STEMS:
            terms.setdefault(word, SearchTerm(word, usable_stem(word, stem)))
    if not terms:
        terms = {word: SearchTerm(word) for word in words[:MOST_TERMS]}
    return list(terms.values())


def searchable_words(text):
    """A text as the search reads it: its words, normalised, each followed by its stem.

    One space apart and around, so that « курган » is the whole word
    wherever it stood («г. Курган,»). A word's stem (see usable_stem), marked
    with STEM_MARK, follows it the first time it comes, so that a search that
    matches most centres finds it early in each document. A stem is the start
    of its word: a search for letters as typed finds nothing in the stems that
    it doesn't in the words.
    """
    stemmer = russian_stemmer()
    tokens = []
    stems = set()
    for word in QUERY_WORD.findall(normalise_for_search(text)):
        tokens.append(word)
        stem = usable_stem(word, stem_of(stemmer, word))
        if stem and stem not in stems:
            stems.add(stem)
            tokens.append(stem + STEM_MARK)
    return f" {' '.join(tokens)} "


# What a browser's bytes that were not UTF-8 arrive as: the text was lost on the way.
REPLACEMENT_CHARACTER = "\ufffd"


def has_hidden_characters(text):
    """Whether the text holds characters that print as nothing or turn the text around.

    Or the «�» that stands for bytes that were not text: what was meant is lost.
    """
    return REPLACEMENT_CHARACTER in text or any(
        unicodedata.category(character) in HIDDEN_CATEGORIES for character in text
    )


# The Russian layout's keys («ЙЦУКЕН») where the English one has these, unshifted
# and shifted: «ne.vtym», typed with the English layout on, is «тюмень».
ENGLISH_KEYS = "`qwertyuiop[]asdfghjkl;'zxcvbnm,./" + '~{}:"<>?'
RUSSIAN_KEYS = "ёйцукенгшщзхъфывапролджэячсмитьбю." + "ёхъжэбю,"
RUSSIAN_LAYOUT = str.maketrans(ENGLISH_KEYS, RUSSIAN_KEYS)
LATIN_LETTER = re.compile(r"[a-z]", re.IGNORECASE)
CYRILLIC_LETTER = re.compile(r"[а-яё]", re.IGNORECASE)


def typed_in_latin(text):
    """Whether the text has Latin letters and no Cyrillic ones."""
    return bool(LATIN_LETTER.search(text)) and not CYRILLIC_LETTER.search(text)


def letter_count(text):
    return sum(character.isalpha() for character in text)


def typed_in_russian(text):
    """Whether the text has Cyrillic letters and no Latin ones."""
    return bool(CYRILLIC_LETTER.search(text)) and not LATIN_LETTER.search(text)


def in_russian_layout(text):
    """The text as the same keys type it with the Russian layout on."""
    return text.lower().translate(RUSSIAN_LAYOUT)


# Russian letters as English texts usually spell them.
CYRILLIC_IN_LATIN = str.maketrans(
    {
        **dict(zip("абвгдезийклмнопрстуфыэ", "abvgdeziiklmnoprstufye", strict=True)),
        "ё": "e", "ж": "zh", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
        "ъ": "", "ь": "", "ю": "yu", "я": "ya",
    }
)  # fmt: skip
# Each letter's other Latin spellings, as one of them: «Tyumen», «Tjumen» and
# «Tiumen» are all «tiumen», and so is «Тюмень». A «c» before anything but «h»
# is a «k»; «ii» is one «i» («Nizhny» and «Нижний» are both «nizhni»).
LATIN_VARIANT = re.compile("shch|sch|kh|tz|yu|ju|ya|ja|yo|jo|ye|je|c(?!h)|y|j|w|x|q")
LATIN_REDUCED = {
    "shch": "sh", "sch": "sh", "kh": "h", "tz": "ts", "yu": "iu", "ju": "iu", "ya": "ia",
    "ja": "ia", "yo": "e", "jo": "e", "ye": "e", "je": "e", "c": "k", "y": "i", "j": "i",
    "w": "v", "x": "ks", "q": "k",
}  # fmt: skip
# A Latin «yo» is «ё» («Ozyorsk») or «йо» («rayon», «Yoshkar-Ola»).
LATIN_REDUCED_YO = {**LATIN_REDUCED, "yo": "io", "jo": "io"}
# Words of place names that name no place: a reading of these alone is no suggestion.
PLACE_KINDS = frozenset(
    "область округ автономный район республика народная край городской".split()
)


def spelling_keys(word):
    """A word's spelling for all its usual Latin spellings and for the Russian word itself.

    «Khanty», «Hanty» and «Ханты» are one; the soft sign is left out, as Latin
    spellings leave it out («Tobolsk» is «Тобольск»). Two for a Latin «yo».
    """
    latin = normalise_for_search(word).translate(CYRILLIC_IN_LATIN)
    keys = [LATIN_VARIANT.sub(lambda variant: LATIN_REDUCED[variant.group()], latin)]
    if "yo" in latin or "jo" in latin:
        keys.append(LATIN_VARIANT.sub(lambda variant: LATIN_REDUCED_YO[variant.group()], latin))
    return [key.replace("ii", "i") for key in keys]


def spelling_key(word):
    """A Russian word's spelling key (see spelling_keys)."""
    return spelling_keys(word)[0]


def in_russian_letters(text, words_by_key):
    """The text's Latin words as the Russian words of `words_by_key` they spell.

    `words_by_key` maps spelling keys to Russian words. Empty unless it knows
    every word of three letters or more («to» is no more «ТО», a region's short
    name, than the English word) and one of them names a place, not a kind of
    place («oblast»). Punctuation is left out but for the hyphen between two
    words («Khanty-Mansiysk»).
    """
    tokens, words = [], []
    for token in text.split():
        known = []
        for part in QUERY_WORD.findall(token):
            if len(part) < SHORTEST_PART:
                continue
            found = [words_by_key[key] for key in spelling_keys(part) if key in words_by_key]
            if not found:
                return ""
            known.append(found[0])
        if known:
            tokens.append("-".join(known))
            words += known
    if all(word.lower() in PLACE_KINDS for word in words):
        return ""
    return " ".join(tokens)
