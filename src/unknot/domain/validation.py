"""Turning pydantic's validation into unknot's rules: name the field, say what is allowed,
and warn (never fail) on fields we do not know."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from unknot.errors import InvalidInput

BaseModelT = TypeVar("BaseModelT", bound=BaseModel)


class Strict(BaseModel):
    """Base for input models: unknown fields are kept so that they can be reported as warnings."""

    model_config = ConfigDict(extra="allow", frozen=True, str_strip_whitespace=True)


def field_path(loc: tuple[int | str, ...]) -> str:
    """``("startback", "q9")`` -> ``startback.q9``; list indexes become ``[0]``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out


def invalid_from(error: ValidationError, prefix: str = "") -> InvalidInput:
    """The first problem in ``error`` as an :class:`InvalidInput` naming the field."""
    first = error.errors(include_url=False)[0]
    loc = tuple(first["loc"])
    path = field_path(loc)
    if prefix:
        path = f"{prefix}.{path}" if path else prefix
    message = str(first["msg"])
    if first["type"] == "missing":
        message = "this field is required"
    elif first["type"] in {"int_type", "int_parsing", "int_from_float"}:
        message = f"{message} (got {first.get('input')!r})"
    return InvalidInput(path or "(top level)", message)


def unknown_fields(model: BaseModel, prefix: str = "") -> list[str]:
    """Dotted paths of every field in ``model`` (recursively) that the schema does not define."""
    found: list[str] = []
    for name in model.model_extra or {}:
        found.append(f"{prefix}{name}")
    for name in type(model).model_fields:
        value = getattr(model, name)
        if isinstance(value, BaseModel):
            found.extend(unknown_fields(value, f"{prefix}{name}."))
    return found


def parse(model: type[BaseModelT], data: Any, prefix: str = "") -> BaseModelT:
    """Validate ``data`` as ``model``; raise :class:`InvalidInput` on the first problem."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise invalid_from(exc, prefix) from None
