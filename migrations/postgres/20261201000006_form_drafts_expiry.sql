-- Expired kept form input is deleted by a periodic task, by its expiry: index it.
create index form_drafts_expires_idx on form_drafts (expires_at);
