from django import forms
from django.utils.translation import gettext_lazy as _
from phonenumber_field.phonenumber import PhoneNumber

from accounts.phone import PhoneField
from accounts.selectors import communes_served

from .models import Cohort, CohortSession
from .selectors import courses_for_cohorts


class CohortForm(forms.ModelForm):
    """A trainer opens a cohort in one of the communes they serve (assigned by its official):
    opening one elsewhere would show them that commune's households."""

    class Meta:
        model = Cohort
        fields = ["name", "course", "commune", "meeting_place", "max_size"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = courses_for_cohorts()
        commune = self.fields["commune"]
        commune.queryset = communes_served(user).order_by("name")
        commune.help_text = _(
            "Only the communes you serve. If yours is missing, ask its commune official to add you."
        )
        commune.error_messages["invalid_choice"] = _(
            "You can only open a class in a commune you serve."
        )


class AddMemberByPhoneForm(forms.Form):
    phone = PhoneField()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("phone"):
            cleaned["phone_display"] = PhoneNumber.from_string(cleaned["phone"]).as_national
        return cleaned


class NewMemberForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)


class SessionForm(forms.ModelForm):
    class Meta:
        model = CohortSession
        fields = ["starts_at", "place", "topic"]
        widgets = {
            "starts_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            )
        }


class AttendanceForm(forms.Form):
    present = forms.TypedMultipleChoiceField(
        label=_("Present"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [(m.pk, m.display_name) for m in members]
