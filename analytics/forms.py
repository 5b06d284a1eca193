from django import forms
from django.utils.translation import gettext_lazy as _

from households.models import Level

from .reports import Filters
from .selectors import live_courses


class ProvinceFilterForm(forms.Form):
    level = forms.TypedChoiceField(
        label=_("Covered at level"),
        choices=Level.choices,
        coerce=int,
        initial=Level.QUIZ_VERIFIED,
        required=False,
    )
    course = forms.ChoiceField(label=_("Course"), required=False)
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].choices = [("", _("All courses"))] + [
            (str(course.translation_key), course.title) for course in live_courses()
        ]

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise forms.ValidationError(_("The start date is after the end date."))
        return data

    def filters(self) -> Filters:
        """The chosen filters; the defaults when the form is not valid."""
        if not self.is_valid():
            return Filters()
        data = self.cleaned_data
        return Filters(
            level=data["level"] or Level.QUIZ_VERIFIED,
            course=data["course"],
            since=data["since"],
            until=data["until"],
        )
