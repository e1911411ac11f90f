"""The one way the app talks to the Quid API."""
