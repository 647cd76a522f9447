import rules

from cohesion.accounts.predicates import coordinates_a_municipality, manages_a_programme

# Official statistics are public data shared by all municipalities; importing them is for the
# people who prepare the facts and figures: coordinators and programme managers.
rules.add_perm("statistics.import_statistics", manages_a_programme | coordinates_a_municipality)
rules.add_perm("statistics.view_statistics", rules.is_authenticated)
