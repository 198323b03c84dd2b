"""Progress messages that count: `Step` is a message (a str, for callers that only print) that also
says it is document `done` of `total` of one kind, so that a front end can draw a progress bar."""

from __future__ import annotations


class Step(str):
    """"生成交办函：市科技局", the 4th of 18 交办函."""

    done: int
    total: int
    kind: str

    def __new__(cls, message: str, done: int, total: int, kind: str) -> Step:
        step = super().__new__(cls, message)
        step.done, step.total, step.kind = done, total, kind
        return step
