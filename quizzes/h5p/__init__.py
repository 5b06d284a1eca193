"""H5P activities: reading and checking packages (``package``), installing them (``store``),
making packages from our quizzes (``adapter``) and recording their results (``results``)."""
