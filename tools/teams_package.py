"""`make teams-package`: the Microsoft Teams app package for the bot (manifest.json and two icons, zipped).

    python -m tools.teams_package [--app-id GUID] [--out FOLDER]

The manifest comes from deploy/teams/manifest.template.json with the bot's Microsoft
App ID: TEAMS_APP_ID, the same variable credentials.yml gives channels.teams.TeamsInput
(or --app-id). The publisher's name and pages come from TEAMS_DEVELOPER_NAME,
TEAMS_WEBSITE_URL, TEAMS_PRIVACY_URL and TEAMS_TERMS_URL (https), the version from
TEAMS_APP_VERSION. The icons are drawn here (Pillow), without network: color.png
192×192 in full colour and outline.png 32×32, white on transparent, as Teams requires.
The zip is written to results/teams/samskabelse-teams.zip, ready for upload in Teams
("Apps → Administrer dine apps → Upload en app") or the Teams admin center.

No Rasa server code here.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import sys
import zipfile
from pathlib import Path
from typing import Any, Mapping, Sequence

from bot import paths

TEMPLATE = paths.ROOT / "deploy" / "teams" / "manifest.template.json"
DEFAULT_OUT = paths.ROOT / "results" / "teams"
ZIP_NAME = "samskabelse-teams.zip"
APP_ID_ENV = "TEAMS_APP_ID"
COLOR_SIZE, OUTLINE_SIZE = 192, 32
ACCENT = (0x1F, 0x5F, 0x8B)
_GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_VERSION = re.compile(r"^\d+\.\d+\.\d+$")
# Placeholder -> (environment variable, default). The defaults are examples to replace before publishing.
SETTINGS = {
    "@DEVELOPER_NAME@": ("TEAMS_DEVELOPER_NAME", "Samskabelsesrådgiveren"),
    "@WEBSITE_URL@": ("TEAMS_WEBSITE_URL", "https://www.example.dk/samskabelse"),
    "@PRIVACY_URL@": ("TEAMS_PRIVACY_URL", "https://www.example.dk/samskabelse/privatliv"),
    "@TERMS_URL@": ("TEAMS_TERMS_URL", "https://www.example.dk/samskabelse/vilkaar"),
    "@VERSION@": ("TEAMS_APP_VERSION", "1.0.0"),
}
# A fixed date inside the zip, so the same inputs give the same bytes.
_ZIP_DATE = (2024, 1, 1, 0, 0, 0)


class PackageError(ValueError):
    """Something the operator must set; the message is Danish."""


def app_id_from(env: Mapping[str, str], given: str | None = None) -> str:
    app_id = (given if given is not None else env.get(APP_ID_ENV, "")).strip()
    if not app_id:
        raise PackageError(
            f"{APP_ID_ENV} mangler: sæt den til bottens Microsoft App ID fra Azure Bot Service "
            f"(den samme som Teams-kanalen bruger, se credentials.yml), fx "
            f"{APP_ID_ENV}=00000000-0000-0000-0000-000000000000 make teams-package"
        )
    if not _GUID.match(app_id):
        raise PackageError(
            f"{APP_ID_ENV} er ikke et Microsoft App ID (et GUID som 00000000-0000-0000-0000-000000000000): {app_id!r}"
        )
    return app_id


def settings_from(env: Mapping[str, str]) -> tuple[dict[str, str], list[str]]:
    """Placeholder values, and the names of the variables left at their example defaults."""
    values, defaults = {}, []
    for placeholder, (variable, default) in SETTINGS.items():
        value = env.get(variable, "").strip()
        if not value:
            value = default
            if variable != "TEAMS_APP_VERSION":
                defaults.append(variable)
        if variable.endswith("_URL") and not value.startswith("https://"):
            raise PackageError(f"{variable} skal være en https-adresse: {value!r}")
        if variable == "TEAMS_APP_VERSION" and not _VERSION.match(value):
            raise PackageError(f"{variable} skal være et versionsnummer som 1.0.0: {value!r}")
        values[placeholder] = value
    return values, defaults


def _fill(node: Any, values: Mapping[str, str]) -> Any:
    if isinstance(node, str):
        for placeholder, value in values.items():
            node = node.replace(placeholder, value)
        return node
    if isinstance(node, list):
        return [_fill(item, values) for item in node]
    if isinstance(node, dict):
        return {key: _fill(value, values) for key, value in node.items()}
    return node


def manifest(app_id: str, values: Mapping[str, str], template: Path = TEMPLATE) -> dict:
    data = json.loads(template.read_text(encoding="utf-8"))
    return _fill(data, {"@APP_ID@": app_id, **values})


def _png(image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _two_circles(draw, size: int, fill, outline, width: int) -> None:
    """The logo: two overlapping circles, two parties creating something together."""
    r = size * 0.27
    cy = size / 2
    for cx in (size * 0.38, size * 0.62):
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=fill, outline=outline, width=width)


def color_icon() -> bytes:
    """192×192, full colour: white circles on the accent colour, the whole square filled."""
    from PIL import Image, ImageDraw

    scale = 4  # drawn large and scaled down, for smooth edges
    big = COLOR_SIZE * scale
    image = Image.new("RGB", (big, big), ACCENT)
    _two_circles(ImageDraw.Draw(image), big, None, (255, 255, 255), 9 * scale)
    return _png(image.resize((COLOR_SIZE, COLOR_SIZE), Image.LANCZOS))


def outline_icon() -> bytes:
    """32×32: white lines on a transparent background (Teams tints it)."""
    from PIL import Image, ImageDraw

    scale = 8
    big = OUTLINE_SIZE * scale
    mask = Image.new("L", (big, big), 0)
    _two_circles(ImageDraw.Draw(mask), big, None, 255, 2 * scale)
    alpha = mask.resize((OUTLINE_SIZE, OUTLINE_SIZE), Image.LANCZOS)
    image = Image.new("RGBA", (OUTLINE_SIZE, OUTLINE_SIZE), (255, 255, 255, 0))
    image.putalpha(alpha)
    return _png(image)


def build(out_dir: Path, app_id: str, values: Mapping[str, str], template: Path = TEMPLATE) -> Path:
    """Write the zip; returns its path."""
    files = {
        "manifest.json": (json.dumps(manifest(app_id, values, template), ensure_ascii=False, indent=2) + "\n").encode(
            "utf-8"
        ),
        "color.png": color_icon(),
        "outline.png": outline_icon(),
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / ZIP_NAME
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return target


def main(argv: Sequence[str] | None = None, env: Mapping[str, str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.teams_package",
        description="Teams-app-pakken til Samskabelsesrådgiveren (make teams-package).",
    )
    parser.add_argument("--app-id", default=None, help=f"bottens Microsoft App ID (standard: {APP_ID_ENV})")
    parser.add_argument("--out", default=str(DEFAULT_OUT), help="mappen, zip-filen skrives til")
    args = parser.parse_args(argv)
    env = os.environ if env is None else env
    try:
        app_id = app_id_from(env, args.app_id)
        values, defaults = settings_from(env)
    except PackageError as exc:
        print(f"Stopper: {exc}", file=sys.stderr)
        return 1
    target = build(Path(args.out), app_id, values)
    print(f"Teams-app-pakken er skrevet til {target}")
    print("Upload den i Teams (Apps → Administrer dine apps → Upload en app) eller i Teams Admin Center.")
    if defaults:
        print(
            "Bemærk: " + ", ".join(defaults) + " er ikke sat; pakken bruger eksempelværdier. "
            "Sæt dem til jeres egne sider, før appen udgives i organisationen."
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
