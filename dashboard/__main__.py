"""`python -m dashboard [--host H] [--port P]`: serve the dashboard on the current warehouse."""

import argparse
import sys

from dashboard.app import create_app, warm_up_in_background
from warehouse.config import check_host
from warehouse.errors import WarehouseError

parser = argparse.ArgumentParser(prog="python -m dashboard", description=__doc__)
parser.add_argument("--host", default="127.0.0.1")
parser.add_argument("--port", type=int, default=8050)
parser.add_argument("--debug", action="store_true")
arguments = parser.parse_args()
try:
    # without sign-in configured, whoever reached the port would see every school
    check_host(arguments.host)
except WarehouseError as error:
    sys.exit(f"error: {error}")
app = create_app()
warm_up_in_background()
app.run(host=arguments.host, port=arguments.port, debug=arguments.debug)
