"""The app as gunicorn serves it, plus two references: the baseline, a one-line Flask JSON
endpoint, and the signed-in floor, the same line behind the API's token check.

All run in the same workers, so the ratio between the baseline and an endpoint is what the
app's own work costs, and the floor shows how much of that is the sign-in check and the
request's transaction alone (every API endpoint pays both before doing anything).
"""

from server import create_app
from server.common.access import auth_required, caller

app = create_app()


@app.get("/bench/baseline")
def baseline():
    return {"ok": True}


@app.get("/bench/signed-in")
@auth_required
def signed_in_floor():
    """The caller's id: the token checked (its holder and session read) and the person loaded,
    as every API view's guard and caller() do, inside the request's transaction."""
    return {"id": caller().id}
