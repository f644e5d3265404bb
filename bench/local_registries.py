"""Local stand-ins for the registries every built-in verifier asks, for the
verification benchmark (bench/verify_bench.py).

Each stand-in knows a generated set of people and answers in the layout its verifier
reads: the layouts of the written fixtures in tests/fixtures/ (tests/fixtures/README.md
cites the source of every field), with the people's names and numbers put in. Every
person holds a licence in force, so a verifier that reads its answers right finds
them all VERIFIED (identity CONFIRMED, exclusion list NOT_FOUND but for the 1% listed).
The data is invented.

A stand-in is a `Registry`: the verifier's name, its address under the local server,
the options it needs (test keys), the claims to check, and `answer(path, query)`.
"""

from __future__ import annotations

import csv
import io
import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qs

from verifiers.fl_mqa import PROFESSIONS as FL_PROFESSIONS
from verifiers.nppes import npi_check_digit_ok
from verifiers.oig_leie import COLUMNS as LEIE_COLUMNS

FIRST = ["ANA", "BAO", "CARL", "DANA", "ERIN", "FRANK", "GRACE", "HUGO", "IRIS", "JUN", "KARA",
         "LEE", "MARIA", "NOAH", "OLGA", "PRIYA", "QUINN", "RAJ", "SOFIA", "TOM"]  # fmt: skip
LAST = ["LOPEZ", "NGUYEN", "BROWN", "WHITE", "GREEN", "BLACK", "OKAFOR", "REYES", "KIM",
        "PATEL", "SMITH", "JONES", "GARCIA", "MILLER", "DAVIS"]  # fmt: skip
STATES = ["TX", "CA", "NY", "FL", "IL", "PA", "OH", "GA", "NC", "MI"]

Answer = tuple[int, bytes, str]  # HTTP status, body, content type
JSON, CSV, HTML = "application/json", "text/csv", "text/html; charset=utf-8"


@dataclass
class Registry:
    """One registry stand-in and the claims its verifier checks against it."""

    verifier: str
    path: str
    claims: list[dict]
    answer: Callable[[str, dict[str, str]], Answer | None]
    options: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Person:
    first: str
    last: str
    number: str
    npi: str = ""

    @property
    def title_first(self) -> str:
        return self.first.title()

    @property
    def title_last(self) -> str:
        return self.last.title()


def _letters(index: int) -> str:
    """A surname suffix of letters only (names with digits are not names)."""
    out = ""
    index += 26
    while index:
        index, rest = divmod(index, 26)
        out = chr(ord("A") + rest) + out
    return out


def people(rng: random.Random, count: int, number: Callable[[int], str]) -> list[Person]:
    """`count` people with unique surnames and numbers."""
    return [
        Person(rng.choice(FIRST), f"{rng.choice(LAST)}{_letters(i)}", number(i))
        for i in range(count)
    ]


def claim(jurisdiction: str, licence_type: str, person: Person, **extra) -> dict:
    """A `LicenceQuery`'s fields, as the benchmark sends them to a child process."""
    return {"jurisdiction": jurisdiction, "licence_type": licence_type,
            "number": person.number, "first_name": person.title_first,
            "last_name": person.title_last, **extra}  # fmt: skip


def valid_npi(rng: random.Random) -> str:
    """A random NPI with a correct check digit."""
    while True:
        base = "1" + "".join(rng.choice("0123456789") for _ in range(8))
        for digit in "0123456789":
            if npi_check_digit_ok(base + digit):
                return base + digit


def _json(value) -> Answer:
    return 200, json.dumps(value).encode(), JSON


def _files(files: dict[str, bytes]) -> Callable[[str, dict[str, str]], Answer | None]:
    def answer(path: str, query: dict[str, str]) -> Answer | None:
        body = files.get(path)
        return None if body is None else (200, body, CSV)

    return answer


def _csv(header: list[str], rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


# -- the US world: NPPES, the LEIE and Texas BHEC share their people ------------------


@dataclass(frozen=True)
class Licensee:
    """A Texas licensee: who, the BHEC file and rank listing them, the type claimed."""

    person: Person
    file: str
    rank: str
    claimed: str


class TexasWorld:
    """NPPES, the OIG LEIE and Texas BHEC, knowing the same Texas licensees (half
    LPCs, a quarter LPC Associates, a quarter school psychologists, all with an NPI;
    1% excluded), among `rows` others in the LEIE and in each BHEC file."""

    KINDS = (("LPC", "LPC", "LPC"), ("LPC", "LPCA", "LPC Associate"), ("LPC", "LPC", "LPC"),
             ("PSY", "LSP", "LSSP"))  # fmt: skip

    def __init__(self, rng: random.Random, count: int, rows: int) -> None:
        self.licensees = [
            Licensee(Person(p.first, p.last, p.number, valid_npi(rng)), *self.KINDS[i % 4])
            for i, p in enumerate(people(rng, count, lambda i: str(100000 + i)))
        ]
        self.by_npi = {t.person.npi: t for t in self.licensees}
        self.files = {"/UPDATED.csv": self._leie(rng, rows), **self._bhec(rng, rows)}

    def nppes_answer(self, found: list[Licensee]) -> Answer:
        """NPPES's answer listing `found` (an empty list: nobody)."""
        records = [
            {
                "number": t.person.npi, "enumeration_type": "NPI-1",
                "last_updated_epoch": "1704233221000", "created_epoch": "1171564996000",
                "basic": {"first_name": t.person.first, "last_name": t.person.last,
                          "name_prefix": "--", "name_suffix": "--", "sex": "F", "status": "A",
                          "credential": t.rank},
                "taxonomies": [{"code": "101YP2500X" if t.file == "LPC" else "103TS0200X",
                                "desc": "Counselor, Professional", "primary": True,
                                "state": "TX", "license": t.person.number}],
                "addresses": [], "identifiers": [], "other_names": [], "endpoints": [],
            }
            for t in found
        ]  # fmt: skip
        return _json({"result_count": len(records), "results": records})

    def _leie(self, rng: random.Random, rows: int) -> bytes:
        excluded = rng.sample(self.licensees, max(1, len(self.licensees) // 100))
        listed = [
            [t.person.last, t.person.first, "", "", "IND- LIC HC SERV PRO", "COUNSELOR", "",
             t.person.npi, "19700101", "1 MAIN ST", "AUSTIN", "TX", "78701", "1128b4",
             "20200101", "00000000", "00000000", ""]
            for t in excluded
        ]  # fmt: skip
        for index in range(rows - len(listed)):
            known = rng.random() < 0.15
            listed.append([f"{rng.choice(LAST)}X{_letters(index)}", rng.choice(FIRST), "M", "",
                           "IND- LIC HC SERV PRO", "NURSE/NURSES AIDE", "",
                           valid_npi(rng) if known else "0000000000",
                           f"19{rng.randint(40, 99)}0101", f"{index} ELM ST", "SPRINGFIELD",
                           rng.choice(STATES), "62701", "1128b4",
                           f"20{rng.randint(10, 25)}0{rng.randint(1, 9)}15", "00000000",
                           "00000000", ""])  # fmt: skip
        out = io.StringIO()
        writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
        writer.writerows([LEIE_COLUMNS, *listed])
        return out.getvalue().encode()

    def _bhec(self, rng: random.Random, rows: int) -> dict[str, bytes]:
        # The documented layout (tests/fixtures/tx_bhec/documented_LPC.csv): numeric
        # LIC_TYPE, RANK, mixed-case statuses, Yes/No discipline. Fillers carry the
        # sourced ranks, or none where no rank is sourced (MFT, SW).
        header = ["LIC_TYPE", "RANK", "LIC_NBR", "ENTITY_NBR", "LAST_NME", "FIRST_NME",
                  "MIDDLE_NME", "SFX_NME", "LIC_STATUS", "LIC_EXPR_DTE", "RANK_EFCT_DTE",
                  "DISCPL_ACTN"]  # fmt: skip
        filler_rank = {"LPC": "LPC", "PSY": "LSP", "MFT": "", "SW": ""}
        bhec: dict[str, list[list[str]]] = {code: [] for code in filler_rank}
        for t in self.licensees:
            bhec[t.file].append(["5261" if t.file == "LPC" else "5202", t.rank, t.person.number,
                                 "1", t.person.last, t.person.first, "", "", "Active", "", "",
                                 "No"])  # fmt: skip
        for code, listed in bhec.items():
            for index in range(rows // 4):
                status = rng.choice(["Active", "Active", "Active", "Expired"])
                listed.append(["5261", filler_rank[code], str(500000 + index), "2",
                               f"{rng.choice(LAST)}Y", rng.choice(FIRST), "", "", status, "",
                               "", "No"])  # fmt: skip
        return {f"/csv/{code}.csv": _csv(header, listed) for code, listed in bhec.items()}

    def registries(self) -> list[Registry]:
        """NPPES (asked by NPI), the LEIE and BHEC, each with every licensee's claim."""

        def nppes(path: str, query: dict[str, str]) -> Answer:
            found = self.by_npi.get(query.get("number", ""))
            return self.nppes_answer([found] if found else [])

        files = _files(self.files)
        with_npi = [claim("US-TX", t.claimed, t.person, npi=t.person.npi) for t in self.licensees]
        return [
            Registry("nppes", "/api/", with_npi, nppes),
            Registry("oig-leie", "/UPDATED.csv", with_npi, files),
            Registry("tx-bhec", "/csv/",
                     [claim("US-TX", t.claimed, t.person) for t in self.licensees], files),
        ]  # fmt: skip


# -- one registry each ----------------------------------------------------------------


def uk_hcpc(rng: random.Random, count: int) -> Registry:
    """The HCPC register page (tests/fixtures/uk_hcpc/registered_PYL12345.html)."""
    known = {p.number: p for p in people(rng, count, lambda i: f"PYL{20000 + i}")}

    def answer(path: str, query: dict[str, str]) -> Answer:
        number = query.get("query", "")
        person = known.get(number)
        if person is None:
            body = f"<p>No results returned for {number}</p>"
        else:
            rows = [("Name", f"{person.title_first} {person.title_last}"),
                    ("Registration number", number), ("Profession", "Practitioner psychologist"),
                    ("Status", "Registered"), ("Period", "01/06/2025 to 31/05/2099")]  # fmt: skip
            cells = "".join(f"<tr><td>{k}</td><td>{v}</td></tr>" for k, v in rows)
            body = f"<table>{cells}</table><p>Data valid on: 26/11/2026 06:00:00</p>"
        page = f"<!DOCTYPE html><html><head><title>HCPC</title></head><body>{body}</body></html>"
        return 200, page.encode(), HTML

    claims = [claim("GB", "Practitioner psychologist", p) for p in known.values()]
    return Registry("uk-hcpc", "/detail/", claims, answer)


def socrata(rng: random.Random, count: int, name: str) -> Registry:
    """Colorado's or Washington's licence dataset (tests/fixtures/co_dora/,
    tests/fixtures/wa_doh/): the row of the number the query's ``$where`` names."""
    washington = name == "wa-doh"
    number = (lambda i: f"LH{61000000 + i}") if washington else (lambda i: str(22000 + i))
    known = {p.number.lstrip("LH"): p for p in people(rng, count, number)}

    def answer(path: str, query: dict[str, str]) -> Answer:
        where = query.get("$where", "")
        wanted = where.split("'")[1].lstrip("%.") if "'" in where else ""
        person = known.get(wanted)
        if person is None:
            return _json([])
        if washington:
            row = {"credentialnumber": f"MHC.LH.{wanted}", "lastname": person.title_last,
                   "firstname": person.title_first, "middlename": "",
                   "credentialtype": "Mental Health Counselor License", "status": "Active",
                   "expirationdate": "07/08/2099", "actiontaken": "No"}  # fmt: skip
        else:
            row = {"lastname": person.title_last, "firstname": person.title_first,
                   "middlename": "", "licensetype": "LPC", "licensenumber": wanted,
                   "licenseexpirationdate": "2099-08-31T00:00:00.000",
                   "licensestatusdescription": "Active"}  # fmt: skip
        return _json([row])

    if washington:
        claims = [claim("US-WA", "LMHC", p) for p in known.values()]
        return Registry(name, "/resource/qxh8-f4bd.json", claims, answer)
    claims = [claim("US-CO", "LPC", p) for p in known.values()]
    return Registry(name, "/resource/7s5z-vewr.json", claims, answer)


def thentia(rng: random.Random, count: int) -> Registry:
    """Oklahoma's Thentia register search (tests/fixtures/thentia/
    documented_search_lpc04898.json); no one is in the disciplined search."""
    known = {p.number: p for p in people(rng, count, lambda i: f"LPC{10000 + i:05d}")}

    def answer(path: str, query: dict[str, str]) -> Answer:
        person = known.get(query.get("keyword", ""))
        if person is None or query.get("disciplined") == "true":
            return _json({"resultCount": 0, "result": [], "errorCode": "0"})
        profile = {"id": f"id-{person.number}", "lastName": person.title_last,
                   "firstName": person.title_first, "middleName": "",
                   "registrationNumber": person.number,
                   "registrationCategory": "Licensed Professional Counselor (LPC)",
                   "registrationStatus": "Active", "city": "Tulsa"}  # fmt: skip
        return _json({"resultCount": 1, "result": [profile], "errorCode": "0"})

    claims = [claim("US-OK", "LPC", p) for p in known.values()]
    # The register's status words are not sourced, so the verifier knows none until an
    # operator configures them (verifiers/thentia.py): the bench does, as one would.
    options = {"statuses": {"Active": "verified"}}
    return Registry("thentia-ok-obbhl", "/rest/public/profile/search/", claims, answer, options)


def ca_dca(rng: random.Random, count: int) -> Registry:
    """DCA's licence-number search (tests/fixtures/ca_dca/documented_lmft_12345.json),
    asked with a test key."""
    known = {p.number: p for p in people(rng, count, lambda i: str(30000 + i))}

    def answer(path: str, query: dict[str, str]) -> Answer:
        person = known.get(query.get("licNumber", ""))
        if person is None:
            return _json({"licenseDetails": []})
        detail = {
            "getLicenseDetails": [{"licNumber": person.number, "primaryStatusCode": "20",
                                   "issueDate": "2015-03-01", "expDate": "2099-02-28"}],
            "getNameDetails": [{"individualNameDetails": [
                {"firstName": person.title_first, "middleName": "",
                 "lastName": person.title_last}]}],
            "getPublicRecordActions": [],
        }  # fmt: skip
        return _json({"licenseDetails": [{"getFullLicenseDetail": [detail]}]})

    claims = [claim("US-CA", "LMFT", p) for p in known.values()]
    # DCA's status codes are configured by an operator who has read DCA's own table
    # (verifiers/ca_dca.py); the bench configures the one it serves.
    options = {"app_id": "bench-id", "app_key": "bench-key", "statuses": {"20": "verified"}}
    return Registry("ca-dca", "/licenseSearchService/", claims, answer, options)


def ny_op(rng: random.Random, count: int) -> Registry:
    """NYSED's ROSA licence answer for psychology (tests/fixtures/ny_op/
    documented_registered_068.json), asked with a test key."""
    known = {p.number: p for p in people(rng, count, lambda i: f"{40000 + i:06d}")}

    def answer(path: str, query: dict[str, str]) -> Answer:
        person = known.get(query.get("licenseNumber", ""))
        if person is None or query.get("professionCode") != "068":
            return 204, b"", JSON

        def pair(label: str, value):
            return {"label": label, "value": value}

        return _json({
            "profession": pair("Profession", "Psychology (068)"),
            "name": pair("Name", f"{person.last} {person.first}"),
            "address": pair("Address", "ALBANY NY"), "status": pair("Status", "Registered"),
            "dateOfLicensure": pair("Date of Licensure", "June 15, 2012"),
            "registeredThroughDate": pair("Registered through Date", "December 31, 2099"),
            "licenseNumber": pair("License Number", person.number), "professionCode": "068",
            "enforcementActions": [], "index": 0,
            "noEnforcementActionsFoundMessage": "No enforcement actions found.",
        })  # fmt: skip

    claims = [claim("US-NY", "Psychologist", p) for p in known.values()]
    return Registry("ny-op", "/rosa/V2/", claims, answer, {"api_key": "bench-key"})


def fl_mqa(rng: random.Random, count: int, rows: int) -> Registry:
    """MQA's export, one CSV per profession (tests/fixtures/fl_mqa/documented_2701.csv),
    chosen by the ``Profession`` of the ``jsonModel`` parameter."""
    known = people(rng, count, lambda i: f"PY{5000 + i}")
    header = ["License", "Name", "Profession", "City", "License Status"]
    exports = {}
    for profession in FL_PROFESSIONS:
        listed = [[p.number, f"{p.last}, {p.first}", profession.title, "MIAMI", "Clear/Active"]
                  for p in known] if profession.code == "2701" else []  # fmt: skip
        for index in range(rows // len(FL_PROFESSIONS)):
            listed.append([f"PY{900000 + index}", f"{rng.choice(LAST)}, {rng.choice(FIRST)}",
                           profession.title, " TAMPA",
                           rng.choice(["Clear/Active", "Clear/Inactive"])])  # fmt: skip
        exports[profession.code] = _csv(header, listed)

    def answer(path: str, query: dict[str, str]) -> Answer | None:
        if not path.endswith("/ExportToCsvLVP"):
            return None
        model = json.loads(query.get("jsonModel", "{}"))
        body = exports.get(str(model.get("Profession")))
        return None if body is None else (200, body, CSV)

    return Registry("fl-mqa", "/fl/", [claim("US-FL", "Psychologist", p) for p in known], answer)


def query_of(raw: str) -> dict[str, str]:
    """A query string's parameters, first value of each."""
    return {k: v[0] for k, v in parse_qs(raw, keep_blank_values=True).items()}
