from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .h5p import store as h5p_store


class H5PUploadForm(WagtailAdminModelForm):
    """Upload an .h5p: validated while the form is checked, installed when it is saved."""

    package = forms.FileField(
        label=_("H5P package (.h5p)"),
        required=False,
        help_text=_("As exported by Lumi, h5p.org or Moodle, with its libraries."),
        widget=forms.ClearableFileInput(attrs={"accept": ".h5p"}),
    )

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("package")
        if self.instance.pk:
            if upload:
                self.add_error("package", _("Upload a new package as a new H5P activity."))
            return cleaned
        if not upload:
            self.add_error("package", _("Choose an .h5p file."))
            return cleaned
        try:
            h5p_store.check(upload=upload, user=self.for_user)
        except ValidationError as error:
            self.add_error("package", error)
        return cleaned

    def save(self, commit=True):
        if self.instance.pk:
            return super().save(commit=commit)
        return h5p_store.install(
            upload=self.cleaned_data["package"],
            title=self.cleaned_data.get("title", ""),
            user=self.for_user,
        )
