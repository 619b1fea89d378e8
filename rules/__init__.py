"""The one registry of rules. The converter, the report, the docs and the tests all read it from here."""

from __future__ import annotations

import importlib
import pkgutil
import re

from .base import Effort, Example, Rule

__all__ = ["Effort", "Example", "Rule", "all_rules", "get", "register"]

_REGISTRY: dict[str, type[Rule]] = {}
_ID = re.compile(r"[A-Z]{2}\d{3}\Z")


def register(cls: type[Rule]) -> type[Rule]:
    """Class decorator: add a rule to the registry (ids are unique and never reused)."""
    rule_id = cls.__name__ if not hasattr(cls, "id") else cls.id
    if not _ID.match(rule_id):
        raise ValueError(f"rule id {rule_id!r} is not of the form XX000")
    if rule_id in _REGISTRY and _REGISTRY[rule_id] is not cls:
        raise ValueError(f"rule id {rule_id} registered twice")
    if not (cls.__doc__ or "").strip():
        raise ValueError(f"rule {rule_id} has no docstring")
    cls.id = rule_id
    _REGISTRY[rule_id] = cls
    return cls


def _load() -> None:
    for family in ("oracle", "mysql", "sqlite", "sqlserver"):
        package = importlib.import_module(f"{__name__}.{family}")
        for info in pkgutil.iter_modules(package.__path__):
            importlib.import_module(f"{package.__name__}.{info.name}")


def all_rules() -> list[type[Rule]]:
    if not _REGISTRY:
        _load()
    return [_REGISTRY[k] for k in sorted(_REGISTRY)]


def get(rule_id: str) -> type[Rule]:
    if not _REGISTRY:
        _load()
    try:
        return _REGISTRY[rule_id]
    except KeyError:
        raise KeyError(f"no rule {rule_id} in the registry") from None
