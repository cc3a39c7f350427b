package dev.parley.desktop.core.api;

import dev.parley.desktop.core.ClientException;
import dev.parley.desktop.core.model.GroupPicture;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.codec.JsonCodec;
import dev.parley.protocol.ids.ConversationId;
import dev.parley.protocol.ids.DeviceId;
import dev.parley.protocol.ids.UserId;
import dev.parley.protocol.model.ConversationView;
import dev.parley.protocol.model.UserView;
import dev.parley.protocol.rest.AddMembersRequest;
import dev.parley.protocol.rest.ChangeRoleRequest;
import dev.parley.protocol.rest.CreateGroupRequest;
import dev.parley.protocol.rest.GroupInvitePreview;
import dev.parley.protocol.rest.InviteView;
import dev.parley.protocol.rest.JoinRequestList;
import dev.parley.protocol.rest.JoinResult;
import dev.parley.protocol.rest.MessageInfo;
import dev.parley.protocol.rest.UpdateGroupRequest;
import dev.parley.protocol.rest.ConversationList;
import dev.parley.protocol.rest.DeviceList;
import dev.parley.protocol.rest.HistoryPage;
import dev.parley.protocol.rest.LoginRequest;
import dev.parley.protocol.rest.LoginResponse;
import dev.parley.protocol.rest.ProfileView;
import dev.parley.protocol.rest.RegisterRequest;
import dev.parley.protocol.rest.StartDirectChatRequest;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/** The server's REST API over HTTP, answering protocol records or {@link ClientException}s. */
public final class ServerApi {
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final URI server;
    private final JsonCodec codec;
    private final HttpClient http;

    public ServerApi(URI server, JsonCodec codec) {
        this.server = normalise(server);
        this.codec = codec;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    public URI server() {
        return server;
    }

    /** The WebSocket address of this server. */
    public URI socketUri() {
        String scheme = "https".equals(server.getScheme()) ? "wss" : "ws";
        return URI.create(scheme + "://" + server.getRawAuthority() + "/ws");
    }

    /** Succeeds when the address answers as a Parley server. */
    public void checkHealth() {
        HttpResponse<String> response = exchange(HttpRequest.newBuilder(server.resolve("/observe/health")).GET(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 || !response.body().contains("\"status\"")) {
            throw new ClientException("not_parley", server + " answers, but it is not a Parley server");
        }
    }

    public ProfileView register(RegisterRequest request) {
        return call("POST", "/api/v1/accounts", null, codec.encode(request), ProfileView.class);
    }

    public LoginResponse login(LoginRequest request) {
        return call("POST", "/api/v1/sessions", null, codec.encode(request), LoginResponse.class);
    }

    public void logout(String token) {
        call("DELETE", "/api/v1/sessions/current", token, null, null);
    }

    public ProfileView me(String token) {
        return call("GET", "/api/v1/me", token, null, ProfileView.class);
    }

    public DeviceList devices(String token) {
        return call("GET", "/api/v1/devices", token, null, DeviceList.class);
    }

    public void revokeDevice(String token, DeviceId device) {
        call("DELETE", "/api/v1/devices/" + device, token, null, null);
    }

    public ConversationView startDirect(String token, StartDirectChatRequest request) {
        return call("POST", "/api/v1/conversations/direct", token, codec.encode(request), ConversationView.class);
    }

    public ConversationList conversations(String token) {
        return call("GET", "/api/v1/conversations", token, null, ConversationList.class);
    }

    public HistoryPage history(String token, ConversationId conversation, Long beforeSeq, int limit) {
        String query = "?limit=" + limit + (beforeSeq == null ? "" : "&before=" + beforeSeq);
        return call("GET", "/api/v1/conversations/" + conversation + "/messages" + query, token, null, HistoryPage.class);
    }

    public ConversationView conversation(String token, ConversationId conversation) {
        return call("GET", "/api/v1/conversations/" + conversation, token, null, ConversationView.class);
    }

    /**
     * Someone an entry of the conversation names, current or former member (PROTOCOL §6.31):
     * {@code member_not_found} when they never were one.
     */
    public UserView person(String token, ConversationId conversation, UserId user) {
        return call("GET", "/api/v1/conversations/" + conversation + "/people/" + user, token, null, UserView.class);
    }

    // --- groups (docs: the groups protocol, issue 4)

    public ConversationView createGroup(String token, CreateGroupRequest request) {
        return call("POST", "/api/v1/conversations/groups", token, codec.encode(request), ConversationView.class);
    }

    public ConversationView updateGroup(String token, ConversationId group, UpdateGroupRequest request) {
        return call("PATCH", "/api/v1/conversations/" + group, token, codec.encode(request), ConversationView.class);
    }

    public ConversationView addMembers(String token, ConversationId group, AddMembersRequest request) {
        return call("POST", "/api/v1/conversations/" + group + "/members", token, codec.encode(request),
                ConversationView.class);
    }

    public ConversationView removeMember(String token, ConversationId group, UserId member) {
        return call("DELETE", "/api/v1/conversations/" + group + "/members/" + member, token, null,
                ConversationView.class);
    }

    public ConversationView changeRole(String token, ConversationId group, UserId member, ChangeRoleRequest request) {
        return call("PUT", "/api/v1/conversations/" + group + "/members/" + member + "/role", token,
                codec.encode(request), ConversationView.class);
    }

    public ConversationView leaveGroup(String token, ConversationId group) {
        return call("POST", "/api/v1/conversations/" + group + "/leave", token, null, ConversationView.class);
    }

    public InviteView groupInvite(String token, ConversationId group) {
        return call("GET", "/api/v1/conversations/" + group + "/invite", token, null, InviteView.class);
    }

    public InviteView newGroupInvite(String token, ConversationId group) {
        return call("POST", "/api/v1/conversations/" + group + "/invite", token, null, InviteView.class);
    }

    public void revokeGroupInvite(String token, ConversationId group) {
        call("DELETE", "/api/v1/conversations/" + group + "/invite", token, null, null);
    }

    /** {@code code} may be the bare code or the whole link. */
    public GroupInvitePreview groupInvitePreview(String token, String code) {
        return call("GET", "/api/v1/group-invites/" + pathSegment(code), token, null, GroupInvitePreview.class);
    }

    public JoinResult joinGroup(String token, String code) {
        return call("POST", "/api/v1/group-invites/" + pathSegment(code) + "/join", token, null, JoinResult.class);
    }

    public JoinRequestList joinRequests(String token, ConversationId group) {
        return call("GET", "/api/v1/conversations/" + group + "/join-requests", token, null, JoinRequestList.class);
    }

    public ConversationView approveJoin(String token, ConversationId group, UserId user) {
        return call("POST", "/api/v1/conversations/" + group + "/join-requests/" + user + "/approve", token, null,
                ConversationView.class);
    }

    public void declineJoin(String token, ConversationId group, UserId user) {
        call("DELETE", "/api/v1/conversations/" + group + "/join-requests/" + user, token, null, null);
    }

    public MessageInfo messageInfo(String token, ConversationId conversation, long seq) {
        return call("GET", "/api/v1/conversations/" + conversation + "/messages/" + seq + "/info", token, null,
                MessageInfo.class);
    }

    /** Sets the group's picture (admins); the answer's {@code avatarTag} names it. */
    public ConversationView setGroupAvatar(String token, ConversationId group, GroupPicture picture) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.resolve("/api/v1/conversations/" + group + "/avatar"))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(picture.image()))
                .header("Content-Type", picture.contentType())
                .header("Authorization", "Bearer " + token);
        return decoded(exchange(request, HttpResponse.BodyHandlers.ofString()), ConversationView.class);
    }

    public ConversationView removeGroupAvatar(String token, ConversationId group) {
        return call("DELETE", "/api/v1/conversations/" + group + "/avatar", token, null, ConversationView.class);
    }

    /** The group's picture with the tag that names it (the {@code ETag}); {@code no_avatar} when it has none. */
    public TaggedPicture groupAvatar(String token, ConversationId group) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.resolve("/api/v1/conversations/" + group + "/avatar"))
                .GET().header("Authorization", "Bearer " + token);
        HttpResponse<byte[]> response = exchange(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() >= 400) {
            throw error(response.statusCode(), new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
        }
        String type = response.headers().firstValue("Content-Type").orElse("").split(";")[0].strip();
        String tag = response.headers().firstValue("ETag").orElse("").replace("\"", "").strip();
        try {
            return new TaggedPicture(new GroupPicture(response.body(), type), tag.isEmpty() ? null : tag);
        } catch (IllegalArgumentException e) {
            throw new ClientException("bad_response", "The server sent a group picture this app cannot show", e);
        }
    }

    /** A group picture as fetched, and the {@code avatarTag} it is (null if the server did not say). */
    public record TaggedPicture(GroupPicture picture, String tag) {
    }

    /** An invite code (or link) as one path segment: a pasted link's slashes must not become path. */
    private static String pathSegment(String code) {
        return java.net.URLEncoder.encode(code, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    private <T> T call(String method, String path, String token, String body, Class<T> type) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.resolve(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return decoded(exchange(request, HttpResponse.BodyHandlers.ofString()), type);
    }

    private <T> T decoded(HttpResponse<String> response, Class<T> type) {
        if (response.statusCode() >= 400) {
            throw error(response.statusCode(), response.body());
        }
        if (type == null) {
            return null;
        }
        try {
            return codec.decode(response.body(), type);
        } catch (ProtocolException e) {
            throw new ClientException("bad_response", "The server sent an answer this app does not understand", e);
        }
    }

    private <B> HttpResponse<B> exchange(HttpRequest.Builder request, HttpResponse.BodyHandler<B> body) {
        try {
            return http.send(request.timeout(TIMEOUT).build(), body);
        } catch (HttpConnectTimeoutException | ConnectException e) {
            throw new ClientException("server_unreachable", "Can't reach the server at " + server
                    + ". Check the address and your network.", e);
        } catch (HttpTimeoutException e) {
            throw new ClientException("server_timeout", "The server at " + server + " did not answer in time", e);
        } catch (IOException e) {
            throw new ClientException("server_unreachable", "Can't reach the server at " + server + " ("
                    + e.getMessage() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientException("interrupted", "Cancelled", e);
        }
    }

    private ClientException error(int status, String body) {
        try {
            var tree = codec.tree(body);
            String code = tree.path("error").path("code").asText("");
            String message = tree.path("error").path("message").asText("");
            if (!code.isEmpty()) {
                return new ClientException(code, message.isEmpty() ? code : message);
            }
        } catch (RuntimeException notJson) {
            // fall through to a generic answer
        }
        return new ClientException("http_" + status, "The server answered " + status);
    }

    /** Accepts "host", "host:port" or a full URL, as people type them. */
    public static URI normalise(URI raw) {
        String text = raw.toString().strip();
        if (!text.contains("://")) {
            text = "http://" + text;
        }
        URI uri = URI.create(text);
        return URI.create(uri.getScheme() + "://" + uri.getRawAuthority());
    }
}
