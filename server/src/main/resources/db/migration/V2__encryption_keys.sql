-- Every master key that has encrypted a message body, by id, so that the server refuses to start
-- without one of them instead of writing under a new key while old bodies can no longer be read.
CREATE TABLE encryption_keys (
    key_id        VARCHAR(32) PRIMARY KEY,
    first_used_at BIGINT      NOT NULL
);
