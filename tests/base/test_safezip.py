import io
import zipfile

import pytest
from django.core.exceptions import ValidationError

from base import safezip
from tests.base import zips

POLICY = safezip.Policy(
    max_entries=10,
    max_member_bytes=100 * zips.MiB,
    max_total_bytes=120 * zips.MiB,
    max_ratio=None,
    not_a_zip="not a zip",
    too_many="too many members (%(n)d)",
    too_large="too large: %(path)s",
    damaged="damaged: %(path)s",
)
FILES = {"a.txt": "một hai ba " * 100, "b/c.json": '{"x": 1}'}


def refusal(code, action):
    with pytest.raises(ValidationError) as error:
        action()
    assert error.value.code == code
    return error.value.messages[0]


def read_all(data, policy=POLICY):
    with safezip.open_archive(data, policy) as archive:
        return {info.filename: archive.read(info) for info in archive.members}


def test_members_read_back_as_written_in_chunks_no_larger_than_the_chunk_size():
    data = zips.archive(FILES, big={"big.bin": (300_000, b"\1")})
    with safezip.open_archive(io.BytesIO(data), POLICY) as archive:
        assert archive.read("a.txt") == FILES["a.txt"].encode()
        assert archive.read("b/c.json") == b'{"x": 1}'
        sizes = [len(chunk) for chunk in archive.chunks("big.bin")]
        assert sum(sizes) == 300_000 and max(sizes) <= safezip.CHUNK_BYTES
        output = io.BytesIO()
        assert archive.copy("big.bin", output) == 300_000
        assert output.getvalue() == b"\1" * 300_000


def test_stored_members_and_bytes_sources_are_read_too():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as target:
        target.writestr("plain.txt", "không nén")
    assert read_all(buffer.getvalue()) == {"plain.txt": "không nén".encode()}


def test_a_missing_member_is_a_key_error_as_with_zipfile():
    with safezip.open_archive(zips.archive(FILES), POLICY) as archive, pytest.raises(KeyError):
        archive.read("nowhere.txt")


@pytest.mark.parametrize("data", [b"", b"PK", b"%PDF-1.4 not a zip", b"PK\x03\x04" + b"\0" * 60])
def test_what_is_not_a_zip_is_refused(data):
    assert refusal("not_a_zip", lambda: safezip.check(data, POLICY)) == "not a zip"


def test_too_many_members_are_refused():
    data = zips.archive({f"{n}.txt": "x" for n in range(11)})
    assert refusal("too_many_files", lambda: safezip.check(data, POLICY)) == "too many members (11)"


def test_a_central_directory_too_large_for_the_policy_is_refused_before_zipfile_parses_it():
    data = zips.archive({f"{n}.txt": "x" for n in range(50)})
    # The end record claims one member; the directory it points to is what zipfile would parse.
    end = data.rfind(b"PK\x05\x06")
    lying = data[: end + 8] + (1).to_bytes(2, "little") * 2 + data[end + 12 :]
    small = safezip.Policy(**{**POLICY.__dict__, "max_entries": 1})
    refusal("too_many_files", lambda: safezip.check(lying, small))


def test_a_zip64_end_record_is_the_one_counted(monkeypatch):
    # zipfile writes a zip64 end record once the classic one cannot hold the count.
    monkeypatch.setattr(zipfile, "ZIP_FILECOUNT_LIMIT", 2)
    data = zips.archive({f"{n}.txt": "x" for n in range(5)})
    monkeypatch.undo()
    assert b"PK\x06\x06" in data
    assert len(read_all(data)) == 5
    small = safezip.Policy(**{**POLICY.__dict__, "max_entries": 4})
    refusal("too_many_files", lambda: safezip.check(data, small))


@pytest.mark.parametrize(
    "limit", [{"max_member_bytes": 1000}, {"max_total_bytes": 1000}, {"max_ratio": 10}]
)
def test_declared_sizes_and_ratios_beyond_the_policy_are_refused_from_the_index(limit):
    data = zips.archive({"small.txt": "x"}, big={"zeros.bin": (5000, b"\0")})
    policy = safezip.Policy(**{**POLICY.__dict__, **limit})
    message = refusal("too_large", lambda: safezip.open_archive(data, policy))
    assert message == "too large: zeros.bin"


def test_a_member_that_inflates_beyond_its_declared_size_is_refused_in_bounded_memory():
    # 256 MiB of zeros whose index claims a ratio of 1; zipfile's read() would inflate it all.
    data = zips.understate(zips.archive({}, big={"bomb.bin": (256 * zips.MiB, b"\0")}), "bomb.bin")
    peak, raised = zips.peak_while(lambda: safezip.check(io.BytesIO(data), POLICY))
    assert raised.code == "too_large"
    assert peak < 2 * zips.MiB


def test_a_longer_stream_is_refused_even_when_its_crc_matches_the_declared_bytes():
    # zipfile stops at the declared size and finds the CRC right; the rest of the stream is
    # what openpyxl or pyh5p would then inflate in one go.
    data = zips.archive({}, big={"bomb.bin": (64 * zips.MiB, b"\0")})
    declared = zipfile.ZipFile(io.BytesIO(data)).getinfo("bomb.bin").compress_size
    lying = zips.patch_member(data, "bomb.bin", file_size=declared, crc=zips.zero_crc_of(declared))
    assert zipfile.ZipFile(io.BytesIO(lying)).open("bomb.bin").read(declared + 1) == (
        b"\0" * declared
    )
    refusal("too_large", lambda: safezip.check(lying, POLICY))


def test_a_member_shorter_than_declared_is_damaged():
    data = zips.archive({"a.txt": "abc" * 1000})
    lying = zips.patch_member(data, "a.txt", file_size=4000)
    assert refusal("damaged", lambda: safezip.check(lying, POLICY)) == "damaged: a.txt"


def test_a_wrong_crc_is_damaged():
    data = zips.patch_member(zips.archive(FILES), "a.txt", crc=1234)
    refusal("damaged", lambda: safezip.check(data, POLICY))


def test_a_corrupt_deflate_stream_is_damaged():
    data = bytearray(zips.archive({"a.txt": bytes(range(256)) * 400}))
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("a.txt")
    start = info.header_offset + 30 + len("a.txt")
    data[start : start + 64] = b"\xff" * 64
    refusal("damaged", lambda: safezip.check(bytes(data), POLICY))


def test_a_truncated_archive_is_refused():
    data = zips.archive({"a.txt": bytes(range(256)) * 400})
    with pytest.raises(ValidationError):
        safezip.check(data[: len(data) // 2], POLICY)


def test_a_local_header_naming_another_member_is_damaged():
    data = zips.archive({"a.txt": "x", "b.txt": "y"})
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo("b.txt")
    out = bytearray(data)
    out[info.header_offset + 30 : info.header_offset + 35] = b"z.txt"
    refusal("damaged", lambda: safezip.check(bytes(out), POLICY))


@pytest.mark.parametrize(
    "patch", [{"method": zipfile.ZIP_BZIP2}, {"method": zipfile.ZIP_LZMA}, {"flags": 0x1}]
)
def test_compressions_that_cannot_be_read_in_chunks_and_encryption_are_refused(patch):
    data = zips.patch_member(zips.archive(FILES), "a.txt", **patch)
    refusal("damaged", lambda: safezip.open_archive(data, POLICY))


def test_verify_streams_a_large_honest_archive_in_bounded_memory():
    data = zips.archive({}, big={"zeros.bin": (64 * zips.MiB, b"\0")})
    peak, raised = zips.peak_while(lambda: safezip.check(data, POLICY))
    assert raised is None and peak < 2 * zips.MiB


def test_verify_refuses_a_real_total_beyond_the_policy():
    data = zips.archive({}, big={"one.bin": (3000, b"\0"), "two.bin": (3000, b"\0")})
    small = safezip.Policy(**{**POLICY.__dict__, "max_total_bytes": 5000})
    refusal("too_large", lambda: safezip.check(data, small))
