//! Risk records from the rows of a risk register: ratings, assets (placeholders when the document
//! has none), controls, treatment option and plan, acceptance and status; and the update of a
//! risk already in the document by a row with its id.

use super::assets::{AssetIndex, placeholder};
use super::rows::{HasColumn, Ids, Row, RowReader, replace_read, split_list};
use super::{Field, fields};
use crate::error::ErrorCode;
use crate::model::{
    Acceptance, Action, Asset, Document, Extra, Risk, RiskStatus, Treatment, TreatmentOption,
};
use foldhash::{HashMap, HashMapExt, HashSet};
use std::borrow::Cow;
use std::collections::BTreeMap;

/// The value a `values` map gives a word, matched in any case and spacing.
pub(super) fn word_value<T: Copy>(map: &BTreeMap<String, T>, text: &str) -> Option<T> {
    if map.is_empty() {
        return None;
    }
    let key = fields::header_key(text);
    map.iter()
        .find(|(k, _)| fields::header_key(k) == key)
        .map(|(_, v)| *v)
}

impl RowReader<'_> {
    /// Reads the rows of a risk register into `document`'s risks; returns how many were read.
    pub(super) fn risks(&mut self, document: &mut Document) -> usize {
        self.prepare(&[Field::Likelihood, Field::ResidualLikelihood]);
        self.prepare(&[Field::Impact, Field::ResidualImpact]);
        let mut ids = Ids::new(document.risks.iter().map(|r| r.id.as_str()), self.existing);
        let assets = AssetIndex::new(&document.assets);
        let custom: HashSet<&str> = document
            .custom_controls
            .iter()
            .map(|c| c.id.as_str())
            .collect();
        let placeholders_allowed = document.assets.is_empty();
        let mut placeholders: Vec<Asset> = Vec::new();
        let mut placeholder_index: HashMap<String, String> = HashMap::new();
        let start = document.risks.len();
        let mut risks = Vec::with_capacity(self.data.len());
        ids.used.reserve(self.data.len());
        // Treatment words, read once per distinct text.
        let mut options: HashMap<&str, Option<TreatmentOption>> = HashMap::new();
        for &(number, cells) in self.data {
            let mut row = Row {
                number,
                cells,
                list: "risks",
                record: start + risks.len(),
                failed: false,
                took_id: false,
                generated_id: false,
            };
            let (id, title) = self.identify(&mut row, &mut ids);
            let (id, title) = (id.into_owned(), title.into_owned());
            let inherent = self.assessment(
                &mut row,
                (Field::Likelihood, Field::Impact),
                "/inherent",
                true,
            );
            let residual = self.assessment(
                &mut row,
                (Field::ResidualLikelihood, Field::ResidualImpact),
                "/residual",
                true,
            );
            let mut risk_assets = Vec::new();
            // A whole cell naming one asset wins over splitting (names may hold commas).
            let whole = self.cell(&row, Field::Assets).and_then(|c| assets.find(c));
            let names: Vec<&str> = match whole {
                Some(id) => vec![id],
                None => split_list(self.cell(&row, Field::Assets)).collect(),
            };
            for (k, name) in names.into_iter().enumerate() {
                if let Some(id) = assets.find(name) {
                    risk_assets.push(id.to_owned());
                } else if placeholders_allowed {
                    let id = placeholder_index
                        .entry(name.to_lowercase())
                        .or_insert_with(|| {
                            placeholders.push(placeholder(name));
                            name.to_owned()
                        })
                        .clone();
                    risk_assets.push(id);
                } else {
                    self.fail(
                        &mut row,
                        Field::Assets,
                        ErrorCode::UnknownReference,
                        &format!("/assets/{k}"),
                        format!("the document has no asset `{name}` (by id or name)"),
                    );
                }
            }
            let mut controls = Vec::new();
            if let Some(cell) = self.cell(&row, Field::Controls) {
                for (k, read) in super::controls::read_cell(cell) {
                    match read {
                        Ok(control) => controls.push(control.id.to_owned()),
                        Err(_) if custom.contains(cell.trim()) => {
                            controls.push(cell.trim().to_owned())
                        }
                        Err(e) => self.fail(
                            &mut row,
                            Field::Controls,
                            e.code,
                            &format!("/controls/{k}"),
                            e.message,
                        ),
                    }
                }
                controls.dedup();
            }
            let option = match self.cell(&row, Field::Treatment) {
                Some(text) => options.entry(text).or_insert_with(|| {
                    word_value(&self.scales.treatment, text).or_else(|| fields::treatment_option(text))
                }).or_else(|| {
                    self.fail(&mut row, Field::Treatment, ErrorCode::InvalidValue, "/treatment/option", format!("`{text}` is not a treatment option: modify (reduce, mitigate, treat), retain (accept, tolerate), avoid (terminate) or share (transfer); map other words in `values.treatment`"));
                    None
                }),
                None => None,
            };
            let plan = self.plan(&mut row, &id, &title);
            let treatment = match (option, plan.is_empty()) {
                (Some(option), _) => Some((option, plan)),
                (None, false) => Some((TreatmentOption::Modify, plan)),
                (None, true) => None,
            }
            .map(|(option, plan)| Treatment {
                option,
                plan,
                rationale: self.text(&row, Field::Rationale),
                extra: Extra::new(),
            });
            let acceptance = self.acceptance(&mut row);
            let status = match self.cell(&row, Field::Status) {
                Some(text) => word_value(&self.scales.status, text).or_else(|| fields::risk_status(text, inherent.is_some())).unwrap_or_else(|| {
                    self.fail(&mut row, Field::Status, ErrorCode::InvalidValue, "/status", format!("`{text}` is not a risk status: identified, assessed (open), treating (in progress, overdue), accepted or closed; map other words in `values.status`"));
                    RiskStatus::default()
                }),
                None => RiskStatus::default(),
            };
            if row.failed {
                if row.took_id {
                    ids.used.remove(id.as_str());
                }
                continue;
            }
            risks.push(Risk {
                id,
                title,
                description: self.text(&row, Field::Description),
                assets: risk_assets,
                threat: self.text(&row, Field::Threat),
                vulnerability: self.text(&row, Field::Vulnerability),
                owner: self.text(&row, Field::Owner),
                inherent,
                residual,
                controls,
                treatment,
                acceptance,
                status,
                quant: None,
                extra: self.kept(&row),
            });
        }
        if risks
            .iter()
            .any(|r| r.treatment.as_ref().is_some_and(|t| !t.plan.is_empty()))
            && !self.layout.at.contains_key(&Field::Treatment)
        {
            self.notes.push(
                "risks with a plan and no treatment option were given the option `modify`"
                    .to_owned(),
            );
        }
        if self.unrated > 0 {
            self.notes.push(format!(
                "{} ratings had an impact but no likelihood (not assessed yet): those risks were left unrated",
                self.unrated
            ));
        }
        if !placeholders.is_empty() {
            self.notes.push(format!(
                "{} assets named in the register were added as placeholders of type `information`; import the asset register to value them",
                placeholders.len()
            ));
            // Placeholders only for the risks that imported.
            let used: HashSet<&str> = risks
                .iter()
                .flat_map(|r| r.assets.iter().map(String::as_str))
                .collect();
            placeholders.retain(|a| used.contains(a.id.as_str()));
            document.assets.extend(placeholders);
        }
        self.add_or_update(&mut document.risks, risks, |r| &r.id, update_risk)
    }

    fn plan(&mut self, row: &mut Row<'_>, risk: &str, title: &str) -> Vec<Action> {
        let text = match self.cell(row, Field::Plan) {
            Some(text) => Cow::Borrowed(text),
            // A due date with no plan column: one action, named from the treatment.
            None if !self.layout.at.contains_key(&Field::Plan)
                && self.cell(row, Field::Due).is_some() =>
            {
                let treatment = self.cell(row, Field::Treatment).unwrap_or("Treat");
                Cow::Owned(format!("{treatment} – {title}"))
            }
            None => {
                if self.cell(row, Field::Due).is_some() {
                    self.fail(
                        row,
                        Field::Due,
                        ErrorCode::InvalidValue,
                        "/treatment/plan",
                        "a due date needs an action in the plan column".to_owned(),
                    );
                }
                return Vec::new();
            }
        };
        let due = self.date(row, Field::Due, "/treatment/plan/0/due");
        let owner = self
            .cell(row, Field::ActionOwner)
            .or_else(|| self.cell(row, Field::Owner))
            .unwrap_or_default();
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .enumerate()
            .map(|(k, line)| Action {
                id: format!("{risk}-A{}", k + 1),
                description: line.to_owned(),
                owner: owner.to_owned(),
                due: due.clone(),
                status: Default::default(),
                completed_on: None,
                controls: Vec::new(),
                extra: Extra::new(),
            })
            .collect()
    }

    /// The owner's acceptance of the residual risk, when any acceptance column is filled.
    fn acceptance(&mut self, row: &mut Row<'_>) -> Option<Acceptance> {
        let on = self.date(row, Field::AcceptedOn, "/acceptance/on");
        let expires_on = self.date(row, Field::AcceptanceExpires, "/acceptance/expires_on");
        let by = self.text(row, Field::AcceptedBy);
        (!by.is_empty() || on.is_some() || expires_on.is_some()).then(|| Acceptance {
            by,
            on,
            rationale: String::new(),
            expires_on,
            extra: Extra::new(),
        })
    }
}

/// Replaces the fields of `old` the register has columns for (`read`) with those of `new`.
fn update_risk(old: &mut Risk, new: Risk, read: &HasColumn<'_>) {
    // Quantitative parameters are not read from registers: an update keeps them.
    let Risk {
        id: _,
        quant: _,
        title,
        description,
        assets,
        threat,
        vulnerability,
        owner,
        inherent,
        residual,
        controls,
        treatment,
        acceptance,
        status,
        extra,
    } = new;
    replace_read!(read, old,
        Title => title,
        Description => description,
        Assets => assets,
        Threat => threat,
        Vulnerability => vulnerability,
        Owner => owner,
        Controls => controls,
        Status => status,
    );
    let any = |fields: &[Field]| fields.iter().any(&read);
    if any(&[Field::Likelihood, Field::Impact]) {
        old.inherent = inherent;
    }
    if any(&[Field::ResidualLikelihood, Field::ResidualImpact]) {
        old.residual = residual;
    }
    if any(&[Field::Treatment, Field::Plan]) {
        // The option and plan come from the register; a rationale or plan it has no column
        // for is kept.
        let kept = old.treatment.take();
        old.treatment = match (treatment, kept) {
            (Some(mut new), Some(kept)) => {
                if !read(&Field::Plan) {
                    new.plan = kept.plan;
                }
                if !read(&Field::Rationale) {
                    new.rationale = kept.rationale;
                }
                new.extra = kept.extra;
                Some(new)
            }
            (new, _) => new,
        };
    } else if read(&Field::Rationale)
        && let (Some(old), Some(new)) = (&mut old.treatment, treatment)
    {
        old.rationale = new.rationale;
    }
    if any(&[
        Field::AcceptedBy,
        Field::AcceptedOn,
        Field::AcceptanceExpires,
    ]) {
        old.acceptance = acceptance;
    }
    old.extra.remove("x_source_columns");
    old.extra.extend(extra);
}
