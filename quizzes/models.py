# Native and H5P quizzes arrive with the quizzes issue.
