"""Which table a file or sheet holds and which of its columns is which, when the names are not
exactly in the alias tables.

Three passes. (1) Exact: a saved mapping of the same shape (outreach/ingest/mapping.py), a file or
sheet name in table_aliases.csv, or every required column among the exact aliases. (2) The ids
and codes of the tables found so far are collected. (3) Everything else is scored: names by their
words (outreach/ingest/names.py), contents by what the column must hold (dates, numbers, yes/no,
the labels of a list, codes found in the table they refer to, ids that other tables use). A guess
is taken only when one candidate is clearly ahead, and every guess is reported in words; when two
are close, or a required column is not found, the import stops and names the candidates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pyarrow as pa
import pyarrow.compute as pc

from outreach.i18n import fmt_int
from outreach.ingest import contract, names
from outreach.ingest.limits import SourceError
from outreach.ingest.sources import UNKNOWN_SEPARATOR, SourceTable, Unrecognised

SAMPLE = 2000            # values of a column looked at for its type
ACCEPT = 0.6             # the least score of a guess
CLOSE = 0.05             # two candidates nearer than this are a tie
TABLE_MARGIN = 0.25      # a table is taken over the next only this far ahead
PLACEHOLDER = re.compile(r"\(cột \d+\)")

_DATE = re.compile(r"(\d{4}-\d{1,2}-\d{1,2}([ T].*)?|\d{1,2}[/.-]\d{1,2}[/.-](\d{2}|\d{4})( .*)?|\d{5}(\.\d+)?)")
_NUMBER = re.compile(r"-?[\d\s.,\u00a0]+")
_INTEGER = re.compile(r"-?\d{1,3}([.\s\u00a0]?\d{3})*|-?\d+([.,]0+)?")


@dataclass
class Guess:
    file: str
    sheet: str
    table: str
    column: str          # empty for the table itself
    header: str
    message: str


@dataclass
class Need:
    """A file or sheet the import could not decide: what it holds, what was guessed, what is in question."""

    file: str
    sheet: str | None
    headers: list[str]
    message: str
    tables: list[tuple[str, float]] = field(default_factory=list)      # candidate tables, best first
    table: str | None = None
    columns: dict[str, str] = field(default_factory=dict)              # canonical -> header guessed
    candidates: dict[str, list[str]] = field(default_factory=dict)     # canonical -> headers in question
    preview: dict[str, list[str]] = field(default_factory=dict)        # header -> first values

    @property
    def label(self) -> str:
        return f"{self.file} [{self.sheet}]" if self.sheet else self.file


@dataclass
class Recognition:
    tables: list[SourceTable]
    unrecognised: list[Unrecognised]
    guesses: list[Guess]
    needs: list[Need]

    def message(self) -> str:
        return (" ".join(need.message for need in self.needs) +
                " Chọn bảng và cột ở bước ánh xạ trên trang Dữ liệu, hoặc cho tệp ánh xạ (--mapping FILE).")

    def raise_if_undecided(self) -> None:
        if self.needs:
            raise SourceError(self.message())


# ---------------------------------------------------------------- what a column holds

class Contents:
    """Samples and distinct values of one source's raw columns, computed once."""

    def __init__(self, part: SourceTable):
        self.part = part
        self._samples: dict[str, list[str]] = {}
        self._distinct: dict[str, pa.Array] = {}

    def column(self, header: str) -> pa.ChunkedArray:
        return self.part.frame.column(f"#{self.part.headers.index(header)}")

    def sample(self, header: str) -> list[str]:
        if header not in self._samples:
            values = []
            for value in self.column(header).to_pylist()[:SAMPLE * 4]:
                if value and value.strip():
                    values.append(value.strip())
                    if len(values) >= SAMPLE:
                        break
            self._samples[header] = values
        return self._samples[header]

    def distinct(self, header: str) -> pa.Array:
        if header not in self._distinct:
            values = pc.utf8_trim_whitespace(self.column(header))
            values = pc.unique(pc.filter(values, pc.not_equal(values, "")))
            self._distinct[header] = values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values
        return self._distinct[header]


def _enum_spellings(table: str, column: str) -> set[str]:
    from outreach.ingest.checks import enum_lookup

    lookup = enum_lookup()
    chosen = lookup[(lookup["table_name"] == table) & (lookup["column_name"] == column)]
    return set(chosen["spelling"])


def _type_share(column: contract.Column, table: str, values: list[str]) -> float | None:
    """Share of the sample that can be the column's type (None: nothing to judge by, or text)."""
    if not values:
        return None
    if column.type == contract.DATE:
        good = sum(bool(_DATE.fullmatch(value)) for value in values)
    elif column.type == contract.INTEGER:
        good = sum(bool(_INTEGER.fullmatch(value)) for value in values)
    elif column.type == contract.DECIMAL:
        good = sum(bool(_NUMBER.fullmatch(value)) for value in values)
    elif column.type == contract.BOOLEAN:
        allowed = contract.BOOLEAN_TRUE | contract.BOOLEAN_FALSE
        good = sum(names.fold(value) in allowed for value in values)
    elif column.type == contract.ENUM:
        spellings = _enum_spellings(table, column.name)
        good = sum(names.fold(value).replace("_", " ") in spellings or names.fold(value) in spellings
                   for value in values)
    else:
        return None
    return good / len(values)


class KeyIndex:
    """The ids and codes of the tables recognised so far: (table, column) -> distinct values."""

    def __init__(self):
        self.values: dict[tuple[str, str], pa.Array] = {}

    def add(self, table: str, column: str, values: pa.Array) -> None:
        key = (table, column)
        if key in self.values:
            values = pc.unique(pa.concat_arrays([self.values[key], values]))
        self.values[key] = values

    def matches(self, values: pa.Array, table: str, column: str) -> int:
        known = self.values.get((table, column))
        if known is None or not len(values):
            return 0
        return int(pc.sum(pc.is_in(values, value_set=known)).as_py() or 0)


# Where each key is used: (table, key column) -> [(table, column) that refer to it].
USES: dict[tuple[str, str], list[tuple[str, str]]] = {}
for _table in contract.TABLES:
    for _column in _table.columns:
        if _column.references:
            USES.setdefault(_column.references, []).append((_table.name, _column.name))
INDEXED = set(USES) | {use for uses in USES.values() for use in uses}


def _title(table: str) -> str:
    return contract.table(table).title_vi.lower()


def score_column(table: str, column: contract.Column, header: str, contents: Contents,
                 index: KeyIndex) -> tuple[float, str]:
    """(score, why in words) of `header` holding `column` of `table`; a negative score rules it out."""
    name_score, alias = names.column_name_score(table, column.name, header)
    reasons = [f"tên gần giống “{alias}”"] if name_score >= 0.3 else []
    bonus, content_says = 0.0, False
    share = _type_share(column, table, contents.sample(header))
    if share is not None and share < 0.8:
        return -1.0, ""
    if column.type == contract.ENUM and share is not None and share >= 0.9:
        bonus += 0.25
        content_says = True
        reasons.append(f"giá trị là nhãn của danh mục ({fmt_int(len(contents.sample(header)))} giá trị xem)")
    if column.references and (table, column.name) != column.references:
        distinct = contents.distinct(header)
        matched = index.matches(distinct, *column.references)
        if len(distinct) and matched / len(distinct) >= 0.8:
            bonus += 0.3
            content_says = True
            reasons.append(f"khớp {fmt_int(matched)} mã với bảng {_title(column.references[0])}")
    uses = USES.get((table, column.name), [])
    if uses:
        distinct = contents.distinct(header)
        best = max(((index.matches(distinct, *use), use) for use in uses), default=(0, None))
        if best[0] and best[0] / max(len(distinct), 1) >= 0.5:
            bonus += 0.3
            content_says = True
            reasons.append(f"khớp {fmt_int(best[0])} mã với bảng {_title(best[1][0])}")
    if name_score < 0.3 and not content_says:
        return 0.0, ""
    base = name_score if name_score >= 0.3 else 0.4
    return base + bonus, "; ".join(reasons)


@dataclass
class Proposal:
    mapping: dict[str, str]                      # header -> canonical
    reasons: dict[str, str]                      # canonical -> why (guessed columns only)
    missing: list[str]
    ambiguous: dict[str, list[str]]              # canonical -> headers in question

    def fit(self, table: str) -> float:
        spec = contract.table(table)
        found = set(self.mapping.values())
        required = sum(column in found for column in spec.required_columns) / len(spec.required_columns)
        optional = [c for c in spec.column_names if c not in spec.required_columns]
        return required + 0.1 * sum(column in found for column in optional) / max(len(optional), 1)

    @property
    def viable(self) -> bool:
        return not self.missing and not self.ambiguous


def propose(table: str, part: SourceTable, contents: Contents, index: KeyIndex, *,
            fixed: dict[str, str] | None = None, guess: bool = True) -> Proposal:
    """The columns of `part` for `table`: exact aliases (or `fixed`, a saved mapping) first, then
    the best-scoring header for each remaining column, unless another is as good."""
    spec = contract.table(table)
    if fixed is None:
        fixed, _ = names.map_headers(table, part.headers)
    mapping = {header: column for header, column in fixed.items() if header in part.headers}
    if fixed is not None and mapping is not fixed:
        exact, _ = names.map_headers(table, [h for h in part.headers if h not in mapping])
        for header, column in exact.items():
            if column not in mapping.values():
                mapping[header] = column
    reasons: dict[str, str] = {}
    ambiguous: dict[str, list[str]] = {}
    if guess:
        free_columns = [c for c in spec.columns if c.name not in mapping.values()]
        free_headers = [h for h in part.headers if h not in mapping and not PLACEHOLDER.fullmatch(h)]
        scores = {}
        for column in free_columns:
            for header in free_headers:
                score, why = score_column(table, column, header, contents, index)
                if score >= ACCEPT:
                    scores[(column.name, header)] = (score, why)
        taken_columns, taken_headers = set(), set()
        for (column, header), (score, why) in sorted(scores.items(), key=lambda item: -item[1][0]):
            if column in taken_columns or header in taken_headers or column in ambiguous:
                continue
            rivals = [other for (c, other), (s, _) in scores.items()
                      if c == column and other != header and other not in taken_headers and s >= score - CLOSE
                      and not any(s2 > s + CLOSE for (c2, h2), (s2, _) in scores.items()
                                  if h2 == other and c2 != column and c2 not in taken_columns)]
            if rivals:
                ambiguous[column] = [header, *rivals]
                continue
            mapping[header] = column
            reasons[column] = why
            taken_columns.add(column)
            taken_headers.add(header)
    found = set(mapping.values())
    missing = [c for c in spec.required_columns if c not in found and c not in ambiguous]
    # An optional column in question is left out, never guessed: only a required one stops the import.
    ambiguous = {c: headers for c, headers in ambiguous.items() if c in spec.required_columns}
    return Proposal(mapping, reasons, missing, ambiguous)


# ---------------------------------------------------------------- deciding

def _name_of(part: SourceTable, sheets_in_file: int) -> list[str]:
    """The names that may say the table: the sheet's, and the file's when it holds one table."""
    stem = part.file.rsplit(".", 1)[0]
    if part.sheet is None:
        return [stem]
    return [part.sheet, stem] if sheets_in_file == 1 else [part.sheet]


def _preview(part: SourceTable, contents: Contents) -> dict[str, list[str]]:
    return {header: contents.sample(header)[:5] for header in part.headers}


def apply(part: SourceTable, table: str, mapping: dict[str, str], how: str) -> SourceTable:
    """The part with its mapped columns under their canonical names and the rest packed into _unknown."""
    frame = part.frame
    columns = {"_file": frame.column("_file"), "_sheet": frame.column("_sheet"), "_row": frame.column("_row")}
    unknown = []
    for position, header in enumerate(part.headers):
        if header in mapping:
            columns[mapping[header]] = frame.column(f"#{position}")
        else:
            unknown.append(frame.column(f"#{position}"))
    columns["_extra_cells"] = frame.column("_extra_cells")
    if unknown:
        columns["_unknown"] = pc.binary_join_element_wise(*unknown, UNKNOWN_SEPARATOR)
    else:
        columns["_unknown"] = pa.chunked_array([pa.array([""] * frame.num_rows, pa.string())])
    part.frame = pa.table(columns)
    part.table, part.mapping, part.recognised_by = table, dict(mapping), how
    part.unknown_columns = [h for h in part.headers if h not in mapping and not PLACEHOLDER.fullmatch(h)]
    part.problems = [(number, (mapping.get(part.headers[position], part.headers[position])
                               if position is not None else ""), value, reason, message)
                     for number, position, value, reason, message in part.problems]
    return part


def _decide(part: SourceTable, content: Contents, decided: tuple | None, index: KeyIndex,
            sheets_per_file: dict[str, int]) -> tuple:
    """(kind, table, proposal, how, extra) for one part: kind "table" (extra: the table guess, if
    any), "need" (extra: the Need) or "unrecognised" (extra: the Unrecognised)."""
    table_guess = None
    if decided:
        table, fixed, how = decided
        proposal = propose(table, part, content, index, fixed=fixed, guess=True)
        candidates = [(table, 1.0)]
    else:
        name_scores: dict[str, tuple[float, str]] = {}
        for name in _name_of(part, sheets_per_file[part.file]):
            for table, score in names.table_name_scores(name).items():
                if score[0] > name_scores.get(table, (0.0, ""))[0]:
                    name_scores[table] = score
        proposals = {table.name: propose(table.name, part, content, index) for table in contract.TABLES}
        ranked = sorted(((name_scores.get(t, (0.0, ""))[0] + p.fit(t), t) for t, p in proposals.items()),
                        reverse=True)
        viable = [(score, t) for score, t in ranked if proposals[t].viable]
        candidates = [(t, round(score, 2)) for score, t in ranked[:3]]
        if viable and (len(viable) == 1 or viable[0][0] - viable[1][0] >= TABLE_MARGIN):
            table = viable[0][1]
            proposal, how = proposals[table], "guess"
            name_score, alias = name_scores.get(table, (0.0, ""))
            spec = contract.table(table)
            found = sum(c in proposal.mapping.values() for c in spec.required_columns)
            why = (f"tên gần giống “{alias}”" if name_score >= ACCEPT else
                   f"theo các cột ({fmt_int(found)}/{fmt_int(len(spec.required_columns))} cột bắt buộc)")
            table_guess = Guess(part.file, part.sheet or "", table, "", "", f"{part.label} → {table} ({spec.title_vi}): {why}")
        elif viable:
            first, second = viable[0][1], viable[1][1]
            return ("need", first, proposals[first], "guess", Need(
                part.file, part.sheet, part.headers,
                f"{part.label}: không rõ là bảng {first} ({contract.table(first).title_vi}) hay "
                f"{second} ({contract.table(second).title_vi}): cả hai đều có đủ cột bắt buộc.",
                candidates, first, {c: h for h, c in proposals[first].mapping.items()},
                preview=_preview(part, content)))
        else:
            best = ranked[0][1]
            if name_scores.get(best, (0.0, ""))[0] < ACCEPT and proposals[best].fit(best) < 0.5:
                return ("unrecognised", None, None, "", Unrecognised(
                    part.file, part.sheet, part.headers, "không nhận ra bảng theo tên hay theo các cột"))
            table, proposal, how = best, proposals[best], "guess"
    if not proposal.viable:
        spec = contract.table(table)
        pieces = []
        if proposal.missing:
            found = ", ".join(proposal.mapping.values()) or "không cột nào"
            pieces.append(f"thiếu cột bắt buộc {', '.join(proposal.missing)} (bảng {table}). "
                          f"Cần: {', '.join(spec.required_columns)}. Nhận ra: {found}.")
        for column, headers in proposal.ambiguous.items():
            pieces.append(f"không rõ cột nào là {column} ({spec.column(column).title_vi}): "
                          + " hay ".join(f"“{h}”" for h in headers) + ".")
        unknown = [h for h in part.headers if h not in proposal.mapping and not PLACEHOLDER.fullmatch(h)]
        if unknown and proposal.missing:
            pieces.append(f"Cột không nhận ra: {', '.join(unknown)}.")
        return ("need", table, proposal, how, Need(
            part.file, part.sheet, part.headers, f"{part.label}: " + " ".join(pieces), candidates, table,
            {c: h for h, c in proposal.mapping.items()}, proposal.ambiguous, _preview(part, content)))
    return ("table", table, proposal, how, table_guess)


def recognise_all(parts: list[SourceTable], profiles: list | None = None) -> Recognition:
    """Decide every part read (outreach/ingest/sources.read_all): recognised tables, parts that are
    nothing of the contract (reported, skipped), the guesses taken, the parts that need a person."""
    from outreach.ingest import mapping as saved

    sheets_per_file: dict[str, int] = {}
    for part in parts:
        sheets_per_file[part.file] = sheets_per_file.get(part.file, 0) + 1
    contents = {id(part): Contents(part) for part in parts}
    decided: dict[int, tuple[str, dict[str, str] | None, str]] = {}   # part -> (table, fixed mapping, how)
    guesses: list[Guess] = []
    for part in parts:
        found = saved.find(profiles or [], part)
        if found:
            profile, entry = found
            decided[id(part)] = (entry["table"], dict(entry["columns"]), "mapping")
            guesses.append(Guess(part.file, part.sheet or "", entry["table"], "", "",
                                 f"{part.label} → {entry['table']} ({contract.table(entry['table']).title_vi}): "
                                 f"theo ánh xạ đã lưu “{profile.name}”"))
            continue
        for name in _name_of(part, sheets_per_file[part.file]):
            table = names.table_from_name(name)
            if table:
                decided[id(part)] = (table, None, "name")
                break
        else:
            table = names.table_from_columns(part.headers)
            if table:
                decided[id(part)] = (table, None, "columns")
    index = KeyIndex()
    for part in parts:
        if id(part) in decided:
            table, fixed, _ = decided[id(part)]
            exact = fixed if fixed is not None else names.map_headers(table, part.headers)[0]
            for header, column in exact.items():
                if (table, column) in INDEXED and header in part.headers:
                    index.add(table, column, contents[id(part)].distinct(header))

    # Twice: the second time the ids and codes of every table found the first time are evidence.
    for sweep in (1, 2):
        outcome = [_decide(part, contents[id(part)], decided.get(id(part)), index, sheets_per_file) for part in parts]
        if sweep == 1:
            for part, (kind, table, proposal, *_rest) in zip(parts, outcome):
                if kind == "table":
                    for header, column in proposal.mapping.items():
                        if (table, column) in INDEXED:
                            index.add(table, column, contents[id(part)].distinct(header))
    tables: list[SourceTable] = []
    unrecognised: list[Unrecognised] = []
    needs: list[Need] = []
    for part, (kind, table, proposal, how, extra) in zip(parts, outcome):
        if kind == "unrecognised":
            unrecognised.append(extra)
        elif kind == "need":
            needs.append(extra)
        else:
            if extra:
                guesses.append(extra)
            for header, column in proposal.mapping.items():
                if column in proposal.reasons:
                    guesses.append(Guess(part.file, part.sheet or "", table, column, header,
                                         f"{part.label}: cột “{header}” → {column} "
                                         f"({contract.table(table).column(column).title_vi}): {proposal.reasons[column]}"))
            tables.append(apply(part, table, proposal.mapping, how))
    return Recognition(tables, unrecognised, guesses, needs)


def discover(source, on_file=None, limits=None) -> tuple[list[SourceTable], list[Unrecognised], list]:
    """Tables in a folder, a workbook or a single file, recognised; plus unrecognised sheets and
    the files read. A file or sheet that cannot be decided raises SourceError naming the candidates."""
    from outreach.ingest.sources import read_all

    raw, paths = read_all(source, on_file, limits)
    result = recognise_all(raw)
    result.raise_if_undecided()
    return result.tables, result.unrecognised, paths
