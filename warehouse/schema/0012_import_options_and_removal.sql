-- Imports can be redone and undone.
-- options: what the user told the import besides the file (--school, --map, --hei-id, --set),
-- as canonical JSON; null when nothing was given. The same file with other options replaces
-- its earlier import instead of being "already imported".
-- removed_at: when `mobility imports remove` took the import's rows out; the row stays, so that
-- lineage says what was there and that it was removed.
alter table imports add column options varchar;
alter table imports add column removed_at timestamp;
