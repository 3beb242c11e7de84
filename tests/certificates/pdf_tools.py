"""poppler-utils wrappers: what a reader (pdftotext) and a checker (pdffonts) see in a PDF."""

from __future__ import annotations

import subprocess
from pathlib import Path


def pdftotext(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def pdffonts(path: Path) -> list[dict[str, str]]:
    """One dict per font: name, emb, sub, uni (the yes/no columns of ``pdffonts``)."""
    lines = subprocess.run(
        ["pdffonts", str(path)], check=True, capture_output=True, text=True
    ).stdout.splitlines()[2:]
    fonts = []
    for line in lines:
        name, *rest = line.split()
        flags = [column for column in rest if column in ("yes", "no")]
        fonts.append({"name": name, "emb": flags[0], "sub": flags[1], "uni": flags[2]})
    return fonts


def pdfinfo(path: Path) -> dict[str, str]:
    lines = subprocess.run(
        ["pdfinfo", str(path)], check=True, capture_output=True, text=True
    ).stdout.splitlines()
    return {key.strip(): value.strip() for key, _, value in (line.partition(":") for line in lines)}
