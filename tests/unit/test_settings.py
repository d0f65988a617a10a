"""Settings: defaults, the environment, ``*_FILE`` secrets, and loud failures."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from unknot.errors import InvalidInput
from unknot.settings import load_settings


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No UNKNOT_* variable from the machine running the tests; HOME is a fresh directory."""
    for name in list(os.environ):
        if name.upper().startswith("UNKNOT_"):
            monkeypatch.delenv(name)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    return home


def test_home_defaults_to_local_share_unknot_in_the_users_home(clean_environment: Path) -> None:
    settings = load_settings()
    assert settings.home == clean_environment / ".local" / "share" / "unknot"
    assert settings.database_url is None
    assert settings.uses_local_file


def test_the_default_database_is_the_sqlite_file_in_home(clean_environment: Path) -> None:
    expected = clean_environment / ".local" / "share" / "unknot" / "unknot.db"
    assert load_settings().effective_database_url == f"sqlite:///{expected}"


def test_unknot_home_is_read_and_its_tilde_expanded(
    monkeypatch: pytest.MonkeyPatch, clean_environment: Path
) -> None:
    monkeypatch.setenv("UNKNOT_HOME", "~/back-diary")
    settings = load_settings()
    assert settings.home == clean_environment / "back-diary"
    assert settings.effective_database_url == f"sqlite:///{clean_environment}/back-diary/unknot.db"


def test_a_relative_home_is_made_absolute(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("UNKNOT_HOME", "data")
    assert load_settings().home == tmp_path / "data"


def test_an_empty_home_is_an_error_naming_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UNKNOT_HOME", "  ")
    with pytest.raises(InvalidInput) as caught:
        load_settings()
    assert caught.value.field == "UNKNOT_HOME"


@pytest.mark.parametrize(
    ("given", "effective"),
    [
        (
            "postgresql+psycopg://postgres@127.0.0.1:5432/test",
            "postgresql+psycopg://postgres@127.0.0.1:5432/test",
        ),
        (
            "postgresql://app@db.example:5432/unknot",
            "postgresql+psycopg://app@db.example:5432/unknot",
        ),
        ("postgres://app@db.example/unknot", "postgresql+psycopg://app@db.example/unknot"),
        ("sqlite:////srv/unknot/shared.db", "sqlite:////srv/unknot/shared.db"),
        ("sqlite://", "sqlite://"),
        ("  postgresql://app@h/db \n", "postgresql+psycopg://app@h/db"),
    ],
)
def test_unknot_database_url_is_used_and_postgres_gets_the_psycopg_driver(
    monkeypatch: pytest.MonkeyPatch, given: str, effective: str
) -> None:
    monkeypatch.setenv("UNKNOT_DATABASE_URL", given)
    settings = load_settings()
    assert settings.effective_database_url == effective
    assert not settings.uses_local_file


def test_an_empty_database_url_means_the_local_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UNKNOT_DATABASE_URL", "")
    assert load_settings().uses_local_file


@pytest.mark.parametrize(
    ("bad", "says"),
    [
        ("not a url", "is not a database URL"),
        ("127.0.0.1:5432/test", "is not a database URL"),
        ("mysql://app:hunter2@db.example/unknot", "supports sqlite and postgresql, not 'mysql'"),
        ("postgresql://app:hunter2@db.example", "names no database"),
    ],
)
def test_a_bad_database_url_is_an_error_that_names_the_variable_and_shows_no_password(
    monkeypatch: pytest.MonkeyPatch, bad: str, says: str
) -> None:
    monkeypatch.setenv("UNKNOT_DATABASE_URL", bad)
    with pytest.raises(InvalidInput) as caught:
        load_settings()
    assert caught.value.field == "UNKNOT_DATABASE_URL"
    assert says in caught.value.message
    assert "postgresql+psycopg://" in caught.value.message  # an example of what is allowed
    assert "hunter2" not in str(caught.value)


def test_the_database_url_can_come_from_a_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    secret = tmp_path / "database_url"
    secret.write_text("postgresql://app:s3cret@db.example/unknot\n", encoding="utf-8")
    monkeypatch.setenv("UNKNOT_DATABASE_URL_FILE", str(secret))
    settings = load_settings()
    assert settings.effective_database_url == "postgresql+psycopg://app:s3cret@db.example/unknot"


def test_home_can_come_from_a_file_too(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    holder = tmp_path / "home_path"
    holder.write_text(f"{tmp_path}/from-file\n", encoding="utf-8")
    monkeypatch.setenv("UNKNOT_HOME_FILE", str(holder))
    assert load_settings().home == tmp_path / "from-file"


def test_a_bad_url_in_the_file_is_reported_like_one_in_the_variable(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    secret = tmp_path / "database_url"
    secret.write_text("oracle://scott@db/orcl", encoding="utf-8")
    monkeypatch.setenv("UNKNOT_DATABASE_URL_FILE", str(secret))
    with pytest.raises(InvalidInput, match="not 'oracle'"):
        load_settings()


def test_a_missing_file_is_an_error_naming_the_file_variable(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("UNKNOT_DATABASE_URL_FILE", str(tmp_path / "absent"))
    with pytest.raises(InvalidInput) as caught:
        load_settings()
    assert caught.value.field == "UNKNOT_DATABASE_URL_FILE"
    assert "cannot read" in caught.value.message


def test_setting_both_a_variable_and_its_file_form_is_an_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    secret = tmp_path / "database_url"
    secret.write_text("postgresql://app@h/db", encoding="utf-8")
    monkeypatch.setenv("UNKNOT_DATABASE_URL", "postgresql://other@h/db")
    monkeypatch.setenv("UNKNOT_DATABASE_URL_FILE", str(secret))
    with pytest.raises(InvalidInput, match="not both") as caught:
        load_settings()
    assert caught.value.field == "UNKNOT_DATABASE_URL_FILE"


def test_keyword_arguments_win_over_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("UNKNOT_HOME", str(tmp_path / "env"))
    assert load_settings(home=tmp_path / "given").home == tmp_path / "given"


def test_the_password_is_hidden_when_settings_are_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UNKNOT_DATABASE_URL", "postgresql://app:s3cret@db.example/unknot")
    settings = load_settings()
    assert "s3cret" not in repr(settings)
    assert settings.describe_database() == "postgresql+psycopg://app:***@db.example/unknot"


def test_the_web_apps_threads_default_to_a_few_and_are_read_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert load_settings().web_threads == 5
    monkeypatch.setenv("UNKNOT_WEB_THREADS", "12")
    assert load_settings().web_threads == 12
    monkeypatch.setenv("UNKNOT_WEB_THREADS", "0")
    with pytest.raises(InvalidInput) as caught:
        load_settings()
    assert caught.value.field == "UNKNOT_WEB_THREADS"
