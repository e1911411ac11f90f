"""The Kivy application: one window, one session, the shell of screens."""

import os

from kivy.app import App
from kivy.core.window import Window

from mobile.outbox.backoff import Backoff
from mobile.session import Session
from mobile.shell import Shell
from mobile.ui import theme


class QuidApp(App):
    """Quid on a phone (or a desktop window)."""

    title = "Quid"

    def __init__(self, *, server_address: str | None = None, data_directory: str | None = None, **kwargs):
        super().__init__(**kwargs)
        self._server_address = server_address
        self._data_directory = data_directory
        self.shell = None

    def build(self):
        Window.clearcolor = theme.BACKGROUND
        # Android: the keyboard pushes the screen up instead of covering the field being typed.
        Window.softinput_mode = "below_target"
        # user_data_dir is the app's private storage on Android and ~/.config/quid on Linux.
        session = Session(
            data_directory=self._data_directory or self.user_data_dir,
            server_address=self._server_address,
            backoff=Backoff(),
        )
        self.shell = Shell(session=session)
        Window.bind(on_keyboard=self._on_keyboard)
        return self.shell

    def on_start(self):
        self.shell.start()

    def on_stop(self):
        self.shell.stop()

    def on_pause(self):
        # Android may pause the app when the person switches away; the outbox is on disk.
        return True

    def _on_keyboard(self, _window, key, *_args):
        # Android's back key (27 = escape) goes back a screen instead of closing the app.
        if key == 27:
            return self.shell.navigator.back()
        return False


def main(argv: list[str] | None = None) -> None:
    """`python -m mobile [--server URL] [--data-dir DIR]`."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m mobile", description="The Quid app.")
    parser.add_argument(
        "--server",
        default=os.environ.get("QUID_SERVER"),
        help="API server address, e.g. http://127.0.0.1:8000 (remembered)",
    )
    parser.add_argument(
        "--data-dir",
        default=os.environ.get("QUID_APP_DATA"),
        help="where the app keeps its tokens and outbox (default: the platform's)",
    )
    arguments = parser.parse_args(argv)
    QuidApp(server_address=arguments.server, data_directory=arguments.data_dir).run()
