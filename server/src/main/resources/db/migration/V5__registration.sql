-- Server-wide settings that every node reads from the database, so that a change reaches them all at once.
-- 'registration' is open, invite-only or closed; open keeps the behaviour of servers made before it existed.
CREATE TABLE server_settings (
    name       VARCHAR(64)  PRIMARY KEY,
    text_value VARCHAR(256) NOT NULL
);
INSERT INTO server_settings (name, text_value) VALUES ('registration', 'open');

-- Invites to register on an invite-only server. The code is a bearer secret: only its SHA-256 is stored.
-- expires_at NULL: never expires. A registration takes one use, in the transaction that creates the account.
CREATE TABLE registration_invites (
    code_hash  VARCHAR(64)  PRIMARY KEY,
    created_at BIGINT       NOT NULL,
    expires_at BIGINT,
    uses_left  INTEGER      NOT NULL,
    revoked_at BIGINT,
    created_by VARCHAR(128) NOT NULL
);
