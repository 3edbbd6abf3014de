"""The chrome-and-injected benchmark on real pages: its matching rule on a page written here,
and (when the rebuilt pages are present) a run against the committed floors."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from benchmarks.wild_chrome import judge, part_of
from benchmarks.wild_data import Page
from unspun.extract import normalise_plain
from unspun.extract.chrome import strip_chrome
from unspun.records import Doc, InjectedKind, InjectedSpan, Report, Span

PAGES = Path(os.environ.get("UNSPUN_WILD_PAGES",
                            Path(__file__).resolve().parents[2] / "wild-dev-pages.jsonl"))

RAW = """Harbour authority approves expansion of Port Kestrel
READ ALSO: Ferry Operator Fined Over Late Sailings
The Port Kestrel Authority voted 7 to 2 on Tuesday to approve the expansion.
Chair Miriam Okafor said the project would create about 3,100 jobs. best cheap ferry tickets online.
Construction is due to begin in early 2026."""


def _page(labels: list[str], injected: tuple[tuple[str, InjectedKind], ...] = ()) -> tuple:
    body, chrome = strip_chrome(normalise_plain(RAW))
    doc = Doc(id="w:test", uri="test", text=body, boilerplate=chrome)
    spans = tuple(InjectedSpan(Span(body.index(t), body.index(t) + len(t)), t, kind)
                  for t, kind in injected)
    row = {"url": "https://example.org/a", "family": 100, "text": RAW, "injected": labels,
           "boilerplate": True}
    page = Page("w:test", row["url"], 100, "copy", None, "high", doc)
    return page, row, Report(query=doc, injected=spans)


def test_a_string_is_set_aside_by_chrome_or_by_an_injected_span():
    labels = ["READ ALSO: Ferry Operator Fined Over Late Sailings",
              "best cheap ferry tickets online."]
    page, row, report = _page(labels, (("best cheap ferry tickets online.", "keyword_stuffing"),))
    out = judge(page, row, report, 0.8)
    assert sorted(out.caught) == ["chrome:related_link", "injected:keyword_stuffing"]
    assert out.missed == 0 and out.stray == 0


def test_a_string_left_in_the_text_is_missed_and_a_stray_finding_counted():
    page, row, report = _page(["best cheap ferry tickets online."],
                              (("Construction is due to begin in early 2026.", "off_topic"),))
    out = judge(page, row, report, 0.8)
    assert out.caught == [] and out.missed == 1 and out.stray == 1


def test_held_out_part_is_fixed_by_story():
    assert part_of({"family": 101, "url": "x"}) == "held-out"
    assert part_of({"family": 102, "url": "x"}) == "dev"


@pytest.mark.slow
def test_real_pages_meet_the_floors(tmp_path, quality_floors):
    if not PAGES.is_file():
        pytest.skip(f"rebuilt wild-dev pages not found at {PAGES} (DEVELOPERS.md says how to "
                    "rebuild them; set UNSPUN_WILD_PAGES)")
    from benchmarks.wild_chrome import main

    out = tmp_path / "wild-chrome.json"
    assert main([str(PAGES), "--out", str(out)]) == 0
    res = json.loads(out.read_text())
    floors = quality_floors["wild_chrome"]
    assert res["all"]["set_aside_share"] >= floors["set_aside_min"], res["all"]
    assert res["all"]["unlabelled_with_injected_share"] <= floors["unlabelled_injected_max"]
    assert all("text" not in p for p in res["labelled_pages"])  # ids, counts, rates only
