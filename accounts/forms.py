import time

from allauth.account import forms as allauth_forms
from allauth.account.adapter import get_adapter
from allauth.account.authentication import get_authentication_records
from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.account.utils import filter_users_by_username
from allauth.core import context, ratelimit
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from .phone import normalize_phone
from .roles import is_only_a_learner
from .selectors import trainer_by_login


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
        self.fields["username"].help_text = _(
            "Without a phone, choose a name to sign in with. With a phone, you sign in "
            "with your number and we make a name for you."
        )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("phone") and not cleaned.get("username") and not self.errors:
            raise forms.ValidationError(_("Enter a phone number or a username."))
        return cleaned


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class RequestLoginCodeForm(allauth_forms.RequestLoginCodeForm):
    """Forgot password: a sign-in code by SMS to the account's phone, asked for with what
    people sign in with, a phone number or a username. allauth then sends and checks the
    code. Only learners' accounts get one. An account without a phone cannot:
    ``ask_trainer`` tells the page to send its owner to their trainer, who prints a new
    login sheet."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["phone"]  # replaced: people without a phone type their username
        self.fields["login"] = forms.CharField(
            label=pgettext_lazy("field label", "Login"),
            max_length=150,
            widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
        )
        self.ask_trainer = False

    def clean_login(self) -> str:
        login = self.cleaned_data["login"].strip()
        try:
            phone = normalize_phone(login)
        except ValidationError:
            phone = _phone_of_username(login)
        if phone is None:
            # Counted like a code request, so guessing usernames is just as slow.
            if not ratelimit.consume(
                context.request, action="request_login_code", key=login.lower()
            ):
                raise get_adapter().validation_error("too_many_login_attempts")
            self.ask_trainer = True
            raise forms.ValidationError(
                _("No code can be sent for this name: no phone number is recorded for it."),
                code="no_phone",
            )
        self.cleaned_data["phone"] = phone
        phone = super().clean_phone()  # allauth's: finds the account and counts the request
        if self._user is not None and not is_only_a_learner(self._user):
            # Like printed sheets, codes open learners' accounts only: a trainer's or an
            # official's holds other people's data. Answered as for an unknown number.
            self._user = None
        return phone


class DigitsCodeMixin:
    """The code is six digits: phones show the number pad and offer the code from the SMS."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(
            inputmode="numeric", autocomplete="one-time-code", pattern="[0-9]*"
        )


class ConfirmLoginCodeForm(DigitsCodeMixin, allauth_forms.ConfirmLoginCodeForm):
    pass


class VerifyPhoneForm(DigitsCodeMixin, allauth_forms.VerifyPhoneForm):
    pass


def _phone_of_username(username: str) -> str | None:
    user = filter_users_by_username(username).filter(is_active=True).first()
    return str(user.phone) if user is not None and user.phone else None


# How long after signing in with a code a new password needs no old one: time to type it
# twice on a keypad, not a standing way around the old password.
NEW_PASSWORD_AFTER_CODE_SECONDS = 15 * 60


def signed_in_by_code_just_now(request, user) -> bool:
    """The last sign-in of this session was with a code sent to the user's phone, recently."""
    records = get_authentication_records(request, user) if request else []
    return (
        bool(records)
        and records[-1].get("method") == "code"
        and (time.time() - records[-1].get("at", 0) < NEW_PASSWORD_AFTER_CODE_SECONDS)
    )


class ChangePasswordForm(allauth_forms.ChangePasswordForm):
    """Someone who forgot their password and just signed in with a code sent to their
    phone sets a new one without the old: the code proved the phone is theirs, as a reset
    code would. Otherwise allauth's form, current password included."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.after_code = signed_in_by_code_just_now(context.request, self.user)
        if self.after_code:
            del self.fields["oldpassword"]
        else:
            # Its "forgot your password?" link is for people who are signed out.
            self.fields["oldpassword"].help_text = ""


class AssignTrainerForm(forms.Form):
    """An official names a trainer to serve their commune, as people sign in: a username or a
    phone number the trainer verified. ``cleaned_data["trainer"]`` is the account."""

    login = forms.CharField(
        label=_("Trainer's username or phone number"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none"}),
    )

    def clean_login(self) -> str:
        login = self.cleaned_data["login"]
        trainer = trainer_by_login(login)
        if trainer is None:
            raise forms.ValidationError(
                _(
                    "No trainer has this username or phone number. Check what you typed. "
                    "A phone number works only once the trainer has verified it."
                ),
                code="no_trainer",
            )
        self.cleaned_data["trainer"] = trainer
        return login
