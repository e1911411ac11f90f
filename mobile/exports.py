"""Where the app keeps what a person exports (the leaders' CSV files): an `exports` folder in
the app's own storage, one file per export, named by what it holds and the day."""

from datetime import date
from pathlib import Path

EXPORTS_FOLDER = "exports"


def export_path(directory: str | Path, *, name: str, on: date) -> Path:
    """`<directory>/exports/quid-<name>-<day>.csv`, numbered when that name is taken."""
    folder = Path(directory) / EXPORTS_FOLDER
    path = folder / f"quid-{name}-{on.isoformat()}.csv"
    number = 2
    while path.exists():
        path = folder / f"quid-{name}-{on.isoformat()}-{number}.csv"
        number += 1
    return path


def save_export(directory: str | Path, *, name: str, text: str, on: date) -> Path:
    """Write `text` (UTF-8, with a byte-order mark so spreadsheets read accents) and say where."""
    path = export_path(directory, name=name, on=on)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8-sig")
    return path
