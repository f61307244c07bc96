"""bot/yaml_reading.py: libyaml's parser where there is one, with exactly the data and the safety of safe_load."""

from __future__ import annotations

import pytest
import yaml

from bot import paths
from bot.yaml_reading import safe_load


def test_the_content_files_read_as_with_safe_load():
    files = [p for p in sorted((paths.ROOT / "data").rglob("*.yml")) if p.name != "bank.yml"]  # the bank: 10 s
    assert len(files) > 20
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert safe_load(text) == yaml.safe_load(text), path


def test_python_objects_are_refused():
    with pytest.raises(yaml.YAMLError):
        safe_load("!!python/object/apply:os.system ['echo owned']")


def test_a_syntax_error_names_line_and_column():
    with pytest.raises(yaml.YAMLError) as raised:
        safe_load("cases:\n  - id: c1\n    text: [unclosed\n")
    assert "line" in str(raised.value) and "column" in str(raised.value)


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML was built without libyaml here")
def test_the_c_parser_is_used_when_pyyaml_has_it():
    from bot import yaml_reading

    assert yaml_reading._LOADER is yaml.CSafeLoader
