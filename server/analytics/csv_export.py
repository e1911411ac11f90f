"""Analytics as CSV attachments: a header row, then one row per cell, pair, person,
division or step, in UTF-8 (with a byte-order mark, so spreadsheet programs read accents).

Names come from people; a cell that a spreadsheet would run as a formula (starting with
=, +, -, @, a tab or a carriage return) is written with a leading apostrophe.
"""

import csv
import io

from flask import Response

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """`value` as a spreadsheet will show it, never as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def attachment(*, name: str, window_label: str, header: list[str], rows) -> Response:
    """A `text/csv` attachment named `quid-<name>-<window_label>.csv`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    response = Response("\ufeff" + buffer.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="quid-{name}-{window_label}.csv"'
    return response
