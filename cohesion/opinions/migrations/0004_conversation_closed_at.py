from django.db import migrations, models
from django.utils import timezone


def closed_now(apps, schema_editor):
    """Conversations closed before closing was dated start their retention period now."""
    Conversation = apps.get_model("opinions", "Conversation")
    Conversation.objects.filter(is_open=False, closed_at__isnull=True).update(
        closed_at=timezone.now()
    )


class Migration(migrations.Migration):

    dependencies = [
        ("opinions", "0003_participant_device"),
    ]

    operations = [
        migrations.AddField(
            model_name="conversation",
            name="closed_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="closed at"
            ),
        ),
        migrations.RunPython(closed_now, migrations.RunPython.noop),
    ]
