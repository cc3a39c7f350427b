package dev.parley.server.groups;

import dev.parley.protocol.Limits;
import dev.parley.protocol.ids.ConversationId;
import dev.parley.protocol.model.ConversationView;
import dev.parley.server.accounts.Principal;
import dev.parley.server.accounts.SessionTokens;
import dev.parley.server.conversations.ConversationRepository;
import dev.parley.server.conversations.ConversationService;
import dev.parley.server.http.ApiException;
import dev.parley.server.messaging.LogWriter;
import io.helidon.http.Status;

import java.util.Map;

/** A group's picture: admins set or remove it (PNG or JPEG, checked by content); members fetch it. */
public final class GroupAvatars {
    private final ConversationRepository conversations;
    private final ConversationService conversationService;
    private final GroupService groups;
    private final LogWriter log;
    private final SessionTokens codes;
    private final GroupAccess access;

    public GroupAvatars(ConversationRepository conversations, ConversationService conversationService,
                        GroupService groups, LogWriter log, SessionTokens codes) {
        this.conversations = conversations;
        this.conversationService = conversationService;
        this.groups = groups;
        this.log = log;
        this.codes = codes;
        this.access = new GroupAccess(conversations);
    }

    public ConversationView set(Principal admin, ConversationId id, String contentType, byte[] image) {
        ConversationRepository.Avatar avatar = new ConversationRepository.Avatar(checkedType(contentType, image), image,
                codes.randomCode(9));
        return change(admin, id, avatar, "change the group's picture");
    }

    public ConversationView remove(Principal admin, ConversationId id) {
        return change(admin, id, null, "remove the group's picture");
    }

    public ConversationRepository.Avatar get(Principal member, ConversationId id) {
        conversationService.requireMember(member.userId(), id);
        return conversations.avatar(id).orElseThrow(() -> ApiException.notFound("no_avatar", "This group has no picture"));
    }

    private ConversationView change(Principal admin, ConversationId id, ConversationRepository.Avatar avatar, String action) {
        LogWriter.Written<Void> written = log.write(id, entries -> {
            access.requireAdmin(entries.tx(), id, admin.userId(), action);
            conversations.setAvatar(entries.tx(), id, avatar, entries.now());
            return null;
        });
        return groups.announce(written, id, Map.of());
    }

    /** The declared type, when the bytes really are an image of that type and small enough. */
    static String checkedType(String contentType, byte[] image) {
        if (image.length == 0 || image.length > Limits.MAX_AVATAR_BYTES) {
            throw new ApiException(Status.REQUEST_ENTITY_TOO_LARGE_413, "avatar_too_large",
                    "A group picture is 1 byte to " + Limits.MAX_AVATAR_BYTES / 1024 + " KiB");
        }
        String type = contentType == null ? "" : contentType.split(";")[0].strip().toLowerCase(java.util.Locale.ROOT);
        boolean png = image.length > 8 && (image[0] & 0xFF) == 0x89 && image[1] == 'P' && image[2] == 'N' && image[3] == 'G';
        boolean jpeg = image.length > 3 && (image[0] & 0xFF) == 0xFF && (image[1] & 0xFF) == 0xD8 && (image[2] & 0xFF) == 0xFF;
        if (type.equals("image/png") && png || type.equals("image/jpeg") && jpeg) {
            return type;
        }
        throw new ApiException(Status.UNSUPPORTED_MEDIA_TYPE_415, "unsupported_image",
                "A group picture is a PNG or JPEG image, sent with Content-Type image/png or image/jpeg");
    }
}
