"""Domain errors. The CLI prints their message as one line and exits non-zero."""


class WarehouseError(Exception):
    """Something the user can fix: a bad file, an unknown school, a missing warehouse."""


class ImportFileError(WarehouseError):
    """A file that cannot be imported at all (empty, binary, missing columns)."""

    def __init__(self, path, problem: str, line: int | None = None):
        where = f"{path}" if line is None else f"{path}, line {line}"
        super().__init__(f"{where}: {problem}")
        self.path, self.problem, self.line = path, problem, line


class UnknownSchoolError(WarehouseError):
    """--school names no registered home school."""
