"""Spam injection: keyword stuffing, filler and link spam put into a copy, as on the seed page.

Input: a source text (optionally lightly spun first). Output: the ops of a ``spam`` copy
(:func:`spam_ops`), whose injected pieces become :class:`SynthInjection` labels; and the seeded
phrase lists (:func:`fill`, :data:`INTROS`, :data:`OUTROS`) that reposts add.
"""

from __future__ import annotations

import random

from unspun.devdata.spin import Choices, spin_ops
from unspun.devdata.splice import Op, Piece, Plan
from unspun.devdata.text import paragraphs, sentences
from unspun.lexicon import TorturedPhrases

_SITES = ("newsdesk24.com", "The Daily Ledger", "worldnewsfeed.net", "InfoHub Today",
          "trendingstories.org", "Metro Tribune Online", "globalpulse.co")
INTROS = (
    "This article originally appeared on {site}.",
    "Originally published by {site}. Republished with permission.",
    "The following story was first published at {site}.",
    "Source: {site}",
    "Via {site} - read the full story below.",
)
OUTROS = (
    "This article was originally published on {site}. Read the original article.",
    "Read more at source",
    "Republished from {site} under a Creative Commons license.",
    "Copyright {site}. All rights reserved.",
    "Share this article with your friends and family!",
)
_SERVICES = ("immigration consultants", "packers and movers", "seo services", "dentist",
             "web design company", "car rental", "visa agents", "digital marketing agency",
             "interior designers", "ielts coaching")
_CITIES = ("delhi", "mumbai", "dubai", "london", "toronto", "noida", "chandigarh", "lahore")
_PRODUCTS = ("running shoes", "replica watches", "phone cases", "hair extensions",
             "essential oils", "gaming chairs", "vpn subscriptions")
_KEYWORDS = ("best {service} in {city}", "top {service} in {city}",
             "cheap {product} online", "buy {product} near me", "{service} near me")
_LINK_SPAM = (
    "Visit www.{shop}.com for cheap {product} with free shipping.",
    "Call +91 {phone} for the best {service} in {city}.",
    "Get {service} at https://{shop}.net today!",
    "WhatsApp us on +44 {phone} for {product} at wholesale prices.",
    "Click here: http://{shop}.xyz/deals to order {product}.",
    "Contact {shop}@gmail.com for guaranteed {service} results.",
)
_SHOPS = ("bestdeals4u", "shopmart-online", "quickbuyhub", "megasale24", "trustyservices")
_LOREM = (
    "Lorem ipsum dolor sit amet, consectetur adipiscing elit.",
    "Ut elit tellus, luctus nec ullamcorper mattis, pulvinar dapibus leo.",
    "Sed ut perspiciatis unde omnis iste natus error sit voluptatem accusantium doloremque.",
    "Duis aute irure dolor in reprehenderit in voluptate velit esse cillum dolore.",
)


def fill(template: str, rng: random.Random) -> str:
    """``template`` with its {site}, {service}, {city}, ... fields drawn from the lists."""
    return template.format(
        site=rng.choice(_SITES), service=rng.choice(_SERVICES), city=rng.choice(_CITIES),
        product=rng.choice(_PRODUCTS), shop=rng.choice(_SHOPS),
        phone=f"{rng.randrange(70000, 99999)} {rng.randrange(10000, 99999)}",
    )


def spam_ops(text: str, rng: random.Random, ch: Choices, spin_rate: float,
             tortured: TorturedPhrases | None, pick: str) -> Plan:
    """The ops of a spam copy: keyword stuffing at paragraph ends, filler and link spam, on
    the source as it is or lightly spun."""
    light = rng.random() < 0.5
    ops: list[Op] = []
    params: dict[str, float | int | str] = {"base": "verbatim"}
    if light:  # a light spin, as on the seed page; a third of the rate asked for spinning
        ops, params = spin_ops(text, rng, ch, round(spin_rate / 3, 4), tortured, pick, 1.0)
        params["base"] = "light_spin"
    paras = paragraphs(text)
    ends = [e for _, e in (paras if len(paras) >= 3 else sentences(text))] or [len(text)]
    keyword = fill(rng.choice(_KEYWORDS), rng)
    n_kw = min(len(ends), rng.randint(2, 5))  # "several" paragraph ends, as on the seed page
    kw_at = sorted(rng.sample(ends, n_kw))
    for p in kw_at:
        stuffed = Piece(p, p, keyword + ".", injected="keyword_stuffing")
        ops.append((p, p, [Piece(p, p, " "), stuffed]))
    p = rng.choice([e for e in ends if e not in kw_at] or ends)
    glue = "" if rng.random() < 0.3 else " "  # the seed glues filler straight to the sentence
    lorem = " ".join(rng.sample(_LOREM, rng.randint(1, 2)))
    ops.append((p, p, [Piece(p, p, glue), Piece(p, p, lorem, injected="filler")]))
    for p in sorted(rng.sample(ends, min(len(ends), rng.randint(1, 2)))):
        spam = fill(rng.choice(_LINK_SPAM), rng)
        ops.append((p, p, [Piece(p, p, "\n\n"), Piece(p, p, spam, injected="link_spam")]))
    params.update({"keyword": keyword, "keyword_repeats": n_kw})
    return ops, params
