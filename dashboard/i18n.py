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
