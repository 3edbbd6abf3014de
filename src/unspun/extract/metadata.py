"""Page metadata: the title, publication date, site name and canonical URL of an HTML page.

Input: a parsed page. Output: a trafilatura ``Document`` with those four fields set, the same
values ``trafilatura.extract_metadata`` gives them. That function also looks for authors,
categories, tags and the licence, which unspun does not use and which cost three times what
these four do (the author search copies the whole tree); the steps below are its steps for
the four fields, in its order, with its defaults (extensive date search, original date).
"""

from __future__ import annotations

from contextlib import suppress
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lxml.html import HtmlElement
    from trafilatura.settings import Document

__all__ = ["page_metadata"]


def page_metadata(tree: HtmlElement, url: str | None) -> Document:
    """Title, date, site name and URL of the page ``tree`` (``url``: its known address)."""
    from htmldate import find_date
    from trafilatura.metadata import (
        META_URL,
        examine_meta,
        extract_meta_json,
        extract_sitename,
        extract_title,
        extract_url,
    )
    from trafilatura.settings import Document, set_date_params

    found = examine_meta(tree)
    # broken JSON-LD leaves the fields from <meta> tags, as in trafilatura
    with suppress(Exception):
        found = extract_meta_json(tree, found)
    title = found.title or extract_title(tree)
    page_url = found.url or extract_url(tree, url)
    date_params = set_date_params(True)
    date_params["url"] = page_url
    date = find_date(tree, **date_params)
    site = found.sitename or extract_sitename(tree)
    if site:
        site = site.lstrip("@")  # a Twitter handle
        if site and "." not in site and not site[0].isupper():
            site = site.title()
    elif page_url and (match := META_URL.match(page_url)):
        site = match[1]
    meta = Document()
    meta.title, meta.url, meta.date, meta.sitename = title, page_url, date, site
    meta.clean_and_trim()
    return meta
