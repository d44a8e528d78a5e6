"""Kept counts of survey answers: responses and chosen options per survey and cell.

A cell is the responding centre's level, region and organisational model, the
three things the results filter by ('', 0, 0 for a response naming no centre).
The results page then sums a few hundred rows instead of counting every answer.

Database triggers keep the counts exact on every write, whatever writes it:
the admin, imports (bulk_create), the online questionnaire, queryset updates
and deletes, cascades, a centre changing its level, region or model. They add
what a statement inserts and subtract what it deletes, with upserts
(`INSERT … ON CONFLICT … DO UPDATE SET n = n + excluded.n`), safe under
concurrent writers. PostgreSQL runs them once per statement over its
transition tables (an import of 2,000 responses is one grouped insert);
SQLite once per row. Either order of deleting a response and its choices
subtracts each choice once: a choice's trigger counts only choices whose
response still exists, a response's trigger only the choices still there.

`recount(survey)` rebuilds a survey's counts from the answers; the command
`manage.py recount_tallies` repairs with it, and the tests prove with it that
the kept counts equal a fresh count.
"""

from django.db import connection, transaction
from django.db.models import BigIntegerField, CharField, Count, F, Q, Value
from django.db.models.functions import Coalesce

from .models import NO_CENTRE, Choice, Response, ResponseTally, Tally

CELL = ("level", "region", "model")
TALLY = "surveys_tally"
BASE = "surveys_responsetally"

# A response's cell, with `c` its centre (LEFT JOIN: none gives the no-centre cell).
CENTRE_CELL = (
    "COALESCE(c.level, '') AS level, COALESCE(c.region_id, 0) AS region, "
    "COALESCE(c.organisational_model_id, 0) AS model"
)


def cells_of_responses(responses):
    """(id, survey_id, is_reconstructed, cell) of `responses` (a table or a subquery)."""
    return (
        f"SELECT r.id, r.survey_id, r.is_reconstructed, {CENTRE_CELL} "
        f"FROM {responses} AS r LEFT JOIN centres_centre AS c ON c.id = r.centre_id"
    )


def cells_of_centre_responses(centres, model="organisational_model_id"):
    """The same for the responses of `centres`, in the cell those centre rows give."""
    return (
        "SELECT r.id, r.survey_id, r.is_reconstructed, o.level AS level, "
        f"o.region_id AS region, COALESCE(o.{model}, 0) AS model "
        f"FROM {centres} AS o JOIN surveys_response AS r ON r.centre_id = o.id"
    )


def base_counts(cells):
    return (
        "SELECT x.survey_id, x.level, x.region, x.model, COUNT(*) AS responses, "
        "SUM(CASE WHEN x.is_reconstructed THEN 1 ELSE 0 END) AS reconstructed "
        f"FROM ({cells}) AS x GROUP BY x.survey_id, x.level, x.region, x.model"
    )


def choice_counts_of_responses(cells):
    return (
        "SELECT x.survey_id, ch.option_id, x.level, x.region, x.model, COUNT(*) AS n "
        f"FROM ({cells}) AS x JOIN surveys_choice AS ch ON ch.response_id = x.id "
        "GROUP BY x.survey_id, ch.option_id, x.level, x.region, x.model"
    )


def choice_counts(choices):
    """Counts of `choices` (a table or subquery of response_id, option_id) whose response
    exists, in the response's cell."""
    return (
        f"SELECT r.survey_id, ch.option_id, {CENTRE_CELL}, COUNT(*) AS n "
        f"FROM {choices} AS ch JOIN surveys_response AS r ON r.id = ch.response_id "
        "LEFT JOIN centres_centre AS c ON c.id = r.centre_id "
        "GROUP BY r.survey_id, ch.option_id, c.level, c.region_id, c.organisational_model_id"
    )


def add(table, counts):
    key, values = keys_and_values(table)
    columns = ", ".join(key + values)
    updates = ", ".join(f"{v} = {table}.{v} + excluded.{v}" for v in values)
    # WHERE true: SQLite would read ON CONFLICT as a join's ON without it.
    return (
        f"INSERT INTO {table} ({columns}) SELECT {columns} FROM ({counts}) AS s WHERE true "
        f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET {updates}"
    )


def subtract(table, counts):
    key, values = keys_and_values(table)
    updates = ", ".join(f"{v} = {table}.{v} - s.{v}" for v in values)
    match = " AND ".join(f"{table}.{k} = s.{k}" for k in key)
    return f"UPDATE {table} SET {updates} FROM ({counts}) AS s WHERE {match}"


def keys_and_values(table):
    if table == TALLY:
        return ["survey_id", "option_id", *CELL], ["n"]
    return ["survey_id", *CELL], ["responses", "reconstructed"]


def add_responses(cells):
    return [add(BASE, base_counts(cells)), add(TALLY, choice_counts_of_responses(cells))]


def subtract_responses(cells):
    return [
        subtract(BASE, base_counts(cells)),
        subtract(TALLY, choice_counts_of_responses(cells)),
    ]


def move_centres(old, new, model="organisational_model_id"):
    """Move the responses of centres from the cells of `old` rows to those of `new` ones."""
    return subtract_responses(cells_of_centre_responses(old, model)) + add_responses(
        cells_of_centre_responses(new, model)
    )


def forget(column, rows):
    return [
        f"DELETE FROM {table} WHERE {column} IN (SELECT id FROM {rows})" for table in (TALLY, BASE)
    ]


# Each trigger: (name, table, event, transition tables for PostgreSQL, SQLite's WHEN,
# statements). Statements name the transition tables old_rows and new_rows; for SQLite
# they become one-row subqueries of OLD and NEW.
CHANGED_CENTRE = (
    "o.level IS DISTINCT FROM n.level OR o.region_id IS DISTINCT FROM n.region_id "
    "OR o.organisational_model_id IS DISTINCT FROM n.organisational_model_id"
)
CHANGED_RESPONSE = (
    "o.survey_id IS DISTINCT FROM n.survey_id OR o.centre_id IS DISTINCT FROM n.centre_id "
    "OR o.is_reconstructed IS DISTINCT FROM n.is_reconstructed"
)


def changed(side, condition):
    """The `side` ("o": before, "n": after) of the rows an UPDATE changed as `condition` says."""
    return (
        f"(SELECT {side}.* FROM old_rows AS o JOIN new_rows AS n ON n.id = o.id WHERE {condition})"
    )


def lock_centres(centre_ids):
    """PostgreSQL: share-lock the centres whose cell a trigger is about to read.

    Django's foreign keys are checked at commit, so inserting an answer locks
    nothing: a concurrent change of its centre's level, region or model would
    move only the answers its snapshot sees, and the new answer would stay in
    the old cell. The lock makes that change wait for the answer's commit, or
    the answer wait for the change's commit; then the next statement of the
    trigger (a fresh snapshot in READ COMMITTED) reads the centre's new cell.
    SQLite runs one writer at a time and skips this statement.
    """
    return f"PERFORM 1 FROM centres_centre WHERE id IN ({centre_ids}) FOR SHARE"


def centres_of_choices(choices):
    return (
        f"SELECT r.centre_id FROM {choices} AS ch "
        "JOIN surveys_response AS r ON r.id = ch.response_id"
    )


def triggers():
    changed_responses = changed("o", CHANGED_RESPONSE)
    changed_responses_now = changed("n", CHANGED_RESPONSE)
    changed_centres = changed("o", CHANGED_CENTRE)
    changed_centres_now = changed("n", CHANGED_CENTRE)
    no_centre = (
        f"(SELECT id, '{NO_CENTRE['level']}' AS level, {NO_CENTRE['region']} AS region_id, "
        f"{NO_CENTRE['model']} AS organisational_model_id FROM old_rows)"
    )
    return [
        (
            "choice_added",
            "surveys_choice",
            "INSERT",
            [
                lock_centres(centres_of_choices("new_rows")),
                add(TALLY, choice_counts("new_rows")),
            ],
        ),
        (
            "choice_removed",
            "surveys_choice",
            "DELETE",
            [subtract(TALLY, choice_counts("old_rows"))],
        ),
        (
            "choice_changed",
            "surveys_choice",
            "UPDATE",
            [
                lock_centres(centres_of_choices("new_rows")),
                subtract(TALLY, choice_counts("old_rows")),
                add(TALLY, choice_counts("new_rows")),
            ],
        ),
        (
            "response_added",
            "surveys_response",
            "INSERT",
            [lock_centres("SELECT centre_id FROM new_rows")]
            + add_responses(cells_of_responses("new_rows")),
        ),
        (
            "response_removed",
            "surveys_response",
            "DELETE",
            subtract_responses(cells_of_responses("old_rows")),
        ),
        (
            "response_changed",
            "surveys_response",
            "UPDATE",
            [lock_centres("SELECT centre_id FROM new_rows")]
            + subtract_responses(cells_of_responses(changed_responses))
            + add_responses(cells_of_responses(changed_responses_now)),
        ),
        (
            "centre_changed",
            "centres_centre",
            "UPDATE",
            move_centres(changed_centres, changed_centres_now),
        ),
        # Django clears the responses' centre before deleting it; whatever came first,
        # the responses still naming it move to the no-centre cell.
        ("centre_removed", "centres_centre", "DELETE", move_centres("old_rows", no_centre)),
        ("survey_removed", "surveys_survey", "DELETE", forget("survey_id", "old_rows")),
        ("option_removed", "surveys_option", "DELETE", forget("option_id", "old_rows")[:1]),
    ]


TRIGGER_PREFIX = "surveys_tally_"


def trigger_names():
    return [TRIGGER_PREFIX + name for name, *_rest in triggers()]


def install_triggers(connection):
    """(Re)create the triggers; idempotent. SQLite drops a table's triggers when a
    migration rebuilds the table, so this runs after every migrate too."""
    with connection.cursor() as cursor:
        for trigger in triggers():
            install_trigger(connection, cursor, *trigger)


def install_trigger(connection, cursor, name, table, event, statements):
    name = TRIGGER_PREFIX + name
    if connection.vendor == "postgresql":
        transition = {
            "INSERT": "NEW TABLE AS new_rows",
            "DELETE": "OLD TABLE AS old_rows",
            "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        }[event]
        body = ";\n".join(statements)
        cursor.execute(
            f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
            f"BEGIN\n{body};\nRETURN NULL;\nEND $$"
        )
        cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        cursor.execute(
            f"CREATE TRIGGER {name} AFTER {event} ON {table} REFERENCING {transition} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()"
        )
    else:
        columns = [
            column.name for column in connection.introspection.get_table_description(cursor, table)
        ]
        columns = [connection.ops.quote_name(column) for column in columns]
        body = ";\n".join(
            sqlite_rows(statement, columns)
            for statement in statements
            if not statement.startswith("PERFORM")
        )
        cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        cursor.execute(
            f"CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW BEGIN\n{body};\nEND"
        )


def sqlite_rows(statement, columns):
    """The statement with the transition tables as one-row subqueries of OLD and NEW."""
    for transition, row in (("old_rows", "OLD"), ("new_rows", "NEW")):
        values = ", ".join(f"{row}.{column} AS {column}" for column in columns)
        statement = statement.replace(transition, f"(SELECT {values})")
    return statement


def drop_triggers(connection):
    """Drop the triggers (and on PostgreSQL their functions); idempotent, and safe
    when the tables are gone (a function dropped CASCADE takes its trigger along)."""
    with connection.cursor() as cursor:
        for name, _table, *_rest in triggers():
            name = TRIGGER_PREFIX + name
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP FUNCTION IF EXISTS {name}() CASCADE")
            else:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")


TABLES = (
    TALLY,
    BASE,
    "surveys_survey",
    "surveys_option",
    "surveys_response",
    "surveys_choice",
    "centres_centre",
)


def tables_exist(connection):
    """Whether the database has every table the triggers read and write."""
    return set(TABLES) <= set(connection.introspection.table_names())


def drop_for_migrate(connection):
    """Before a migrate: no trigger may see a table being rebuilt or dropped.

    SQLite checks every trigger when Django remakes a table (to add, alter or
    drop a column), and bakes the row's columns into the trigger's body; a
    trigger reading a dropped table breaks every later write on both databases.
    """
    drop_triggers(connection)


def reinstall_after_migrate(connection):
    """After a migrate: the triggers back, and the counts recounted from the answers.

    Writes made while the triggers were off (data migrations) are counted this way;
    a rollback past the tally tables leaves no triggers at all.
    """
    if not tables_exist(connection):
        drop_triggers(connection)
        return
    with transaction.atomic(using=connection.alias):
        install_triggers(connection)
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TALLY}")
            cursor.execute(f"DELETE FROM {BASE}")
        fill(connection)


def installed_triggers():
    """The names of the tally triggers the database has."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgname LIKE %s", [TRIGGER_PREFIX + "%"]
            )
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
                [TRIGGER_PREFIX + "%"],
            )
        return sorted(name for (name,) in cursor.fetchall())


def fill(connection):
    """Count every survey's answers afresh into empty tallies (the migration)."""
    with connection.cursor() as cursor:
        cursor.execute(add(BASE, base_counts(cells_of_responses("surveys_response"))))
        cursor.execute(add(TALLY, choice_counts("surveys_choice")))


# Fresh counts through the ORM: independent of the triggers' SQL, for recount and tests.


def response_cell(prefix="centre__"):
    return {
        "level": Coalesce(F(f"{prefix}level"), Value(""), output_field=CharField()),
        "region": Coalesce(F(f"{prefix}region"), Value(0), output_field=BigIntegerField()),
        "model": Coalesce(
            F(f"{prefix}organisational_model"), Value(0), output_field=BigIntegerField()
        ),
    }


def fresh_counts(survey):
    """({cell: (responses, reconstructed)}, {(option id, cell): n}) counted from the answers."""
    base = (
        Response.objects.filter(survey=survey)
        .values(**response_cell())
        .annotate(
            responses=Count("pk"), reconstructed=Count("pk", filter=Q(is_reconstructed=True))
        )
    )
    chosen = (
        Choice.objects.filter(response__survey=survey)
        .values("option", **response_cell("response__centre__"))
        .annotate(n=Count("pk"))
    )
    return (
        {cell_of(row): (row["responses"], row["reconstructed"]) for row in base},
        {(row["option"], *cell_of(row)): row["n"] for row in chosen},
    )


def kept_counts(survey):
    """The same from the kept counts, leaving out the cells that came down to zero."""
    base = ResponseTally.objects.filter(survey=survey).exclude(responses=0, reconstructed=0)
    chosen = Tally.objects.filter(survey=survey).exclude(n=0)
    return (
        {cell_of(row): (row.responses, row.reconstructed) for row in base},
        {(row.option_id, *cell_of(row)): row.n for row in chosen},
    )


def cell_of(row):
    if isinstance(row, dict):
        return tuple(row[name] for name in CELL)
    return tuple(getattr(row, name) for name in CELL)


@transaction.atomic
def recount(survey):
    """Rebuild `survey`'s kept counts from its answers; True if they were wrong."""
    if connection.vendor == "postgresql":
        # Writers wait for the few milliseconds of the recount instead of racing it.
        with connection.cursor() as cursor:
            cursor.execute("LOCK TABLE surveys_response, surveys_choice IN SHARE MODE")
    was = kept_counts(survey)
    ResponseTally.objects.filter(survey=survey).delete()
    base, chosen = fresh_counts(survey)
    Tally.objects.filter(survey=survey).delete()
    ResponseTally.objects.bulk_create(
        ResponseTally(
            survey=survey, **dict(zip(CELL, cell, strict=True)), responses=n, reconstructed=r
        )
        for cell, (n, r) in base.items()
    )
    Tally.objects.bulk_create(
        Tally(survey=survey, option_id=option, **dict(zip(CELL, cell, strict=True)), n=n)
        for (option, *cell), n in chosen.items()
    )
    return was != (base, chosen)
