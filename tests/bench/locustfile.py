"""Locust users for tests/bench/load.py: visitors reading lessons, learners sending progress and
quiz answers. Sessions are made beforehand (load.py), so logging in is not what is measured."""

import json
import os
import random
import uuid

from locust import FastHttpUser, between, task

PLAN = json.loads(open(os.environ["NHASO_LOAD_PLAN"]).read())
CSRF = "benchmarkcsrfsecretbenchmarkcsrf"  # a 32-character secret, sent as cookie and header


class Visitor(FastHttpUser):
    """Someone reading lessons without an account: the pages the cache serves."""

    weight = 3
    wait_time = between(0.5, 1.5)

    @task
    def read_a_lesson(self):
        self.client.get(random.choice(PLAN["lessons"]), name="lesson page (visitor)")


class Learner(FastHttpUser):
    """A learner with a session, marking lessons done and sending one-page quizzes."""

    weight = 1
    wait_time = between(0.5, 1.5)

    def on_start(self):
        session = PLAN["sessions"].pop()
        self.headers = {
            "Cookie": f"sessionid={session}; csrftoken={CSRF}",
            "X-CSRFToken": CSRF,
            "Accept": "application/json",
            "Referer": PLAN["host"] + "/",
        }

    @task(2)
    def finish_a_lesson(self):
        lesson_id = random.choice(PLAN["lesson_ids"])
        self.client.post(
            f"/bai-hoc/{lesson_id}/da-xong/",
            data={"client_id": str(uuid.uuid4())},
            headers=self.headers,
            name="progress POST",
        )

    @task(1)
    def send_a_quiz(self):
        self.client.post(
            PLAN["quiz_url"],
            data={"client_id": str(uuid.uuid4()), **PLAN["quiz_answers"]},
            headers=self.headers,
            name="one-page quiz POST",
        )
