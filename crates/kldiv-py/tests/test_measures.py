"""The measures around KL, from Python: arrays against their definitions in numpy, the
distribution measures against closed forms and identities."""

import math

import numpy as np
import pytest

import kldiv

P = np.array([0.1, 0.2, 0.7])
Q = np.array([0.3, 0.3, 0.4])


def test_array_measures_match_their_definitions():
    p, q = P / P.sum(), Q / Q.sum()
    assert kldiv.hellinger(P, Q) == pytest.approx(np.sqrt(0.5 * np.sum((np.sqrt(p) - np.sqrt(q)) ** 2)), rel=1e-14)
    assert kldiv.total_variation(P, Q) == pytest.approx(0.5 * np.sum(np.abs(p - q)), rel=1e-14)
    assert kldiv.bhattacharyya(P, Q) == pytest.approx(-np.log(np.sum(np.sqrt(p * q))), rel=1e-13)
    for a in (0.5, 2.0, 3.0):
        want = np.log(np.sum(p ** a * q ** (1 - a))) / (a - 1)
        assert kldiv.renyi(P, Q, a) == pytest.approx(want, rel=1e-13)
    assert kldiv.renyi(P, Q, 1.0) == pytest.approx(kldiv.entropy(P, Q), rel=1e-15)


def test_array_measures_broadcast_along_an_axis():
    m = np.array([[0.1, 0.5], [0.2, 0.3], [0.7, 0.2]])
    r = kldiv.hellinger(m, Q[:, None], axis=0)
    assert r.shape == (2,)
    assert r[0] == pytest.approx(kldiv.hellinger(m[:, 0], Q), rel=1e-15)
    assert kldiv.total_variation(m.T, Q, axis=1, keepdims=True).shape == (2, 1)


def test_bad_orders_raise():
    with pytest.raises(ValueError, match="Rényi order must be finite and > 0"):
        kldiv.renyi(P, Q, -1.0)
    with pytest.raises(ValueError, match="unknown measure 'bogus'"):
        kldiv.divergence("normal(0,1)", "normal(1,1)", "bogus")


def test_distribution_measures():
    # Bhattacharyya between normals: ¼ Δ²/(σ₁² + σ₂²) + ½ ln((σ₁² + σ₂²)/(2σ₁σ₂)).
    b = kldiv.divergence("normal(0, 1)", "normal(1, 2)", "bhattacharyya")
    want = 0.25 * 1 / 5 + 0.5 * math.log(5 / 4)
    assert b.method == "closed form"
    assert abs(b.value - want) <= b.abs_error + 1e-16
    h = kldiv.divergence("normal(0, 1)", "normal(1, 2)", "hellinger")
    assert h.value ** 2 == pytest.approx(-math.expm1(-want), rel=1e-14)
    tv = kldiv.divergence("normal(0,1)", "0.5*normal(0,1) + 0.5*normal(3,1)", "tv")
    assert tv.method == "quadrature" and tv.abs_error < 1e-12
    assert 0 < tv.value < 1
    # Pinsker: TV ≤ √(KL/2).
    kl = kldiv.kl("normal(0,1)", "0.5*normal(0,1) + 0.5*normal(3,1)")
    assert tv.value <= math.sqrt(kl.value / 2)


def test_entropy_of_any_distribution():
    h = kldiv.dist_entropy("normal(0, 2)")
    assert h.method == "closed form"
    assert h.value == pytest.approx(0.5 * math.log(2 * math.pi * math.e * 4), rel=1e-14)
    m = kldiv.dist_entropy("0.5*normal(0, 1) + 0.5*normal(3, 1)")
    assert m.method == "quadrature"
    assert abs(m.value - 1.9457158397260463) <= m.abs_error + 1e-15


def test_plot_draws_a_measure_integrand():
    fig = kldiv.plot("normal(0, 1)", "normal(1, 2)", measure="tv")
    assert "the integrand of tv" in fig.svg
    with pytest.raises(ValueError, match="unknown measure"):
        kldiv.plot("normal(0, 1)", "normal(1, 2)", measure="bogus")
