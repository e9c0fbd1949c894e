"""The Dash dashboard. Presentation only: it reads the warehouse through dashboard.data."""
