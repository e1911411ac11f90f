"""Never lose a field report: every create or action waits here until the server has it."""
