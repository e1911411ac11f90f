"""Additions to the OpenAPI document made by decorators that are not flask-smorest's own."""

import http
from copy import deepcopy

from flask_smorest.utils import deepupdate


def add_operation_doc(view, **documentation):
    """Merge `documentation` into the OpenAPI operation of `view` (as `Blueprint.doc` does)."""
    view._apidoc = deepcopy(getattr(view, "_apidoc", {}))
    view._apidoc["manual_doc"] = deepupdate(deepcopy(view._apidoc.get("manual_doc", {})), documentation)
    return view


def error_responses(*codes: int):
    """Declare the error responses a view can answer, each in the one error shape."""

    def decorate(view):
        responses = {str(code): http.HTTPStatus(code).name for code in codes}
        return add_operation_doc(view, responses=responses)

    return decorate
