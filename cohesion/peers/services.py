from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cohesion.municipalities.models import Municipality
from cohesion.peers.models import PeerGroup

MAX_PEERS = 15


def peer_group_set(*, actor, municipality: Municipality, peers: list[Municipality]) -> PeerGroup:
    """Replace the peers a municipality compares itself with."""
    if not actor.has_perm("peers.change_peer_group", municipality):
        raise PermissionDenied
    unique = list({peer.pk: peer for peer in peers if peer.pk != municipality.pk}.values())
    if len(unique) > MAX_PEERS:
        raise ValidationError(
            _("Pick at most %(count)s peers.") % {"count": MAX_PEERS}, code="too_many"
        )
    with transaction.atomic():
        group, _created = PeerGroup.objects.select_for_update().get_or_create(
            municipality=municipality
        )
        group.updated_by = actor
        group.save(update_fields=["updated_by", "updated_at"])
        group.peers.set(unique)
    return group
