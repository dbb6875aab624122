//! The simulation (`simulate`, through the api) against closed forms, its determinism and its
//! errors.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs,
    reason = "test"
)]

use isms_core::api::{self, SimulateRequest};
use isms_core::error::ErrorCode;
use isms_core::quant::*;
use serde_json::{Value, json};

fn request(risks: Value, extra: Value) -> SimulateRequest {
    let mut value = json!({
        "document": {
            "schema": "isms/2",
            "organisation": {"name": "Example Ltd", "currency": "EUR"},
            "risks": risks,
            "controls": [
                {"control": "A.8.7", "applicable": true, "status": "implemented"},
                {"control": "A.8.8", "applicable": true, "status": "partially_implemented"},
                {"control": "A.8.9", "applicable": true, "status": "planned"}
            ]
        }
    });
    if let (Some(target), Some(fields)) = (value.as_object_mut(), extra.as_object()) {
        target.extend(fields.clone());
    }
    serde_json::from_value(value).unwrap()
}

fn risk(id: &str, quant: Value) -> Value {
    json!({"id": id, "title": id, "owner": "CISO", "quant": quant})
}

fn run(risks: Value, extra: Value) -> Simulation {
    api::simulate(&request(risks, extra)).unwrap()
}

fn error(risks: Value, extra: Value) -> (ErrorCode, String) {
    let e = api::simulate(&request(risks, extra)).unwrap_err();
    (e.code, e.path)
}

fn within(got: f64, want: f64, tolerance: f64, what: &str) {
    assert!(
        (got - want).abs() <= tolerance,
        "{what}: {got} where {want} ± {tolerance} was expected"
    );
}

#[test]
fn compound_poisson_lognormal_has_the_closed_form_mean_and_variance() {
    // N ~ Poisson(λ) loss events a year, each lognormal(μ, σ): the annual loss has mean
    // λ·e^(μ+σ²/2) and variance λ·e^(2μ+2σ²).
    let (lambda, mu, sigma) = (3.0f64, 10.0f64, 1.0f64);
    let n = 400_000.0;
    let sim = run(
        json!([risk(
            "R1",
            json!({
                "tef": {"constant": lambda},
                "vulnerability": {"constant": 1.0},
                "primary_loss": {"lognormal": {"mu": mu, "sigma": sigma}}
            })
        )]),
        json!({"iterations": 400_000, "seed": 11}),
    );
    let stats = sim.risks[0].inherent;
    let mean = lambda * (mu + sigma * sigma / 2.0).exp();
    let sd = (lambda * (2.0 * mu + 2.0 * sigma * sigma).exp()).sqrt();
    within(stats.ale, mean, 5.0 * sd / f64::sqrt(n), "mean");
    within(stats.std_dev / sd, 1.0, 0.015, "standard deviation");
    within(
        stats.events,
        lambda,
        5.0 * (lambda / n).sqrt(),
        "events per year",
    );
    within(
        stats.loss_probability,
        1.0 - (-lambda).exp(),
        0.002,
        "P(loss)",
    );
    assert_eq!(stats.loss_events, stats.events);
    // The portfolio of one risk is the risk.
    assert_eq!(sim.portfolio.inherent, stats);
}

#[test]
fn vulnerability_thins_events_and_secondary_loss_adds_its_expectation() {
    let n = 400_000.0;
    let sim = run(
        json!([risk(
            "R1",
            json!({
                "tef": {"constant": 4.0},
                "vulnerability": {"constant": 0.25},
                "primary_loss": {"constant": 1000.0},
                "secondary": {"frequency": {"constant": 0.5}, "magnitude": {"constant": 3000.0}}
            })
        )]),
        json!({"iterations": 200_000}),
    );
    let stats = sim.risks[0].inherent;
    // Loss events ~ Poisson(1): each costs 1000 + 3000 with probability ½.
    let sd = (1.0f64 * (0.5 * 1000.0f64.powi(2) + 0.5 * 4000.0f64.powi(2))).sqrt();
    within(stats.ale, 2500.0, 5.0 * sd / f64::sqrt(n), "mean");
    within(stats.loss_events, 1.0, 0.01, "loss events per year");
    within(stats.events, 4.0, 0.02, "threat events per year");
    within(
        stats.loss_probability,
        1.0 - (-1.0f64).exp(),
        0.004,
        "P(loss)",
    );
}

#[test]
fn the_shortcut_has_the_mean_of_the_event_model() {
    // E[annual loss] = E[tef]·E[vulnerability]·E[loss] = 2.5 · 0.3 · 1000 under both models.
    let quant = json!({
        "tef": {"pert": {"low": 1.0, "mode": 2.0, "high": 6.0}},
        "vulnerability": {"pert": {"low": 0.1, "mode": 0.3, "high": 0.5}},
        "primary_loss": {"constant": 1000.0}
    });
    for model in ["event", "shortcut"] {
        let sim = run(
            json!([risk("R1", quant.clone())]),
            json!({"iterations": 200_000, "model": model}),
        );
        within(sim.risks[0].inherent.ale, 750.0, 10.0, model);
        within(sim.risks[0].inherent.events, 2.5, 0.01, model);
    }
}

#[test]
fn controls_raise_resistance_by_their_implementation_status() {
    let quant = |uplift: Value| {
        json!({
            "tef": {"constant": 2.0},
            "threat_capability": {"constant": 60.0},
            "resistance_strength": {"constant": 45.0},
            "resistance_uplift": uplift,
            "primary_loss": {"constant": 100.0}
        })
    };
    let sim = run(
        json!([
            risk("implemented", quant(json!({"A.8.7": 20}))),
            risk("partial", quant(json!({"A.8.8": 20}))),
            risk("planned", quant(json!({"A.8.9": 20}))),
            risk("unrecorded", quant(json!({"A.5.1": 20}))),
            risk("both", quant(json!({"A.8.8": 10, "A.8.7": 5})))
        ]),
        json!({"iterations": 10_000}),
    );
    let uplift: Vec<f64> = sim.risks.iter().map(|r| r.resistance_uplift).collect();
    assert_eq!(uplift, [20.0, 10.0, 0.0, 0.0, 10.0]);
    let by = |i: usize| &sim.risks[i];
    // 45 + 20 = 65 stops a capability of 60; 45 + 10 = 55 does not.
    assert_eq!(by(0).residual.ale, 0.0);
    assert_eq!(by(0).reduction.share, 1.0);
    assert_eq!(by(1).residual, by(1).inherent);
    assert_eq!(by(2).residual, by(2).inherent);
    within(by(0).inherent.ale, 200.0, 3.0, "inherent");
    // Without a control, inherent and residual are the same run.
    assert_eq!(by(3).reduction, LossReduction::default());
}

#[test]
fn treatment_never_loses_more_in_any_year() {
    let quant = json!({
        "tef": {"pert": {"low": 0.5, "mode": 2.0, "high": 8.0}},
        "threat_capability": {"pert": {"low": 20.0, "mode": 50.0, "high": 90.0}},
        "resistance_strength": {"pert": {"low": 30.0, "mode": 50.0, "high": 70.0}},
        "resistance_uplift": {"A.8.7": 12.5},
        "primary_loss": {"lognormal": {"low": 1e4, "high": 1e6}},
        "secondary": {"frequency": {"pert": {"low": 0.1, "mode": 0.2, "high": 0.6}},
                      "magnitude": {"lognormal": {"low": 1e4, "high": 1e7}}}
    });
    for model in ["event", "shortcut"] {
        let sim = run(
            json!([risk("R1", quant.clone())]),
            json!({"iterations": 20_000, "keep_samples": true, "model": model}),
        );
        let samples = sim.risks[0].samples.as_ref().unwrap();
        assert!(
            samples
                .inherent
                .iter()
                .zip(&samples.residual)
                .all(|(i, r)| r <= i),
            "{model}"
        );
        let curve = &sim.risks[0].lec;
        assert!(
            curve
                .residual
                .iter()
                .zip(&curve.inherent)
                .all(|(r, i)| r <= i)
        );
        assert!(sim.risks[0].reduction.share > 0.1, "{model}");
        assert_eq!(sim.portfolio.samples.as_ref().unwrap(), samples);
    }
}

#[test]
fn a_risk_keeps_its_numbers_whatever_else_is_simulated() {
    let quant = |low: f64| {
        json!({
            "tef": {"pert": {"low": low, "mode": 1.0, "high": 3.0}},
            "vulnerability": {"pert": {"low": 0.1, "mode": 0.4, "high": 0.9}},
            "primary_loss": {"lognormal": {"low": 1e3, "high": 1e5}}
        })
    };
    let alone = run(json!([risk("R2", quant(0.5))]), json!({"iterations": 5000}));
    let among = run(
        json!([
            risk("R1", quant(0.2)),
            risk("R2", quant(0.5)),
            risk("R3", quant(0.1))
        ]),
        json!({"iterations": 5000}),
    );
    let filtered = run(
        json!([risk("R3", quant(0.1)), risk("R2", quant(0.5))]),
        json!({"iterations": 5000, "risks": ["R2"]}),
    );
    assert_eq!(alone.risks[0], among.risks[1]);
    assert_eq!(alone.risks[0], filtered.risks[0]);
    assert_eq!(alone.portfolio.inherent, alone.risks[0].inherent);
    // The same request gives the same numbers; another seed does not.
    assert_eq!(
        alone,
        run(json!([risk("R2", quant(0.5))]), json!({"iterations": 5000}))
    );
    let reseeded = run(
        json!([risk("R2", quant(0.5))]),
        json!({"iterations": 5000, "seed": 2}),
    );
    assert_ne!(alone.risks[0].inherent, reseeded.risks[0].inherent);
    // Streams of different risks are not correlated.
    let two = run(
        json!([risk("A", quant(0.5)), risk("B", quant(0.5))]),
        json!({"iterations": 20_000, "keep_samples": true}),
    );
    let (a, b) = (
        &two.risks[0].samples.as_ref().unwrap().inherent,
        &two.risks[1].samples.as_ref().unwrap().inherent,
    );
    let mean = |x: &[f64]| x.iter().sum::<f64>() / x.len() as f64;
    let (ma, mb) = (mean(a), mean(b));
    let cov: f64 = a
        .iter()
        .zip(b)
        .map(|(x, y)| (x - ma) * (y - mb))
        .sum::<f64>()
        / a.len() as f64;
    let sd = |x: &[f64], m: f64| {
        (x.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / x.len() as f64).sqrt()
    };
    within(cov / (sd(a, ma) * sd(b, mb)), 0.0, 0.03, "correlation");
    assert_eq!(
        two.portfolio.samples.as_ref().unwrap().inherent.len(),
        20_000
    );
}

#[test]
fn samples_are_kept_only_when_asked_for() {
    let sim = run(
        json!([risk(
            "R1",
            json!({"tef": {"constant": 1}, "vulnerability": {"constant": 1},
                                 "primary_loss": {"constant": 1}})
        )]),
        json!({"iterations": 100}),
    );
    assert!(sim.risks[0].samples.is_none() && sim.portfolio.samples.is_none());
    let json = api::call_json("simulate", &serde_json::to_string(&json!({
        "document": {"schema": "isms/2", "risks": [{"id": "R", "title": "R", "quant": {
            "tef": {"constant": 1}, "vulnerability": {"constant": 1}, "primary_loss": {"constant": 1}}}]},
        "iterations": 3, "keep_samples": true
    })).unwrap()).unwrap();
    let value: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        value["risks"][0]["samples"]["inherent"]
            .as_array()
            .map(Vec::len),
        Some(3)
    );
    assert_eq!(value["currency"], Value::Null);
}

#[test]
fn an_empty_register_simulates_to_nothing() {
    let sim = run(json!([{"id": "R1", "title": "Not quantified"}]), json!({}));
    assert!(sim.risks.is_empty());
    assert_eq!(sim.unquantified, ["R1"]);
    assert_eq!(sim.portfolio.inherent, LossStats::default());
    assert_eq!(sim.portfolio.lec, Lec::default());
}

#[test]
fn bad_requests_name_the_field() {
    let ok = json!([risk(
        "R1",
        json!({"tef": {"constant": 1}, "vulnerability": {"constant": 0.5},
                                      "primary_loss": {"constant": 10}})
    )]);
    let cases = [
        (
            json!({"iterations": 0}),
            ErrorCode::InvalidValue,
            "/iterations",
        ),
        (
            json!({"iterations": 10_000_001}),
            ErrorCode::InvalidValue,
            "/iterations",
        ),
        (
            json!({"lec_points": 1}),
            ErrorCode::InvalidValue,
            "/lec_points",
        ),
        (
            json!({"confidence": 1.0}),
            ErrorCode::InvalidValue,
            "/confidence",
        ),
        (
            json!({"confidence": 0.0}),
            ErrorCode::InvalidValue,
            "/confidence",
        ),
        (
            json!({"risks": ["R9"]}),
            ErrorCode::UnknownReference,
            "/risks/0",
        ),
        (
            json!({"risks": ["R1", "R1"]}),
            ErrorCode::DuplicateId,
            "/risks/1",
        ),
        (
            json!({"keep_samples": true, "iterations": 10_000_000}),
            ErrorCode::InvalidValue,
            "/keep_samples",
        ),
    ];
    for (extra, code, path) in cases {
        assert_eq!(
            error(ok.clone(), extra.clone()),
            (code, path.to_owned()),
            "{extra}"
        );
    }
    let busy = json!([risk(
        "R1",
        json!({"tef": {"constant": 1000}, "vulnerability": {"constant": 0.5},
                                        "primary_loss": {"constant": 10}})
    )]);
    // About 10¹⁰ units of work: past the default limit, refused before any year is drawn.
    assert_eq!(
        error(busy.clone(), json!({"iterations": 10_000_000})),
        (ErrorCode::LimitExceeded, "/iterations".to_owned())
    );
    // Within a work limit raised to its hard maximum, the event model's own cap on the expected
    // threat events still holds.
    let raised = api::Limits {
        simulation_work: api::Limits::HARD.simulation_work,
        ..api::Limits::default()
    };
    let capped = api::simulate_within(
        &request(busy.clone(), json!({"iterations": 10_000_000})),
        &raised,
    )
    .unwrap_err();
    assert_eq!(
        (capped.code, capped.path.as_str()),
        (ErrorCode::InvalidValue, "/iterations")
    );
    assert!(
        api::simulate(&request(
            busy,
            json!({"iterations": 10_000_000, "model": "shortcut", "lec_points": 2})
        ))
        .is_ok()
    );
    let unquantified = json!([{"id": "R1", "title": "R1"}]);
    assert_eq!(
        error(unquantified, json!({"risks": ["R1"]})),
        (ErrorCode::InvalidValue, "/risks/0".to_owned())
    );
}

#[test]
fn bad_parameters_are_errors_at_their_pointer() {
    let with = |quant: Value| {
        let text =
            json!({"document": {"schema": "isms/2", "risks": [risk("R1", quant)]}}).to_string();
        match api::call_json("simulate", &text) {
            Ok(out) => panic!("accepted: {out}"),
            Err(e) => (e.code, e.path),
        }
    };
    let base = json!({"tef": {"constant": 1}, "vulnerability": {"constant": 0.5},
                      "primary_loss": {"constant": 10}});
    let patched = |pointer: &str, value: Value| {
        let mut q = base.clone();
        *q.pointer_mut(pointer).unwrap() = value;
        q
    };
    let p = "/document/risks/0/quant";
    let cases = [
        (
            patched("/tef", json!({"pert": {"low": 5, "mode": 2, "high": 1}})),
            ErrorCode::InvalidValue,
            "/tef/pert/high",
        ),
        (
            patched("/tef", json!({"pert": {"low": 1, "mode": 9, "high": 5}})),
            ErrorCode::InvalidValue,
            "/tef/pert/mode",
        ),
        (
            patched("/tef", json!({"pert": {"low": -1, "mode": 2, "high": 5}})),
            ErrorCode::InvalidValue,
            "/tef/pert/low",
        ),
        (
            patched(
                "/tef",
                json!({"pert": {"low": 1, "mode": 2, "high": 5, "confidence": 0}}),
            ),
            ErrorCode::InvalidValue,
            "/tef/pert/confidence",
        ),
        (
            patched("/tef", json!({"pert": {"low": 1, "mode": 2, "hgh": 5}})),
            ErrorCode::SchemaViolation,
            "/tef/pert/hgh",
        ),
        (
            patched("/tef", json!({"gauss": {"mu": 1}})),
            ErrorCode::SchemaViolation,
            "/tef",
        ),
        (
            patched(
                "/primary_loss",
                json!({"lognormal": {"mu": 1, "sigma": -1}}),
            ),
            ErrorCode::InvalidValue,
            "/primary_loss/lognormal/sigma",
        ),
        (
            patched(
                "/primary_loss",
                json!({"lognormal": {"low": 10, "high": 5}}),
            ),
            ErrorCode::InvalidValue,
            "/primary_loss/lognormal/high",
        ),
        (
            patched("/primary_loss", json!({"lognormal": {"low": 10}})),
            ErrorCode::SchemaViolation,
            "/primary_loss/lognormal/high",
        ),
        (
            patched(
                "/primary_loss",
                json!({"lognormal": {"low": 10, "high": 50, "mu": 1}}),
            ),
            ErrorCode::SchemaViolation,
            "/primary_loss/lognormal",
        ),
        (
            patched("/primary_loss", json!({"constant": -3})),
            ErrorCode::InvalidValue,
            "/primary_loss/constant",
        ),
        (
            patched("/vulnerability", json!({"constant": 1.5})),
            ErrorCode::InvalidValue,
            "/vulnerability/constant",
        ),
        (
            patched(
                "/vulnerability",
                json!({"lognormal": {"low": 0.1, "high": 0.5}}),
            ),
            ErrorCode::InvalidValue,
            "/vulnerability/lognormal",
        ),
    ];
    for (quant, code, path) in cases {
        assert_eq!(with(quant.clone()), (code, format!("{p}{path}")), "{quant}");
    }
    let mut both = base.clone();
    both["threat_capability"] = json!({"constant": 50});
    both["resistance_strength"] = json!({"constant": 50});
    assert_eq!(
        with(both),
        (ErrorCode::SchemaViolation, format!("{p}/vulnerability"))
    );
    let mut half = base.clone();
    half.as_object_mut().unwrap().remove("vulnerability");
    half["threat_capability"] = json!({"constant": 50});
    assert_eq!(
        with(half.clone()),
        (
            ErrorCode::SchemaViolation,
            format!("{p}/resistance_strength")
        )
    );
    half["resistance_strength"] = json!({"pert": {"low": 10, "mode": 50, "high": 120}});
    assert_eq!(
        with(half.clone()),
        (
            ErrorCode::InvalidValue,
            format!("{p}/resistance_strength/pert/high")
        )
    );
    half["resistance_strength"] = json!({"constant": 50});
    half["resistance_uplift"] = json!({"A.99.1": 10});
    assert_eq!(
        with(half.clone()),
        (
            ErrorCode::UnknownControl,
            format!("{p}/resistance_uplift/A.99.1")
        )
    );
    half["resistance_uplift"] = json!({"A.8.7": 150});
    assert_eq!(
        with(half),
        (
            ErrorCode::InvalidValue,
            format!("{p}/resistance_uplift/A.8.7")
        )
    );
    let mut uplift_without_resistance = base.clone();
    uplift_without_resistance["resistance_uplift"] = json!({"A.8.7": 10});
    assert_eq!(
        with(uplift_without_resistance),
        (ErrorCode::SchemaViolation, format!("{p}/resistance_uplift"))
    );
    let mut missing = base.clone();
    missing.as_object_mut().unwrap().remove("primary_loss");
    assert_eq!(
        with(missing),
        (ErrorCode::SchemaViolation, format!("{p}/primary_loss"))
    );
    let text = json!({"document": {"schema": "isms/2", "organisation": {"name": "X", "currency": "euro"}}}).to_string();
    assert_eq!(
        api::call_json("simulate", &text)
            .map_err(|e| (e.code, e.path))
            .err(),
        Some((
            ErrorCode::SchemaViolation,
            "/document/organisation/currency".to_owned()
        ))
    );
}

#[test]
fn non_finite_parameters_from_typed_callers_are_errors() {
    let mut document = isms_core::model::Document::new("X");
    let quant: RiskQuant = serde_json::from_value(json!({
        "tef": {"constant": 1}, "vulnerability": {"constant": 0.5}, "primary_loss": {"constant": 10}
    }))
    .unwrap();
    let mut nan = quant.clone();
    nan.tef = Distribution::Pert(Pert {
        low: f64::NAN,
        mode: 1.0,
        high: 2.0,
        confidence: None,
    });
    let mut inf = quant;
    inf.primary_loss = Distribution::Lognormal(Lognormal {
        mu: Some(f64::INFINITY),
        sigma: Some(1.0),
        ..Lognormal::default()
    });
    for (q, path) in [
        (nan, "/risks/0/quant/tef/pert/low"),
        (inf, "/risks/0/quant/primary_loss/lognormal/mu"),
    ] {
        let mut r: isms_core::model::Risk =
            serde_json::from_value(json!({"id": "R1", "title": "R1"})).unwrap();
        r.quant = Some(Box::new(q));
        document.risks = vec![r];
        let e = isms_core::checks::check(&document, None).unwrap_err();
        assert_eq!((e.code, e.path.as_str()), (ErrorCode::InvalidValue, path));
    }
}

#[test]
fn take_samples_moves_each_risk_then_the_portfolio_out() {
    let constant = |loss: u32| {
        json!({"tef": {"constant": 1}, "vulnerability": {"constant": 1},
               "primary_loss": {"constant": loss}})
    };
    let mut sim = run(
        json!([risk("R1", constant(1)), risk("R2", constant(10))]),
        json!({"iterations": 3, "keep_samples": true, "model": "shortcut"}),
    );
    let samples = sim.take_samples();
    let inherent: Vec<Vec<f64>> = samples.iter().map(|s| s.inherent.clone()).collect();
    assert_eq!(inherent, [vec![1.0; 3], vec![10.0; 3], vec![11.0; 3]]);
    assert!(sim.risks.iter().all(|r| r.samples.is_none()) && sim.portfolio.samples.is_none());
    assert!(!serde_json::to_string(&sim).unwrap().contains("samples"));
    assert!(sim.take_samples().is_empty());
}

/// A portfolio of `count` risks of both kinds, some treated, with secondary loss.
fn portfolio(count: usize) -> Value {
    let risks: Vec<Value> = (0..count)
        .map(|i| {
            let tef = 0.3 + (i % 7) as f64 * 0.4;
            let mut quant = json!({
                "tef": {"pert": {"low": tef, "mode": tef * 2.0, "high": tef * 5.0}},
                "primary_loss": {"lognormal": {"low": 5_000.0 + 100.0 * i as f64, "high": 400_000.0}},
                "secondary": {
                    "frequency": {"pert": {"low": 0.05, "mode": 0.2, "high": 0.5}},
                    "magnitude": {"lognormal": {"low": 10_000.0, "high": 300_000.0}}
                }
            });
            if i % 2 == 0 {
                quant["vulnerability"] = json!({"pert": {"low": 0.1, "mode": 0.3, "high": 0.7}});
            } else {
                quant["threat_capability"] = json!({"pert": {"low": 20, "mode": 50, "high": 80}});
                quant["resistance_strength"] = json!({"pert": {"low": 30, "mode": 45, "high": 70}});
                quant["resistance_uplift"] = json!({"A.8.7": 10, "A.8.8": 20});
            }
            risk(&format!("R{i}"), quant)
        })
        .collect();
    Value::Array(risks)
}

#[test]
fn any_number_of_threads_gives_the_same_bits() {
    for model in ["event", "shortcut"] {
        let runs: Vec<Simulation> = [1, 2, 4, 3]
            .iter()
            .map(|threads| {
                run(
                    portfolio(13),
                    json!({"iterations": 20_000, "seed": 5, "threads": threads, "keep_samples": true, "model": model}),
                )
            })
            .collect();
        for other in &runs[1..] {
            assert_eq!(&runs[0], other, "{model}");
        }
        // Every core (the default) too.
        assert_eq!(
            runs[0],
            run(
                portfolio(13),
                json!({"iterations": 20_000, "seed": 5, "keep_samples": true, "model": model})
            )
        );
    }
    assert_eq!(
        error(portfolio(2), json!({"threads": 0})),
        (ErrorCode::InvalidValue, "/threads".to_owned())
    );
}

#[test]
fn a_portfolio_split_by_risks_combines_to_the_same_bits() {
    let correlation = json!({
        "risks": ["R1", "R4", "R6"],
        "matrix": [[1.0, 0.5, 0.3], [0.5, 1.0, 0.2], [0.3, 0.2, 1.0]]
    });
    let whole = json!({"iterations": 5_000, "seed": 9, "correlation": correlation});
    let expected = run(portfolio(7), whole.clone());
    let mut parts = Vec::new();
    for chunk in [vec!["R6", "R0"], vec!["R3", "R1", "R2"], vec!["R5", "R4"]] {
        let mut split = whole.clone();
        split["risks"] = json!(chunk);
        split["keep_samples"] = json!(true);
        let mut sim = run(portfolio(7), split);
        let ids: Vec<String> = sim.risks.iter().map(|r| r.id.clone()).collect();
        let samples = sim.take_samples();
        parts.extend(
            ids.into_iter()
                .zip(samples)
                .map(|(id, samples)| RiskYears { id, samples }),
        );
    }
    let request = request(portfolio(7), whole.clone());
    assert_eq!(api::combine(&request, parts.clone()).unwrap(), expected);
    let missing = parts[1..].to_vec();
    assert_eq!(
        api::combine(&request, missing).unwrap_err().code,
        ErrorCode::InvalidValue
    );
    let mut twice = parts.clone();
    twice.push(parts[0].clone());
    assert_eq!(
        api::combine(&request, twice).unwrap_err().code,
        ErrorCode::DuplicateId
    );
}

/// Spearman's rank correlation, ties given their mean rank.
fn rank_correlation(a: &[f64], b: &[f64]) -> f64 {
    let ranks = |x: &[f64]| {
        let mut order: Vec<usize> = (0..x.len()).collect();
        order.sort_by(|&i, &j| x[i].total_cmp(&x[j]));
        let mut rank = vec![0.0; x.len()];
        let mut start = 0;
        while start < order.len() {
            let mut end = start;
            while end + 1 < order.len() && x[order[end + 1]] == x[order[start]] {
                end += 1;
            }
            for &i in &order[start..=end] {
                rank[i] = (start + end) as f64 / 2.0;
            }
            start = end + 1;
        }
        rank
    };
    let (ra, rb) = (ranks(a), ranks(b));
    let mean = |r: &[f64]| r.iter().sum::<f64>() / r.len() as f64;
    let (ma, mb) = (mean(&ra), mean(&rb));
    let cov: f64 = ra.iter().zip(&rb).map(|(x, y)| (x - ma) * (y - mb)).sum();
    let va: f64 = ra.iter().map(|x| (x - ma) * (x - ma)).sum();
    let vb: f64 = rb.iter().map(|y| (y - mb) * (y - mb)).sum();
    cov / (va * vb).sqrt()
}

#[test]
fn the_copula_keeps_each_risk_and_gives_the_rank_correlation_asked() {
    // Frequent losses, so that few years tie at zero; for `events`, a constant loss per event,
    // so that a year's loss ranks as its count of events.
    let frequent = |id: &str, loss: f64, on: &str| {
        let primary = if on == "events" {
            json!({"constant": loss})
        } else {
            json!({"lognormal": {"low": loss, "high": loss * 30.0}})
        };
        risk(
            id,
            json!({
                "tef": {"pert": {"low": 10, "mode": 30, "high": 90}},
                "vulnerability": {"constant": 1.0},
                "primary_loss": primary
            }),
        )
    };
    let years = 100_000;
    for on in ["annual_loss", "events"] {
        let risks = json!([
            frequent("A", 1_000.0, on),
            frequent("B", 5_000.0, on),
            frequent("C", 2_000.0, on)
        ]);
        let independent = run(
            risks.clone(),
            json!({"iterations": years, "seed": 2, "keep_samples": true}),
        );
        let rho: f64 = 0.8;
        let correlated = run(
            risks.clone(),
            json!({"iterations": years, "seed": 2, "keep_samples": true, "correlation": {
                "risks": ["A", "B"], "matrix": [[1.0, rho], [rho, 1.0]], "on": on
            }}),
        );
        // Each risk keeps its years: every statistic, hence its mean, is unchanged…
        for (a, b) in independent.risks.iter().zip(&correlated.risks) {
            assert_eq!(a.inherent, b.inherent, "{on}");
            assert_eq!(a.residual, b.residual, "{on}");
        }
        let (a, b, c) = (
            correlated.risks[0].samples.as_ref().unwrap(),
            correlated.risks[1].samples.as_ref().unwrap(),
            correlated.risks[2].samples.as_ref().unwrap(),
        );
        let mean = |x: &[f64]| x.iter().sum::<f64>() / x.len() as f64;
        let plain = independent.risks[0].samples.as_ref().unwrap();
        within(
            mean(&a.inherent) / mean(&plain.inherent),
            1.0,
            1e-9,
            "marginal mean",
        );
        // …the portfolio's mean is the sum of the means, its spread wider…
        within(
            correlated.portfolio.inherent.ale / independent.portfolio.inherent.ale,
            1.0,
            1e-9,
            "portfolio mean",
        );
        let (wide, narrow) = (
            correlated.portfolio.inherent.std_dev,
            independent.portfolio.inherent.std_dev,
        );
        assert!(wide > narrow * 1.05, "{on}: {wide} against {narrow}");
        // …and the rank correlation is the Gaussian copula's, 6/π·asin(ρ/2) (a little lower
        // for counts, whose ties the copula cannot separate).
        let expected = 6.0 / std::f64::consts::PI * (rho / 2.0).asin();
        let got = rank_correlation(&a.inherent, &b.inherent);
        let slack = if on == "events" { 0.03 } else { 0.01 };
        assert!(
            got <= expected + 0.01 && got >= expected - slack,
            "{on}: rank correlation {got}, expected about {expected}"
        );
        let free = rank_correlation(&a.inherent, &c.inherent);
        within(free, 0.0, 0.015, "an uncorrelated risk");
    }
}

#[test]
fn a_correlation_is_checked() {
    let bad = |correlation: Value| {
        error(
            portfolio(3),
            json!({"iterations": 100, "correlation": correlation}),
        )
    };
    let two = |matrix: Value| json!({"risks": ["R0", "R1"], "matrix": matrix});
    assert_eq!(
        bad(two(json!([[1.0, 0.5], [0.4, 1.0]]))),
        (
            ErrorCode::InvalidValue,
            "/correlation/matrix/0/1".to_owned()
        )
    );
    assert_eq!(
        bad(two(json!([[1.0, 1.5], [1.5, 1.0]]))),
        (
            ErrorCode::InvalidValue,
            "/correlation/matrix/0/1".to_owned()
        )
    );
    assert_eq!(
        bad(two(json!([[0.9, 0.5], [0.5, 1.0]]))),
        (
            ErrorCode::InvalidValue,
            "/correlation/matrix/0/0".to_owned()
        )
    );
    assert_eq!(
        bad(two(json!([[1.0, 1.0], [1.0, 1.0]]))),
        (ErrorCode::InvalidValue, "/correlation/matrix".to_owned())
    );
    assert_eq!(
        bad(two(json!([[1.0, 0.5]]))),
        (ErrorCode::InvalidValue, "/correlation/matrix".to_owned())
    );
    assert_eq!(
        bad(json!({"risks": ["R0", "R9"], "matrix": [[1.0, 0.0], [0.0, 1.0]]})),
        (
            ErrorCode::UnknownReference,
            "/correlation/risks/1".to_owned()
        )
    );
    assert_eq!(
        bad(json!({"risks": ["R0", "R0"], "matrix": [[1.0, 0.0], [0.0, 1.0]]})),
        (ErrorCode::DuplicateId, "/correlation/risks/1".to_owned())
    );
}

#[test]
fn rosi_weighs_the_saved_loss_against_the_controls_cost() {
    let mut req = request(portfolio(4), json!({"iterations": 20_000, "seed": 3}));
    req.document.controls[0].cost = Some(ControlCost {
        one_off: 30_000.0,
        yearly: 5_000.0,
    });
    req.document.controls[1].cost = Some(ControlCost {
        one_off: 0.0,
        yearly: 12_000.0,
    });
    // A planned control adds nothing, so its cost is not counted.
    req.document.controls[2].cost = Some(ControlCost {
        one_off: 1e6,
        yearly: 1e6,
    });
    let sim = api::simulate(&req).unwrap();
    let annual = 5_000.0 + 30_000.0 / 3.0 + 12_000.0;
    for risk in &sim.risks {
        match &risk.investment {
            Some(i) => {
                assert_eq!(
                    (i.one_off, i.yearly, i.annual_cost),
                    (30_000.0, 17_000.0, annual)
                );
                let rosi = (risk.reduction.ale - annual) / annual;
                assert_eq!(i.rosi, Some(rosi));
            }
            None => assert!(risk.controls.is_empty(), "{}", risk.id),
        }
    }
    // The portfolio counts each control once.
    let p = sim.portfolio.investment.unwrap();
    assert_eq!(p.annual_cost, annual);
    assert_eq!(
        p.rosi,
        Some((sim.portfolio.reduction.ale - annual) / annual)
    );
    req.amortisation_years = 5.0;
    let five = api::simulate(&req).unwrap();
    assert_eq!(
        five.portfolio.investment.unwrap().annual_cost,
        17_000.0 + 6_000.0
    );
    req.amortisation_years = 0.5;
    assert_eq!(api::simulate(&req).unwrap_err().path, "/amortisation_years");
}

#[test]
fn a_tolerance_crossed_by_the_residual_curve_is_a_finding() {
    let mut req = request(portfolio(4), json!({"iterations": 20_000, "seed": 3}));
    let sim = api::simulate(&req).unwrap();
    assert!(sim.findings.is_empty() && sim.portfolio.tolerance.is_empty());
    let p95 = sim.portfolio.residual.p95;
    req.document.organisation.loss_tolerance = vec![
        TolerancePoint {
            loss: p95 / 10.0,
            probability: 0.9,
        },
        TolerancePoint {
            loss: p95,
            probability: 0.01,
        },
        TolerancePoint {
            loss: p95 * 100.0,
            probability: 0.0,
        },
    ];
    let crossed = api::simulate(&req).unwrap();
    let checks = &crossed.portfolio.tolerance;
    assert_eq!(checks.len(), 3);
    assert!(!checks[0].exceeded && checks[1].exceeded);
    within(
        checks[1].residual,
        0.05,
        0.001,
        "exceedance at the residual P95",
    );
    assert!(checks[1].inherent >= checks[1].residual);
    assert_eq!(crossed.findings.len(), 1);
    assert_eq!(crossed.findings[0].code.as_str(), "loss_tolerance_exceeded");
    assert_eq!(crossed.findings[0].path, "/organisation/loss_tolerance/1");
    req.document.organisation.loss_tolerance[1].probability = 0.2;
    assert!(api::simulate(&req).unwrap().findings.is_empty());
    // A tolerance whose probability rises with the loss is refused.
    req.document.organisation.loss_tolerance[2].probability = 0.5;
    let e = api::simulate(&req).unwrap_err();
    assert_eq!(
        (e.code, e.path.as_str()),
        (
            ErrorCode::InvalidValue,
            "/document/organisation/loss_tolerance/2/probability"
        )
    );
}

#[test]
fn assuming_a_status_is_the_same_as_recording_it() {
    let quant = json!({
        "tef": {"pert": {"low": 0.5, "mode": 2.0, "high": 8.0}},
        "threat_capability": {"pert": {"low": 20.0, "mode": 50.0, "high": 90.0}},
        "resistance_strength": {"pert": {"low": 30.0, "mode": 50.0, "high": 70.0}},
        "resistance_uplift": {"A.8.9": 15.0, "A.8.8": 10.0},
        "magnitude_reduction": {"A.8.9": {"primary": 0.3}},
        "primary_loss": {"lognormal": {"low": 1e4, "high": 1e6}}
    });
    let risks = json!([risk("R1", quant)]);
    let assumed = run(
        risks.clone(),
        json!({"iterations": 5_000, "assume": {"planned": "implemented"}}),
    );
    let mut edited = request(risks.clone(), json!({"iterations": 5_000}));
    for record in &mut edited.document.controls {
        if record.status == isms_core::model::ImplementationStatus::Planned {
            record.status = isms_core::model::ImplementationStatus::Implemented;
        }
    }
    let recorded = api::simulate(&edited).unwrap();
    assert_eq!(assumed.risks, recorded.risks);
    assert_eq!(assumed.portfolio, recorded.portfolio);
    assert_eq!(
        serde_json::to_value(&assumed.assume).unwrap(),
        json!({"planned": "implemented"})
    );
    // As recorded, the planned control adds nothing; assumed implemented, it lowers the loss.
    let as_is = run(risks, json!({"iterations": 5_000}));
    assert!(assumed.risks[0].residual.ale < as_is.risks[0].residual.ale);
    assert_eq!(as_is.risks[0].inherent, assumed.risks[0].inherent);
    // A status can also be assumed away: implemented read as not implemented.
    let none = run(
        json!([risk(
            "R2",
            json!({"tef": {"constant": 2.0}, "threat_capability": {"constant": 60.0},
                   "resistance_strength": {"constant": 45.0}, "resistance_uplift": {"A.8.7": 20},
                   "primary_loss": {"constant": 100.0}})
        )]),
        json!({"iterations": 1_000, "assume": {"implemented": "not_implemented"}}),
    );
    assert_eq!(none.risks[0].residual, none.risks[0].inherent);
}

#[test]
fn a_magnitude_reduction_cuts_each_loss_event_by_its_share() {
    // Constant losses: every treated year loses exactly its share of the untreated year.
    let quant = |cut: Value| {
        json!({
            "tef": {"pert": {"low": 1.0, "mode": 3.0, "high": 6.0}},
            "vulnerability": {"constant": 0.5},
            "magnitude_reduction": cut,
            "primary_loss": {"constant": 1000.0},
            "secondary": {"frequency": {"constant": 1.0}, "magnitude": {"constant": 4000.0}}
        })
    };
    for model in ["event", "shortcut"] {
        let sim = run(
            json!([
                risk("primary", quant(json!({"A.8.7": {"primary": 0.5}}))),
                risk(
                    "both",
                    quant(
                        json!({"A.8.7": {"primary": 0.5}, "A.8.8": {"secondary": 0.5, "primary": 0.2}})
                    )
                ),
                risk("planned", quant(json!({"A.8.9": {"primary": 0.9}})))
            ]),
            json!({"iterations": 4_000, "keep_samples": true, "model": model}),
        );
        let years = |i: usize| sim.risks[i].samples.as_ref().unwrap();
        // 1000 · ½ + 4000 = 4500 of 5000.
        for (i, r) in years(0).inherent.iter().zip(&years(0).residual) {
            within(*r, i * 0.9, 1e-6 * i.max(1.0), model);
        }
        // A.8.8 is partially implemented: half its shares. Primary 1000 · ½ · (1 − 0.1) = 450,
        // secondary 4000 · (1 − 0.25) = 3000: 3450 of 5000.
        for (i, r) in years(1).inherent.iter().zip(&years(1).residual) {
            within(*r, i * 0.69, 1e-6 * i.max(1.0), model);
        }
        let shares = sim.risks[1].magnitude_reduction;
        within(shares.primary, 0.55, 1e-12, "primary share");
        within(shares.secondary, 0.25, 1e-12, "secondary share");
        assert_eq!(sim.risks[2].residual, sim.risks[2].inherent);
        assert_eq!(
            sim.risks[2].controls[0]
                .reduction_applied
                .map(|r| r.primary),
            Some(0.0)
        );
        within(sim.risks[0].reduction.share, 0.1, 1e-9, model);
    }
}

#[test]
fn a_magnitude_reduction_is_checked() {
    let quant = |cut: Value| {
        json!({
            "tef": {"constant": 1.0},
            "vulnerability": {"constant": 0.5},
            "magnitude_reduction": cut,
            "primary_loss": {"constant": 1000.0}
        })
    };
    let cases = [
        (
            json!({"A.8.7": {"primary": 1.5}}),
            ErrorCode::InvalidValue,
            "/document/risks/0/quant/magnitude_reduction/A.8.7/primary",
        ),
        (
            json!({"A.8.7": {"primary": -0.1}}),
            ErrorCode::InvalidValue,
            "/document/risks/0/quant/magnitude_reduction/A.8.7/primary",
        ),
        (
            json!({"A.8.7": {"secondary": 0.5}}),
            ErrorCode::SchemaViolation,
            "/document/risks/0/quant/magnitude_reduction/A.8.7/secondary",
        ),
        (
            json!({"A.8.7": {"tertiary": 0.5}}),
            ErrorCode::SchemaViolation,
            "/document/risks/0/quant/magnitude_reduction/A.8.7/tertiary",
        ),
        (
            json!({"A.99.1": {"primary": 0.5}}),
            ErrorCode::UnknownControl,
            "/document/risks/0/quant/magnitude_reduction/A.99.1",
        ),
    ];
    // Read as JSON, as a binding sends it: a misspelt share fails as it is read.
    let error = |risks: Value, extra: Value| {
        let mut value = json!({"document": {"schema": "isms/2",
            "organisation": {"name": "Example Ltd"}, "risks": risks}});
        if let (Some(target), Some(fields)) = (value.as_object_mut(), extra.as_object()) {
            target.extend(fields.clone());
        }
        let e = api::call_json("simulate", &value.to_string()).unwrap_err();
        (e.code, e.path)
    };
    for (cut, code, path) in cases {
        assert_eq!(
            error(json!([risk("R1", quant(cut.clone()))]), json!({})),
            (code, path.to_owned()),
            "{cut}"
        );
    }
    assert_eq!(
        error(json!([]), json!({"assume": {"planned": "done"}})),
        (ErrorCode::SchemaViolation, "/assume/planned".to_owned())
    );
}

#[test]
fn the_sensitivity_of_each_control_draws_the_same_years() {
    let quant = json!({
        "tef": {"pert": {"low": 0.5, "mode": 2.0, "high": 8.0}},
        "threat_capability": {"pert": {"low": 20.0, "mode": 50.0, "high": 90.0}},
        "resistance_strength": {"pert": {"low": 30.0, "mode": 50.0, "high": 70.0}},
        "resistance_uplift": {"A.8.7": 10.0, "A.8.8": 10.0, "A.8.9": 5.0},
        "magnitude_reduction": {"A.8.7": {"primary": 0.2}},
        "primary_loss": {"lognormal": {"low": 1e4, "high": 1e6}}
    });
    let risks = json!([risk("R1", quant.clone()), risk("R2", quant)]);
    let sim = run(
        risks.clone(),
        json!({"iterations": 5_000, "sensitivity": true, "threads": 2}),
    );
    let one = run(
        risks.clone(),
        json!({"iterations": 5_000, "sensitivity": true, "threads": 1}),
    );
    assert_eq!(sim.sensitivity, one.sensitivity);
    let plain = run(risks.clone(), json!({"iterations": 5_000}));
    assert_eq!(plain.risks, sim.risks, "sensitivity changes nothing else");
    assert!(plain.sensitivity.is_empty());
    let by = |id: &str| sim.sensitivity.iter().find(|c| c.control == id).unwrap();
    // Implemented: fully implemented is as recorded, to the bit.
    assert_eq!(by("A.8.7").full, by("A.8.7").as_is);
    assert!(by("A.8.7").without > by("A.8.7").as_is);
    // Planned: without it is as recorded.
    assert_eq!(by("A.8.9").without, by("A.8.9").as_is);
    assert!(by("A.8.9").full < by("A.8.9").as_is);
    assert_eq!(by("A.8.7").risks.len(), 2);
    assert_eq!(by("A.8.7").as_is, sim.portfolio.residual.ale);
    // Largest swing first.
    assert!(sim.sensitivity.windows(2).all(|w| w[0].swing >= w[1].swing));
    // Without the control is the simulation of the document without it.
    let mut edited = request(risks, json!({"iterations": 5_000}));
    edited.document.controls.retain(|r| r.control != "A.8.7");
    let without = api::simulate(&edited).unwrap();
    assert_eq!(by("A.8.7").risks[0].without, without.risks[0].residual.ale);
    within(
        by("A.8.7").without,
        without.portfolio.residual.ale,
        1e-6,
        "portfolio without",
    );
}
