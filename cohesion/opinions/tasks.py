from django_tasks import task

from cohesion.opinions.models import Conversation
from cohesion.opinions.services import opinion_map_recompute


@task()
def opinion_map_update(conversation_id: int) -> int | None:
    """Recompute a conversation's map after new votes; queued by map_update_request. Returns the
    number of votes the map was drawn from (kept with the task's result)."""
    conversation = Conversation.objects.filter(pk=conversation_id).first()
    if conversation is None:  # deleted while the task waited
        return None
    return opinion_map_recompute(conversation=conversation).vote_count
