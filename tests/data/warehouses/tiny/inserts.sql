-- The tiny warehouse: a few dozen hand-written rows whose every figure is known (README.md
-- beside this file adds them up). Loaded into the tables the importers write (imports and the
-- raw.* landing tables) of a new warehouse, whose models are then built as after any import:
-- the public views and marts the tests read are the real ones.
-- Import ids are given by the sequence, 1 to 5 in this order, on a new warehouse.

insert into imports (kind, file_format, school_id, file_name, file_sha256, imported_at,
                     rows_read, rows_accepted, rows_rejected, listed_academic_year) values
    ('agreements', 'partner_list_tsv', 'imt-mines-albi', 'albi-partners.tsv', 'tiny-1',
     '2024-10-01 09:00:00', 6, 6, 0, '2024-2025'),
    ('agreements', 'partner_list_tsv', 'imt-mines-ales', 'ales-partners.tsv', 'tiny-2',
     '2024-10-01 09:05:00', 4, 4, 0, '2024-2025'),
    ('mobilities', 'mobility_tool_csv', 'imt-mines-albi', 'albi-mobilities.csv', 'tiny-3',
     '2025-07-01 09:00:00', 26, 26, 0, null),
    ('mobilities', 'mobility_tool_csv', 'imt-mines-ales', 'ales-mobilities.csv', 'tiny-4',
     '2025-07-01 09:05:00', 10, 10, 0, null),
    ('mobilities', 'ec_ka1', null, 'ka1-douai.csv', 'tiny-5',
     '2025-07-01 09:10:00', 3, 3, 0, null);

-- Agreements: A1-A6 of IMT Mines Albi (import 1), A7-A10 of IMT Mines Alès (import 2).
insert into raw.agreements (import_id, line_number, school_id, partner_name, partner_country_iso2,
                            partner_city, programme_raw, agreement_type, signatory_level,
                            first_academic_year, last_academic_year) values
    (1, 2, 'imt-mines-albi', 'Technische Universität München', 'DE', 'München',
     'Erasmus+', 'erasmus', 'school', '2021-2022', null),                         -- A1
    (1, 3, 'imt-mines-albi', 'Universidad Politécnica de Madrid', 'ES', 'Madrid',
     'Erasmus+', 'erasmus', 'school', '2022-2023', '2023-2024'),                  -- A2
    (1, 4, 'imt-mines-albi', 'Politecnico di Milano', 'IT', 'Milano',
     'Double diplôme', 'double_degree', 'school', '2023-2024', null),             -- A3
    (1, 5, 'imt-mines-albi', 'University of Leeds', 'GB', 'Leeds',
     'Erasmus+', 'erasmus', 'school', '2021-2022', '2022-2023'),                  -- A4
    (1, 6, 'imt-mines-albi', 'Université Laval', 'CA', 'Québec',
     'MoU', 'mou', 'school', null, null),                                         -- A5
    (1, 7, 'imt-mines-albi', 'Universidade de São Paulo', 'BR', 'São Paulo',
     'BRAFITEC', 'double_degree', 'group', '2022-2023', null),                    -- A6
    (2, 2, 'imt-mines-ales', 'Technische Universität München', 'DE', 'München',
     'Erasmus+', 'erasmus', 'school', '2022-2023', null),                         -- A7
    (2, 3, 'imt-mines-ales', 'Universidad de Sevilla', 'ES', 'Sevilla',
     'Erasmus+', 'erasmus', 'school', '2023-2024', null),                         -- A8
    (2, 4, 'imt-mines-ales', 'Université Laval', 'CA', 'Québec',
     'Double diplôme', 'double_degree', 'school', '2022-2023', '2024-2025'),      -- A9
    (2, 5, 'imt-mines-ales', 'Universidade de São Paulo', 'BR', 'São Paulo',
     'BRAFITEC', 'double_degree', 'group', '2022-2023', null);                    -- A10

-- Places: the places columns of the two lists (Q1-Q5 Albi's, Q6-Q7 Alès's). A null programme is
-- a lone places column.
insert into raw.agreement_quotas (import_id, line_number, school_id, partner_name,
                                  partner_country_iso2, agreement_type, signatory_level,
                                  direction, mobility_type, programme, mobilities_per_year,
                                  first_academic_year, last_academic_year) values
    (1, 2, 'imt-mines-albi', 'Technische Universität München', 'DE', 'erasmus', 'school',
     'outgoing', 'student_studies', 'Master', 4, '2021-2022', null),              -- Q1
    (1, 2, 'imt-mines-albi', 'Technische Universität München', 'DE', 'erasmus', 'school',
     'outgoing', 'student_studies', 'Bachelor', 2, '2021-2022', null),            -- Q2
    (1, 2, 'imt-mines-albi', 'Technische Universität München', 'DE', 'erasmus', 'school',
     'incoming', 'student_studies', 'Master', 3, '2021-2022', null),              -- Q3
    (1, 3, 'imt-mines-albi', 'Universidad Politécnica de Madrid', 'ES', 'erasmus', 'school',
     'outgoing', 'student_studies', 'Master', 2, '2022-2023', '2023-2024'),       -- Q4
    (1, 4, 'imt-mines-albi', 'Politecnico di Milano', 'IT', 'double_degree', 'school',
     'outgoing', 'student_studies', 'Master', 5, '2023-2024', null),              -- Q5
    (2, 3, 'imt-mines-ales', 'Universidad de Sevilla', 'ES', 'erasmus', 'school',
     'outgoing', 'student_studies', null, 3, '2023-2024', null),                  -- Q6
    (2, 2, 'imt-mines-ales', 'Technische Universität München', 'DE', 'erasmus', 'school',
     'outgoing', 'staff_teaching', null, 1, '2022-2023', null);                   -- Q7

-- Mobilities of IMT Mines Albi (import 3): 18 outgoing, 8 incoming. Durations: a study stay
-- 5 months, a traineeship 4, a double degree 12, a staff week 0.25.
insert into raw.mobilities (import_id, line_number, school_id, partner_name, partner_country_iso2,
                            direction, academic_year, start_date, duration_months, activity,
                            level, funding, participant_id) values
    -- 2022-2023: 5 outgoing, 2 incoming
    (3,  2, 'imt-mines-albi', 'Technische Universität München', 'DE', 'outgoing', '2022-2023',
     '2022-09-01', 5, 'study', 'master', 'erasmus', 'p-albi-01'),
    (3,  3, 'imt-mines-albi', 'Technische Universität München', 'DE', 'outgoing', '2022-2023',
     '2023-01-16', 5, 'study', 'master', 'erasmus', 'p-albi-02'),
    (3,  4, 'imt-mines-albi', 'Universidad Politécnica de Madrid', 'ES', 'outgoing', '2022-2023',
     '2022-09-01', 5, 'study', 'master', 'erasmus', 'p-albi-03'),
    (3,  5, 'imt-mines-albi', 'University of Leeds', 'GB', 'outgoing', '2022-2023',
     '2022-09-01', 5, 'study', 'master', 'erasmus', 'p-albi-04'),
    (3,  6, 'imt-mines-albi', 'University of Leeds', 'GB', 'outgoing', '2022-2023',
     '2023-04-03', 4, 'traineeship', 'master', 'erasmus', 'p-albi-05'),
    (3,  7, 'imt-mines-albi', 'Technische Universität München', 'DE', 'incoming', '2022-2023',
     '2022-09-01', 5, 'study', 'master', 'erasmus', 'p-albi-06'),
    (3,  8, 'imt-mines-albi', 'Universidad Politécnica de Madrid', 'ES', 'incoming', '2022-2023',
     '2023-01-16', 5, 'study', 'bachelor', 'erasmus', 'p-albi-07'),
    -- 2023-2024: 6 outgoing, 3 incoming
    (3,  9, 'imt-mines-albi', 'Technische Universität München', 'DE', 'outgoing', '2023-2024',
     '2023-09-01', 5, 'study', 'master', 'erasmus', 'p-albi-08'),
    (3, 10, 'imt-mines-albi', 'Universidad Politécnica de Madrid', 'ES', 'outgoing', '2023-2024',
     '2023-09-01', 5, 'study', 'master', 'erasmus', 'p-albi-09'),
    (3, 11, 'imt-mines-albi', 'Universidad Politécnica de Madrid', 'ES', 'outgoing', '2023-2024',
     '2024-01-15', 5, 'study', 'bachelor', 'erasmus', 'p-albi-10'),
    (3, 12, 'imt-mines-albi', 'Politecnico di Milano', 'IT', 'outgoing', '2023-2024',
     '2023-09-01', 12, 'double_degree', 'master', 'erasmus', 'p-albi-11'),
    (3, 13, 'imt-mines-albi', 'Universidade de São Paulo', 'BR', 'outgoing', '2023-2024',
     '2023-09-01', 12, 'double_degree', 'master', 'brafitec', 'p-albi-12'),
    (3, 14, 'imt-mines-albi', 'Université Laval', 'CA', 'outgoing', '2023-2024',
     '2024-04-02', 4, 'traineeship', 'master', 'region', 'p-albi-13'),
    (3, 15, 'imt-mines-albi', 'Technische Universität München', 'DE', 'incoming', '2023-2024',
     '2023-09-01', 5, 'study', 'master', 'erasmus', 'p-albi-14'),
    (3, 16, 'imt-mines-albi', 'Politecnico di Milano', 'IT', 'incoming', '2023-2024',
     '2023-09-01', 12, 'double_degree', 'master', 'erasmus', 'p-albi-15'),
    (3, 17, 'imt-mines-albi', 'Universidade de São Paulo', 'BR', 'incoming', '2023-2024',
     '2024-01-15', 5, 'study', 'master', 'brafitec', 'p-albi-16'),
    -- 2024-2025: 7 outgoing, 3 incoming
    (3, 18, 'imt-mines-albi', 'Technische Universität München', 'DE', 'outgoing', '2024-2025',
     '2024-09-02', 5, 'study', 'master', 'erasmus', 'p-albi-17'),
    (3, 19, 'imt-mines-albi', 'Technische Universität München', 'DE', 'outgoing', '2024-2025',
     '2024-09-02', 5, 'study', 'master', 'erasmus', 'p-albi-18'),
    (3, 20, 'imt-mines-albi', 'Technische Universität München', 'DE', 'outgoing', '2024-2025',
     '2025-01-13', 5, 'study', 'bachelor', 'erasmus', 'p-albi-19'),
    (3, 21, 'imt-mines-albi', 'Politecnico di Milano', 'IT', 'outgoing', '2024-2025',
     '2024-09-02', 12, 'double_degree', 'master', 'erasmus', 'p-albi-20'),
    (3, 22, 'imt-mines-albi', 'Université Laval', 'CA', 'outgoing', '2024-2025',
     '2024-09-02', 5, 'study', 'master', 'region', 'p-albi-21'),
    (3, 23, 'imt-mines-albi', 'Universidade de São Paulo', 'BR', 'outgoing', '2024-2025',
     '2024-09-02', 12, 'double_degree', 'master', 'brafitec', 'p-albi-22'),
    (3, 24, 'imt-mines-albi', 'Universidad de Sevilla', 'ES', 'outgoing', '2024-2025',
     '2024-09-02', 5, 'study', 'master', 'erasmus', 'p-albi-23'),
    (3, 25, 'imt-mines-albi', 'Technische Universität München', 'DE', 'incoming', '2024-2025',
     '2024-09-02', 5, 'study', 'master', 'erasmus', 'p-albi-24'),
    (3, 26, 'imt-mines-albi', 'Université Laval', 'CA', 'incoming', '2024-2025',
     '2025-01-13', 5, 'study', 'master', 'none', 'p-albi-25'),
    (3, 27, 'imt-mines-albi', 'Universidade de São Paulo', 'BR', 'incoming', '2024-2025',
     '2025-03-10', 0.25, 'staff_teaching', null, 'brafitec', 'p-albi-26');

-- Mobilities of IMT Mines Alès (import 4): 7 outgoing, 3 incoming, none in 2022-2023.
insert into raw.mobilities (import_id, line_number, school_id, partner_name, partner_country_iso2,
                            direction, academic_year, start_date, duration_months, activity,
                            level, funding, participant_id) values
    -- 2023-2024: 3 outgoing, 1 incoming
    (4,  2, 'imt-mines-ales', 'Technische Universität München', 'DE', 'outgoing', '2023-2024',
     '2023-09-01', 5, 'study', 'master', 'erasmus', 'p-ales-01'),
    (4,  3, 'imt-mines-ales', 'Universidad de Sevilla', 'ES', 'outgoing', '2023-2024',
     '2023-09-01', 5, 'study', 'master', 'erasmus', 'p-ales-02'),
    (4,  4, 'imt-mines-ales', 'Université Laval', 'CA', 'outgoing', '2023-2024',
     '2023-09-01', 12, 'double_degree', 'master', 'region', 'p-ales-03'),
    (4,  5, 'imt-mines-ales', 'Universidad de Sevilla', 'ES', 'incoming', '2023-2024',
     '2023-09-01', 5, 'study', 'bachelor', 'erasmus', 'p-ales-04'),
    -- 2024-2025: 4 outgoing, 2 incoming
    (4,  6, 'imt-mines-ales', 'Universidad de Sevilla', 'ES', 'outgoing', '2024-2025',
     '2024-09-02', 5, 'study', 'master', 'erasmus', 'p-ales-05'),
    (4,  7, 'imt-mines-ales', 'Universidad de Sevilla', 'ES', 'outgoing', '2024-2025',
     '2025-01-13', 5, 'study', 'master', 'erasmus', 'p-ales-06'),
    (4,  8, 'imt-mines-ales', 'Universidade de São Paulo', 'BR', 'outgoing', '2024-2025',
     '2024-09-02', 12, 'double_degree', 'master', 'brafitec', 'p-ales-07'),
    (4,  9, 'imt-mines-ales', 'Technische Universität München', 'DE', 'outgoing', '2024-2025',
     '2025-05-12', 0.25, 'staff_training', null, 'erasmus', 'p-ales-08'),
    (4, 10, 'imt-mines-ales', 'Université Laval', 'CA', 'incoming', '2024-2025',
     '2024-09-02', 12, 'double_degree', 'master', 'region', 'p-ales-09'),
    (4, 11, 'imt-mines-ales', 'Technische Universität München', 'DE', 'incoming', '2024-2025',
     '2024-09-02', 5, 'study', 'master', 'erasmus', 'p-ales-10');

-- The EC's KA1 open data (import 5): three rows naming F DOUAI02, the former code of Mines Douai,
-- now IMT Nord Europe's (warehouse/reference/school_history.csv). 4 mobilities: 3 outgoing, 1
-- incoming. The second row's partner has no code and no country: of unknown country.
insert into raw.ec_ka1_mobilities (import_id, line_number, project_reference, key_action,
                                   academic_year, start_month, end_month, duration_days,
                                   activity_as_written, education_level, participant_profile,
                                   sending_country_iso2, sending_name, sending_code,
                                   sending_code_country_iso2, receiving_country_iso2,
                                   receiving_name, receiving_code, receiving_code_country_iso2,
                                   participants) values
    (5, 2, '2022-1-FR01-KA131-HED-000001', 'KA131', '2022-2023', '2022-09-01', '2023-01-01',
     150, 'HE-SMS - Student mobility for studies',
     'ISCED-7 - Second cycle / Master''s or equivalent level (EQF-7)', 'Learner',
     'FR', 'IMT NORD EUROPE', 'F DOUAI02', 'FR',
     'DE', 'Technische Universität München', null, null, 2),
    (5, 3, '2023-1-FR01-KA131-HED-000002', 'KA131', '2023-2024', '2023-09-01', '2024-01-01',
     150, 'HE-SMS - Student mobility for studies',
     'ISCED-7 - Second cycle / Master''s or equivalent level (EQF-7)', 'Learner',
     'FR', 'IMT NORD EUROPE', 'F DOUAI02', 'FR',
     null, 'International Institute of Technology', null, null, 1),
    (5, 4, '2024-1-ES01-KA131-HED-000003', 'KA131', '2024-2025', '2024-09-01', '2025-01-01',
     150, 'HE-SMS - Student mobility for studies',
     'ISCED-6 - First cycle / Bachelor''s or equivalent level (EQF-6)', 'Learner',
     'ES', 'Universidad Politécnica de Madrid', null, null,
     'FR', 'IMT NORD EUROPE', 'F DOUAI02', 'FR', 1);
