"""scripts/find_python.sh without any Python 3.10: a Danish message that says what to do, and exit 1."""

from __future__ import annotations

import subprocess

from bot import paths


def test_no_python_310_is_explained_in_danish(tmp_path):
    # A PATH with the shell tools only (no python3.10, no pyenv); HOME elsewhere so no pyenv root is found.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("bash", "cat", "sh"):
        (bin_dir / tool).symlink_to(
            subprocess.run(["which", tool], capture_output=True, text=True, check=True).stdout.strip()
        )
    result = subprocess.run(
        ["bash", str(paths.ROOT / "scripts" / "find_python.sh")],
        capture_output=True,
        text=True,
        env={"PATH": str(bin_dir), "HOME": str(tmp_path)},
        timeout=60,
    )
    if result.returncode == 0:  # this machine has /usr/bin/python3.10 or /usr/local/bin/python3.10
        assert result.stdout.strip().endswith("python3.10")
        return
    assert result.returncode == 1 and result.stdout == ""
    assert "Python 3.10 blev ikke fundet" in result.stderr
    assert "pyenv install 3.10" in result.stderr and "«Fejlfinding»" in result.stderr
    assert "Error" not in result.stderr
