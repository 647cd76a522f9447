import rules

from cohesion.accounts.models import Role
from cohesion.accounts.selectors import user_managed_programme_ids, user_roles_by_municipality


@rules.predicate
def manages_a_programme(user) -> bool:
    return bool(user_managed_programme_ids(user=user))


@rules.predicate
def coordinates_a_municipality(user) -> bool:
    return any(
        Role.COORDINATOR in roles for roles in user_roles_by_municipality(user=user).values()
    )


# Official statistics are public data shared by all municipalities; importing them is for the
# people who prepare the facts and figures: coordinators and programme managers.
rules.add_perm("statistics.import_statistics", manages_a_programme | coordinates_a_municipality)
rules.add_perm("statistics.view_statistics", rules.is_authenticated)
