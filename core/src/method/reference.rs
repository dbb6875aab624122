//! A method named by the id of a shipped preset or written out in full.

use super::{Method, preset};
use crate::de::string_or_object;
use crate::error::Result;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The method a request or a document uses: the id of a shipped preset or a method object.
#[derive(Debug, Clone, PartialEq)]
pub enum MethodRef {
    /// The id of a shipped method (`iso27005-5x5`).
    Preset(String),
    /// A complete method document.
    Custom(Box<Method>),
}

impl Default for MethodRef {
    fn default() -> Self {
        Self::Preset(DEFAULT_METHOD.to_owned())
    }
}

/// The method a document uses when it names none.
pub const DEFAULT_METHOD: &str = "iso27005-5x5";

impl<'de> Deserialize<'de> for MethodRef {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        string_or_object(
            deserializer,
            "the id of a shipped method or a method object",
            |id| MethodRef::Preset(id.to_owned()),
            |method: Method| MethodRef::Custom(Box::new(method)),
        )
    }
}

impl Serialize for MethodRef {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Preset(id) => serializer.serialize_str(id),
            Self::Custom(method) => method.serialize(serializer),
        }
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for MethodRef {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "MethodRef".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let method = generator.subschema_for::<Method>();
        schemars::json_schema!({
            "description": "The id of a shipped method, or a method object.",
            "anyOf": [
                {"type": "string", "enum": super::PRESET_IDS},
                method
            ]
        })
    }
}

impl MethodRef {
    /// The checked method; `path` is the pointer of the reference in the request.
    pub fn resolve(&self, path: &str) -> Result<Method> {
        match self {
            Self::Preset(id) => preset(id, path),
            Self::Custom(method) => {
                method.check().map_err(|e| e.under(path))?;
                Ok((**method).clone())
            }
        }
    }
}
