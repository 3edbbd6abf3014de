"""Filler: template text a page builder ships and a copier leaves in (lorem ipsum, "Click
edit button to change this text"). One of the injected kinds of ``unspun.explain.spam``.

Lorem ipsum is found by its vocabulary: a run of at least ``MIN_FILLER_WORDS`` words of it,
half of them words no English text uses ("consectetur", "adipiscing"). Placeholders are found
as whole sentences, since an article may discuss "placeholder text".
"""

from __future__ import annotations

import re

from unspun.explain.units import TOKEN, with_end_punct

__all__ = ["find_filler"]

MIN_FILLER_WORDS = 4
"""Fewer Latin words are a quotation or a term ("in situ", "ad hoc", "id est")."""

# The lorem ipsum vocabulary: Cicero's "de finibus" 1.10.32-33 as page builders and lipsum
# generators mangle it. Words that are also English (or too short to tell) only extend a run
# that the unmistakable ones carry.
_LOREM_STRONG = frozenset("""
lorem ipsum dolor amet consectetur consectetuer adipiscing adipisicing elit sed eiusmod tempor
incididunt labore dolore magna aliqua enim minim veniam quis nostrud exercitation ullamco
laboris nisi aliquip commodo consequat duis aute irure reprehenderit voluptate velit esse
cillum fugiat nulla pariatur excepteur sint occaecat cupidatat proident sunt culpa officia
deserunt mollit anim laborum perspiciatis unde omnis iste natus voluptatem accusantium
doloremque laudantium totam aperiam eaque ipsa quae illo inventore veritatis quasi architecto
beatae vitae dicta explicabo nemo ipsam quia voluptas aspernatur aut odit fugit consequuntur
magni dolores eos ratione sequi nesciunt neque porro quisquam dolorem adipisci numquam eius
modi tempora incidunt magnam aliquam quaerat tellus luctus nec ullamcorper mattis pulvinar
dapibus leo vestibulum curabitur aenean mauris nunc donec praesent phasellus vivamus fusce
morbi pellentesque proin etiam suspendisse nullam cras quisque maecenas sagittis vulputate
tincidunt faucibus lectus mollis massa tortor felis nibh urna ligula augue risus sapien lacus
purus justo turpis libero metus arcu orci odio eget diam ante quam erat volutpat feugiat
posuere viverra ultrices ultricies varius lacinia fringilla blandit hendrerit malesuada
rhoncus iaculis interdum imperdiet euismod eleifend egestas dignissim condimentum convallis
cursus semper scelerisque accumsan bibendum elementum minima nostrum exercitationem ullam
corporis suscipit laboriosam aliquid commodi consequatur autem iure nihil molestiae illum
accusamus iusto dignissimos ducimus blanditiis praesentium voluptatum deleniti atque corrupti
quos quas molestias excepturi occaecati cupiditate similique mollitia animi dolorum fuga
""".split())
_LOREM_WEAK = frozenset("""sit in ut et ad id est non do ex ea qui eu at nam a quod ne vel rem
vero error ab eum quo provident""".split())
_LOREM = _LOREM_STRONG | _LOREM_WEAK
# Page-builder placeholders, as whole sentences: an article may discuss "placeholder text".
_FILLER_EN = re.compile(
    r"(?:click edit button to change this text"
    r"|this is (?:a |an |some )?(?:sample|dummy|placeholder|filler) (?:text|paragraph|content)"
    r"|(?:add|insert|type|enter) (?:your )?(?:own )?(?:text|content|title|caption) here"
    r"|your (?:text|content|title|caption) (?:goes )?here)\b",
    re.I,
)


def find_filler(text: str, sents: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Placeholder sentences among ``sents`` and runs of lorem ipsum in ``text``, as spans
    tight around the words (a run's closing punctuation included)."""
    found: list[tuple[int, int]] = [(s, e) for s, e in sents if _FILLER_EN.match(text, s, e)]
    if len(_LOREM_STRONG.intersection(TOKEN.findall(text.lower()))) < 2:
        return found  # the common case: no Latin at all, no token-by-token scan
    toks = list(TOKEN.finditer(text))
    i = 0
    while i < len(toks):
        j = i
        # Extend over Latin words separated by spaces and punctuation, never a line break.
        while j < len(toks) and toks[j].group().lower() in _LOREM and (
            j == i or "\n" not in text[toks[j - 1].end() : toks[j].start()]
        ):
            j += 1
        run = toks[i:j]
        strong = sum(t.group().lower() in _LOREM_STRONG for t in run)
        if len(run) >= MIN_FILLER_WORDS and strong >= 2 and strong * 2 >= len(run):
            # A lower-case weak word at the edge is English context ("... in"), not filler.
            while run and run[0].group() in _LOREM_WEAK:
                run = run[1:]
            while run and run[-1].group().lower() in _LOREM_WEAK and not re.match(
                r"[.!?…]", text[run[-1].end() :]
            ):
                run = run[:-1]
            if run:
                found.append((run[0].start(), with_end_punct(text, run[-1].end())))
        i = max(j, i + 1)
    return found
