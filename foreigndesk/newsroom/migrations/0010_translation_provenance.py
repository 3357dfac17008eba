"""Translations get a copy of their original's outlet and of the outlet's country, filled here
for the rows already there, and the indexes an outlet's and a country's listings read."""

import django.db.models.deletion
from django.db import migrations, models


def copy_provenance(apps, schema_editor):
    Translation = apps.get_model("newsroom", "Translation")
    Original = apps.get_model("intake", "Original")
    source = Original.objects.filter(pk=models.OuterRef("original_id"))
    Translation.objects.using(schema_editor.connection.alias).update(
        outlet_id=models.Subquery(source.values("outlet_id")[:1]),
        country_id=models.Subquery(source.values("outlet__country_id")[:1]),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("intake", "0006_original_watch"),
        ("newsroom", "0009_tagging"),
    ]

    operations = [
        migrations.AddField(
            model_name="translation",
            name="outlet",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                editable=False,
                help_text="The original's outlet (a copy).",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="intake.outlet",
            ),
        ),
        migrations.AddField(
            model_name="translation",
            name="country",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                editable=False,
                help_text="The country of the original's outlet (a copy).",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="core.country",
            ),
        ),
        # Filled before the indexes are built: one pass over the table, then each index once.
        migrations.RunPython(copy_provenance, migrations.RunPython.noop, elidable=False),
        migrations.AddIndex(
            model_name="translation",
            index=models.Index(
                condition=models.Q(("is_public", True)),
                fields=["outlet", "-published_at", "-id"],
                name="translation_public_by_outlet",
            ),
        ),
        migrations.AddIndex(
            model_name="translation",
            index=models.Index(
                condition=models.Q(("is_public", True)),
                fields=["country", "-published_at", "-id"],
                name="translation_public_by_country",
            ),
        ),
    ]
