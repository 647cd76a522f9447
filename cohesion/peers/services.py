from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cohesion.audit.registry import audit_action
from cohesion.audit.services import audit_record
from cohesion.municipalities.models import Municipality
from cohesion.municipalities.selectors import municipality_get
from cohesion.peers.models import PeerGroup
from cohesion.peers.selectors import peer_group_of, peers_suggested

MAX_PEERS = 15
COMPARED_SUGGESTIONS = 5

PEER_GROUP_SET = audit_action("peers.peer_group_set", gettext_lazy("peers changed"))

CHANGES = ("add", "remove", "suggested", "clear")


def _peer_labels(peers) -> list[str]:
    return [f"{peer.ags} {peer.name}" for peer in peers]


def peer_group_set(*, actor, municipality: Municipality, peers: list[Municipality]) -> PeerGroup:
    """Replace the peers a municipality compares itself with. Peers are of the municipality's
    own kind: a Land or a district is no peer of a municipality."""
    if not actor.has_perm("peers.change_peer_group", municipality):
        raise PermissionDenied
    unique = list({peer.pk: peer for peer in peers if peer.pk != municipality.pk}.values())
    other_kind = [peer for peer in unique if peer.kind != municipality.kind]
    if other_kind:
        raise ValidationError(
            _(
                "%(name)s is a %(kind)s, not a %(own)s: peers are of the same kind as "
                "%(municipality)s."
            )
            % {
                "name": other_kind[0].name,
                "kind": other_kind[0].get_kind_display(),
                "own": municipality.get_kind_display(),
                "municipality": municipality.name,
            },
            code="other_kind",
        )
    if len(unique) > MAX_PEERS:
        raise ValidationError(
            _("Pick at most %(count)s peers.") % {"count": MAX_PEERS}, code="too_many"
        )
    with transaction.atomic():
        group, _created = PeerGroup.objects.select_for_update().get_or_create(
            municipality=municipality
        )
        before = _peer_labels(group.peers.order_by("ags"))
        group.updated_by = actor
        group.save(update_fields=["updated_by", "updated_at"])
        group.peers.set(unique)
        audit_record(
            action=PEER_GROUP_SET,
            actor=actor,
            municipality=municipality,
            target=group,
            before={"peers": before},
            after={"peers": _peer_labels(sorted(unique, key=lambda peer: peer.ags))},
        )
    return group


def peer_group_change(
    *, actor, municipality: Municipality, change: str, peer_ags: str = ""
) -> PeerGroup:
    """One change of the peers picked by hand: add or remove one, take the suggested ones, or
    clear the list."""
    if not actor.has_perm("peers.change_peer_group", municipality):
        raise PermissionDenied
    chosen = peer_group_of(municipality=municipality)
    other = municipality_get(ags=peer_ags) if peer_ags else None
    if change == "add" and other is not None:
        peers = [*chosen, other]
    elif change == "remove" and other is not None:
        peers = [peer for peer in chosen if peer.pk != other.pk]
    elif change == "suggested":
        peers = [peer.municipality for peer in peers_suggested(municipality=municipality).peers]
        peers = peers[:COMPARED_SUGGESTIONS]
    elif change == "clear":
        peers = []
    else:
        raise ValidationError(_("That change of peers is not possible."), code="bad_change")
    return peer_group_set(actor=actor, municipality=municipality, peers=peers)
