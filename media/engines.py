"""Text-to-speech engines behind one small interface, chosen per language in settings.

An engine that cannot speak right now (no binary, no network) raises EngineUnavailable,
and the next configured engine is tried. A neural engine (e.g. piper) is one more class
named in NARRATION_ENGINE_CLASSES.
"""

import io
import shutil
import subprocess

from django.conf import settings
from django.utils.module_loading import import_string


class EngineUnavailable(Exception):
    """This engine cannot synthesise now; try the next one."""


class Engine:
    name = ""

    def voice_for(self, language: str) -> str | None:
        return settings.NARRATION_VOICES.get(self.name, {}).get(language)

    def is_available(self, language: str) -> bool:
        return self.voice_for(language) is not None

    def synthesise(self, text: str, language: str) -> bytes:
        """Audio in any format ffmpeg reads."""
        raise EngineUnavailable(self.name)


class EspeakEngine(Engine):
    """espeak-ng from Debian's packages: offline, fast, robotic but clear."""

    name = "espeak-ng"

    def is_available(self, language):
        return super().is_available(language) and shutil.which("espeak-ng") is not None

    def synthesise(self, text, language):
        try:
            result = subprocess.run(
                ["espeak-ng", "-v", self.voice_for(language), "-s", "145", "--stdout"],
                input=text.encode("utf-8"),
                capture_output=True,
                timeout=300,
                check=True,
            )
        except (OSError, subprocess.SubprocessError) as error:
            raise EngineUnavailable(f"espeak-ng: {error}") from error
        return result.stdout


class GTTSEngine(Engine):
    """Google Translate's voice through gTTS: needs the internet."""

    name = "gtts"

    def synthesise(self, text, language):
        from gtts import gTTS

        buffer = io.BytesIO()
        try:
            gTTS(text, lang=self.voice_for(language), timeout=15).write_to_fp(buffer)
        except Exception as error:  # gTTSError, connection errors: all mean "not now"
            raise EngineUnavailable(f"gtts: {error}") from error
        return buffer.getvalue()


def engines_for(language: str) -> list[Engine]:
    """The engines configured for ``language`` that can run here, in order of preference."""
    engines = []
    for name in settings.NARRATION_ENGINES.get(language, []):
        engine = import_string(settings.NARRATION_ENGINE_CLASSES[name])()
        if engine.is_available(language):
            engines.append(engine)
    return engines
