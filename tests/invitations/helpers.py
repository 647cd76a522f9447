"""Objects the permission table's rows need: an invitation and a quota of Kerpen's process."""

from cohesion.core.actors import SYSTEM
from cohesion.invitations import services
from tests.factories import InviteeFactory


def kerpen_invitation(w):
    return services.invitation_create(
        actor=SYSTEM,
        process=w.kerpen_process,
        stakeholder=InviteeFactory(process=w.kerpen_process),
        channel="email",
        site_url="http://testserver/",
        send=False,
    )


def kerpen_quota(w):
    from cohesion.invitations.models import Quota

    known = Quota.objects.filter(process=w.kerpen_process).first()
    return known or services.quota_save(
        actor=SYSTEM,
        process=w.kerpen_process,
        attribute="target_group",
        value="immigrant",
        minimum=1,
        maximum=10,
    )
