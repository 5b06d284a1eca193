"""The blocks a lesson is made of: short, concrete, one idea at a time.

Also the one place that knows what each kind of block is. Every block in a lesson body is a
``LessonBlock`` and answers for itself: what a listener hears of it, which video it plays, which
quiz or H5P activity it places. Narration, offline packs, small videos and the captions view
ask through the functions at the end of this module, never by a block type's name.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StreamValue
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images import blocks as image_blocks
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from media.normalise import plain_text
from media.video import check_webvtt

from .practice import TAP_RADIUS

TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class LessonBlock:
    """What the rest of the site may ask a block of a lesson body. The answers default to
    "nothing here": a new kind of block is silent, plays no video and places nothing until it
    says otherwise."""

    def narrated_texts(self, value, block_id: str) -> list[tuple[str, str]]:
        """(id, text) pairs a listener hears of this block, in reading order; blank texts are
        left out by the caller."""
        return []

    def video_document(self, value):
        """The uploaded video (a Wagtail document) this block plays, or None."""
        return None

    def caption_tracks(self, value) -> list[str]:
        """The WebVTT text of each caption track of this block's video, in order."""
        return []

    def placed_quiz(self, value):
        """The quiz this block places in the lesson, or None."""
        return None

    def placed_h5p(self, value):
        """The H5P activity this block places in the lesson, or None."""
        return None

    def pictures(self, value, block_id: str) -> list[tuple[str, "Picture"]]:
        """(id, picture) of each picture of a screen this block shows, by the id its
        narration is heard under (see ``narrated_texts``), in reading order."""
        return []

    def practice(self, value) -> "Practice | None":
        """The procedure this block lets a learner practise, screen by screen, or None."""
        return None


class TextBlock(LessonBlock, blocks.RichTextBlock):
    def narrated_texts(self, value, block_id):
        return [(block_id, plain_text(value))]


class ImageBlock(LessonBlock, image_blocks.ImageBlock):
    pass


class TapMarkerBlock(blocks.StructBlock):
    """Where to tap on a step's picture: the centre of a circle, in % of the picture's width
    (x, from the left) and height (y, from the top). Placed by tapping the picture in the
    admin; the arrow pointing at it is drawn from the side with the most room."""

    x = blocks.FloatBlock(label=_("Across (%)"), min_value=0, max_value=100, required=False)
    y = blocks.FloatBlock(label=_("Down (%)"), min_value=0, max_value=100, required=False)

    def clean(self, value):
        value = super().clean(value)
        x, y = value.get("x"), value.get("y")
        if (x is None) != (y is None):
            missing = "y" if y is None else "x"
            message = _("Give both numbers, across and down, or leave both empty.")
            raise blocks.StructBlockValidationError({missing: ValidationError(message)})
        return value

    class Meta:
        icon = "pick"
        label = _("Tap marker")


class StepBlock(blocks.StructBlock):
    text = blocks.RichTextBlock(label=_("What to do"), features=TEXT_FEATURES)
    screenshot = ImageChooserBlock(label=_("Picture of the screen"), required=False)
    screenshot_alt = blocks.CharBlock(
        label=_("Screenshot description"),
        required=False,
        help_text=_("What the screenshot shows, for people who cannot see it."),
    )
    marker = TapMarkerBlock(
        label=_("Where to tap"),
        required=False,
        help_text=_(
            "Tap the picture where the learner should tap, or type the numbers: 0 is the "
            "left or top edge, 100 the right or bottom edge."
        ),
    )
    # Default "": steps stored before captions existed read as empty text, which translation
    # (wagtail-localize) can extract; None it cannot.
    caption = blocks.CharBlock(
        label=_("Caption under the picture"), required=False, max_length=120, default=""
    )

    def clean(self, value):
        value = super().clean(value)
        if value["screenshot"] and not (value["screenshot_alt"] or "").strip():
            message = _(
                "Say in a few words what the picture shows: people who cannot see it hear this."
            )
            raise blocks.StructBlockValidationError({"screenshot_alt": ValidationError(message)})
        return value

    class Meta:
        icon = "list-ol"
        label = _("Step")


@dataclass(frozen=True)
class Picture:
    """A step's picture of a phone screen and where to tap on it (None: nowhere)."""

    image: object  # a Wagtail image
    alt: str
    caption: str
    marker_x: float | None
    marker_y: float | None

    @property
    def aspect(self) -> float:
        """Height over width: a tap's distance down is measured in hundredths of the width."""
        width = getattr(self.image, "width", None) or 1
        height = getattr(self.image, "height", None) or width
        return height / width

    @property
    def arrow_from(self) -> str | None:
        """The side ("left", "right", "top", "bottom") the arrow pointing at the marker comes
        from: the one with the most room in the picture's own pixels (a phone screenshot is
        tall, so a marker mid-screen gets its arrow from above or below). None: no marker."""
        if self.marker_x is None or self.marker_y is None:
            return None
        width = getattr(self.image, "width", None) or 1
        height = getattr(self.image, "height", None) or 1
        room = {
            "left": self.marker_x * width,
            "right": (100 - self.marker_x) * width,
            "top": self.marker_y * height,
            "bottom": (100 - self.marker_y) * height,
        }
        return max(room, key=room.get)


# The arrow is drawn pointing from the right, then turned to its side (degrees, clockwise).
ARROW_TURN = {"right": 0, "bottom": 90, "left": 180, "top": 270}


def tap_drawing(picture: Picture) -> dict | None:
    """Where the template draws the tap marker: an SVG laid over the picture whose units are
    hundredths of its width (so the circle keeps its size on any picture), the circle's centre
    in those units and the arrow's turn. None: the step has no marker."""
    side = picture.arrow_from
    if side is None:
        return None
    width = getattr(picture.image, "width", None) or 1
    height = getattr(picture.image, "height", None) or 1
    return {
        "view_height": 100 * height / width,
        "x": picture.marker_x,
        "y": picture.marker_y * height / width,
        "turn": ARROW_TURN[side],
        "side": side,
    }


def step_picture(value) -> Picture | None:
    if not value["screenshot"]:
        return None
    marker = value["marker"] or {}
    x, y = marker.get("x"), marker.get("y")
    placed = x is not None and y is not None
    return Picture(
        image=value["screenshot"],
        alt=value["screenshot_alt"],
        caption=value["caption"],
        marker_x=x if placed else None,
        marker_y=y if placed else None,
    )


class StepsBlock(LessonBlock, blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), required=False)
    steps = blocks.ListBlock(StepBlock(), label=_("Steps"), min_num=1)

    def narrated_texts(self, value, block_id):
        # Each step is heard on its own, by the id of its list item.
        title = [(block_id, value["title"])] if value["title"] else []
        return title + [
            (step.id, plain_text(step.value["text"])) for step in value["steps"].bound_blocks
        ]

    def pictures(self, value, block_id):
        found = ((step.id, step_picture(step.value)) for step in value["steps"].bound_blocks)
        return [(step_id, picture) for step_id, picture in found if picture]

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        # Each step with its picture and tap marker (or None), as the template draws them.
        pictures = [step_picture(step.value) for step in value["steps"].bound_blocks]
        context["steps"] = [
            (step, picture, picture and tap_drawing(picture))
            for step, picture in zip(value["steps"].bound_blocks, pictures, strict=True)
        ]
        return context

    class Meta:
        icon = "list-ol"
        label = _("Numbered steps")
        template = "lessons/blocks/steps.html"


class PracticeMarkerBlock(TapMarkerBlock):
    """A practice screen's tap marker: the place the learner must find, so never left empty.
    Same value as a step's marker ({x, y} in %), placed the same way in the editor."""

    x = blocks.FloatBlock(label=_("Across (%)"), min_value=0, max_value=100)
    y = blocks.FloatBlock(label=_("Down (%)"), min_value=0, max_value=100)


class PracticeScreenBlock(blocks.StructBlock):
    """One screen of a procedure as the phone shows it, and where the learner must tap on it.
    Field names as StepBlock's, so step_picture() and the editor's tap placement serve both."""

    screenshot = ImageChooserBlock(label=_("Picture of the screen"))
    screenshot_alt = blocks.CharBlock(
        label=_("Screenshot description"),
        help_text=_("What the screenshot shows, for people who cannot see it."),
    )
    marker = PracticeMarkerBlock(
        label=_("Where to tap"),
        help_text=_(
            "Tap the picture where the learner should tap, or type the numbers: 0 is the "
            "left or top edge, 100 the right or bottom edge."
        ),
    )
    hint = blocks.CharBlock(
        label=_("Hint after a wrong tap"),
        max_length=200,
        help_text=_(
            "Shown when the learner taps the wrong place, e.g. “The blue button at the bottom”."
        ),
    )
    caption = blocks.CharBlock(
        label=_("Caption under the picture"), required=False, max_length=120, default=""
    )

    class Meta:
        icon = "pick"
        label = _("Screen")


@dataclass(frozen=True)
class PracticeScreen:
    """A practice screen as scoring and the template see it."""

    picture: Picture
    hint: str

    @property
    def marker(self) -> tuple[float, float]:
        return (self.picture.marker_x, self.picture.marker_y)

    @property
    def aspect(self) -> float:
        return self.picture.aspect


@dataclass(frozen=True)
class Practice:
    """A procedure to go through on its screens: tap the right place on each to go on."""

    procedure: str
    screens: list[PracticeScreen]


class PracticeBlock(LessonBlock, blocks.StructBlock):
    """ "Verified by doing": the learner goes through a procedure's screens as the phone shows
    them and taps where they would tap. The server scores the taps (lessons.practice)."""

    procedure = blocks.CharBlock(
        label=_("Procedure"),
        max_length=200,
        help_text=_("A short name, e.g. “Install VNeID and log in”."),
    )
    intro = blocks.TextBlock(label=_("Introduction"), required=False, default="")
    screens = blocks.ListBlock(PracticeScreenBlock(), label=_("Screens"), min_num=1)

    def narrated_texts(self, value, block_id):
        # The procedure and what to do; never the hints, which would give the places away.
        return [(block_id, ". ".join(filter(None, [value["procedure"], value["intro"]])))]

    def practice(self, value):
        screens = []
        for screen in value["screens"]:
            picture = step_picture(screen)
            if picture is None or picture.marker_x is None:
                return None  # only a draft can lack them: nothing to practise on
            screens.append(PracticeScreen(picture=picture, hint=screen["hint"]))
        return Practice(procedure=value["procedure"], screens=screens)

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        practice = self.practice(value)
        context["practice"] = practice
        context["tap_radius"] = TAP_RADIUS  # the browser checks as the server does, to go on
        screens = practice.screens if practice else []
        context["screens"] = [(screen, tap_drawing(screen.picture)) for screen in screens]
        # The learner's best run of this block, filled in by lessons.selectors.lesson_page_state.
        context["best_run"] = (context.get("practice_runs") or {}).get(context.get("block_id"))
        return context

    class Meta:
        icon = "pick"
        label = _("Practise the procedure's screens")
        template = "lessons/blocks/practice.html"


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


class VideoBlock(LessonBlock, blocks.StructBlock):
    video = DocumentChooserBlock(label=_("Video file (MP4 or WebM)"))
    poster = ImageChooserBlock(label=_("Poster image"), required=False)
    caption = blocks.CharBlock(label=_("Caption"), required=False)
    captions = blocks.ListBlock(CaptionsBlock(), label=_("Captions"), default=[])

    def narrated_texts(self, value, block_id):
        return [(block_id, value["caption"])] if value["caption"] else []

    def video_document(self, value):
        return value["video"]

    def caption_tracks(self, value):
        return [track["webvtt"] for track in value["captions"]]

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        # The lesson page passes its ready small copies by block id (LessonPage.get_context)
        # and the block's id; elsewhere (previews) the original plays, without caption links.
        small_videos = context.get("small_videos") or {}
        context["small"] = small_videos.get(context.get("block_id"))
        return context

    class Meta:
        icon = "media"
        label = _("Video")
        template = "lessons/blocks/video.html"


class CalloutBlock(LessonBlock, blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        label=_("Kind"),
        choices=[("tip", _("Tip")), ("warning", _("Warning")), ("info", _("Good to know"))],
        default="tip",
    )
    text = blocks.RichTextBlock(label=_("Text"), features=TEXT_FEATURES)

    def narrated_texts(self, value, block_id):
        return [(block_id, plain_text(value["text"]))]

    class Meta:
        icon = "warning"
        label = _("Callout")
        template = "lessons/blocks/callout.html"


class PracticeLinkBlock(LessonBlock, blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"))
    url = blocks.URLBlock(label=_("Address of the real portal"))
    description = blocks.TextBlock(label=_("What to try there"), required=False)

    def narrated_texts(self, value, block_id):
        return [(block_id, ". ".join(filter(None, [value["title"], value["description"]])))]

    class Meta:
        icon = "link-external"
        label = _("Practise on the real portal")
        template = "lessons/blocks/practice_link.html"


class QuizBlock(LessonBlock, blocks.StructBlock):
    quiz = SnippetChooserBlock("quizzes.Quiz", label=_("Quiz"))

    def placed_quiz(self, value):
        return value["quiz"]

    class Meta:
        icon = "help"
        label = _("Quiz")
        template = "lessons/blocks/quiz.html"


class H5PBlock(LessonBlock, blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), required=False)
    activity = SnippetChooserBlock("quizzes.H5PActivity", label=_("H5P activity"))

    def placed_h5p(self, value):
        return value["activity"]

    class Meta:
        icon = "media"
        label = _("H5P activity")
        template = "lessons/blocks/h5p.html"


class LessonBodyBlock(blocks.StreamBlock):
    text = TextBlock(
        label=_("Text"), features=["h3", *TEXT_FEATURES], template="lessons/blocks/text.html"
    )
    steps = StepsBlock()
    image = ImageBlock(label=_("Image"), template="lessons/blocks/image.html")
    video = VideoBlock()
    callout = CalloutBlock()
    practice_link = PracticeLinkBlock()
    quiz = QuizBlock()
    h5p = H5PBlock()
    practice = PracticeBlock()


# Migrations record TextBlock as the Wagtail block it extends: it adds behaviour, not data.
# (ImageBlock already deconstructs as Wagtail's; StructBlocks as plain StructBlocks.)
DECONSTRUCT_ALIASES = {TextBlock: "wagtail.blocks.RichTextBlock"}


def narrated_texts(body: StreamValue) -> dict[str, str]:
    """What a listener hears of a lesson body: text by block (or step) id, in reading order.
    Blank texts are included; the caller drops them."""
    return {
        key: text
        for child in body
        for key, text in child.block.narrated_texts(child.value, child.id)
    }


def pictures_in(body: StreamValue) -> dict[str, Picture]:
    """{narration id: picture} of every picture of a screen in the body, in reading order."""
    return {
        key: picture
        for child in body
        for key, picture in child.block.pictures(child.value, child.id)
    }


def videos_in(body: StreamValue) -> list[tuple[str, object]]:
    """(block id, document) of each video the body plays, in reading order."""
    found = ((child.id, child.block.video_document(child.value)) for child in body)
    return [(block_id, document) for block_id, document in found if document]


def caption_tracks(body: StreamValue, block_id: str) -> list[str]:
    """The caption tracks (WebVTT) of the block with ``block_id``; none if it has none."""
    child = next((child for child in body if child.id == block_id), None)
    return child.block.caption_tracks(child.value) if child is not None else []


def quizzes_placed_in(body: StreamValue) -> list:
    """The quizzes the body places, in reading order (a quiz placed twice is listed twice)."""
    found = (child.block.placed_quiz(child.value) for child in body)
    return [quiz for quiz in found if quiz]


def h5p_placed_in(body: StreamValue) -> list:
    """The H5P activities the body places, in reading order."""
    found = (child.block.placed_h5p(child.value) for child in body)
    return [activity for activity in found if activity]


def practice_in(body: StreamValue, block_id: str) -> Practice | None:
    """The practice of the block with ``block_id`` in ``body``; None if there is no such
    block or it is not a practice."""
    child = next((child for child in body if child.id == block_id), None)
    return child.block.practice(child.value) if child is not None else None


def practices_in(body: StreamValue) -> list[tuple[str, Practice]]:
    """(block id, practice) of each practice in the body, in reading order."""
    found = ((child.id, child.block.practice(child.value)) for child in body)
    return [(block_id, practice) for block_id, practice in found if practice]


def body_from_json(raw: list[dict]) -> list[tuple]:
    """Lesson body written as JSON-like data (demo content, tests) in the form Wagtail
    normalises on save, so every block and list item gets a stored id; narration and
    translations refer to those ids."""
    return [(block["type"], block["value"]) for block in raw]
