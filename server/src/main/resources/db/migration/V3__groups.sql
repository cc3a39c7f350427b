-- Groups: a name, a description, an invite link (NULL when revoked) and whether joining by it waits for an admin.
ALTER TABLE conversations ADD COLUMN name VARCHAR(400);
ALTER TABLE conversations ADD COLUMN description VARCHAR(4000);
ALTER TABLE conversations ADD COLUMN invite_code VARCHAR(64);
ALTER TABLE conversations ADD COLUMN join_approval BOOLEAN DEFAULT FALSE NOT NULL;
CREATE UNIQUE INDEX conversations_by_invite_code ON conversations (invite_code);

-- A member row outlives the membership: left_seq is the seq of the entry that ended it (left or removed),
-- NULL while the user is a member. The user may read the log from joined_seq up to left_seq.
-- Receipt watermarks stay per member, so a receipt costs one row update whatever the group's size.
ALTER TABLE conversation_members ADD COLUMN role VARCHAR(16) DEFAULT 'member' NOT NULL;
ALTER TABLE conversation_members ADD COLUMN joined_seq BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE conversation_members ADD COLUMN left_seq BIGINT;

CREATE TABLE join_requests (
    conversation_id UUID   NOT NULL REFERENCES conversations (id),
    user_id         UUID   NOT NULL REFERENCES users (id),
    requested_at    BIGINT NOT NULL,
    PRIMARY KEY (conversation_id, user_id)
);
