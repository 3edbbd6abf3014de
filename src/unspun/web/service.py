"""What the routes share: the tracer, the work queue, the history, the families, and the jobs
that tie them together (a trace's report is rendered and kept in the worker thread)."""

from __future__ import annotations

import asyncio
import logging
import secrets
import time
from dataclasses import dataclass
from typing import Any

from unspun.index import AddResult
from unspun.records import Doc, InputFailure, Report
from unspun.report import to_json
from unspun.report.html import report_body
from unspun.web.families import FamilyStore
from unspun.web.history import History, StoredCheck, check_of
from unspun.web.inputs import BadRequest, Payload, docs_of, one_doc
from unspun.web.settings import WebSettings
from unspun.web.tracer import Tracer
from unspun.web.work import Job, WorkQueue

log = logging.getLogger("unspun.web")

MAX_TOP = 50


@dataclass(frozen=True, slots=True)
class Outcome:
    """A finished trace or compare: the report, its JSON and its rendered body."""

    report: Report
    json: dict[str, Any]
    body: str


@dataclass(frozen=True, slots=True)
class AddOutcome:
    result: AddResult
    failures: tuple[InputFailure, ...]
    total: int


def form_top(form: Any) -> int:
    raw = form.get("top") or "5"
    if not isinstance(raw, str) or not raw.strip().isdigit() or not 1 <= int(raw) <= MAX_TOP:
        raise BadRequest("invalid_field", f"'top' must be a whole number from 1 to {MAX_TOP}",
                         422)
    return int(raw)


def form_flag(form: Any, name: str) -> bool | None:
    raw = form.get(name)
    if raw is None or raw == "":
        return None
    value = raw.strip().lower() if isinstance(raw, str) else ""
    if value in ("true", "false"):
        return value == "true"
    raise BadRequest("invalid_field", f"'{name}' must be true or false", 422)


class Service:
    def __init__(self, settings: WebSettings) -> None:
        self.settings = settings
        self.tracer = Tracer(settings.index)
        self.queue = WorkQueue(settings.workers, settings.queue)
        self.history = History(settings.history_path) if settings.history else None
        self.families = FamilyStore(settings.families) if settings.families else None

    async def read_form(self, request: Any) -> Any:
        """The request's form; text fields may be as large as the ingest limit."""
        ctype = request.headers.get("content-type", "")
        if not ctype.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
            raise BadRequest("unsupported_media_type", "send multipart/form-data or "
                             "application/x-www-form-urlencoded", 415)
        return await request.form(max_files=100, max_fields=100,
                                  max_part_size=self.settings.max_bytes + 1024)

    # -- jobs --------------------------------------------------------------------------------
    def _submit(self, kind: str, label: str, fn: Any, *args: Any) -> Job:
        return self.queue.submit(kind, label, fn, *args, timeout=self.settings.timeout)

    def submit_trace(self, payload: Payload, *, top: int = 5, dense: bool | None = None) -> Job:
        check_id = secrets.token_hex(8)
        return self.queue.submit("trace", payload.name, self._trace, check_id, payload, top,
                                 dense, timeout=self.settings.timeout, job_id=check_id)

    def _trace(self, check_id: str, payload: Payload, top: int, dense: bool | None) -> Outcome:
        report = self.tracer.trace(one_doc(payload), top=top, dense=dense)
        return self._keep(check_id, "trace", report)

    def submit_compare(self, suspect: Payload, source: Payload, *,
                       dense: bool | None = None) -> Job:
        check_id = secrets.token_hex(8)
        return self.queue.submit("compare", f"{suspect.name} against {source.name}",
                                 self._compare, check_id, suspect, source, dense,
                                 timeout=self.settings.timeout, job_id=check_id)

    def _compare(self, check_id: str, suspect: Payload, source: Payload,
                 dense: bool | None) -> Outcome:
        report = self.tracer.compare(one_doc(suspect), one_doc(source), dense=dense)
        return self._keep(check_id, "compare", report)

    def _keep(self, check_id: str, kind: str, report: Report) -> Outcome:
        outcome = Outcome(report, to_json(report), report_body(report))
        if self.history is not None:
            try:
                self.history.save(check_of(check_id, kind, outcome.json), outcome.json,
                                  outcome.body, record_matches=kind == "trace")
            except Exception:  # the check stands without its history entry
                log.exception("could not write the history at %s", self.history.path)
        return outcome

    def submit_add(self, given: list[Payload]) -> Job:
        label = given[0].name if len(given) == 1 else f"{len(given)} files"
        return self._submit("add", label, self._add, given)

    def _add(self, given: list[Payload]) -> AddOutcome:
        failures: list[InputFailure] = []

        def docs() -> Any:
            for payload in given:
                for item in docs_of(payload):
                    if isinstance(item, Doc):
                        yield item
                    else:
                        failures.append(item)

        result = self.tracer.add(docs())
        return AddOutcome(result, tuple(failures), self.tracer.count())

    async def wait(self, job: Job) -> Any:
        """The job's result, waiting at most until its deadline (then 504; the job goes on
        and its page, ``/checks/<id>``, shows it when it ends)."""
        result = asyncio.wrap_future(job.future)
        # Read the outcome even when nobody waits for it any more (no "never retrieved").
        result.add_done_callback(lambda f: f.cancelled() or f.exception())
        try:
            return await asyncio.wait_for(asyncio.shield(result),
                                          max(0.0, job.deadline - time.monotonic()))
        except TimeoutError:
            where = f": /checks/{job.id}" if job.kind in ("trace", "compare") else ""
            raise BadRequest("timeout", f"the work took longer than {self.settings.timeout:g} s; "
                             f"it goes on{where}", 504) from None

    # -- finished checks -----------------------------------------------------------------------
    def stored(self, check_id: str) -> StoredCheck | None:
        return self.history.get(check_id) if self.history is not None else None

    def open(self) -> None:
        """Ready for work (again: an app may be started and stopped more than once)."""
        if self.queue.closed:
            self.queue = WorkQueue(self.settings.workers, self.settings.queue)

    def close(self) -> None:
        self.queue.close()
