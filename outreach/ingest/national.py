"""Commune codes against the national list of 2025 units (the vietnam-provinces package).

Two post-2025 code lists are in use (the NSO website list that vietnam-provinces follows, and
the 1027/CTK-CSCL / sáp nhập list): 115 codes differ for the same unit. A code that is not in
the package's list but whose (province, name) is, is recognised and cross-walked. Nothing here
rejects a row: every finding is a warning.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from outreach.ingest.geo import accent_free, normalise_name


@dataclass(frozen=True)
class Finding:
    commune_code: str
    code: str          # national_code_other_list | national_code_other_unit | national_code_unknown
    message: str
    value: str


@lru_cache(maxsize=1)
def national_wards() -> pd.DataFrame:
    """commune_code (5 digits), province_code (2 digits), name, name key."""
    try:
        from vietnam_provinces import Ward
    except ImportError:  # the package is in requirements; without it the check is skipped
        return pd.DataFrame(columns=["commune_code", "province_code", "name", "key"])
    rows = []
    for ward in Ward.iter_all():
        code = f"{int(ward.code.value):05d}"
        province = f"{int(ward.province_code.value):02d}"
        rows.append((code, province, ward.name, accent_free(normalise_name(ward.name))))
    return pd.DataFrame(rows, columns=["commune_code", "province_code", "name", "key"])


def check_communes(communes: pd.DataFrame) -> list[Finding]:
    """Findings for communes whose code is not the national list's code for that unit."""
    wards = national_wards()
    if wards.empty:
        return []
    by_code = wards.set_index("commune_code")
    by_name = {(row.province_code, row.key): row.commune_code for row in wards.itertuples(index=False)}
    provinces = set(wards["province_code"])
    findings = []
    # A province the list does not have (a test or demo province) is one finding, on its first
    # commune, not one per commune: none of its codes can be checked.
    unknown = communes[~communes["province_code"].isin(provinces)]
    for province, rows in unknown.groupby("province_code", sort=True):
        first = str(rows["commune_code"].iloc[0])
        findings.append(Finding(first, "national_code_unknown",
                                f"Mã tỉnh {province} không có trong danh mục 2025: mã của {len(rows)} xã, phường "
                                f"không kiểm tra được", first))
    communes = communes[communes["province_code"].isin(provinces)]
    for code, name, province in communes[["commune_code", "commune_name", "province_code"]].itertuples(index=False):
        key = accent_free(normalise_name(name))
        if code in by_code.index:
            listed = by_code.loc[code]
            if listed["key"] == key:
                continue
            other = by_name.get((province, key))
            findings.append(Finding(code, "national_code_other_unit",
                                    f"Mã {code} trong danh mục 2025 là {listed['name']}, không phải {name}"
                                    + (f"; {name} mang mã {other}" if other else ""), code))
            continue
        other = by_name.get((province, key))
        if other:
            findings.append(Finding(code, "national_code_other_list",
                                    f"Mã {code} ({name}) theo danh sách mã khác; danh mục 2025 của vietnam-provinces "
                                    f"ghi mã {other} cho cùng đơn vị — đã nhận ra, vẫn nạp với mã {code}", code))
        else:
            findings.append(Finding(code, "national_code_unknown",
                                    f"Mã {code} ({name}) không có trong danh mục 2025 và không tìm thấy tên này trong tỉnh {province}",
                                    code))
    return findings
