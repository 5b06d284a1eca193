"""The audit trail of personal data: who looked at, took out or changed it, and when.

Any app that shows or changes household or account data writes here, through ``audit`` only.
"""

from .models import AuditEvent


def audit(*, user, action: str, target: str, **detail) -> None:
    """Write who did what to whose data: every view of a household list, every export."""
    AuditEvent.objects.create(
        user=user if user and user.is_authenticated else None,
        action=action,
        target=target,
        detail=detail,
    )
