"""Parts of a lower app's page that apps above it fill in, through Wagtail hooks.

Apps sit in layers and never import the ones above them; yet a course page shows progress
through its lessons and a quiz's result links to the lesson that teaches it. The lower app
names a hook (``courses.page_parts``, ``quizzes.page_parts``), the higher app registers a
function under it, and the page asks ``parts`` for the context they give.
"""

from wagtail import hooks


def parts(hook_name: str, **kwargs) -> dict:
    """Template context from every hook registered under ``hook_name``."""
    context = {}
    for hook in hooks.get_hooks(hook_name):
        context.update(hook(**kwargs))
    return context
