import pytest
from django.core.exceptions import ImproperlyConfigured

from foreigndesk.__main__ import main
from foreigndesk.settings.base import env_bool, env_list


def test_env_bool(monkeypatch):
    for value, expected in [("1", True), ("yes", True), ("FALSE", False), ("", True)]:
        monkeypatch.setenv("SOME_FLAG", value)
        assert env_bool("SOME_FLAG", True) is expected
    monkeypatch.setenv("SOME_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG"):
        env_bool("SOME_FLAG", False)


def test_env_list(monkeypatch):
    monkeypatch.setenv("HOSTS", " a.example, ,b.example ")
    assert env_list("HOSTS", "") == ["a.example", "b.example"]


def test_console_script_accepts_hyphenated_command_names(monkeypatch):
    seen = []
    monkeypatch.setattr("django.core.management.execute_from_command_line", seen.append)
    main(["foreigndesk", "import-url", "https://news.example/a-b"])
    main(["foreigndesk", "--version"])
    assert seen == [
        ["foreigndesk", "import_url", "https://news.example/a-b"],
        ["foreigndesk", "--version"],
    ]
