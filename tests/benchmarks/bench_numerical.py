"""Speed targets of the numerical-reasoning families (issue 3): items/s with check() on, SVG
charts included for data_chart."""

TARGETS = {
    "numeric.percent_ratio": 20_000,
    "numeric.word_problem": 20_000,
    "numeric.estimation": 20_000,
    "numeric.data_table": 3_000,
    "numeric.data_chart": 3_000,
}
