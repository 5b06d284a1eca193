"""The editor's larger view of a step's picture, to tap where the learner should tap.

Wagtail's image chooser shows a 165 px thumbnail; placing a marker needs the picture larger.
Admin URLs already require a signed-in user with admin access; the image itself must be one
the editor may choose (its collection's permissions)."""

from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET
from wagtail.images import get_image_model
from wagtail.permissions import policy_registry

# 320 CSS px wide on a screen of twice the density; a tall phone screenshot keeps its shape.
ADMIN_PICTURE = "max-640x1280"


@require_GET
def step_picture(request, image_id: int):
    image = get_object_or_404(get_image_model(), pk=image_id)
    policy = policy_registry.get_by_type(get_image_model())
    if not policy.user_has_any_permission_for_instance(request.user, ["choose"], image):
        raise PermissionDenied
    rendition = image.get_rendition(ADMIN_PICTURE)
    return JsonResponse(
        {"url": rendition.url, "width": rendition.width, "height": rendition.height}
    )
