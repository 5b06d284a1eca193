"""What a phone kept while offline is taken only from the account it was made under."""

from uuid import uuid4

import pytest
from django.urls import reverse

from lessons.models import LessonProgress
from tests.factories import learner

pytestmark = pytest.mark.django_db


def test_a_kept_request_is_refused_under_another_account_and_taken_under_its_own(client, lessons):
    mother, son = learner(), learner()
    url = reverse("lessons:progress", args=[lessons[0].pk])
    data = {"client_id": str(uuid4())}
    client.force_login(son)
    kept = {"HTTP_ACCEPT": "application/json", "HTTP_X_OUTBOX_USER": str(mother.pk)}
    refused = client.post(url, data, **kept)
    assert refused.status_code == 409
    assert "tài khoản khác" in refused.json()["error"]
    assert not LessonProgress.objects.exists()
    client.force_login(mother)
    taken = client.post(
        url, data, HTTP_ACCEPT="application/json", HTTP_X_OUTBOX_USER=str(mother.pk)
    )
    assert taken.status_code == 200
    assert LessonProgress.objects.get().user == mother
