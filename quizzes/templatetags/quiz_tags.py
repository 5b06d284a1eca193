from django import template

from quizzes.selectors import quiz_in_locale

register = template.Library()


@register.simple_tag
def quiz_for_reader(quiz):
    """The quiz in the language the page is read in."""
    return quiz_in_locale(quiz)
