import rules

from cohesion.accounts.selectors import user_managed_programme_ids, user_roles_by_municipality


@rules.predicate
def has_role_in_municipality(user, municipality) -> bool:
    return municipality is not None and municipality.pk in user_roles_by_municipality(user=user)


@rules.predicate
def manages_a_programme_of(user, municipality) -> bool:
    managed = user_managed_programme_ids(user=user)
    if municipality is None or not managed:
        return False
    return municipality.processes.filter(programme_id__in=managed).exists()


rules.add_perm(
    "municipalities.view_municipality", has_role_in_municipality | manages_a_programme_of
)
