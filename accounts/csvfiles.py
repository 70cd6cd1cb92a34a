"""Reading the CSV files people upload: as Excel saves them, checked to the cell.

- UTF-8 (with or without a byte-order mark) or GB18030, the encoding Chinese Excel saves;
- quoted commas and line breaks inside quotes are data; an unterminated quote is an error;
- every column is named by the header, and a column the import does not know is refused
  by name (a typo must not drop data silently);
- every error names its physical line in the file (a quoted line break counts), the column
  and what is wrong, so a person can fix the file in one go.

Writing CSV (exports) goes through ``writer``, which neutralises cells a spreadsheet would
run as a formula (OWASP CSV injection).
"""

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

MAX_CELL = 5000  # characters: no field of the portal is longer
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Row:
    line: int  # the physical line the record starts on (the header is line 1)
    data: dict[str, str]


def error(line: int, field: str, message: str) -> dict[str, Any]:
    return {"line": line, "field": field, "message": message}


def decode(raw: bytes) -> str | None:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def read(
    raw: bytes, *, required: Sequence[str], optional: Sequence[str] = (), max_rows: int = 100_000
) -> tuple[list[Row], list[dict[str, Any]]]:
    """The file's rows (header names lower-cased, cells stripped), or the errors that make it
    unreadable. Rows are read whole before anything is written."""
    text = decode(raw)
    if text is None:
        return [], [error(1, "file", _("The file is neither UTF-8 nor GB18030 text."))]
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [name.strip().lower() for name in next(reader)]
    except StopIteration:
        return [], [error(1, "file", _("The file is empty."))]
    except csv.Error as exc:
        return [], [error(1, "file", _("The header cannot be read: %(problem)s") % {"problem": exc})]
    known = set(required) | set(optional)
    errors = [
        error(
            1,
            name or "?",
            _("Unknown column “%(name)s”: the columns are %(known)s.")
            % {"name": name, "known": ", ".join(sorted(known))},
        )
        for name in header
        if name not in known
    ]
    errors += [
        error(1, name, _("The column “%(name)s” is missing.") % {"name": name})
        for name in required
        if name not in header
    ]
    if len(set(header)) != len(header):
        errors.append(error(1, "file", _("A column is named twice.")))
    if errors:
        return [], errors
    rows: list[Row] = []
    start = 2
    try:
        for record in reader:
            line, start = start, reader.line_num + 1
            if not any(cell.strip() for cell in record):
                continue  # a blank line
            if len(rows) >= max_rows:
                return [], [error(line, "file", _("At most %(n)s rows at a time.") % {"n": max_rows})]
            if len(record) != len(header):
                errors.append(
                    error(
                        line,
                        "file",
                        _(
                            "%(found)s cells where the header names %(expected)s columns: is the file cut "
                            "short, or a comma missing or one too many?"
                        )
                        % {"found": len(record), "expected": len(header)},
                    )
                )
                continue
            data = {}
            for name, cell in zip(header, record, strict=True):
                if len(cell) > MAX_CELL:
                    errors.append(error(line, name, _("Longer than %(n)s characters.") % {"n": MAX_CELL}))
                data[name] = cell.strip()
            rows.append(Row(line, data))
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            # Python's reader stops at a cell past its own limit: say it as the others are said.
            errors.append(
                error(start, "file", _("A cell is longer than %(n)s characters.") % {"n": MAX_CELL})
            )
        else:
            errors.append(
                error(
                    start,
                    "file",
                    _(
                        "The file cannot be read from here on: a quoted cell is not closed, or a "
                        "quotation mark stands inside a cell that is not quoted (%(problem)s)."
                    )
                    % {"problem": exc},
                )
            )
    if not rows and not errors:
        errors.append(error(2, "file", _("The file has no rows under its header.")))
    return rows, errors


def safe_cell(value: Any) -> Any:
    """A cell a spreadsheet shows as text, never runs as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def writer(rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """CSV lines (UTF-8 with a byte-order mark, so Excel opens Chinese right), each cell safe."""
    buffer = io.StringIO()
    out = csv.writer(buffer)
    yield "\ufeff"
    for row in rows:
        out.writerow([safe_cell(cell) for cell in row])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
