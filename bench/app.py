"""The app as gunicorn serves it, plus the baseline: a one-line Flask JSON endpoint.

Both run in the same workers, so the ratio between them is what the app's own work costs.
"""

from server import create_app

app = create_app()


@app.get("/bench/baseline")
def baseline():
    return {"ok": True}
