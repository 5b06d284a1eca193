"""Builders for hostile zip archives, quick enough for every test run.

Large members are written in 1 MiB pieces through zipfile's streaming writer, so a test never
holds the inflated content in memory; lying indexes are made by patching the finished archive.
"""

import io
import struct
import tracemalloc
import zipfile
import zlib

MiB = 1024 * 1024
_CENTRAL_SIGNATURE = b"PK\x01\x02"


def archive(
    files: dict[str, bytes | str], *, big: dict[str, tuple[int, bytes]] | None = None
) -> bytes:
    """A deflated zip of ``files``, plus members in ``big`` given as (size, fill byte)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in files.items():
            target.writestr(name, data)
        for name, (size, fill) in (big or {}).items():
            write_big(target, name, size, fill)
    return buffer.getvalue()


def write_big(
    target: zipfile.ZipFile,
    name: str,
    size: int,
    fill: bytes = b"\0",
    *,
    head: bytes = b"",
    tail: bytes = b"",
) -> None:
    """Add ``name`` holding ``head``, ``size`` bytes of ``fill`` and ``tail``, without ever
    holding them all."""
    piece = fill * MiB
    with target.open(name, "w") as member:
        member.write(head)
        for _ in range(size // MiB):
            member.write(piece)
        member.write(fill * (size % MiB) + tail)


def _central_entry(data: bytes, name: str) -> int:
    encoded = name.encode()
    at = data.find(_CENTRAL_SIGNATURE)
    while at >= 0:
        (length,) = struct.unpack_from("<H", data, at + 28)
        if data[at + 46 : at + 46 + length] == encoded:
            return at
        at = data.find(_CENTRAL_SIGNATURE, at + 4)
    raise KeyError(name)


def patch_member(
    data: bytes,
    name: str,
    *,
    file_size: int | None = None,
    compress_size: int | None = None,
    crc: int | None = None,
    method: int | None = None,
    flags: int | None = None,
) -> bytes:
    """``data`` with ``name``'s fields rewritten alike in its local header and in the central
    directory, as an attacker would."""
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(name)
    out = bytearray(data)
    local, central = info.header_offset, _central_entry(data, name)
    for value, local_at, central_at, fmt in (
        (flags, 6, 8, "<H"),
        (method, 8, 10, "<H"),
        (crc, 14, 16, "<L"),
        (compress_size, 18, 20, "<L"),
        (file_size, 22, 24, "<L"),
    ):
        if value is not None:
            struct.pack_into(fmt, out, local + local_at, value)
            struct.pack_into(fmt, out, central + central_at, value)
    return bytes(out)


def understate(data: bytes, name: str) -> bytes:
    """``data`` whose index says ``name`` holds no more than its compressed size (a ratio of 1),
    while its deflate stream still inflates to the real size; the CRC is left as written."""
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(name)
    return patch_member(data, name, file_size=info.compress_size)


def zero_crc_of(size: int, fill: bytes = b"\0") -> int:
    """The CRC-32 of ``size`` bytes of ``fill``, so a lie can carry a matching CRC."""
    crc, piece = 0, fill * MiB
    for _ in range(size // MiB):
        crc = zlib.crc32(piece, crc)
    return zlib.crc32(fill * (size % MiB), crc)


def peak_while(action) -> tuple[int, Exception | None]:
    """The peak traced memory, in bytes, while ``action`` runs, and what it raised (or None)."""
    tracemalloc.start()
    try:
        action()
    except Exception as error:  # noqa: BLE001 - handed to the test to inspect
        raised = error
    else:
        raised = None
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak, raised
