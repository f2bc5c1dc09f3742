"""The municipality's directory: departments with their extensions and numbers, office hours and
closed days (spec section 7). Load it with ``load_directory``; every problem in the file is
reported at once as a ``DirectoryError`` naming file and line.
"""

from processor.directory.check import check_directory
from processor.directory.directory import UNASSIGNED_NAME, Department, Directory
from processor.directory.errors import DirectoryError
from processor.directory.load import load_directory, parse_directory
from processor.directory.model import UNASSIGNED, DirectoryModel

__all__ = [
    "UNASSIGNED",
    "UNASSIGNED_NAME",
    "Department",
    "Directory",
    "DirectoryError",
    "DirectoryModel",
    "check_directory",
    "load_directory",
    "parse_directory",
]
