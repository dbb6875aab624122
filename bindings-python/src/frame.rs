//! DataFrames in: the rows of a register read from any object that offers the Arrow PyCapsule
//! stream interface (`__arrow_c_stream__`: a polars DataFrame, a pyarrow Table, a pandas
//! DataFrame converted by pyarrow, DuckDB results, …), column by column in Rust, without a Python
//! object per cell.
//!
//! Each cell becomes the value the register reader takes from a list of rows, as a spreadsheet
//! shows it: text as it is, whole numbers without `.0`, `NaN` and nulls empty, booleans
//! `TRUE`/`FALSE`, dates and timestamps `YYYY-MM-DD`. A column of another Arrow type (lists,
//! structs, decimals, …) is an [`Unsupported`] error, on which the façade reads the frame row by
//! row instead.

use arrow_array::cast::AsArray;
use arrow_array::ffi_stream::{FFI_ArrowArrayStream, RecordBatchStreamReader};
use arrow_array::types::{
    Date32Type, Date64Type, Float32Type, Float64Type, Int8Type, Int16Type, Int32Type, Int64Type,
    TimestampMicrosecondType, TimestampMillisecondType, TimestampNanosecondType,
    TimestampSecondType, UInt8Type, UInt16Type, UInt32Type, UInt64Type,
};
use arrow_array::{Array, ArrayRef, RecordBatchReader};
use arrow_schema::{DataType, TimeUnit};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyCapsule;
use serde_json::Value;

use crate::table::STREAM_CAPSULE_NAME;

pyo3::create_exception!(
    isms,
    Unsupported,
    PyTypeError,
    "A column of an Arrow type the register reader does not take from a stream."
);

/// The rows of `frame` (its header, the column names, first), read through
/// `frame.__arrow_c_stream__()`.
pub(crate) fn rows(frame: &Bound<'_, PyAny>) -> PyResult<Vec<Vec<Value>>> {
    let capsule = frame
        .call_method0("__arrow_c_stream__")?
        .cast_into::<PyCapsule>()?;
    let pointer = capsule.pointer_checked(Some(STREAM_CAPSULE_NAME))?;
    // SAFETY: the PyCapsule interface guarantees that a capsule named `arrow_array_stream`
    // holds a valid `ArrowArrayStream`, which the consumer may move out once; `from_raw`
    // moves it and leaves the capsule's copy released (its `release` null), so the capsule's
    // destructor does not release it a second time.
    #[allow(unsafe_code, reason = "the one way to take a stream from a PyCapsule")]
    let stream = unsafe { FFI_ArrowArrayStream::from_raw(pointer.as_ptr().cast()) };
    let reader = RecordBatchStreamReader::try_new(stream).map_err(arrow_error)?;
    let header: Vec<Value> = reader
        .schema()
        .fields()
        .iter()
        .map(|f| Value::String(f.name().clone()))
        .collect();
    let mut rows = vec![header];
    for batch in reader {
        let batch = batch.map_err(arrow_error)?;
        let start = rows.len();
        rows.extend((0..batch.num_rows()).map(|_| Vec::with_capacity(batch.num_columns())));
        for (field, column) in batch.schema().fields().iter().zip(batch.columns()) {
            let cells = cells(column).ok_or_else(|| {
                Unsupported::new_err(format!(
                    "column `{}` is of type {}",
                    field.name(),
                    field.data_type()
                ))
            })?;
            for (row, cell) in rows.iter_mut().skip(start).zip(cells) {
                row.push(cell);
            }
        }
    }
    Ok(rows)
}

fn arrow_error(e: arrow_schema::ArrowError) -> PyErr {
    PyValueError::new_err(format!("reading the DataFrame: {e}"))
}

/// The cells of a column, or `None` for a type this module does not read.
fn cells(column: &ArrayRef) -> Option<Vec<Value>> {
    let n = column.len();
    let mut out = Vec::with_capacity(n);
    macro_rules! each {
        ($array:expr, $cell:expr) => {{
            let array = $array;
            for i in 0..n {
                out.push(if array.is_null(i) {
                    Value::Null
                } else {
                    $cell(array.value(i))
                });
            }
        }};
    }
    let int = |v: i64| Value::from(v);
    let float = |v: f64| {
        if v.is_nan() {
            Value::Null
        } else {
            serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number)
        }
    };
    let text = |s: &str| Value::String(s.to_owned());
    match column.data_type() {
        DataType::Null => out.resize(n, Value::Null),
        DataType::Boolean => each!(column.as_boolean(), Value::Bool),
        DataType::Int8 => each!(column.as_primitive::<Int8Type>(), |v| int(i64::from(v))),
        DataType::Int16 => each!(column.as_primitive::<Int16Type>(), |v| int(i64::from(v))),
        DataType::Int32 => each!(column.as_primitive::<Int32Type>(), |v| int(i64::from(v))),
        DataType::Int64 => each!(column.as_primitive::<Int64Type>(), int),
        DataType::UInt8 => each!(column.as_primitive::<UInt8Type>(), |v| int(i64::from(v))),
        DataType::UInt16 => each!(column.as_primitive::<UInt16Type>(), |v| int(i64::from(v))),
        DataType::UInt32 => each!(column.as_primitive::<UInt32Type>(), |v| int(i64::from(v))),
        DataType::UInt64 => each!(column.as_primitive::<UInt64Type>(), Value::from),
        DataType::Float32 => each!(column.as_primitive::<Float32Type>(), |v| float(f64::from(
            v
        ))),
        DataType::Float64 => each!(column.as_primitive::<Float64Type>(), float),
        DataType::Utf8 => each!(column.as_string::<i32>(), text),
        DataType::LargeUtf8 => each!(column.as_string::<i64>(), text),
        DataType::Utf8View => each!(column.as_string_view(), text),
        DataType::Date32 => each!(column.as_primitive::<Date32Type>(), |d| date(i64::from(d))),
        DataType::Date64 => each!(column.as_primitive::<Date64Type>(), |ms: i64| date(
            ms.div_euclid(86_400_000)
        )),
        DataType::Timestamp(unit, _) => {
            let per_day: i64 = match unit {
                TimeUnit::Second => 86_400,
                TimeUnit::Millisecond => 86_400_000,
                TimeUnit::Microsecond => 86_400_000_000,
                TimeUnit::Nanosecond => 86_400_000_000_000,
            };
            let day = |t: i64| date(t.div_euclid(per_day));
            match unit {
                TimeUnit::Second => each!(column.as_primitive::<TimestampSecondType>(), day),
                TimeUnit::Millisecond => {
                    each!(column.as_primitive::<TimestampMillisecondType>(), day)
                }
                TimeUnit::Microsecond => {
                    each!(column.as_primitive::<TimestampMicrosecondType>(), day)
                }
                TimeUnit::Nanosecond => {
                    each!(column.as_primitive::<TimestampNanosecondType>(), day)
                }
            }
        }
        DataType::Dictionary(..) => {
            let dictionary = column.as_any_dictionary();
            let values = cells(dictionary.values())?;
            let keys = dictionary.normalized_keys();
            for (i, key) in keys.iter().enumerate() {
                out.push(if column.is_null(i) {
                    Value::Null
                } else {
                    values.get(*key).cloned().unwrap_or(Value::Null)
                });
            }
        }
        _ => return None,
    }
    Some(out)
}

/// `YYYY-MM-DD` of a day counted from 1970-01-01, as a cell.
fn date(days: i64) -> Value {
    Value::String(iso_date(days))
}

/// `YYYY-MM-DD` of a day counted from 1970-01-01 (proleptic Gregorian calendar).
pub(crate) fn iso_date(days: i64) -> String {
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::date;

    #[test]
    fn days_become_dates() {
        assert_eq!(date(0), "1970-01-01");
        assert_eq!(date(11_017), "2000-03-01");
        assert_eq!(date(20_802), "2026-12-15");
        assert_eq!(date(-1), "1969-12-31");
    }
}
