"""Write the spreadsheet fixtures: the same partners and mobilities in many shapes.

Run from anywhere: `python tests/data/imports/spreadsheets/make_fixtures.py` (the .xls files need
xlwt: `pip install xlwt`). It rewrites every file of partners/ and mobilities/ and the two
*_expected.csv files beside them. Text files come out byte for byte the same on each run;
workbooks differ only in their zip timestamps.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path

import openpyxl
import xlwt

HERE = Path(__file__).resolve().parent
FIXED_TIME = datetime(2024, 3, 12, 9, 0, 0)

# ---------- partners
# One dict per partner; a tuple holds the English, French and Spanish spelling of a cell.
PARTNERS = [
    {
        "name": "Université de Liège",
        "country": ("Belgium", "Belgique", "Bélgica"),
        "city": "Liège",
        "code": "B  LIEGE01",
        "programme": ("Erasmus+", "Erasmus+", "Erasmus+"),
        "places": "",
        "years": ("2021", "2028"),
    },
    {
        "name": "Universidad Politécnica de Madrid",
        "country": ("Spain", "Espagne", "España"),
        "city": "Madrid",
        "code": "E  MADRID05",
        "programme": ("Erasmus+", "Erasmus+", "Erasmus+"),
        "places": "",
        "years": ("2021", "2028"),
    },
    {
        "name": "Technische Universität München",
        "country": ("D", "D", "D"),  # an Erasmus country prefix
        "city": "München",
        "code": "D  MUNCHEN02",
        "programme": ("Double degree", "Double diplôme", "Doble titulación"),
        "places": "",
        "years": ("2019", None),
    },
    {
        "name": "Karlsruher Institut für Technologie",
        "country": ("Allemagne", "Allemagne", "Allemagne"),  # French, whatever the headers
        "city": "Karlsruhe",
        "code": "D  KARLSRU01",
        "programme": ("Erasmus+ - IMT", "Erasmus+ - IMT", "Erasmus+ - IMT"),  # signed by the group
        "places": "",
        "years": ("2021", "2028"),
    },
    {
        "name": "Politecnico di Milano",
        "country": ("Italy", "Italie", "Italia"),
        "city": "Milano",
        "code": "I  MILANO02",
        "programme": ("Erasmus+", "Erasmus+", "Erasmus+"),
        "places": "2",
        "years": ("2021", "2028"),
    },
    {
        "name": "Aalto University",
        "country": ("", "", ""),  # the code's prefix SF says Finland
        "city": "Espoo",
        "code": "SF ESPOO12",
        "programme": ("MoU", "Accord-cadre (MoU)", "MoU"),
        "places": "",
        "years": ("2023", None),
    },
]
PARTNERS_EXPECTED = [
    # partner_name, iso2, agreement_type, erasmus code, city, signatory, first, last, places
    ("Université de Liège", "BE", "erasmus", "B LIEGE01", "Liège", "school",
     "2021-2022", "2027-2028", ""),
    ("Universidad Politécnica de Madrid", "ES", "erasmus", "E MADRID05", "Madrid", "school",
     "2021-2022", "2027-2028", ""),
    ("Technische Universität München", "DE", "double_degree", "D MUNCHEN02", "München", "school",
     "2019-2020", "", ""),
    ("Karlsruher Institut für Technologie", "DE", "erasmus", "D KARLSRU01", "Karlsruhe", "group",
     "2021-2022", "2027-2028", ""),
    ("Politecnico di Milano", "IT", "erasmus", "I MILANO02", "Milano", "school",
     "2021-2022", "2027-2028", "2"),
    ("Aalto University", "FI", "mou", "SF ESPOO12", "Espoo", "school", "2023-2024", "", ""),
]  # fmt: skip

EN, FR, ES = 0, 1, 2


def year_pair(first: str | None, style: str) -> tuple[str, str]:
    """The validity years of a partner as a file writes them."""
    if first is None:
        return "", ""
    start = int(first)
    return {
        "dash": f"{start}-{start + 1}",
        "slash": f"{start}/{start + 1}",
        "short": f"{start}/{str(start + 1)[2:]}",
        "yy": f"{str(start)[2:]}-{str(start + 1)[2:]}",
    }[style]


def validity(partner: dict, style: str) -> tuple[str, str]:
    first, last = partner["years"]
    start = year_pair(first, style) if style != "bare" else (first or "")
    if last is None:
        return start, ""
    end = year_pair(str(int(last) - 1), style) if style != "bare" else last
    return start, end


def partner_rows(lang: int, style: str) -> list[list[str]]:
    return [
        [
            p["name"], p["country"][lang], p["city"], p["code"], p["programme"][lang],
            p["places"], *validity(p, style),
        ]
        for p in PARTNERS
    ]  # fmt: skip


def headers(text: str) -> list[str]:
    """A header row written as 'Institution|Country|...'."""
    return text.split("|")


def write_text(
    path: Path,
    rows: list[list[str]],
    *,
    delimiter: str,
    encoding: str = "utf-8",
    newline: str = "\n",
    quoting: int = csv.QUOTE_MINIMAL,
) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator=newline, quoting=quoting).writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))


def write_xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> None:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
        for column in "ABCDEFGHIJKLMNOPQ":
            sheet.column_dimensions[column].width = 18
    workbook.properties.created = workbook.properties.modified = FIXED_TIME
    workbook.save(path)


def write_xls(path: Path, sheets: dict[str, list[list[object]]]) -> None:
    """The same sheets as an old Excel 97-2003 workbook (BIFF8), real dates in date cells."""
    workbook = xlwt.Workbook(encoding="utf-8")
    dated = xlwt.easyxf(num_format_str="DD/MM/YYYY")
    for title, rows in sheets.items():
        sheet = workbook.add_sheet(title)
        for number, row in enumerate(rows):
            for column, value in enumerate(row):
                if value is None or value == "":
                    continue
                style = dated if isinstance(value, datetime) else xlwt.Style.default_style
                sheet.write(number, column, value, style)
    workbook.save(str(path))


def make_partners() -> None:
    folder = HERE / "partners"
    folder.mkdir(exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    english = headers("Institution|Country|City|Erasmus code|Programme|Places|Start|End")
    websites = ["https://www.uliege.be", "https://www.upm.es", "https://www.tum.de", "", "", ""]
    write_text(
        folder / "clean.csv",
        [english + ["Website"]]
        + [row + [site] for row, site in zip(partner_rows(EN, "dash"), websites, strict=True)],
        delimiter=",",
    )
    french = headers("Établissement|Pays|Ville|Code Erasmus|Type d'accord|Places|Début|Fin")
    write_text(
        folder / "semicolon_cp1252.csv",
        [french, *partner_rows(FR, "slash")],
        delimiter=";",
        encoding="cp1252",
        newline="\r\n",
    )
    rows = partner_rows(EN, "short")
    rows[0][4] = "Erasmus+, KA131"  # a separator inside a quoted cell
    write_text(
        folder / "utf8_bom_crlf.csv",
        [
            headers(
                "Host institution|Host country|City|Erasmus code|Exchange programme|Seats|From|"
                "Until"
            ),
            *rows,
        ],
        delimiter=",",
        encoding="utf-8-sig",
        newline="\r\n",
        quoting=csv.QUOTE_ALL,
    )
    rows = partner_rows(EN, "yy")
    for row, iso2 in zip(rows, ["BE", "ES", "D", "Allemagne", "IT", ""], strict=True):
        row[1] = iso2  # ISO codes, the Erasmus prefix and the French name stay as they are
    write_text(
        folder / "tab_separated.tsv",
        [
            headers(
                "Partner|Country|City|Code|Type|Number of places|First academic year|"
                "Last academic year"
            ),
            *rows,
        ],
        delimiter="\t",
    )
    write_text(
        folder / "spanish_headers.csv",
        [
            headers("Nombre Universidad|País|Ciudad|Código|Convenio|Plazas|Desde|Hasta"),
            *partner_rows(ES, "bare"),
        ],
        delimiter=";",
    )
    write_xlsx(folder / "title_rows_above_header.xlsx", {"Partenaires": title_rows_sheet()})
    write_xls(folder / "title_rows_above_header.xls", {"Partenaires": title_rows_sheet()})
    write_xlsx(folder / "trailing_total_row.xlsx", {"Feuil1": total_row_sheet(french)})
    write_blank_cells(folder / "blank_cells_only_spaces.csv", english)
    with open(HERE / "partners_expected.csv", "w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(
            ["partner_name", "partner_country_iso2", "agreement_type", "partner_erasmus_code",
             "partner_city", "signatory_level", "first_academic_year", "last_academic_year",
             "places"]
        )  # fmt: skip
        writer.writerows(PARTNERS_EXPECTED)


def title_rows_sheet() -> list[list[object]]:
    """Two title lines and a blank row above the header; real dates and numbers in cells."""
    rows: list[list[object]] = [
        ["Liste des partenaires - IMT Mines Albi"],
        ["Mise à jour : 12/03/2024"],
        [],
        headers("University|Country|City|Erasmus code|Program|Places|Start|End|Comments"),
    ]
    for partner, row in zip(PARTNERS, partner_rows(EN, "dash"), strict=True):
        first, last = partner["years"]
        row[5] = int(row[5]) if row[5] else None
        row[6] = datetime(int(first), 9, 1) if first != "2023" else row[6]
        row[7] = datetime(int(last), 8, 31) if last else None
        rows.append([*row, "renewed in 2021" if first == "2021" else None])
    return rows


def total_row_sheet(header: list[str]) -> list[list[object]]:
    """A French export with a blank row and a 'Total' footer under the partners."""
    return [header, *partner_rows(FR, "dash"), [], ["Total", None, None, None, None, 2]]


def write_blank_cells(path: Path, header: list[str]) -> None:
    """Cells padded with spaces, blank lines and a line of cells holding only spaces."""
    lines = ["", ",".join(f" {cell} " for cell in header)]
    for index, row in enumerate(partner_rows(EN, "dash")):
        cells = [f"  {cell}  " if cell else "   " for cell in row]
        if index == 1:
            cells[0] = "Universidad   Politécnica  de Madrid"  # runs of spaces collapse
        lines.append(",".join(cells))
        if index == 2:
            lines += ["", "   ,  ,   ,,  ,   ,  ,  "]
    lines += ["  ,  ,  ,  ,  ,  ,  ,  ", ""]
    path.write_bytes("\n".join(lines).encode("utf-8"))


# ---------- mobilities
# Student id, last name, first name, e-mail: personal data that must never reach the warehouse.
PEOPLE = [
    ("21900123", "Dupont", "Camille", "camille.dupont@etud.mines-albi.fr"),
    ("21900456", "Martin", "Léa", "lea.martin@etud.mines-albi.fr"),
    ("22000789", "Müller", "Jonas", "jonas.mueller@tum.de"),
    ("22000111", "García López", "María", "maria.garcia@alumnos.upm.es"),
    ("21800222", "Bernard", "Hugo", "hugo.bernard@etud.mines-albi.fr"),
    ("", "Leroy", "Anne", "anne.leroy@mines-albi.fr"),  # staff: no student number
    ("22100333", "Virtanen", "Aino", "aino.virtanen@aalto.fi"),
    ("21900999", "Petit", "Lucas", "lucas.petit@etud.mines-albi.fr"),
    ("21900555", "Moreau", "Chloé", "chloe.moreau@etud.mines-albi.fr"),  # rejected row
]
MOBILITIES = [
    # partner, country (en, fr, es), code, direction (en, fr, es), academic year, start, end,
    # duration, activity (en, fr, es)
    ("Université de Liège", ("Belgium", "Belgique", "Bélgica"), "B  LIEGE01",
     ("outgoing", "Sortant", "Saliente"), "2024-2025", "01/09/2024", "31/01/2025", "5",
     ("Study", "Études", "Estudios")),
    ("Universidad Politécnica de Madrid", ("Spain", "Espagne", "España"), "E  MADRID05",
     ("OUT", "sortant", "SALIENTE"), "", "45536", "45688", "5",
     ("Semester exchange", "Semestre d'études", "Semestre")),
    ("Technische Universität München", ("D", "D", "D"), "D  MUNCHEN02",
     ("Incoming", "Entrant", "Entrante"), "2024/25", "03/02/2025", "30/06/2025", "5",
     ("Study", "Études", "Estudios")),
    ("Universidad Politécnica de Madrid", ("Spain", "Espagne", "España"), "E  MADRID05",
     ("IN", "entrant", "entrante"), "23-24", "2024-02-01", "2024-06-30", "5",
     ("Study", "Études", "Estudios")),
    ("Karlsruher Institut für Technologie", ("Allemagne", "Allemagne", "Alemania"),
     "D  KARLSRU01", ("outbound", "Sortant", "Saliente"), "", "1/3/24", "31/8/24", "6",
     ("Internship", "Stage", "Prácticas")),
    ("Politecnico di Milano", ("Italy", "Italie", "Italia"), "I  MILANO02",
     ("outgoing", "Sortant", "Saliente"), "2024-2025", "14/10/2024", "18/10/2024", "",
     ("Staff teaching", "Enseignement", "Docencia")),
    ("Aalto University", ("", "", ""), "SF ESPOO12",
     ("incoming", "Entrant", "Entrante"), "2024-2025", "02/09/2024", "20/12/2024", "4",
     ("Double degree", "Double diplôme", "Doble titulación")),
    ("Aalto University", ("Finland", "Finlande", "Finlandia"), "SF ESPOO12",
     ("outgoing", "Sortant", "Saliente"), "2025-2026", "01/09/2025", "", "10",
     ("Study", "Études", "Estudios")),
    ("Université de Liège", ("Belgium", "Belgique", "Bélgica"), "B  LIEGE01",
     ("Mixte", "Mixte", "Mixte"), "2024-2025", "01/09/2024", "31/01/2025", "5",
     ("Study", "Études", "Estudios")),
]  # fmt: skip
MOBILITIES_EXPECTED = [
    # partner_name, iso2, code, direction, academic_year, start, end, duration, activity, student
    ("Université de Liège", "BE", "B LIEGE01", "outgoing", "2024-2025", "2024-09-01",
     "2025-01-31", "5", "study", "21900123"),
    ("Universidad Politécnica de Madrid", "ES", "E MADRID05", "outgoing", "2024-2025",
     "2024-09-01", "2025-01-31", "5", "study", "21900456"),
    ("Technische Universität München", "DE", "D MUNCHEN02", "incoming", "2024-2025",
     "2025-02-03", "2025-06-30", "5", "study", "22000789"),
    ("Universidad Politécnica de Madrid", "ES", "E MADRID05", "incoming", "2023-2024",
     "2024-02-01", "2024-06-30", "5", "study", "22000111"),
    ("Karlsruher Institut für Technologie", "DE", "D KARLSRU01", "outgoing", "2023-2024",
     "2024-03-01", "2024-08-31", "6", "traineeship", "21800222"),
    ("Politecnico di Milano", "IT", "I MILANO02", "outgoing", "2024-2025", "2024-10-14",
     "2024-10-18", "", "staff_teaching", ""),
    ("Aalto University", "FI", "SF ESPOO12", "incoming", "2024-2025", "2024-09-02",
     "2024-12-20", "4", "double_degree", "22100333"),
    ("Aalto University", "FI", "SF ESPOO12", "outgoing", "2025-2026", "2025-09-01", "", "10",
     "study", "21900999"),
]  # fmt: skip


def mobility_rows(lang: int) -> list[list[str]]:
    rows = []
    for (student, last, first, email), m in zip(PEOPLE, MOBILITIES, strict=True):
        partner, country, code, direction, year, start, end, duration, activity = m
        comment = "dossier complet" if student.endswith("3") else ""
        rows.append(
            [student, last, first, email, partner, country[lang], code, direction[lang], year,
             start, end, duration, activity[lang], "Master", "0710", "Erasmus+", comment]
        )  # fmt: skip
    return rows


def make_mobilities() -> None:
    folder = HERE / "mobilities"
    folder.mkdir(exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    english = headers(
        "Student ID|Last name|First name|Email|Host institution|Country|Erasmus code|Direction|"
        "Academic year|Start date|End date|Duration (months)|Activity|Level|Field|Funding|Comments"
    )
    french = headers(
        "N° étudiant|Nom|Prénom|Courriel|Établissement partenaire|Pays|Code Erasmus|Sens|"
        "Année universitaire|Date de début|Date de fin|Durée (mois)|Type de mobilité|Niveau|"
        "Domaine|Financement|Commentaire"
    )
    spanish = headers(
        "NIA|Apellidos|Nombre|Correo|Universidad socia|País|Código Erasmus|Tipo de movilidad|"
        "Curso|Fecha de inicio|Fecha de fin|Meses|Actividad|Nivel|Área|Beca|Comentario"
    )
    write_text(folder / "clean.csv", [english, *mobility_rows(EN)], delimiter=",")
    write_text(
        folder / "french_semicolon_cp1252.csv",
        [french, *mobility_rows(FR)],
        delimiter=";",
        encoding="cp1252",
        newline="\r\n",
    )
    rows: list[list[object]] = [["Movilidades - curso 2024-2025"], spanish]
    for row in mobility_rows(ES):
        cells: list[object] = list(row)
        cells[0] = int(row[0]) if row[0] else None  # student numbers typed as numbers
        for index in (9, 10):
            cells[index] = excel_value(row[index])
        cells[11] = int(row[11]) if row[11] else None
        rows.append([cell if cell != "" else None for cell in cells])
    write_xlsx(folder / "spanish.xlsx", {"Movilidades": rows})
    write_xls(folder / "spanish.xls", {"Movilidades": rows})
    with open(HERE / "mobilities_expected.csv", "w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(
            ["partner_name", "partner_country_iso2", "partner_erasmus_code", "direction",
             "academic_year", "start_date", "end_date", "duration_months", "activity",
             "student_id"]
        )  # fmt: skip
        writer.writerows(MOBILITIES_EXPECTED)


def excel_value(text: str) -> object:
    """A date cell as a workbook holds it: a real date, a serial number, or text as typed."""
    if text.isdigit():
        return int(text)  # a serial number in a cell without a date format
    day, month, year = (text.split("/") + ["", "", ""])[:3]
    if len(year) == 4:
        return datetime(int(year), int(month), int(day))
    return text or None  # '1/3/24' and ISO dates stay text


if __name__ == "__main__":
    make_partners()
    make_mobilities()
    print(f"fixtures written under {HERE}")
