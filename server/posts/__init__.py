"""Posts: challenges and insights, their feed, and who may see them."""
