"""Closed rate windows are deleted by the database as new ones open (an AFTER INSERT trigger), so counting stays one
statement per hit: no sweep lands in some request's query count. A window reopened in place is an update and sweeps
nothing. A row goes once a window opens that ends more than an hour after it (windows are at most an hour long,
``newsroom.limits.MAX_SECONDS``); on PostgreSQL a hundred at a time, skipping rows another sweep holds."""

from django.db import migrations

SWEEP_SECONDS = 3600

POSTGRESQL = [
    f"""CREATE FUNCTION newsroom_ratewindow_sweep() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        DELETE FROM newsroom_ratewindow WHERE id IN (
            SELECT id FROM newsroom_ratewindow WHERE expires < NEW.expires - {SWEEP_SECONDS}
            ORDER BY expires LIMIT 100 FOR UPDATE SKIP LOCKED
        );
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER newsroom_ratewindow_sweep AFTER INSERT ON newsroom_ratewindow
    FOR EACH ROW EXECUTE FUNCTION newsroom_ratewindow_sweep()""",
]
SQLITE = [
    f"""CREATE TRIGGER newsroom_ratewindow_sweep AFTER INSERT ON newsroom_ratewindow
    BEGIN
        DELETE FROM newsroom_ratewindow WHERE expires < NEW.expires - {SWEEP_SECONDS};
    END""",
]
DROP = {
    "postgresql": [
        "DROP TRIGGER newsroom_ratewindow_sweep ON newsroom_ratewindow",
        "DROP FUNCTION newsroom_ratewindow_sweep()",
    ],
    "sqlite": ["DROP TRIGGER newsroom_ratewindow_sweep"],
}


def create(apps, schema_editor):
    for statement in {"postgresql": POSTGRESQL, "sqlite": SQLITE}.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement, params=None)


def drop(apps, schema_editor):
    for statement in DROP.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("newsroom", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
