"""Question types of a native quiz. Each question and choice keeps its block id across
translations, so answers, grading and item analysis do not depend on the language shown."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

from skills.selectors import skill_choices

PROMPT_FEATURES = ["bold", "italic"]


class SkillsBlock(blocks.MultipleChoiceBlock):
    """The skills of the current framework a question checks, stored as primary keys (text).

    Choices are read when the editor's form is built (a callable: a new framework version
    needs no migration). Reading a stored value asks nothing of the database, unlike Wagtail's
    MultipleChoiceBlock, which looks each value up in the choices: learners load questions on
    every page of a quiz."""

    def __init__(self, **kwargs):
        super().__init__(
            choices=skill_choices,
            required=False,
            search_index=False,
            widget=forms.CheckboxSelectMultiple,
            label=_("Skills checked"),
            help_text=_("The skills of the national framework this question checks."),
            **kwargs,
        )

    def to_python(self, value):
        return [str(item) for item in value or ()]

    def bulk_to_python(self, values):
        return [self.to_python(value) for value in values]

    def normalize(self, value):
        return self.to_python(value)

    def get_default(self):
        return []


class ChoiceBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Answer"), max_length=300)
    correct = blocks.BooleanBlock(label=_("Correct"), required=False)
    feedback = blocks.CharBlock(
        label=_("Feedback"),
        required=False,
        max_length=400,
        help_text=_("Shown to a learner who picks this answer."),
    )

    class Meta:
        icon = "tick"
        label = _("Answer")


class _ChoiceQuestionBlock(blocks.StructBlock):
    prompt = blocks.RichTextBlock(label=_("Question"), features=PROMPT_FEATURES)
    choices = blocks.ListBlock(ChoiceBlock(), label=_("Answers"), min_num=2, max_num=8)
    skills = SkillsBlock()

    only_one_correct = False

    def clean(self, value):
        value = super().clean(value)
        correct = sum(1 for choice in value["choices"] if choice["correct"])
        if self.only_one_correct and correct != 1:
            raise ValidationError(_("Mark exactly one answer as correct."))
        if correct < 1:
            raise ValidationError(_("Mark at least one answer as correct."))
        return value


class SingleChoiceBlock(_ChoiceQuestionBlock):
    only_one_correct = True

    class Meta:
        icon = "radio-full"
        label = _("Single choice")


class MultipleChoiceBlock(_ChoiceQuestionBlock):
    class Meta:
        icon = "tasks"
        label = _("Multiple choice")


class TrueFalseBlock(blocks.StructBlock):
    prompt = blocks.RichTextBlock(label=_("Statement"), features=PROMPT_FEATURES)
    is_true = blocks.BooleanBlock(label=_("The statement is true"), required=False)
    feedback_correct = blocks.CharBlock(label=_("Feedback when right"), required=False)
    feedback_wrong = blocks.CharBlock(label=_("Feedback when wrong"), required=False)
    skills = SkillsBlock()

    class Meta:
        icon = "help"
        label = _("True or false")


class OrderingBlock(blocks.StructBlock):
    prompt = blocks.RichTextBlock(label=_("Question"), features=PROMPT_FEATURES)
    steps = blocks.ListBlock(
        blocks.CharBlock(label=_("Step"), max_length=300),
        label=_("Steps, in the right order"),
        min_num=2,
        max_num=8,
    )
    feedback = blocks.CharBlock(label=_("Explanation"), required=False)
    skills = SkillsBlock()

    class Meta:
        icon = "order"
        label = _("Put the steps in order")


class RegionBlock(blocks.StructBlock):
    """A rectangle on the screenshot, in percent of its width and height."""

    left = blocks.FloatBlock(label=_("Left (%)"), min_value=0, max_value=100)
    top = blocks.FloatBlock(label=_("Top (%)"), min_value=0, max_value=100)
    width = blocks.FloatBlock(label=_("Width (%)"), min_value=0.5, max_value=100)
    height = blocks.FloatBlock(label=_("Height (%)"), min_value=0.5, max_value=100)

    class Meta:
        icon = "crosshairs"
        label = _("Right place")


class TapTheRightPlaceBlock(blocks.StructBlock):
    prompt = blocks.RichTextBlock(label=_("Question"), features=PROMPT_FEATURES)
    image = ImageChooserBlock(label=_("Screenshot"))
    image_alt = blocks.CharBlock(label=_("Screenshot description"))
    regions = blocks.ListBlock(RegionBlock(), label=_("Right places"), min_num=1)
    feedback_correct = blocks.CharBlock(label=_("Feedback when right"), required=False)
    feedback_wrong = blocks.CharBlock(label=_("Feedback when wrong"), required=False)
    skills = SkillsBlock()

    class Meta:
        icon = "image"
        label = _("Tap the right place")


class QuestionsBlock(blocks.StreamBlock):
    single_choice = SingleChoiceBlock()
    multiple_choice = MultipleChoiceBlock()
    true_false = TrueFalseBlock()
    ordering = OrderingBlock()
    tap_the_right_place = TapTheRightPlaceBlock()
