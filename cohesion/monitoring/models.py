"""Monitoring of a strategy: the progress reports of its measures over time, the bulk uploads
kept from preview to apply, and the notifications of what is due or slips."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from cohesion.core.scope import Scope

STATUS_CHOICES = [
    ("planned", _("planned")),
    ("running", _("running")),
    ("delayed", _("delayed")),
    ("completed", _("completed")),
    ("cancelled", _("cancelled")),
]


class ProgressReport(models.Model):
    """What a monitoring round reported of a measure: its status and progress on a day."""

    measure = models.ForeignKey(
        "strategies.Measure", on_delete=models.CASCADE, related_name="progress_reports"
    )
    reported_on = models.DateField(_("reported on"))
    status = models.CharField(_("status"), max_length=20, choices=STATUS_CHOICES)
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    note = models.TextField(_("note"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["reported_on", "pk"]
        indexes = [models.Index(fields=["measure", "reported_on"])]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")

    def __str__(self) -> str:
        return f"{self.measure_id} {self.reported_on}: {self.status} {self.progress} %"

    @property
    def permission_scope(self) -> Scope:
        return self.measure.permission_scope


class BulkUpload(models.Model):
    """A file of measure updates kept between its preview and its application (a day at
    most); only its hash-like token is in the address."""

    strategy = models.ForeignKey(
        "strategies.Strategy", on_delete=models.CASCADE, related_name="bulk_uploads"
    )
    token = models.CharField(max_length=64, unique=True)
    filename = models.CharField(max_length=200)
    data = models.BinaryField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bulk update of measures")
        verbose_name_plural = _("bulk updates of measures")

    def __str__(self) -> str:
        return self.filename

    @property
    def permission_scope(self) -> Scope:
        return self.strategy.permission_scope


class Notification(models.Model):
    """A notice for one person: its ``kind`` (worded by ``notices``) with ``params``, a link,
    and ``key``: what it is about, so the same thing is never announced twice."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=60)
    params = models.JSONField(default=dict)
    link = models.CharField(max_length=300, blank=True)
    key = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="monitoring_notice_once")
        ]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"
