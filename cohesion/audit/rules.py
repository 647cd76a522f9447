import rules

from cohesion.accounts.predicates import coordinates_a_municipality, manages_a_programme

# The trail is for those who answer for a municipality or a programme; what each sees is scoped
# by audit.selectors.audit_events_visible_to.
rules.add_perm("audit.view_trail", manages_a_programme | coordinates_a_municipality)
