"""The ids of the indicators page's parts, and the sizes its sections share."""

KPI_USED = "indicators-kpi-agreements-used"
KPI_NO_FLOW = "indicators-kpi-no-flow"
KPI_ENDING = "indicators-kpi-ending"
KPI_WITHOUT_AGREEMENT = "indicators-kpi-without-agreement"
KPI_QUOTA_USED = "indicators-kpi-quota-used"
KPI_SCHOOL_RULE = "indicators-kpi-school-rule"
KPI_EU_BENCHMARK = "indicators-kpi-eu-benchmark"
USE = "indicators-agreement-use"
NO_FLOW_GRID = "indicators-no-flow-grid"
ENDING_GRID = "indicators-ending-grid"
WITHOUT_AGREEMENT_GRID = "indicators-without-agreement-grid"
QUOTA = "indicators-quota-use"
QUOTA_GRID = "indicators-quota-grid"
QUOTA_SEARCH = "indicators-quota-search"
BALANCE = "indicators-balance"
BALANCE_GRID = "indicators-balance-grid"
BALANCE_NOTE = "indicators-balance-note"
DD_BY_YEAR = "indicators-dd-by-year"
DD_BY_PARTNER = "indicators-dd-by-partner"
DD_GRID = "indicators-dd-grid"
STAY = "indicators-compulsory-stay"
STAY_GRID = "indicators-compulsory-stay-grid"
GRID_ROW_LIMIT = 200  # rows sent to the browser per table

# The page arrives as a skeleton holding its filters and one placeholder per part; a callback
# per section fills its parts (cards, charts, tables and its headline cards), each running its
# own queries, and the browser asks for all of them at once: no request computes the whole page,
# which at 10 million mobilities took longer than a request may.
# `mobility bench` times each section callback under the name after "-section-" of its first
# output.
FILTERS = "indicators-filters"  # the page's filters as a query string, read by every section
HEALTH = "indicators-section-health"  # agreement use
HEALTH_ENDING = "indicators-section-health-ending"  # filled with HEALTH (it needs the use)
HEALTH_NO_FLOW = "indicators-section-health-no-flow"
WITHOUT_AGREEMENT = "indicators-section-without-agreement"
QUOTAS = "indicators-section-quotas"
BALANCES = "indicators-section-balance"
DOUBLE_DEGREES = "indicators-section-double-degrees"
COMPULSORY_STAY = "indicators-section-stay"
# The headline cards in the order they are shown; each section callback fills its own.
KPI_CARDS = (
    KPI_USED, KPI_NO_FLOW, KPI_ENDING, KPI_WITHOUT_AGREEMENT, KPI_QUOTA_USED, KPI_SCHOOL_RULE,
    KPI_EU_BENCHMARK,
)  # fmt: skip
KPI_HEIGHT = 100  # about a card's height, so that the page does not jump when they arrive

# The flows page's balance (the same rows, the same limit): the partner_balance download serves
# both charts.
BALANCE_LIMIT = 20
DD_PARTNER_LIMIT = 15
