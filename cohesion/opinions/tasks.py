from django_tasks import task

from cohesion.opinions.models import Conversation
from cohesion.opinions.services import opinion_map_recompute


@task()
def opinion_map_update(conversation_id: int) -> None:
    """Recompute a conversation's map after new votes (enqueued after the vote's commit)."""
    conversation = Conversation.objects.filter(pk=conversation_id).first()
    if conversation is not None:
        opinion_map_recompute(conversation=conversation)
