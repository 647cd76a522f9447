"""Live updates of a process: browsers on a process page hear when its phase changes."""

from channels.db import database_sync_to_async

from cohesion.core.consumers import CLOSE_FORBIDDEN, LiveConsumer
from cohesion.core.realtime import process_group_name
from cohesion.processes.selectors import process_status, process_visible

__all__ = ["CLOSE_FORBIDDEN", "ProcessConsumer"]


@database_sync_to_async
def _may_view(user, pk: int) -> bool:
    return process_visible(user=user, pk=pk) is not None


class ProcessConsumer(LiveConsumer):
    async def authorise(self) -> str | None:
        self.process_id = int(self.scope["url_route"]["kwargs"]["pk"])
        if not await _may_view(self.scope["user"], self.process_id):
            return None
        return process_group_name(self.process_id)

    async def snapshot(self) -> dict:
        return await database_sync_to_async(process_status)(process_id=self.process_id)
