"""Photos from the field on posts and answers: uploaded, re-encoded without their metadata,
stored, and served to the audience of what they belong to."""
