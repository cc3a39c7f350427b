-- A group's picture. avatar_tag changes with every new picture, so clients know when to fetch it again.
ALTER TABLE conversations ADD COLUMN avatar_tag VARCHAR(32);

CREATE TABLE conversation_avatars (
    conversation_id UUID        PRIMARY KEY REFERENCES conversations (id),
    content_type    VARCHAR(32) NOT NULL,
    image           BYTEA       NOT NULL,
    updated_at      BIGINT      NOT NULL
);
