"""Who may pick a municipality's peers: its coordinator and the managers of a programme in which
it runs a process. Everyone signed in may look at peers (official data)."""

import rules

from cohesion.accounts.predicates import is_coordinator, is_programme_manager

rules.add_perm("peers.change_peer_group", is_coordinator | is_programme_manager)
