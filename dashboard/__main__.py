"""`python -m dashboard [--host H] [--port P]`: serve the dashboard on the current warehouse."""

import argparse

from dashboard.app import create_app, warm_up_in_background

parser = argparse.ArgumentParser(prog="python -m dashboard", description=__doc__)
parser.add_argument("--host", default="127.0.0.1")
parser.add_argument("--port", type=int, default=8050)
parser.add_argument("--debug", action="store_true")
arguments = parser.parse_args()
app = create_app()
warm_up_in_background()
app.run(host=arguments.host, port=arguments.port, debug=arguments.debug)
