from django import forms
from django.utils.translation import gettext_lazy as _


class SendForm(forms.Form):
    """One take of one part; ``client_id`` is made once per take, so a re-sent take is
    stored once (the page makes it for the plain form, the recorder script per recording)."""

    block_id = forms.CharField(max_length=64, widget=forms.HiddenInput)
    client_id = forms.UUIDField(widget=forms.HiddenInput)
    audio = forms.FileField(
        label=_("Your recording"),
        widget=forms.ClearableFileInput(attrs={"accept": "audio/*", "capture": True}),
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Why (the contributor reads this)"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
