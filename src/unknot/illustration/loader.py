"""Loading pose files: ``content/poses/<exercise-id>.yaml``, validated, cached per id."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from unknot.domain.validation import field_path
from unknot.errors import ContentError, NotFound
from unknot.illustration.arrows import arrow_problems
from unknot.illustration.scene import Scene, build_scene, geometry_problems
from unknot.illustration.skeleton import JOINTS
from unknot.illustration.spec import PoseSpec


def poses_dir() -> Path:
    """The package's pose files."""
    return Path(__file__).resolve().parent.parent / "content" / "poses"


def known_pose_ids(directory: Path | None = None) -> list[str]:
    """Ids of every pose file, sorted."""
    folder = directory or poses_dir()
    return sorted(path.stem for path in folder.glob("*.yaml"))


def _message(error: dict[str, Any]) -> str:
    loc = tuple(error["loc"])
    if error["type"] == "extra_forbidden":
        if len(loc) >= 2 and loc[-2] == "pose":
            return f"unknown joint; known joints: {', '.join(JOINTS)}"
        return "unknown field"
    message = str(error["msg"])
    return message.removeprefix("Value error, ")


def parse_pose(data: Any, source: str) -> PoseSpec:
    """Validate one pose file's data; ``source`` names the file in error messages."""
    if not isinstance(data, dict):
        raise ContentError(f"{source}: the file must hold a mapping (id, name, view, keyframes)")
    try:
        spec = PoseSpec.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        path = field_path(tuple(first["loc"])) or "(top level)"
        raise ContentError(f"{source}: {path}: {_message(dict(first))}") from None
    scene = build_scene(spec)
    problems = geometry_problems(scene) + arrow_problems(scene)
    if problems:
        raise ContentError(f"{source}: " + "; ".join(problems))
    return spec


def read_pose_file(path: Path) -> PoseSpec:
    source = f"poses/{path.name}"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ContentError(f"{source}: not valid YAML: {exc}") from None
    spec = parse_pose(data, source)
    if spec.id != path.stem:
        raise ContentError(f"{source}: id: {spec.id!r} does not match the file name")
    return spec


_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@cache
def _load(exercise_id: str, directory: Path) -> PoseSpec:
    path = directory / f"{exercise_id}.yaml"
    if not _ID.match(exercise_id) or not path.is_file():
        raise NotFound("pose", exercise_id, known_pose_ids(directory))
    return read_pose_file(path)


def load_pose(exercise_id: str, directory: Path | None = None) -> PoseSpec:
    """The validated pose file of an exercise. Raises :class:`NotFound` for an unknown id and
    :class:`ContentError` (naming the file and the field) for a malformed file."""
    return _load(exercise_id, (directory or poses_dir()).resolve())


@cache
def _scene(exercise_id: str, directory: Path) -> Scene:
    return build_scene(_load(exercise_id, directory))


def load_scene(exercise_id: str, directory: Path | None = None) -> Scene:
    """The exercise's keyframes placed in the world, with its props."""
    return _scene(exercise_id, (directory or poses_dir()).resolve())
