"""The Rasa data's shape. `rasa data validate --fail-on-warnings` itself runs in `make validate`, which
tests/test_make_help.py runs whole."""

from __future__ import annotations

from bot import paths


def test_no_topic_answer_lives_in_domain():
    import yaml

    domain = yaml.safe_load((paths.ROOT / "domain.yml").read_text(encoding="utf-8"))
    assert not domain.get("responses")
