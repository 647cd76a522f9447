"""Reader for the GENESIS / Zensus 2022 flat file ("ffcsv"), plain or zipped.

Header: ``statistics_code;statistics_label;time_code;time_label;time;`` then one quadruple
``k_variable_code;k_variable_label;k_variable_attribute_code;k_variable_attribute_label`` per
dimension, then ``value;value_unit;value_variable_code;value_variable_label;value_q``. One
observation per row.

Decoding, cells, periods, region keys and duplicates come from ``cells``, as in every reader.
"""

import re

from cohesion.statistics.readers.base import (
    Observation,
    ParsedFile,
    Problem,
    ReadChoices,
    StatisticsFileError,
)
from cohesion.statistics.readers.cells import (
    LICENCE_DL_DE_BY,
    CsvRecords,
    check_size,
    csv_from_zip,
    decode,
    drop_duplicates,
    is_blank,
    is_region_key,
    normalise_period,
    parse_cell,
    sniff_delimiter,
)

REQUIRED_COLUMNS = ("statistics_code", "time", "value")
GEO_VARIABLES = {"DINSG", "KREISE", "GEMEIN", "DLAND", "REGBEZ"}
ZENSUS_SOURCE = "© Statistische Ämter des Bundes und der Länder, Deutschland, Zensus 2022"
DESTATIS_SOURCE = "© Statistisches Bundesamt (Destatis)"

_QUADRUPLE_RE = re.compile(r"(\d+)_variable_code")


def is_ffcsv_header(first_line: str) -> bool:
    names = {cell.strip().strip('"').lower() for cell in re.split(r"[;,\t]", first_line)}
    return "statistics_code" in names and "value" in names


def _is_zensus(code: str, label: str) -> bool:
    # Zensus database tables are "1000A", "2000S", "3000G", ...; GENESIS statistics are 5 digits.
    return (
        code.startswith("1000")
        or bool(re.match(r"\d{4}[A-Z]", code))
        or "zensus" in (label.lower())
    )


def read_ffcsv(
    data: bytes, *, max_bytes: int | None = None, choices: ReadChoices | None = None
) -> ParsedFile:
    check_size(data, max_bytes)
    if data[:2] == b"PK":
        _, data = csv_from_zip(data, max_bytes=max_bytes)
    text, encoding = decode(data)  # raises "empty" for a blank file
    rows = iter(CsvRecords(text, sniff_delimiter(text)))

    header: list[str] | None = None
    for _, cells in rows:
        if not is_blank(cells):
            header = [cell.strip().lower() for cell in cells]
            break
    if header is None:  # pragma: no cover - decode rejects blank text
        raise StatisticsFileError("empty", "the file holds no header")
    index = {name: i for i, name in reversed(list(enumerate(header)))}
    for name in REQUIRED_COLUMNS:
        if name not in index:
            raise StatisticsFileError(
                "missing_column",
                f"the column {name!r} is missing",
                line=1,
                column=name,
                params={"column": name},
            )
    if "value_variable_label" not in index and "value_variable_code" not in index:
        raise StatisticsFileError(
            "missing_column",
            "the column 'value_variable_label' is missing",
            line=1,
            column="value_variable_label",
            params={"column": "value_variable_label"},
        )
    quadruples = []
    for name in header:
        match = _QUADRUPLE_RE.fullmatch(name)
        if not match:
            continue
        k = match.group(1)
        attribute = f"{k}_variable_attribute_code"
        if attribute not in index:
            raise StatisticsFileError(
                "missing_column",
                f"the column {attribute!r} is missing",
                line=1,
                column=attribute,
                params={"column": attribute},
            )
        quadruples.append(
            (
                index[name],
                index.get(f"{k}_variable_label"),
                index[attribute],
                index.get(f"{k}_variable_attribute_label"),
                k,
            )
        )
    if not quadruples:
        raise StatisticsFileError(
            "missing_column",
            "the column '1_variable_code' is missing",
            line=1,
            column="1_variable_code",
            params={"column": "1_variable_code"},
        )

    def cell(cells: list[str], name: str) -> str:
        i = index.get(name)
        return cells[i].strip() if i is not None else ""

    # The columns read on every row, looked up once.
    time_i, value_i = index["time"], index["value"]
    unit_i, flag_i = index.get("value_unit"), index.get("value_q")
    label_i_, code_i_ = index.get("value_variable_label"), index.get("value_variable_code")
    geo_codes: dict[str, bool] = {}
    shared_dimensions: dict[tuple, tuple] = {}  # one tuple per breakdown, not one per row

    def at(cells: list[str], i: int | None) -> str:
        return cells[i].strip() if i is not None else ""

    width = len(header)
    observations: list[Observation] = []
    problems: list[Problem] = []
    table_code = title = ""
    for line, cells in rows:
        if is_blank(cells):
            continue
        if len(cells) != width:
            if len(cells) < width and all(is_blank(rest) for _, rest in rows):
                raise StatisticsFileError(
                    "truncated",
                    f"the last row has {len(cells)} of {width} cells: the file is cut off",
                    line=line,
                )
            raise StatisticsFileError(
                "unknown_layout",
                f"the row has {len(cells)} cells, the header {width}",
                line=line,
                params={"cells": len(cells), "expected": width},
            )
        if not table_code:
            table_code, title = cell(cells, "statistics_code"), cell(cells, "statistics_label")

        period = normalise_period(cells[time_i])
        if period is None:
            raise StatisticsFileError(
                "bad_period",
                f"{cell(cells, 'time')[:40]!r} is neither a date nor a year",
                line=line,
                column="time",
                params={"value": cell(cells, "time")[:40]},
            )

        region = None
        dimensions = []
        for code_i, label_i, attr_i, attr_label_i, k in quadruples:
            code = at(cells, code_i)
            if not code:
                continue  # a table with fewer dimensions in this row
            attribute_code, attribute_label = at(cells, attr_i), at(cells, attr_label_i)
            is_geo = geo_codes.get(code)
            if is_geo is None:
                upper = code.upper()
                is_geo = geo_codes[code] = upper.startswith("GEO") or upper in GEO_VARIABLES
            if region is None and is_geo:
                key = attribute_code or ("DG" if code.upper() == "DINSG" else "")
                if not is_region_key(key):
                    column = f"{k}_variable_attribute_code"
                    raise StatisticsFileError(
                        "bad_region_key",
                        f"{key[:40]!r} is not an official regional key",
                        line=line,
                        column=column,
                        params={"value": key[:40]},
                    )
                region = (key, attribute_label)
            else:
                # An empty attribute code is the total over that dimension.
                attribute = attribute_label or attribute_code or "Insgesamt"
                dimensions.append((at(cells, label_i) or code, attribute))
        if region is None:
            raise StatisticsFileError(
                "missing_column",
                "no regional variable (GEO…, DINSG, DLAND, REGBEZ, KREISE, GEMEIN) in this row",
                line=line,
                column="1_variable_code",
                params={"column": "1_variable_code"},
            )

        variable = at(cells, label_i_) or at(cells, code_i_)
        if not variable:
            raise StatisticsFileError(
                "unknown_layout",
                "the row names no variable (value_variable_label is empty)",
                line=line,
                column="value_variable_label",
            )
        # decimal=None: the flat file writes no thousands separators, a lone "." or "," is decimal.
        status, value = parse_cell(cells[value_i], line=line, column="value")
        breakdown = tuple(sorted(dimensions))
        breakdown = shared_dimensions.setdefault(breakdown, breakdown)
        observations.append(
            Observation(
                region_key=region[0],
                region_name=region[1],
                period=period,
                variable=variable,
                unit=at(cells, unit_i),
                dimensions=breakdown,
                value=value,
                status=status,
                quality_flag=at(cells, flag_i),
                line=line,
            )
        )
    if not observations:
        raise StatisticsFileError("empty", "the file has a header but no data rows")
    observations = drop_duplicates(observations, problems)
    zensus = _is_zensus(table_code, title)
    return ParsedFile(
        format="ffcsv",
        table_code=table_code,
        title=title,
        stand=None,
        source=ZENSUS_SOURCE if zensus else DESTATIS_SOURCE,
        licence=LICENCE_DL_DE_BY,
        encoding=encoding,
        observations=observations,
        problems=problems,
    )
