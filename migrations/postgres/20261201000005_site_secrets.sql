-- Secrets the server generates once and keeps, by name: the site secret ('site') from which the
-- anti-forgery and sealing keys are derived, when ENLACE_SECRET is not set. Every server on this
-- database reads the same row, so forms and sealed values survive restarts and work across them.
create table site_secrets (
    name text primary key,
    value text not null
);
