# Households, members, consent and capability checks arrive with the household issue.
