"""Tags: the topics posts carry and people list as their expertise."""
