"""A problem an editor must fix, said as `path:line: message`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    path: str  # as editors see it, e.g. docs/morning/2026/2026-11-27.md
    line: int
    message: str  # in Chinese, with how to fix it

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def shortened(value, limit: int = 30) -> str:
    """A value as a message quotes it: never the whole of a long one."""
    text = str(value) if isinstance(value, (str, int, float, bool)) else "列表或括号"
    return text if len(text) <= limit else text[: limit - 1] + "…"
