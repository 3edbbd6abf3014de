"""The local web app and REST API (``unspun serve``): a layer on top, like ``cli/``.

Pages and the JSON API are views over the same library calls (``Retriever.trace``,
``compare``, ``Index.add``) and the same report JSON (schema 1); the library never imports
this package. It needs the ``web`` extra (FastAPI, uvicorn, Jinja2, python-multipart); this
module itself imports none of them, so the CLI can say which extra is missing.

Modules: :mod:`~unspun.web.settings` (``WebSettings``), :mod:`~unspun.web.work` (the bounded
work queue), :mod:`~unspun.web.tracer` (thread-local retrievers, the write lock),
:mod:`~unspun.web.history` (checks kept beside the index), :mod:`~unspun.web.inputs` (form
fields and uploads to documents), :mod:`~unspun.web.service` (the jobs the routes submit),
:mod:`~unspun.web.security` (host, token, CSRF, headers, limits), :mod:`~unspun.web.rest`
(``/api/v1``) with :mod:`~unspun.web.schema` (its OpenAPI schemas), :mod:`~unspun.web.pages`,
:mod:`~unspun.web.families`, :mod:`~unspun.web.views` and :mod:`~unspun.web.apidocs` (the
HTML pages), :mod:`~unspun.web.app` (``create_app``) and :mod:`~unspun.web.server`
(uvicorn). Security model: docs/web.md.
"""

from __future__ import annotations

import importlib.util

WEB_EXTRA = "pip install 'unspun[web]'"
_MODULES = ("fastapi", "uvicorn", "jinja2", "multipart")


def missing_modules() -> list[str]:
    """The modules of the ``web`` extra that are not installed (without importing them)."""
    return [m for m in _MODULES if importlib.util.find_spec(m) is None]


def require_web_extra() -> None:
    """Raise ``MissingExtraError`` naming the extra when any of its modules is missing."""
    missing = missing_modules()
    if missing:
        from unspun.embed import MissingExtraError

        raise MissingExtraError(f"unspun serve needs the web extra ({', '.join(missing)} not "
                                f"installed): {WEB_EXTRA}")
