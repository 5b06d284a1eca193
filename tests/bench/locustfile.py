"""Locust users for tests/bench/load.py: visitors reading lessons; learners reading lessons,
marking them done and sending the one-page quiz. Sessions are made beforehand (load.py), so
logging in is not what is measured.

NHASO_LOAD_MODE says how a learner's browser reads a lesson page:
  script    as a browser running the site's script: the page with the `js=1` cookie (the
            cached copy), then the fill-in request for that learner's parts, if the site has it
  noscript  without the cookie: the page rendered for the learner, as before issue 19

A learner's page view (page + fill-in, one after the other, as the browser does) is timed as a
whole and written to NHASO_LOAD_VIEWS_DIR when the test stops (one file per locust process),
outside locust's own figures, so the overall row counts only real requests.
"""

import json
import os
import random
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

from locust import FastHttpUser, between, events, task

PLAN = json.loads(Path(os.environ["NHASO_LOAD_PLAN"]).read_text())
MODE = os.environ.get("NHASO_LOAD_MODE", "script")
PROCESSES = max(1, int(os.environ.get("NHASO_LOAD_PROCESSES", "1")))
VIEWS_DIR = os.environ.get("NHASO_LOAD_VIEWS_DIR")
CSRF = "benchmarkcsrfsecretbenchmarkcsrf"  # a 32-character secret, sent as cookie and header
LEARNER_PAGE = "lesson page (learner, js=1)" if MODE == "script" else "lesson page (learner)"
VIEW_TIMES: list[float] = []
_taken = 0


def expect(response, statuses=(200,)) -> None:
    """Anything but the expected status is an error, a redirect (to the login page) too."""
    if response.status_code not in statuses:
        response.failure(f"status {response.status_code}")
    else:
        response.success()


class Visitor(FastHttpUser):
    """Someone reading lessons without an account: the pages the cache serves."""

    weight = 1
    wait_time = between(0.5, 1.5)

    @task
    def read_a_lesson(self):
        with self.client.get(
            random.choice(PLAN["lessons"]),
            name="lesson page (visitor)",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            expect(response)


class Learner(FastHttpUser):
    """A learner with a session: reads lessons, marks them done, sends one-page quizzes."""

    weight = 1
    wait_time = between(0.5, 1.5)

    def on_start(self):
        # Each locust process takes its own share of the sessions, each user its own session.
        global _taken
        runner = self.environment.runner
        index = getattr(runner, "worker_index", 0) if PROCESSES > 1 else 0
        sessions = PLAN["sessions"][index::PROCESSES]
        session = sessions[_taken % len(sessions)]
        _taken += 1
        cookie = f"sessionid={session}; csrftoken={CSRF}"
        self.page_headers = {"Cookie": cookie + ("; js=1" if MODE == "script" else "")}
        self.post_headers = {
            "Cookie": cookie,
            "X-CSRFToken": CSRF,
            "Accept": "application/json",
            "Referer": PLAN["host"] + "/",
        }

    @task(3)
    def read_a_lesson(self):
        lesson = random.choice(PLAN["lessons"])
        started = time.perf_counter()
        with self.client.get(
            lesson,
            headers=self.page_headers,
            name=LEARNER_PAGE,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            expect(response)
        if MODE == "script" and PLAN["fill_in"]:
            with self.client.get(
                f"{PLAN['fill_in']}?{urlencode({'path': lesson})}",
                headers=self.page_headers,
                name="fill-in request (learner)",
                allow_redirects=False,
                catch_response=True,
            ) as response:
                expect(response, (200, 204))
        VIEW_TIMES.append((time.perf_counter() - started) * 1000)

    @task(2)
    def finish_a_lesson(self):
        with self.client.post(
            f"/bai-hoc/{random.choice(PLAN['lesson_ids'])}/da-xong/",
            data={"client_id": str(uuid.uuid4())},
            headers=self.post_headers,
            name="progress POST",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            expect(response)

    @task(1)
    def send_a_quiz(self):
        with self.client.post(
            PLAN["quiz_url"],
            data={"client_id": str(uuid.uuid4()), **PLAN["quiz_answers"]},
            headers=self.post_headers,
            name="one-page quiz POST",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            expect(response)


@events.test_stop.add_listener
def write_view_times(environment, **kwargs):
    """The learners' page views of this process, for load.py to merge."""
    if VIEWS_DIR and VIEW_TIMES:
        path = Path(VIEWS_DIR) / f"views-{os.getpid()}.json"
        path.write_text(json.dumps(VIEW_TIMES))
