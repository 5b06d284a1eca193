"""Reads zip archives that people upload (H5P packages, Excel workbooks) in bounded memory.

A zip's index can lie: a member may claim a few kilobytes and inflate to gigabytes, and
``ZipFile.read`` asks zlib for up to 2 GB at once. Every member the project reads goes through
``Archive.chunks`` here instead: it inflates in fixed chunks and stops at the member's declared
size, so memory stays constant whatever the archive claims. ``Archive.verify`` (or ``check``)
streams every member once, so that code which later reads the archive its own way (openpyxl)
only meets an index that tells the truth.

Refusals are ValidationErrors carrying the caller's messages (see ``Policy``), with the codes
"not_a_zip", "too_many_files", "too_large" and "damaged".
"""

import io
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from django.core.exceptions import ValidationError

CHUNK_BYTES = 64 * 1024
# Only these can be inflated in chunks; zipfile inflates bzip2 and LZMA without a limit.
READABLE_METHODS = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})
# Encrypted, "compressed patched data" and strong encryption: none of these can be read here.
UNREADABLE_FLAGS = 0x1 | 0x20 | 0x40
# Generous room per member for the central directory, which zipfile parses whole on opening.
DIRECTORY_BYTES_PER_ENTRY = 1024
_SMALLEST_DIRECTORY_ENTRY = 46

_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")
_LOCAL_SIGNATURE = b"PK\x03\x04"
_END_RECORD = struct.Struct("<4s4H2LH")
_END_SIGNATURE = b"PK\x05\x06"
_ZIP64_LOCATOR = struct.Struct("<4sLQL")
_ZIP64_LOCATOR_SIGNATURE = b"PK\x06\x07"
_ZIP64_END_RECORD = struct.Struct("<4sQ2H2L4Q")
_ZIP64_END_SIGNATURE = b"PK\x06\x06"
_MAX_COMMENT = 0xFFFF


@dataclass(frozen=True)
class Policy:
    """What an archive may hold, and what to tell the person who uploaded one that holds more.

    Messages are already translated and may use ``%(path)s`` (the member concerned) and
    ``%(n)d`` (the number of members). ``max_ratio`` is the largest declared size a member may
    claim per compressed byte, or None for formats (such as XML) that legitimately compress
    very well.
    """

    max_entries: int
    max_member_bytes: int
    max_total_bytes: int
    max_ratio: float | None
    not_a_zip: str
    too_many: str
    too_large: str
    damaged: str


def _refuse(message: str, code: str, *, path: str = "", n: int = 0) -> ValidationError:
    return ValidationError(message, code=code, params={"path": path, "n": n})


class Archive:
    """An uploaded zip whose index was checked on opening and whose members can only be read
    through the capped reader. Use as a context manager; the source is left open."""

    def __init__(self, source: BinaryIO | bytes, policy: Policy):
        self.policy = policy
        self._source = io.BytesIO(source) if isinstance(source, (bytes, bytearray)) else source
        self._check_directory_size()
        try:
            self._source.seek(0)
            self._zip = zipfile.ZipFile(self._source)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, struct.error) as error:
            raise _refuse(policy.not_a_zip, "not_a_zip") from error
        try:
            self.members = self._check_index()
        except ValidationError:
            self._zip.close()
            raise

    def __enter__(self) -> "Archive":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def close(self) -> None:
        self._zip.close()

    def getinfo(self, name: str) -> zipfile.ZipInfo:
        """The member called ``name``; KeyError if there is none, as with ZipFile."""
        return self._zip.getinfo(name)

    def _check_directory_size(self) -> None:
        """Refuse, from the end record alone, a central directory too large for the policy:
        zipfile builds an object per entry before anyone can count them."""
        source = self._source
        source.seek(0, io.SEEK_END)
        end = source.tell()
        tail_size = min(end, _END_RECORD.size + _MAX_COMMENT)
        source.seek(end - tail_size)
        tail = source.read(tail_size)
        # Like zipfile: an end record without comment first, else the last one found.
        if (
            tail[-_END_RECORD.size : -_END_RECORD.size + 4] == _END_SIGNATURE
            and tail[-2:] == b"\0\0"
        ):
            at = len(tail) - _END_RECORD.size
        else:
            at = tail.rfind(_END_SIGNATURE)
        if at < 0 or len(tail) - at < _END_RECORD.size:
            raise _refuse(self.policy.not_a_zip, "not_a_zip")
        fields = _END_RECORD.unpack_from(tail, at)
        entries, directory_bytes = fields[4], fields[5]
        # A zip64 end record, if present, is what zipfile will believe.
        locator_at = end - tail_size + at - _ZIP64_LOCATOR.size
        if locator_at >= _ZIP64_END_RECORD.size:
            source.seek(locator_at - _ZIP64_END_RECORD.size)
            data = source.read(_ZIP64_END_RECORD.size + _ZIP64_LOCATOR.size)
            if data[_ZIP64_END_RECORD.size :][:4] == _ZIP64_LOCATOR_SIGNATURE:
                record = _ZIP64_END_RECORD.unpack_from(data)
                if record[0] == _ZIP64_END_SIGNATURE:
                    entries, directory_bytes = record[7], record[8]
        maximum = self.policy.max_entries
        if entries > maximum:
            raise _refuse(self.policy.too_many, "too_many_files", n=entries)
        if directory_bytes > maximum * DIRECTORY_BYTES_PER_ENTRY:
            # The count in the end record can lie; the directory's size cannot hide its entries.
            n = directory_bytes // _SMALLEST_DIRECTORY_ENTRY
            raise _refuse(self.policy.too_many, "too_many_files", n=n)

    def _check_index(self) -> list[zipfile.ZipInfo]:
        policy = self.policy
        members = self._zip.infolist()
        if len(members) > policy.max_entries:
            raise _refuse(policy.too_many, "too_many_files", n=len(members))
        total = 0
        for info in members:
            if info.compress_type not in READABLE_METHODS or info.flag_bits & UNREADABLE_FLAGS:
                raise _refuse(policy.damaged, "damaged", path=info.filename)
            total += info.file_size
            ratio = info.file_size / max(info.compress_size, 1)
            if (
                info.file_size > policy.max_member_bytes
                or total > policy.max_total_bytes
                or (policy.max_ratio is not None and ratio > policy.max_ratio)
            ):
                raise _refuse(policy.too_large, "too_large", path=info.filename)
        return members

    def _raw(self, info: zipfile.ZipInfo) -> Iterator[bytes]:
        """The member's stored (compressed) bytes, in chunks, as its index places them."""
        source = self._source
        source.seek(info.header_offset)
        header = source.read(_LOCAL_HEADER.size)
        if len(header) != _LOCAL_HEADER.size:
            raise EOFError
        fields = _LOCAL_HEADER.unpack(header)
        if fields[0] != _LOCAL_SIGNATURE:
            raise zipfile.BadZipFile("bad local header")
        name = source.read(fields[10])
        # Like zipfile: the local header must name the member the index names.
        encoding = "utf-8" if info.flag_bits & 0x800 else "cp437"
        if name.decode(encoding) != info.orig_filename:
            raise zipfile.BadZipFile("local header names another member")
        source.seek(fields[11], io.SEEK_CUR)
        left = info.compress_size
        while left > 0:
            data = source.read(min(CHUNK_BYTES, left))
            if not data:
                raise EOFError
            left -= len(data)
            yield data

    def _inflate(self, info: zipfile.ZipInfo) -> Iterator[bytes]:
        if info.compress_type == zipfile.ZIP_STORED:
            yield from self._raw(info)
            return
        inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        for data in self._raw(info):
            pending = data
            while True:
                # max_length keeps each step to one chunk; the rest waits in unconsumed_tail.
                out = inflater.decompress(pending, CHUNK_BYTES)
                pending = inflater.unconsumed_tail
                if out:
                    yield out
                if inflater.eof or (not pending and len(out) < CHUNK_BYTES):
                    break
            if inflater.eof:
                return
        raise EOFError  # the deflate stream stopped before its end

    def chunks(self, member: str | zipfile.ZipInfo) -> Iterator[bytes]:
        """The member's content in chunks of at most CHUNK_BYTES. Refuses ("too_large") as soon
        as it produces more than its declared size or the policy's per-member limit, and
        ("damaged") a member that is shorter than declared, fails its CRC or cannot be
        inflated. KeyError if there is no member called ``member``."""
        info = member if isinstance(member, zipfile.ZipInfo) else self.getinfo(member)
        limit = min(info.file_size, self.policy.max_member_bytes)
        produced = crc = 0
        try:
            for data in self._inflate(info):
                produced += len(data)
                if produced > limit:
                    raise _refuse(self.policy.too_large, "too_large", path=info.filename)
                crc = zlib.crc32(data, crc)
                yield data
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, UnicodeDecodeError) as error:
            raise _refuse(self.policy.damaged, "damaged", path=info.filename) from error
        if produced != info.file_size or crc != info.CRC:
            raise _refuse(self.policy.damaged, "damaged", path=info.filename)

    def read(self, member: str | zipfile.ZipInfo) -> bytes:
        """The member's whole content (at most its declared size), read through ``chunks``."""
        return b"".join(self.chunks(member))

    def copy(self, member: str | zipfile.ZipInfo, output: BinaryIO) -> int:
        """Write the member's content to ``output`` through ``chunks``; returns its size."""
        written = 0
        for data in self.chunks(member):
            output.write(data)
            written += len(data)
        return written

    def verify(self) -> None:
        """Stream every member through the capped reader, keeping nothing: afterwards every
        declared size and CRC is known to be true and the total within the policy."""
        total = 0
        for info in self.members:
            for data in self.chunks(info):
                total += len(data)
                if total > self.policy.max_total_bytes:
                    raise _refuse(self.policy.too_large, "too_large", path=info.filename)


def open_archive(source: BinaryIO | bytes, policy: Policy) -> Archive:
    """Open ``source`` (a seekable binary file or bytes) under ``policy``: refuses anything
    that is not a zip, holds too many members, declares too much or too compressed a content,
    or uses a compression or encryption that cannot be read in chunks."""
    return Archive(source, policy)


def check(source: BinaryIO | bytes, policy: Policy) -> None:
    """Everything ``open_archive`` refuses, plus every member streamed and found to match its
    declared size and CRC within the policy; memory stays bounded by CHUNK_BYTES."""
    with open_archive(source, policy) as archive:
        archive.verify()
