//! Typed tables: the engine's results as Arrow record batches whose columns have the types a
//! table's schema states (see `python/isms/_schema.py`, which derives each schema from the
//! engine's JSON Schema of its results), whatever the values hold, also when there are none.
//!
//! A schema is a list of columns, each `(name, path, kind, nullable, categories, ordered)`: the
//! value of a row's column is found by following `path` (keys of nested objects) from the row.
//!
//! | kind       | Arrow type                    | values                                          |
//! |------------|-------------------------------|-------------------------------------------------|
//! | `text`     | `Utf8`                        | text                                            |
//! | `integer`  | `Int64`                       | whole numbers (a float with no fraction too)   |
//! | `number`   | `Float64`                     | numbers                                         |
//! | `score`    | `Int64`, else `Float64`       | numbers: `Int64` when every one is whole (the façade asks for `integer` or `number` when it knows the method) |
//! | `flag`     | `Boolean`                     | `True`/`False`                                  |
//! | `date`     | `Date32`                      | `YYYY-MM-DD` text                               |
//! | `category` | `Dictionary<Int32, Utf8>`     | text among `categories` (others are added after them, in order of appearance) |
//! | `list`     | `List<Utf8>`                  | lists of text                                   |
//! | `json`     | `Utf8`                        | any value, as its JSON text                     |
//!
//! A missing key or `None` is null; a null in a column that is not nullable, or a value of
//! another kind, is a `ValueError` naming the column and the row. Rows come from Python (dicts,
//! [`typed_table`]) or from the engine's own records ([`crate::record`]), through one set of
//! builders, so both give the same table.

use std::collections::HashMap;
use std::sync::Arc;

use arrow_array::builder::{
    BooleanBuilder, Date32Builder, Float64Builder, Int64Builder, ListBuilder, StringBuilder,
};
use arrow_array::cast::AsArray;
use arrow_array::ffi_stream::FFI_ArrowArrayStream;
use arrow_array::types::Int32Type;
use arrow_array::{
    Array, ArrayRef, DictionaryArray, Int32Array, RecordBatch, RecordBatchIterator,
    RecordBatchOptions, StringArray,
};
use arrow_schema::{DataType, Field, Schema};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyCapsule, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde_json::Value;

/// The capsule name that the PyCapsule interface requires of an `ArrowArrayStream`.
pub(crate) const STREAM_CAPSULE_NAME: &std::ffi::CStr = c"arrow_array_stream";

/// The logical type of a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Integer,
    Number,
    Score,
    Flag,
    Date,
    Category,
    List,
    Json,
}

impl Kind {
    fn parse(name: &str) -> PyResult<Kind> {
        Ok(match name {
            "text" => Kind::Text,
            "integer" => Kind::Integer,
            "number" => Kind::Number,
            "score" => Kind::Score,
            "flag" => Kind::Flag,
            "date" => Kind::Date,
            "category" => Kind::Category,
            "list" => Kind::List,
            "json" => Kind::Json,
            other => {
                return Err(PyValueError::new_err(format!(
                    "unknown column kind `{other}`"
                )));
            }
        })
    }
}

/// One column of a table's schema, as Python states it.
#[derive(Debug, Clone)]
pub(crate) struct Spec {
    name: String,
    path: Vec<String>,
    kind: Kind,
    nullable: bool,
    categories: Vec<String>,
    ordered: bool,
}

impl Spec {
    /// The keys that reach the column's value from a record.
    pub(crate) fn path(&self) -> &[String] {
        &self.path
    }

    /// A column of `kind` that is nullable, without categories (for tests).
    #[cfg(test)]
    pub(crate) fn new(name: &str, path: &[&str], kind: &str) -> Spec {
        Spec {
            name: name.to_owned(),
            path: path.iter().map(|k| (*k).to_owned()).collect(),
            kind: Kind::parse(kind).unwrap_or(Kind::Json),
            nullable: true,
            categories: Vec::new(),
            ordered: false,
        }
    }
}

impl<'py> FromPyObject<'_, 'py> for Spec {
    type Error = PyErr;

    fn extract(spec: Borrowed<'_, 'py, PyAny>) -> PyResult<Self> {
        let (name, path, kind, nullable, categories, ordered): (
            String,
            Vec<String>,
            String,
            bool,
            Option<Vec<String>>,
            bool,
        ) = spec.extract()?;
        Ok(Spec {
            name,
            path,
            kind: Kind::parse(&kind)?,
            nullable,
            categories: categories.unwrap_or_default(),
            ordered,
        })
    }
}

/// A value of a row, from Python or from the engine.
pub(crate) trait Cell {
    fn is_null(&self) -> bool;
    fn to_bool(&self) -> Option<bool>;
    fn to_i64(&self) -> Option<i64>;
    fn to_f64(&self) -> Option<f64>;
    /// Calls `f` with the value's text, `None` when it is not text.
    fn with_text<R>(&self, f: impl FnOnce(&str) -> R) -> PyResult<Option<R>>;
    /// Calls `f` with each item of a list of text, `false` when the value is no such list.
    fn each_text(&self, f: impl FnMut(Option<&str>)) -> PyResult<bool>;
    /// The value as JSON text.
    fn json(&self) -> PyResult<String>;
}

impl Cell for Bound<'_, PyAny> {
    fn is_null(&self) -> bool {
        self.is_none()
    }
    fn to_bool(&self) -> Option<bool> {
        self.cast::<PyBool>().ok().map(|b| b.is_true())
    }
    fn to_i64(&self) -> Option<i64> {
        if self.is_instance_of::<PyBool>() {
            None
        } else if self.is_instance_of::<PyInt>() {
            self.extract().ok()
        } else if self.is_instance_of::<PyFloat>() {
            self.extract::<f64>().ok().and_then(whole)
        } else {
            None
        }
    }
    fn to_f64(&self) -> Option<f64> {
        if self.is_instance_of::<PyBool>() {
            None
        } else if self.is_instance_of::<PyInt>() || self.is_instance_of::<PyFloat>() {
            self.extract().ok()
        } else {
            None
        }
    }
    fn with_text<R>(&self, f: impl FnOnce(&str) -> R) -> PyResult<Option<R>> {
        match self.cast::<PyString>() {
            Ok(s) => Ok(Some(f(&s.to_cow()?))),
            Err(_) => Ok(None),
        }
    }
    fn each_text(&self, mut f: impl FnMut(Option<&str>)) -> PyResult<bool> {
        let items: Vec<Bound<'_, PyAny>> = if let Ok(list) = self.cast::<PyList>() {
            list.iter().collect()
        } else if let Ok(tuple) = self.cast::<PyTuple>() {
            tuple.iter().collect()
        } else {
            return Ok(false);
        };
        for item in &items {
            if item.is_none() {
                f(None);
            } else if item.with_text(|s| f(Some(s)))?.is_none() {
                let text = item.str()?;
                f(Some(&text.to_cow()?));
            }
        }
        Ok(true)
    }
    fn json(&self) -> PyResult<String> {
        // JSON for containers and numbers (`str()` when JSON cannot carry them: non-text keys,
        // cycles), `str()` for any other object (`True`, a date, …).
        let jsonable = self.is_instance_of::<PyDict>()
            || self.is_instance_of::<PyList>()
            || self.is_instance_of::<PyTuple>()
            || (self.is_instance_of::<PyInt>() && !self.is_instance_of::<PyBool>())
            || self.is_instance_of::<PyFloat>();
        if jsonable {
            let kwargs = PyDict::new(self.py());
            kwargs.set_item("ensure_ascii", false)?;
            kwargs.set_item("default", self.py().get_type::<PyString>())?;
            let dumps = self.py().import("json")?.getattr("dumps")?;
            if let Ok(text) = dumps.call((self,), Some(&kwargs)).and_then(|t| t.extract()) {
                return Ok(text);
            }
        }
        Ok(self.str()?.to_cow()?.into_owned())
    }
}

impl Cell for &Value {
    fn is_null(&self) -> bool {
        Value::is_null(self)
    }
    fn to_bool(&self) -> Option<bool> {
        self.as_bool()
    }
    fn to_i64(&self) -> Option<i64> {
        self.as_i64().or_else(|| self.as_f64().and_then(whole))
    }
    fn to_f64(&self) -> Option<f64> {
        self.as_f64()
    }
    fn with_text<R>(&self, f: impl FnOnce(&str) -> R) -> PyResult<Option<R>> {
        Ok(self.as_str().map(f))
    }
    fn each_text(&self, mut f: impl FnMut(Option<&str>)) -> PyResult<bool> {
        let Some(items) = self.as_array() else {
            return Ok(false);
        };
        for item in items {
            match item {
                Value::Null => f(None),
                Value::String(s) => f(Some(s)),
                other => f(Some(&other.to_string())),
            }
        }
        Ok(true)
    }
    fn json(&self) -> PyResult<String> {
        Ok(self.to_string())
    }
}

/// One value of an engine's record, as a column reads it ([`crate::record`]).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Leaf<'a> {
    Null,
    Bool(bool),
    Int(i64),
    UInt(u64),
    Float(f64),
    Text(&'a str),
}

impl Cell for Leaf<'_> {
    fn is_null(&self) -> bool {
        matches!(self, Leaf::Null)
    }
    fn to_bool(&self) -> Option<bool> {
        match self {
            Leaf::Bool(b) => Some(*b),
            _ => None,
        }
    }
    fn to_i64(&self) -> Option<i64> {
        match self {
            Leaf::Int(i) => Some(*i),
            Leaf::UInt(u) => i64::try_from(*u).ok(),
            Leaf::Float(f) => whole(*f),
            _ => None,
        }
    }
    fn to_f64(&self) -> Option<f64> {
        match self {
            Leaf::Int(i) => Some(*i as f64),
            Leaf::UInt(u) => Some(*u as f64),
            Leaf::Float(f) => Some(*f),
            _ => None,
        }
    }
    fn with_text<R>(&self, f: impl FnOnce(&str) -> R) -> PyResult<Option<R>> {
        Ok(match self {
            Leaf::Text(s) => Some(f(s)),
            _ => None,
        })
    }
    fn each_text(&self, _: impl FnMut(Option<&str>)) -> PyResult<bool> {
        Ok(false)
    }
    fn json(&self) -> PyResult<String> {
        Ok(match self {
            Leaf::Null => "null".to_owned(),
            Leaf::Bool(b) => b.to_string(),
            Leaf::Int(i) => i.to_string(),
            Leaf::UInt(u) => u.to_string(),
            Leaf::Float(f) => serde_json::Number::from_f64(*f)
                .map_or_else(|| "null".to_owned(), |n| n.to_string()),
            Leaf::Text(s) => serde_json::Value::from(*s).to_string(),
        })
    }
}

/// `f` as an `i64` when it is whole and within the range where every whole float is exact.
pub(crate) fn whole(f: f64) -> Option<i64> {
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
    (f.fract() == 0.0 && f.abs() <= EXACT).then_some(f as i64)
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date (proleptic Gregorian calendar).
fn days(text: &str) -> Option<i32> {
    let mut parts = text.splitn(3, '-');
    let year: i64 = parts.next()?.parse().ok()?;
    let month: i64 = parts.next()?.parse().ok()?;
    let day: i64 = parts.next()?.get(..2)?.parse().ok()?;
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    i32::try_from(era * 146_097 + doe - 719_468).ok()
}

/// The builder of one column.
enum Builder {
    Text(StringBuilder),
    Integer(Int64Builder),
    Number(Float64Builder),
    /// Scores gathered as numbers; `Int64` at the end when every one is whole.
    Score(Vec<Option<f64>>),
    Flag(BooleanBuilder),
    Date(Date32Builder),
    Category {
        keys: Vec<Option<i32>>,
        values: Vec<String>,
        index: HashMap<String, i32>,
    },
    List(ListBuilder<StringBuilder>),
    Json(StringBuilder),
}

/// A column being built: its schema and builder.
pub(crate) struct Column {
    spec: Spec,
    builder: Builder,
}

impl Column {
    pub(crate) fn new(spec: Spec, rows: usize) -> Column {
        let builder = match spec.kind {
            Kind::Text => Builder::Text(StringBuilder::with_capacity(rows, rows * 8)),
            Kind::Json => Builder::Json(StringBuilder::with_capacity(rows, rows * 8)),
            Kind::Integer => Builder::Integer(Int64Builder::with_capacity(rows)),
            Kind::Number => Builder::Number(Float64Builder::with_capacity(rows)),
            Kind::Score => Builder::Score(Vec::with_capacity(rows)),
            Kind::Flag => Builder::Flag(BooleanBuilder::with_capacity(rows)),
            Kind::Date => Builder::Date(Date32Builder::with_capacity(rows)),
            Kind::Category => Builder::Category {
                keys: Vec::with_capacity(rows),
                index: spec
                    .categories
                    .iter()
                    .enumerate()
                    .map(|(i, c)| (c.clone(), i32::try_from(i).unwrap_or(i32::MAX)))
                    .collect(),
                values: spec.categories.clone(),
            },
            Kind::List => Builder::List(ListBuilder::new(StringBuilder::new())),
        };
        Column { spec, builder }
    }

    /// Appends the value of row `row`.
    pub(crate) fn push(&mut self, row: usize, value: Option<impl Cell>) -> PyResult<()> {
        let value = value.filter(|v| !v.is_null());
        let Some(value) = value else {
            if !self.spec.nullable {
                return Err(PyValueError::new_err(format!(
                    "column `{}`: row {row} has no value",
                    self.spec.name
                )));
            }
            match &mut self.builder {
                Builder::Text(b) | Builder::Json(b) => b.append_null(),
                Builder::Integer(b) => b.append_null(),
                Builder::Number(b) => b.append_null(),
                Builder::Score(v) => v.push(None),
                Builder::Flag(b) => b.append_null(),
                Builder::Date(b) => b.append_null(),
                Builder::Category { keys, .. } => keys.push(None),
                Builder::List(b) => b.append_null(),
            }
            return Ok(());
        };
        let pushed = match &mut self.builder {
            Builder::Text(b) => value.with_text(|s| b.append_value(s))?.is_some(),
            Builder::Json(b) => {
                match value.with_text(|s| b.append_value(s))? {
                    Some(()) => {}
                    None => b.append_value(value.json()?),
                }
                true
            }
            Builder::Integer(b) => value.to_i64().map(|v| b.append_value(v)).is_some(),
            Builder::Number(b) => value.to_f64().map(|v| b.append_value(v)).is_some(),
            Builder::Score(v) => value.to_f64().map(|f| v.push(Some(f))).is_some(),
            Builder::Flag(b) => value.to_bool().map(|v| b.append_value(v)).is_some(),
            Builder::Date(b) => value
                .with_text(days)?
                .flatten()
                .map(|d| b.append_value(d))
                .is_some(),
            Builder::Category {
                keys,
                values,
                index,
            } => value
                .with_text(|s| keys.push(Some(category_key(values, index, s))))?
                .is_some(),
            Builder::List(b) => {
                let is_list = value.each_text(|item| match item {
                    Some(s) => b.values().append_value(s),
                    None => b.values().append_null(),
                })?;
                if is_list {
                    b.append(true);
                }
                is_list
            }
        };
        if pushed {
            Ok(())
        } else {
            Err(PyValueError::new_err(format!(
                "column `{}`: row {row} holds {}, not a value of kind {:?}",
                self.spec.name,
                value.json()?,
                self.spec.kind
            )))
        }
    }

    /// Appends the engine's value `leaf` to row `row` as [`Column::push`] does, the common
    /// pairs of value and column (text in a text or category column, a number in a number
    /// column, a flag in a flag column) straight into the builder.
    #[inline]
    pub(crate) fn push_leaf(&mut self, row: usize, leaf: Leaf<'_>) -> PyResult<()> {
        match (&mut self.builder, leaf) {
            (Builder::Text(b), Leaf::Text(s)) => b.append_value(s),
            (
                Builder::Category {
                    keys,
                    values,
                    index,
                },
                Leaf::Text(s),
            ) => keys.push(Some(category_key(values, index, s))),
            (Builder::Integer(b), Leaf::Int(i)) => b.append_value(i),
            (Builder::Number(b), Leaf::Float(f)) => b.append_value(f),
            (Builder::Score(v), Leaf::Int(i)) => v.push(Some(i as f64)),
            (Builder::Score(v), Leaf::Float(f)) => v.push(Some(f)),
            (Builder::Flag(b), Leaf::Bool(x)) => b.append_value(x),
            (_, leaf) => return self.push(row, Some(leaf)),
        }
        Ok(())
    }

    /// The list builder of a `list` column, `None` for a column of another kind.
    pub(crate) fn list_builder(&mut self) -> Option<&mut ListBuilder<StringBuilder>> {
        match &mut self.builder {
            Builder::List(b) => Some(b),
            _ => None,
        }
    }

    /// The finished column: its field and array.
    fn finish(self) -> PyResult<(Field, ArrayRef)> {
        let Column { spec, builder } = self;
        let (array, ordered): (ArrayRef, bool) = match builder {
            Builder::Text(mut b) | Builder::Json(mut b) => (Arc::new(b.finish()), false),
            Builder::Integer(mut b) => (Arc::new(b.finish()), false),
            Builder::Number(mut b) => (Arc::new(b.finish()), false),
            Builder::Score(values) => {
                let ints: Option<Vec<Option<i64>>> = values
                    .iter()
                    .map(|v| match v {
                        Some(f) => whole(*f).map(Some),
                        None => Some(None),
                    })
                    .collect();
                match ints {
                    Some(ints) => (Arc::new(arrow_array::Int64Array::from(ints)), false),
                    None => (Arc::new(arrow_array::Float64Array::from(values)), false),
                }
            }
            Builder::Flag(mut b) => (Arc::new(b.finish()), false),
            Builder::Date(mut b) => (Arc::new(b.finish()), false),
            Builder::Category { keys, values, .. } => {
                let dictionary = DictionaryArray::<Int32Type>::try_new(
                    Int32Array::from(keys),
                    Arc::new(StringArray::from(values)),
                )
                .map_err(|e| PyValueError::new_err(format!("column `{}`: {e}", spec.name)))?;
                (Arc::new(dictionary), spec.ordered)
            }
            Builder::List(mut b) => (Arc::new(b.finish()), false),
        };
        let field = Field::new(spec.name, array.data_type().clone(), spec.nullable)
            .with_dict_is_ordered(ordered);
        Ok((field, array))
    }
}

/// The key of category `s` in a dictionary column of `values` (indexed by `index`), added after
/// the others when new. A short dictionary (a category's few values, the method's bands) is
/// searched in order, faster than hashing every value.
fn category_key(values: &mut Vec<String>, index: &mut HashMap<String, i32>, s: &str) -> i32 {
    const SHORT: usize = 16;
    // The last of equal values, as `index` holds it.
    let found = if values.len() <= SHORT {
        values
            .iter()
            .rposition(|v| v == s)
            .map(|at| i32::try_from(at).unwrap_or(i32::MAX))
    } else {
        index.get(s).copied()
    };
    found.unwrap_or_else(|| {
        let k = i32::try_from(values.len()).unwrap_or(i32::MAX);
        index.insert(s.to_owned(), k);
        values.push(s.to_owned());
        k
    })
}

/// A table built by the engine: one Arrow record batch, read through the Arrow PyCapsule
/// interface (any number of times) and described by [`ArrowTable::types`] and
/// [`ArrowTable::categories`].
#[pyclass(frozen, module = "isms._native")]
pub(crate) struct ArrowTable {
    batch: RecordBatch,
}

#[pymethods]
impl ArrowTable {
    /// The Arrow C stream of the table (PyCapsule `arrow_array_stream`); `requested_schema` is
    /// accepted and ignored, as the interface allows.
    #[pyo3(signature = (requested_schema=None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        drop(requested_schema);
        let schema = self.batch.schema();
        let reader = RecordBatchIterator::new([Ok(self.batch.clone())], schema);
        let stream = FFI_ArrowArrayStream::new(Box::new(reader));
        PyCapsule::new_with_value(py, stream, STREAM_CAPSULE_NAME)
    }

    /// Each column's name and Arrow type as text (`Int64`, `Float64`, `Dictionary(Int32, Utf8)`, …).
    fn types(&self) -> Vec<(String, String)> {
        self.batch
            .schema()
            .fields()
            .iter()
            .map(|f| (f.name().clone(), f.data_type().to_string()))
            .collect()
    }

    /// The categories of each category column, in order (those of its schema, then any others
    /// its values hold).
    fn categories(&self) -> PyResult<Vec<(String, Vec<String>)>> {
        let mut out = Vec::new();
        for (field, column) in self
            .batch
            .schema()
            .fields()
            .iter()
            .zip(self.batch.columns())
        {
            if let DataType::Dictionary(..) = field.data_type()
                && let Some(dict) = column.as_any().downcast_ref::<DictionaryArray<Int32Type>>()
                && let Some(values) = dict.values().as_any().downcast_ref::<StringArray>()
            {
                out.push((
                    field.name().clone(),
                    values
                        .iter()
                        .map(|v| v.unwrap_or_default().to_owned())
                        .collect(),
                ));
            }
        }
        Ok(out)
    }

    /// The values of column `name` as Python values, as the records of the table hold them:
    /// text, `int`, `float`, `bool`, dates as `YYYY-MM-DD` text, categories as text, lists of
    /// text; `None` where missing.
    fn values<'py>(&self, py: Python<'py>, name: &str) -> PyResult<Vec<Bound<'py, PyAny>>> {
        let column = self
            .batch
            .column_by_name(name)
            .ok_or_else(|| PyValueError::new_err(format!("no column `{name}`")))?;
        let n = column.len();
        let none = || py.None().into_bound(py);
        let mut out = Vec::with_capacity(n);
        macro_rules! each {
            ($array:expr, $value:expr) => {{
                let array = $array;
                for i in 0..n {
                    out.push(if array.is_null(i) {
                        none()
                    } else {
                        $value(array.value(i))?.into_any()
                    });
                }
            }};
        }
        match column.data_type() {
            DataType::Utf8 => each!(column.as_string::<i32>(), |v: &str| v.into_pyobject(py)),
            DataType::Int64 => each!(
                column.as_primitive::<arrow_array::types::Int64Type>(),
                |v: i64| v.into_pyobject(py)
            ),
            DataType::Float64 => each!(
                column.as_primitive::<arrow_array::types::Float64Type>(),
                |v: f64| v.into_pyobject(py)
            ),
            DataType::Boolean => each!(column.as_boolean(), |v: bool| Ok::<_, PyErr>(
                PyBool::new(py, v).to_owned()
            )),
            DataType::Date32 => each!(
                column.as_primitive::<arrow_array::types::Date32Type>(),
                |v: i32| crate::frame::iso_date(i64::from(v)).into_pyobject(py)
            ),
            DataType::Dictionary(..) => {
                let dictionary = column.as_any_dictionary();
                let values = dictionary
                    .values()
                    .as_any()
                    .downcast_ref::<StringArray>()
                    .ok_or_else(|| {
                        PyValueError::new_err(format!("column `{name}` is not of text"))
                    })?;
                for (i, key) in dictionary.normalized_keys().iter().enumerate() {
                    out.push(if column.is_null(i) {
                        none()
                    } else {
                        values.value(*key).into_pyobject(py)?.into_any()
                    });
                }
            }
            DataType::List(_) => {
                for list in self.lists(py, name)? {
                    out.push(list.map_or_else(none, Bound::into_any));
                }
            }
            other => {
                return Err(PyValueError::new_err(format!(
                    "column `{name}` is of type {other}"
                )));
            }
        }
        Ok(out)
    }

    /// The values of the list column `name` as Python lists of text (`None` where missing): what
    /// pandas holds in a column of lists.
    fn lists<'py>(&self, py: Python<'py>, name: &str) -> PyResult<Vec<Option<Bound<'py, PyList>>>> {
        let column = self
            .batch
            .column_by_name(name)
            .ok_or_else(|| PyValueError::new_err(format!("no column `{name}`")))?;
        let lists = column
            .as_any()
            .downcast_ref::<arrow_array::ListArray>()
            .ok_or_else(|| PyValueError::new_err(format!("column `{name}` is not a list")))?;
        let texts = lists
            .values()
            .as_any()
            .downcast_ref::<StringArray>()
            .ok_or_else(|| PyValueError::new_err(format!("column `{name}` is not of text")))?;
        let offsets = lists.value_offsets();
        let mut out = Vec::with_capacity(lists.len());
        for (i, ends) in offsets.windows(2).enumerate() {
            if lists.is_null(i) {
                out.push(None);
                continue;
            }
            let (start, end) = match ends {
                [start, end] => (*start as usize, *end as usize),
                _ => (0, 0),
            };
            let items = (start..end).map(|j| texts.is_valid(j).then(|| texts.value(j)));
            out.push(Some(PyList::new(py, items)?));
        }
        Ok(out)
    }

    /// Number of rows.
    fn __len__(&self) -> usize {
        self.batch.num_rows()
    }
}

#[cfg(test)]
impl ArrowTable {
    /// The record batch.
    pub(crate) fn record_batch(&self) -> &RecordBatch {
        &self.batch
    }
}

/// The batch of `columns` over `rows` rows.
pub(crate) fn batch(columns: Vec<Column>, rows: usize) -> PyResult<ArrowTable> {
    let mut fields = Vec::with_capacity(columns.len());
    let mut arrays = Vec::with_capacity(columns.len());
    for column in columns {
        let (field, array) = column.finish()?;
        fields.push(field);
        arrays.push(array);
    }
    let options = RecordBatchOptions::new().with_row_count(Some(rows));
    let batch = RecordBatch::try_new_with_options(Arc::new(Schema::new(fields)), arrays, &options)
        .map_err(|e| PyValueError::new_err(format!("table: {e}")))?;
    Ok(ArrowTable { batch })
}

/// The value at `path` from `row` (a dict), `None` when a key is missing or a value on the way
/// is not a dict.
fn lookup<'py>(
    row: &Bound<'py, PyAny>,
    keys: &[Bound<'py, PyString>],
) -> PyResult<Option<Bound<'py, PyAny>>> {
    let mut value = row.clone();
    for key in keys {
        let Ok(dict) = value.cast::<PyDict>() else {
            return Ok(None);
        };
        match dict.get_item(key)? {
            Some(v) => value = v,
            None => return Ok(None),
        }
    }
    Ok(Some(value))
}

/// A table of Python rows (dicts; nested dicts reached by each column's path) or, when `columns`
/// is given instead, of one Python list per column in schema order.
///
/// Raises `ValueError` when a value is not of its column's kind or a column that is not
/// nullable has no value, naming the column and row.
#[pyfunction]
#[pyo3(signature = (schema, rows=None, columns=None))]
pub(crate) fn typed_table<'py>(
    py: Python<'py>,
    schema: Vec<Spec>,
    rows: Option<Bound<'py, PyAny>>,
    columns: Option<Vec<Bound<'py, PyAny>>>,
) -> PyResult<ArrowTable> {
    fn items<'py>(source: &Bound<'py, PyAny>) -> PyResult<Vec<Bound<'py, PyAny>>> {
        if let Ok(list) = source.cast::<PyList>() {
            Ok(list.iter().collect())
        } else {
            source.try_iter()?.collect()
        }
    }
    match (rows, columns) {
        (Some(rows), None) => {
            let rows = items(&rows)?;
            let paths: Vec<Vec<Bound<'_, PyString>>> = schema
                .iter()
                .map(|spec| spec.path.iter().map(|k| PyString::intern(py, k)).collect())
                .collect();
            let beside = beside(&schema);
            let mut built: Vec<Column> = schema
                .iter()
                .map(|spec| Column::new(spec.clone(), rows.len()))
                .collect();
            for (i, row) in rows.iter().enumerate() {
                // Columns of one nested object sit side by side: the object is looked up once.
                let mut holder: Option<Bound<'_, PyAny>> = None;
                for ((column, keys), beside) in built.iter_mut().zip(&paths).zip(&beside) {
                    let Some((last, above)) = keys.split_last() else {
                        column.push(i, Some(row.clone()))?;
                        continue;
                    };
                    if !beside {
                        holder = lookup(row, above)?;
                    }
                    let value = match holder.as_ref().map(|h| h.cast::<PyDict>()) {
                        Some(Ok(dict)) => dict.get_item(last)?,
                        _ => None,
                    };
                    column.push(i, value)?;
                }
            }
            batch(built, rows.len())
        }
        (None, Some(columns)) => {
            if columns.len() != schema.len() {
                return Err(PyValueError::new_err(format!(
                    "table: {} columns for a schema of {}",
                    columns.len(),
                    schema.len()
                )));
            }
            let mut built = Vec::with_capacity(schema.len());
            let mut length = None;
            for (spec, values) in schema.into_iter().zip(&columns) {
                let values = items(values)?;
                if *length.get_or_insert(values.len()) != values.len() {
                    return Err(PyValueError::new_err(format!(
                        "table: column `{}` has {} values, the first column {}",
                        spec.name,
                        values.len(),
                        length.unwrap_or_default()
                    )));
                }
                let mut column = Column::new(spec, values.len());
                for (i, value) in values.into_iter().enumerate() {
                    column.push(i, Some(value))?;
                }
                built.push(column);
            }
            batch(built, length.unwrap_or(0))
        }
        _ => Err(PyValueError::new_err("table: give either rows or columns")),
    }
}

/// For each column, whether its value sits in the same object as the previous column's.
fn beside(schema: &[Spec]) -> Vec<bool> {
    let mut out = Vec::with_capacity(schema.len());
    let mut above: Option<&[String]> = None;
    for spec in schema {
        let this = spec.path.split_last().map(|(_, rest)| rest);
        out.push(this.is_some() && this == above);
        above = this;
    }
    out
}

/// Adds [`typed_table`] and [`ArrowTable`] to the module `m`.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(typed_table, m)?)?;
    m.add_class::<ArrowTable>()
}

#[cfg(test)]
mod tests {
    use super::days;

    #[test]
    fn dates_count_days_from_1970() {
        assert_eq!(days("1970-01-01"), Some(0));
        assert_eq!(days("2000-03-01"), Some(11_017));
        assert_eq!(days("2026-12-15"), Some(20_802));
        assert_eq!(days("1969-12-31"), Some(-1));
        assert_eq!(days("2026-13-01"), None);
        assert_eq!(days("soon"), None);
    }
}
