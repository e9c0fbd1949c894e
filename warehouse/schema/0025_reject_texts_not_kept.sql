-- Rejected rows written before the allow-list kept each row as written, with cells of columns
-- the importer did not recognise (a participant's name, a phone number, a health remark in a
-- 'Comments' column) and shifted rows whose e-mail escaped masking. Their texts cannot be
-- sorted out afterwards, so none is kept; the file, line and reason stay, and importing the
-- file again writes the recognised fields of its rejected rows.
update rejected_rows
set raw_text = '(not kept: written before rejected rows kept only the fields read)'
where raw_text is not null;
