from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from courses.models import TranslationAwarePage
from courses.selectors import catalogue


class HomePage(TranslationAwarePage):
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        courses = catalogue(locale=self.locale)
        context["essential_courses"] = [c for c in courses if c.is_essential]
        context["other_courses"] = [c for c in courses if not c.is_essential]
        return context
