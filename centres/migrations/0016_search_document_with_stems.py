"""The search document with its words' stems, and no full-text vector (PostgreSQL).

A word form is found as a whole word of the document: the query word's stem,
which network_portal.text.searchable_words now marks after each word, or the
word cut back to it. The same on both databases, and every condition a plain
LIKE that the trigram index serves, so PostgreSQL's Russian full-text vector
(migration 0013) and its index go. Counting a search that matches every centre
no longer reads the vector of each row.

Going back takes the marked stems out of the documents and restores the vector.
"""

import snowballstemmer
from django.db import migrations

# As network_portal.text wrote the documents when this migration was written.
STEM_MARK = "~"
SHORTEST_STEM = 3
LONGEST_WORD = 40
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

DROP_VECTOR = [
    "DROP INDEX IF EXISTS centre_search_vector",
    "ALTER TABLE centres_centre DROP COLUMN IF EXISTS search_vector",
]
RESTORE_VECTOR = [
    "ALTER TABLE centres_centre ADD COLUMN IF NOT EXISTS search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('russian'::regconfig, COALESCE(search_document, ''))) "
    "STORED",
    "CREATE INDEX IF NOT EXISTS centre_search_vector ON centres_centre USING GIN (search_vector)",
]


def run_on_postgresql(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return operation


def with_stems(document):
    """A document of words (migration 0015), each followed by its marked stem the first time."""
    stemmer = snowballstemmer.stemmer("russian")
    tokens = []
    stems = set()
    for word in document.split():
        tokens.append(word)
        stem = stemmer.stemWord(word) if len(word) <= LONGEST_WORD else ""
        usable = (
            word not in STOP_WORDS
            and word.startswith(stem)
            and len(stem) >= SHORTEST_STEM
            and (stem != word or len(word) == SHORTEST_STEM)
        )
        if usable and stem not in stems:
            stems.add(stem)
            tokens.append(stem + STEM_MARK)
    return f" {' '.join(tokens)} "


def without_stems(document):
    return f" {' '.join(t for t in document.split() if not t.endswith(STEM_MARK))} "


def rewrite_documents(rewrite):
    def operation(apps, schema_editor):
        Centre = apps.get_model("centres", "Centre")
        changed = []
        for centre in Centre.objects.only("pk", "search_document").iterator(chunk_size=500):
            document = rewrite(centre.search_document)
            if document != centre.search_document:
                centre.search_document = document
                changed.append(centre)
        Centre.objects.bulk_update(changed, ["search_document"], batch_size=500)

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("centres", "0015_search_document_as_words"),
    ]

    operations = [
        # The vector first: PostgreSQL would recompute it for every document rewritten.
        migrations.RunPython(run_on_postgresql(DROP_VECTOR), run_on_postgresql(RESTORE_VECTOR)),
        migrations.RunPython(
            rewrite_documents(with_stems), rewrite_documents(without_stems), elidable=True
        ),
    ]
