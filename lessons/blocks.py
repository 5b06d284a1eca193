"""The blocks a lesson is made of: short, concrete, one idea at a time."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock, ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from media.video import check_webvtt

TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class StepBlock(blocks.StructBlock):
    text = blocks.RichTextBlock(label=_("What to do"), features=TEXT_FEATURES)
    screenshot = ImageChooserBlock(label=_("Screenshot"), required=False)
    screenshot_alt = blocks.CharBlock(
        label=_("Screenshot description"),
        required=False,
        help_text=_("What the screenshot shows, for people who cannot see it."),
    )

    class Meta:
        icon = "list-ol"
        label = _("Step")


class StepsBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), required=False)
    steps = blocks.ListBlock(StepBlock(), label=_("Steps"), min_num=1)

    class Meta:
        icon = "list-ol"
        label = _("Numbered steps")
        template = "lessons/blocks/steps.html"


class CaptionsBlock(blocks.StructBlock):
    language = blocks.ChoiceBlock(label=_("Language"), choices=settings.LANGUAGES)
    webvtt = blocks.TextBlock(
        label=_("Captions (WebVTT)"),
        help_text=_(
            "Paste or edit the captions here: WEBVTT, then cues such as "
            "00:00.000 --> 00:03.000 and their text."
        ),
    )

    def clean(self, value):
        value = super().clean(value)
        try:
            check_webvtt(value["webvtt"])
        except ValidationError as error:
            raise blocks.StructBlockValidationError({"webvtt": error}) from error
        return value

    class Meta:
        icon = "openquote"
        label = _("Captions")


class VideoBlock(blocks.StructBlock):
    video = DocumentChooserBlock(label=_("Video file (MP4 or WebM)"))
    poster = ImageChooserBlock(label=_("Poster image"), required=False)
    caption = blocks.CharBlock(label=_("Caption"), required=False)
    captions = blocks.ListBlock(CaptionsBlock(), label=_("Captions"), default=[])

    class Meta:
        icon = "media"
        label = _("Video")
        template = "lessons/blocks/video.html"


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        label=_("Kind"),
        choices=[("tip", _("Tip")), ("warning", _("Warning")), ("info", _("Good to know"))],
        default="tip",
    )
    text = blocks.RichTextBlock(label=_("Text"), features=TEXT_FEATURES)

    class Meta:
        icon = "warning"
        label = _("Callout")
        template = "lessons/blocks/callout.html"


class PracticeLinkBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"))
    url = blocks.URLBlock(label=_("Address of the real portal"))
    description = blocks.TextBlock(label=_("What to try there"), required=False)

    class Meta:
        icon = "link-external"
        label = _("Practise on the real portal")
        template = "lessons/blocks/practice_link.html"


class QuizBlock(blocks.StructBlock):
    quiz = SnippetChooserBlock("quizzes.Quiz", label=_("Quiz"))

    class Meta:
        icon = "help"
        label = _("Quiz")
        template = "lessons/blocks/quiz.html"


class H5PBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), required=False)
    activity = SnippetChooserBlock("quizzes.H5PActivity", label=_("H5P activity"))

    class Meta:
        icon = "media"
        label = _("H5P activity")
        template = "lessons/blocks/h5p.html"


class LessonBodyBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(
        label=_("Text"), features=["h3", *TEXT_FEATURES], template="lessons/blocks/text.html"
    )
    steps = StepsBlock()
    image = ImageBlock(label=_("Image"), template="lessons/blocks/image.html")
    video = VideoBlock()
    callout = CalloutBlock()
    practice_link = PracticeLinkBlock()
    quiz = QuizBlock()
    h5p = H5PBlock()


def body_from_json(raw: list[dict]) -> list[tuple]:
    """Lesson body written as JSON-like data (demo content, tests) in the form Wagtail
    normalises on save, so every block and list item gets a stored id; narration and
    translations refer to those ids."""
    return [(block["type"], block["value"]) for block in raw]
