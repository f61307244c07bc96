"""Run Rasa's command line without three known deprecation warnings from its dependencies (`make validate`).

PYTHONWARNINGS=ignore::DeprecationWarning (exported by the Makefile) does not
reach them: importing sanic (rasa's web server) puts
`filterwarnings("once", category=DeprecationWarning)` in front of every
filter given on the command line or in the environment. The warnings then come
from third-party code we don't control (setuptools' pkg_resources, imported by
Rasa's YAML schema check; TensorFlow importing jax), so exactly these three
messages are ignored here, after sanic's import; every other warning still
shows.

    python scripts/rasa_quiet.py data validate --config config.yml ...
"""

from __future__ import annotations

import re
import sys
import warnings

# (category, start of the message) of each warning that is silenced; nothing else is.
KNOWN_NOISE = (
    (DeprecationWarning, "pkg_resources is deprecated as an API"),
    (DeprecationWarning, "Deprecated call to `pkg_resources.declare_namespace("),
    (DeprecationWarning, "jax.xla_computation is deprecated"),
)


def silence_known_noise() -> None:
    import sanic  # noqa: F401  (installs its "once" filter now, so ours go in front of it)

    for category, message in KNOWN_NOISE:
        warnings.filterwarnings("ignore", message=re.escape(message), category=category)


def main() -> int:
    silence_known_noise()
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *sys.argv[1:]]
    rasa_main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
