import ipaddress

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import ValidationError
from django.shortcuts import resolve_url
from django.urls import translate_url
from django.utils import translation
from django.utils.translation import gettext

from .models import User
from .phone import PhoneField, normalize_phone
from .roles import Role, assign_role
from .sms import send_sms


def _address(text: str):
    try:
        return ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return None


def client_address(request) -> str:
    """The address a request came from, for rate limits.

    The proxy's header is believed only when the connection itself comes from a trusted
    proxy (a client can write any header); then the right-most hop that is not a trusted
    proxy is the client, since each proxy appends the address it saw.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = [ipaddress.ip_network(p, strict=False) for p in settings.TRUSTED_PROXIES]
    if not any(_address(remote) in network for network in proxies):
        return remote
    hops = request.headers.get(settings.TRUSTED_PROXY_HEADER, "").split(",")
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            break
        if not any(address in network for network in proxies):
            return str(address)
    return remote


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
        # the number's owner learns it by SMS instead, in their own language, unless they
        # verified it: then anyone could make the site text them at will.
        owner = self.get_user_by_phone(phone)
        if owner and owner.phone_verified:
            return
        language = owner.preferred_language if owner else translation.get_language()
        with translation.override(language):
            message = gettext(
                "Nhà Số: this phone number already has an account. "
                "Log in with it, or ask your trainer for a new login sheet."
            )
        send_sms(phone=phone, message=message)

    def get_client_ip(self, request):
        return client_address(request)

    def _get_login_attempts_cache_key(self, request, **credentials):
        # allauth keys failed logins on the text typed; one account typed as 0912…, +84912…
        # or 84912… must share one count, so phone numbers are keyed in E.164.
        login = str(credentials.get("phone") or credentials.get("username") or "").strip()
        try:
            login = normalize_phone(login)
        except ValidationError:
            login = login.lower()
        return f"{get_current_site(request).domain}:{login}"

    def get_signup_redirect_url(self, request):
        return self._in_users_language(request, super().get_signup_redirect_url(request))

    def save_user(self, request, user, form, commit=True):
        user.preferred_language = form.cleaned_data.get("preferred_language") or "vi"
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            assign_role(user, Role.LEARNER)
        return user

    def get_password_change_redirect_url(self, request):
        # Back to learning, where "password changed" is shown; not the same form again.
        return self._in_users_language(request, resolve_url(settings.LOGIN_REDIRECT_URL))

    def get_login_redirect_url(self, request):
        # Land in the language the person chose, wherever they signed in.
        return self._in_users_language(request, super().get_login_redirect_url(request))

    @staticmethod
    def _in_users_language(request, url):
        language = getattr(request.user, "preferred_language", None)
        return translate_url(url, language) if language else url
