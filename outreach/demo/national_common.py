"""Shared by the national demo's parts: the per-commune volumes, the months of the data (seasonal
factors, working days) and small vectorised helpers that build pyarrow string columns."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from outreach.demo import names
from outreach.demo.common import Calendar
from outreach.query.periods import add_months, month_end, parse_month

# Per commune (national averages): officials of the commune's own UBND and of provincial
# agencies assigned to it; visits a month; feedback items a month that did not come through a visit.
COMMUNE_OFFICIALS = 20
PROVINCIAL_OFFICIALS_PER_COMMUNE = 40
VISITS_PER_COMMUNE_MONTH = 28.7
OTHER_FEEDBACK_PER_COMMUNE_MONTH = 12.5

# Seasonal factor of visits by calendar month offset from the Tết month (0 = the Tết month).
TET_FACTOR = {-1: 1.18, 0: 0.5, 1: 0.92}
STORM_MONTHS = {9: 0.9, 10: 0.92}


def id_text(prefix: str, numbers: np.ndarray, width: int) -> pa.Array:
    text = pc.utf8_lpad(pc.cast(pa.array(numbers, type=pa.int64()), pa.string()), width=width, padding="0")
    return pc.binary_join_element_wise(pa.scalar(prefix), text, "")


def pick_text(values: list[str] | tuple[str, ...], codes: np.ndarray, mask: np.ndarray | None = None) -> pa.Array:
    """values[codes] as a string array; null where mask is False."""
    array = pa.DictionaryArray.from_arrays(pa.array(codes, type=pa.int32()), pa.array(list(values), type=pa.string()))
    result = array.cast(pa.string())
    if mask is not None:
        result = pc.if_else(pa.array(mask), result, pa.scalar(None, pa.string()))
    return result


def date_text(days: np.ndarray, mask: np.ndarray | None = None) -> pa.Array:
    """ISO text of numpy datetime64[D] values; null where mask is False."""
    result = pc.strftime(pa.array(days.astype("datetime64[D]"), type=pa.date32()), format="%Y-%m-%d")
    if mask is not None:
        result = pc.if_else(pa.array(mask), result, pa.scalar(None, pa.string()))
    return result


def int_text(values: np.ndarray, mask: np.ndarray | None = None) -> pa.Array:
    result = pc.cast(pa.array(values, type=pa.int64()), pa.string())
    if mask is not None:
        result = pc.if_else(pa.array(mask), result, pa.scalar(None, pa.string()))
    return result


def join_text(*parts: pa.Array | str) -> pa.Array:
    return pc.binary_join_element_wise(*[pa.scalar(p) if isinstance(p, str) else p for p in parts], " ")


def bool_text(values: np.ndarray) -> pa.Array:
    return pick_text(("false", "true"), values.astype(np.int32))


def probabilities(pairs) -> tuple[list, np.ndarray]:
    values = [value for value, _ in pairs]
    weights = np.asarray([weight for _, weight in pairs], dtype=float)
    return values, weights / weights.sum()


def full_names(rng: np.random.Generator, count: int) -> pa.Array:
    female = rng.random(count) < 0.45
    family, family_p = probabilities(names.FAMILY_NAMES)
    male_mid, male_p = probabilities(names.MALE_MIDDLE)
    female_mid, female_p = probabilities(names.FEMALE_MIDDLE)
    family_codes = rng.choice(len(family), size=count, p=family_p)
    middles = list(male_mid) + list(female_mid)
    middle_codes = np.where(female, len(male_mid) + rng.choice(len(female_mid), size=count, p=female_p),
                            rng.choice(len(male_mid), size=count, p=male_p))
    givens = list(names.MALE_GIVEN) + list(names.FEMALE_GIVEN)
    given_codes = np.where(female, len(names.MALE_GIVEN) + rng.integers(0, len(names.FEMALE_GIVEN), count),
                           rng.integers(0, len(names.MALE_GIVEN), count))
    return join_text(pick_text(family, family_codes), pick_text(middles, middle_codes), pick_text(givens, given_codes))


def phone_numbers(rng: np.random.Generator, count: int, mask: np.ndarray) -> pa.Array:
    prefix = pick_text(("09", "03", "08", "07"), rng.choice(4, size=count, p=(0.7, 0.15, 0.1, 0.05)))
    digits = pc.utf8_lpad(pc.cast(pa.array(rng.integers(0, 100_000_000, count)), pa.string()), width=8, padding="0")
    return pc.if_else(pa.array(mask), pc.binary_join_element_wise(prefix, digits, ""), pa.scalar(None, pa.string()))


@dataclass
class Months:
    starts: np.ndarray        # datetime64[D] first day of each month
    ends: np.ndarray          # last day
    factors: np.ndarray       # seasonal factor of visits
    working: list[np.ndarray]  # working days of each month (datetime64[D])
    days: list[np.ndarray]     # all days of each month


def months_of(end_month: str, count: int) -> Months:
    last = parse_month(end_month)
    firsts = [add_months(last, offset) for offset in range(-(count - 1), 1)]
    calendar = Calendar(firsts[0], month_end(last))
    tet = set(calendar.tet_months())
    tet_index = {i for i, first in enumerate(firsts) if (first.year, first.month) in tet}
    factors = []
    for i, first in enumerate(firsts):
        factor = STORM_MONTHS.get(first.month, 1.0)
        for t in tet_index:
            factor = TET_FACTOR.get(i - t, factor) if abs(i - t) <= 1 else factor
        factors.append(factor)
    factors = np.asarray(factors)
    factors = factors / factors.mean()
    working = [np.asarray(calendar.working_between(first, month_end(first)), dtype="datetime64[D]") for first in firsts]
    days = [np.arange(np.datetime64(first), np.datetime64(month_end(first)) + 1) for first in firsts]
    return Months(starts=np.asarray(firsts, dtype="datetime64[D]"),
                   ends=np.asarray([month_end(f) for f in firsts], dtype="datetime64[D]"),
                   factors=factors, working=working, days=days)
