"""Labels in English and French. Country and region names come from the warehouse (CLDR)."""

from __future__ import annotations

LANGUAGES = ("en", "fr")

LABELS: dict[str, tuple[str, str]] = {
    # navigation
    "nav.overview": ("Overview", "Vue d'ensemble"),
    "nav.map": ("World map", "Carte du monde"),
    "nav.agreements": ("Agreements", "Accords"),
    "nav.flows": ("Flows", "Flux"),
    "nav.data": ("Data", "Données"),
    "nav.partner": ("Partner", "Partenaire"),
    # filters
    "filter.schools": ("Schools", "Écoles"),
    "filter.schools.all": ("All schools", "Toutes les écoles"),
    "filter.years": ("Academic years", "Années universitaires"),
    "filter.direction": ("Direction", "Sens"),
    "filter.activity": ("Activity", "Activité"),
    "filter.activity.all": ("All activities", "Toutes les activités"),
    "filter.region": ("World region", "Région du monde"),
    "filter.region.all": ("All regions", "Toutes les régions"),
    "filter.language": ("Language", "Langue"),
    # values
    "direction.all": ("Both", "Les deux"),
    "direction.outgoing": ("Outgoing", "Sortants"),
    "direction.incoming": ("Incoming", "Entrants"),
    "activity.study": ("Study", "Études"),
    "activity.traineeship": ("Traineeship", "Stage"),
    "activity.double_degree": ("Double degree", "Double diplôme"),
    "activity.staff_teaching": ("Staff teaching", "Personnel : enseignement"),
    "activity.staff_training": ("Staff training", "Personnel : formation"),
    "activity.other": ("Other", "Autre"),
    "agreement_type.erasmus": ("Erasmus+", "Erasmus+"),
    "agreement_type.iia": ("Inter-institutional", "Interinstitutionnel"),
    "agreement_type.mou": ("MoU", "Protocole d'accord (MoU)"),
    "agreement_type.moa": ("MoA", "Accord (MoA)"),
    "agreement_type.double_degree": ("Double degree", "Double diplôme"),
    "agreement_type.other": ("Other", "Autre"),
    "signatory_level.group": ("Group level", "Niveau groupe"),
    "signatory_level.school": ("School level", "Niveau école"),
    # overview
    "overview.title": ("Overview", "Vue d'ensemble"),
    "kpi.active_agreements": ("Active agreements", "Accords actifs"),
    "kpi.partners": ("Partners", "Partenaires"),
    "kpi.countries": ("Countries", "Pays"),
    "kpi.outgoing": ("Outgoing students", "Étudiants sortants"),
    "kpi.incoming": ("Incoming students", "Étudiants entrants"),
    "kpi.balance": ("Balance (in − out)", "Solde (entrants − sortants)"),
    "kpi.double_degree": ("Double-degree students", "Étudiants en double diplôme"),
    "kpi.months": ("Mobility months", "Mois de mobilité"),
    "kpi.vs_previous": ("vs {year}", "vs {year}"),
    "kpi.in_year": ("in {year}", "en {year}"),
    "overview.trend": ("Outgoing and incoming students", "Étudiants sortants et entrants"),
    "overview.by_type": ("Active agreements by type", "Accords actifs par type"),
    "overview.last_import": ("Last import: {when}", "Dernier import : {when}"),
    "overview.no_import": ("No import yet.", "Aucun import pour l'instant."),
    # common
    "banner.synthetic": (
        "Demo data: this warehouse holds SYNTHETIC rows ({mobilities} of {total} mobilities "
        "and {agreements} agreements were generated, not imported); figures include them.",
        "Données de démonstration : cet entrepôt contient des lignes SYNTHÉTIQUES ({mobilities} "
        "mobilités sur {total} et {agreements} accords générés, non importés) ; les chiffres "
        "les incluent.",
    ),
    "empty.no_data": (
        "No data for these filters. Widen the years or schools, or import data "
        "(`mobility import …`).",
        "Aucune donnée pour ces filtres. Élargissez les années ou les écoles, ou importez des "
        "données (`mobility import …`).",
    ),
    "empty.warehouse": (
        "The warehouse is empty: import a partner list (`mobility import agreements FILE "
        "--school NAME`) or build the demo (`mobility demo`).",
        "L'entrepôt est vide : importez une liste de partenaires (`mobility import agreements "
        "FICHIER --school NOM`) ou construisez la démo (`mobility demo`).",
    ),
    "download.csv": ("CSV", "CSV"),
    "download.xlsx": ("Excel", "Excel"),
    "axis.academic_year": ("Academic year", "Année universitaire"),
    "axis.students": ("Students", "Étudiants"),
    "axis.agreements": ("Agreements", "Accords"),
    "axis.school": ("School", "École"),
    "legend.direction": ("Direction", "Sens"),
    "legend.agreement_type": ("Agreement type", "Type d'accord"),
    # data page
    "data.title": ("Data and imports", "Données et imports"),
    "data.imports": ("Imports", "Imports"),
    "data.rejected": ("Rejected rows", "Lignes rejetées"),
    "data.synthetic": ("What is synthetic", "Ce qui est synthétique"),
    "data.no_rejects": ("No row was rejected.", "Aucune ligne rejetée."),
}


def t(key: str, lang: str = "en", **values) -> str:
    """The label `key` in `lang`, with {placeholders} filled; the key itself if unknown."""
    pair = LABELS.get(key)
    if pair is None:
        return key
    text = pair[1] if lang == "fr" else pair[0]
    return text.format(**values) if values else text


def country_column(lang: str) -> str:
    """The column of country names to show."""
    return "country_name_fr" if lang == "fr" else "country_name"


def region_column(lang: str) -> str:
    return "region_name_fr" if lang == "fr" else "region_name"


# Pages add their labels below with LABELS.update({...}), one block per page.

# world map page
LABELS.update(
    {
        "map.title": ("World map", "Carte du monde"),
        "map.chart": ("Partner countries", "Pays partenaires"),
        "map.measure": ("Colour countries by", "Colorer les pays selon"),
        "map.measure.partners": ("Partners", "Partenaires"),
        "map.measure.agreements": ("Agreements", "Accords"),
        "map.measure.outgoing": ("Outgoing", "Sortants"),
        "map.measure.incoming": ("Incoming", "Entrants"),
        "map.measure.balance": ("Balance (in − out)", "Solde (entrants − sortants)"),
        "map.hover.partners": ("Partners in {year}", "Partenaires en {year}"),
        "map.hover.agreements": ("Agreements in {year}", "Accords en {year}"),
        "map.hover.outgoing": ("Outgoing", "Sortants"),
        "map.hover.incoming": ("Incoming", "Entrants"),
        "map.hover.balance": ("Balance (in − out)", "Solde (entrants − sortants)"),
        "map.hover.city": ("City", "Ville"),
        "map.legend.partners": ("Partners (size: flows)", "Partenaires (taille : flux)"),
        "map.legend.schools": ("Home schools", "Écoles"),
        "map.located": (
            "{shown} of {total} partners located (city known); the others are counted in "
            "their country but not drawn.",
            "{shown} partenaires localisés sur {total} (ville connue) ; les autres sont "
            "comptés dans leur pays mais pas dessinés.",
        ),
        "map.points": ("Partner points", "Points des partenaires"),
        "map.country_partners": ("Partners of {country}", "Partenaires : {country}"),
        "map.country_partners.none": ("Partners of a country", "Partenaires d'un pays"),
        "map.click": (
            "Click a country to list its partners.",
            "Cliquez sur un pays pour lister ses partenaires.",
        ),
        "map.search": ("Search", "Rechercher"),
        "map.column.partner": ("Partner", "Partenaire"),
        "map.column.city": ("City", "Ville"),
        "map.column.agreements": ("Agreements in {year}", "Accords en {year}"),
        "map.column.outgoing": ("Outgoing", "Sortants"),
        "map.column.incoming": ("Incoming", "Entrants"),
        "map.no_partners": (
            "No partner in {country} for these filters.",
            "Aucun partenaire dans ce pays ({country}) pour ces filtres.",
        ),
    }
)

# agreements page
LABELS.update(
    {
        "agreements.title": ("Agreements", "Accords"),
        "agreements.active_in": ("active in {year}", "actifs en {year}"),
        "agreements.by_type": (
            "Active agreements by school and type",
            "Accords actifs par école et par type",
        ),
        "agreements.by_level": (
            "Signed by the group or by the school",
            "Signés par le groupe ou par l'école",
        ),
        "agreements.by_region": (
            "Active agreements by world region",
            "Accords actifs par région du monde",
        ),
        "agreements.ending_soon": (
            "Agreements ending within a year",
            "Accords se terminant d'ici un an",
        ),
        "agreements.ending_soon.note": (
            "Agreements whose last academic year is the current one or the next.",
            "Accords dont la dernière année universitaire est l'année en cours ou la suivante.",
        ),
        "agreements.no_ending": (
            "No agreement ends within a year (most partner lists give no end year).",
            "Aucun accord ne se termine d'ici un an (la plupart des listes de partenaires "
            "n'indiquent pas d'année de fin).",
        ),
        "agreements.list": ("All agreements", "Tous les accords"),
        "agreements.search": ("Search", "Rechercher"),
        "agreements.search.placeholder": (
            "Partner, country, school, type…",
            "Partenaire, pays, école, type…",
        ),
        "agreements.no_agreements": (
            "No agreement for these schools and regions. Widen the filters, or import a partner "
            "list (`mobility import agreements FILE --school NAME`).",
            "Aucun accord pour ces écoles et ces régions. Élargissez les filtres, ou importez une "
            "liste de partenaires (`mobility import agreements FICHIER --school NOM`).",
        ),
        "agreements.kpi.group_share": ("Group-level share (%)", "Part signée par le groupe (%)"),
        "agreements.kpi.group_share.note": (
            "of the agreements active in {year}",
            "des accords actifs en {year}",
        ),
        "agreements.kpi.synthetic": ("Synthetic agreements", "Accords synthétiques"),
        "agreements.kpi.synthetic.note": (
            "demo rows among those active in {year}",
            "lignes de démo parmi les actifs en {year}",
        ),
        "agreements.axis.region": ("World region", "Région du monde"),
        "agreements.legend.level": ("Signed by", "Signé par"),
        "agreements.col.school": ("School", "École"),
        "agreements.col.partner": ("Partner", "Partenaire"),
        "agreements.col.country": ("Country", "Pays"),
        "agreements.col.region": ("Region", "Région"),
        "agreements.col.type": ("Type", "Type"),
        "agreements.col.level": ("Level", "Niveau"),
        "agreements.col.status": ("Status", "Statut"),
        "agreements.col.active_in": ("Active in {year}", "Actif en {year}"),
        "agreements.col.first_year": ("First year", "Première année"),
        "agreements.col.last_year": ("Last year", "Dernière année"),
        "agreements.col.source_file": ("Source file", "Fichier source"),
        "agreements.col.synthetic": ("Synthetic", "Synthétique"),
        "agreements.status.active": ("Active", "Actif"),
        "agreements.status.ended": ("Ended", "Terminé"),
        "agreements.status.planned": ("Planned", "Prévu"),
        "agreements.yes": ("Yes", "Oui"),
        "agreements.no": ("No", "Non"),
    }
)

# flows page
LABELS.update(
    {
        "flows.title": ("Flows", "Flux"),
        "flows.trend": (
            "Outgoing and incoming per academic year",
            "Sortants et entrants par année universitaire",
        ),
        "flows.by_activity": ("Mobilities by activity", "Mobilités par activité"),
        "flows.by_region": ("Mobilities by world region", "Mobilités par région du monde"),
        "flows.top_outgoing": (
            "Top 10 destinations (outgoing)",
            "10 premières destinations (sortants)",
        ),
        "flows.top_incoming": ("Top 10 origins (incoming)", "10 premières origines (entrants)"),
        "flows.top_table": ("Top partners each way", "Principaux partenaires dans chaque sens"),
        "flows.balance": (
            "The 20 partners most out of balance (incoming − outgoing)",
            "Les 20 partenaires les plus déséquilibrés (entrants − sortants)",
        ),
        "flows.balance.one_direction": (
            "Only {direction} mobilities are counted here: set Direction to Both to see the "
            "real balance.",
            "Seules les mobilités « {direction} » sont comptées ici : choisissez « Les deux » "
            "dans Sens pour voir le vrai solde.",
        ),
        "flows.no_direction": (
            "No {direction} mobilities: the Direction filter leaves them out.",
            "Aucune mobilité « {direction} » : le filtre Sens les exclut.",
        ),
        "flows.click": (
            "Click a partner's bar to open its profile.",
            "Cliquez sur la barre d'un partenaire pour ouvrir sa fiche.",
        ),
        "flows.axis.mobilities": ("Mobilities", "Mobilités"),
        "flows.axis.balance": ("Incoming − outgoing", "Entrants − sortants"),
        "flows.hover.outgoing": ("Outgoing", "Sortants"),
        "flows.hover.incoming": ("Incoming", "Entrants"),
        "flows.hover.balance": ("Balance", "Solde"),
        "flows.hover.ratio": ("Ratio in / out", "Ratio entrants / sortants"),
        "flows.hover.no_ratio": ("none went out", "aucun sortant"),
        "flows.col.rank": ("#", "#"),
        "flows.col.direction": ("Direction", "Sens"),
        "flows.col.partner": ("Partner", "Partenaire"),
        "flows.col.country": ("Country", "Pays"),
        "flows.col.mobilities": ("Mobilities", "Mobilités"),
    }
)

# partner profile page
LABELS.update(
    {
        "partner.not_found": (
            "No partner {partner_id} in this warehouse.",
            "Aucun partenaire {partner_id} dans cet entrepôt.",
        ),
        "partner.back": ("Back to the overview", "Retour à la vue d'ensemble"),
        "partner.country": ("Country", "Pays"),
        "partner.city": ("City", "Ville"),
        "partner.erasmus_code": ("Erasmus code", "Code Erasmus"),
        "partner.website": ("Website", "Site web"),
        "partner.registry_name": ("Name in the charter list", "Nom dans la liste ECHE"),
        "partner.unknown": ("not known", "inconnu"),
        "partner.spellings": ("Read from these spellings", "Lu sous ces graphies"),
        "partner.spelling.rows": ("rows: {count}", "lignes : {count}"),
        "partner.matched_by.as written": ("as written", "telle quelle"),
        "partner.matched_by.declared alias": ("declared alias", "alias déclaré"),
        "partner.matched_by.name followed by its acronym": (
            "name followed by its acronym",
            "nom suivi de son sigle",
        ),
        "partner.kpi.outgoing": ("Outgoing", "Sortants"),
        "partner.kpi.incoming": ("Incoming", "Entrants"),
        "partner.kpi.balance": ("Balance (in − out)", "Solde (entrants − sortants)"),
        "partner.kpi.ratio": ("Ratio in / out", "Ratio entrants / sortants"),
        "partner.kpi.years": ("{year_from} → {year_to}", "{year_from} → {year_to}"),
        "partner.kpi.no_ratio": ("nobody went out", "aucun sortant"),
        "partner.flows": ("Mobilities per academic year", "Mobilités par année universitaire"),
        "partner.no_flows": (
            "No mobility with this partner for these schools, years and activities.",
            "Aucune mobilité avec ce partenaire pour ces écoles, années et activités.",
        ),
        "partner.map": ("Where it is", "Où il se trouve"),
        "partner.map.partner": ("Partner", "Partenaire"),
        "partner.map.home_schools": ("Home schools", "Écoles"),
        "partner.map.city_unknown": (
            "Its city is not known: the map highlights its country, {country}.",
            "Sa ville n'est pas connue : la carte met en évidence son pays, {country}.",
        ),
        "partner.agreements": ("Agreements", "Accords"),
        "partner.no_agreements": (
            "No agreement with this partner for the selected schools.",
            "Aucun accord avec ce partenaire pour les écoles choisies.",
        ),
        "partner.quotas": ("Quotas", "Quotas"),
        "partner.no_quotas": (
            "No quota known for this partner's agreements",
            "Aucun quota connu pour les accords de ce partenaire",
        ),
        "partner.col.school": ("School", "École"),
        "partner.col.type": ("Type", "Type"),
        "partner.col.level": ("Level", "Niveau"),
        "partner.col.status": ("Status", "Statut"),
        "partner.col.first_year": ("First year", "Première année"),
        "partner.col.last_year": ("Last year", "Dernière année"),
        "partner.col.source_file": ("Source file", "Fichier source"),
        "partner.col.direction": ("Direction", "Sens"),
        "partner.col.mobility_type": ("Mobility type", "Type de mobilité"),
        "partner.col.per_year": ("Mobilities a year", "Mobilités par an"),
        "partner.col.months": ("Months a year", "Mois par an"),
        "partner.col.days": ("Days a year", "Jours par an"),
        "partner.col.subjects": ("Subject areas (ISCED-F)", "Domaines (CITE-F)"),
        "partner.col.eqf": ("EQF levels", "Niveaux CEC"),
        "partner.col.languages": ("Languages", "Langues"),
        "partner.status.active": ("Active", "Actif"),
        "partner.status.ended": ("Ended", "Terminé"),
        "partner.status.planned": ("Planned", "Prévu"),
        "partner.mobility_type.student_studies": ("Student studies", "Études (étudiants)"),
        "partner.mobility_type.student_traineeship": ("Student traineeship", "Stage (étudiants)"),
        "partner.mobility_type.staff_teaching": ("Staff teaching", "Personnel : enseignement"),
        "partner.mobility_type.staff_training": ("Staff training", "Personnel : formation"),
    }
)

# agreements page: the message of an empty chart (a figure annotation: <br> breaks the line)
LABELS.update(
    {
        "agreements.no_active": (
            "No agreement active in {year}<br>for these schools and regions.",
            "Aucun accord actif en {year}<br>pour ces écoles et ces régions.",
        ),
    }
)

# AG Grid's own words (pagination, filter menus, column menus) in French; English is built in.
GRID_TEXT_FR = {
    "page": "Page",
    "of": "sur",
    "to": "à",
    "more": "plus",
    "pageSizeSelectorLabel": "Lignes par page :",
    "firstPage": "Première page",
    "previousPage": "Page précédente",
    "nextPage": "Page suivante",
    "lastPage": "Dernière page",
    "pageLastRowUnknown": "?",
    "noRowsToShow": "Aucune ligne à afficher",
    "loadingOoo": "Chargement…",
    "searchOoo": "Rechercher…",
    "filterOoo": "Filtrer…",
    "selectAll": "(Tout sélectionner)",
    "blanks": "(Vides)",
    "equals": "Égal à",
    "notEqual": "Différent de",
    "contains": "Contient",
    "notContains": "Ne contient pas",
    "startsWith": "Commence par",
    "endsWith": "Se termine par",
    "blank": "Vide",
    "notBlank": "Non vide",
    "lessThan": "Inférieur à",
    "greaterThan": "Supérieur à",
    "lessThanOrEqual": "Inférieur ou égal à",
    "greaterThanOrEqual": "Supérieur ou égal à",
    "inRange": "Entre",
    "inRangeStart": "De",
    "inRangeEnd": "À",
    "before": "Avant",
    "after": "Après",
    "andCondition": "ET",
    "orCondition": "OU",
    "applyFilter": "Appliquer",
    "resetFilter": "Réinitialiser",
    "clearFilter": "Effacer",
    "cancelFilter": "Annuler",
    "textFilter": "Filtre texte",
    "numberFilter": "Filtre nombre",
    "dateFilter": "Filtre date",
    "filterConditions": "Conditions",
    "columns": "Colonnes",
    "pinColumn": "Épingler la colonne",
    "pinLeft": "Épingler à gauche",
    "pinRight": "Épingler à droite",
    "noPin": "Ne pas épingler",
    "autosizeThisColumn": "Ajuster cette colonne",
    "autosizeAllColumns": "Ajuster toutes les colonnes",
    "resetColumns": "Réinitialiser les colonnes",
    "sortAscending": "Tri croissant",
    "sortDescending": "Tri décroissant",
    "sortUnSort": "Annuler le tri",
    "copy": "Copier",
    "ariaFilterInput": "Saisie du filtre",
    "ariaFilterValue": "Valeur du filtre",
    "ariaFilteringOperator": "Opérateur de filtre",
    "ariaSearch": "Rechercher",
}


def grid_text(lang: str) -> dict[str, str]:
    """AG Grid's localeText for a language ({} keeps AG Grid's English)."""
    return GRID_TEXT_FR if lang == "fr" else {}


LABELS.update(
    {
        "data.col.kind": ("Kind", "Type"),
        "data.col.file": ("File", "Fichier"),
        "data.col.school": ("School", "École"),
        "data.col.when": ("Imported at", "Importé le"),
        "data.col.read": ("Rows read", "Lignes lues"),
        "data.col.accepted": ("Accepted", "Acceptées"),
        "data.col.rejected": ("Rejected", "Rejetées"),
        "data.col.replaced_by": ("Replaced by import", "Remplacé par l'import"),
        "data.col.line": ("Line", "Ligne"),
        "data.col.reason": ("Reason", "Motif"),
        "data.col.raw_text": ("Raw text", "Texte brut"),
    }
)

LABELS.update(
    {
        "data.col.view": ("Public view", "Vue publique"),
        "data.col.synthetic_rows": ("Synthetic rows", "Lignes synthétiques"),
        "data.col.all_rows": ("All rows", "Toutes les lignes"),
        "data.view.agreements": ("Agreements", "Accords"),
        "data.view.mobilities": ("Mobilities", "Mobilités"),
        "data.view.agreement_quotas": ("Agreement quotas", "Quotas des accords"),
    }
)
