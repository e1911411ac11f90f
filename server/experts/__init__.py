"""Expert routing: who could answer a challenge, asking them, and each topic's experts."""
