"""The house's floors: imports run one way, so each folder can be read without the ones above it.

bot/ is the library: it imports no Rasa server code and none of the folders
built on it. tools/ (what make, operators and trainers run) imports the
library but not the Rasa glue; bench/ sits on top of both. Every import in
the code is read, including those inside functions, which is where a
climb back up hides.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from bot import paths

ABOVE_THE_LIBRARY = {"tools", "bench", "actions", "channels", "store", "featurizers", "tests"}
RASA = {"rasa", "rasa_sdk", "sanic"}
FORBIDDEN = {
    "bot": ABOVE_THE_LIBRARY | RASA,
    "tools": {"bench", "actions", "channels", "store", "featurizers", "tests"} | RASA,
}


def imported_packages(path: Path) -> set[str]:
    """The top-level package of every module the file imports, at any depth of the code."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def test_the_reader_sees_imports_inside_functions(tmp_path):
    source = tmp_path / "m.py"
    source.write_text("import os\n\ndef f():\n    from tools.report import build\n    import rasa.core\n")
    assert imported_packages(source) == {"os", "tools", "rasa"}


@pytest.mark.parametrize("folder", sorted(FORBIDDEN))
def test_no_import_climbs_back_up(folder):
    files = sorted((paths.ROOT / folder).rglob("*.py"))
    assert files
    climbs = {
        f"{path.relative_to(paths.ROOT)} imports {package}"
        for path in files
        for package in imported_packages(path) & FORBIDDEN[folder]
    }
    assert not climbs


def project_modules() -> dict[str, Path]:
    modules = {}
    for folder in ("bot", "tools", "bench", "actions", "channels", "store", "featurizers"):
        for path in (paths.ROOT / folder).rglob("*.py"):
            parts = path.relative_to(paths.ROOT).with_suffix("").parts
            modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return modules


def import_graph(modules: dict[str, Path]) -> dict[str, set[str]]:
    """module -> the project modules it imports (`from bot import paths` is bot.paths)."""
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets.add(node.module)
                targets.update(f"{node.module}.{alias.name}" for alias in node.names)
        graph[name] = {t for t in targets if t in modules and t != name and not name.startswith(t + ".")}
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every import circle, found by depth-first search (each reported from where it was entered)."""
    found, state = [], {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = "open"
        for target in sorted(graph[node]):
            if state.get(target) == "open":
                found.append(trail[trail.index(target) :] + [target])
            elif target not in state:
                visit(target, trail + [target])
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    return found


def test_the_circle_finder_finds_a_circle():
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c", "a"]]
    assert circles({"a": {"b"}, "b": set()}) == []


def test_no_module_imports_itself_round_a_circle():
    assert circles(import_graph(project_modules())) == []


MAX_LINES = 450


def test_no_source_file_is_too_long_to_read_in_one_sitting():
    folders = ("bot", "tools", "bench", "actions", "channels", "store", "featurizers", "tests", "scripts")
    long = {
        str(path.relative_to(paths.ROOT)): n
        for folder in folders
        for path in (paths.ROOT / folder).rglob("*.py")
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long


def test_every_package_is_listed_for_installation():
    """pyproject.toml lists packages by name; a new subpackage left out would be missing from a built wheel."""
    import tomli  # pytest brings it on Python 3.10

    listed = set(
        tomli.loads((paths.ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"]
    )
    found = {
        ".".join(init.parent.relative_to(paths.ROOT).parts)
        for folder in ("bot", "tools", "actions", "channels", "store", "featurizers")
        for init in (paths.ROOT / folder).rglob("__init__.py")
    }
    assert found <= listed, sorted(found - listed)


# Test folders that mirror no code folder: the trained model's and the running servers' tests.
SYSTEM_TEST_FOLDERS = {"e2e", "nlu", "stories"}


def test_unit_tests_sit_where_the_code_they_test_sits():
    """tests/bot/flows/test_quiz.py tests bot/flows/quiz.py: a module's tests are found by its path.

    Tests of the whole project (layers, docs, the Makefile's help) sit in tests/ itself.
    """
    tests = paths.ROOT / "tests"
    misplaced = sorted(
        str(test.relative_to(paths.ROOT))
        for test in tests.rglob("test_*.py")
        if (folder := test.parent.relative_to(tests)).parts
        and folder.parts[0] not in SYSTEM_TEST_FOLDERS
        and not (paths.ROOT / folder).is_dir()
    )
    assert not misplaced
