"""What the workshop tests share."""

from cohesion.workshops.models import Item

# The template's own texts are translated by the catalogues; these are distinct in every
# language, so a test sees which one a page shows.
TITLES = {
    "de": "Sprachkurse helfen beim Ankommen.",
    "en": "Language courses help people settle in.",
    "ar": "دورات اللغة تساعد على الاستقرار.",
}


def scale_item(workshop):
    """The first Likert statement of the template, with its title in three languages."""
    item = workshop.items.filter(kind="scale").order_by("day__phase_slug", "position").first()
    Item.objects.filter(pk=item.pk).update(title=TITLES)
    item.refresh_from_db()
    return item
