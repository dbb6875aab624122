//! Asset records from the rows of an asset register: type, C/I/A valuation, recovery objectives
//! and dependencies (by id or name, also on assets further down the register); the update of an
//! asset already in the document by a row with its id; and the index risks name assets by.

use super::risks::word_value;
use super::rows::{HasColumn, Ids, Row, RowReader, replace_read, split_list};
use super::{Field, fields};
use crate::error::ErrorCode;
use crate::model::{self, Asset, AssetType, Document, Extra};
use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use serde_json::Value;
use std::collections::BTreeMap;

impl<'a> RowReader<'a> {
    /// Reads the rows of an asset register into `document`'s assets; returns how many were read.
    pub(super) fn assets(&mut self, document: &mut Document) -> usize {
        self.prepare(&[
            Field::Confidentiality,
            Field::Integrity,
            Field::Availability,
        ]);
        self.prepare(&[Field::Valuation]);
        self.prepare(&[Field::Classification]);
        let mut guessed: BTreeMap<String, AssetType> = BTreeMap::new();
        let mut ids = Ids::new(document.assets.iter().map(|a| a.id.as_str()), self.existing);
        let start = document.assets.len();
        let mut assets = Vec::with_capacity(self.data.len());
        let mut depends: Vec<(usize, Row<'a>, Vec<&'a str>)> = Vec::new();
        let no_type = !self.layout.at.contains_key(&Field::Type);
        for &(number, cells) in self.data {
            let mut row = Row {
                number,
                cells,
                list: "assets",
                record: start + assets.len(),
                failed: false,
                took_id: false,
                generated_id: false,
            };
            let (id, name) = self.identify(&mut row, &mut ids);
            let (id, name) = (id.into_owned(), name.into_owned());
            let mut extra = self.kept(&row);
            let kind = match self.cell(&row, Field::Type) {
                Some(text) => match word_value(&self.scales.asset_type, text)
                    .or_else(|| fields::asset_type(text))
                {
                    Some(kind) => kind,
                    None => match fields::nearest_asset_type(text) {
                        Some(kind) => {
                            guessed.insert(text.to_owned(), kind);
                            extra
                                .insert("x_source_type".to_owned(), Value::String(text.to_owned()));
                            kind
                        }
                        None => {
                            let types: Vec<&str> =
                                AssetType::ALL.iter().map(|t| t.as_str()).collect();
                            self.fail(
                                &mut row,
                                Field::Type,
                                ErrorCode::InvalidValue,
                                "/type",
                                format!(
                                    "`{text}` is not an asset type: {}; map other words in `values.type`",
                                    types.join(", ")
                                ),
                            );
                            AssetType::Information
                        }
                    },
                },
                None => AssetType::Information,
            };
            let mut valuation = model::Valuation {
                confidentiality: self.level(
                    &mut row,
                    Field::Confidentiality,
                    ("/valuation", "/confidentiality"),
                ),
                integrity: self.level(&mut row, Field::Integrity, ("/valuation", "/integrity")),
                availability: self.level(
                    &mut row,
                    Field::Availability,
                    ("/valuation", "/availability"),
                ),
            };
            // One valuation column (`Criticality`, `CIA`): per property, or one level for all.
            if let Some(text) = self.cell(&row, Field::Valuation) {
                let per_property = self
                    .readers
                    .get(&Field::Valuation)
                    .map(|r| [0, 1, 2].map(|p| r.read_property(text, p).and_then(Result::ok)));
                let [c, i, a] = match per_property {
                    Some(levels) if super::scale::properties(text).is_some() => levels,
                    _ => {
                        let level = self.level(&mut row, Field::Valuation, ("/valuation", ""));
                        [level; 3]
                    }
                };
                valuation.confidentiality = valuation.confidentiality.or(c);
                valuation.integrity = valuation.integrity.or(i);
                valuation.availability = valuation.availability.or(a);
            }
            if valuation.confidentiality.is_none() {
                valuation.confidentiality = self.level(
                    &mut row,
                    Field::Classification,
                    ("/valuation", "/confidentiality"),
                );
            }
            let rto_hours = self.hours(&mut row, Field::RtoHours, "/rto_hours");
            let rpo_hours = self.hours(&mut row, Field::RpoHours, "/rpo_hours");
            if row.failed {
                if row.took_id {
                    ids.used.remove(id.as_str());
                }
                continue;
            }
            let wanted: Vec<&str> = split_list(self.cell(&row, Field::DependsOn)).collect();
            assets.push(Asset {
                id,
                name,
                kind,
                owner: self.text(&row, Field::Owner),
                location: self.text(&row, Field::Location),
                description: self.text(&row, Field::Description),
                valuation,
                depends_on: Vec::new(),
                rto_hours,
                rpo_hours,
                extra,
            });
            if !wanted.is_empty() {
                depends.push((assets.len() - 1, row, wanted));
            }
        }
        // Dependencies may name assets further down the register or already in the document.
        let mut all = document.assets.clone();
        all.extend(assets.iter().cloned());
        let index = AssetIndex::new(&all);
        let mut dropped = HashSet::new();
        for (at, mut row, wanted) in depends {
            let mut resolved = Vec::new();
            for (k, name) in wanted.iter().enumerate() {
                match index.find(name) {
                    Some(id) => resolved.push(id.to_owned()),
                    None => {
                        self.fail(
                            &mut row,
                            Field::DependsOn,
                            ErrorCode::UnknownReference,
                            &format!("/depends_on/{k}"),
                            format!("no asset `{name}` (by id or name)"),
                        );
                        dropped.insert(at);
                    }
                }
            }
            if let Some(asset) = assets.get_mut(at) {
                asset.depends_on = resolved;
            }
        }
        if !dropped.is_empty() {
            let mut k = 0;
            assets.retain(|_| {
                k += 1;
                !dropped.contains(&(k - 1))
            });
        }
        if !guessed.is_empty() {
            self.notes.push(format!(
                "asset types read as the nearest type (the text kept as `x_source_type`): {}",
                guessed
                    .iter()
                    .map(|(text, kind)| format!("`{text}` → {}", kind.as_str()))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        if self.layout.at.contains_key(&Field::Valuation) {
            self.notes.push(
                "the single valuation column was read as the confidentiality, integrity and availability valuation of each asset (per property where a cell names them: `C=3, I=3, A=2`)"
                    .to_owned(),
            );
        }
        if self.layout.at.contains_key(&Field::Classification) {
            self.notes.push(
                "the classification column was read as each asset's confidentiality valuation by the meaning of its words (public lowest, secret highest)"
                    .to_owned(),
            );
        }
        if no_type && !assets.is_empty() {
            self.notes.push(
                "the register has no type column: every asset was given the type `information`"
                    .to_owned(),
            );
        }
        self.add_or_update(&mut document.assets, assets, |a| &a.id, update_asset)
    }

    fn hours(&mut self, row: &mut Row<'_>, field: Field, path: &str) -> Option<f64> {
        let text = self.cell(row, field)?;
        let number = text
            .trim_end_matches(|c: char| c.is_alphabetic() || c.is_whitespace())
            .trim();
        match number.parse::<f64>() {
            Ok(h) if h.is_finite() && h >= 0.0 => Some(h),
            _ => {
                self.fail(
                    row,
                    field,
                    ErrorCode::InvalidValue,
                    path,
                    format!("`{text}` is not a number of hours"),
                );
                None
            }
        }
    }
}

/// Replaces the fields of `old` the register has columns for (`read`) with those of `new`.
fn update_asset(old: &mut Asset, new: Asset, read: &HasColumn<'_>) {
    let Asset {
        id: _,
        name,
        kind,
        owner,
        location,
        description,
        valuation,
        depends_on,
        rto_hours,
        rpo_hours,
        extra,
    } = new;
    replace_read!(read, old,
        Name => name,
        Type => kind,
        Owner => owner,
        Location => location,
        Description => description,
        DependsOn => depends_on,
        RtoHours => rto_hours,
        RpoHours => rpo_hours,
    );
    let model::Valuation {
        confidentiality,
        integrity,
        availability,
    } = valuation;
    replace_read!(read, old.valuation,
        Confidentiality => confidentiality,
        Integrity => integrity,
        Availability => availability,
    );
    old.extra.remove("x_source_columns");
    old.extra.extend(extra);
}

/// Assets by id, else by name (any case).
pub(super) struct AssetIndex<'a> {
    pub(super) ids: HashSet<&'a str>,
    pub(super) names: HashMap<String, &'a str>,
}

impl<'a> AssetIndex<'a> {
    pub(super) fn new(assets: &'a [Asset]) -> Self {
        let mut names = HashMap::new();
        for a in assets {
            names
                .entry(a.name.trim().to_lowercase())
                .or_insert(a.id.as_str());
        }
        Self {
            ids: assets.iter().map(|a| a.id.as_str()).collect(),
            names,
        }
    }

    pub(super) fn find(&self, text: &str) -> Option<&'a str> {
        if let Some(id) = self.ids.get(text) {
            return Some(id);
        }
        self.names.get(&text.to_lowercase()).copied()
    }
}

pub(super) fn placeholder(name: &str) -> Asset {
    let mut extra = Extra::new();
    extra.insert("x_placeholder".to_owned(), Value::Bool(true));
    Asset {
        id: name.to_owned(),
        name: name.to_owned(),
        kind: AssetType::Information,
        owner: String::new(),
        location: String::new(),
        description: String::new(),
        valuation: Default::default(),
        depends_on: Vec::new(),
        rto_hours: None,
        rpo_hours: None,
        extra,
    }
}
