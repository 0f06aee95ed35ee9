"""Pydantic models made from values the code already holds in their fields' exact types.

Validating such values again costs most of making a small model (a section, a finding), and
the parser and the checks make many for every report. :func:`prebuilt` sets what pydantic's
own ``model_construct`` sets, without its Python-level walk over the fields; the callers give
every field, each of its exact type (``tests/test_prebuilt.py`` compares the result with
validation's).
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)


def prebuilt(cls: type[M], values: dict[str, Any], fields_set: set[str] | None = None) -> M:
    """``cls(**values)`` for a model without extras, private attributes or a post-init, with
    ``values`` holding every field, already valid; ``fields_set``: the fields to count as
    set (all of them when ``None``)."""
    made = cls.__new__(cls)
    object.__setattr__(made, "__dict__", values)
    object.__setattr__(made, "__pydantic_fields_set__", set(values) if fields_set is None else fields_set)
    object.__setattr__(made, "__pydantic_extra__", None)
    object.__setattr__(made, "__pydantic_private__", None)
    return made
