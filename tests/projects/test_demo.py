"""Kerpen's demo inventory: eight invented projects marked as demo data, providers linked to the
stakeholder map, the language café rated by the demo workshop's room."""

import pytest

from cohesion.core.actors import SYSTEM
from cohesion.demo.services import demo_load
from cohesion.projects.models import Project
from cohesion.projects.selectors import gap_table, project_evaluation

pytestmark = pytest.mark.usefixtures("english")


def test_kerpen_s_inventory(db):
    demo_load()
    projects = list(Project.objects.filter(process__municipality__ags="05362032"))
    assert len(projects) == 8
    assert all("Demo data" in project.description["en"] for project in projects)
    assert sum(project.provider_organisation_id is not None for project in projects) >= 5
    assert {project.status for project in projects} == {"planned", "running", "ended"}
    cafe = next(project for project in projects if project.name.startswith("Sprachcafé"))
    evaluation = project_evaluation(project=cafe)
    assert evaluation.workshop_shown and evaluation.workshop_answers >= 5
    assert all(row.workshop_mean is not None for row in evaluation.rows)
    table = gap_table(user=SYSTEM, process=cafe.process)
    assert table.counted == 7 and 0 < table.empty_cells < 9 * 10
    assert not Project.objects.exclude(process__municipality__ags="05362032").exists()
