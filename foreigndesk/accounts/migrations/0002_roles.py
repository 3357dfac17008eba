"""The desk's roles as auth groups: translator, editor, admin.

Permissions are named by app label and codename and created here when missing (on an empty
database Django creates them only after every migration has run), so the groups are complete
whatever the order. The lists are frozen copies: a later change of a role is a new migration.
Reversing removes the three groups and leaves the permissions, which Django owns.
"""

from django.db import migrations

#: (app label, model, codename, name) of every permission a role uses.
TRANSLATOR = [
    ("newsroom", "translation", "view_translation", "Can view translation"),
    ("newsroom", "translation", "claim_translation", "Can claim, translate and submit translations"),
    ("newsroom", "translation", "comment_translation", "Can comment on translations"),
    ("intake", "original", "view_original", "Can view original"),
    ("newsroom", "topic", "view_topic", "Can view topic"),
    ("newsroom", "comment", "view_comment", "Can view comment"),
    ("newsroom", "revision", "view_revision", "Can view revision"),
]
EDITOR = TRANSLATOR + [
    ("newsroom", "translation", "triage_original", "Can accept or decline suggested originals"),
    ("newsroom", "translation", "assign_translation", "Can assign translations to translators"),
    ("newsroom", "translation", "review_translation", "Can review translations (request changes, approve)"),
    ("newsroom", "translation", "publish_translation", "Can publish or schedule approved translations"),
    ("newsroom", "translation", "write_editor_note", "Can write editor's notes"),
    ("newsroom", "translation", "correct_translation", "Can correct published translations"),
    ("newsroom", "translation", "withdraw_translation", "Can withdraw and restore published translations"),
    ("newsroom", "translation", "change_translation", "Can change translation"),
    ("newsroom", "credit", "view_credit", "Can view credit"),
    ("newsroom", "credit", "add_credit", "Can add credit"),
    ("newsroom", "credit", "change_credit", "Can change credit"),
    ("newsroom", "credit", "delete_credit", "Can delete credit"),
    ("newsroom", "correction", "view_correction", "Can view correction"),
    ("newsroom", "auditevent", "view_auditevent", "Can view audit event"),
    ("newsroom", "topic", "add_topic", "Can add topic"),
    ("intake", "original", "add_original", "Can add original"),
    ("intake", "original", "change_original", "Can change original"),
    ("intake", "outlet", "view_outlet", "Can view outlet"),
    ("intake", "author", "view_author", "Can view author"),
    ("intake", "author", "add_author", "Can add author"),
    ("accounts", "contributor", "view_contributor", "Can view contributor"),
]


def _model_permissions(app_label, model, verbose_name, actions=("add", "change", "delete", "view")):
    return [(app_label, model, f"{action}_{model}", f"Can {action} {verbose_name}") for action in actions]


#: Reference data and people are the admin's, on top of everything an editor does.
ADMIN = (
    EDITOR
    + _model_permissions("core", "country", "country")
    + _model_permissions("core", "language", "language")
    + _model_permissions("intake", "outlet", "outlet")
    + _model_permissions("intake", "outletdomain", "outlet domain")
    + _model_permissions("intake", "author", "author")
    + _model_permissions("intake", "original", "original")
    + _model_permissions("newsroom", "topic", "topic")
    + _model_permissions("newsroom", "translation", "translation")
    + _model_permissions("accounts", "contributor", "contributor")
    + _model_permissions("auth", "user", "user")
    + _model_permissions("auth", "group", "group", actions=("view",))
)

ROLES = {"translator": TRANSLATOR, "editor": EDITOR, "admin": ADMIN}


def create_roles(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    db = schema_editor.connection.alias
    for role, permissions in ROLES.items():
        group, _ = Group.objects.using(db).get_or_create(name=role)
        for app_label, model, codename, name in dict.fromkeys(permissions):
            content_type, _ = ContentType.objects.using(db).get_or_create(
                app_label=app_label, model=model
            )
            permission, _ = Permission.objects.using(db).get_or_create(
                content_type=content_type, codename=codename, defaults={"name": name}
            )
            group.permissions.add(permission)


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).filter(name__in=ROLES).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0001_initial"),
        ("intake", "0001_initial"),
        ("newsroom", "0003_workflow"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
