from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import ValidationError
from django.urls import translate_url
from django.utils import translation
from django.utils.translation import gettext

from .models import User
from .phone import PhoneField, normalize_phone
from .roles import Role, assign_role
from .sms import send_sms


class AccountAdapter(DefaultAccountAdapter):
    """Phone numbers live on our User; verification codes go through the SMS sender."""

    def phone_form_field(self, **kwargs):
        return PhoneField(**kwargs)

    def set_phone(self, user, phone, verified):
        user.phone = phone
        user.phone_verified = verified
        user.save(update_fields=["phone", "phone_verified"])

    def get_phone(self, user):
        return (str(user.phone), user.phone_verified) if user.phone else None

    def set_phone_verified(self, user, phone):
        user.phone_verified = True
        user.save(update_fields=["phone_verified"])

    def get_user_by_phone(self, phone):
        try:
            phone = normalize_phone(phone)
        except ValidationError:
            return None
        return User.objects.filter(phone=phone).first()

    def send_verification_code_sms(self, user, phone, code, **kwargs):
        language = user.preferred_language if user else translation.get_language()
        with translation.override(language):
            message = gettext("Nhà Số: your verification code is %(code)s") % {"code": code}
        send_sms(phone=phone, message=message)

    def send_account_already_exists_sms(self, phone):
        # Signup does not reveal that a number is registered (enumeration protection);
        # the number's owner learns it by SMS instead, in their own language.
        owner = self.get_user_by_phone(phone)
        language = owner.preferred_language if owner else translation.get_language()
        with translation.override(language):
            message = gettext(
                "Nhà Số: this phone number already has an account. "
                "Log in with it, or ask your trainer for a new login sheet."
            )
        send_sms(phone=phone, message=message)

    def get_signup_redirect_url(self, request):
        return self._in_users_language(request, super().get_signup_redirect_url(request))

    def save_user(self, request, user, form, commit=True):
        user.preferred_language = form.cleaned_data.get("preferred_language") or "vi"
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            assign_role(user, Role.LEARNER)
        return user

    def get_login_redirect_url(self, request):
        # Land in the language the person chose, wherever they signed in.
        return self._in_users_language(request, super().get_login_redirect_url(request))

    @staticmethod
    def _in_users_language(request, url):
        language = getattr(request.user, "preferred_language", None)
        return translate_url(url, language) if language else url
