"""The audit log: every administrative change, who made it, and what it was before and after."""
