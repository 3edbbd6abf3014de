"""The demo: a small corpus written for unspun, and copies generated from it.

``python -m unspun.demo`` (what ``make demo`` runs) indexes the demo sources in a local
SQLite index (with passage vectors when the semantic extra is installed), traces the copies,
the translations, the independent same-story articles and the unrelated pages, and prints the
reports. Everything it needs ships inside the package.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

CORPUS = resources.files("unspun.demo") / "corpus"
HELD_OUT = ("10-aldmark-rate-cut-households.txt", "13-harlan-ridge-fire-regional.txt")
"""Second articles on an indexed story, written independently: traced, not indexed."""
GENERATED = {
    "verbatim": "01-harwick-budget-vote.txt",
    "near_verbatim": "06-bellford-quiroga-transfer.txt",
    "spun": "08-nordhaven-port-congestion.txt",
    "spam": "11-emberlane-funding-round.txt",
    "excerpt": "14-lastovo-roman-shipwreck.txt",
}
SEED = 7


@dataclass(frozen=True, slots=True)
class DemoQuery:
    path: Path
    expected: str  # what a person should conclude: "spun copy of 08", "related to 09", ...


@dataclass(frozen=True, slots=True)
class DemoPlan:
    sources: tuple[Path, ...]
    queries: tuple[DemoQuery, ...]


def prepare(workdir: Path) -> DemoPlan:
    """Write the generated copies under ``workdir/copies`` and say what to index and trace."""
    from unspun.devdata import generate_copies
    from unspun.lexicon import Thesaurus

    corpus = Path(str(CORPUS))
    all_sources = sorted((corpus / "sources").glob("*.txt"))
    indexed = tuple(p for p in all_sources if p.name not in HELD_OUT)
    out = workdir / "copies"
    out.mkdir(parents=True, exist_ok=True)
    thesaurus = Thesaurus()
    queries: list[DemoQuery] = []
    for kind, name in GENERATED.items():
        text = (corpus / "sources" / name).read_text(encoding="utf-8")
        (copy,) = generate_copies(name, text, [kind], SEED, thesaurus, spin_rate=0.3)
        path = out / f"{kind}-{name}"
        path.write_text(copy.text, encoding="utf-8")
        queries.append(DemoQuery(path, f"{kind.replace('_', '-')} copy of {name[:2]}"))
    written = {
        "edited": "05-pinecrest-nurses-strike.txt",
        "paraphrase": "02-calder-chip-plant.txt",
        "summary": "07-norvalis-rsv-vaccine-trial.txt",
    }
    for path in sorted((corpus / "copies").glob("*.txt")):
        kind = path.name.split("-", 1)[0]
        queries.append(DemoQuery(path, f"{kind} of {written.get(kind, '?')[:2]} (by hand)"))
    manifest = json.loads((corpus / "translated" / "manifest.json").read_text(encoding="utf-8"))
    for name, entry in sorted(manifest.items()):
        queries.append(DemoQuery(corpus / "translated" / name,
                                 f"translated ({entry['language']}) from {entry['source'][:2]}"))
    for name in HELD_OUT:
        queries.append(DemoQuery(corpus / "sources" / name, f"related to {int(name[:2]) - 1:02d}"))
    for path in sorted((corpus / "unrelated").glob("*.txt")):
        queries.append(DemoQuery(path, "no source"))
    return DemoPlan(indexed, tuple(queries))
