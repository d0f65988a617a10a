"""unknot's settings: one typed class, read from the environment, failing loudly.

=========================== ======================================= ============================
Variable                    Meaning                                 Default
=========================== ======================================= ============================
``UNKNOT_HOME``             where the local data lives              ``~/.local/share/unknot``
``UNKNOT_DATABASE_URL``     a database to use instead of the local  none: SQLite file
                            SQLite file, e.g.                       ``<home>/unknot.db``
                            ``postgresql+psycopg://u@host:5432/db``
``UNKNOT_WEB_THREADS``      threads of each web server process,     ``5``
                            in each of its two pools (see below)
=========================== ======================================= ============================

Each variable also has a ``*_FILE`` form (``UNKNOT_DATABASE_URL_FILE=/run/secrets/db``) that
names a file holding the value, so that secrets need not sit in the environment. Setting both
forms of one variable is an error.

Settings are built by :func:`load_settings` at start-up, never at import time.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError, field_validator
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from unknot.errors import InvalidInput

ENV_PREFIX = "UNKNOT_"
"""Every setting is read from an environment variable with this prefix."""

DEFAULT_HOME = "~/.local/share/unknot"
"""Where local data lives unless ``UNKNOT_HOME`` says otherwise (the XDG data directory)."""

SQLITE_FILE_NAME = "unknot.db"
"""The name of the embedded SQLite database inside ``home``."""

SUPPORTED_BACKENDS = ("sqlite", "postgresql")
"""The databases unknot is tested on."""

DEFAULT_WEB_THREADS = 5
"""[DESIGN] Threads of a web server process, in each of its two pools: anyio's, which runs the
routes that are plain functions, and the database threads, which run the database work of the
async routes (``/today``, logging a session: :meth:`unknot.web.storage.Storage.call`). More
requests than that wait their turn, first come first served. A request is mostly CPU and a
process runs Python on one core at a time, so a few threads are enough to overlap the
database's waits; many more only share the core among more half-done requests (a longer tail)
and, on PostgreSQL, outnumber the process's pool of 5 connections kept open
(``unknot.adapters.db.POSTGRES_POOL_SIZE``), so that connections are opened and closed under
load."""

DEFAULT_POSTGRES_DRIVER = "psycopg"
"""The driver used for ``postgresql://`` URLs that name none (psycopg 3, the ``postgres`` extra)."""


def env_name(field_name: str) -> str:
    """``database_url`` -> ``UNKNOT_DATABASE_URL``."""
    return f"{ENV_PREFIX}{field_name.upper()}"


class _FileVariables(PydanticBaseSettingsSource):
    """Reads ``UNKNOT_<NAME>_FILE``: the value of a setting kept in a file (Docker secrets)."""

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        variable = f"{env_name(field_name)}_FILE"
        path = _environ_get(variable)
        if path is None:
            return None, field_name, False
        if _environ_get(env_name(field_name)) is not None:
            raise InvalidInput(
                variable, f"set either {env_name(field_name)} or {variable}, not both"
            )
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise InvalidInput(variable, f"cannot read {path!r}: {exc.strerror}") from None
        return text.strip(), field_name, False

    def __call__(self) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for name, field in self.settings_cls.model_fields.items():
            value, key, _ = self.get_field_value(field, name)
            if value is not None:
                found[key] = value
        return found


def _environ_get(name: str) -> str | None:
    """The value of ``name`` in the environment, matched without regard to case."""
    wanted = name.upper()
    for key, value in os.environ.items():
        if key.upper() == wanted:
            return value
    return None


def normalise_database_url(value: str) -> str:
    """Check ``value`` is a URL of a supported database; give ``postgresql://`` its driver.

    Raises ``ValueError`` with a message that says what is allowed.
    """
    example = "e.g. postgresql+psycopg://user@127.0.0.1:5432/unknot or sqlite:////path/unknot.db"
    try:
        url: URL = make_url(value)
    except ArgumentError:
        raise ValueError(f"is not a database URL ({example})") from None
    backend, _, driver = url.drivername.partition("+")
    if backend == "postgres":
        backend = "postgresql"
    if backend not in SUPPORTED_BACKENDS:
        raise ValueError(
            f"unknot supports {' and '.join(SUPPORTED_BACKENDS)}, not {backend!r} ({example})"
        )
    if backend == "sqlite":
        return value
    if not url.database:
        raise ValueError(f"names no database ({example})")
    url = url.set(drivername=f"postgresql+{driver or DEFAULT_POSTGRES_DRIVER}")
    return url.render_as_string(hide_password=False)


class Settings(BaseSettings):
    """Everything unknot reads from its environment. Build it with :func:`load_settings`."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore", frozen=True)

    home: Path = Field(
        default=Path(DEFAULT_HOME), description="Where local data (the SQLite database) lives."
    )
    database_url: str | None = Field(
        default=None,
        repr=False,
        description="A database to use instead of the SQLite file under home.",
    )

    web_threads: int = Field(
        default=DEFAULT_WEB_THREADS,
        ge=1,
        le=1000,
        description="Requests the web app runs at once in each server process.",
    )

    @field_validator("home", mode="before")
    @classmethod
    def _home_is_a_directory_path(cls, value: Any) -> Any:
        if isinstance(value, str | Path) and not str(value).strip():
            raise ValueError("is empty; give a directory, e.g. ~/.local/share/unknot")
        return value

    @field_validator("home")
    @classmethod
    def _expand_home(cls, value: Path) -> Path:
        return value.expanduser().absolute()

    @field_validator("database_url")
    @classmethod
    def _supported_database(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        return normalise_database_url(value.strip())

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return init_settings, env_settings, _FileVariables(settings_cls)

    @property
    def sqlite_path(self) -> Path:
        """The embedded database file: ``<home>/unknot.db``."""
        return self.home / SQLITE_FILE_NAME

    @property
    def effective_database_url(self) -> str:
        """``UNKNOT_DATABASE_URL`` when set, else the SQLite file under ``home``."""
        if self.database_url is not None:
            return self.database_url
        return f"sqlite:///{self.sqlite_path}"

    @property
    def uses_local_file(self) -> bool:
        """True when the database is the embedded SQLite file under ``home``."""
        return self.database_url is None

    def describe_database(self) -> str:
        """The effective URL with any password hidden, safe to print or log."""
        return make_url(self.effective_database_url).render_as_string(hide_password=True)


def load_settings(**overrides: Any) -> Settings:
    """Read the settings from the environment (keyword arguments win over it).

    Raises :class:`~unknot.errors.InvalidInput` naming the variable and what is allowed.
    """
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        name = str(first["loc"][0]) if first["loc"] else ""
        message = str(first["msg"]).removeprefix("Value error, ")
        raise InvalidInput(env_name(name) if name else ENV_PREFIX + "*", message) from None
