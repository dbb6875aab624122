//! The engine's typed records straight into table columns: a serde serializer that writes each
//! field of a record into the column whose path names it, so a table of many thousand records
//! (the scored register, the treatment plan) is built without a JSON value or a Python object per
//! row, and gives the same table as the same records given as dicts ([`crate::table`]).
//!
//! A field no column names is not written at all; a field that is a list or an object where a
//! column wants one value (a `list` or `json` column) goes through `serde_json::Value`; a column
//! whose path a record does not reach (an absent option, a skipped field) is null in that row.

use std::cell::{Cell, RefCell};
use std::fmt;

use pyo3::prelude::*;
use serde::Serialize;
use serde::ser::{self, Impossible};

use arrow_array::builder::{ListBuilder, StringBuilder};

use crate::table::{ArrowTable, Column, Leaf, Spec, batch};

/// A table of `schema` over the engine's records `rows`.
///
/// Raises `ValueError` as [`crate::table::typed_table`] does: a null in a column that is not
/// nullable, or a value of another kind, naming the column and the row.
pub(crate) fn table<T: Serialize>(schema: Vec<Spec>, rows: &[T]) -> PyResult<ArrowTable> {
    let tree = Node::of(&schema);
    let mut columns: Vec<Column> = schema
        .into_iter()
        .map(|spec| Column::new(spec, rows.len()))
        .collect();
    // The row (counted from 1) each column last got a value in.
    let mut filled = vec![0usize; columns.len()];
    for (i, row) in rows.iter().enumerate() {
        let mut sink = Sink {
            columns: &mut columns,
            filled: &mut filled,
            row: i,
        };
        sink.value(&tree, row).map_err(SinkError::into_py)?;
        for (column, last) in columns.iter_mut().zip(&filled) {
            if *last != i + 1 {
                column.push(i, None::<Leaf<'_>>)?;
            }
        }
    }
    batch(columns, rows.len())
}

/// The paths of a schema as a tree: at each node, the column whose path ends there and the keys
/// that lead further.
#[derive(Default)]
struct Node {
    column: Option<usize>,
    children: Vec<(String, Node)>,
    /// The child each field name of a record type leads to, in the order the fields came: a
    /// record's fields come in the same order in every row, so each is found at `next`
    /// without comparing names.
    fields: RefCell<Vec<(&'static str, Option<usize>)>>,
    next: Cell<usize>,
}

impl Node {
    fn of(schema: &[Spec]) -> Node {
        let mut root = Node::default();
        for (index, spec) in schema.iter().enumerate() {
            let mut node = &mut root;
            for key in spec.path() {
                let at = match node.children.iter().position(|(k, _)| k == key) {
                    Some(at) => at,
                    None => {
                        node.children.push((key.clone(), Node::default()));
                        node.children.len() - 1
                    }
                };
                node = match node.children.get_mut(at) {
                    Some((_, child)) => child,
                    None => return root,
                };
            }
            // Two columns of one path: the first is written, the second stays null.
            node.column.get_or_insert(index);
        }
        root
    }

    fn child(&self, key: &str) -> Option<&Node> {
        self.children
            .iter()
            .find_map(|(k, node)| (k == key).then_some(node))
    }

    /// The child the field `key` of a record type leads to, as [`Node::child`] finds it. The
    /// name is the type's own (`'static`): the same text at the same place every time.
    fn field(&self, key: &'static str) -> Option<&Node> {
        let mut fields = self.fields.borrow_mut();
        let next = self.next.get();
        let at = match fields.get(next) {
            Some((k, _)) if std::ptr::eq(*k, key) => Some(next),
            _ => fields.iter().position(|(k, _)| std::ptr::eq(*k, key)),
        };
        let (at, child) = match at.and_then(|at| Some((at, fields.get(at)?.1))) {
            Some(found) => found,
            None => {
                let child = self.children.iter().position(|(k, _)| k == key);
                fields.push((key, child));
                (fields.len() - 1, child)
            }
        };
        self.next.set(at + 1);
        child
            .and_then(|i| self.children.get(i))
            .map(|(_, node)| node)
    }
}

/// Why writing a record stopped.
#[derive(Debug)]
enum SinkError {
    /// A value did not fit its column.
    Py(PyErr),
    /// A leaf column was offered a list or an object (written through `serde_json::Value`).
    Compound,
    /// A record was offered a value that is not an object where columns lie below (left out).
    Skip,
    /// The record's own `Serialize` failed.
    Custom(String),
}

impl SinkError {
    fn into_py(self) -> PyErr {
        match self {
            SinkError::Py(e) => e,
            other => pyo3::exceptions::PyValueError::new_err(other.to_string()),
        }
    }
}

impl fmt::Display for SinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SinkError::Py(e) => write!(f, "{e}"),
            SinkError::Compound => f.write_str("a list or an object where one value belongs"),
            SinkError::Skip => f.write_str("not an object"),
            SinkError::Custom(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for SinkError {}

impl ser::Error for SinkError {
    fn custom<T: fmt::Display>(message: T) -> Self {
        SinkError::Custom(message.to_string())
    }
}

/// One row being written.
struct Sink<'a> {
    columns: &'a mut [Column],
    filled: &'a mut [usize],
    row: usize,
}

impl Sink<'_> {
    /// Writes `value`, found at `node`'s path, into the columns at and below it.
    fn value<T: Serialize + ?Sized>(&mut self, node: &Node, value: &T) -> Result<(), SinkError> {
        if let Some(index) = node.column {
            let row = self.row;
            let Some(column) = self.columns.get_mut(index) else {
                return Ok(());
            };
            match value.serialize(LeafInto { column, row }) {
                Ok(()) => {}
                Err(SinkError::Compound) => {
                    let json = serde_json::to_value(value)
                        .map_err(|e| SinkError::Custom(e.to_string()))?;
                    column.push(row, Some(&json)).map_err(SinkError::Py)?;
                }
                Err(e) => return Err(e),
            }
            if let Some(last) = self.filled.get_mut(index) {
                *last = row + 1;
            }
            return Ok(());
        }
        if node.children.is_empty() {
            return Ok(());
        }
        match value.serialize(RecordInto { sink: self, node }) {
            Err(SinkError::Skip) => Ok(()),
            other => other,
        }
    }
}

/// The methods of a serializer for the values it does not take (a tuple or an enum variant with
/// data, and those named: `serialize_seq`, `serialize_map`, `serialize_struct`), each failing
/// with `$error`.
macro_rules! refuse {
    ($error:expr; $($also:ident),*) => {
        fn serialize_newtype_variant<T: Serialize + ?Sized>(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: &T,
        ) -> Result<(), SinkError> {
            Err($error)
        }
        fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, SinkError> {
            Err($error)
        }
        fn serialize_tuple_struct(
            self,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeTupleStruct, SinkError> {
            Err($error)
        }
        fn serialize_tuple_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeTupleVariant, SinkError> {
            Err($error)
        }
        fn serialize_struct_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeStructVariant, SinkError> {
            Err($error)
        }
        $(refuse!(@ $also, $error);)*
    };
    (@ serialize_seq, $error:expr) => {
        fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, SinkError> {
            Err($error)
        }
    };
    (@ serialize_map, $error:expr) => {
        fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, SinkError> {
            Err($error)
        }
    };
    (@ serialize_struct, $error:expr) => {
        fn serialize_struct(
            self,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeStruct, SinkError> {
            Err($error)
        }
    };
}

/// The methods of a serializer for a flag, a number and bytes, and those named with their
/// argument types, each failing with `$error`.
macro_rules! refuse_scalars {
    ($error:expr; $($name:ident($($t:ty),*);)*) => {
        refuse_scalars! {
            @ $error;
            serialize_bool(bool);
            serialize_i8(i8);
            serialize_i16(i16);
            serialize_i32(i32);
            serialize_i64(i64);
            serialize_u8(u8);
            serialize_u16(u16);
            serialize_u32(u32);
            serialize_u64(u64);
            serialize_f32(f32);
            serialize_f64(f64);
            serialize_bytes(&[u8]);
            $($name($($t),*);)*
        }
    };
    (@ $error:expr; $($name:ident($($t:ty),*);)*) => {
        $(fn $name(self, $(_: $t),*) -> Result<(), SinkError> {
            Err($error)
        })*
    };
}

/// Writes one value into one column; a list or an object is [`SinkError::Compound`].
struct LeafInto<'a> {
    column: &'a mut Column,
    row: usize,
}

impl LeafInto<'_> {
    fn push(self, leaf: Leaf<'_>) -> Result<(), SinkError> {
        self.column.push_leaf(self.row, leaf).map_err(SinkError::Py)
    }
}

impl<'c> ser::Serializer for LeafInto<'c> {
    type Ok = ();
    type Error = SinkError;
    type SerializeSeq = ListInto<'c>;
    type SerializeTuple = Impossible<(), SinkError>;
    type SerializeTupleStruct = Impossible<(), SinkError>;
    type SerializeTupleVariant = Impossible<(), SinkError>;
    type SerializeMap = Impossible<(), SinkError>;
    type SerializeStruct = Impossible<(), SinkError>;
    type SerializeStructVariant = Impossible<(), SinkError>;

    fn serialize_bool(self, v: bool) -> Result<(), SinkError> {
        self.push(Leaf::Bool(v))
    }
    fn serialize_i8(self, v: i8) -> Result<(), SinkError> {
        self.push(Leaf::Int(v.into()))
    }
    fn serialize_i16(self, v: i16) -> Result<(), SinkError> {
        self.push(Leaf::Int(v.into()))
    }
    fn serialize_i32(self, v: i32) -> Result<(), SinkError> {
        self.push(Leaf::Int(v.into()))
    }
    fn serialize_i64(self, v: i64) -> Result<(), SinkError> {
        self.push(Leaf::Int(v))
    }
    fn serialize_u8(self, v: u8) -> Result<(), SinkError> {
        self.push(Leaf::Int(v.into()))
    }
    fn serialize_u16(self, v: u16) -> Result<(), SinkError> {
        self.push(Leaf::Int(v.into()))
    }
    fn serialize_u32(self, v: u32) -> Result<(), SinkError> {
        self.push(Leaf::Int(v.into()))
    }
    fn serialize_u64(self, v: u64) -> Result<(), SinkError> {
        self.push(Leaf::UInt(v))
    }
    fn serialize_f32(self, v: f32) -> Result<(), SinkError> {
        self.push(Leaf::Float(v.into()))
    }
    fn serialize_f64(self, v: f64) -> Result<(), SinkError> {
        // As JSON writes it: a number that is not finite is null.
        self.push(if v.is_finite() {
            Leaf::Float(v)
        } else {
            Leaf::Null
        })
    }
    fn serialize_char(self, v: char) -> Result<(), SinkError> {
        self.push(Leaf::Text(v.encode_utf8(&mut [0; 4])))
    }
    fn serialize_str(self, v: &str) -> Result<(), SinkError> {
        self.push(Leaf::Text(v))
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), SinkError> {
        Err(SinkError::Compound)
    }
    fn serialize_none(self) -> Result<(), SinkError> {
        self.push(Leaf::Null)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), SinkError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), SinkError> {
        self.push(Leaf::Null)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), SinkError> {
        self.push(Leaf::Null)
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), SinkError> {
        self.push(Leaf::Text(variant))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), SinkError> {
        value.serialize(self)
    }
    /// A list into a `list` column, item by item; into a column of another kind, through JSON.
    fn serialize_seq(self, _: Option<usize>) -> Result<ListInto<'c>, SinkError> {
        match self.column.list_builder() {
            Some(list) => Ok(ListInto { list }),
            None => Err(SinkError::Compound),
        }
    }
    refuse! {
        SinkError::Compound;
        serialize_map, serialize_struct
    }
}

/// Writes a list into a `list` column: text as it is, a missing item as null, any other item as
/// its JSON text (as the list would read from its JSON value).
struct ListInto<'c> {
    list: &'c mut ListBuilder<StringBuilder>,
}

impl ser::SerializeSeq for ListInto<'_> {
    type Ok = ();
    type Error = SinkError;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, item: &T) -> Result<(), SinkError> {
        let values = self.list.values();
        match item.serialize(ItemInto { values }) {
            Err(SinkError::Compound) => {
                match serde_json::to_value(item).map_err(|e| SinkError::Custom(e.to_string()))? {
                    serde_json::Value::Null => values.append_null(),
                    serde_json::Value::String(s) => values.append_value(s),
                    other => values.append_value(other.to_string()),
                }
                Ok(())
            }
            other => other,
        }
    }
    fn end(self) -> Result<(), SinkError> {
        self.list.append(true);
        Ok(())
    }
}

/// Writes one item of a list of text: text, or null for a missing item; any other value is
/// [`SinkError::Compound`] without writing anything.
struct ItemInto<'c> {
    values: &'c mut StringBuilder,
}

impl ser::Serializer for ItemInto<'_> {
    type Ok = ();
    type Error = SinkError;
    type SerializeSeq = Impossible<(), SinkError>;
    type SerializeTuple = Impossible<(), SinkError>;
    type SerializeTupleStruct = Impossible<(), SinkError>;
    type SerializeTupleVariant = Impossible<(), SinkError>;
    type SerializeMap = Impossible<(), SinkError>;
    type SerializeStruct = Impossible<(), SinkError>;
    type SerializeStructVariant = Impossible<(), SinkError>;

    refuse_scalars! {
        SinkError::Compound;
    }
    fn serialize_char(self, v: char) -> Result<(), SinkError> {
        self.values.append_value(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), SinkError> {
        self.values.append_value(v);
        Ok(())
    }
    fn serialize_none(self) -> Result<(), SinkError> {
        self.values.append_null();
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), SinkError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), SinkError> {
        self.values.append_null();
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), SinkError> {
        self.values.append_null();
        Ok(())
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), SinkError> {
        self.values.append_value(variant);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), SinkError> {
        value.serialize(self)
    }
    refuse! {
        SinkError::Compound;
        serialize_seq, serialize_map, serialize_struct
    }
}

/// Writes an object's fields into the columns below `node`; any other value is
/// [`SinkError::Skip`] (its columns stay null) and `None` leaves them null.
struct RecordInto<'s, 'a> {
    sink: &'s mut Sink<'a>,
    node: &'s Node,
}

/// A map being written: the key of the value to come.
struct MapInto<'s, 'a> {
    record: RecordInto<'s, 'a>,
    key: Option<String>,
}

impl<'s, 'a> ser::Serializer for RecordInto<'s, 'a> {
    type Ok = ();
    type Error = SinkError;
    type SerializeSeq = Impossible<(), SinkError>;
    type SerializeTuple = Impossible<(), SinkError>;
    type SerializeTupleStruct = Impossible<(), SinkError>;
    type SerializeTupleVariant = Impossible<(), SinkError>;
    type SerializeMap = MapInto<'s, 'a>;
    type SerializeStruct = Self;
    type SerializeStructVariant = Impossible<(), SinkError>;

    refuse_scalars! {
        SinkError::Skip;
        serialize_char(char);
        serialize_str(&str);
        serialize_unit();
        serialize_unit_struct(&'static str);
        serialize_unit_variant(&'static str, u32, &'static str);
    }
    fn serialize_none(self) -> Result<(), SinkError> {
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), SinkError> {
        value.serialize(self)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), SinkError> {
        value.serialize(self)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, SinkError> {
        Ok(MapInto {
            record: self,
            key: None,
        })
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, SinkError> {
        Ok(self)
    }
    refuse! {
        SinkError::Skip;
        serialize_seq
    }
}

impl ser::SerializeStruct for RecordInto<'_, '_> {
    type Ok = ();
    type Error = SinkError;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), SinkError> {
        match self.node.field(key) {
            Some(node) => self.sink.value(node, value),
            None => Ok(()),
        }
    }
    fn end(self) -> Result<(), SinkError> {
        Ok(())
    }
}

impl ser::SerializeMap for MapInto<'_, '_> {
    type Ok = ();
    type Error = SinkError;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), SinkError> {
        self.key = match serde_json::to_value(key) {
            Ok(serde_json::Value::String(key)) => Some(key),
            _ => None,
        };
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), SinkError> {
        let node = self.key.take().and_then(|key| self.record.node.child(&key));
        match node {
            Some(node) => self.record.sink.value(node, value),
            None => Ok(()),
        }
    }
    fn end(self) -> Result<(), SinkError> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::Node;
    use crate::table::Spec;
    use arrow_array::cast::AsArray;
    use serde::Serialize;

    #[derive(Serialize)]
    enum Kind {
        Plain,
    }

    #[derive(Serialize)]
    struct Row {
        tags: Vec<String>,
        maybe: Vec<Option<&'static str>>,
        mixed: Vec<serde_json::Value>,
        kinds: Vec<Kind>,
        pair: (u32, &'static str),
        labels: Vec<&'static str>,
        inner: Inner,
    }

    #[derive(Serialize)]
    struct Inner {
        band: &'static str,
        score: f64,
    }

    /// The items of list column `name` of `table`, row by row.
    fn lists(table: &crate::table::ArrowTable, name: &str) -> Vec<Vec<Option<String>>> {
        let column = table.record_batch().column_by_name(name);
        let lists = column.map(|c| c.as_list::<i32>());
        lists
            .map(|lists| {
                lists
                    .iter()
                    .map(|list| {
                        list.map(|items| {
                            items
                                .as_string::<i32>()
                                .iter()
                                .map(|s| s.map(str::to_owned))
                                .collect()
                        })
                        .unwrap_or_default()
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    #[test]
    fn lists_are_written_item_by_item_as_their_json_reads() {
        let rows = [
            Row {
                tags: vec!["a".into(), "b".into()],
                maybe: vec![Some("x"), None],
                mixed: vec![
                    serde_json::json!("t"),
                    serde_json::json!(1.5),
                    serde_json::json!(null),
                    serde_json::json!([1]),
                ],
                kinds: vec![Kind::Plain],
                pair: (7, "seven"),
                labels: vec!["a", "b"],
                inner: Inner {
                    band: "high",
                    score: 12.0,
                },
            },
            Row {
                tags: Vec::new(),
                maybe: Vec::new(),
                mixed: vec![serde_json::json!(true)],
                kinds: Vec::new(),
                pair: (0, ""),
                labels: Vec::new(),
                inner: Inner {
                    band: "low",
                    score: 1.5,
                },
            },
        ];
        let schema = vec![
            Spec::new("tags", &["tags"], "list"),
            Spec::new("maybe", &["maybe"], "list"),
            Spec::new("mixed", &["mixed"], "list"),
            Spec::new("kinds", &["kinds"], "list"),
            Spec::new("pair", &["pair"], "list"),
            Spec::new("labels", &["labels"], "json"),
            Spec::new("band", &["inner", "band"], "category"),
            Spec::new("score", &["inner", "score"], "score"),
        ];
        let table = super::table(schema, &rows).ok();
        let table = table.as_ref();
        let s = |v: &str| Some(v.to_owned());
        assert_eq!(
            table.map(|t| lists(t, "tags")),
            Some(vec![vec![s("a"), s("b")], vec![]])
        );
        assert_eq!(
            table.map(|t| lists(t, "maybe")),
            Some(vec![vec![s("x"), None], vec![]])
        );
        assert_eq!(
            table.map(|t| lists(t, "mixed")),
            Some(vec![
                vec![s("t"), s("1.5"), None, s("[1]")],
                vec![s("true")]
            ])
        );
        assert_eq!(
            table.map(|t| lists(t, "kinds")),
            Some(vec![vec![s("Plain")], vec![]])
        );
        assert_eq!(
            table.map(|t| lists(t, "pair")),
            Some(vec![vec![s("7"), s("seven")], vec![s("0"), s("")]])
        );
        let batch = table.map(|t| t.record_batch());
        let json = batch.and_then(|b| b.column_by_name("labels"));
        let json: Option<Vec<Option<&str>>> = json.map(|c| c.as_string::<i32>().iter().collect());
        assert_eq!(json, Some(vec![Some(r#"["a","b"]"#), Some("[]")]));
        let score = batch
            .and_then(|b| b.column_by_name("score"))
            .map(|c| c.data_type().clone());
        assert_eq!(score, Some(arrow_schema::DataType::Float64));
    }

    #[test]
    fn paths_become_a_tree() {
        let schema = [
            Spec::new("id", &["id"], "text"),
            Spec::new("inherent_score", &["inherent", "score"], "score"),
            Spec::new("inherent_band", &["inherent", "band"], "text"),
        ];
        let tree = Node::of(&schema);
        assert_eq!(tree.child("id").and_then(|n| n.column), Some(0));
        let inherent = tree.child("inherent");
        assert_eq!(inherent.map(|n| n.children.len()), Some(2));
        assert_eq!(
            inherent
                .and_then(|n| n.child("band"))
                .and_then(|n| n.column),
            Some(2)
        );
        assert!(tree.child("owner").is_none());
    }
}
