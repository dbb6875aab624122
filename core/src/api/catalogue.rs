//! Catalogue operations: `catalogue`, `control`, `crosswalk`, `vocabulary`.

use crate::catalogue::{
    self as cat, Attributes, Control, ControlId, ControlType, CybersecurityConcept,
    OperationalCapability, SecurityDomain, SecurityProperty, Theme,
};
use crate::de::string_or_object;
use crate::error::{Error, ErrorCode, Result};
use serde::de::{self, Deserializer, IntoDeserializer, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use std::marker::PhantomData;

/// A filter value that may be written as one value or as a list of values (any of them matches).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OneOrMany<T>(pub Vec<T>);

impl<T> Default for OneOrMany<T> {
    fn default() -> Self {
        Self(Vec::new())
    }
}

impl<T: PartialEq> OneOrMany<T> {
    /// True when the filter is absent or one of its values is in `values`.
    fn admits(&self, values: &[T]) -> bool {
        self.0.is_empty() || self.0.iter().any(|wanted| values.contains(wanted))
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for OneOrMany<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct OneOrManyVisitor<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for OneOrManyVisitor<T> {
            type Value = OneOrMany<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a value or a list of values")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                T::deserialize(v.into_deserializer()).map(|one| OneOrMany(vec![one]))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut all = Vec::new();
                while let Some(item) = seq.next_element()? {
                    all.push(item);
                }
                Ok(OneOrMany(all))
            }
        }
        deserializer.deserialize_any(OneOrManyVisitor(PhantomData))
    }
}

#[cfg(feature = "schema")]
impl<T: schemars::JsonSchema> schemars::JsonSchema for OneOrMany<T> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("OneOrMany_{}", T::schema_name()).into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let one = generator.subschema_for::<T>();
        schemars::json_schema!({
            "anyOf": [one, {"type": "array", "items": one}]
        })
    }
}

/// Request of `catalogue`: every field is an optional filter; values within one field are
/// alternatives (any matches), different fields must all match.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, default)]
pub struct CatalogueRequest {
    /// Only controls of these themes.
    pub theme: OneOrMany<Theme>,
    /// Only controls with one of these control types.
    pub control_type: OneOrMany<ControlType>,
    /// Only controls with one of these security properties.
    pub security_properties: OneOrMany<SecurityProperty>,
    /// Only controls with one of these cybersecurity concepts.
    pub cybersecurity_concepts: OneOrMany<CybersecurityConcept>,
    /// Only controls with one of these operational capabilities.
    pub operational_capabilities: OneOrMany<OperationalCapability>,
    /// Only controls with one of these security domains.
    pub security_domains: OneOrMany<SecurityDomain>,
    /// Only controls that are (`true`) or are not (`false`) new in 2022.
    pub new_in_2022: Option<bool>,
    /// Only controls whose id, title or guidance contains this text (any case).
    pub text: Option<String>,
}

impl CatalogueRequest {
    /// True when the control passes every filter of the request.
    pub fn matches(&self, c: &Control) -> bool {
        let a = &c.attributes;
        self.theme.admits(&[c.theme])
            && self.control_type.admits(a.control_type)
            && self.security_properties.admits(a.security_properties)
            && self.cybersecurity_concepts.admits(a.cybersecurity_concepts)
            && self
                .operational_capabilities
                .admits(a.operational_capabilities)
            && self.security_domains.admits(a.security_domains)
            && self.new_in_2022.is_none_or(|new| new == c.new_in_2022)
            && self.text.as_deref().is_none_or(|t| {
                let needle = t.trim().to_lowercase();
                [c.id, c.title, c.guidance]
                    .iter()
                    .any(|field| field.to_lowercase().contains(&needle))
            })
    }
}

/// `catalogue`: the controls of ISO/IEC 27001:2022 Annex A that pass the request's filters, in
/// standard order.
pub fn catalogue(request: &CatalogueRequest) -> Vec<&'static Control> {
    cat::controls()
        .iter()
        .filter(|c| request.matches(c))
        .collect()
}

/// Request of `control`: `{"id": "A.5.1"}`, or the id alone as a JSON string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ControlRequest {
    /// The control id as the user wrote it (`A.5.1`, `5.1`, `a 5.1`).
    pub id: String,
    /// Where the id sits in the request: `/id`, or the empty pointer when the request is the id.
    pub path: &'static str,
}

impl<'de> Deserialize<'de> for ControlRequest {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Object {
            id: String,
        }
        string_or_object(
            deserializer,
            "a control id or an object {\"id\": ...}",
            |id| ControlRequest {
                id: id.to_owned(),
                path: "",
            },
            |object: Object| ControlRequest {
                id: object.id,
                path: "/id",
            },
        )
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for ControlRequest {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ControlRequest".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "Request of `control`: `{\"id\": \"A.5.1\"}`, or the id alone as a JSON string.",
            "anyOf": [
                {"type": "string", "description": "The control id (`A.5.1`, `5.1`)."},
                {
                    "type": "object",
                    "properties": {"id": {"type": "string", "description": "The control id (`A.5.1`, `5.1`)."}},
                    "required": ["id"],
                    "additionalProperties": false
                }
            ]
        })
    }
}

/// `control`: one 2022 control by id, written in any common form. A 2013 id is a
/// `superseded_control` error naming its successors; an unknown id is `unknown_control`.
pub fn control(request: &ControlRequest) -> Result<&'static Control> {
    cat::resolve(&request.id, request.path)
}

/// Which way the crosswalk is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum CrosswalkDirection {
    /// From each 2013 control to its 2022 successors.
    #[serde(rename = "2013_to_2022")]
    From2013,
    /// From each 2022 control to the 2013 controls it replaces.
    #[serde(rename = "2022_to_2013")]
    From2022,
}

/// Request of `crosswalk`. Without `id`, the whole table in the given direction (2013→2022 by
/// default); with `id`, the one row of that control, the direction following from the id's edition
/// unless given.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, default)]
pub struct CrosswalkRequest {
    /// `2013_to_2022` or `2022_to_2013`.
    pub direction: Option<CrosswalkDirection>,
    /// One control, 2013 or 2022 id.
    pub id: Option<String>,
}

/// A control named by id and title.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ControlRef {
    /// Control id.
    pub id: &'static str,
    /// Control title.
    pub title: &'static str,
}

/// One row of the crosswalk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum CrosswalkRow {
    /// A 2013 control and its 2022 successors.
    From2013 {
        /// 2013 id.
        id: &'static str,
        /// 2013 title.
        title: &'static str,
        /// The 2022 controls that carry it forward.
        successors: Vec<ControlRef>,
    },
    /// A 2022 control and the 2013 controls it replaces.
    From2022 {
        /// 2022 id.
        id: &'static str,
        /// 2022 title.
        title: &'static str,
        /// The 2013 controls it replaces (none when new in 2022).
        predecessors: Vec<ControlRef>,
        /// True when no 2013 control corresponds.
        new_in_2022: bool,
    },
}

fn row_2013(old: &'static cat::Control2013) -> CrosswalkRow {
    CrosswalkRow::From2013 {
        id: old.id,
        title: old.title,
        successors: old
            .successors
            .iter()
            .filter_map(|s| cat::find(s))
            .map(|c| ControlRef {
                id: c.id,
                title: c.title,
            })
            .collect(),
    }
}

fn row_2022(new: &'static Control) -> CrosswalkRow {
    CrosswalkRow::From2022 {
        id: new.id,
        title: new.title,
        predecessors: new
            .predecessors_2013
            .iter()
            .filter_map(|p| cat::find_2013(p))
            .map(|c| ControlRef {
                id: c.id,
                title: c.title,
            })
            .collect(),
        new_in_2022: new.new_in_2022,
    }
}

/// `crosswalk`: the correspondence between the 2013 and 2022 editions of Annex A.
pub fn crosswalk(request: &CrosswalkRequest) -> Result<Vec<CrosswalkRow>> {
    let Some(id) = &request.id else {
        return Ok(
            match request.direction.unwrap_or(CrosswalkDirection::From2013) {
                CrosswalkDirection::From2013 => cat::controls_2013().iter().map(row_2013).collect(),
                CrosswalkDirection::From2022 => cat::controls().iter().map(row_2022).collect(),
            },
        );
    };
    let direction = request.direction.unwrap_or(match ControlId::parse(id) {
        Some(ControlId::Y2022(_)) => CrosswalkDirection::From2022,
        _ => CrosswalkDirection::From2013,
    });
    Ok(vec![match direction {
        CrosswalkDirection::From2013 => row_2013(cat::resolve_2013(id, "/id")?),
        CrosswalkDirection::From2022 => match ControlId::parse(id) {
            Some(ControlId::Y2013(_)) => {
                return Err(Error::new(
                    ErrorCode::EditionMismatch,
                    "/id",
                    format!(
                        "`{id}` is an ISO/IEC 27001:2013 control id where a 2022 id is expected"
                    ),
                ));
            }
            _ => row_2022(cat::resolve(id, "/id")?),
        },
    }])
}

/// Request of `vocabulary`: takes no fields.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct VocabularyRequest {}

/// The closed value lists of the catalogue, for building filters and forms.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Vocabulary {
    /// The four themes.
    pub themes: &'static [Theme],
    /// The values of each ISO/IEC 27002:2022 attribute dimension, in the standard's order.
    pub attributes: Attributes,
}

/// `vocabulary`: the themes and attribute values, so that no binding or UI copies them.
pub fn vocabulary(_request: &VocabularyRequest) -> Vocabulary {
    Vocabulary {
        themes: Theme::ALL,
        attributes: Attributes {
            control_type: ControlType::ALL,
            security_properties: SecurityProperty::ALL,
            cybersecurity_concepts: CybersecurityConcept::ALL,
            operational_capabilities: OperationalCapability::ALL,
            security_domains: SecurityDomain::ALL,
        },
    }
}
