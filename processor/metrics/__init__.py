"""Prometheus metrics of spec section 6: names, pipeline counters, business gauges."""
