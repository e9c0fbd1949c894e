// Plotly's own words in French: mode-bar tooltips, its messages, dates and numbers.
// The keys are the English texts plotly.js (3.x) passes to its localize function; the list
// and the `format` fields follow plotly.js's lib/locales/fr.js (MIT), with the words of
// CLDR's French (lower-case months and days, a narrow no-break space between thousands).
// A graph uses it when its config says locale: 'fr' (dashboard/figures.py graph_config).
// Plotly registers the locales of window.PlotlyLocales when it loads; if it is already
// loaded, the locale is registered at once.
(function () {
  var locale = {
    moduleType: 'locale',
    name: 'fr',
    dictionary: {
      'Autoscale': 'Échelle automatique',
      'Box Select': 'Sélection rectangulaire',
      'Compare data on hover': 'Comparer les données au survol',
      'Double-click on legend to isolate one trace': 'Double-cliquer sur la légende pour isoler une série',
      'Double-click to zoom back out': 'Double-cliquer pour revenir au zoom initial',
      'Download plot': 'Télécharger le graphique',
      'Download plot as a PNG': 'Télécharger le graphique en PNG',
      'Download plot as a SVG': 'Télécharger le graphique en SVG',
      'Download plot as a JPEG': 'Télécharger le graphique en JPEG',
      'Download plot as a WEBP': 'Télécharger le graphique en WEBP',
      'Download plot as JSON': 'Télécharger le graphique en JSON',
      'Draw circle': 'Dessiner un cercle',
      'Draw closed freeform': 'Dessiner une forme fermée',
      'Draw line': 'Dessiner une ligne',
      'Draw open freeform': 'Dessiner une forme ouverte',
      'Draw rectangle': 'Dessiner un rectangle',
      'Erase active shape': 'Effacer la forme active',
      'Lasso Select': 'Sélection au lasso',
      'Orbital rotation': 'Rotation orbitale',
      'Pan': 'Déplacer',
      'Reset': 'Réinitialiser',
      'Reset axes': 'Réinitialiser les axes',
      'Reset camera to default': 'Caméra par défaut',
      'Reset camera to last save': 'Dernière caméra enregistrée',
      'Reset view': 'Réinitialiser la vue',
      'Reset views': 'Réinitialiser les vues',
      'Share chart...': 'Partager le graphique…',
      'Share chart': 'Partager le graphique',
      'Share': 'Partager',
      'Cancel': 'Annuler',
      'Show closest data on hover': 'Afficher la donnée la plus proche au survol',
      'Snapshot succeeded': 'Image enregistrée',
      'Sorry, there was a problem downloading your snapshot!': "Désolé, l'image n'a pas pu être téléchargée.",
      'Taking snapshot - this may take a few seconds': "Création de l'image, quelques secondes…",
      'Toggle Spike Lines': 'Afficher ou masquer les lignes de repère',
      'Toggle show closest data on hover': 'Afficher ou masquer la donnée la plus proche au survol',
      'Turntable rotation': 'Rotation sur plateau',
      'Zoom': 'Zoom',
      'Zoom in': 'Zoom avant',
      'Zoom out': 'Zoom arrière',
      'trace': 'série',
      'lat:': 'lat. :',
      'lon:': 'lon. :',
      'max:': 'max. :',
      'mean:': 'moyenne :',
      'median:': 'médiane :',
      'min:': 'min. :',
      'q1:': 'q1 :',
      'q3:': 'q3 :',
      'source:': 'source :',
      'target:': 'cible :',
      'incoming flow count:': 'flux entrants :',
      'outgoing flow count:': 'flux sortants :'
    },
    format: {
      days: ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'],
      shortDays: ['dim.', 'lun.', 'mar.', 'mer.', 'jeu.', 'ven.', 'sam.'],
      months: ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août',
        'septembre', 'octobre', 'novembre', 'décembre'],
      shortMonths: ['janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juil.', 'août',
        'sept.', 'oct.', 'nov.', 'déc.'],
      date: '%d/%m/%Y',
      decimal: ',',
      thousands: '\u202f',
      year: '%Y',
      month: '%b %Y',
      dayMonth: '%-d %b',
      dayMonthYear: '%-d %b %Y'
    }
  };
  if (window.Plotly && window.Plotly.register) {
    window.Plotly.register(locale);
  } else {
    (window.PlotlyLocales = window.PlotlyLocales || []).push(locale);
  }
})();
