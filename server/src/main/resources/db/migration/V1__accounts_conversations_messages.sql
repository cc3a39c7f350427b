-- Times are epoch milliseconds (BIGINT) so that H2 and PostgreSQL store and return them alike.

CREATE TABLE users (
    id            UUID PRIMARY KEY,
    username      VARCHAR(32)  NOT NULL,
    display_name  VARCHAR(256) NOT NULL,
    email         VARCHAR(254),
    password_hash VARCHAR(512) NOT NULL,
    invite_code   VARCHAR(64)  NOT NULL,
    created_at    BIGINT       NOT NULL,
    last_seen_at  BIGINT,
    CONSTRAINT users_username_unique UNIQUE (username),
    CONSTRAINT users_email_unique UNIQUE (email),
    CONSTRAINT users_invite_code_unique UNIQUE (invite_code)
);

-- One row per logged-in device. The bearer token itself is never stored, only its SHA-256.
CREATE TABLE devices (
    id             UUID PRIMARY KEY,
    user_id        UUID         NOT NULL REFERENCES users (id),
    name           VARCHAR(256) NOT NULL,
    token_hash     VARCHAR(64)  NOT NULL,
    created_at     BIGINT       NOT NULL,
    last_active_at BIGINT       NOT NULL,
    revoked_at     BIGINT,
    CONSTRAINT devices_token_hash_unique UNIQUE (token_hash)
);
CREATE INDEX devices_by_user ON devices (user_id);

-- last_seq is the seq of the newest log entry; it is read FOR UPDATE to give the next one, so that
-- seqs are gapless and commit in seq order within a conversation.
CREATE TABLE conversations (
    id         UUID PRIMARY KEY,
    kind       VARCHAR(16) NOT NULL,
    direct_key VARCHAR(80),
    created_at BIGINT      NOT NULL,
    last_seq   BIGINT      NOT NULL DEFAULT 0,
    CONSTRAINT conversations_direct_key_unique UNIQUE (direct_key)
);

CREATE TABLE conversation_members (
    conversation_id     UUID   NOT NULL REFERENCES conversations (id),
    user_id             UUID   NOT NULL REFERENCES users (id),
    joined_at           BIGINT NOT NULL,
    delivered_up_to_seq BIGINT NOT NULL DEFAULT 0,
    read_up_to_seq      BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (conversation_id, user_id)
);
CREATE INDEX members_by_user ON conversation_members (user_id);

-- The conversation log. body holds nonce || AES-256-GCM ciphertext || tag under key key_id.
CREATE TABLE messages (
    id                UUID PRIMARY KEY,
    conversation_id   UUID        NOT NULL REFERENCES conversations (id),
    seq               BIGINT      NOT NULL,
    kind              VARCHAR(16) NOT NULL,
    sender_id         UUID        NOT NULL REFERENCES users (id),
    sender_device_id  UUID,
    client_message_id UUID,
    subject_user_id   UUID,
    body              BYTEA,
    key_id            VARCHAR(32),
    sent_at           BIGINT      NOT NULL,
    CONSTRAINT messages_conversation_seq_unique UNIQUE (conversation_id, seq)
);
CREATE UNIQUE INDEX messages_by_client_id ON messages (sender_id, client_message_id);
