"""Who onboards whom, and who records the commitment. Objects are a Programme (adding a
municipality), a Process (its team and its commitment) or a StaffInvitation.

- programme managers add municipalities to their programmes and invite anyone, a coordinator
  included; the coordinator invites colleagues of their municipality (moderator, working-group
  member, helper or interpreter), never another coordinator;
- everyone who sees the process sees its team and its commitment (the method names the
  coordinator and the moderators in phase 1); only those who invite see the open invitations;
- the coordinator and programme managers record the commitment; only programme managers
  override it.
"""

import rules

from cohesion.accounts.predicates import (
    has_municipal_role,
    is_coordinator,
    is_programme_manager,
)

rules.add_perm("onboarding.add_municipality", is_programme_manager)
rules.add_perm("onboarding.view_team", is_programme_manager | has_municipal_role)
rules.add_perm("onboarding.invite_coordinator", is_programme_manager)
rules.add_perm("onboarding.invite_colleague", is_programme_manager | is_coordinator)
rules.add_perm("onboarding.view_commitment", is_programme_manager | has_municipal_role)
rules.add_perm("onboarding.record_commitment", is_programme_manager | is_coordinator)
rules.add_perm("onboarding.override_commitment", is_programme_manager)
