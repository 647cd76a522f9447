import rules

from cohesion.accounts.predicates import (
    coordinates_a_municipality,
    is_programme_manager,
    manages_a_programme,
)

# Official statistics are public data shared by all municipalities; importing them is for the
# people who prepare the facts and figures: coordinators and programme managers. A coordinator's
# file that reaches beyond their municipality and district waits for a programme manager
# (cohesion.statistics.services.statistics_import).
rules.add_perm("statistics.import_statistics", manages_a_programme | coordinates_a_municipality)


@rules.predicate
def imported_it(user, statistics_import) -> bool:
    return statistics_import is not None and statistics_import.imported_by_id == user.pk


# A pending import is decided by a manager of a programme in which the coordinator's
# municipality runs a process (the import's permission_scope).
rules.add_perm("statistics.decide_import", is_programme_manager)
# Who brought the values may take them back; programme managers may take back any import.
rules.add_perm(
    "statistics.undo_import",
    manages_a_programme | (coordinates_a_municipality & imported_it),
)
# The list of pending imports: for programme managers.
rules.add_perm("statistics.review_imports", manages_a_programme)
