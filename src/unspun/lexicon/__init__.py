"""Language resources shared by several stages: the thesaurus (Debian's mythes-en-us and
WordNet), the tortured-phrase list, a light stemmer and language identification.

Nothing here is a pipeline stage; the stages from ``align`` on read these resources.
"""

from unspun.lexicon.thesaurus import DEFAULT_MYTHES, DEFAULT_WORDNET, Thesaurus, default_thesaurus
from unspun.lexicon.tortured import TorturedPhrases, load_tortured_phrases

__all__ = [
    "DEFAULT_MYTHES",
    "DEFAULT_WORDNET",
    "Thesaurus",
    "TorturedPhrases",
    "default_thesaurus",
    "load_tortured_phrases",
]
