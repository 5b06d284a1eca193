"""A server error is written where the operator looks (standard error, read by the journal
or a log collector), with its traceback."""

import logging.config

import pytest
from django.conf import settings
from django.test import Client


@pytest.mark.urls("tests.cms.error_urls")
def test_a_server_error_is_logged_with_its_traceback(db, capsys):
    logging.config.dictConfig(settings.LOGGING)  # the handlers write to this test's stderr
    response = Client(raise_request_exception=False).get("/broken/")
    assert response.status_code == 500
    logged = capsys.readouterr().err
    assert "ERROR django.request" in logged
    assert "Traceback" in logged and "RuntimeError: a bug the operator must see" in logged


def test_a_missing_page_is_not_logged_as_an_error(db, capsys):
    logging.config.dictConfig(settings.LOGGING)
    assert Client().get("/h5p/files/libraries/none.js").status_code == 404
    assert "django.request" not in capsys.readouterr().err
