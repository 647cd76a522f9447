import rules

from cohesion.accounts.predicates import is_coordinator, is_programme_manager

# Roles in a municipality are given and taken by its coordinator, or by a manager of a
# programme it runs in (who sets up the first coordinator).
rules.add_perm("accounts.manage_memberships", is_coordinator | is_programme_manager)
