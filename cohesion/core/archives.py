"""Reading ZIP members within bounds: streamed decompression that stops at a size limit and at a
compression ratio no honest file reaches, so a small archive that unpacks to gigabytes (a "ZIP
bomb") costs a few kilobytes of memory and a clear refusal. Pure: no Django, so the statistics
readers may use it too.

The sizes a ZIP's directory states are written by whoever made the file and are not trusted:
the bytes are counted as they are decompressed.
"""

import zipfile

CHUNK = 64 * 1024
# Official CSV files compress about 10:1, XLSX sheets up to about 50:1; 200:1 is only reached
# by runs of the same byte, which no statistics file or Pol.is export consists of.
MAX_RATIO = 200
# The ratio is only judged past this size: tiny members can have any ratio.
RATIO_FREE_BYTES = 1024 * 1024


class ArchiveLimitError(Exception):
    """A member is larger than allowed or compressed beyond reason. ``code`` is "too_large" or
    "ratio"; ``member``, ``limit`` and ``size`` say which and how much (read so far)."""

    def __init__(self, code: str, *, member: str, limit: int, size: int):
        super().__init__(f"{member}: {code} (limit {limit}, read {size})")
        self.code, self.member, self.limit, self.size = code, member, limit, size


def zip_member_read(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    *,
    max_bytes: int,
    max_ratio: int = MAX_RATIO,
) -> bytes:
    """The member's bytes, or ArchiveLimitError as soon as they pass ``max_bytes`` or the ratio
    (judged on what was read so far against the member's compressed size)."""
    if info.file_size > max_bytes:  # stated too large: refused before any work
        raise ArchiveLimitError(
            "too_large", member=info.filename, limit=max_bytes, size=info.file_size
        )
    compressed = max(info.compress_size, 1)
    chunks, size = [], 0
    with archive.open(info) as stream:
        while chunk := stream.read(CHUNK):
            size += len(chunk)
            if size > max_bytes:
                raise ArchiveLimitError(
                    "too_large", member=info.filename, limit=max_bytes, size=size
                )
            if size > RATIO_FREE_BYTES and size / compressed > max_ratio:
                raise ArchiveLimitError("ratio", member=info.filename, limit=max_ratio, size=size)
            chunks.append(chunk)
    return b"".join(chunks)
