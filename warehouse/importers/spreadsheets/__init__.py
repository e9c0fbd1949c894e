"""Partner lists and mobility lists kept as spreadsheets: CSV, TSV or XLSX, in EN, FR or ES.

International offices keep these lists by hand, so the reader is forgiving about their shape
and strict about their meaning:

- Text files (.csv, .tsv, .txt) are decoded like every other text import (UTF-8 with or without
  BOM, else Windows-1252); their separator (tab, semicolon or comma) is the one under which a
  header row is recognised. Workbooks (XLSX, and old XLS through calamine) are read cell by
  cell from the first sheet holding data; line numbers are Excel row numbers.
- The header is the first of the first 15 rows in which at least two cells are known column
  names (English, French or Spanish, compared without case, accents or punctuation), so title
  rows above it are skipped. `column_map` (the CLI's --map FIELD=COLUMN) names the others;
  `set_values` (--set FIELD=VALUE) gives every row a field no column holds, read as its cell
  would be (a value its column would refuse is an error; a field the file has is an error too,
  so that a column and --set never disagree silently).
- Blank rows are not rows. A footer 'Total' row is read and rejected. Every other row is
  accepted or rejected with a reason, and the notes say how each column was understood.
- Partner lists: one agreement per row; a positive 'Places' cell also gives a quota of
  outgoing student places. A list with places per programme, degree or level (one column each:
  'Plazas Grado', 'Máster', 'Doctorado'…) gives one quota per agreement and column, labelled by
  the column: columns are places columns when their header says so ('Places …', 'Plazas …'),
  when --map places=COLUMN names them (repeatable), or when the header has several columns of
  numbers only, right of the partner's, named like programmes, degrees, levels or kinds of
  place (others are not taken on a guess). A 'Total' column is checked
  against the row's places, a total row against the column sums; a difference is said.
  Validity columns take academic years ('2021/22'), dates (a start date gives the academic
  year it falls in, an end date the year it closes) or bare years ('from 2021' = 2021-2022,
  'until 2027' = 2026-2027); what cannot be read is left empty with a note, as is a 'Places'
  cell that is not a number.
- Mobility lists: one mobility per row; a missing academic year comes from the start date
  (the academic year starts on 1 August); a missing activity means study. Optional Erasmus+
  columns: blended mobility, green travel and fewer opportunities (yes/no, oui/non, sí/no, 1/0,
  x), the Erasmus+ activity (HE-SMS, HE-SMT, HE-STA, HE-STT, BIP, doctoral short-term) and the
  action (KA131, KA171); a value not understood is left empty with a note.
- Graduate lists: one graduate per row, a student number and a graduation year ('2024',
  '2023-2024' = 2024, or a date), optionally the ECTS credits earned abroad; a student listed
  twice in one file is rejected the second time.

Personal data stays out of the warehouse: columns of names, e-mails and the like are dropped,
student numbers become keyed pseudonyms (HMAC-SHA256), and the text kept of a rejected row holds
the columns read only (any other cell masked), never a row whose cells are shifted.

The pieces, each in its module: headers.py (the header row and what each column holds, from
reference/header_synonyms.csv), tables.py (the rows of a workbook or a text file), cells.py (what
one cell says), places.py (quotas per programme), pseudonyms.py (student numbers and the text of
rejected rows), mobilities.py (mobility lists, column-wise) and reader.py (the whole).
"""

from warehouse.importers.spreadsheets.headers import (
    FIELDS_GRADUATES,
    FIELDS_MOBILITIES,
    FIELDS_PARTNERS,
    PERSONAL,
    describe_columns,
)
from warehouse.importers.spreadsheets.pseudonyms import pseudonym
from warehouse.importers.spreadsheets.reader import read_spreadsheet

__all__ = [
    "FIELDS_GRADUATES",
    "FIELDS_MOBILITIES",
    "FIELDS_PARTNERS",
    "PERSONAL",
    "describe_columns",
    "pseudonym",
    "read_spreadsheet",
]
