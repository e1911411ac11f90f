"""Single sign-on with the firm's OpenID Connect provider, for a phone or a desktop app.

The app cannot receive the provider's redirect (no custom URL scheme), so the server is
the OpenID Connect client and the app collects its Quid tokens with a ticket:

1. The app asks `POST /auth/sso/start` and gets a browser address, a secret ticket and a
   six-digit confirmation code; it opens the address in the system browser.
2. The person signs in at the provider, which redirects the browser to
   `/auth/sso/callback`; Quid exchanges the code (with PKCE) and verifies the ID token.
3. The browser shows who signed in and the confirmation code, and asks the person to
   confirm that their app shows the same code (`POST /auth/sso/confirm`). This stops a
   sign-in link sent by someone else from handing them the person's session.
4. The app, polling `POST /auth/sso/session` with its ticket, receives its tokens once.
"""
