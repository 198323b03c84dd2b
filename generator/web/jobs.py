"""Long runs (a build) in a background thread, with what the page polls: the messages, documents
done of the expected total, and at the end the result or the error's Chinese text."""

from __future__ import annotations

import itertools
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from generator.errors import TaskdocError

MAX_KEPT = 20  # finished jobs the server remembers (the page asks for the last one)
MESSAGES_SHOWN = 8  # the last messages a status carries


@dataclass
class Job:
    """One run: `expected` documents, one `生成…` progress message each."""

    id: str
    kind: str
    expected: int = 0
    messages: list[str] = field(default_factory=list)
    done: int = 0
    finished: bool = False
    error: str = ""
    result: Any = None
    started: float = field(default_factory=time.time)
    ended: float = 0.0
    summary: dict[str, Any] = field(default_factory=dict)

    def progress(self, message: str) -> None:
        """The `progress` callback of an api function: a message that starts with 生成 is one
        document (or one step) done."""
        self.messages.append(str(message))
        if str(message).startswith("生成"):
            self.done += 1

    @property
    def percent(self) -> int:
        if self.finished:
            return 0 if self.error else 100
        if not self.expected:
            return 0
        return min(99, round(100 * self.done / self.expected))

    def status(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "finished": self.finished, "error": self.error,
                "done": min(self.done, self.expected) if self.expected else self.done,
                "total": self.expected, "percent": self.percent,
                "messages": self.messages[-MESSAGES_SHOWN:], "summary": self.summary}


class Jobs:
    """The server's runs, by id."""

    def __init__(self, shown: Callable[[str], str] = lambda text: text) -> None:
        self._shown = shown  # an error's text as the page shows it (the workspace's paths shortened)
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._ids = itertools.count(1)

    def start(self, kind: str, work: Callable[[Job], Any], describe: Callable[[Job, Any], dict[str, Any]]) -> Job:
        """Run `work(job)` in a thread; its return value goes through `describe` into the summary
        the page shows. A TaskdocError's Chinese text (its notes under it) becomes `error`."""
        with self._lock:
            job = Job(f"{next(self._ids)}", kind)
            self._jobs[job.id] = job
            finished = [j for j in self._jobs.values() if j.finished]
            for old in finished[:-MAX_KEPT]:
                del self._jobs[old.id]

        def run() -> None:
            try:
                job.result = work(job)
                job.summary = describe(job, job.result)
            except TaskdocError as err:
                job.error = self._shown("\n".join([err.describe(), *getattr(err, "__notes__", ())]))
            except Exception as err:  # the last guard: the page shows a message, never a traceback
                traceback.print_exc()
                written = "" if getattr(err, "__notes__", None) else "您的文件未被修改；"
                job.error = "\n".join([f"taskdoc 内部错误（{type(err).__name__}：{err}）。{written}"
                                       "请把这段信息发给维护人员。", *getattr(err, "__notes__", ())])
            finally:
                job.ended = time.time()
                job.finished = True

        threading.Thread(target=run, name=f"taskdoc-{kind}-{job.id}", daemon=True).start()
        return job

    def get(self, job_id: str) -> Job | None:
        return self._jobs.get(job_id)

    def last(self, kind: str) -> Job | None:
        with self._lock:
            jobs = [j for j in self._jobs.values() if j.kind == kind]
        return jobs[-1] if jobs else None

    def running(self) -> list[Job]:
        return [j for j in self._jobs.values() if not j.finished]
