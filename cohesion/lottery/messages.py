"""The engine's and the readers' error codes in the user's language."""

from django.utils.translation import gettext_lazy

from cohesion.lottery.engine import LotteryError
from cohesion.lottery.tables import TableError

MESSAGES = {
    # engine.LotteryError
    "seats": gettext_lazy("The number of seats must be at least 1 (got %(seats)s)."),
    "pool_too_small": gettext_lazy(
        "The pool has %(pool)s volunteers, fewer than the %(seats)s seats."
    ),
    "empty_id": gettext_lazy("Volunteer row %(row)s has no id."),
    "duplicate_id": gettext_lazy(
        "Volunteer id “%(id)s” appears twice (rows %(first)s and %(row)s)."
    ),
    "quota_bounds": gettext_lazy(
        "The quota %(attribute)s = “%(value)s” has a negative minimum or maximum."
    ),
    "quota_min_above_max": gettext_lazy(
        "The quota %(attribute)s = “%(value)s” has minimum %(min)s above its maximum %(max)s."
    ),
    "quota_duplicate": gettext_lazy("The quota %(attribute)s = “%(value)s” is given twice."),
    "attribute_missing": gettext_lazy(
        "The quota'd attribute “%(attribute)s” is not a column of the pool."
    ),
    "value_without_quota": gettext_lazy(
        "Volunteer “%(id)s” (row %(row)s) has %(attribute)s = “%(value)s”, which has no quota row."
    ),
    "quota_too_few_volunteers": gettext_lazy(
        "The quota %(attribute)s = “%(value)s” asks for at least %(min)s, but only "
        "%(available)s volunteers have it."
    ),
    "attribute_minimums_too_high": gettext_lazy(
        "The minimums of “%(attribute)s” add up to %(total)s, more than the %(seats)s seats."
    ),
    "attribute_maximums_too_low": gettext_lazy(
        "The maximums of “%(attribute)s” add up to %(total)s, fewer than the %(seats)s seats."
    ),
    "infeasible": gettext_lazy("No panel of %(seats)s meets all the quotas together."),
    # tables.TableError
    "too_large": gettext_lazy("The file is larger than %(limit)s MB."),
    "too_many_rows": gettext_lazy("The table has more than %(limit)s rows."),
    "too_many_columns": gettext_lazy("The table has more than %(limit)s columns."),
    "encoding": gettext_lazy("The file is not text in UTF-8."),
    "not_a_table": gettext_lazy("The file is not a CSV or XLSX table."),
    "empty": gettext_lazy("The table is empty."),
    "pool_header": gettext_lazy("The pool's first column must be called id (found “%(found)s”)."),
    "pool_no_attributes": gettext_lazy("The pool has no attribute columns after id."),
    "duplicate_column": gettext_lazy("The column “%(column)s” appears twice."),
    "row_length": gettext_lazy("Row %(row)s has %(found)s cells, the header has %(expected)s."),
    "quota_header": gettext_lazy(
        "The quota table's header must be attribute,value,min,max (found %(found)s)."
    ),
    "quota_number": gettext_lazy(
        "Row %(row)s: %(column)s must be a whole number (found “%(found)s”)."
    ),
    "quota_attribute": gettext_lazy("Row %(row)s: the attribute is empty."),
    # services
    "pool_limit": gettext_lazy("The pool may have at most %(limit)s volunteers here."),
    "no_quotas": gettext_lazy(
        "There is no quota table: upload one, or fill in the process's quota table first."
    ),
}


def error_message(error: LotteryError | TableError) -> str:  # or any error with code, params
    """The error in the active language."""
    return str(MESSAGES[error.code]) % error.params
