"""The workbench's permissions for the desk's roles: translators use memory, glossary and
checks; editors keep the glossary and the memory and decide which checks block a submission."""

from django.db import migrations

TRANSLATOR = [
    ("workbench", "segment", "view_segment", "Can view segment"),
    ("workbench", "memoryentry", "view_memoryentry", "Can view memory entry"),
    ("workbench", "glossaryterm", "view_glossaryterm", "Can view glossary term"),
    ("workbench", "checkrule", "view_checkrule", "Can view check rule"),
]
EDITOR = TRANSLATOR + [
    ("workbench", "glossaryterm", "add_glossaryterm", "Can add glossary term"),
    ("workbench", "glossaryterm", "change_glossaryterm", "Can change glossary term"),
    ("workbench", "glossaryterm", "delete_glossaryterm", "Can delete glossary term"),
    ("workbench", "memoryentry", "add_memoryentry", "Can add memory entry"),
    ("workbench", "memoryentry", "delete_memoryentry", "Can delete memory entry"),
    ("workbench", "checkrule", "change_checkrule", "Can change check rule"),
]
ROLES = {"translator": TRANSLATOR, "editor": EDITOR, "admin": EDITOR}


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    db = schema_editor.connection.alias
    for role, permissions in ROLES.items():
        group, _ = Group.objects.using(db).get_or_create(name=role)
        for app_label, model, codename, name in permissions:
            content_type, _ = ContentType.objects.using(db).get_or_create(
                app_label=app_label, model=model
            )
            permission, _ = Permission.objects.using(db).get_or_create(
                content_type=content_type, codename=codename, defaults={"name": name}
            )
            group.permissions.add(permission)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    db = schema_editor.connection.alias
    for role, permissions in ROLES.items():
        group = Group.objects.using(db).filter(name=role).first()
        if group is not None:
            codenames = [codename for _, _, codename, _ in permissions]
            group.permissions.remove(
                *Permission.objects.using(db).filter(
                    content_type__app_label="workbench", codename__in=codenames
                )
            )


class Migration(migrations.Migration):

    dependencies = [
        ("workbench", "0001_initial"),
        ("accounts", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
