"""Taggings get a model of their own on the table the many-to-many field made, with a copy of
each translation's publication time and public state, filled here for the rows already there."""

import django.db.models.deletion
from django.db import migrations, models


def copy_publication(apps, schema_editor):
    Tagging = apps.get_model("newsroom", "Tagging")
    Translation = apps.get_model("newsroom", "Translation")
    owner = Translation.objects.filter(pk=models.OuterRef("translation_id"))
    Tagging.objects.using(schema_editor.connection.alias).update(
        published_at=models.Subquery(owner.values("published_at")[:1]),
        is_public=models.Subquery(owner.values("is_public")[:1]),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0008_archive_word_table"),
    ]

    operations = [
        # The table exists: only the project's picture of it changes.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Tagging",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "translation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="taggings",
                                to="newsroom.translation",
                            ),
                        ),
                        (
                            "topic",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="taggings",
                                to="newsroom.topic",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "newsroom_translation_topics",
                        "unique_together": {("translation", "topic")},
                    },
                ),
                migrations.AlterField(
                    model_name="translation",
                    name="topics",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="translations",
                        through="newsroom.Tagging",
                        to="newsroom.topic",
                    ),
                ),
            ],
            database_operations=[],
        ),
        migrations.AddField(
            model_name="tagging",
            name="published_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="tagging",
            name="is_public",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.RunPython(copy_publication, migrations.RunPython.noop, elidable=False),
        migrations.AddIndex(
            model_name="tagging",
            index=models.Index(
                condition=models.Q(("is_public", True)),
                fields=["topic", "-published_at", "-translation"],
                name="tagging_public_by_topic",
            ),
        ),
        migrations.AddIndex(
            model_name="tagging",
            index=models.Index(
                condition=models.Q(("is_public", True)),
                fields=["-published_at", "-translation"],
                name="tagging_public_recent",
            ),
        ),
    ]
