from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from courses.models import CoursePage

from .models import Household, Level, Member


class LevelForm(forms.Form):
    level = forms.TypedChoiceField(
        label=_("Count a household as covered from"),
        choices=Level.choices,
        coerce=int,
        initial=Level.QUIZ_VERIFIED,
        required=False,
    )


class HouseholdSearchForm(forms.Form):
    """Find a household in a commune: a GET form, so a search is a link one can share."""

    COVERED = {"yes": True, "no": False}

    q = forms.CharField(
        label=_("Name or household code"),
        help_text=_("Accents are not needed: “nguyen van a” finds “Nguyễn Văn A”."),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    village = forms.ModelChoiceField(
        label=_("Village"), queryset=None, required=False, empty_label=_("All villages")
    )
    covered = forms.ChoiceField(
        label=_("Show"),
        choices=[
            ("", _("All households")),
            ("no", _("Not covered yet")),
            ("yes", _("Covered")),
        ],
        required=False,
    )

    def __init__(self, *args, commune, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = commune.villages.order_by("name")

    def filters(self) -> dict:
        """What to find, for ``services.show_households``; a field that is not valid (a
        village of another commune, say) filters nothing."""
        self.is_valid()
        data = self.cleaned_data
        return {
            "query": data.get("q") or "",
            "village": data.get("village"),
            "covered": self.COVERED.get(data.get("covered") or ""),
        }

    def kept(self) -> list[tuple[str, str]]:
        """The search as (name, value) pairs, for other forms on the page to carry along."""
        self.is_valid()
        return [(name, self.data[name]) for name in self.cleaned_data if self.data.get(name)]


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Household list (CSV or Excel)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )


class ConfirmImportForm(forms.Form):
    """Confirms one preview: which checked file (token) and what it showed (digest)."""

    token = forms.CharField(max_length=64, widget=forms.HiddenInput)
    digest = forms.CharField(max_length=64, widget=forms.HiddenInput)


class VillageForm(forms.Form):
    name = forms.CharField(label=_("New village (thôn, bản, tổ dân phố)"), max_length=100)


class WitnessForm(forms.Form):
    procedure = forms.CharField(label=_("Which procedure"), max_length=200)
    observed_on = forms.DateField(label=_("When"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    # The course whose skills the procedure shows: its certificate is issued to the member.
    course = forms.ModelChoiceField(
        label=_("Course (for a certificate)"),
        queryset=CoursePage.objects.none(),
        required=False,
        empty_label=_("No certificate"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The live courses in Vietnamese: certificates name the source course.
        self.fields["course"].queryset = (
            CoursePage.objects.live().filter(locale=Locale.get_default()).order_by("title")
        )


class DeleteForm(forms.Form):
    reason = forms.CharField(label=_("Why (for the log; no personal data)"), max_length=200)


class LinkRequestForm(forms.Form):
    commune_code = forms.CharField(label=_("Commune code"), max_length=8)
    household_code = forms.CharField(label=_("Household code"), max_length=40)
    relation = forms.CharField(label=_("How you are related"), max_length=100)


class VisitForm(forms.Form):
    skill = forms.CharField(label=_("What you taught"), max_length=200)
    visited_on = forms.DateField(label=_("When"), widget=forms.DateInput(attrs={"type": "date"}))
    can_do_it = forms.BooleanField(label=_("They can now do it by themselves"), required=False)


class HouseholdForm(forms.ModelForm):
    consent_by = forms.CharField(
        label=_("Who agreed (the head, or the person concerned)"), max_length=150, required=False
    )
    consent_on = forms.DateField(
        label=_("On what date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    class Meta:
        model = Household
        fields = ["code", "village", "head_name"]

    def __init__(self, *args, commune, **kwargs):
        super().__init__(*args, **kwargs)
        self.commune = commune
        self.fields["village"].queryset = commune.villages.all()
        if not self.instance.pk:  # a new household is tracked only with a consent
            self.fields["consent_by"].required = self.fields["consent_on"].required = True

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        taken = Household.objects.filter(commune=self.commune, code=code)
        if taken.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Another household in this commune has this code."))
        return code


MemberFormSet = forms.inlineformset_factory(
    Household,
    Member,
    fields=["full_name", "birth_year", "relation", "phone"],
    extra=3,
    can_delete=True,
    min_num=1,
    validate_min=True,
)
