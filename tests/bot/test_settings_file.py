"""The shared reader of data/nlp's settings files: every mistake names the file (and the key)."""

from __future__ import annotations

import pytest

from bot.settings_file import read_mapping, whole_number, word_list


class Wrong(ValueError):
    pass


@pytest.mark.parametrize(
    "content, complaint",
    [
        ("- a\n- b\n", "must be a mapping"),
        ("key: [unclosed\n", ""),  # YAML error: the parser's message follows the file name
    ],
)
def test_a_file_that_is_no_mapping_names_itself(tmp_path, content, complaint):
    path = tmp_path / "s.yml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(Wrong) as error:
        read_mapping(path, Wrong)
    assert str(error.value).startswith(f"{path}: ") and complaint in str(error.value)


def test_a_missing_file_names_itself(tmp_path):
    with pytest.raises(Wrong, match="nowhere.yml"):
        read_mapping(tmp_path / "nowhere.yml", Wrong)


def test_an_empty_file_is_an_empty_mapping(tmp_path):
    path = tmp_path / "s.yml"
    path.write_text("", encoding="utf-8")
    assert read_mapping(path, Wrong) == {}


@pytest.mark.parametrize(
    "value, ok", [(["a", " b "], True), ([], False), (["a", ""], False), ("a", False), ([1], False), (None, False)]
)
def test_word_list(tmp_path, value, ok):
    if ok:
        assert word_list({"k": value}, "k", tmp_path, Wrong) == ["a", "b"]
    else:
        with pytest.raises(Wrong, match="'k' must be a non-empty list of words"):
            word_list({"k": value}, "k", tmp_path, Wrong)


@pytest.mark.parametrize(
    "value, ok",
    [(1, True), (3, True), (0, False), (-1, False), (True, False), (1.5, False), ("2", False), (None, False)],
)
def test_whole_number(tmp_path, value, ok):
    if ok:
        assert whole_number({"k": value}, "k", tmp_path, Wrong) == value
    else:
        with pytest.raises(Wrong, match="'k' must be a whole number of at least 1"):
            whole_number({"k": value}, "k", tmp_path, Wrong)
