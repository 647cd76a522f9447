"""Push events to the browsers watching an object, through the configured channel layer."""

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer


def process_group_name(process_id: int) -> str:
    return f"process.{process_id}"


def broadcast(*, group: str, event: dict) -> None:
    layer = get_channel_layer()
    if layer is not None:
        async_to_sync(layer.group_send)(group, event)
