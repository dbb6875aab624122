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
    "api_schema",
    "typed_table",
    "ArrowTable",
    "ArrowUnsupported",
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

class ArrowUnsupported(TypeError): ...

def call(op: str, input: Union[str, bytes], limits: Optional[str] = None) -> str: ...
def ops() -> List[str]: ...
def arrow_stream(
    names: List[str],
    columns: List[Union[List[Any], Tuple[Any, ...]]],
    requested_schema: Optional[object] = None,
) -> object: ...  # a PyCapsule named "arrow_array_stream"
def api_schema() -> str: ...
@final
class ArrowTable:
    def __arrow_c_stream__(self, requested_schema: Optional[object] = None) -> object: ...
    def types(self) -> List[Tuple[str, str]]: ...
    def categories(self) -> List[Tuple[str, List[str]]]: ...
    def __len__(self) -> int: ...

def typed_table(
    schema: List[Tuple[str, List[str], str, bool, Optional[List[str]], bool]],
    rows: Optional[Any] = None,
    columns: Optional[List[Any]] = None,
) -> ArrowTable: ...
@final
class Register:
    def summary(self) -> str: ...
    def document(self) -> str: ...
    def analysis(self) -> Optional[str]: ...
    def table(self, schema: List[Tuple[str, List[str], str, bool, Optional[List[str]], bool]]) -> ArrowTable: ...
    def __len__(self) -> int: ...

def read_register(
    request: str, data: Optional[bytes] = None, top: int = 10, frame: Optional[Any] = None
) -> Register: ...

@final
class Simulated:
    def response(self) -> str: ...
    def samples(self, index: Optional[int] = None, residual: bool = True) -> Optional[bytes]: ...
    def parts(self) -> List[Tuple[str, bytes, bytes, List[float]]]: ...

def simulate(request: str) -> Simulated: ...
def combine(
    request: str, parts: List[Tuple[str, bytes, bytes, List[float]]]
) -> Simulated: ...
