"""The one JSON writer of results: stable text that two runs give byte for byte."""

from __future__ import annotations

import json

from pydantic import BaseModel


def to_json(result: BaseModel) -> str:
    """Stable JSON text of a result (keys in declaration order, dates ISO, UTF-8, newline at the end)."""
    return json.dumps(result.model_dump(mode="json"), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


__all__ = ["to_json"]
