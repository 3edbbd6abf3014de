"""The documentation agrees with the code where that is cheap to check: the commands and
options of docs/cli.md against the CLI's ``--help``, and the fields of docs/report-schema.md
against ``unspun.report.to_json`` of a real compare."""

from __future__ import annotations

import json
import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from conftest import ARTICLE, SPUN_ARTICLE

from unspun.cli.main import cli

DOCS = Path(__file__).resolve().parents[1] / "docs"
OPTION = re.compile(r"(?<![\w-])--[a-z][a-z0-9-]*")
HELP_OPTIONS = {"--help"}  # every command has it; the docs say so once, at the top


def _sections(text: str, level: str = "## ") -> dict[str, str]:
    """Heading text -> the text under it (up to the next heading of the same level)."""
    out: dict[str, str] = {}
    title = None
    for line in text.splitlines():
        if line.startswith(level):
            title = line[len(level):].strip()
            out[title] = ""
        elif title is not None:
            out[title] += line + "\n"
    return out


# -- docs/cli.md --------------------------------------------------------------------------------


def _leaf_commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for name, cmd in sorted(group.commands.items()):
        if isinstance(cmd, click.Group):
            found += _leaf_commands(cmd, (*prefix, name))
        else:
            found.append((*prefix, name))
    return found


def _help_options(args: list[str]) -> set[str]:
    """The long options of a command, read from its ``--help`` (the left column of its
    "Options:" block, so option names quoted in help texts do not count)."""
    res = CliRunner().invoke(cli, [*args, "--help"], terminal_width=200)
    assert res.exit_code == 0, res.output
    lines = res.output.split("Options:", 1)[1].splitlines()
    names: set[str] = set()
    for line in lines:
        if line.strip().startswith("-"):
            names |= set(OPTION.findall(re.split(r"\s{2,}", line.strip())[0]))
    return names - HELP_OPTIONS


def _cli_doc() -> tuple[str, dict[tuple[str, ...], tuple[str, str]]]:
    """docs/cli.md as (its introduction, {command: (synopsis, section text)}). A command's
    section is headed ``## `unspun <command>` `` and its first code block is the synopsis."""
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    intro = text.split("\n## ", 1)[0]
    commands = {}
    for title, body in _sections(text).items():
        m = re.fullmatch(r"`unspun ([a-z ]+)`", title)
        if m:
            block = re.search(r"```\w*\n(.*?)```", body, re.S)
            commands[tuple(m.group(1).split())] = (block.group(1) if block else "", body)
    return intro, commands


def test_every_command_is_documented_and_every_documented_command_exists():
    _, documented = _cli_doc()
    assert sorted(documented) == _leaf_commands(cli)


@pytest.mark.parametrize("command", _leaf_commands(cli), ids=" ".join)
def test_documented_options_are_the_commands_options(command):
    name = "unspun " + " ".join(command)
    _, documented = _cli_doc()
    if command not in documented:
        pytest.fail(f"docs/cli.md has no section headed `{name}`")
    synopsis, section = documented[command]
    assert synopsis.startswith(name + " "), (
        f"docs/cli.md: the section on {name} does not open with its synopsis block")
    listed, mentioned = set(OPTION.findall(synopsis)), set(OPTION.findall(section))
    real = _help_options(list(command))
    assert listed == real, (f"docs/cli.md's synopsis of {name} lists {sorted(listed)}; "
                            f"its --help has {sorted(real)}")
    assert mentioned - HELP_OPTIONS <= real, (
        f"docs/cli.md's section on {name} names options it does not have: "
        f"{sorted(mentioned - HELP_OPTIONS - real)}")


def test_the_top_level_options_are_in_the_introduction():
    intro, _ = _cli_doc()
    missing = _help_options([]) - set(OPTION.findall(intro))
    assert not missing, f"docs/cli.md's introduction does not mention unspun's {sorted(missing)}"


# -- docs/report-schema.md ----------------------------------------------------------------------

# Heading of each table in report-schema.md -> how to reach one object it describes.
_LEVELS = {
    "Top level": lambda r: r,
    "`query`": lambda r: r["query"],
    "`matches[]`": lambda r: r["matches"][0],
    "`matches[].pairs[]`": lambda r: r["matches"][0]["pairs"][0],
    "`matches[].pairs[].edits[]`": lambda r: next(
        e for p in r["matches"][0]["pairs"] for e in p["edits"]),
    "`injected[]`": lambda r: r["injected"][0],
}


def _schema_tables() -> dict[str, set[str]]:
    """The fields of each table of docs/report-schema.md: the backquoted names in the first
    column (```copy_text`, `source_text``` is two fields; ```coverage.copy``` is a field of
    ``coverage``)."""
    text = (DOCS / "report-schema.md").read_text(encoding="utf-8")
    tables = {}
    for title, body in _sections(text).items():
        rows = [line for line in body.splitlines() if line.startswith("|")][2:]  # no header
        if rows:
            tables[title] = {name for row in rows
                             for name in re.findall(r"`([^`]+)`", row.split("|")[1])}
    return tables


@pytest.fixture(scope="module")
def report() -> dict:
    """The JSON report of a spun copy with a spam link added: a copy match with a rewrite,
    pairs, edits and an injected span, so every level of the schema is present."""
    import unspun
    from unspun.align import Aligner
    from unspun.report import to_json

    copy = SPUN_ARTICLE + "\n\nMore at harbourwatchers.net."
    data = to_json(unspun.compare(copy, ARTICLE, aligner=Aligner()))
    return json.loads(json.dumps(data))  # what --json prints


def test_the_schema_documents_every_table():
    assert set(_schema_tables()) == set(_LEVELS)


@pytest.mark.parametrize("title", list(_LEVELS))
def test_documented_fields_are_the_fields_the_code_emits(report, title):
    obj = _LEVELS[title](report)
    fields = _schema_tables()[title]
    top = {f.split(".", 1)[0] for f in fields}
    assert top == set(obj), (f"docs/report-schema.md, {title}: only documented "
                             f"{sorted(top - set(obj))}; only emitted {sorted(set(obj) - top)}")
    for dotted in (f for f in fields if "." in f):
        head, tail = dotted.split(".", 1)
        assert tail in obj[head], (title, dotted, sorted(obj[head]))
    nested = {f.split(".", 1)[0] for f in fields if "." in f}
    for head in nested:  # a field documented by its parts documents all of them
        assert {f"{head}.{k}" for k in obj[head]} <= fields, (title, head, sorted(obj[head]))


def test_objects_described_in_prose_name_all_their_keys(report):
    """``matches[].source`` and ``matches[].rewrite`` are described in one table cell each:
    every key they have is named there."""
    text = (DOCS / "report-schema.md").read_text(encoding="utf-8")
    rows = {}
    for line in _sections(text)["`matches[]`"].splitlines():
        cells = line.split("|")
        if len(cells) > 3:
            rows[cells[1].strip()] = cells[3]
    match = report["matches"][0]
    assert match["rewrite"] is not None
    for field in ("source", "rewrite"):
        named = set(re.findall(r"`([^`]+)`", rows[f"`{field}`"]))
        assert set(match[field]) <= named, (field, sorted(set(match[field]) - named))


def test_the_example_uses_only_real_fields(report):
    text = (DOCS / "report-schema.md").read_text(encoding="utf-8")
    example = json.loads(re.search(r"```json\n(.*?)```", text, re.S).group(1))

    def check(doc, real, where):
        if isinstance(doc, dict):
            assert set(doc) <= set(real), (where, sorted(set(doc) - set(real)))
            for k, v in doc.items():
                if real[k] is not None:
                    check(v, real[k], f"{where}.{k}")
        elif isinstance(doc, list) and doc and real:
            check(doc[0], real[0], f"{where}[]")

    check(example, report, "report")
