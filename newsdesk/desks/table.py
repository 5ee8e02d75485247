"""A TOML table read strictly: typed values, one-line errors naming the file, the table
and the key, and an unknown key an error."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from newsdesk.errors import NewsdeskError


class StrictTable:
    """One TOML table being read: every key read is checked, and a key that `schema` does
    not list for this table (by its dotted name, "" for the top level) is an error."""

    def __init__(self, data: dict[str, Any], name: str, path: Path,
                 schema: dict[str, set[str]]) -> None:
        self.data, self.name, self.path, self.schema = data, name, path, schema
        self.where = where = "the top level" if name == "" else f"[{name}]"
        unknown = sorted(set(data) - schema[name])
        if unknown:
            raise NewsdeskError(f"{path}: unknown key {unknown[0]!r} in {where}")

    def fail(self, key: str, reason: str) -> NewsdeskError:
        return NewsdeskError(f"{self.path}: {self.where} {key} {reason}")

    def value(self, key: str, kind: type, default: Any) -> Any:
        value = self.data.get(key, default)
        if value is default:
            return value
        # bool is an int in Python; a desk's `leads = true` is still a type error.
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise self.fail(key, f"must be {_kind_name(kind)}, not {type(value).__name__}")
        return value

    def text(self, key: str, default: Any = None, *, required: bool = False) -> Any:
        if required and key not in self.data:
            raise self.fail(key, "is required")
        value = self.value(key, str, default)
        if required and not value.strip():
            raise self.fail(key, "must not be empty")
        return value

    def texts(self, key: str) -> tuple[str, ...]:
        values = self.value(key, list, [])
        for item in values:
            if not isinstance(item, str) or not item.strip():
                raise self.fail(key, "must be a list of non-empty strings")
        return tuple(values)

    def count(self, key: str, default: int, *, minimum: int = 0) -> int:
        value = self.value(key, int, default)
        if value < minimum:
            raise self.fail(key, f"must be at least {minimum}, not {value}")
        return value

    def table(self, key: str) -> StrictTable | None:
        if key not in self.data:
            return None
        name = f"{self.name}.{key}" if self.name else key
        return StrictTable(self.value(key, dict, None), name, self.path, self.schema)


def _kind_name(kind: type) -> str:
    return {str: "a string", int: "an integer", bool: "true or false", list: "a list",
            dict: "a table"}.get(kind, kind.__name__)
