"""Submissions recorded exactly once by the id the client made for them.

A phone whose connection drops re-sends what it sent (the outbox does it on purpose), and two
deliveries of one submission can arrive at the same moment. Every model that records such a
submission has a unique ``client_id``; ``record_once`` is the one place that turns a second
delivery into the first one's record instead of a second record or an error.
"""

from collections.abc import Callable
from typing import TypeVar
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

Record = TypeVar("Record", bound=models.Model)


def record_once(
    model: type[Record],
    *,
    client_id: UUID,
    create: Callable[[], Record | None],
    same_submission: Callable[[Record], bool],
) -> tuple[Record | None, bool]:
    """The record of submission ``client_id`` and whether it was made now.

    The first delivery runs ``create`` in a savepoint (it may also refuse by raising, or return
    None for "nothing to record"). A later or simultaneous delivery gets the record the first
    one made, once ``same_submission`` agrees it is the same submission (same learner, same
    lesson…); an id reused for anything else is refused with a ValidationError.
    """
    earlier = model.objects.filter(client_id=client_id).first()
    if earlier is None:
        try:
            with transaction.atomic():
                return create(), True
        except IntegrityError:
            # The same submission raced itself and the other delivery won.
            earlier = model.objects.filter(client_id=client_id).first()
            if earlier is None:
                raise
    if not same_submission(earlier):
        raise ValidationError(_("This request id was already used for something else."))
    return earlier, False
