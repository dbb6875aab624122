"""Writes the two yearly risk registers of the analyst's-year notebook, as a client keeps them in
Excel: a title row, no id column, the rows in no particular order. FY2026 is the example ISMS's
register (tests/fixtures/example-saas.isms.json); FY2025 is the year before: six of this year's
risks did not exist yet, three of last year's were dropped, eight were rated differently and four
were worded differently. Run it from this folder to write register-fy2025.xlsx and
register-fy2026.xlsx again (openpyxl)."""

from __future__ import annotations

import json
import random
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent
FIXTURE = HERE.parents[1] / "tests" / "fixtures" / "example-saas.isms.json"
HEADER = ["Risk", "Risk owner", "Likelihood", "Impact", "Treatment", "Controls", "Notes"]
TREATMENT = {"modify": "Mitigate", "retain": "Accept", "avoid": "Avoid", "share": "Transfer"}

DROPPED = [
    ("Fax machine in the London office leaks contract pages", "Head of People", 2, 2, "Accept", ""),
    ("Legacy FTP server exposes customer exports", "CTO", 3, 4, "Mitigate", "A.8.20, A.8.24"),
    ("Paper visitor book shows visitors' names", "Head of People", 2, 1, "Accept", ""),
]
NEW_THIS_YEAR = 6
REWORDED = 4
RERATED = 8


def rows_of_this_year() -> list[list[object]]:
    doc = json.loads(FIXTURE.read_text(encoding="utf-8"))
    rows = []
    for risk in doc["risks"]:
        rating = risk.get("inherent") or {}
        impact = rating.get("impact", 1)
        impact = max(impact.values()) if isinstance(impact, dict) else impact
        option = (risk.get("treatment") or {}).get("option", "")
        rows.append([
            risk["title"], risk.get("owner", ""), rating.get("likelihood", 1), impact,
            TREATMENT.get(option, ""), ", ".join(risk.get("controls", [])), "reviewed FY2026",
        ])
    return rows


def rows_of_last_year(this_year: list[list[object]]) -> list[list[object]]:
    rng = random.Random(2025)
    rows = [list(r) for r in this_year[NEW_THIS_YEAR:]]
    for row in rows[:REWORDED]:
        row[0] = f"Risk that {str(row[0])[0].lower()}{str(row[0])[1:]}"
    for row in rows[REWORDED:REWORDED + RERATED]:
        row[2] = int(row[2]) - 1 if int(row[2]) > 1 else 2
    for row in rows:
        row[6] = "reviewed FY2025"
    rows += [[t, o, l, i, tr, c, "reviewed FY2025"] for t, o, l, i, tr, c in DROPPED]
    rng.shuffle(rows)
    return rows


def write(path: Path, year: str, rows: list[list[object]]) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Risk register"
    sheet.append([f"Larkspur Metrics Ltd - information security risk register {year}"])
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    for column, width in zip("ABCDEFG", (60, 30, 11, 9, 11, 30, 18)):
        sheet.column_dimensions[column].width = width
    book.properties.created = book.properties.modified = __import__("datetime").datetime(2026, 1, 1)
    book.save(path)


if __name__ == "__main__":
    this_year = rows_of_this_year()
    random.Random(2026).shuffle(copy := list(this_year))
    write(HERE / "register-fy2026.xlsx", "FY2026", copy)
    write(HERE / "register-fy2025.xlsx", "FY2025", rows_of_last_year(this_year))
    print("wrote register-fy2025.xlsx and register-fy2026.xlsx")
