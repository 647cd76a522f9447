from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("opinions", "0005_participant_without_session_key"),
    ]

    operations = [
        migrations.AddField(
            model_name="conversation",
            name="source_language",
            field=models.CharField(
                default="de", max_length=10, verbose_name="language of the original"
            ),
        ),
        migrations.AddField(
            model_name="conversation",
            name="title_translations",
            field=models.JSONField(
                blank=True, default=dict, verbose_name="translations of the title"
            ),
        ),
        migrations.AddField(
            model_name="conversation",
            name="description_translations",
            field=models.JSONField(
                blank=True, default=dict, verbose_name="translations of the question"
            ),
        ),
        migrations.AddField(
            model_name="statement",
            name="translations",
            field=models.JSONField(blank=True, default=dict, verbose_name="translations"),
        ),
    ]
