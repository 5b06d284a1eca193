"""Narration figures for the demo catalogue: offline synthesis speed and audio size.

    .venv/bin/python tests/bench/narration.py

Fresh SQLite database and media folder in a temporary directory; synthesises every demo
lesson and quiz text with the configured offline engine (espeak-ng) and ffmpeg.
"""

import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="nhaso-bench-") as var_dir:
        sys.path.insert(0, str(ROOT))
        os.environ.update(
            NHASO_VAR_DIR=var_dir, DJANGO_SETTINGS_MODULE="cms.settings.dev", DEBUG="false"
        )
        os.environ.pop("DATABASE_URL", None)
        import django

        django.setup()
        from django.core.management import call_command

        from lessons.narration import everything_items
        from media import engines
        from media.models import NarrationClip
        from media.normalise import normalise
        from media.services import narrate_block

        call_command("migrate", verbosity=0)
        call_command("seed_demo", "--no-narration", stdout=open(os.devnull, "w"))
        items = everything_items()

        # Synthesis alone (espeak-ng), on a sample of the texts.
        espeak = engines.EspeakEngine()
        sample = items[:40]
        cpu0 = child_cpu()
        seconds_of_audio = 0.0
        for item in sample:
            wav = espeak.synthesise(normalise(item.text, item.language), item.language)
            seconds_of_audio += (len(wav) - 44) / (22050 * 2)  # espeak-ng: 22.05 kHz, 16 bit
        synth_rtf = (child_cpu() - cpu0) / seconds_of_audio

        # The whole pipeline: synthesis + Opus and MP3 encoding, every demo text.
        cpu0, wall0 = child_cpu(), time.perf_counter()
        for item in items:
            narrate_block(item)
        cpu, wall = child_cpu() - cpu0, time.perf_counter() - wall0
        clips = list(NarrationClip.objects.all())
        minutes = sum(c.duration for c in clips) / 60
        opus = sum(c.audio.size for c in clips)
        mp3 = sum(c.audio_mp3.size for c in clips)

    print(f"Demo catalogue: {len(items)} texts, {len(clips)} clips, {minutes:.1f} min of speech")
    print(
        f"espeak-ng synthesis: real-time factor {synth_rtf:.3f} "
        f"(CPU seconds per second of audio, {len(sample)} texts)"
    )
    print(
        f"Full pipeline (espeak-ng + ffmpeg Opus + MP3): {cpu / (minutes * 60):.3f} CPU s "
        f"per audio s; {wall:.1f} s wall for the whole catalogue"
    )
    print(
        f"Opus 16 kbit/s: {opus / minutes / 1024:.0f} KB per minute; "
        f"MP3 32 kbit/s: {mp3 / minutes / 1024:.0f} KB per minute"
    )
    print(
        f"Total narration of the demo catalogue: Opus {opus / 1024 / 1024:.2f} MB, "
        f"MP3 {mp3 / 1024 / 1024:.2f} MB"
    )


if __name__ == "__main__":
    main()
