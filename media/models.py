# Narration clips and video renditions arrive with the narration issue.
