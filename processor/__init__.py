"""reachability: live phone reachability of a municipality from call detail records."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("reachability")
except PackageNotFoundError:  # running from a source tree without an install
    __version__ = "0.0.0"
