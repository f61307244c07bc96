"""`make teams-package` (tools/teams_package.py): the zip Teams takes, built offline.

Checked against Teams' documented rules for an app package (not uploaded to a real
Teams tenant here): manifest.json, color.png and outline.png at the zip's root; the
app and bot ids are the Microsoft App ID from TEAMS_APP_ID; the colour icon is
192×192, the outline icon 32×32 with only white or transparent pixels; the name and
description lengths and https URLs Teams requires.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import zipfile

import pytest
from PIL import Image

from bot import paths
from tools import teams_package

APP_ID = "2f1c7a3e-5b6d-4e8f-9a0b-1c2d3e4f5a6b"


def unpacked(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def check_package(files: dict[str, bytes], app_id: str = APP_ID) -> dict:
    assert sorted(files) == ["color.png", "manifest.json", "outline.png"]
    manifest = json.loads(files["manifest.json"].decode("utf-8"))
    assert manifest["id"] == app_id
    assert [bot["botId"] for bot in manifest["bots"]] == [app_id]
    assert manifest["manifestVersion"] == "1.16" and manifest["version"].count(".") == 2
    assert manifest["icons"] == {"color": "color.png", "outline": "outline.png"}
    assert len(manifest["name"]["short"]) <= 30 and len(manifest["name"]["full"]) <= 100
    assert len(manifest["description"]["short"]) <= 80 and len(manifest["description"]["full"]) <= 4000
    for key in ("websiteUrl", "privacyUrl", "termsOfUseUrl"):
        assert manifest["developer"][key].startswith("https://")
    for command_list in manifest["bots"][0]["commandLists"]:
        for command in command_list["commands"]:
            assert len(command["title"]) <= 32 and len(command["description"]) <= 128
    assert "@" not in files["manifest.json"].decode("utf-8")  # every placeholder filled

    color = Image.open(io.BytesIO(files["color.png"]))
    assert color.format == "PNG" and color.size == (192, 192)
    outline = Image.open(io.BytesIO(files["outline.png"])).convert("RGBA")
    assert outline.size == (32, 32)
    pixels = list(outline.getdata())
    assert all(a == 0 or (r, g, b) == (255, 255, 255) for r, g, b, a in pixels)
    assert any(a == 0 for *_, a in pixels) and any(a == 255 for *_, a in pixels)
    return manifest


def test_package_from_the_environment(tmp_path, capsys):
    env = {"TEAMS_APP_ID": APP_ID, "TEAMS_WEBSITE_URL": "https://www.kommune.dk/samskabelse"}
    assert teams_package.main(["--out", str(tmp_path)], env=env) == 0
    manifest = check_package(unpacked(tmp_path / teams_package.ZIP_NAME))
    assert manifest["developer"]["websiteUrl"] == "https://www.kommune.dk/samskabelse"
    out = capsys.readouterr().out
    assert "Teams-app-pakken er skrevet til" in out
    assert "TEAMS_PRIVACY_URL" in out and "TEAMS_WEBSITE_URL" not in out  # only the unset ones are named


def test_same_inputs_same_bytes(tmp_path):
    values, _ = teams_package.settings_from({})
    first = teams_package.build(tmp_path / "a", APP_ID, values).read_bytes()
    second = teams_package.build(tmp_path / "b", APP_ID, values).read_bytes()
    assert first == second


@pytest.mark.parametrize(
    "env, fragment",
    [
        ({}, "TEAMS_APP_ID mangler"),
        ({"TEAMS_APP_ID": "   "}, "TEAMS_APP_ID mangler"),
        ({"TEAMS_APP_ID": "my-bot"}, "er ikke et Microsoft App ID"),
        ({"TEAMS_APP_ID": APP_ID, "TEAMS_PRIVACY_URL": "http://intranet/privatliv"}, "skal være en https-adresse"),
        ({"TEAMS_APP_ID": APP_ID, "TEAMS_APP_VERSION": "1.0"}, "versionsnummer"),
    ],
)
def test_what_is_missing_or_wrong_is_said_in_danish(tmp_path, capsys, env, fragment):
    assert teams_package.main(["--out", str(tmp_path)], env=env) == 1
    assert fragment in capsys.readouterr().err
    assert not (tmp_path / teams_package.ZIP_NAME).exists()


def test_make_teams_package(tmp_path):
    """The Makefile target writes the zip from TEAMS_APP_ID (no network)."""
    env = {**os.environ, "TEAMS_APP_ID": APP_ID}
    result = subprocess.run(
        ["make", "--no-print-directory", "teams-package", f"TEAMS_ARGS=--out {tmp_path}"],
        cwd=paths.ROOT,
        env=env,
        text=True,
        capture_output=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    check_package(unpacked(tmp_path / teams_package.ZIP_NAME))
