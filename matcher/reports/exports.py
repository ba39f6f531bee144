"""The weekly report's tables as CSV and XLSX files (JSON comes from ``tables.as_json``)."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook

from matcher.domain.reports import WeeklyReport
from matcher.reports.tables import tables

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def to_csv(report: WeeklyReport, words: dict[str, str]) -> bytes:
    """One CSV: each row starts with its section; each section starts with its header row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["week", report.week])
    for name, header, rows in tables(report, words):
        writer.writerow([name, *header])
        writer.writerows([[name, *("" if cell is None else cell for cell in row)] for row in rows])
    return buffer.getvalue().encode("utf-8-sig")  # the BOM makes spreadsheet programs read UTF-8


def to_xlsx(report: WeeklyReport, words: dict[str, str]) -> bytes:
    """One sheet per section."""
    book = Workbook()
    book.remove(book.active)
    for name, header, rows in tables(report, words):
        sheet = book.create_sheet(name[:31])
        sheet.append(header)
        for row in rows:
            sheet.append(list(row))
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.properties.title = f"Kohtaanto {report.week}"
    book.save(buffer)
    return buffer.getvalue()
