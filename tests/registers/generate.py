#!/usr/bin/env python3
"""Writes the register corpus of tests/registers/: risk registers, asset registers and SoA workbooks
kept the way people really keep them, for the importer (`import_register`, and `inspect_register`
once it exists) to be checked against.

Every company, person, risk and figure here is invented for this corpus; no public register was
copied. Control ids and titles come from the engine's own catalogue files (core/data/), as any
SoA spreadsheet would carry them.

Run by hand (not in CI), from anywhere, with the dependency of requirements.txt beside this file:

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install -r tests/registers/requirements.txt
    /tmp/venv/bin/python tests/registers/generate.py          # writes the files, README.md, manifest.json
    /tmp/venv/bin/python tests/registers/generate.py --check  # fails if a file would change

The output is deterministic: fixed dates, a seeded generator per file, XLSX document properties and
zip member times fixed, so a rerun writes the same bytes (the pinned xlsxwriter version matters).

Patterns (the tags of the README table and of manifest.json):

  text:description      the only text column is `Risk Description` or `Description`
  text:none             no text column at all: the risk is asset + threat + vulnerability
  no-id                 no id column
  no-owner              no owner column
  layout:title-rows     title rows above the header
  layout:offset         the header does not start in column A (B2, B3, …)
  layout:header-breaks  spaces and line breaks inside header cells
  layout:two-row-header an upper header row groups the columns (INHERENT RISK over L | I | RISK, …)
  layout:footer         notes or totals below the data
  layout:merged-group   a grouping column (Process, Asset) filled only on the first row of a group
  sheet:not-first       the register is not the first sheet (Dashboard, Legend, Doc Control, …)
  sheet:xlsm            a macro-enabled workbook (.xlsm content type)
  header:misspelt       misspelt or unusual rating headers (Liklihood, Raw probability, …)
  header:text-impact    a free-text `Impact` column beside a numeric `Raw impact`
  scale:decimal         ratings as decimals 0–1
  scale:0-4             ratings 0–4
  scale:product         a `Likelihood` column that holds a 1–25 product
  scale:cia-cell        `C=3, I=3, A=2` in one impact cell
  scale:label-case      labels in odd case with trailing spaces
  scale:other-labels    other tools' labels (Unlikely/Likely/Very likely, Important/Significant/Critical)
  scale:not-assessed    `--`, `n/a` for a rating not assessed
  scale:3-level         a 3-level Low/Medium/High scale
  cells:empty-markers   blanks, TBC, N/A, NaT, NaN, None in any column
  cells:control-titles  control cells with titles, several per cell (`;`, `,`, newlines, ` / `)
  cells:common-words    statuses and treatments in common words (Overdue, In progress, Tolerate, …)
  cells:due-no-action   a due-date column with no action column
  asset:unknown-types   asset types the engine does not know (Cloud Server, SaaS, Laptop fleet, …)
  asset:classification  classification words instead of C/I/A numbers
  asset:single-rating   one `CIA Impact` or `Criticality` column instead of C, I and A
  soa                   a Statement of Applicability workbook
  soa:marks             applicability as marks (Applicable, N/A, X)
  soa:reason-marks      inclusion reasons as columns of X marks
  soa:2013              2013 control ids, two of them mapping to one 2022 control with conflicting decisions
  soa:bare-ids          control ids without `A.` and with the title in the same cell
  enc:cp1252            a CSV saved by Excel in Windows-1252 (£, é, ’, –)
  enc:utf8-bom          UTF-8 with a byte order mark
  enc:utf16             UTF-16 LE with BOM, tab separated (Excel's "Unicode text")
  csv:semicolon         semicolon-separated, decimal commas (a European Excel)
  size:large            about 300 rows
  clean                 a tidy register that imports today without a mapping (a regression guard)

Files (the README table and manifest.json are written from the same list, FILES below):

  clean_risk_register.csv          clean
  clean_risk_register.xlsx         clean
  clean_assets.csv                 clean
  description_only.csv             text:description no-id no-owner
  description_at_b3.xlsx           text:description layout:title-rows layout:offset
  asset_threat_vulnerability.xlsx  text:none no-id layout:merged-group
  two_row_header.xlsx              layout:two-row-header layout:title-rows layout:offset layout:footer
  header_line_breaks.xlsx          layout:header-breaks layout:title-rows layout:offset
  process_groups.xlsx              layout:merged-group cells:common-words
  dashboard_first.xlsx             sheet:not-first layout:footer
  doc_control_first.xlsm           sheet:xlsm sheet:not-first
  misspelt_headers.csv             header:misspelt no-owner
  raw_probability.xlsx             header:misspelt header:text-impact
  possibility_semicolon.csv        header:misspelt csv:semicolon scale:decimal
  decimal_scale.csv                scale:decimal
  zero_to_four.xlsx                scale:0-4
  likelihood_is_product.csv        scale:product
  cia_in_one_cell.xlsx             scale:cia-cell header:misspelt
  label_case_spaces.csv            scale:label-case scale:not-assessed
  other_tool_labels.xlsx           scale:other-labels
  three_level.csv                  scale:3-level no-id
  pandas_export.csv                cells:empty-markers
  empty_cells.xlsx                 cells:empty-markers layout:footer
  control_titles.xlsx              cells:control-titles
  due_date_no_action.csv           cells:due-no-action cells:common-words
  large_messy.xlsx                 size:large sheet:not-first layout:title-rows layout:two-row-header layout:merged-group scale:label-case cells:empty-markers cells:control-titles cells:common-words layout:footer
  assets_unknown_types.xlsx        asset:unknown-types
  assets_classification.csv        asset:classification asset:unknown-types
  assets_cia_impact.xlsx           asset:single-rating sheet:not-first layout:offset
  assets_criticality.csv           asset:single-rating no-id
  soa_yes_no.xlsx                  soa
  soa_reason_marks.xlsx            soa soa:marks soa:reason-marks layout:two-row-header
  soa_2013.xlsx                    soa soa:2013 sheet:not-first
  soa_bare_ids.csv                 soa soa:bare-ids soa:marks
  excel_cp1252.csv                 enc:cp1252
  utf8_bom.csv                     enc:utf8-bom
  unicode_text_utf16.txt           enc:utf16
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import sys
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence

import xlsxwriter

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
# Every date in the corpus is relative to this one, and the workbooks claim to be made on it.
TODAY = date(2026, 3, 31)
CREATED = datetime(2026, 3, 31, 9, 0, 0, tzinfo=timezone.utc)


# ---------------------------------------------------------------------------------------------
# The catalogue, as an SoA spreadsheet carries it.

def _catalogue() -> Dict[str, str]:
    data = json.loads((ROOT / "core/data/annex_a_2022.json").read_text(encoding="utf-8"))
    return {c["id"]: c["title"] for c in data["controls"]}


def _crosswalk() -> List[Dict[str, Any]]:
    data = json.loads((ROOT / "core/data/crosswalk_2013_2022.json").read_text(encoding="utf-8"))
    return list(data["controls_2013"])


ANNEX_A = _catalogue()
CONTROLS_2013 = _crosswalk()


def titled(control: str) -> str:
    """`A.8.7 Protection against malware`."""
    return f"{control} {ANNEX_A[control]}"


# ---------------------------------------------------------------------------------------------
# Invented risks. Each scenario: asset, threat, vulnerability, a short title, a longer description,
# linked 2022 controls, an owner role, a planned action, inherent (L, I) and residual (L, I) on 1–5.

@dataclass(frozen=True)
class Scenario:
    asset: str
    threat: str
    vulnerability: str
    title: str
    description: str
    controls: Sequence[str]
    owner: str
    action: str
    inherent: tuple[int, int]
    residual: tuple[int, int]


SCENARIOS: List[Scenario] = [
    Scenario("Customer database", "SQL injection through the booking form",
             "Input validation missing on the legacy endpoints",
             "Customer records extracted through the booking form",
             "An attacker uses the old booking form to run queries against the customer database and copies names, addresses and order history.",
             ["A.8.28", "A.8.26", "A.8.29"], "Head of Engineering",
             "Parameterise the remaining queries in the booking service", (3, 5), (2, 4)),
    Scenario("Finance laptops", "Theft from a parked car", "Disk encryption not enforced on the older models",
             "Unencrypted finance laptop stolen",
             "A finance laptop left in a car overnight is stolen; its disk is not encrypted and holds supplier bank details.",
             ["A.8.1", "A.8.24", "A.7.9"], "IT Manager",
             "Turn on disk encryption for the 14 remaining laptops", (3, 4), (2, 2)),
    Scenario("Email service", "Credential phishing", "MFA not enforced on shared mailboxes",
             "Mailbox takeover after a phishing campaign",
             "A convincing delivery-notice email collects a password for the accounts mailbox, which has no second factor; invoices are redirected.",
             ["A.6.3", "A.8.5", "A.5.17"], "CISO",
             "Enforce conditional access on every shared mailbox", (4, 4), (2, 3)),
    Scenario("File server", "Ransomware", "Backups reachable with the same domain credentials",
             "Ransomware encrypts the file server and its backups",
             "Ransomware spreads from one workstation to the file server and, with the same admin password, to the backup share.",
             ["A.8.7", "A.8.13", "A.8.15"], "IT Manager",
             "Move backups to an immutable off-site vault", (3, 5), (2, 3)),
    Scenario("Payroll service", "Supplier insolvency", "No exit plan or data export in the contract",
             "Payroll provider stops service without notice",
             "The small payroll bureau we use goes into administration a week before the monthly run; we have no copy of the pay data.",
             ["A.5.19", "A.5.20", "A.5.30"], "Finance Director",
             "Agree an exit clause and a quarterly data export", (2, 4), (1, 3)),
    Scenario("Warehouse management system", "Power cut at the depot", "One UPS with twenty minutes of runtime",
             "Depot scanners and WMS stop during a power cut",
             "A local power cut stops the warehouse system and the handheld scanners; lorries cannot be loaded until power returns.",
             ["A.7.11", "A.8.14", "A.5.30"], "Operations Director",
             "Fit a generator connection point at the depot", (3, 3), (2, 2)),
    Scenario("Source code repository", "Leaked deploy token", "Access tokens never expire",
             "Source code copied with a leaked deploy token",
             "A deploy token pasted into a public issue tracker lets an outsider clone every private repository.",
             ["A.8.4", "A.5.17", "A.8.2"], "CTO",
             "Rotate tokens every 90 days and scan commits for secrets", (3, 4), (1, 4)),
    Scenario("Patient records", "Misaddressed email", "No check on external recipients",
             "Treatment notes sent to the wrong patient",
             "Autocomplete picks a patient with a similar name and treatment notes go to the wrong address.",
             ["A.5.14", "A.8.12", "A.6.3"], "Practice Manager",
             "Warn on external recipients and delay sending by one minute", (4, 3), (3, 2)),
    Scenario("Head office", "Tailgating", "Reception unstaffed over lunch",
             "Visitor walks into the finance office unescorted",
             "Someone follows staff through the side door at lunchtime and reaches desks with printed payment runs.",
             ["A.7.2", "A.7.1", "A.7.3"], "Facilities Manager",
             "Badge readers on the side door and a lunchtime reception rota", (3, 3), (2, 2)),
    Scenario("HR records", "Insider misuse", "The whole HR team can read every folder",
             "HR staff browse colleagues' salary files",
             "Anyone in HR can open salary and disciplinary files for the whole company, including their own managers'.",
             ["A.5.15", "A.8.3", "A.5.18"], "HR Director",
             "Split the HR share by role and review access each quarter", (3, 3), (2, 3)),
    Scenario("Public website", "Denial of service", "No CDN or rate limiting in front of the site",
             "Website unavailable during the spring campaign",
             "A flood of requests takes the website down on the first day of the spring sale.",
             ["A.8.20", "A.8.6", "A.8.14"], "Marketing Director",
             "Put the site behind a CDN with rate limits", (2, 4), (1, 3)),
    Scenario("Cloud tenancy", "Storage bucket made public by mistake", "No configuration baseline for cloud storage",
             "Export files left in a public storage bucket",
             "A nightly export is written to a bucket someone opened for a demo; the files can be listed from the internet.",
             ["A.8.9", "A.5.23", "A.8.12"], "Cloud Platform Lead",
             "Block public access at account level and alert on policy changes", (3, 5), (1, 5)),
    Scenario("Edge firewall", "Exploit of a published firmware flaw", "Firmware patched by hand, irregularly",
             "Edge firewall exploited through a published flaw",
             "The firewall runs firmware two releases behind; a published flaw lets an attacker in before we patch.",
             ["A.8.8", "A.8.20", "A.8.32"], "Network Engineer",
             "Monthly firmware window with vendor advisories tracked", (3, 5), (2, 4)),
    Scenario("Company phones", "Loss", "No remote wipe",
             "Lost phone exposes client chat conversations",
             "A sales phone left in a taxi has client conversations and photos of contracts; it cannot be wiped remotely.",
             ["A.8.1", "A.6.7", "A.5.10"], "IT Manager",
             "Enrol all phones in device management", (4, 2), (3, 1)),
    Scenario("CCTV recorder", "Login with default credentials", "Installer never changed the default password",
             "CCTV recorder reachable with the installer's password",
             "The CCTV recorder is reachable from the guest network and still has the installer's password.",
             ["A.5.17", "A.8.9", "A.8.20"], "Facilities Manager",
             "Change the password and move the recorder to its own network", (3, 2), (1, 2)),
    Scenario("Printed contracts", "Disposal in general waste", "No confidential waste contract",
             "Signed contracts found in a recycling bin",
             "Signed client contracts are thrown in the paper recycling and found by a passer-by.",
             ["A.7.14", "A.7.10", "A.5.13"], "Office Manager",
             "Locked shredding consoles on every floor", (2, 3), (1, 2)),
    Scenario("Lab manager", "Departure of a key person", "Pipeline steps known to one person only",
             "Only one person can run the sequencing pipeline",
             "If the lab manager leaves or falls ill, nobody else can run or fix the sequencing pipeline.",
             ["A.5.37", "A.6.5", "A.5.30"], "Chief Scientific Officer",
             "Write the pipeline runbook and train a second operator", (2, 4), (2, 2)),
    Scenario("Instrument PCs", "Malware on a USB stick", "Instruments run an unsupported operating system",
             "Instrument PC infected from a visiting engineer's USB stick",
             "A service engineer plugs in a USB stick to update an analyser; the instrument PC cannot run current antivirus.",
             ["A.8.7", "A.7.10", "A.8.19"], "Lab Operations Lead",
             "Isolate instrument PCs and scan media at a kiosk first", (3, 4), (2, 3)),
    Scenario("ERP system", "Untested change", "No change approval for vendor updates",
             "ERP update breaks invoicing at month end",
             "A vendor update applied on the last working day of the month stops invoice runs for two days.",
             ["A.8.32", "A.8.31", "A.8.29"], "Finance Systems Lead",
             "Change freeze in the last week of the month and a test environment", (3, 3), (2, 2)),
    Scenario("Colocation suite", "Fire", "Fire suppression not tested since installation",
             "Fire in the colocation suite destroys the primary servers",
             "A fire in the shared colocation suite destroys our primary rack; the fail-over site has not been tested this year.",
             ["A.7.5", "A.8.14", "A.5.29"], "Infrastructure Manager",
             "Annual fail-over test and suppression certificate from the provider", (1, 5), (1, 3)),
    Scenario("Checkout page", "Card skimming script", "Third-party scripts loaded without review",
             "Card details skimmed by an injected checkout script",
             "A compromised analytics script on the checkout page sends card numbers to an outside server.",
             ["A.8.26", "A.8.28", "A.5.21"], "E-commerce Manager",
             "Content security policy and subresource integrity on the checkout", (2, 5), (1, 4)),
    Scenario("Remote access VPN", "Password guessing", "VPN accepts a password alone",
             "VPN account guessed and used to reach the ERP",
             "A weak VPN password is guessed over a weekend and the attacker reaches the ERP from outside.",
             ["A.8.5", "A.5.17", "A.8.16"], "Network Engineer",
             "Require a second factor on the VPN", (3, 4), (1, 4)),
    Scenario("Security logs", "Logs wiped by an intruder", "Logs kept only on the servers that write them",
             "Intrusion goes unnoticed because logs were wiped",
             "An intruder clears the local logs and nothing is kept centrally, so the breach cannot be traced.",
             ["A.8.15", "A.8.16", "A.5.28"], "Security Analyst",
             "Ship logs to a central store with 12 months' retention", (2, 4), (1, 3)),
    Scenario("Developer workstations", "Fake recruiter sends a coding test", "Contractors get no awareness training",
             "Developer runs a coding test that installs a backdoor",
             "A developer is approached about a job and runs a 'take-home test' that installs a remote access tool.",
             ["A.6.3", "A.8.7", "A.6.8"], "CTO",
             "Include contractors in awareness training and restrict local admin", (2, 4), (2, 3)),
    Scenario("Support desk tool", "Over-privileged integration", "Integration key has administrator scope",
             "Support tool integration can read every ticket attachment",
             "The chat integration was given an administrator key and can read every ticket attachment, including ID scans.",
             ["A.8.2", "A.5.15", "A.5.22"], "Customer Support Lead",
             "Reissue the key with read-only scope on two queues", (2, 3), (1, 2)),
    Scenario("Backup tapes", "Tapes lost by the courier", "Tapes written unencrypted",
             "Backup tapes lost in transit to the off-site store",
             "A courier loses a box of backup tapes between the office and the off-site store; the tapes are not encrypted.",
             ["A.8.13", "A.8.24", "A.7.10"], "Infrastructure Manager",
             "Encrypt tapes at the drive and log every hand-over", (2, 4), (2, 1)),
    Scenario("Office Wi-Fi", "Rogue access point", "Guests and staff share one network",
             "Guest Wi-Fi reaches the label printers and tills",
             "Guests on the shop Wi-Fi can reach the tills and label printers because there is only one network.",
             ["A.8.22", "A.8.20", "A.8.21"], "Network Engineer",
             "Separate guest, staff and till networks", (3, 3), (1, 2)),
    Scenario("Case files", "Accidental deletion", "No versioning on the document store",
             "Case bundle deleted the day before a hearing",
             "A trainee deletes a case bundle the day before a hearing; the document store keeps no versions.",
             ["A.8.13", "A.8.10", "A.5.33"], "Practice Director",
             "Turn on versioning and a 30-day recycle bin", (3, 4), (2, 2)),
    Scenario("Breach reporting", "Missed regulator deadline", "No calendar of legal obligations",
             "Breach not reported to the regulator within 72 hours",
             "A personal data breach is found on a Friday and nobody knows who reports it or by when.",
             ["A.5.31", "A.5.26", "A.5.24"], "Data Protection Officer",
             "Incident playbook naming who reports and a legal obligations calendar", (2, 4), (1, 3)),
    Scenario("Build servers", "Crypto-mining malware", "Build agents exposed to the internet",
             "Build farm hijacked for crypto mining",
             "Build agents with a public management port are taken over to mine currency; nightly builds stop.",
             ["A.8.20", "A.8.9", "A.8.16"], "Build Engineering Lead",
             "Close management ports and alert on CPU anomalies", (3, 3), (1, 2)),
    Scenario("Booking engine", "Breach at the supplier", "Supplier security never assessed",
             "Guest passport scans leaked by the booking engine supplier",
             "The booking engine supplier is breached and guest passport scans we sent them are published.",
             ["A.5.19", "A.5.21", "A.5.22"], "Revenue Director",
             "Security questionnaire and right to audit in the renewal", (2, 5), (2, 4)),
    Scenario("Engineering drawings", "Industrial espionage", "Drawings emailed to subcontractors as plain attachments",
             "Bid drawings obtained by a competitor",
             "Tender drawings sent by email to several subcontractors reach a competitor before the bid closes.",
             ["A.5.14", "A.8.24", "A.5.12"], "Engineering Director",
             "Share drawings through expiring links on the project portal", (2, 4), (1, 3)),
    Scenario("Phone system", "Toll fraud", "PBX admin page reachable from the internet",
             "Overnight toll fraud through the phone system",
             "The phone system's admin page is found from the internet and used to place premium-rate calls overnight.",
             ["A.8.20", "A.5.17", "A.8.16"], "IT Manager",
             "Restrict the admin page to the office network and cap international calls", (2, 3), (1, 2)),
    Scenario("Member records", "Subject access request mishandled", "No procedure for data requests",
             "Member data request answered late and incomplete",
             "A member's request for their data is answered after two months and misses the call recordings.",
             ["A.5.34", "A.5.31"], "Data Protection Officer",
             "Request log with a 30-day clock and a search checklist", (3, 2), (2, 1)),
    Scenario("Directory service", "Privilege escalation", "Leavers' admin accounts not removed",
             "Former contractor's admin account still active",
             "A contractor who left in January still has a domain admin account that nobody reviews.",
             ["A.5.18", "A.8.2", "A.5.16"], "IT Manager",
             "Monthly review of privileged accounts against the leavers list", (3, 5), (1, 4)),
    Scenario("Credit scoring model", "Corrupted training data", "No check on the data feeding the model",
             "Scoring model retrained on corrupted data",
             "A broken feed duplicates last year's defaults and the retrained model declines good applicants for a week.",
             ["A.8.25", "A.8.31", "A.8.33"], "Head of Data",
             "Data quality gates before each retraining", (2, 3), (1, 3)),
]

OWNERS = ["J. Okafor", "M. Lindqvist", "P. Sandoval", "R. Chaudhry", "A. Brennan", "T. Nakamura",
          "S. Haddad", "L. Moreau", "K. Wiśniewska", "D. Ferreira", "H. Abernethy", "N. Oyelaran"]


def pick(rng: random.Random, n: int) -> List[Scenario]:
    """`n` scenarios in a shuffled order (repeating the list when n is larger)."""
    out: List[Scenario] = []
    while len(out) < n:
        batch = list(SCENARIOS)
        rng.shuffle(batch)
        out.extend(batch)
    return out[:n]


def day(offset: int) -> date:
    return TODAY + timedelta(days=offset)


# ---------------------------------------------------------------------------------------------
# Writers.

def csv_text(rows: Sequence[Sequence[Any]], delimiter: str = ",") -> str:
    """Rows as Excel writes them: CRLF line ends, quotes only where needed."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return out.getvalue()


class Book:
    """An xlsxwriter workbook in memory with fixed properties and a few shared formats."""

    def __init__(self, title: str, company: str, author: str = "Risk team") -> None:
        self.buffer = io.BytesIO()
        self.wb = xlsxwriter.Workbook(self.buffer, {"in_memory": True, "strings_to_numbers": False})
        self.wb.set_properties({"title": title, "company": company, "author": author,
                                "created": CREATED})
        self.bold = self.wb.add_format({"bold": True})
        self.head = self.wb.add_format({"bold": True, "text_wrap": True, "valign": "top",
                                        "bg_color": "#D9E1F2", "border": 1})
        self.group = self.wb.add_format({"bold": True, "align": "center", "valign": "vcenter",
                                         "bg_color": "#8EA9DB", "border": 1})
        self.title = self.wb.add_format({"bold": True, "font_size": 14})
        self.wrap = self.wb.add_format({"text_wrap": True, "valign": "top"})
        self.merged = self.wb.add_format({"text_wrap": True, "valign": "top", "border": 1})
        self.date = self.wb.add_format({"num_format": "dd/mm/yyyy"})
        self.pct = self.wb.add_format({"num_format": "0.00"})

    def sheet(self, name: str) -> Any:
        return self.wb.add_worksheet(name)

    def write_row(self, ws: Any, row: int, col: int, values: Sequence[Any], fmt: Any = None) -> None:
        for i, v in enumerate(values):
            self.cell(ws, row, col + i, v, fmt)

    def cell(self, ws: Any, row: int, col: int, value: Any, fmt: Any = None) -> None:
        if value is None:
            if fmt is not None:
                ws.write_blank(row, col, None, fmt)
        elif isinstance(value, date):
            ws.write_datetime(row, col, datetime(value.year, value.month, value.day), self.date)
        elif isinstance(value, bool):
            ws.write_boolean(row, col, value, fmt)
        elif isinstance(value, (int, float)):
            ws.write_number(row, col, value, fmt)
        else:
            ws.write_string(row, col, str(value), fmt)

    def close(self) -> bytes:
        self.wb.close()
        return self.buffer.getvalue()


def as_xlsm(xlsx: bytes) -> bytes:
    """An .xlsx rewritten as Excel saves a macro-enabled workbook that holds no macros: the same
    parts, the workbook part's content type `…sheet.macroEnabled.main+xml`."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                text = data.decode("utf-8")
                old = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
                assert old in text, "xlsxwriter's content types changed"
                data = text.replace(old, "application/vnd.ms-excel.sheet.macroEnabled.main+xml").encode("utf-8")
            member = zipfile.ZipInfo(info.filename, (1980, 1, 1, 0, 0, 0))
            member.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(member, data)
    return out.getvalue()


# ---------------------------------------------------------------------------------------------
# The files. Each function returns the file's bytes; FILES lists them with what they hold.

@dataclass
class CorpusFile:
    name: str
    kind: str          # risks, assets or soa
    patterns: List[str]
    about: str
    make: Callable[[random.Random], bytes]
    format: str = ""   # csv or xlsx; from the name when empty
    rows: int = 0      # data rows written (filled in when generated)

    def file_format(self) -> str:
        return self.format or ("xlsx" if self.name.endswith((".xlsx", ".xlsm")) else "csv")


FILES: List[CorpusFile] = []
ROWS: Dict[str, int] = {}


def corpus_file(name: str, kind: str, patterns: str, about: str) -> Callable[[Callable[[random.Random], bytes]], Callable[[random.Random], bytes]]:
    def register(make: Callable[[random.Random], bytes]) -> Callable[[random.Random], bytes]:
        FILES.append(CorpusFile(name, kind, patterns.split(), about, make))
        return make
    return register


def counted(name: str, n: int) -> None:
    ROWS[name] = n


def ctl(s: Scenario, sep: str = ", ") -> str:
    return sep.join(s.controls)


# --- clean control files ---------------------------------------------------------------------

@corpus_file("clean_risk_register.csv", "risks", "clean",
             "Harbour & Finch Logistics: a tidy CSV register, header in row 1, levels 1–5")
def clean_risk_register_csv(rng: random.Random) -> bytes:
    rows: List[List[Any]] = [["Risk ID", "Risk", "Asset", "Threat", "Vulnerability", "Risk owner",
                              "Likelihood", "Impact", "Treatment", "Controls",
                              "Residual likelihood", "Residual impact"]]
    chosen = pick(rng, 12)
    for i, s in enumerate(chosen, 1):
        option = "Mitigate" if s.inherent[0] * s.inherent[1] >= 9 else "Accept"
        rows.append([f"HF-R{i:03d}", s.title, s.asset, s.threat, s.vulnerability, s.owner,
                     s.inherent[0], s.inherent[1], option, ctl(s), s.residual[0], s.residual[1]])
    counted("clean_risk_register.csv", len(chosen))
    return csv_text(rows).encode("utf-8")


@corpus_file("clean_risk_register.xlsx", "risks", "clean",
             "Quillmoor Analytics: a tidy XLSX register on one sheet, real dates, one action per risk")
def clean_risk_register_xlsx(rng: random.Random) -> bytes:
    book = Book("Risk register", "Quillmoor Analytics Ltd")
    ws = book.sheet("Risk register")
    header = ["Ref", "Risk", "Risk owner", "Likelihood", "Impact", "Treatment", "Action",
              "Action owner", "Due date", "Status"]
    book.write_row(ws, 0, 0, header, book.head)
    chosen = pick(rng, 15)
    for i, s in enumerate(chosen, 1):
        modify = s.inherent[0] * s.inherent[1] >= 9
        book.write_row(ws, i, 0, [
            f"QA-{i:02d}", s.title, s.owner, s.inherent[0], s.inherent[1],
            "Mitigate" if modify else "Accept",
            s.action if modify else None, rng.choice(OWNERS) if modify else None,
            day(rng.randrange(30, 240)) if modify else None,
            "Open" if modify else "Accepted"])
    ws.set_column(1, 1, 48)
    ws.set_column(6, 6, 44)
    counted("clean_risk_register.xlsx", len(chosen))
    return book.close()


ASSET_ROWS = [
    # name, type, owner, location, C, I, A, classification, criticality, odd type
    ("Customer database", "Database", "Head of Engineering", "Cloud (eu-west)", 5, 5, 4, "Restricted", "Critical", "Database"),
    ("Booking website", "Application", "E-commerce Manager", "Cloud (eu-west)", 2, 4, 5, "Public", "High", "Web App"),
    ("Finance laptops", "Laptop", "IT Manager", "Head office", 4, 3, 3, "Confidential", "High", "Laptop fleet"),
    ("Payroll service", "SaaS", "Finance Director", "Supplier hosted", 5, 4, 3, "Restricted", "High", "SaaS"),
    ("File server", "Server", "IT Manager", "Server room", 4, 4, 4, "Confidential", "Critical", "On-prem server"),
    ("Source code", "Source code", "CTO", "Code hosting", 4, 5, 3, "Confidential", "Critical", "Git repos"),
    ("Email service", "Cloud service", "IT Manager", "Supplier hosted", 4, 3, 4, "Internal", "High", "Cloud Server"),
    ("Head office", "Building", "Facilities Manager", "Leeds", 1, 2, 4, "Internal", "Medium", "Premises"),
    ("Office Wi-Fi", "Network", "Network Engineer", "Head office", 2, 3, 3, "Internal", "Medium", "WLAN"),
    ("Staff", "Employees", "HR Director", "All sites", 3, 3, 4, "Internal", "High", "People"),
    ("Card payment provider", "Vendor", "Finance Director", "Supplier hosted", 5, 5, 5, "Restricted", "Critical", "Payment processor"),
    ("Backup tapes", "Equipment", "Infrastructure Manager", "Off-site store", 4, 4, 2, "Confidential", "Medium", "Removable media"),
    ("HR records", "Records", "HR Director", "HR share", 5, 4, 2, "Restricted", "High", "Personnel files"),
    ("Marketing brochures", "Documents", "Marketing Director", "Shared drive", 1, 2, 1, "Public", "Low", "Print collateral"),
    ("Phone system", "Device", "IT Manager", "Server room", 2, 2, 4, "Internal", "Medium", "VoIP PBX"),
    ("Warehouse management system", "System", "Operations Director", "Depot", 3, 4, 5, "Confidential", "Critical", "Cloud Server"),
    ("CCTV recorder", "Device", "Facilities Manager", "Depot", 3, 3, 2, "Internal", "Low", "IoT device"),
    ("Order fulfilment", "Business process", "Operations Director", "Depot", 2, 4, 5, "Internal", "Critical", "Business Process"),
]


@corpus_file("clean_assets.csv", "assets", "clean",
             "Harbour & Finch Logistics: a tidy asset inventory, known types, C/I/A on 1–5")
def clean_assets(rng: random.Random) -> bytes:
    rows: List[List[Any]] = [["Asset ID", "Asset name", "Asset type", "Owner", "Location", "C", "I", "A"]]
    for i, a in enumerate(ASSET_ROWS, 1):
        rows.append([f"AS-{i:02d}", a[0], a[1], a[2], a[3], a[4], a[5], a[6]])
    counted("clean_assets.csv", len(ASSET_ROWS))
    return csv_text(rows).encode("utf-8")


# --- the text of a risk ----------------------------------------------------------------------

@corpus_file("description_only.csv", "risks", "text:description no-id no-owner",
             "Ostrava Dental Group: `Risk Description` is the only text; no id, no owner")
def description_only(rng: random.Random) -> bytes:
    rows: List[List[Any]] = [["Risk Description", "Likelihood", "Impact", "Risk Score", "Existing controls"]]
    chosen = pick(rng, 14)
    for s in chosen:
        l, i = s.inherent
        rows.append([s.description, l, i, l * i, ctl(s)])
    counted("description_only.csv", len(chosen))
    return csv_text(rows).encode("utf-8")


@corpus_file("description_at_b3.xlsx", "risks", "text:description layout:title-rows layout:offset",
             "Brightwater Housing Trust: a title and a date above, header at B3, `Description` is the only text")
def description_at_b3(rng: random.Random) -> bytes:
    book = Book("ISMS risk register", "Brightwater Municipal Housing Trust")
    ws = book.sheet("Risks")
    ws.write_string(0, 1, "Brightwater Housing Trust – Information Security Risk Register", book.title)
    ws.write_string(1, 1, "Last reviewed:", book.bold)
    ws.write_datetime(1, 2, datetime(2026, 2, 14), book.date)
    header = ["Ref", "Description", "Owner", "Likelihood", "Impact", "Score", "Treatment"]
    book.write_row(ws, 2, 1, header, book.head)
    chosen = pick(rng, 18)
    for r, s in enumerate(chosen, 3):
        l, i = s.inherent
        book.write_row(ws, r, 1, [f"BHT-{r - 2:02d}", s.description, s.owner, l, i, l * i,
                                  "Treat" if l * i >= 10 else "Tolerate"])
    ws.set_column(2, 2, 70)
    counted("description_at_b3.xlsx", len(chosen))
    return book.close()


@corpus_file("asset_threat_vulnerability.xlsx", "risks", "text:none no-id layout:merged-group",
             "Kestrel Biolabs: no title column, a risk is asset + threat + vulnerability; the Asset cell is merged over its rows")
def asset_threat_vulnerability(rng: random.Random) -> bytes:
    book = Book("Risk assessment", "Kestrel Biolabs")
    ws = book.sheet("Risk assessment")
    header = ["Asset", "Threat", "Vulnerability", "Likelihood", "Impact", "Risk owner", "Controls"]
    book.write_row(ws, 0, 0, header, book.head)
    # Several threats per asset: the same asset with other scenarios' threats.
    groups = [SCENARIOS[i] for i in (17, 16, 3, 6, 35, 19)]
    r = 1
    for g, lead in enumerate(groups):
        extras = [SCENARIOS[(SCENARIOS.index(lead) + k * 7) % len(SCENARIOS)] for k in (1, 2)]
        members = [lead] + extras[: 1 + g % 2]
        if len(members) > 1:
            ws.merge_range(r, 0, r + len(members) - 1, 0, lead.asset, book.merged)
        else:
            ws.write_string(r, 0, lead.asset, book.merged)
        for m in members:
            l, i = m.inherent
            book.write_row(ws, r, 1, [m.threat, m.vulnerability, l, i, lead.owner, ctl(m, "; ")])
            r += 1
    ws.set_column(0, 2, 36)
    counted("asset_threat_vulnerability.xlsx", r - 1)
    return book.close()


# --- layout ----------------------------------------------------------------------------------

def two_level_header(book: Book, ws: Any, row: int, col: int, top: List[tuple[str, int]], bottom: List[str]) -> None:
    """An upper header row of groups (text, width) merged over the lower row's columns."""
    c = col
    for text, width in top:
        if width > 1:
            ws.merge_range(row, c, row, c + width - 1, text, book.group)
        elif text:
            ws.write_string(row, c, text, book.group)
        c += width
    book.write_row(ws, row + 1, col, bottom, book.head)


@corpus_file("two_row_header.xlsx", "risks",
             "layout:two-row-header layout:title-rows layout:offset layout:footer",
             "Cobalt Ridge Engineering: INHERENT RISK and RESIDUAL RISK merged over LIKELIHOOD | IMPACT | RISK, header from B2, totals and notes below")
def two_row_header(rng: random.Random) -> bytes:
    book = Book("Risk register FY26", "Cobalt Ridge Engineering plc")
    ws = book.sheet("Register")
    ws.write_string(0, 1, "COBALT RIDGE ENGINEERING – RISK REGISTER FY26", book.title)
    top = [("", 1), ("", 1), ("", 1), ("INHERENT RISK", 3), ("", 1), ("RESIDUAL RISK", 3), ("", 1)]
    bottom = ["ID", "RISK", "OWNER", "LIKELIHOOD", "IMPACT", "RISK", "CONTROLS",
              "LIKELIHOOD", "IMPACT", "RISK", "STATUS"]
    two_level_header(book, ws, 1, 1, top, bottom)
    chosen = pick(rng, 22)
    r = 3
    for n, s in enumerate(chosen, 1):
        (l, i), (rl, ri) = s.inherent, s.residual
        book.write_row(ws, r, 1, [f"CR-{n:03d}", s.title, s.owner, l, i, l * i, ctl(s),
                                  rl, ri, rl * ri, rng.choice(["Open", "Open", "Closed", "Accepted"])])
        r += 1
    r += 1
    book.write_row(ws, r, 1, ["TOTAL", f"{len(chosen)} risks", None, None, None,
                              sum(s.inherent[0] * s.inherent[1] for s in chosen), None, None, None,
                              sum(s.residual[0] * s.residual[1] for s in chosen)], book.bold)
    ws.write_string(r + 2, 1, "Notes: risk = likelihood × impact; 15 and above is reported to the board.")
    ws.write_string(r + 3, 1, "Scales are on the Legend tab of the methodology workbook.")
    ws.set_column(2, 2, 46)
    counted("two_row_header.xlsx", len(chosen))
    return book.close()


@corpus_file("header_line_breaks.xlsx", "risks", "layout:header-breaks layout:title-rows layout:offset",
             "Vellum Print Cooperative: header at C3 with line breaks and stray spaces inside the header cells")
def header_line_breaks(rng: random.Random) -> bytes:
    book = Book("Information risk log", "Vellum Print Cooperative")
    ws = book.sheet("Risk log")
    ws.write_string(0, 2, "Vellum Print Co-op · Information risk log", book.title)
    ws.write_string(1, 2, "Owner: Operations committee   Version 3.2")
    header = ["Risk\nNo.", "Risk  title ", " Risk\nOwner", "Likelihood\n(1-5)", "Impact \n(1 - 5)",
              "Inherent\nScore", "Treatment\nOption", "Residual\nLikelihood", "Residual\nImpact",
              " Date\nidentified "]
    book.write_row(ws, 2, 2, header, book.head)
    ws.set_row(2, 45)
    chosen = pick(rng, 16)
    for n, s in enumerate(chosen, 1):
        (l, i), (rl, ri) = s.inherent, s.residual
        book.write_row(ws, 2 + n, 2, [n, s.title, s.owner, l, i, l * i,
                                      "Reduce" if l * i >= 9 else "Accept", rl, ri,
                                      day(-rng.randrange(20, 400))])
    ws.set_column(3, 3, 44)
    counted("header_line_breaks.xlsx", len(chosen))
    return book.close()


@corpus_file("process_groups.xlsx", "risks", "layout:merged-group cells:common-words",
             "Marisol Hotels: a Process column merged over each process's risks; Treat/Tolerate/Transfer/Terminate, Overdue/In progress")
def process_groups(rng: random.Random) -> bytes:
    book = Book("Process risk register", "Marisol Hotels Group")
    ws = book.sheet("Process risks")
    header = ["Process", "Risk ID", "Risk", "Likelihood", "Impact", "Treatment", "Action", "Due date", "Status"]
    book.write_row(ws, 0, 0, header, book.head)
    processes = ["Reservations", "Guest check-in", "Payments", "Housekeeping", "Maintenance", "Back office"]
    words = ["Treat", "Tolerate", "Transfer", "Terminate"]
    statuses = ["Open", "In progress", "Overdue", "Closed", "In Progress", "overdue"]
    order = pick(rng, 21)
    r, n = 1, 0
    for p, process in enumerate(processes):
        size = 2 + (p * 5) % 3 + (1 if p == 0 else 0)
        members = order[n:n + size]
        if len(members) > 1:
            ws.merge_range(r, 0, r + len(members) - 1, 0, process, book.merged)
        else:
            ws.write_string(r, 0, process, book.merged)
        for s in members:
            n += 1
            word = words[(n * 3) % 4]
            book.write_row(ws, r, 1, [f"MH-{n:02d}", s.title, s.inherent[0], s.inherent[1], word,
                                      s.action if word == "Treat" else None,
                                      day(rng.randrange(-60, 200)) if word == "Treat" else None,
                                      statuses[n % len(statuses)]])
            r += 1
    ws.set_column(2, 2, 46)
    counted("process_groups.xlsx", n)
    return book.close()


# --- sheets ----------------------------------------------------------------------------------

def legend_sheet(book: Book, ws: Any) -> None:
    ws.write_string(0, 0, "Likelihood", book.bold)
    ws.write_string(0, 3, "Impact", book.bold)
    levels = [("Rare", "Once in ten years or less"), ("Unlikely", "Once in five years"),
              ("Possible", "Once a year"), ("Likely", "Several times a year"),
              ("Almost certain", "Monthly or more")]
    impacts = [("Negligible", "Under £1k, no customer notices"), ("Minor", "Under £10k"),
               ("Moderate", "Under £100k or a day's outage"), ("Major", "Under £1m, regulator informed"),
               ("Severe", "Over £1m or loss of a key customer")]
    for n, ((l, ld), (i, idesc)) in enumerate(zip(levels, impacts), 1):
        book.write_row(ws, n, 0, [n, l, ld, n, i, idesc])


@corpus_file("dashboard_first.xlsx", "risks", "sheet:not-first layout:footer",
             "Northgate Credit Union: Dashboard and Legend sheets before the Register; a count row below the data")
def dashboard_first(rng: random.Random) -> bytes:
    book = Book("Risk register", "Northgate Credit Union")
    dash = book.sheet("Dashboard")
    legend = book.sheet("Legend")
    ws = book.sheet("Register")
    chosen = pick(rng, 20)
    dash.write_string(0, 0, "Risk dashboard – Q1 2026", book.title)
    book.write_row(dash, 2, 0, ["Band", "Inherent", "Residual"], book.head)
    bands = {"High (15–25)": (15, 26), "Medium (8–14)": (8, 15), "Low (1–7)": (1, 8)}
    for n, (band, (lo, hi)) in enumerate(bands.items(), 3):
        book.write_row(dash, n, 0, [band,
                                    sum(lo <= s.inherent[0] * s.inherent[1] < hi for s in chosen),
                                    sum(lo <= s.residual[0] * s.residual[1] < hi for s in chosen)])
    legend_sheet(book, legend)
    header = ["Risk ID", "Risk title", "Category", "Risk owner", "Likelihood", "Impact", "Rating",
              "Residual likelihood", "Residual impact", "Next review"]
    book.write_row(ws, 0, 0, header, book.head)
    categories = ["Technology", "People", "Third party", "Physical", "Compliance"]
    for n, s in enumerate(chosen, 1):
        (l, i), (rl, ri) = s.inherent, s.residual
        book.write_row(ws, n, 0, [f"NCU-{n:03d}", s.title, categories[n % 5], rng.choice(OWNERS),
                                  l, i, l * i, rl, ri, day(30 * (1 + n % 4))])
    book.write_row(ws, len(chosen) + 2, 0, ["Count", len(chosen)], book.bold)
    ws.set_column(1, 1, 46)
    counted("dashboard_first.xlsx", len(chosen))
    return book.close()


@corpus_file("doc_control_first.xlsm", "risks", "sheet:xlsm sheet:not-first",
             "Tamsin & Rowe Solicitors: a macro-enabled workbook; Doc Control and Metrics sheets before the Risk Log")
def doc_control_first(rng: random.Random) -> bytes:
    book = Book("Risk log", "Tamsin & Rowe Solicitors LLP", author="Compliance")
    doc = book.sheet("Doc Control")
    metrics = book.sheet("Metrics")
    ws = book.sheet("Risk Log")
    book.write_row(doc, 0, 0, ["Document", "Information Risk Log"], book.bold)
    rows: List[List[Any]] = [["Version", "Date", "Author", "Change"],
            ["1.0", date(2025, 4, 1), "H. Abernethy", "First issue"],
            ["1.1", date(2025, 10, 3), "H. Abernethy", "Added supplier risks"],
            ["2.0", date(2026, 3, 20), "N. Oyelaran", "Annual review"]]
    for n, row in enumerate(rows, 2):
        book.write_row(doc, n, 0, row, book.head if n == 2 else None)
    book.write_row(metrics, 0, 0, ["Metric", "Value"], book.head)
    book.write_row(metrics, 1, 0, ["Open risks", 11])
    book.write_row(metrics, 2, 0, ["Risks above appetite", 3])
    header = ["Risk Ref", "Risk", "Owner", "Probability", "Impact", "Treatment", "Controls", "Status"]
    book.write_row(ws, 0, 0, header, book.head)
    chosen = pick(rng, 13)
    for n, s in enumerate(chosen, 1):
        l, i = s.inherent
        book.write_row(ws, n, 0, [f"TR/{n:02d}", s.title, s.owner, l, i,
                                  "Mitigate" if l * i >= 9 else "Accept", ctl(s),
                                  "Open" if l * i >= 9 else "Accepted"])
    ws.set_column(1, 1, 46)
    counted("doc_control_first.xlsm", len(chosen))
    return as_xlsm(book.close())


# --- headers ---------------------------------------------------------------------------------

@corpus_file("misspelt_headers.csv", "risks", "header:misspelt no-owner",
             "Pellucid Games: `Liklihood` and `Consequnce`; no owner column")
def misspelt_headers(rng: random.Random) -> bytes:
    rows: List[List[Any]] = [["Risk #", "Risk Name", "Threat", "Liklihood", "Consequnce", "Mitigation"]]
    chosen = pick(rng, 15)
    for n, s in enumerate(chosen, 1):
        l, i = s.inherent
        rows.append([n, s.title, s.threat, l, i, s.action])
    counted("misspelt_headers.csv", len(chosen))
    return csv_text(rows).encode("utf-8")


@corpus_file("raw_probability.xlsx", "risks", "header:misspelt header:text-impact",
             "Lindqvist Freight: `Raw probability`, a free-text `Impact` beside a numeric `Raw impact`, `current_proba`/`current_impact` for residual")
def raw_probability(rng: random.Random) -> bytes:
    book = Book("Threat register", "Lindqvist Freight AB")
    ws = book.sheet("threats")
    header = ["risk_id", "Threat", "Vulnerability", "Impact", "Raw probability", "Raw impact",
              "current_proba", "current_impact", "Owner"]
    book.write_row(ws, 0, 0, header, book.head)
    chosen = pick(rng, 17)
    for n, s in enumerate(chosen, 1):
        (l, i), (rl, ri) = s.inherent, s.residual
        book.write_row(ws, n, 0, [f"LF{n:03d}", s.threat, s.vulnerability, s.description, l, i, rl, ri, s.owner])
    ws.set_column(3, 3, 60)
    counted("raw_probability.xlsx", len(chosen))
    return book.close()


@corpus_file("possibility_semicolon.csv", "risks", "header:misspelt csv:semicolon scale:decimal",
             "Lindqvist Freight (Swedish office): semicolons, `Possibility of occurrence` as a decimal with a comma, `Damage`")
def possibility_semicolon(rng: random.Random) -> bytes:
    rows: List[List[Any]] = [["Nr", "Risk", "Possibility of occurrence", "Damage", "Responsible", "Measure"]]
    chosen = pick(rng, 12)
    for n, s in enumerate(chosen, 1):
        l, i = s.inherent
        rows.append([n, s.title, f"{l / 5:.1f}".replace(".", ","), i, s.owner, s.action])
    counted("possibility_semicolon.csv", len(chosen))
    return csv_text(rows, delimiter=";").encode("utf-8")


# --- scales ----------------------------------------------------------------------------------

@corpus_file("decimal_scale.csv", "risks", "scale:decimal",
             "Quillmoor Analytics (quant pilot): likelihood and impact as decimals between 0 and 1")
def decimal_scale(rng: random.Random) -> bytes:
    rows: List[List[Any]] = [["ID", "Risk", "Owner", "Likelihood", "Impact", "Risk score"]]
    chosen = pick(rng, 14)
    for n, s in enumerate(chosen, 1):
        l, i = s.inherent
        pl = round(l / 5 - rng.choice([0.0, 0.05, 0.1]), 2)
        pi = round(i / 5 - rng.choice([0.0, 0.05, 0.1]), 2)
        rows.append([f"Q{n}", s.title, s.owner, f"{pl:.2f}", f"{pi:.2f}", f"{pl * pi:.3f}"])
    counted("decimal_scale.csv", len(chosen))
    return csv_text(rows).encode("utf-8")


@corpus_file("zero_to_four.xlsx", "risks", "scale:0-4",
             "Cobalt Ridge Engineering (site team): ratings 0–4 with 0 meaning negligible")
def zero_to_four(rng: random.Random) -> bytes:
    book = Book("Site risk register", "Cobalt Ridge Engineering plc")
    ws = book.sheet("Site risks")
    header = ["Risk ID", "Risk", "Risk owner", "Likelihood (0-4)", "Impact (0-4)", "Score (0-16)"]
    book.write_row(ws, 0, 0, header, book.head)
    chosen = pick(rng, 12)
    for n, s in enumerate(chosen, 1):
        l, i = s.inherent[0] - 1, s.inherent[1] - 1
        book.write_row(ws, n, 0, [f"S{n:02d}", s.title, s.owner, l, i, l * i])
    counted("zero_to_four.xlsx", len(chosen))
    return book.close()


@corpus_file("likelihood_is_product.csv", "risks", "scale:product",
             "Vellum Print Cooperative (old tool): the `Likelihood` column holds likelihood × impact (1–25)")
def likelihood_is_product(rng: random.Random) -> bytes:
    rows: List[List[Any]] = [["Ref", "Risk", "Owner", "Impact", "Likelihood", "Action"]]
    chosen = pick(rng, 16)
    for n, s in enumerate(chosen, 1):
        l, i = s.inherent
        rows.append([f"V{n:02d}", s.title, s.owner, i, l * i, s.action])
    counted("likelihood_is_product.csv", len(chosen))
    return csv_text(rows).encode("utf-8")


@corpus_file("cia_in_one_cell.xlsx", "risks", "scale:cia-cell header:misspelt",
             "Northgate Credit Union (IT): `Threat Probability`, and the impact as `C=3, I=3, A=2` (and other spellings) in one cell")
def cia_in_one_cell(rng: random.Random) -> bytes:
    book = Book("IT risk assessment", "Northgate Credit Union")
    ws = book.sheet("IT risks")
    header = ["Risk ID", "Risk", "Asset", "Owner", "Threat Probability", "Impact (CIA)"]
    book.write_row(ws, 0, 0, header, book.head)
    chosen = pick(rng, 15)
    spellings = ["C={c}, I={i}, A={a}", "C={c} I={i} A={a}", "C:{c}; I:{i}; A:{a}", "C={c},I={i},A={a}"]
    for n, s in enumerate(chosen, 1):
        top = s.inherent[1]
        c, i, a = top, max(1, top - rng.randrange(0, 2)), max(1, top - rng.randrange(0, 3))
        trio = [c, i, a]
        rng.shuffle(trio)
        book.write_row(ws, n, 0, [f"IT-{n:02d}", s.title, s.asset, s.owner, s.inherent[0],
                                  spellings[n % 4].format(c=trio[0], i=trio[1], a=trio[2])])
    counted("cia_in_one_cell.xlsx", len(chosen))
    return book.close()


FOUR = ["Low", "Medium", "High", "Very High"]


def four(level: int) -> str:
    """A level 1–5 on the four labels Low … Very High."""
    return FOUR[min(3, (level - 1) * 4 // 5)]


def three(level: int) -> str:
    """A level 1–5 on Low/Medium/High as a small office would put it."""
    return ["Low", "Low", "Medium", "High", "High"][level - 1]


def three_of_asset(value: int) -> str:
    """An asset's highest C/I/A value 1–5 as one High/Medium/Low."""
    return "Low" if value <= 2 else ("Medium" if value <= 3 else "High")


def odd_case(rng: random.Random, label: str) -> str:
    style = rng.randrange(5)
    text = [label, label.lower(), label.upper(), label.capitalize(), label.title()][style]
    return text + rng.choice(["", "", " ", "  "])


@corpus_file("label_case_spaces.csv", "risks", "scale:label-case scale:not-assessed",
             "Marisol Hotels (IT): four labels Low … Very high in any case with trailing spaces; `--` and `n/a` where not assessed")
def label_case_spaces(rng: random.Random) -> bytes:
    rows: List[List[Any]] = [["Risk ID", "Risk", "Owner", "Likelihood", "Impact", "Residual Likelihood", "Residual Impact"]]
    chosen = pick(rng, 18)
    for n, s in enumerate(chosen, 1):
        (l, i), (rl, ri) = s.inherent, s.residual
        residual: List[Any] = [odd_case(rng, four(rl)), odd_case(rng, four(ri))]
        if n % 5 == 0:
            residual = ["--", "--"]
        elif n % 7 == 0:
            residual = ["n/a", "N/A"]
        rows.append([f"MH-IT-{n:02d}", s.title, s.owner, odd_case(rng, four(l)), odd_case(rng, four(i))] + residual)
    counted("label_case_spaces.csv", len(chosen))
    return csv_text(rows).encode("utf-8")


@corpus_file("other_tool_labels.xlsx", "risks", "scale:other-labels",
             "Kestrel Biolabs (GRC export): likelihood `Unlikely/Likely/Very likely`, impact `Minor/Important/Significant/Critical`")
def other_tool_labels(rng: random.Random) -> bytes:
    book = Book("GRC export", "Kestrel Biolabs")
    ws = book.sheet("Export")
    header = ["Risk Id", "Name", "Owner", "Likelihood", "Impact", "Treatment Strategy", "Status"]
    book.write_row(ws, 0, 0, header, book.head)
    likely = ["Very unlikely", "Unlikely", "Likely", "Very likely", "Very likely"]
    impact = ["Minor", "Important", "Important", "Significant", "Critical"]
    chosen = pick(rng, 14)
    for n, s in enumerate(chosen, 1):
        l, i = s.inherent
        book.write_row(ws, n, 0, [f"RSK-{1000 + n}", s.title, s.owner, likely[l - 1], impact[i - 1],
                                  "Mitigate" if l * i >= 9 else "Accept", "Identified" if n % 4 else "Treated"])
    counted("other_tool_labels.xlsx", len(chosen))
    return book.close()


@corpus_file("three_level.csv", "risks", "scale:3-level no-id",
             "Tamsin & Rowe Solicitors (small office): Low/Medium/High on both axes; no id column")
def three_level(rng: random.Random) -> bytes:
    rows: List[List[Any]] = [["Risk", "Owner", "Likelihood", "Impact", "Overall", "Treatment"]]
    chosen = pick(rng, 10)
    for s in chosen:
        l, i = s.inherent
        rows.append([s.title, s.owner, three(l), three(i), three(max(l, i)), "Mitigate" if l * i >= 9 else "Accept"])
    counted("three_level.csv", len(chosen))
    return csv_text(rows).encode("utf-8")


# --- cells -----------------------------------------------------------------------------------

@corpus_file("pandas_export.csv", "risks", "cells:empty-markers",
             "Quillmoor Analytics (notebook): a DataFrame written with to_csv: NaN, NaT, None, TBC and N/A in cells")
def pandas_export(rng: random.Random) -> bytes:
    rows: List[List[Any]] = [["", "risk_id", "title", "owner", "likelihood", "impact", "treatment", "due_date", "accepted_on"]]
    chosen = pick(rng, 16)
    markers = ["NaN", "None", "TBC", "N/A", ""]
    for n, s in enumerate(chosen):
        l, i = s.inherent
        owner: Any = s.owner if n % 4 else markers[n % 5]
        impact: Any = f"{float(i)}" if n % 6 else "NaN"
        due: Any = day(rng.randrange(20, 200)).isoformat() if n % 3 == 0 else "NaT"
        accepted: Any = day(-rng.randrange(10, 90)).isoformat() if n % 5 == 1 else "NaT"
        rows.append([n, f"QA-{n + 1:02d}", s.title, owner, f"{float(l)}", impact,
                     "mitigate" if n % 3 == 0 else ("None" if n % 3 == 1 else "accept"), due, accepted])
    counted("pandas_export.csv", len(chosen))
    return csv_text(rows).encode("utf-8")


@corpus_file("empty_cells.xlsx", "risks", "cells:empty-markers layout:footer",
             "Brightwater Housing Trust (draft): blank, TBC, N/A and `-` cells across the register; an end-of-register marker below")
def empty_cells(rng: random.Random) -> bytes:
    book = Book("Draft risk register", "Brightwater Municipal Housing Trust")
    ws = book.sheet("Draft")
    header = ["Risk ID", "Risk", "Risk owner", "Likelihood", "Impact", "Treatment", "Target date", "Status"]
    book.write_row(ws, 0, 0, header, book.head)
    chosen = pick(rng, 20)
    for n, s in enumerate(chosen, 1):
        l, i = s.inherent
        owner: Any = s.owner if n % 3 else ["TBC", None, "N/A"][n % 9 // 3]
        like: Any = l if n % 4 else ["TBC", None][n % 8 // 4]
        treat: Any = "Mitigate" if n % 5 else "-"
        target: Any = day(rng.randrange(30, 300)) if n % 2 else ("TBC" if n % 3 else None)
        book.write_row(ws, n, 0, [f"BR-{n:02d}", s.title, owner, like, i, treat, target, "Draft" if n % 2 else None])
    ws.write_string(len(chosen) + 2, 0, "*** End of register ***")
    counted("empty_cells.xlsx", len(chosen))
    return book.close()


def control_cell(rng: random.Random, s: Scenario, style: int) -> str:
    items = [titled(c) for c in s.controls]
    if style == 0:
        return "; ".join(items)
    if style == 1:
        return "\n".join(items)
    if style == 2:
        return " / ".join(items)
    if style == 3:
        return ", ".join(c.replace("A.", "") for c in s.controls)  # bare numbers
    return ", ".join(items)


@corpus_file("control_titles.xlsx", "risks", "cells:control-titles",
             "Harbour & Finch Logistics (audit prep): Annex A controls with titles, several per cell, separated by `;`, `,`, newlines or ` / `")
def control_titles(rng: random.Random) -> bytes:
    book = Book("Risk to control mapping", "Harbour & Finch Logistics Ltd")
    ws = book.sheet("Mapping")
    header = ["Risk ID", "Risk", "Risk owner", "Likelihood", "Impact", "Annex A controls"]
    book.write_row(ws, 0, 0, header, book.head)
    chosen = pick(rng, 15)
    for n, s in enumerate(chosen, 1):
        book.write_row(ws, n, 0, [f"HF-{n:03d}", s.title, s.owner, s.inherent[0], s.inherent[1]])
        ws.write_string(n, 5, control_cell(rng, s, n % 5), book.wrap)
    ws.set_column(5, 5, 60)
    counted("control_titles.xlsx", len(chosen))
    return book.close()


@corpus_file("due_date_no_action.csv", "risks", "cells:due-no-action cells:common-words",
             "Pellucid Games (producer's sheet): a due date beside the treatment text, no action column; Tolerate/Treat/Terminate, Overdue")
def due_date_no_action(rng: random.Random) -> bytes:
    rows: List[List[Any]] = [["ID", "Risk", "Owner", "Likelihood", "Impact", "Treatment", "Due date", "Status"]]
    chosen = pick(rng, 13)
    words = ["Treat", "Tolerate", "Treat", "Terminate", "Transfer"]
    for n, s in enumerate(chosen, 1):
        l, i = s.inherent
        word = words[n % 5]
        due = day(rng.randrange(-45, 150))
        status = "Overdue" if due < TODAY and word == "Treat" else ("In progress" if word == "Treat" else "Open")
        rows.append([f"PG{n:02d}", s.title, s.owner, l, i, word,
                     due.strftime("%d/%m/%Y") if word in ("Treat", "Terminate") else "", status])
    counted("due_date_no_action.csv", len(chosen))
    return csv_text(rows).encode("utf-8")


SITES = ["Leeds depot", "Hull port office", "Felixstowe yard", "Head office", "Rotterdam hub",
         "Gdańsk office", "Glasgow depot", "Cardiff depot", "Dublin office"]


@corpus_file("large_messy.xlsx", "risks",
             "size:large sheet:not-first layout:title-rows layout:two-row-header layout:merged-group scale:label-case cells:empty-markers cells:control-titles cells:common-words layout:footer",
             "Harbour & Finch Logistics (group register): about 300 rows over nine sites; most of the patterns at once")
def large_messy(rng: random.Random) -> bytes:
    book = Book("Group risk register", "Harbour & Finch Logistics Ltd")
    cover = book.sheet("Cover")
    legend = book.sheet("Legend")
    ws = book.sheet("Group register")
    cover.write_string(0, 0, "Harbour & Finch Logistics – Group Information Security Risk Register", book.title)
    cover.write_string(2, 0, "Classification: Internal")
    cover.write_string(3, 0, "Prepared for the Security Steering Group, March 2026")
    legend_sheet(book, legend)
    ws.write_string(0, 0, "GROUP RISK REGISTER", book.title)
    ws.write_string(1, 0, "Filter by site; do not sort the merged Site column.")
    top = [("", 1), ("", 1), ("", 1), ("", 1), ("INHERENT RISK", 3), ("TREATMENT", 4), ("RESIDUAL RISK", 3), ("", 1)]
    bottom = ["Site", "Ref", "Risk", "Owner", "Likelihood", "Impact", "Risk", "Decision", "Controls",
              "Action", "Due", "Likelihood", "Impact", "Risk", "Status"]
    two_level_header(book, ws, 3, 0, top, bottom)
    labels = ["Very low", "Low", "Medium", "High", "Very high"]
    decisions = ["Treat", "Tolerate", "Treat", "Transfer", "Terminate", "treat "]
    statuses = ["Open", "In progress", "Overdue", "Closed", "open", "In Progress ", "TBC"]
    r, n, above = 5, 0, 0
    per_site = [34, 33, 33, 36, 33, 32, 33, 34, 32]
    for site, size in zip(SITES, per_site):
        members = pick(rng, size)
        ws.merge_range(r, 0, r + size - 1, 0, site, book.merged)
        for s in members:
            n += 1
            (l, i), (rl, ri) = s.inherent, s.residual
            above += l * i >= 15
            decision = decisions[(n * 7) % len(decisions)]
            owner: Any = s.owner if n % 11 else rng.choice(["TBC", "N/A", None])
            book.write_row(ws, r, 1, [f"HF-{site[:3].upper()}-{n:03d}", f"{s.title} ({site})", owner,
                                      odd_case(rng, labels[l - 1]) if n % 13 else "TBC",
                                      odd_case(rng, labels[i - 1]), l * i if n % 13 else None,
                                      decision])
            ws.write_string(r, 8, control_cell(rng, s, n % 5), book.wrap)
            if decision.strip().lower() == "treat":
                book.write_row(ws, r, 9, [s.action, day(rng.randrange(-90, 365)) if n % 17 else "TBC"])
            book.write_row(ws, r, 11, [odd_case(rng, labels[rl - 1]) if n % 9 else "n/a",
                                       odd_case(rng, labels[ri - 1]) if n % 9 else "n/a",
                                       rl * ri if n % 9 else None, statuses[n % len(statuses)]])
            r += 1
    r += 1
    book.write_row(ws, r, 0, ["Total risks", n], book.bold)
    book.write_row(ws, r + 1, 0, ["Above appetite (≥ 15)", above], book.bold)
    ws.write_string(r + 3, 0, "Ratings follow the Legend sheet. Residual ratings are the owner's estimate after the listed controls.")
    ws.set_column(2, 2, 50)
    ws.set_column(8, 9, 40)
    counted("large_messy.xlsx", n)
    return book.close()


# --- asset registers -------------------------------------------------------------------------

@corpus_file("assets_unknown_types.xlsx", "assets", "asset:unknown-types",
             "Quillmoor Analytics: asset types such as `Cloud Server`, `SaaS`, `Database`, `Laptop fleet`, `Git repos`")
def assets_unknown_types(rng: random.Random) -> bytes:
    book = Book("Asset inventory", "Quillmoor Analytics Ltd")
    ws = book.sheet("Inventory")
    header = ["Asset ID", "Asset name", "Asset type", "Owner", "Hosted at", "C", "I", "A"]
    book.write_row(ws, 0, 0, header, book.head)
    for n, a in enumerate(ASSET_ROWS, 1):
        book.write_row(ws, n, 0, [f"QA-AS-{n:02d}", a[0], a[9], a[2], a[3], a[4], a[5], a[6]])
    counted("assets_unknown_types.xlsx", len(ASSET_ROWS))
    return book.close()


@corpus_file("assets_classification.csv", "assets", "asset:classification asset:unknown-types",
             "Brightwater Housing Trust: a `Classification` column (Public/Internal/Confidential/Restricted) instead of C/I/A")
def assets_classification(rng: random.Random) -> bytes:
    rows: List[List[Any]] = [["Ref", "Information asset", "Asset Category", "Information owner", "Classification", "Retention"]]
    retention = ["7 years", "6 years after tenancy ends", "Until superseded", "2 years", "Permanent"]
    for n, a in enumerate(ASSET_ROWS, 1):
        rows.append([f"IA{n:03d}", a[0], a[9] if n % 2 else a[1], a[2], a[7], retention[n % 5]])
    counted("assets_classification.csv", len(ASSET_ROWS))
    return csv_text(rows).encode("utf-8")


@corpus_file("assets_cia_impact.xlsx", "assets", "asset:single-rating sheet:not-first layout:offset",
             "Kestrel Biolabs: one `CIA Impact` column (High/Medium/Low); a Legend sheet first; header at B2")
def assets_cia_impact(rng: random.Random) -> bytes:
    book = Book("Asset register", "Kestrel Biolabs")
    legend = book.sheet("Legend")
    ws = book.sheet("Assets")
    book.write_row(legend, 0, 0, ["CIA Impact", "Meaning"], book.head)
    for n, (k, v) in enumerate([("High", "Loss would stop research or breach a licence"),
                                ("Medium", "Loss would delay work by days"),
                                ("Low", "Loss is an inconvenience")], 1):
        book.write_row(legend, n, 0, [k, v])
    header = ["Asset", "Type", "Owner", "Location", "CIA Impact", "Notes"]
    book.write_row(ws, 1, 1, header, book.head)
    for n, a in enumerate(ASSET_ROWS, 2):
        book.write_row(ws, n, 1, [a[0], a[1], a[2], a[3], three_of_asset(max(a[4], a[5], a[6])),
                                  "Reviewed at annual audit" if n % 4 == 0 else None])
    counted("assets_cia_impact.xlsx", len(ASSET_ROWS))
    return book.close()


@corpus_file("assets_criticality.csv", "assets", "asset:single-rating no-id",
             "Cobalt Ridge Engineering: a single `Criticality` column (Critical/High/Medium/Low), no id column")
def assets_criticality(rng: random.Random) -> bytes:
    rows: List[List[Any]] = [["Asset", "Category", "Owner", "Criticality", "Backup"]]
    for a in ASSET_ROWS:
        rows.append([a[0], a[1], a[2], a[8], "Yes" if a[6] >= 4 else "No"])
    counted("assets_criticality.csv", len(ASSET_ROWS))
    return csv_text(rows).encode("utf-8")


# --- SoA workbooks ---------------------------------------------------------------------------

EXCLUDED = {
    "A.7.5": "Offices are in a managed building; physical threats are the landlord's",
    "A.7.6": "No secure areas on site",
    "A.8.19": "Software installation is blocked on all managed devices by the MDM baseline",
    "A.8.28": "No in-house software development",
    "A.8.25": "No in-house software development",
    "A.8.29": "No in-house software development",
    "A.8.30": "No outsourced development",
    "A.8.31": "No in-house software development",
    "A.7.12": "Cabling is the landlord's responsibility",
}
DOCUMENTS = ["ISP-01 Information Security Policy", "ACP-02 Access Control Policy", "SUP-03 Supplier Policy",
             "BCP-01 Continuity Plan", "HR-04 Screening Procedure", "OPS-07 Operations Manual", "—"]
STATUSES = ["Implemented", "Implemented", "Partially implemented", "Planned", "Not started", "Implemented"]


@corpus_file("soa_yes_no.xlsx", "soa", "soa",
             "Quillmoor Analytics: the 93 controls, Applicable Yes/No, justification, status, owner, document reference")
def soa_yes_no(rng: random.Random) -> bytes:
    book = Book("Statement of Applicability", "Quillmoor Analytics Ltd")
    ws = book.sheet("SoA")
    header = ["Control ID", "Control name", "Applicable", "Justification", "Implementation status", "Owner", "Document reference"]
    book.write_row(ws, 0, 0, header, book.head)
    for n, (cid, title) in enumerate(ANNEX_A.items(), 1):
        excluded = cid in EXCLUDED
        book.write_row(ws, n, 0, [cid, title, "No" if excluded else "Yes",
                                  EXCLUDED.get(cid) or "Required by the risk assessment",
                                  "N/A" if excluded else STATUSES[n % len(STATUSES)],
                                  None if excluded else rng.choice(OWNERS),
                                  None if excluded else DOCUMENTS[n % len(DOCUMENTS)]])
    ws.set_column(1, 1, 50)
    ws.set_column(3, 3, 60)
    counted("soa_yes_no.xlsx", len(ANNEX_A))
    return book.close()


@corpus_file("soa_reason_marks.xlsx", "soa", "soa soa:marks soa:reason-marks layout:two-row-header",
             "Northgate Credit Union: `Applicable`/`N/A` marks, reasons as X marks under a merged `Reason for selection` header")
def soa_reason_marks(rng: random.Random) -> bytes:
    book = Book("SoA", "Northgate Credit Union")
    ws = book.sheet("Statement of Applicability")
    top = [("", 1), ("", 1), ("", 1), ("Reason for selection", 4), ("", 1), ("", 1), ("", 1)]
    bottom = ["Control", "Title", "Applicability", "Legal", "Contractual", "Business", "Risk assessment",
              "Justification for exclusion", "Status", "Evidence"]
    two_level_header(book, ws, 0, 0, top, bottom)
    for n, (cid, title) in enumerate(ANNEX_A.items(), 2):
        excluded = cid in EXCLUDED
        marks: List[Optional[str]] = [None] * 4
        if not excluded:
            marks[3] = "X"
            if cid.startswith("A.5.3") or cid in ("A.5.34", "A.8.12"):
                marks[0] = "X"
            if cid.startswith("A.5.2") or cid in ("A.8.24",):
                marks[1] = "X"
            if n % 3 == 0:
                marks[2] = "x"
        book.write_row(ws, n, 0, [cid, title, "N/A" if excluded else ("Applicable" if n % 4 else "X")] + marks +
                       [EXCLUDED.get(cid), None if excluded else STATUSES[n % len(STATUSES)],
                        None if excluded else DOCUMENTS[(n * 5) % len(DOCUMENTS)]])
    counted("soa_reason_marks.xlsx", len(ANNEX_A))
    return book.close()


@corpus_file("soa_2013.xlsx", "soa", "soa soa:2013 sheet:not-first",
             "Tamsin & Rowe Solicitors: an SoA still on the 2013 ids (A.5.1.1 … A.18.2.3) behind a Doc Control sheet; A.5.1.1 Yes and A.5.1.2 No both map to A.5.1")
def soa_2013(rng: random.Random) -> bytes:
    book = Book("SoA 2013", "Tamsin & Rowe Solicitors LLP", author="Compliance")
    doc = book.sheet("Doc Control")
    ws = book.sheet("SoA")
    book.write_row(doc, 0, 0, ["Statement of Applicability", "v4.1"], book.bold)
    book.write_row(doc, 1, 0, ["Approved by", "Managing Partner"])
    book.write_row(doc, 2, 0, ["Approved on", date(2024, 11, 12)])
    header = ["Ref", "Control", "Applicable (Y/N)", "Reason", "Implemented?", "Owner", "Policy / procedure"]
    book.write_row(ws, 0, 0, header, book.head)
    excluded_2013 = {"A.14.2.7": "No outsourced development", "A.11.1.6": "No delivery or loading areas",
                     "A.14.2.1": "We do not develop software", "A.12.6.2": "Users cannot install software",
                     "A.5.1.2": "Policies are reviewed by the board under the governance charter, not as a separate control"}
    for n, c in enumerate(CONTROLS_2013, 1):
        cid = c["id"]
        excluded = cid in excluded_2013
        book.write_row(ws, n, 0, [cid, c["title"], "N" if excluded else "Y",
                                  excluded_2013.get(cid) or ("Risk assessment" if n % 3 else "Legal / contractual"),
                                  None if excluded else ["Yes", "Yes", "Partly", "No"][n % 4],
                                  None if excluded else rng.choice(OWNERS),
                                  None if excluded else DOCUMENTS[n % len(DOCUMENTS)]])
    ws.set_column(1, 1, 50)
    counted("soa_2013.xlsx", len(CONTROLS_2013))
    return book.close()


@corpus_file("soa_bare_ids.csv", "soa", "soa soa:bare-ids soa:marks",
             "Pellucid Games: the 34 technological controls only, `8.1 User endpoint devices` in one cell, applicability Y/N/X")
def soa_bare_ids(rng: random.Random) -> bytes:
    rows: List[List[Any]] = [["Control", "Included", "Why", "Status", "Owner"]]
    tech = [(cid, t) for cid, t in ANNEX_A.items() if cid.startswith("A.8.")]
    for n, (cid, title) in enumerate(tech, 1):
        excluded = cid in EXCLUDED
        rows.append([f"{cid[2:]} {title}", "N" if excluded else ("Y" if n % 5 else "X"),
                     EXCLUDED.get(cid, "Risk treatment"), "" if excluded else STATUSES[n % len(STATUSES)],
                     "" if excluded else rng.choice(OWNERS)])
    counted("soa_bare_ids.csv", len(tech))
    return csv_text(rows).encode("utf-8")


# --- encodings -------------------------------------------------------------------------------

def encoded_register(rng: random.Random, n: int, company: str) -> List[List[Any]]:
    rows: List[List[Any]] = [["Risk ID", "Risk", "Risk owner", "Likelihood", "Impact", "Treatment", "Notes"]]
    notes = ["Insurance excess £2,500 – check cover", "Café Wi-Fi used by staff on the road",
             "Owner’s view: acceptable until the résumé portal is replaced", "Budget £12k agreed – Q3",
             "Supplier’s SOC 2 report requested", "Décor works at the Lyon office – contractors on site", ""]
    for k, s in enumerate(pick(rng, n), 1):
        l, i = s.inherent
        title = s.title.replace("'", "’")
        rows.append([f"{company}-{k:02d}", title, s.owner, l, i, "Mitigate" if l * i >= 9 else "Accept", notes[k % len(notes)]])
    return rows


@corpus_file("excel_cp1252.csv", "risks", "enc:cp1252",
             "Harbour & Finch Logistics (finance): saved by Excel as CSV in Windows-1252, with £, é, ’ and – in the text")
def excel_cp1252(rng: random.Random) -> bytes:
    rows = encoded_register(rng, 12, "FIN")
    counted("excel_cp1252.csv", len(rows) - 1)
    return csv_text(rows).encode("cp1252")


@corpus_file("utf8_bom.csv", "risks", "enc:utf8-bom",
             "Marisol Hotels (Lyon): saved as `CSV UTF-8`, which starts with a byte order mark")
def utf8_bom(rng: random.Random) -> bytes:
    rows = encoded_register(rng, 11, "LYO")
    counted("utf8_bom.csv", len(rows) - 1)
    return csv_text(rows).encode("utf-8-sig")


@corpus_file("unicode_text_utf16.txt", "risks", "enc:utf16",
             "Ostrava Dental Group: saved as Excel's `Unicode text`: UTF-16 LE with a BOM, tab separated")
def unicode_text_utf16(rng: random.Random) -> bytes:
    rows = encoded_register(rng, 10, "ODG")
    counted("unicode_text_utf16.txt", len(rows) - 1)
    return b"\xff\xfe" + csv_text(rows, delimiter="\t").encode("utf-16-le")


# ---------------------------------------------------------------------------------------------

README_HEAD = """# Register corpus

Risk registers, asset registers and Statements of Applicability kept the way people really keep
them, for the importer to be checked against. Every file here is written by
[`generate.py`](generate.py) (do not edit them by hand) and every company, person and risk in them
is invented. Control ids and titles come from the engine's catalogue (`core/data/`).

- Regenerate: `python3 -m venv /tmp/venv-corpus && /tmp/venv-corpus/bin/pip install -r tests/registers/requirements.txt`,
  then `/tmp/venv-corpus/bin/python tests/registers/generate.py` (`--check` fails when a file would
  change). The output is byte-for-byte deterministic.
- `manifest.json` lists each file with its kind (`risks`, `assets`, `soa`), format, data rows and
  patterns; the tag meanings are in the header of `generate.py`.
- Cases: [`expect.py`](expect.py) runs the built Python package (`import isms`) over every file and
  writes one shared case per file to `tests/cases/registers/<file name, . as _>.json` (or, with
  `--check`, compares; `--list` says what imports and why the rest fails). Cases are blessed from
  real output, reviewed by a human, then committed: only registers whose reading someone has
  checked have one, and `expect.py --check` lists the others.
- A case uses a file as `{"$fixture": "registers/<file>"}`: the three runners replace it with the
  base64 of the file's bytes (pass `"encoding": "base64"`).

| file | kind | rows | patterns | what it is |
|---|---|---|---|---|
"""


def build() -> Dict[str, bytes]:
    out: Dict[str, bytes] = {}
    for f in FILES:
        out[f.name] = f.make(random.Random(f.name))
        f.rows = ROWS[f.name]
    manifest = [{"file": f.name, "kind": f.kind, "format": f.file_format(), "rows": f.rows,
                 "patterns": f.patterns, "about": f.about} for f in FILES]
    out["manifest.json"] = (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    table = "".join(f"| [`{f.name}`]({f.name}) | {f.kind} | {f.rows} | {' '.join(f'`{p}`' for p in f.patterns)} | {f.about} |\n"
                    for f in FILES)
    out["README.md"] = (README_HEAD + table).encode("utf-8")
    return out


def self_check() -> None:
    doc = __doc__ or ""
    names = [f.name for f in FILES]
    assert len(names) == len(set(names)), "a file name is used twice"
    tags = {line.split()[0] for line in doc.split("Patterns (")[1].split("Files (")[0].splitlines()[1:] if line.startswith("  ")}
    for f in FILES:
        listed = [line.split() for line in doc.splitlines() if line.strip().startswith(f.name + " ")]
        assert listed and listed[0][1:] == f.patterns, f"{f.name}: the header lists other patterns than FILES"
        unknown = set(f.patterns) - tags
        assert not unknown, f"{f.name}: undocumented pattern {unknown}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="fail when a file would change")
    args = parser.parse_args()
    self_check()
    changed = []
    for name, data in build().items():
        path = HERE / name
        if path.exists() and path.read_bytes() == data:
            continue
        changed.append(name)
        if not args.check:
            path.write_bytes(data)
    verb = "differ" if args.check else "written"
    print(f"{len(FILES)} register files; {len(changed)} {verb}" + (": " + ", ".join(changed) if changed else ""))
    return 1 if args.check and changed else 0


if __name__ == "__main__":
    sys.exit(main())
