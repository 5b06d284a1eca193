"""Certificates issued when a final check is passed or a procedure is witnessed.

Issued after the transaction that recorded the attempt or the evidence commits: a rolled-back
answer never leaves a certificate behind, and a failure here (``robust``) is logged without
undoing the learner's result.
"""

from functools import partial

from django.db import transaction
from django.db.models.signals import post_save

from households.models import Evidence
from quizzes.models import Attempt

from . import services


def _issue_for_attempt(pk: int) -> None:
    attempt = Attempt.objects.select_related("user").filter(pk=pk).first()
    if attempt:
        services.issue_for_attempt(attempt)


def _issue_for_evidence(pk: int) -> None:
    evidence = Evidence.objects.select_related("member__household__commune").filter(pk=pk).first()
    if evidence:
        services.issue_for_witnessed(evidence)


def attempt_saved(sender, instance: Attempt, **kwargs):
    if instance.passed and instance.finished_at and not instance.assisted_for:
        transaction.on_commit(partial(_issue_for_attempt, instance.pk), robust=True)


def evidence_saved(sender, instance: Evidence, created: bool, **kwargs):
    if created and instance.kind == Evidence.Kind.WITNESSED and instance.course_id:
        transaction.on_commit(partial(_issue_for_evidence, instance.pk), robust=True)


post_save.connect(attempt_saved, sender=Attempt, dispatch_uid="certificates-attempt")
post_save.connect(evidence_saved, sender=Evidence, dispatch_uid="certificates-evidence")
