"""Reading the pool and the quota table: CSV and XLSX, bounded, errors naming the row."""

import io

import pytest
from openpyxl import Workbook

from cohesion.lottery.engine import Quota
from cohesion.lottery.tables import TableError, pool_read, quotas_read


def _xlsx(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_pool_reads_from_csv_with_bom_and_semicolons_and_from_xlsx():
    pool = pool_read("\ufeffid;gender\n 1;f\n2;m\n\n".encode())
    assert pool.ids == [" 1", "2"] and pool.attributes == {"gender": ["f", "m"]}
    pool = pool_read(_xlsx([["id", "gender", "age"], [1, "f", 30], ["x", "m", None]]))
    assert pool.ids == ["1", "x"] and pool.attributes["age"] == ["30", ""]


def test_quotas_read_with_their_numbers():
    quotas = quotas_read(b"attribute,value,min,max\ngender,f,1,3\n")
    assert quotas == [Quota("gender", "f", 1, 3)]
    quotas = quotas_read(_xlsx([["attribute", "value", "min", "max"], ["gender", "f", 1, 3]]))
    assert quotas == [Quota("gender", "f", 1, 3)]


@pytest.mark.parametrize(
    ("reader", "data", "code"),
    [
        (pool_read, b"", "empty"),
        (pool_read, b"id\n1\n", "pool_no_attributes"),
        (pool_read, b"id,g,g\n1,a,b\n", "duplicate_column"),
        (pool_read, b"id,g\n1,a,b\n", "row_length"),
        (pool_read, b"PK\x03\x04 not a workbook", "not_a_table"),
        (quotas_read, b"attribute,value,min,max\n,f,1,2\n", "quota_attribute"),
        (quotas_read, b"attribute,value,min,max\ng,f,1.5,2\n", "quota_number"),
    ],
)
def test_malformed_tables_are_refused(reader, data, code):
    with pytest.raises(TableError) as raised:
        reader(data)
    assert raised.value.code == code


def test_reading_is_bounded():
    with pytest.raises(TableError) as raised:
        pool_read(b"id,g\n" + b"1,a\n" * 11, max_rows=10)
    assert raised.value.code == "too_many_rows"
    with pytest.raises(TableError) as raised:
        pool_read(b"id,g\n" + b"x" * (21 * 1024 * 1024))
    assert raised.value.code == "too_large"


def test_a_web_page_or_text_in_another_encoding_is_refused_in_the_lottery_words():
    with pytest.raises(TableError) as raised:
        pool_read(b"<!DOCTYPE html><html><body>Login</body></html>")
    assert raised.value.code == "not_a_table"
    with pytest.raises(TableError) as raised:
        pool_read("id;Geschlecht\n1;männlich\n".encode("cp1252"))
    assert raised.value.code == "encoding"
    pool = pool_read(b"id\tg\n1\tf\n")  # tab-separated, as Excel's "text" export
    assert pool.attributes == {"g": ["f"]}
