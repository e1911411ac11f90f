"""The leaderboard's JSON response, put together from parts encoded once per board.

Every reader of a board gets the same top entries; only the head and their own standing
differ. The top is encoded once (`Board.encoded_top`) and the body assembled around it,
byte for byte what `jsonify` would send.
"""

from flask import Response, current_app, jsonify

from server.leaderboard.service import COMPACT, Standings


def standings_response(standings: Standings) -> Response:
    """`standings` as the JSON response of GET /leaderboard."""
    head, me = standings.head, standings.me
    provider = current_app.json
    readable = (provider.compact is None and current_app.debug) or provider.compact is False
    if readable or provider.sort_keys:
        # Indented or key-sorted output cannot be put together from encoded parts.
        return jsonify({**head, "items": standings.board.top_items[:standings.limit], "me": me})
    # The head's object, left open, then the parts.
    body = (f'{provider.dumps(head, separators=COMPACT)[:-1]},"items":{standings.board.encoded_top(standings.limit)},'
            f'"me":{provider.dumps(me, separators=COMPACT)}}}\n')
    return current_app.response_class(body, mimetype=provider.mimetype)
