"""Parts of the quiz result page that apps above quizzes fill in.

A learner who missed a question is best sent back to the lesson that teaches it. Quizzes know
nothing of lessons or courses (they sit below both), so the result page asks the hooks
registered under ``RESULT_PAGE``; the lessons app answers with where the quiz is taught:
``{"lessons_for_quiz": [(title, url), ...]}``, the live lessons placing the quiz (or, for a
course's final check, the course). Hooks are called with ``quiz``, ``source`` and ``attempt``;
the certificates app answers ``{"certificate_url": ...}`` when the attempt earned one.
"""

RESULT_PAGE = "quiz_result_parts"
