-- Places per programme: a partner list may offer places per programme, degree or level (one
-- column each: 'Grado', 'Máster', 'Doctorado'); each column gives its own quota, labelled here.
-- Null for a lone places column and for EWP cooperation conditions.
alter table raw.agreement_quotas add column programme varchar;
