"""Parts of the course and cohort pages that apps above courses draw.

A course page shows the learner's progress through its lessons, a cohort page its members'
progress and a link to their quiz results. Lessons sit above courses (a lesson is a page
inside a course), so courses cannot ask for them: the lessons app registers a Wagtail hook
here that returns those parts as template context, and the pages ask the hooks.
"""

COURSE_PAGE = "course_page_parts"
COHORT_PAGE = "cohort_page_parts"
