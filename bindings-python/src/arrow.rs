//! The Arrow PyCapsule interface of `isms._native`: [`arrow_stream`] turns named columns of Python
//! values into an Arrow C stream (`__arrow_c_stream__`, see
//! <https://arrow.apache.org/docs/format/CDataInterface/PyCapsuleInterface.html>) that pyarrow,
//! polars, pandas, DuckDB and other consumers import without copying through Python objects.
//!
//! This module owns the inference of an Arrow type from a column's values and the conversion of
//! those values with arrow-array's builders. The C structures, their release callbacks and the
//! capsule's destructor come from arrow-array (`FFI_ArrowArrayStream`) and pyo3
//! (`PyCapsule::new_with_value`): no hand-written unsafe code here.
//!
//! Types, from the non-`None` values of a column (`None` is null in every type):
//!
//! | values                                   | Arrow type     |
//! |------------------------------------------|----------------|
//! | `bool`                                   | `Boolean`      |
//! | `int` (within 64 bits)                   | `Int64`        |
//! | `float`, or `int` and `float` mixed      | `Float64`      |
//! | `str`                                    | `Utf8`         |
//! | `list` of `str` (or `None`)              | `List<Utf8>`   |
//! | none at all (every value `None`, or no rows) | `Null`     |
//! | anything else, mixed kinds, an `int` beyond 64 bits (or beyond `float` range when mixed with floats) | `Utf8` |
//!
//! In that last, catch-all case, a `dict`, `list` or `tuple` becomes its JSON text
//! (`json.dumps(value, ensure_ascii=False, default=str)`, or `str(value)` when JSON cannot carry
//! it, for instance non-string keys or cycles) and any other value becomes `str(value)`.
//! String columns whose text passes the 2 GiB that 32-bit offsets address become `LargeUtf8`
//! (and `LargeList<LargeUtf8>`), so no input makes the builders overflow.

use std::sync::Arc;

use arrow_array::builder::{
    BooleanBuilder, Float64Builder, GenericListBuilder, GenericStringBuilder, Int64Builder,
};
use arrow_array::ffi_stream::FFI_ArrowArrayStream;
use arrow_array::{
    ArrayRef, NullArray, OffsetSizeTrait, RecordBatch, RecordBatchIterator, RecordBatchOptions,
};
use arrow_schema::{Field, Schema};
use pyo3::exceptions::{PyOverflowError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyCapsule, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};

/// The capsule name that the PyCapsule interface requires of an `ArrowArrayStream`.
const STREAM_CAPSULE_NAME: &std::ffi::CStr = c"arrow_array_stream";

/// An Arrow C stream (PyCapsule named "arrow_array_stream") of one record batch whose columns
/// are `columns[i]` named `names[i]`.
///
/// Each column is a `list` (or `tuple`) of Python values; its Arrow type follows from those values
/// as the module documentation tables. Every field is nullable. `requested_schema` is accepted
/// and ignored, as the interface allows a producer to do: the consumer casts if it wants to.
///
/// Raises `ValueError` when `names` and `columns` differ in number or the columns in length,
/// `TypeError` when a column is not a `list` or `tuple`.
#[pyfunction]
#[pyo3(signature = (names, columns, requested_schema=None))]
pub(crate) fn arrow_stream<'py>(
    py: Python<'py>,
    names: Vec<String>,
    columns: Vec<Bound<'py, PyAny>>,
    requested_schema: Option<Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyCapsule>> {
    // The producer may ignore the requested schema (PyCapsule interface, "Schema requests").
    drop(requested_schema);
    if names.len() != columns.len() {
        return Err(PyValueError::new_err(format!(
            "arrow_stream: {} names for {} columns",
            names.len(),
            columns.len()
        )));
    }
    let rows = row_count(&names, &columns)?;

    let mut fields = Vec::with_capacity(columns.len());
    let mut arrays = Vec::with_capacity(columns.len());
    for (name, column) in names.into_iter().zip(&columns) {
        let items = snapshot(column)?;
        if items.len() != rows {
            return Err(PyValueError::new_err(format!(
                "arrow_stream: column {name:?} changed length while being converted"
            )));
        }
        let array = to_array(py, &items)?;
        fields.push(Field::new(name, array.data_type().clone(), true));
        arrays.push(array);
    }

    let schema = Arc::new(Schema::new(fields));
    let options = RecordBatchOptions::new().with_row_count(Some(rows));
    let batch = RecordBatch::try_new_with_options(Arc::clone(&schema), arrays, &options)
        .map_err(|e| PyValueError::new_err(format!("arrow_stream: {e}")))?;
    let reader = RecordBatchIterator::new([Ok(batch)], schema);
    // The capsule owns the stream; its destructor drops it, and `FFI_ArrowArrayStream`'s `Drop`
    // calls `release` unless a consumer has moved the stream out (leaving `release` null).
    let stream = FFI_ArrowArrayStream::new(Box::new(reader));
    PyCapsule::new_with_value(py, stream, STREAM_CAPSULE_NAME)
}

/// Adds [`arrow_stream`] to the module `m`.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(arrow_stream, m)?)
}

/// The common length of the columns (0 when there are none), or a `ValueError` listing each
/// column's length when they differ.
fn row_count(names: &[String], columns: &[Bound<'_, PyAny>]) -> PyResult<usize> {
    let lengths = columns
        .iter()
        .map(|column| column.len())
        .collect::<PyResult<Vec<usize>>>()?;
    let rows = lengths.first().copied().unwrap_or(0);
    if lengths.iter().all(|&n| n == rows) {
        return Ok(rows);
    }
    let listed = names
        .iter()
        .zip(&lengths)
        .map(|(name, n)| format!("{name:?}: {n}"))
        .collect::<Vec<_>>()
        .join(", ");
    Err(PyValueError::new_err(format!(
        "arrow_stream: columns of unequal lengths ({listed})"
    )))
}

/// The values of a column, held for the conversion so that Python code run meanwhile (`str()`
/// of a value) cannot change what is being converted.
fn snapshot<'py>(column: &Bound<'py, PyAny>) -> PyResult<Vec<Bound<'py, PyAny>>> {
    if let Ok(list) = column.cast::<PyList>() {
        Ok(list.iter().collect())
    } else if let Ok(tuple) = column.cast::<PyTuple>() {
        Ok(tuple.iter().collect())
    } else {
        Err(PyTypeError::new_err(format!(
            "arrow_stream: a column must be a list or tuple, not {}",
            column.get_type().name()?
        )))
    }
}

/// What the values of a column have in common; the join of [`Kind::of`] over its values.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    /// No value but `None` (or no value at all).
    Null,
    /// `bool`.
    Bool,
    /// `int`, not `bool`.
    Int,
    /// `float`, or `int` and `float` mixed.
    Float,
    /// `str`.
    Str,
    /// `list` whose items are `str` or `None`.
    StrList,
    /// Anything else: rendered as text.
    Other,
}

impl Kind {
    /// The kind of one value. `bool` is tested before `int`, of which it is a subclass.
    fn of(value: &Bound<'_, PyAny>) -> Kind {
        if value.is_none() {
            Kind::Null
        } else if value.is_instance_of::<PyBool>() {
            Kind::Bool
        } else if value.is_instance_of::<PyInt>() {
            Kind::Int
        } else if value.is_instance_of::<PyFloat>() {
            Kind::Float
        } else if value.is_instance_of::<PyString>() {
            Kind::Str
        } else if let Ok(list) = value.cast::<PyList>() {
            if list
                .iter()
                .all(|item| item.is_none() || item.is_instance_of::<PyString>())
            {
                Kind::StrList
            } else {
                Kind::Other
            }
        } else {
            Kind::Other
        }
    }

    /// The kind of a column holding values of kinds `self` and `other`.
    fn join(self, other: Kind) -> Kind {
        match (self, other) {
            (Kind::Null, kind) | (kind, Kind::Null) => kind,
            (a, b) if a == b => a,
            (Kind::Int, Kind::Float) | (Kind::Float, Kind::Int) => Kind::Float,
            _ => Kind::Other,
        }
    }

    /// The kind of a column of `values`.
    fn of_column(values: &[Bound<'_, PyAny>]) -> Kind {
        let mut kind = Kind::Null;
        for value in values {
            kind = kind.join(Kind::of(value));
            if kind == Kind::Other {
                break;
            }
        }
        kind
    }
}

/// The Arrow array of a column's values.
fn to_array(py: Python<'_>, values: &[Bound<'_, PyAny>]) -> PyResult<ArrayRef> {
    let converted = match Kind::of_column(values) {
        Kind::Null => Some(Arc::new(NullArray::new(values.len())) as ArrayRef),
        Kind::Bool => Some(bools(values)?),
        Kind::Int => ints(values)?,
        Kind::Float => floats(values)?,
        Kind::Str => Some(texts(values, &|value| {
            value.cast::<PyString>()?.encode_utf8()
        })?),
        Kind::StrList => Some(text_lists(values)?),
        Kind::Other => None,
    };
    match converted {
        Some(array) => Ok(array),
        // Other values, or numbers that do not fit the numeric type: text.
        None => {
            let render = Render::new(py)?;
            texts(values, &|value| render.text(value))
        }
    }
}

/// A `Boolean` array of `bool` or `None` values.
fn bools(values: &[Bound<'_, PyAny>]) -> PyResult<ArrayRef> {
    let mut builder = BooleanBuilder::with_capacity(values.len());
    for value in values {
        if value.is_none() {
            builder.append_null();
        } else {
            builder.append_value(value.extract::<bool>()?);
        }
    }
    Ok(Arc::new(builder.finish()))
}

/// An `Int64` array of `int` or `None` values, or `None` when an `int` does not fit 64 bits.
fn ints(values: &[Bound<'_, PyAny>]) -> PyResult<Option<ArrayRef>> {
    let mut builder = Int64Builder::with_capacity(values.len());
    for value in values {
        if value.is_none() {
            builder.append_null();
        } else {
            match value.extract::<i64>() {
                Ok(v) => builder.append_value(v),
                Err(e) if e.is_instance_of::<PyOverflowError>(value.py()) => return Ok(None),
                Err(e) => return Err(e),
            }
        }
    }
    Ok(Some(Arc::new(builder.finish())))
}

/// A `Float64` array of `float`, `int` or `None` values, or `None` when an `int` is beyond the
/// range of a `float`.
fn floats(values: &[Bound<'_, PyAny>]) -> PyResult<Option<ArrayRef>> {
    let mut builder = Float64Builder::with_capacity(values.len());
    for value in values {
        if value.is_none() {
            builder.append_null();
        } else {
            match value.extract::<f64>() {
                Ok(v) => builder.append_value(v),
                Err(e) if e.is_instance_of::<PyOverflowError>(value.py()) => return Ok(None),
                Err(e) => return Err(e),
            }
        }
    }
    Ok(Some(Arc::new(builder.finish())))
}

/// A `Utf8` array (`LargeUtf8` past 2 GiB of text) of the UTF-8 text that `text` gives for each
/// value, null for `None`.
fn texts<'py>(
    values: &[Bound<'py, PyAny>],
    text: &dyn Fn(&Bound<'py, PyAny>) -> PyResult<Bound<'py, PyBytes>>,
) -> PyResult<ArrayRef> {
    match texts_with::<i32>(values, text)? {
        Some(array) => Ok(array),
        None => texts_with::<i64>(values, text)?.ok_or_else(too_large),
    }
}

/// [`texts`] with offsets of type `O`, or `None` when the text overflows them.
fn texts_with<'py, O: OffsetSizeTrait>(
    values: &[Bound<'py, PyAny>],
    text: &dyn Fn(&Bound<'py, PyAny>) -> PyResult<Bound<'py, PyBytes>>,
) -> PyResult<Option<ArrayRef>> {
    let mut builder = GenericStringBuilder::<O>::with_capacity(values.len(), values.len() * 8);
    let mut bytes = 0_usize;
    for value in values {
        if value.is_none() {
            builder.append_null();
            continue;
        }
        let utf8 = text(value)?;
        let s = as_str(&utf8)?;
        bytes = bytes.saturating_add(s.len());
        if O::from_usize(bytes).is_none() {
            return Ok(None);
        }
        builder.append_value(s);
    }
    Ok(Some(Arc::new(builder.finish())))
}

/// A `List<Utf8>` array (`LargeList<LargeUtf8>` past 2 GiB of text) of `list`s of `str` or
/// `None`, null for `None`.
fn text_lists(values: &[Bound<'_, PyAny>]) -> PyResult<ArrayRef> {
    match text_lists_with::<i32>(values)? {
        Some(array) => Ok(array),
        None => text_lists_with::<i64>(values)?.ok_or_else(too_large),
    }
}

/// [`text_lists`] with offsets of type `O`, or `None` when the items or their text overflow them.
fn text_lists_with<O: OffsetSizeTrait>(values: &[Bound<'_, PyAny>]) -> PyResult<Option<ArrayRef>> {
    let mut builder =
        GenericListBuilder::<O, _>::with_capacity(GenericStringBuilder::<O>::new(), values.len());
    let (mut items, mut bytes) = (0_usize, 0_usize);
    for value in values {
        if value.is_none() {
            builder.append_null();
            continue;
        }
        for item in value.cast::<PyList>()?.iter() {
            items = items.saturating_add(1);
            if item.is_none() {
                builder.values().append_null();
            } else {
                let utf8 = item.cast::<PyString>()?.encode_utf8()?;
                let s = as_str(&utf8)?;
                bytes = bytes.saturating_add(s.len());
                if O::from_usize(bytes).is_none() {
                    return Ok(None);
                }
                builder.values().append_value(s);
            }
            if O::from_usize(items).is_none() {
                return Ok(None);
            }
        }
        builder.append(true);
    }
    Ok(Some(Arc::new(builder.finish())))
}

/// The text of UTF-8 bytes that Python encoded (so the check cannot fail in practice).
fn as_str<'a>(utf8: &'a Bound<'_, PyBytes>) -> PyResult<&'a str> {
    std::str::from_utf8(utf8.as_bytes())
        .map_err(|e| PyValueError::new_err(format!("arrow_stream: {e}")))
}

/// The error of a column beyond even 64-bit offsets (not reachable with real memory).
fn too_large() -> PyErr {
    PyValueError::new_err("arrow_stream: a column is too large for Arrow offsets")
}

/// Renders values of the catch-all kind as text: JSON for containers, `str()` for the rest.
struct Render<'py> {
    /// `json.JSONEncoder(ensure_ascii=False, default=str).encode`: what `json.dumps` with those
    /// arguments calls, without building an encoder per value (a third of the time).
    encode: Bound<'py, PyAny>,
}

impl<'py> Render<'py> {
    /// Builds the JSON encoder once per column.
    fn new(py: Python<'py>) -> PyResult<Self> {
        let kwargs = PyDict::new(py);
        kwargs.set_item("ensure_ascii", false)?;
        kwargs.set_item("default", py.get_type::<PyString>())?;
        let encoder = py
            .import("json")?
            .getattr("JSONEncoder")?
            .call((), Some(&kwargs))?;
        Ok(Render {
            encode: encoder.getattr("encode")?,
        })
    }

    /// The UTF-8 text of `value`: `json.dumps` of a `dict`, `list` or `tuple` (falling back to
    /// `str()` when JSON cannot carry it), `str()` of anything else.
    fn text(&self, value: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyBytes>> {
        let container = value.is_instance_of::<PyDict>()
            || value.is_instance_of::<PyList>()
            || value.is_instance_of::<PyTuple>();
        if container
            && let Ok(json) = self.encode.call1((value,))
            && let Ok(json) = json.cast_into::<PyString>()
        {
            return json.encode_utf8();
        }
        value.str()?.encode_utf8()
    }
}
