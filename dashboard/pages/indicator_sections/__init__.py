"""The sections of the indicators page (dashboard/pages/indicators.py): what each one shows.

The page module holds the layout, the callbacks that fill the sections and the downloads."""
