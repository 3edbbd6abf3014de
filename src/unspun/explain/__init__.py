"""Explain a rewrite: what the copier changed inside each aligned pair."""

from __future__ import annotations

from dataclasses import replace

from unspun.align import SynonymSource
from unspun.explain.edits import TorturedIndex, edit_script, rank_evidence
from unspun.lexicon.language import LanguageIdentifier
from unspun.records import Alignment, Edit, InjectedSpan, Match

__all__ = [
    "Edit",
    "TorturedIndex",
    "edit_script",
    "explain_alignment",
    "explain_match",
    "injected_spans",
    "rank_evidence",
]


def explain_match(
    match: Match,
    copy_text: str,
    thesaurus: SynonymSource | None = None,
    languages: LanguageIdentifier | None = None,
) -> Match:
    """A match with its edit scripts, and for a copy its rewrite type (of the whole match
    and of each pair), filled in. ``languages`` identifies each side's language, which a
    ``translated`` rewrite needs."""
    from unspun.classify import pair_rewrite, rewrite

    al = explain_alignment(copy_text, match.source_text, match.alignment, thesaurus)
    # A rewrite type says how a copy was made; a related article was not made from the source.
    if match.verdict != "copy":
        return replace(match, alignment=al, rewrite=None)
    pairs = tuple(replace(p, rewrite=pair_rewrite(p, copy_text, match.source_text))
                  for p in al.pairs)
    al = replace(al, pairs=pairs)
    langs = None
    if languages is not None:
        langs = (languages.detect(copy_text), languages.detect(match.source_text))
    return replace(match, alignment=al, rewrite=rewrite(al, copy_text, match.source_text, langs))


def injected_spans(text: str, matches: tuple[Match, ...] | list[Match]) -> tuple[InjectedSpan, ...]:
    """Spam the copier added: judged against the best "copy" match when there is one (text
    the source says is never spam, text outside aligned pairs needs less evidence), else
    from the text alone."""
    from unspun.explain.spam import find_injected

    best = next((m for m in matches if m.verdict == "copy"), None)
    if best is None:
        return find_injected(text)
    aligned = [(p.copy_span.start, p.copy_span.end) for p in best.alignment.pairs]
    return find_injected(text, aligned, source=best.source_text)


def explain_alignment(
    copy_text: str,
    source_text: str,
    alignment: Alignment,
    thesaurus: SynonymSource | None = None,
    tortured: TorturedIndex | None = None,
) -> Alignment:
    """The alignment with each pair's token edit script filled in."""
    pairs = tuple(
        replace(
            p,
            edits=edit_script(
                copy_text,
                (p.copy_span.start, p.copy_span.end),
                source_text,
                (p.source_span.start, p.source_span.end),
                thesaurus,
                tortured=tortured,
            ),
        )
        for p in alignment.pairs
    )
    return replace(alignment, pairs=pairs)
