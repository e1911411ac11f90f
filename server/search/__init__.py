"""Full-text search over the posts and answers a caller may see (`GET /search`)."""
