"""Who may pick a municipality's peers: its coordinator and the managers of a programme in which
it runs a process. Everyone signed in may look at peers (official data)."""

import rules

from cohesion.accounts.models import Role
from cohesion.accounts.selectors import user_managed_programme_ids, user_roles_by_municipality


@rules.predicate
def coordinates_municipality(user, municipality) -> bool:
    if municipality is None:
        return False
    return Role.COORDINATOR in user_roles_by_municipality(user=user).get(municipality.pk, ())


@rules.predicate
def manages_programme_of_municipality(user, municipality) -> bool:
    if municipality is None:
        return False
    managed = user_managed_programme_ids(user=user)
    if not managed:
        return False
    return municipality.processes.filter(programme_id__in=managed).exists()


rules.add_perm("peers.view_peers", rules.is_authenticated)
rules.add_perm(
    "peers.change_peer_group", coordinates_municipality | manages_programme_of_municipality
)
