import math
import struct
import subprocess
import wave

import pytest
from PIL import Image

from media.video import SlidePart, SlideshowSettings, part_cues, render_slideshow
from tests.media.sounds import cue_starts, probe


def tone(path, seconds, rate=16000):
    """A WAV of a quiet tone lasting ``seconds``, standing in for speech."""
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(
            b"".join(
                struct.pack("<h", int(3000 * math.sin(2 * math.pi * 220 * n / rate)))
                for n in range(int(seconds * rate))
            )
        )
    return path


def test_a_long_text_is_split_into_sentence_cues_in_proportion_to_their_length():
    cues = part_cues("Mở ứng dụng. Bấm nút Đăng nhập ngay!", start=2.0, length=3.0)
    assert [cue.text for cue in cues] == ["Mở ứng dụng.", "Bấm nút Đăng nhập ngay!"]
    assert cues[0].start == 2.0 and cues[-1].end == 5.0
    assert cues[0].end == cues[1].start
    assert cues[0].end - cues[0].start < cues[1].end - cues[1].start


def test_each_part_is_shown_exactly_as_long_as_its_narration(tmp_path):
    screen = tmp_path / "screen.png"
    Image.new("RGB", (400, 800), "#e8f0fe").save(screen)
    parts = [
        SlidePart(
            tone(tmp_path / "a.wav", 1.0),
            "Bài học. Tóm tắt",
            card_text="Bài học\nTóm tắt",
            is_title=True,
        ),
        SlidePart(tone(tmp_path / "b.wav", 1.5), "Bấm Đăng nhập.", picture=screen, marker=(50, 80)),
        SlidePart(tone(tmp_path / "c.wav", 0.8), "Nhập số căn cước.", card_text="Nhập số."),
    ]
    config = SlideshowSettings(pause=0.4)
    show = render_slideshow(parts, config)
    try:
        assert show.starts == pytest.approx([0.0, 1.4, 3.3], abs=0.01)
        assert show.duration == pytest.approx(1.0 + 1.5 + 0.8 + 3 * 0.4, abs=0.01)
        # The title's two sentences are two cues; every part's first cue starts with it.
        starts = cue_starts(show.captions)
        assert len(starts) == 4
        assert [starts[0], starts[2], starts[3]] == pytest.approx(show.starts, abs=0.001)
        for path, height in ((show.video, 640), (show.small_video, 426)):
            info = probe(path)
            video, audio = (
                next(s for s in info["streams"] if s["codec_type"] == kind)
                for kind in ("video", "audio")
            )
            assert video["profile"] in ("Constrained Baseline", "Baseline")
            assert (video["codec_name"], video["height"]) == ("h264", height)
            assert (audio["codec_name"], audio["channels"]) == ("aac", 1)
            assert float(info["format"]["duration"]) == pytest.approx(show.duration, abs=0.3)
            assert path.stat().st_size / (show.duration / 60) <= 1.5e6

        # The marker is drawn after its step starts, not before.
        def frame_at(seconds):
            target = tmp_path / f"frame-{seconds}.png"
            subprocess.run(
                [
                    "ffmpeg",
                    "-v",
                    "error",
                    "-y",
                    "-ss",
                    str(seconds),
                    "-i",
                    str(show.video),
                    "-frames:v",
                    "1",
                    str(target),
                ],
                check=True,
            )
            return Image.open(target).convert("RGB")

        def red_pixels(image):
            return sum(1 for r, g, b in image.getdata() if r > 180 and g < 80 and b < 80)

        assert red_pixels(frame_at(1.5)) == 0
        assert red_pixels(frame_at(3.0)) > 50
    finally:
        import shutil

        shutil.rmtree(show.folder, ignore_errors=True)
