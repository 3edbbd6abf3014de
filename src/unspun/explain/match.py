"""A Match from an alignment, its explanation, and the Report of a query's matches.

One place builds them for ``compare``, ``trace`` and the family reports of ``cluster``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from unspun.explain.edits import edit_script
from unspun.lexicon.language import LanguageIdentifier, different_languages
from unspun.lexicon.spin import default_spin_lexicon
from unspun.lexicon.tortured import TorturedPhrases
from unspun.records import Alignment, Doc, InjectedSpan, Match, Report, SourceRef

if TYPE_CHECKING:
    from unspun.align import Aligner, SynonymSource
    from unspun.classify.evidence import TextEvidence
    from unspun.classify.model import VerdictModel


@dataclass(frozen=True, slots=True)
class Aligned:
    """A candidate source aligned with the query, waiting for its verdict."""

    source: SourceRef
    source_text: str
    alignment: Alignment
    evidence: TextEvidence
    channels: tuple[str, ...]


def scored_matches(
    query_text: str,
    query: TextEvidence,
    candidates: Sequence[Aligned],
    *,
    model: VerdictModel | None = None,
    languages: LanguageIdentifier | None = None,
) -> list[Match]:
    """The verdict on each candidate (a Match, not yet explained; ``unrelated`` ones too),
    each judged against the others: evidence the query shares with several candidates is
    the story's, not a sign of copying any one of them. ``languages``: identify each side's
    language where it can decide (a copy in another language is judged on meaning)."""
    from unspun.classify import assess, evidence_score, extent
    from unspun.classify.evidence import QUOTED_PAIR, quote_share

    query_lang = None
    out = []
    for c in candidates:
        others = [(o.evidence, o.alignment) for o in candidates if o is not c]
        cross = False
        if languages is not None and c.alignment.mean_lexical is not None and c.alignment.pairs:
            query_lang = query_lang or languages.detect(query_text).code
            source_lang = languages.detect(c.source_text).code
            cross = different_languages(query_lang, source_lang)
        a = assess(c.alignment, query, c.evidence, others=others, model=model,
                   cross_language=cross)
        al = replace(c.alignment, pairs=tuple(
            replace(p, quoted=quote_share(query, c.evidence, p) >= QUOTED_PAIR)
            for p in c.alignment.pairs))
        out.append(Match(source=c.source, source_text=c.source_text,
                         score=evidence_score(al), verdict=a.verdict,
                         channels=c.channels, alignment=al,
                         probability=a.probability, evidence=tuple(a.features.items()),
                         extent=extent(c.alignment) if a.verdict == "copy" else None))
    return out


def match_report(query: Doc, matches: Iterable[Match], aligner: Aligner, *,
                 top: int | None = None, warnings: tuple[str, ...] = (),
                 explain: bool = True) -> Report:
    """The report of a query: its matches best first (``top`` of them), each explained (edit
    scripts, rewrite type; ``explain=False`` when they are already), the spam injected into
    it, and the aligner's warnings."""
    from unspun.align import thesaurus_warning

    ranked = sorted(matches, key=lambda m: (m.verdict != "copy", -m.probability, -m.score,
                                            m.source.id))
    if top is not None:
        ranked = ranked[:top]
    kept = tuple(explain_match(m, query.text, aligner.thesaurus, aligner.languages)
                 if explain else m for m in ranked)
    return Report(query=query, matches=kept, injected=injected_spans(query.text, kept),
                  warnings=thesaurus_warning(aligner) + warnings)


def explain_match(
    match: Match,
    copy_text: str,
    thesaurus: SynonymSource | None = None,
    languages: LanguageIdentifier | None = None,
) -> Match:
    """A match with its edit scripts, and for a copy its rewrite type (of the whole match
    and of each pair), filled in. ``languages`` identifies each side's language, which a
    ``translated`` rewrite needs.

    Substitutions are flagged (synonym, tortured, mangled name) only in a copy in the
    source's language: an article that was not made from the source (``related``) swapped
    no words of it, and across two languages a word diff breaks nothing ("first step" ->
    "erster Schritt"). Their edits stay, every substitution ``other``."""
    from unspun.classify import pair_rewrite, rewrite, with_extent

    langs = None
    if languages is not None and match.verdict == "copy":
        langs = (languages.detect(copy_text), languages.detect(match.source_text))
    translated = langs is not None and different_languages(langs[0].code, langs[1].code)
    al = explain_alignment(copy_text, match.source_text, match.alignment, thesaurus,
                           flag=match.verdict == "copy" and not translated)
    # A rewrite type says how a copy was made; a related article was not made from the source.
    if match.verdict != "copy":
        return replace(match, alignment=al, rewrite=None)
    pairs = tuple(replace(p, rewrite=pair_rewrite(p, copy_text, match.source_text))
                  for p in al.pairs)
    al = replace(al, pairs=pairs)
    rw = with_extent(rewrite(al, copy_text, match.source_text, langs), match.extent)
    return replace(match, alignment=al, rewrite=rw)


def injected_spans(text: str, matches: Iterable[Match]) -> tuple[InjectedSpan, ...]:
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
    tortured: TorturedPhrases | None = None,
    *,
    flag: bool = True,
) -> Alignment:
    """The alignment with each pair's token edit script filled in. With a thesaurus the
    packaged spin lexicon flags tortured phrases no list holds (``unspun.lexicon.spin``);
    with ``flag`` false no substitution is flagged (see ``edit_script``)."""
    spin = default_spin_lexicon() if thesaurus is not None else None
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
                spin=spin,
                flag=flag,
            ),
        )
        for p in alignment.pairs
    )
    return replace(alignment, pairs=pairs)
