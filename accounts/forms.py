from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class SignupForm(AllauthSignupForm):
    """Sign up with a phone number or a username (or both); no e-mail."""

    first_name = forms.CharField(label=_("Your name"), max_length=150, required=False)
    preferred_language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)

    field_order = [
        "first_name",
        "phone",
        "username",
        "password1",
        "password2",
        "preferred_language",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["preferred_language"].initial = get_language()
        self.fields["phone"].help_text = _("We send a code to check it is yours.")
        self.fields["username"].help_text = _("No phone? Choose a username instead.")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("phone") and not cleaned.get("username") and not self.errors:
            raise forms.ValidationError(_("Enter a phone number or a username."))
        return cleaned


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    next = forms.CharField(required=False, widget=forms.HiddenInput)
