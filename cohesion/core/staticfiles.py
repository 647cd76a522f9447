"""Static files through WhiteNoise, for an ASGI server.

WhiteNoise's middleware is synchronous only: under ASGI Django would send every request, pages
included, through a thread to reach it, and would warn about (and buffer) the synchronous file
iterator it answers with. This subclass serves both modes; in the asynchronous one a page request
passes straight on and a file is read in a thread and sent from an asynchronous iterator."""

from asgiref.sync import iscoroutinefunction, markcoroutinefunction, sync_to_async
from whitenoise.middleware import WhiteNoiseMiddleware


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    async_capable = True
    sync_capable = True

    def __init__(self, get_response=None, *args, **kwargs):
        super().__init__(get_response, *args, **kwargs)
        if iscoroutinefunction(get_response):
            markcoroutinefunction(self)

    def __call__(self, request):
        if iscoroutinefunction(self):
            return self.__acall__(request)
        return super().__call__(request)

    async def __acall__(self, request):
        static_file = self.files.get(request.path_info)
        if static_file is None and self.autorefresh:
            static_file = await sync_to_async(self.find_file)(request.path_info)
        if static_file is None:
            return await self.get_response(request)
        response = self.serve(static_file, request)
        if response.streaming and not response.is_async:
            chunks = response.streaming_content

            async def content():
                for chunk in await sync_to_async(list)(chunks):
                    yield chunk

            response.streaming_content = content()
        return response
