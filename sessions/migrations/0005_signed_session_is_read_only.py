"""A signed session, and what was charted on it, cannot be changed by any path: PostgreSQL
refuses the write even from raw SQL or `QuerySet.update`, where no service guard runs.
Addenda (their own table) stay possible. SQLite, the zero-setup development database, relies
on the service and model guards alone."""

from django.db import migrations

CHARTED_TABLES = ("infusions_vitalsigns", "infusions_sideeffect", "infusions_sessionevent", "infusions_assessment")

CREATE = f"""
CREATE FUNCTION infusions_refuse_signed_session_write() RETURNS trigger AS $$
BEGIN
    IF TG_TABLE_NAME = 'infusions_infusionsession' THEN
        IF OLD.signed_at IS NOT NULL THEN
            RAISE EXCEPTION 'session % is signed and read-only; add an addendum instead', OLD.id
                USING ERRCODE = 'restrict_violation';
        END IF;
    ELSIF EXISTS (
        SELECT 1 FROM infusions_infusionsession
        WHERE id IN (NEW.session_id, OLD.session_id) AND signed_at IS NOT NULL
    ) THEN
        RAISE EXCEPTION '% belongs to a signed session and is read-only', TG_TABLE_NAME
            USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN COALESCE(NEW, OLD);
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER signed_session_read_only BEFORE UPDATE OR DELETE ON infusions_infusionsession
    FOR EACH ROW EXECUTE FUNCTION infusions_refuse_signed_session_write();
""" + "".join(
    f"CREATE TRIGGER signed_session_read_only BEFORE INSERT OR UPDATE OR DELETE ON {table} "
    "FOR EACH ROW EXECUTE FUNCTION infusions_refuse_signed_session_write();\n"
    for table in CHARTED_TABLES
)

DROP = "DROP FUNCTION infusions_refuse_signed_session_write() CASCADE;"


def on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("infusions", "0004_audit_change_origin_and_reading_checks")]

    operations = [migrations.RunPython(on_postgresql(CREATE), on_postgresql(DROP))]
