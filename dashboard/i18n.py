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
    "kpi.undated": (
        "{count} listed without years (counted from their list's year)",
        "{count} listés sans dates (comptés depuis l'année de leur liste)",
    ),
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
    "data.places": (
        "Places outside their country on the map",
        "Lieux hors de leur pays sur la carte",
    ),
    "data.no_place_flags": (
        "Every located partner and home school lies in its country on the map.",
        "Chaque partenaire et école localisés se trouve dans son pays sur la carte.",
    ),
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
        "map.unknown": (
            "Not on the map: partners of unknown country ({partners} partners, {outgoing} "
            "outgoing, {incoming} incoming). Their Erasmus code or file gave no country; they "
            "are counted in every total.",
            "Hors carte : partenaires de pays inconnu ({partners} partenaires, {outgoing} "
            "sortants, {incoming} entrants). Leur code Erasmus ou leur fichier ne donnait pas "
            "de pays ; ils sont comptés dans tous les totaux.",
        ),
        "map.unknown.list": ("List them", "Les lister"),
        "country.unknown": ("Unknown country", "Pays inconnu"),
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
        "agreements.places": ("Places offered in {year}", "Places offertes en {year}"),
        "agreements.places.note": (
            "Places per year that agreements valid this year offer, per programme (the places "
            "columns of partner lists, EWP cooperation conditions), then in total for each kind "
            "of place.",
            "Places par an offertes par les accords valables cette année, par programme (les "
            "colonnes de places des listes de partenaires, les conditions de coopération EWP), "
            "puis au total pour chaque type de place.",
        ),
        "agreements.places.total": ("Total", "Total"),
        "agreements.places.all_programmes": ("All programmes", "Tous programmes"),
        "agreements.no_places": (
            "No places recorded for these schools this year: partner lists with a places column "
            "(one per programme if you like) or EWP agreements give them.",
            "Aucune place enregistrée pour ces écoles cette année : les listes de partenaires "
            "avec une colonne de places (une par programme au besoin) ou les accords EWP les "
            "donnent.",
        ),
        "agreements.col.programme": ("Programme", "Programme"),
        "agreements.col.direction": ("Direction", "Sens"),
        "agreements.col.mobility_type": ("Type of place", "Type de place"),
        "agreements.col.places": ("Places per year", "Places par an"),
        "agreements.col.partners": ("Partners", "Partenaires"),
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
        "partner.col.programme": ("Programme", "Programme"),
        "partner.places.total": (
            "Places a year in total: {places}.",
            "Places par an au total : {places}.",
        ),
        "partner.places.kind": ("{places} {kind} ({direction})", "{places} {kind} ({direction})"),
        "partner.places.none": (
            "These conditions give months or days, not a number of places.",
            "Ces conditions donnent des mois ou des jours, pas un nombre de places.",
        ),
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
        "data.col.removed_at": ("Removed on", "Retiré le"),
        "data.col.options": ("Options", "Options"),
        "data.col.line": ("Line", "Ligne"),
        "data.col.reason": ("Reason", "Motif"),
        "data.col.raw_text": ("Raw text", "Texte brut"),
        "data.col.name": ("Name", "Nom"),
        "data.col.city": ("City", "Ville"),
        "data.col.city_source": ("City from", "Ville tirée de"),
        "data.col.country": ("Country", "Pays"),
        "data.col.erasmus_code": ("Erasmus code", "Code Erasmus"),
        "data.col.map_country": ("Country on the map", "Pays sur la carte"),
        "data.col.disagreement": ("Disagrees with", "En désaccord avec"),
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

# indicators page (and the overview's row of management indicators)
LABELS.update(
    {
        "nav.indicators": ("Indicators", "Indicateurs"),
        "data.view.graduates": ("Graduates", "Diplômés"),
        "indicators.title": ("Management indicators", "Indicateurs de pilotage"),
        "indicators.intro": (
            "Are agreements and quotas used, which partners are out of balance, how many "
            "double-degree students each partner exchanges, how many graduates stayed abroad. "
            "'Used' and 'active' refer to {year}, the end of the year range.",
            "Les accords et les quotas sont-ils utilisés, quels partenaires sont déséquilibrés, "
            "combien d'étudiants en double diplôme chaque partenaire échange, combien de "
            "diplômés sont partis à l'étranger. « Utilisé » et « actif » se rapportent à "
            "{year}, la fin de la période.",
        ),
        "indicators.overview": ("Management indicators", "Indicateurs de pilotage"),
        "indicators.overview.link": ("All indicators →", "Tous les indicateurs →"),
        # headline figures
        "indicators.kpi.used": ("Agreements used in {year}", "Accords utilisés en {year}"),
        "indicators.kpi.used.note": (
            "of the {count} active agreements",
            "des {count} accords actifs",
        ),
        "indicators.kpi.no_flow": ("No flow for 3 years", "Sans flux depuis 3 ans"),
        "indicators.kpi.no_flow.note": (
            "active agreements without a mobility since {first}",
            "accords actifs sans mobilité depuis {first}",
        ),
        "indicators.kpi.no_flow.undated": (
            "{count} more listed without years, counted apart",
            "{count} autres listés sans dates, comptés à part",
        ),
        "indicators.kpi.ending": ("Ending within a year", "Se terminant d'ici un an"),
        "indicators.kpi.ending.note": ("agreements to renew", "accords à renouveler"),
        "indicators.kpi.without_agreement": ("Flows with no agreement", "Flux sans accord"),
        "indicators.kpi.without_agreement.note": (
            "school–partner pairs",
            "couples école–partenaire",
        ),
        "indicators.kpi.quota_used": (
            "Quota places used in {year}",
            "Places des quotas utilisées en {year}",
        ),
        "indicators.kpi.quota_used.note": (
            "{realised} mobilities for {quota} places",
            "{realised} mobilités pour {quota} places",
        ),
        "indicators.kpi.no_quota": ("no known quota", "aucun quota connu"),
        "indicators.kpi.school_rule": (
            "Compulsory stay, {cohort} graduates",
            "Séjour obligatoire, diplômés {cohort}",
        ),
        "indicators.kpi.school_rule.note": (
            "of {count}, at least {months} months abroad",
            "sur {count}, au moins {months} mois à l'étranger",
        ),
        "indicators.kpi.eu_benchmark": (
            "EU benchmark, {cohort} graduates",
            "Référence UE, diplômés {cohort}",
        ),
        "indicators.kpi.eu_benchmark.note": (
            "3 months or 15 ECTS abroad; EU target {target} %",
            "3 mois ou 15 ECTS à l'étranger ; objectif UE {target} %",
        ),
        "indicators.kpi.no_cohort": (
            "no graduate cohort in this range",
            "aucune promotion de diplômés sur cette période",
        ),
        # agreement health
        "indicators.health": ("Agreement health", "Santé des accords"),
        "indicators.use": (
            "Agreements active in {year}, by use",
            "Accords actifs en {year}, selon leur utilisation",
        ),
        "indicators.use.note": (
            "An agreement is used in a year when its school has a mobility with the partner "
            "that year, either way (a double-degree agreement: a double-degree student). "
            "Files do not say under which agreement a student left, so two agreements of a "
            "school with one partner are used by the same mobilities. The direction and "
            "activity filters do not apply.",
            "Un accord est utilisé une année quand son école a une mobilité avec le partenaire "
            "cette année-là, dans un sens ou dans l'autre (un accord de double diplôme : un "
            "étudiant en double diplôme). Les fichiers ne disent pas sous quel accord un "
            "étudiant est parti : deux accords d'une école avec un même partenaire sont "
            "utilisés par les mêmes mobilités. Les filtres de sens et d'activité ne "
            "s'appliquent pas.",
        ),
        "indicators.use.used": ("Used in the year", "Utilisé dans l'année"),
        "indicators.use.unused_this_year": (
            "Not this year, used in the two years before",
            "Pas cette année, utilisé les deux années d'avant",
        ),
        "indicators.use.new_unused": (
            "Started less than 3 years ago, not used yet",
            "Commencé il y a moins de 3 ans, pas encore utilisé",
        ),
        "indicators.use.no_flow_3_years": ("No flow for 3 years", "Sans flux depuis 3 ans"),
        "indicators.use.undated": (
            "No flow this year, listed without years (since when: unknown)",
            "Sans flux cette année, listé sans dates (depuis quand : inconnu)",
        ),
        "indicators.no_flow": (
            "Agreements with no flow over {first} → {year}",
            "Accords sans flux sur {first} → {year}",
        ),
        "indicators.no_flow.note": (
            "Active in each of the three years, without a single mobility of their school "
            "with the partner. Last flow: the last year with one (empty: never).",
            "Actifs chacune des trois années, sans aucune mobilité de leur école avec le "
            "partenaire. Dernier flux : la dernière année où il y en a eu (vide : jamais).",
        ),
        "indicators.no_flow.empty": (
            "Every agreement active over {first} → {year} had a flow in those years.",
            "Tous les accords actifs sur {first} → {year} ont eu un flux pendant ces années.",
        ),
        "indicators.ending": (
            "Agreements ending within a year",
            "Accords se terminant d'ici un an",
        ),
        "indicators.ending.empty": (
            "No agreement ends within a year; {count} active agreements have no known last "
            "academic year (import files that give it, such as EWP agreements).",
            "Aucun accord ne se termine d'ici un an ; {count} accords actifs n'ont pas de "
            "dernière année connue (importez des fichiers qui la donnent, comme les accords "
            "EWP).",
        ),
        "indicators.without_agreement": ("Flows with no agreement", "Flux sans accord"),
        "indicators.without_agreement.note": (
            "School and partner pairs with mobilities under the filters but no agreement of "
            "any kind between them: flows to document or agreements to sign.",
            "Couples école et partenaire ayant des mobilités avec ces filtres mais aucun accord "
            "d'aucune sorte entre eux : des flux à documenter ou des accords à signer.",
        ),
        "indicators.without_agreement.empty": (
            "Every school and partner pair with mobilities has an agreement.",
            "Chaque couple école et partenaire ayant des mobilités a un accord.",
        ),
        # quotas
        "indicators.quotas": ("Quotas versus realised", "Quotas et réalisé"),
        "indicators.quota.chart": (
            "Places offered by quotas and mobilities using them",
            "Places offertes par les quotas et mobilités qui les utilisent",
        ),
        "indicators.quota.quota": ("places", "places"),
        "indicators.quota.realised": ("realised", "réalisé"),
        "indicators.quota.note": (
            "Quotas come from EWP agreements (cooperation conditions) and places columns of "
            "partner lists. A mobility uses a quota when it is of the same school, partner, "
            "direction and academic year, of its type (studies: study stays, or double "
            "degrees in a double-degree agreement; traineeships; staff teaching; staff "
            "training) and of one of its EQF levels when it names some. The activity filter "
            "does not apply.",
            "Les quotas viennent des accords EWP (conditions de coopération) et des colonnes de "
            "places des listes de partenaires. Une mobilité utilise un quota quand elle est de "
            "la même école, du même partenaire, du même sens et de la même année, de son type "
            "(études : séjours d'études, ou doubles diplômes dans un accord de double diplôme ; "
            "stages ; enseignement ; formation du personnel) et de l'un de ses niveaux CEC "
            "quand il en donne. Le filtre d'activité ne s'applique pas.",
        ),
        "indicators.quota.empty": (
            "No agreement has a known quota: import EWP files or a partner list with a "
            "places column.",
            "Aucun accord n'a de quota connu : importez des fichiers EWP ou une liste de "
            "partenaires avec une colonne de places.",
        ),
        "indicators.quota.empty.short": (
            "No agreement has a known quota",
            "Aucun accord n'a de quota connu",
        ),
        "indicators.quota.grid": (
            "Quota versus realised, per agreement and year",
            "Quota et réalisé, par accord et par année",
        ),
        "indicators.search": ("Search a partner or a school", "Chercher un partenaire, une école"),
        # balance
        "indicators.balance": ("Balance per partner", "Solde par partenaire"),
        "indicators.balance.chart": (
            "The {limit} partners most out of balance (incoming − outgoing)",
            "Les {limit} partenaires les plus déséquilibrés (entrants − sortants)",
        ),
        "indicators.balance.grid": (
            "Incoming, outgoing and their ratio",
            "Entrants, sortants et leur rapport",
        ),
        "indicators.balance.note": (
            "The figures of the flows page; every global filter applies.",
            "Les chiffres de la page des flux ; tous les filtres s'appliquent.",
        ),
        # double degrees
        "indicators.dd": ("Double-degree pipeline", "Filière double diplôme"),
        "indicators.dd.by_year": (
            "Double-degree students leaving and arriving",
            "Étudiants en double diplôme partants et arrivants",
        ),
        "indicators.dd.by_partner": (
            "Double-degree students per partner (first {limit})",
            "Étudiants en double diplôme par partenaire ({limit} premiers)",
        ),
        "indicators.dd.grid": (
            "Double-degree students per partner and year",
            "Étudiants en double diplôme par partenaire et par année",
        ),
        "indicators.dd.count_leaving": ("Leaving", "Partants"),
        "indicators.dd.count_arriving": ("Arriving", "Arrivants"),
        "indicators.dd.note": (
            "Double-degree mobilities by the academic year they start in. The activity filter "
            "does not apply.",
            "Mobilités en double diplôme, par année universitaire de départ. Le filtre "
            "d'activité ne s'applique pas.",
        ),
        "indicators.dd.empty": (
            "No double-degree mobility under these filters",
            "Aucune mobilité en double diplôme avec ces filtres",
        ),
        # compulsory stay abroad
        "indicators.stay": ("Compulsory stay abroad", "Séjour obligatoire à l'étranger"),
        "indicators.stay.eu": ("EU benchmark", "Référence UE"),
        "indicators.stay.chart": (
            "Graduates meeting the stay abroad, per cohort",
            "Diplômés remplissant le séjour à l'étranger, par promotion",
        ),
        "indicators.stay.grid": ("Cohorts per school", "Promotions par école"),
        "indicators.stay.school_rule": ("School's rule", "Règle de l'école"),
        "indicators.stay.eu_benchmark": (
            "EU benchmark (3 months or 15 ECTS)",
            "Référence UE (3 mois ou 15 ECTS)",
        ),
        "indicators.stay.target": ("EU target 2030: {percent} %", "Objectif UE 2030 : {percent} %"),
        "indicators.stay.note": (
            "Months abroad: the physical months of a graduate's outgoing study, traineeship, "
            "double-degree and other student stays up to the graduation year (staff "
            "mobilities never count), matched by pseudonym. School's rule: at least {months} "
            "months. EU benchmark: at least 3 months or 15 ECTS credits. Cohorts closing an "
            "academic year of the range; the direction, activity and region filters do not "
            "apply.",
            "Mois à l'étranger : les mois physiques des séjours d'études, de stage, de double "
            "diplôme et autres séjours étudiants sortants du diplômé jusqu'à l'année du "
            "diplôme (les mobilités du personnel ne comptent jamais), rapprochés par "
            "pseudonyme. Règle de l'école : au moins {months} mois. Référence UE : au moins 3 "
            "mois ou 15 crédits ECTS. Promotions qui terminent une année de la période ; les "
            "filtres de sens, d'activité et de région ne s'appliquent pas.",
        ),
        "indicators.stay.empty": (
            "No graduate cohort in this range: import a graduates file with "
            "`mobility import graduates FILE --school SCHOOL`.",
            "Aucune promotion de diplômés sur cette période : importez un fichier de diplômés "
            "avec `mobility import graduates FICHIER --school ÉCOLE`.",
        ),
        "indicators.stay.empty.short": (
            "No graduate cohort in this range",
            "Aucune promotion de diplômés sur cette période",
        ),
        "indicators.axis.cohort": ("Graduation year", "Année du diplôme"),
        "indicators.axis.percent_graduates": ("% of graduates", "% des diplômés"),
        "indicators.axis.places": ("Places, mobilities", "Places, mobilités"),
        # grid columns
        "indicators.col.school": ("School", "École"),
        "indicators.col.partner": ("Partner", "Partenaire"),
        "indicators.col.country": ("Country", "Pays"),
        "indicators.col.type": ("Type", "Type"),
        "indicators.col.level": ("Signed at", "Signé au"),
        "indicators.col.first_year": ("First year", "Première année"),
        "indicators.col.last_year": ("Last year", "Dernière année"),
        "indicators.col.last_flow": ("Last flow", "Dernier flux"),
        "indicators.col.year": ("Academic year", "Année universitaire"),
        "indicators.col.direction": ("Direction", "Sens"),
        "indicators.col.mobility_type": ("Mobility type", "Type de mobilité"),
        "indicators.col.eqf": ("EQF levels", "Niveaux CEC"),
        "indicators.col.quota": ("Quota (mobilities)", "Quota (mobilités)"),
        "indicators.col.realised": ("Realised", "Réalisé"),
        "indicators.col.percent_used": ("% used", "% utilisé"),
        "indicators.col.quota_months": ("Quota (months)", "Quota (mois)"),
        "indicators.col.realised_months": ("Realised months", "Mois réalisés"),
        "indicators.col.quota_days": ("Quota (days)", "Quota (jours)"),
        "indicators.col.realised_days": ("Realised days", "Jours réalisés"),
        "indicators.col.outgoing": ("Outgoing", "Sortants"),
        "indicators.col.incoming": ("Incoming", "Entrants"),
        "indicators.col.balance": ("Balance (in − out)", "Solde (entrants − sortants)"),
        "indicators.col.ratio": ("Ratio in / out", "Rapport entrants / sortants"),
        "indicators.col.leaving": ("Leaving", "Partants"),
        "indicators.col.arriving": ("Arriving", "Arrivants"),
        "indicators.col.cohort": ("Graduation year", "Année du diplôme"),
        "indicators.col.graduates": ("Graduates", "Diplômés"),
        "indicators.col.with_mobility": ("With a mobility", "Avec une mobilité"),
        "indicators.col.avg_months": ("Average months abroad", "Mois à l'étranger en moyenne"),
        "indicators.col.school_rule": ("Meeting the school's rule", "Règle de l'école remplie"),
        "indicators.col.percent_school_rule": ("% school's rule", "% règle de l'école"),
        "indicators.col.eu_benchmark": ("Meeting the EU benchmark", "Référence UE atteinte"),
        "indicators.col.percent_eu_benchmark": ("% EU benchmark", "% référence UE"),
        "indicators.col.with_ects": ("ECTS known", "ECTS connus"),
    }
)

# Erasmus+ report page and its mobility page
LABELS.update(
    {
        "nav.erasmus": ("Erasmus+", "Erasmus+"),
        "erasmus.title": ("Erasmus+ report", "Rapport Erasmus+"),
        "erasmus.call": ("Call year", "Année d'appel"),
        "erasmus.call.no_rules": ("{year} (no amounts)", "{year} (sans montants)"),
        "erasmus.scope": (
            "The mobilities the schools report in their own Erasmus+ project, as in the workbook "
            "of `mobility report erasmus --school S --call-year {year}`: their outgoing "
            "mobility, and KA171 both ways, funded by Erasmus+ or of unknown funding. Call "
            "{year} is academic year {academic_year}.",
            "Les mobilités que les écoles déclarent dans leur propre projet Erasmus+, comme dans "
            "le classeur de `mobility report erasmus --school S --call-year {year}` : leurs "
            "mobilités sortantes, et KA171 dans les deux sens, financées par Erasmus+ ou de "
            "financement inconnu. L'appel {year} est l'année universitaire {academic_year}.",
        ),
        "erasmus.filters_ignored": (
            "Only the Schools filter applies here: academic years, direction, activity and "
            "region do not apply to a call-year report.",
            "Seul le filtre Écoles s'applique ici : années universitaires, sens, activité et "
            "région ne s'appliquent pas à un rapport par année d'appel.",
        ),
        "erasmus.no_rules": (
            "No Erasmus+ rules for call {year}: amounts are not estimated. The rule tables hold "
            "the calls {years}; add a call's amounts with `mobility erasmus rules import "
            "FILE.csv`. The checks use the limits of call {rules_year}.",
            "Aucune règle Erasmus+ pour l'appel {year} : les montants ne sont pas estimés. Les "
            "tables de règles couvrent les appels {years} ; ajoutez les montants d'un appel avec "
            "`mobility erasmus rules import FICHIER.csv`. Les contrôles utilisent les limites de "
            "l'appel {rules_year}.",
        ),
        "erasmus.no_rules.none": ("none", "aucun"),
        "erasmus.empty.warehouse": (
            "The warehouse holds no mobility: import a mobility file (`mobility import "
            "mobilities FILE --school NAME`) or build the demo (`mobility demo`).",
            "L'entrepôt ne contient aucune mobilité : importez un fichier de mobilités "
            "(`mobility import mobilities FICHIER --school NOM`) ou construisez la démo "
            "(`mobility demo`).",
        ),
        "erasmus.empty.none_reported": (
            "No mobility falls under Erasmus+ reporting: none is an outgoing or KA171 mobility "
            "funded by Erasmus+ or of unknown funding.",
            "Aucune mobilité ne relève du rapport Erasmus+ : aucune n'est une mobilité sortante "
            "ou KA171 financée par Erasmus+ ou de financement inconnu.",
        ),
        "erasmus.empty.call": (
            "No mobility reported for call {year} by {schools}. Calls with mobilities: {years}.",
            "Aucune mobilité déclarée pour l'appel {year} par {schools}. Appels avec des "
            "mobilités : {years}.",
        ),
        "erasmus.empty.any_school": ("any school", "aucune école"),
        # headline figures
        "erasmus.kpi.mobilities": ("Mobilities", "Mobilités"),
        "erasmus.kpi.mobilities.note": (
            "KA131 {ka131} · KA171 {ka171}",
            "KA131 {ka131} · KA171 {ka171}",
        ),
        "erasmus.kpi.mobilities.unknown_term": (
            "; {count} neither long- nor short-term (no activity type or no usable dates)",
            " ; {count} ni longue ni courte durée (sans type d'activité ou dates inutilisables)",
        ),
        "erasmus.kpi.long_term": ("Long-term", "Longue durée"),
        "erasmus.kpi.long_term.note": ("students, over 30 days", "étudiants, plus de 30 jours"),
        "erasmus.kpi.short_term": ("Short-term", "Courte durée"),
        "erasmus.kpi.short_term.note": (
            "students up to 30 days, BIP, staff",
            "étudiants jusqu'à 30 jours, BIP, personnel",
        ),
        "erasmus.kpi.months": ("Mobility months", "Mois de mobilité"),
        "erasmus.kpi.months.note": ("of which long-term {months}", "dont longue durée {months}"),
        "erasmus.kpi.grant": ("Estimated grant", "Subvention estimée"),
        "erasmus.kpi.grant.note": ("all estimated", "toutes estimées"),
        "erasmus.kpi.grant.not_estimated": (
            "{count} mobilities not estimated",
            "{count} mobilités non estimées",
        ),
        "erasmus.kpi.grant.no_rules": (
            "no rules for call {year}",
            "pas de règles pour l'appel {year}",
        ),
        "erasmus.kpi.green": ("Green travel", "Voyage vert"),
        "erasmus.kpi.fewer": ("Fewer opportunities", "Moins d'opportunités"),
        "erasmus.kpi.share_of": ("{percent} of mobilities", "{percent} des mobilités"),
        "erasmus.kpi.failing": ("Failing a check", "En échec d'un contrôle"),
        "erasmus.kpi.failing.note": ("{count} failed checks", "{count} contrôles en échec"),
        "erasmus.kpi.ka131_share": (
            "KA131 to non-associated countries",
            "KA131 vers des pays non associés",
        ),
        "erasmus.kpi.ka131_share.note": (
            "{amount} of {total}; cap {cap}",
            "{amount} sur {total} ; plafond {cap}",
        ),
        "erasmus.kpi.ka131_share.above": (
            "ABOVE the {cap} cap: {schools}",
            "AU-DESSUS du plafond de {cap} : {schools}",
        ),
        "erasmus.kpi.ka131_share.none": ("no KA131 estimate", "pas d'estimation KA131"),
        # charts
        "erasmus.by_activity_type": (
            "Mobilities by activity type and action",
            "Mobilités par type d'activité et action",
        ),
        "erasmus.by_distance_band": (
            "Mobilities by distance band, green or standard travel",
            "Mobilités par tranche de distance, voyage vert ou standard",
        ),
        "erasmus.months_by_activity_type": (
            "Mobility months by activity type",
            "Mois de mobilité par type d'activité",
        ),
        "erasmus.grant_by_school": (
            "Estimated grant by component, per school",
            "Subvention estimée par composante, par école",
        ),
        "erasmus.grant.no_rules": (
            "No Erasmus+ rules for call {year}: amounts not estimated<br>(rules: {years})",
            "Pas de règles Erasmus+ pour l'appel {year} :<br>montants non estimés (règles : "
            "{years})",
        ),
        "erasmus.grant.partial": (
            "Amounts add up the mobilities with a complete estimate; {count} have none (no "
            "dates, no located city).",
            "Les montants additionnent les mobilités dont l'estimation est complète ; {count} "
            "n'en ont pas (sans dates, sans ville localisée).",
        ),
        "erasmus.axis.activity_type": ("Activity type", "Type d'activité"),
        "erasmus.axis.distance_band": ("Distance band (one way)", "Tranche de distance (aller)"),
        "erasmus.axis.mobilities": ("Mobilities", "Mobilités"),
        "erasmus.axis.months": ("Physical months", "Mois physiques"),
        "erasmus.axis.eur": ("Euros", "Euros"),
        "erasmus.activity_type.none": ("No activity type", "Sans type d'activité"),
        "erasmus.band.under_10": ("Under 10 km", "Moins de 10 km"),
        "erasmus.band.unknown": ("Unknown distance", "Distance inconnue"),
        "erasmus.travel.green": ("Green travel", "Voyage vert"),
        "erasmus.travel.standard": ("Standard travel", "Voyage standard"),
        "erasmus.component.travel": ("Travel", "Voyage"),
        "erasmus.component.individual_support": ("Individual support", "Soutien individuel"),
        "erasmus.component.top_ups": ("Top-ups", "Compléments"),
        # failed checks
        "erasmus.checks": ("Failed checks ({count})", "Contrôles en échec ({count})"),
        "erasmus.checks.capped": (
            "The first {shown} of {total} failed checks are listed here; the CSV and Excel "
            "downloads hold them all.",
            "Les {shown} premiers des {total} contrôles en échec sont listés ici ; les "
            "téléchargements CSV et Excel les contiennent tous.",
        ),
        "erasmus.checks.none": (
            "No failed check: every mobility reported for call {year} passes the rules.",
            "Aucun contrôle en échec : toutes les mobilités déclarées pour l'appel {year} "
            "respectent les règles.",
        ),
        "erasmus.checks.search": ("Search the failed checks", "Chercher dans les contrôles"),
        "erasmus.checks.reasons_in_english": (
            "Reasons are written in English, as in the workbook.",
            "Les motifs sont rédigés en anglais, comme dans le classeur.",
        ),
        "erasmus.col.mobility": ("Mobility", "Mobilité"),
        "erasmus.col.school": ("School", "École"),
        "erasmus.col.participant": ("Participant (pseudonym)", "Participant (pseudonyme)"),
        "erasmus.col.partner": ("Partner", "Partenaire"),
        "erasmus.col.activity_type": ("Activity type", "Type d'activité"),
        "erasmus.col.start": ("Start", "Début"),
        "erasmus.col.end": ("End", "Fin"),
        "erasmus.col.check": ("Check", "Contrôle"),
        "erasmus.col.reason": ("Reason", "Motif"),
        "erasmus.check.activity": ("Activity type", "Type d'activité"),
        "erasmus.check.action": ("Action", "Action"),
        "erasmus.check.country": ("Countries", "Pays"),
        "erasmus.check.dates": ("Dates", "Dates"),
        "erasmus.check.duration": ("Duration", "Durée"),
        "erasmus.check.window": ("Project window", "Période du projet"),
        "erasmus.check.organisation": ("Organisation identified", "Organisation identifiée"),
        "erasmus.check.city": ("City located", "Ville localisée"),
        "erasmus.check.overlap": ("Overlap", "Chevauchement"),
        # one mobility
        "erasmus.mobility.title": (
            "Erasmus+ mobility {mobility_id}",
            "Mobilité Erasmus+ {mobility_id}",
        ),
        "erasmus.mobility.back": (
            "← Erasmus+ report, call {year}",
            "← Rapport Erasmus+, appel {year}",
        ),
        "erasmus.mobility.not_found": (
            "No mobility {mobility_id} in the warehouse (an import may have replaced it).",
            "Aucune mobilité {mobility_id} dans l'entrepôt (un import l'a peut-être remplacée).",
        ),
        "erasmus.mobility.not_reported": (
            "The school does not report this mobility in its own project (it reports its "
            "outgoing mobility and KA171 both ways, funded by Erasmus+ or of unknown funding).",
            "L'école ne déclare pas cette mobilité dans son propre projet (elle déclare ses "
            "mobilités sortantes et KA171 dans les deux sens, financées par Erasmus+ ou de "
            "financement inconnu).",
        ),
        "erasmus.mobility.who": ("Mobility", "Mobilité"),
        "erasmus.mobility.classification": ("Classification", "Classification"),
        "erasmus.mobility.distance": ("Distance and travel", "Distance et voyage"),
        "erasmus.mobility.grant": ("Grant estimate", "Estimation de la subvention"),
        "erasmus.mobility.checks": ("Checks", "Contrôles"),
        "erasmus.mobility.passed": ("passed", "réussi"),
        "erasmus.mobility.failed": ("failed", "échec"),
        "erasmus.mobility.no_rules": (
            "No Erasmus+ rules for call {year}: amounts are not estimated; the checks use the "
            "limits of call {rules_year}.",
            "Aucune règle Erasmus+ pour l'appel {year} : montants non estimés ; les contrôles "
            "utilisent les limites de l'appel {rules_year}.",
        ),
        "erasmus.field.school": ("Home school", "École"),
        "erasmus.field.participant": ("Participant (pseudonym)", "Participant (pseudonyme)"),
        "erasmus.field.partner": ("Partner", "Partenaire"),
        "erasmus.field.direction": ("Direction", "Sens"),
        "erasmus.field.academic_year": ("Academic year, call", "Année universitaire, appel"),
        "erasmus.field.dates": ("Dates", "Dates"),
        "erasmus.field.duration": ("Physical duration", "Durée physique"),
        "erasmus.field.duration.value": (
            "{days} days, {months} months",
            "{days} jours, {months} mois",
        ),
        "erasmus.field.activity": ("Activity as imported", "Activité importée"),
        "erasmus.field.level": ("Level, field", "Niveau, domaine"),
        "erasmus.field.action": ("Action", "Action"),
        "erasmus.field.activity_type": ("Activity type", "Type d'activité"),
        "erasmus.field.term": ("Long or short term", "Longue ou courte durée"),
        "erasmus.field.term.long": ("long-term", "longue durée"),
        "erasmus.field.term.short": ("short-term", "courte durée"),
        "erasmus.field.blended": ("Blended", "Hybride"),
        "erasmus.field.fewer": ("Fewer opportunities", "Moins d'opportunités"),
        "erasmus.field.third_country": (
            "Third country not associated",
            "Pays tiers non associé",
        ),
        "erasmus.field.funded": (
            "Funded by Erasmus+ (or unknown)",
            "Financé par Erasmus+ (ou inconnu)",
        ),
        "erasmus.field.reported": ("Reported by the school", "Déclaré par l'école"),
        "erasmus.field.from": ("From", "De"),
        "erasmus.field.to": ("To", "À"),
        "erasmus.field.distance": ("Distance (one way)", "Distance (aller)"),
        "erasmus.field.band": ("Distance band", "Tranche de distance"),
        "erasmus.field.green": ("Green travel", "Voyage vert"),
        "erasmus.field.travel_days": ("Funded travel days", "Jours de voyage financés"),
        "erasmus.field.travel_grant": ("Travel", "Voyage"),
        "erasmus.field.individual_support": ("Individual support", "Soutien individuel"),
        "erasmus.field.fewer_top_up": (
            "Fewer-opportunities top-up",
            "Complément moins d'opportunités",
        ),
        "erasmus.field.traineeship_top_up": ("Traineeship top-up", "Complément stage"),
        "erasmus.field.green_top_up": ("Green-travel top-up", "Complément voyage vert"),
        "erasmus.field.total": ("Total", "Total"),
        "erasmus.yes": ("yes", "oui"),
        "erasmus.no": ("no", "non"),
        "erasmus.unknown": ("not known", "inconnu"),
    }
)

LABELS.update(
    {
        "indicators.grid.capped": (
            "The first {shown} of {total} rows are shown; the CSV and Excel downloads have "
            "them all.",
            "Les {shown} premières lignes sur {total} sont affichées ; les téléchargements CSV et "
            "Excel les contiennent toutes.",
        ),
    }
)

# Sign-in and roles (dashboard.auth)
LABELS.update(
    {
        "access.signed_in": ("{user} ({role})", "{user} ({role})"),
        "access.sign_out": ("Sign out", "Se déconnecter"),
        "access.checks_title": ("Failed checks", "Contrôles en échec"),
        "access.role.viewer": ("viewer", "lecture"),
        "access.role.officer": ("officer", "chargé·e"),
        "access.role.admin": ("admin", "admin"),
        "access.rows_hidden": (
            "Row-level data (one row per mobility or person) is not shown to the viewer role: "
            "an officer of the school sees it.",
            "Les données ligne à ligne (une ligne par mobilité ou par personne) ne sont pas "
            "montrées au rôle lecture : un·e chargé·e de l'école les voit.",
        ),
        "access.small_counts": (
            "Counts below 5 per partner or country are shown as “< 5”.",
            "Les effectifs inférieurs à 5 par partenaire ou par pays sont affichés « < 5 ».",
        ),
    }
)
