"""Answers to challenges, and the asker accepting one."""
