"""Code that both the Quid server and the Quid app import: enums, limits and rules.

Nothing here may import Flask, SQLAlchemy or Kivy: the phone app ships this package too.
"""
