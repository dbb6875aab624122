"""``isms.dask`` on a ``dask.distributed.LocalCluster`` of worker processes: a portfolio split by
risks across the workers gives the numbers of one local run, bit for bit, and a bag of documents
(one per client) simulates as each would alone."""

from __future__ import annotations


from typing import Any, Dict, Iterator

import numpy as np
import pytest

import isms

distributed = pytest.importorskip("distributed")
dask_bag = pytest.importorskip("dask.bag")
import isms.dask  # noqa: E402

RISKS = 24


def _document(client: str, risks: int = RISKS) -> Dict[str, Any]:
    out = []
    for i in range(risks):
        tef = 0.4 + (i % 5) * 0.5
        quant: Dict[str, Any] = {
            "tef": {"pert": {"low": tef, "mode": tef * 2, "high": tef * 4}},
            "primary_loss": {"lognormal": {"low": 2_000 + 500 * i, "high": 300_000}},
            "secondary": {
                "frequency": {"pert": {"low": 0.05, "mode": 0.2, "high": 0.5}},
                "magnitude": {"lognormal": {"low": 10_000, "high": 200_000}},
            },
        }
        if i % 2:
            quant["threat_capability"] = {"pert": {"low": 20, "mode": 50, "high": 85}}
            quant["resistance_strength"] = {"pert": {"low": 25, "mode": 45, "high": 75}}
            quant["resistance_uplift"] = {"A.8.7": 10, "A.8.8": 20}
        else:
            quant["vulnerability"] = {"pert": {"low": 0.1, "mode": 0.25, "high": 0.6}}
        out.append({"id": f"{client}-R{i:02d}", "title": f"Risk {i}", "quant": quant})
    return {
        "schema": "isms/2",
        "organisation": {"name": client, "currency": "EUR", "loss_tolerance": [{"loss": 250_000, "probability": 0.1}]},
        "risks": out,
        "controls": [
            {"control": "A.8.7", "applicable": True, "status": "implemented", "cost": {"one_off": 20_000, "yearly": 4_000}},
            {"control": "A.8.8", "applicable": True, "status": "partially_implemented"},
        ],
    }


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster, distributed.Client(cluster) as client:
        yield client


def test_the_cluster_has_worker_processes(client: Any) -> None:
    pids = set(client.run(lambda: __import__("os").getpid()).values())
    assert len(pids) == 2 and __import__("os").getpid() not in pids


@pytest.mark.parametrize("model", ["event", "shortcut"])
def test_a_portfolio_split_across_workers_is_the_local_run_bit_for_bit(client: Any, model: str) -> None:
    doc = _document("Acme")
    ids = [r["id"] for r in doc["risks"]]
    options: Dict[str, Any] = {
        "iterations": 20_000,
        "seed": 2026,
        "model": model,
        "correlation": {"risks": ids[:3], "matrix": [[1, 0.5, 0.2], [0.5, 1, 0.4], [0.2, 0.4, 1]]},
    }
    local = isms.simulate(doc, keep_samples=True, **options)
    spread = isms.dask.simulate_portfolio(client, doc, parts=5, keep_samples=True, **options)
    assert dict(spread) == dict(local)
    for which in ("inherent", "residual"):
        assert np.array_equal(spread.annual_losses(which=which), local.annual_losses(which=which))
    # A selection of risks splits too.
    chosen = ids[::3]
    assert dict(isms.dask.simulate_portfolio(client, doc, risks=chosen, **options)) == dict(
        isms.simulate(doc, risks=chosen, **options)
    )


def test_many_documents_simulate_as_a_bag(client: Any) -> None:
    documents = [_document(name, risks=6 + i) for i, name in enumerate(["Acme", "Globex", "Initech", "Umbrella"])]
    options = {"iterations": 5_000, "seed": 7}
    bag = dask_bag.from_sequence(documents, npartitions=4)
    results = isms.dask.simulate_each(bag, **options).compute()
    assert [dict(r) for r in results] == [dict(isms.simulate(d, **options)) for d in documents]
    # Any op maps the same way, here the ALE of each client's portfolio after treatment.
    ale = bag.map(lambda d: isms.simulate(d, **options)["portfolio"]["residual"]["ale"]).compute()
    assert ale == [r["portfolio"]["residual"]["ale"] for r in results]


def test_split_shares_the_ids_in_order() -> None:
    ids = [str(i) for i in range(7)]
    assert isms.dask.split(ids, 3) == [["0", "1", "2"], ["3", "4"], ["5", "6"]]
    assert isms.dask.split(ids, 20) == [[i] for i in ids]
    assert sum(isms.dask.split(ids, 1), []) == ids

