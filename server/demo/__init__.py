"""Demo data: a fictional firm to explore Quid with (`flask --app server seed-demo`)."""
