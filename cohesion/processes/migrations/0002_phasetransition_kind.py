from django.db import migrations, models


def mark_starts(apps, schema_editor):
    # Before kinds existed, a start was the transition without a phase to come from.
    apps.get_model("processes", "PhaseTransition").objects.filter(from_phase_slug="").update(
        kind="start"
    )


class Migration(migrations.Migration):
    dependencies = [("processes", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="phasetransition",
            name="kind",
            field=models.CharField(
                choices=[("start", "start"), ("advance", "advance"), ("undo", "undo")],
                default="advance",
                max_length=10,
            ),
        ),
        migrations.RunPython(mark_starts, migrations.RunPython.noop),
    ]
