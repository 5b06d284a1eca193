from django import forms
from django.utils.translation import gettext_lazy as _


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is this certificate revoked?"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
