"""The benchmarks: scripts that measure unspun on real shared data and write the figures that
``docs/benchmarks.md`` quotes.

Each module is a script, run from the repository root with the package installed (``make``
sets up ``.venv``)::

    python -m benchmarks.retrieval --quick    # or: make bench-quick (make bench: full run)
    python -m benchmarks.extraction
    python -m benchmarks.<name> --help        # the options of any of them

``retrieval`` (source tracing against datasketch MinHashLSH), ``extraction`` (HTML extraction
against trafilatura), ``substitutions`` (the edit script against the spinner's record),
``injected`` (spliced-in spam), ``copy_related`` (the copy/related verdict), ``cluster``
(families over a crawl), ``msrp`` (sentence similarity), ``encoder_speed``, ``judge_cost``,
``minhash_speed`` and ``dev_data_stats``. Most write their JSON to ``benchmarks/results/``
(``--out`` to change). They read the shared data from ``../shared`` beside the repository, or
from ``$UNSPUN_SHARED``; ``benchmarks.corpora`` loads it and ``benchmarks.common`` holds what
the scripts share.
"""
