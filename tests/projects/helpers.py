from cohesion.workshops.selectors import workshop_of_process
from cohesion.workshops.services import workshop_create


def project_fields(**overrides) -> dict:
    fields = {
        "name": "Sprachcafé (demo data)",
        "description": {"de": "Deutsch üben", "en": "Practise German"},
        "provider": "VHS",
        "standard_field": 0,
        "target_groups": ["refugees", "women"],
        "reach": 120,
        "status": "running",
    }
    return fields | overrides


def kerpen_workshop(world):
    return workshop_of_process(process=world.kerpen_process) or workshop_create(
        actor=world.moderator, process=world.kerpen_process
    )
