from typing import Any, List, Optional, Tuple, Union, final

__all__ = [
    "call",
    "ops",
    "read_register",
    "Register",
    "simulate",
    "combine",
    "Simulated",
    "arrow_stream",
    "IsmsError",
    "__version__",
]

__version__: str

class IsmsError(ValueError):
    code: str
    path: str
    details: Optional[Any]
    row: Optional[int]
    column: Optional[str]

def call(op: str, input: Union[str, bytes], limits: Optional[str] = None) -> str: ...
def ops() -> List[str]: ...
def arrow_stream(
    names: List[str],
    columns: List[Union[List[Any], Tuple[Any, ...]]],
    requested_schema: Optional[object] = None,
) -> object: ...  # a PyCapsule named "arrow_array_stream"
@final
class Register:
    def summary(self) -> str: ...
    def document(self) -> str: ...
    def analysis(self) -> Optional[str]: ...
    def columns(self) -> Tuple[List[str], List[List[Any]]]: ...
    def __len__(self) -> int: ...

def read_register(request: str, data: Optional[bytes] = None, top: int = 10) -> Register: ...

@final
class Simulated:
    def response(self) -> str: ...
    def samples(self, index: Optional[int] = None, residual: bool = True) -> Optional[bytes]: ...
    def parts(self) -> List[Tuple[str, bytes, bytes, List[float]]]: ...

def simulate(request: str) -> Simulated: ...
def combine(
    request: str, parts: List[Tuple[str, bytes, bytes, List[float]]]
) -> Simulated: ...
