from typing import Any, List, Optional

__version__: str

class IsmsError(ValueError):
    code: str
    path: str
    details: Optional[Any]

def call(op: str, input: str) -> str: ...
def ops() -> List[str]: ...
