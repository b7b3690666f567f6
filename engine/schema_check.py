"""A small JSON Schema (draft 2020-12) validator for the subset our test-set schema uses.

Why our own: the schema is checked on every form load, and a full validator would be a heavy
dependency on that path. Supported keywords: type, const, enum, required, properties,
additionalProperties (false or a schema), items, minItems, maxItems, minimum, maximum,
exclusiveMinimum, minLength, pattern, oneOf, anyOf and local $ref ("#/$defs/..."). Annotations
($schema, $id, title, description) are ignored. The tests check this subset agrees with the
`jsonschema` package on the shipped schema."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

TESTSET_SCHEMA = "testset.schema.json"
_TYPES = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, float) and v.is_integer()),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}


@dataclass(frozen=True, slots=True)
class Problem:
    """One way an instance breaks the schema: where (a JSON pointer) and what."""

    pointer: str
    message: str

    def __str__(self) -> str:
        return f"{self.pointer or '/'}: {self.message}"


@cache
def load_schema(name: str = TESTSET_SCHEMA) -> dict[str, Any]:
    """A schema shipped in engine/schemas/ (package data)."""
    return json.loads(resources.files("engine").joinpath("schemas", name).read_text(encoding="utf-8"))


def validate(instance: Any, schema: dict[str, Any] | None = None, limit: int = 50) -> list[Problem]:
    """Every problem (up to `limit`) of `instance` against `schema` (default: the test-set schema)."""
    root = load_schema() if schema is None else schema
    problems: list[Problem] = []
    _check(instance, root, root, "", problems, limit)
    return problems[:limit]


def _pointer(base: str, part: str | int) -> str:
    return f"{base}/{str(part).replace('~', '~0').replace('/', '~1')}"


def _resolve(root: dict[str, Any], ref: str) -> dict[str, Any]:
    if not ref.startswith("#/"):
        raise ValueError(f"only local $ref are supported, got {ref!r}")
    node: Any = root
    for part in ref[2:].split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "..."


def _check(value: Any, schema: dict[str, Any], root: dict[str, Any], where: str, out: list[Problem],
           limit: int) -> None:
    if len(out) >= limit:
        return
    if "$ref" in schema:
        _check(value, _resolve(root, schema["$ref"]), root, where, out, limit)
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_TYPES[name](value) for name in types):
            out.append(Problem(where, f"must be {' or '.join(types)}, got {_show(value)}"))
            return  # further keywords would only repeat the type problem
    if "const" in schema and value != schema["const"]:
        out.append(Problem(where, f"must be {_show(schema['const'])}, got {_show(value)}"))
    if "enum" in schema and value not in schema["enum"]:
        out.append(Problem(where, f"must be one of {', '.join(_show(v) for v in schema['enum'])}, got {_show(value)}"))
    if "oneOf" in schema or "anyOf" in schema:
        _check_alternatives(value, schema, root, where, out, limit)
    if isinstance(value, dict):
        _check_object(value, schema, root, where, out, limit)
    elif isinstance(value, list):
        _check_array(value, schema, root, where, out, limit)
    elif isinstance(value, str):
        if len(value) < schema.get("minLength", 0):
            out.append(Problem(where, "must not be empty" if schema["minLength"] == 1
                               else f"must have at least {schema['minLength']} characters"))
        if "pattern" in schema and not re.search(schema["pattern"], value):
            out.append(Problem(where, f"{_show(value)} does not match the pattern {schema['pattern']}"))
    elif isinstance(value, int | float) and not isinstance(value, bool):
        _check_number(value, schema, where, out)


def _check_number(value: float, schema: dict[str, Any], where: str, out: list[Problem]) -> None:
    if "minimum" in schema and value < schema["minimum"]:
        out.append(Problem(where, f"must be at least {schema['minimum']}, got {_show(value)}"))
    if "maximum" in schema and value > schema["maximum"]:
        out.append(Problem(where, f"must be at most {schema['maximum']}, got {_show(value)}"))
    if "exclusiveMinimum" in schema and value <= schema["exclusiveMinimum"]:
        out.append(Problem(where, f"must be greater than {schema['exclusiveMinimum']}, got {_show(value)}"))


def _check_object(value: dict[str, Any], schema: dict[str, Any], root: dict[str, Any], where: str,
                  out: list[Problem], limit: int) -> None:
    for name in schema.get("required", []):
        if name not in value:
            out.append(Problem(where, f"the required field '{name}' is missing"))
    properties = schema.get("properties", {})
    extra = schema.get("additionalProperties", True)
    for name, child in value.items():
        if name in properties:
            _check(child, properties[name], root, _pointer(where, name), out, limit)
        elif extra is False:
            known = ", ".join(sorted(properties))
            out.append(Problem(_pointer(where, name), f"unknown field '{name}' (allowed: {known})"))
        elif isinstance(extra, dict):
            _check(child, extra, root, _pointer(where, name), out, limit)


def _check_array(value: list[Any], schema: dict[str, Any], root: dict[str, Any], where: str,
                 out: list[Problem], limit: int) -> None:
    if len(value) < schema.get("minItems", 0):
        out.append(Problem(where, "must not be empty" if schema["minItems"] == 1
                           else f"needs at least {schema['minItems']} entries, has {len(value)}"))
    if "maxItems" in schema and len(value) > schema["maxItems"]:
        out.append(Problem(where, f"has {len(value)} entries; at most {schema['maxItems']} allowed"))
    if "items" in schema:
        for index, child in enumerate(value):
            _check(child, schema["items"], root, _pointer(where, index), out, limit)


def _check_alternatives(value: Any, schema: dict[str, Any], root: dict[str, Any], where: str,
                        out: list[Problem], limit: int) -> None:
    """oneOf/anyOf: report the problems of the closest alternative, not of all of them."""
    keyword = "oneOf" if "oneOf" in schema else "anyOf"
    results = []
    for option in schema[keyword]:
        found: list[Problem] = []
        _check(value, option, root, where, found, limit)
        results.append(found)
    passing = sum(1 for found in results if not found)
    if keyword == "oneOf" and passing > 1:
        out.append(Problem(where, "matches more than one of the allowed forms"))
    if passing:
        return
    tag = _discriminator(value, schema[keyword], root)
    if tag is not None:
        name, allowed = tag
        out.append(Problem(_pointer(where, name), f"must be one of {', '.join(_show(v) for v in allowed)}, "
                                                  f"got {_show(value.get(name))}"))
        return
    # The closest alternative: one that got past the type check at this level, fewest problems.
    def distance(found: list[Problem]) -> tuple[int, int]:
        shallow = any(p.pointer == where and p.message.startswith("must be ") for p in found)
        return (int(shallow), len(found))

    out.extend(min(results, key=distance))


def _discriminator(value: Any, options: list[dict[str, Any]], root: dict[str, Any]) -> tuple[str, list[Any]] | None:
    """When an object's tag field (e.g. 'kind') matches no alternative, that is the one problem to name."""
    if not isinstance(value, dict):
        return None
    consts: dict[str, list[Any]] = {}
    for option in options:
        option = _resolve(root, option["$ref"]) if "$ref" in option else option
        for name, prop in option.get("properties", {}).items():
            if "const" in prop:
                consts.setdefault(name, []).append(prop["const"])
    for name, allowed in consts.items():
        if value.get(name) not in allowed:
            return name, allowed
    return None
