"""`python -m dashboard [--host H] [--port P] [--workers N] [--threads N] [--dev] [--debug]`:
serve the dashboard on the current warehouse (gunicorn; --dev: Flask's development server)."""

import argparse
import sys

from dashboard import serving
from warehouse.config import check_host, is_loopback
from warehouse.errors import WarehouseError

parser = argparse.ArgumentParser(prog="python -m dashboard", description=__doc__)
parser.add_argument("--host", default="127.0.0.1")
parser.add_argument("--port", type=int, default=8050)
parser.add_argument("--workers", type=int, default=serving.default_workers())
parser.add_argument("--threads", type=int, default=8, help="threads per worker")
parser.add_argument("--dev", action="store_true", help="Flask's development server")
parser.add_argument("--debug", action="store_true", help="Dash's debug tools (implies --dev)")
arguments = parser.parse_args()
try:
    # without sign-in configured, whoever reached the port would see every school
    check_host(arguments.host)
except WarehouseError as error:
    sys.exit(f"error: {error}")
if arguments.debug and not is_loopback(arguments.host):
    # Werkzeug's debugger runs the Python typed into its console
    sys.exit(f"error: --debug runs code sent from the browser: loopback only, not {arguments.host}")
if arguments.workers < 1 or arguments.threads < 1:
    sys.exit("error: --workers and --threads take a number of at least 1")
if arguments.dev or arguments.debug:
    serving.run_development(arguments.host, arguments.port, arguments.debug)
else:
    serving.run_production(arguments.host, arguments.port, arguments.workers, arguments.threads)
