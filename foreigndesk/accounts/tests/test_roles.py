"""The desk's roles: the groups the migration creates, what each may do, and the helpers."""

from __future__ import annotations

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.core.management import call_command
from django.db import connection

from foreigndesk.accounts.roles import (
    ADMIN,
    EDITOR,
    ROLES,
    TRANSLATOR,
    has_role,
    roles_of,
    users_with_role,
)
from foreigndesk.testing import factories

pytestmark = pytest.mark.django_db

roles_migration = importlib.import_module("foreigndesk.accounts.migrations.0002_roles")

WORKFLOW = {
    "newsroom.triage_original",
    "newsroom.assign_translation",
    "newsroom.review_translation",
    "newsroom.publish_translation",
    "newsroom.write_editor_note",
    "newsroom.correct_translation",
    "newsroom.withdraw_translation",
}


def _permissions(role: str) -> set[str]:
    group = Group.objects.get(name=role)
    return {
        f"{app}.{codename}"
        for app, codename in group.permissions.values_list("content_type__app_label", "codename")
    }


def test_the_migration_creates_the_three_roles():
    assert set(Group.objects.filter(name__in=ROLES).values_list("name", flat=True)) == set(ROLES)


def test_a_translator_claims_translates_and_comments_but_does_not_edit_or_publish():
    translator = _permissions(TRANSLATOR)
    assert {
        "newsroom.view_translation",
        "newsroom.claim_translation",
        "newsroom.comment_translation",
    } <= translator
    assert not translator & (WORKFLOW | {"newsroom.change_translation"})


def test_an_editor_does_what_a_translator_does_and_runs_the_desk():
    editor = _permissions(EDITOR)
    assert _permissions(TRANSLATOR) <= editor
    assert editor >= WORKFLOW | {"newsroom.change_translation", "intake.add_original"}
    assert "core.add_country" not in editor
    assert "auth.change_user" not in editor


def test_an_admin_also_keeps_the_reference_data_and_the_people():
    admin = _permissions(ADMIN)
    assert _permissions(EDITOR) <= admin
    assert {"core.add_country", "core.change_language", "intake.change_outlet"} <= admin
    assert {"newsroom.delete_topic", "auth.add_user", "accounts.change_contributor"} <= admin


def test_the_custom_permissions_are_the_models_own():
    # The migration names permissions the newsroom's Meta declares: none is a stray.
    declared = {
        codename for codename, _ in apps.get_model("newsroom", "Translation")._meta.permissions
    }
    used = {codename for _, _, codename, _ in roles_migration.ADMIN}
    custom = {
        codename
        for codename in used
        if not codename.startswith(("add_", "change_", "delete_", "view_"))
    }
    assert custom <= declared


def test_roles_of_a_user():
    translator = factories.translator("tina")
    editor = factories.user("edna", role=EDITOR)
    both = factories.user("bo", role=EDITOR)
    both.groups.add(Group.objects.get(name=TRANSLATOR))
    boss = factories.user("boss")
    boss.is_superuser = True
    boss.save()
    assert roles_of(translator) == {TRANSLATOR}
    assert roles_of(both) == {TRANSLATOR, EDITOR}
    assert roles_of(boss) == set(ROLES)
    assert roles_of(factories.user("noel")) == set()
    assert roles_of(AnonymousUser()) == set()
    assert roles_of(None) == set()
    assert has_role(editor, EDITOR)
    assert not has_role(editor, ADMIN)
    with pytest.raises(ValueError, match="Unknown role 'chief'"):
        has_role(editor, "chief")
    editor.is_active = False
    editor.save()
    assert roles_of(editor) == set()
    assert list(users_with_role(EDITOR)) == [both]


def test_the_migration_completes_a_filled_database_and_keeps_what_admins_added():
    editor = Group.objects.get(name=EDITOR)
    extra = Permission.objects.get(codename="add_country")
    editor.permissions.add(extra)
    Permission.objects.filter(codename="claim_translation").delete()  # as on an old database
    schema_editor = SimpleNamespace(connection=connection)
    roles_migration.create_roles(apps, schema_editor)
    roles_migration.create_roles(apps, schema_editor)  # twice: nothing doubles
    assert "core.add_country" in _permissions(EDITOR)
    assert "newsroom.claim_translation" in _permissions(TRANSLATOR)
    assert Group.objects.filter(name__in=ROLES).count() == 3


@pytest.mark.django_db(transaction=True)
def test_the_migration_reverses_and_applies_again():
    call_command("migrate", "accounts", "0001_initial", verbosity=0)
    assert not Group.objects.filter(name__in=ROLES).exists()
    call_command("migrate", "accounts", verbosity=0)
    assert set(Group.objects.filter(name__in=ROLES).values_list("name", flat=True)) == set(ROLES)
