-- Failed sign-ins per address and the lockout they lead to (10 failures in 15 minutes lock the
-- address for 15 minutes). The key is a hash of the normalised address, for addresses with and
-- without an account alike, so no address is stored and none is told apart. A row goes once it
-- expires: at the end of its window of failures, or of its lock.
create table sign_in_failures (
    key_hash text primary key,
    failures integer not null,
    locked_until integer,
    expires_at integer not null
);
create index sign_in_failures_expires_idx on sign_in_failures (expires_at);

-- Issuing a link revokes the account's earlier ones, and setting a password all of them.
create index password_links_account_idx on password_links (account_id);
