"""Programme terms from the reference files or an administrator's input, validated.

Two files (``fixtures/reference``): ``subsidy_programs_cn.csv`` (the programmes as the source
reports them) and ``subsidy_recognition_map.csv`` (which of this service's certificates the
operator reads each programme as accepting). Every programme must appear in the map, either
with its accepted (criteria set, level) pairs or with one row whose pair is empty and whose
note says why none corresponds: nothing is left to a silent default.

Validation lists every problem (row, column, reason) before anything is written.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from dataclasses import asdict, dataclass, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from factory_eval.core.problems import Problem, ProblemsError
from factory_eval.factors.provinces import ProvinceDirectory
from factory_eval.subsidies.eligibility import UNVERIFIED, ProgrammeTerms, Recognition

PROGRAMME_COLUMNS = (
    "program_id",
    "jurisdiction_province",
    "jurisdiction_city",
    "jurisdiction_district",
    "policy_name",
    "issued",
    "recognition_required",
    "max_award_cny",
    "source",
    "confidence",
)
OPTIONAL_PROGRAMME_COLUMNS = ("in_force_from", "in_force_until")
MAP_COLUMNS = ("program_id", "criteria_slug", "level", "confidence", "note")
OPTIONAL_MAP_COLUMNS = ("note_zh",)

# Where each field is reported: the CSV column it came from, or the API field.
CSV_FIELDS = {
    "code": "program_id",
    "province": "jurisdiction_province",
    "city": "jurisdiction_city",
    "district": "jurisdiction_district",
    "policy_name": "policy_name",
    "issued": "issued",
    "in_force_from": "in_force_from",
    "in_force_until": "in_force_until",
    "recognition_required": "recognition_required",
    "max_award_cny": "max_award_cny",
    "source": "source",
    "confidence": "confidence",
}
API_FIELDS = {name: name for name in CSV_FIELDS}

_ISSUED = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")


@dataclass(frozen=True)
class ProgrammeDraft:
    """A programme version's content before it is stored (hashed to detect changes)."""

    code: str
    policy_name: str
    province_code: str
    province_name: str
    city: str
    district: str
    issued: str
    in_force_from: date | None
    in_force_until: date | None
    dates_basis: str
    recognition_required: str
    accepted_recognitions: tuple[dict, ...]
    recognition_note: str
    recognition_note_zh: str
    max_award_cny: Decimal
    source: str
    confidence: str

    def content(self) -> dict:
        data = asdict(self)
        data["in_force_from"] = self.in_force_from.isoformat() if self.in_force_from else None
        data["in_force_until"] = self.in_force_until.isoformat() if self.in_force_until else None
        data["max_award_cny"] = str(self.max_award_cny.quantize(Decimal("0.01")))
        data["accepted_recognitions"] = list(self.accepted_recognitions)
        return data

    def sha256(self) -> str:
        text = json.dumps(self.content(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def terms(self) -> ProgrammeTerms:
        return ProgrammeTerms(
            code=self.code,
            version_id=None,
            version_number=0,
            policy_name=self.policy_name,
            province_code=self.province_code,
            city=self.city,
            district=self.district,
            accepted=tuple(Recognition(**item) for item in self.accepted_recognitions),
            max_award_cny=self.max_award_cny,
            in_force_from=self.in_force_from,
            in_force_until=self.in_force_until,
            dates_basis=self.dates_basis,
            issued=self.issued,
            confidence=self.confidence,
            recognition_note=self.recognition_note,
            province_name=self.province_name,
            recognition_note_zh=self.recognition_note_zh,
        )


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _date(value, field: str, row: int | None, problems: list[Problem]) -> date | None:
    if isinstance(value, date):
        return value
    text = _text(value)
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        problems.append(Problem("programme_bad_date", field=field, row=row, params={"value": text}))
        return None


def _issued_start(issued: str, field: str, row: int | None, problems: list[Problem]) -> date | None:
    if not issued:
        return None
    match = _ISSUED.match(issued)
    try:
        if match is None:
            raise ValueError(issued)
        return date(int(match[1]), int(match[2]), int(match[3] or 1))
    except ValueError:
        problems.append(
            Problem("programme_bad_date", field=field, row=row, params={"value": issued})
        )
        return None


def _accepted(
    entries: list[dict], known_levels: dict[str, list[str]], problems: list[Problem]
) -> tuple[dict, ...]:
    """Validated (criteria set, level) pairs. An entry read from the map carries its ``row``
    and is reported by map column; one from the API by its path in the request body."""
    accepted: list[dict] = []
    seen: set[tuple[str, str]] = set()
    for index, entry in enumerate(entries):
        row = entry.get("row")

        def where(name: str, column: str, row=row, index=index) -> str:
            return column if row is not None else f"accepted_recognitions.{index}.{name}"

        criteria, level = _text(entry.get("criteria")), _text(entry.get("level"))
        note = _text(entry.get("note"))
        if not note:
            problems.append(Problem("map_note_required", field=where("note", "note"), row=row))
        if criteria not in known_levels:
            problems.append(
                Problem(
                    "map_unknown_criteria",
                    field=where("criteria", "criteria_slug"),
                    row=row,
                    params={"value": criteria, "known": ", ".join(sorted(known_levels))},
                )
            )
            continue
        if level not in known_levels[criteria]:
            problems.append(
                Problem(
                    "map_unknown_level",
                    field=where("level", "level"),
                    row=row,
                    params={
                        "value": level,
                        "criteria": criteria,
                        "known": ", ".join(known_levels[criteria]),
                    },
                )
            )
            continue
        if (criteria, level) in seen:
            problems.append(
                Problem(
                    "map_duplicate_pair",
                    field=where("level", "level"),
                    row=row,
                    params={"value": f"{criteria}/{level}"},
                )
            )
            continue
        seen.add((criteria, level))
        accepted.append(
            {
                "criteria": criteria,
                "level": level,
                "confidence": _text(entry.get("confidence")) or UNVERIFIED,
                "note": note,
                "note_zh": _text(entry.get("note_zh")),
            }
        )
    return tuple(accepted)


def build_draft(
    values: dict,
    accepted: list[dict],
    recognition_note: str,
    *,
    recognition_note_zh: str = "",
    directory: ProvinceDirectory,
    known_levels: dict[str, list[str]],
    row: int | None = None,
    fields: dict[str, str] = API_FIELDS,
) -> tuple[ProgrammeDraft | None, list[Problem]]:
    """Validate one programme's terms; ``fields`` names where each value came from."""
    problems: list[Problem] = []
    for name in (
        "code",
        "policy_name",
        "province",
        "recognition_required",
        "max_award_cny",
        "source",
        "confidence",
    ):
        if not _text(values.get(name)):
            problems.append(Problem("required", field=fields[name], row=row))
    province = directory.find(_text(values.get("province"))) if values.get("province") else None
    if values.get("province") and province is None:
        problems.append(
            Problem(
                "programme_unknown_province",
                field=fields["province"],
                row=row,
                params={"value": _text(values.get("province"))},
            )
        )
    city, district = _text(values.get("city")), _text(values.get("district"))
    if district and not city:
        problems.append(Problem("programme_district_needs_city", field=fields["district"], row=row))
    amount = None
    if _text(values.get("max_award_cny")):
        try:
            amount = Decimal(_text(values.get("max_award_cny")))
            if not amount.is_finite() or amount <= 0:
                raise InvalidOperation
        except InvalidOperation:
            problems.append(
                Problem(
                    "award_amount_not_positive",
                    field=fields["max_award_cny"],
                    row=row,
                    params={"value": _text(values["max_award_cny"])},
                )
            )
            amount = None
    issued = _text(values.get("issued"))
    issued_start = _issued_start(issued, fields["issued"], row, problems)
    stated_from = _date(values.get("in_force_from"), fields["in_force_from"], row, problems)
    until = _date(values.get("in_force_until"), fields["in_force_until"], row, problems)
    start = stated_from or issued_start
    basis = "stated" if stated_from else "issued_month" if issued_start else "unknown"
    if start and until and until < start:
        problems.append(
            Problem(
                "programme_dates_order",
                field=fields["in_force_until"],
                row=row,
                params={"value": start.isoformat(), "until": until.isoformat()},
            )
        )
    pairs = _accepted(accepted, known_levels, problems)
    if problems:
        return None, problems
    return ProgrammeDraft(
        code=_text(values["code"]),
        policy_name=_text(values["policy_name"]),
        province_code=province.code,
        province_name=province.name_zh,
        city=city,
        district=district,
        issued=issued,
        in_force_from=start,
        in_force_until=until,
        dates_basis=basis,
        recognition_required=_text(values["recognition_required"]),
        accepted_recognitions=pairs,
        recognition_note=_text(recognition_note),
        recognition_note_zh=_text(recognition_note_zh),
        max_award_cny=amount,
        source=_text(values["source"]),
        confidence=_text(values["confidence"]),
    ), []


def _csv_rows(path: Path, required: tuple[str, ...]) -> list[tuple[int, dict]]:
    text = path.read_text(encoding="utf-8-sig")
    reader = csv.DictReader(io.StringIO(text))
    missing = [column for column in required if column not in (reader.fieldnames or [])]
    if missing:
        raise ProblemsError(
            [Problem("missing_columns", field=path.name, params={"columns": ", ".join(missing)})]
        )
    return list(enumerate(reader, start=2))


def _with_file(problems: list[Problem], name: str) -> list[Problem]:
    return [
        Problem(
            item.code,
            field=f"{name}: {item.field}" if item.field else name,
            row=item.row,
            params=item.params,
        )
        for item in problems
    ]


def read_map(path: Path) -> tuple[dict[str, list[dict]], dict[str, tuple[str, str]], list[Problem]]:
    """The recognition map: accepted pairs per programme, and the (English, Chinese) note of
    each explicit 'none'."""
    pairs: dict[str, list[dict]] = {}
    none_notes: dict[str, tuple[str, str]] = {}
    problems: list[Problem] = []
    for row, item in _csv_rows(path, MAP_COLUMNS):
        code = _text(item["program_id"])
        criteria, level, note = (
            _text(item["criteria_slug"]),
            _text(item["level"]),
            _text(item["note"]),
        )
        if not code:
            problems.append(Problem("required", field="program_id", row=row))
        elif bool(criteria) != bool(level):
            problems.append(Problem("map_half_pair", field="level", row=row))
        elif not criteria:
            if not note:
                problems.append(Problem("map_note_required", field="note", row=row))
            none_notes[code] = (note, _text(item.get("note_zh")))
        else:
            pairs.setdefault(code, []).append(
                {
                    "criteria": criteria,
                    "level": level,
                    "confidence": _text(item["confidence"]),
                    "note": note,
                    "note_zh": _text(item.get("note_zh")),
                    "row": row,
                }
            )
    for code in set(pairs) & set(none_notes):
        problems.append(
            Problem("map_none_and_pairs", field="criteria_slug", params={"value": code})
        )
    return pairs, none_notes, problems


def read_programmes(
    programmes_path: Path,
    map_path: Path,
    *,
    directory: ProvinceDirectory,
    known_levels: dict[str, list[str]],
) -> list[ProgrammeDraft]:
    """Every programme of the file with its mapping; raises ProblemsError naming all problems."""
    pairs, none_notes, map_problems = read_map(map_path)
    problems = _with_file(map_problems, map_path.name)
    drafts: list[ProgrammeDraft] = []
    seen: dict[str, int] = {}
    for row, item in _csv_rows(programmes_path, PROGRAMME_COLUMNS):
        values = {name: item.get(column, "") for name, column in CSV_FIELDS.items()}
        code = _text(values["code"])
        if code in seen:
            problems.append(
                Problem(
                    "programme_duplicate",
                    field=f"{programmes_path.name}: program_id",
                    row=row,
                    params={"value": code, "other": seen[code]},
                )
            )
            continue
        seen[code] = row
        if code and code not in pairs and code not in none_notes:
            problems.append(
                Problem(
                    "programme_unmapped",
                    field=f"{map_path.name}: program_id",
                    row=row,
                    params={"value": code},
                )
            )
        note, note_zh = none_notes.get(code, ("", ""))
        draft, found = build_draft(
            values,
            [],
            note,
            recognition_note_zh=note_zh,
            directory=directory,
            known_levels=known_levels,
            row=row,
            fields=CSV_FIELDS,
        )
        map_found: list[Problem] = []
        mapped = _accepted(pairs.get(code, []), known_levels, map_found)
        problems += _with_file(found, programmes_path.name) + _with_file(map_found, map_path.name)
        if draft is not None and not map_found:
            drafts.append(replace(draft, accepted_recognitions=mapped))
    for code in sorted((set(pairs) | set(none_notes)) - set(seen)):
        problems.append(
            Problem(
                "map_unknown_programme",
                field=f"{map_path.name}: program_id",
                params={"value": code},
            )
        )
    if problems:
        raise ProblemsError(problems)
    return drafts
