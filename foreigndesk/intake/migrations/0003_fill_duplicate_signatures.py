# Originals stored before duplicate detection get their canonical URL and text signature, so that
# an import of the same article is recognised. A canonical URL two originals share is left to the
# first (the archive may already hold a duplicate; an editor can merge them).

from django.db import migrations


def fill(apps, schema_editor):
    from foreigndesk.intake import dedupe

    Original = apps.get_model("intake", "Original")
    TextBand = apps.get_model("intake", "TextBand")
    taken = set(Original.objects.exclude(canonical_url="").values_list("canonical_url", flat=True))
    for original in Original.objects.filter(text_signature="").order_by("pk").iterator():
        text = original.title + "\n" + "\n".join(block["text"] for block in original.blocks or [])
        signature = dedupe.minhash(text)
        original.checksum = original.checksum or dedupe.checksum(text)
        original.text_signature = dedupe.encode(signature)
        canonical = dedupe.canonical_url(original.url)
        if not original.canonical_url and canonical and canonical not in taken:
            original.canonical_url = canonical
            taken.add(canonical)
        original.save(update_fields=["checksum", "text_signature", "canonical_url"])
        TextBand.objects.bulk_create(
            TextBand(original=original, key=key) for key in dedupe.band_keys(signature)
        )


class Migration(migrations.Migration):

    dependencies = [
        ("intake", "0002_intake_state_signatures_requests"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
