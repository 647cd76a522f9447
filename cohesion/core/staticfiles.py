"""Static files through WhiteNoise, for an ASGI server.

WhiteNoise answers with a synchronous file iterator, which Django's ASGI handler warns about and
reads whole in the event loop's thread. Under ASGI this middleware hands the file over as an
asynchronous iterator that reads it in a worker thread (as Django's own ASGIStaticFilesHandler
does). The middleware itself runs in the request's thread, as the whole chain does
(core.handlers)."""

from asgiref.sync import sync_to_async
from django.core.handlers.asgi import ASGIRequest
from whitenoise.middleware import WhiteNoiseMiddleware


def _streamed_asynchronously(response):
    if response.streaming and not response.is_async:
        chunks = response.streaming_content

        async def content():
            for chunk in await sync_to_async(list, thread_sensitive=False)(chunks):
                yield chunk

        response.streaming_content = content()
    return response


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    def __call__(self, request):
        static_file = self.files.get(request.path_info)
        if static_file is None and self.autorefresh:  # DEBUG only: files may have changed
            static_file = self.find_file(request.path_info)
        if static_file is None:
            return self.get_response(request)
        response = self.serve(static_file, request)
        return _streamed_asynchronously(response) if isinstance(request, ASGIRequest) else response
