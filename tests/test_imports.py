"""``import unspun`` and ``unspun --help`` stay light: no extraction or model libraries."""

import subprocess
import sys

HEAVY = ("trafilatura", "lxml", "numpy", "rich", "datasketch")


def _loaded_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys\nprint(' '.join(sys.modules))"],
        capture_output=True, text=True, check=True,
    ).stdout.split()
    return {m.split(".")[0] for m in out}


def test_import_unspun_is_light():
    loaded = _loaded_after("import unspun")
    assert not loaded & set(HEAVY), loaded & set(HEAVY)


def test_cli_help_is_light():
    loaded = _loaded_after(
        "from unspun.cli.main import cli\n"
        "try:\n    cli.main(['--help'], standalone_mode=False)\nexcept SystemExit:\n    pass"
    )
    assert not loaded & set(HEAVY), loaded & set(HEAVY)


def test_the_cluster_verb_survives_importing_its_package():
    import unspun
    import unspun.families  # noqa: F401  (the CLI does this)

    assert callable(unspun.cluster)
