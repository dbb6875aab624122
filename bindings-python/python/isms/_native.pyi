from typing import Any, List, Optional, Tuple, Union

__version__: str

class IsmsError(ValueError):
    code: str
    path: str
    details: Optional[Any]

def call(op: str, input: str) -> str: ...
def ops() -> List[str]: ...
def arrow_stream(
    names: List[str],
    columns: List[Union[List[Any], Tuple[Any, ...]]],
    requested_schema: Optional[object] = None,
) -> object: ...  # a PyCapsule named "arrow_array_stream"
