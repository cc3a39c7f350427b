package dev.parley.server.groups;

import dev.parley.protocol.model.ConversationView;
import dev.parley.protocol.ws.ServerFrame;
import dev.parley.server.support.Backend;
import dev.parley.server.support.DeviceSocketClient;
import dev.parley.server.support.ParleyClient;
import dev.parley.server.support.ParleyClient.Session;
import dev.parley.server.support.TestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** A group's picture: admins set and remove it, members fetch it, and only real PNG or JPEG images are taken. */
@ParameterizedClass(name = "{0}")
@EnumSource(Backend.class)
class GroupAvatarTest {
    @Parameter
    Backend backend;

    private TestServer server;
    private ParleyClient client;
    private Session owner;
    private Session member;
    private ConversationView group;

    @BeforeEach
    void group() {
        server = TestServer.shared(backend);
        client = server.client();
        owner = client.login(client.register("owner"), "Laptop");
        member = client.login(client.register("member"), "Laptop");
        group = client.createGroup(owner, "Pictured", member.account().username());
    }

    @Test
    void anAdminSetsAPictureThatMembersFetchAndSeeChangeLive() {
        byte[] png = image("png");
        try (DeviceSocketClient memberSocket = client.connect(member)) {
            HttpResponse<byte[]> set = send("PUT", owner, "image/png", png);
            assertThat(set.statusCode()).isEqualTo(200);
            String tag = ParleyClient.codec().decode(new String(set.body()), ConversationView.class).avatarTag();
            assertThat(tag).isNotBlank();
            memberSocket.await(ServerFrame.Conversation.class, c -> tag.equals(c.conversation().avatarTag()));
        }
        HttpResponse<byte[]> fetched = send("GET", member, null, null);
        assertThat(fetched.statusCode()).isEqualTo(200);
        assertThat(fetched.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(fetched.body()).isEqualTo(png);

        byte[] jpeg = image("jpg");
        assertThat(send("PUT", owner, "image/jpeg", jpeg).statusCode()).isEqualTo(200);
        assertThat(send("GET", member, null, null).body()).isEqualTo(jpeg);

        assertThat(send("DELETE", owner, null, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", member, null, null).statusCode()).isEqualTo(404);
        assertThat(client.get("/api/v1/conversations/" + group.id(), member.token()).as(ConversationView.class).avatarTag())
                .isNull();
    }

    @Test
    void onlyAdminsSetItOnlyMembersSeeItAndOnlyImagesAreTaken() {
        assertThat(send("PUT", member, "image/png", image("png")).statusCode()).isEqualTo(403);
        assertThat(send("PUT", owner, "image/png", "not a picture at all".getBytes()).statusCode()).isEqualTo(415);
        assertThat(send("PUT", owner, "image/gif", image("png")).statusCode()).isEqualTo(415);
        assertThat(send("PUT", owner, "image/png", new byte[300 * 1024]).statusCode()).isEqualTo(413);
        assertThat(client.get("/api/v1/conversations/" + group.id(), owner.token()).as(ConversationView.class).avatarTag())
                .isNull();

        assertThat(send("PUT", owner, "image/png", image("png")).statusCode()).isEqualTo(200);
        Session outsider = client.login(client.register("outsider"), "Laptop");
        assertThat(send("GET", outsider, null, null).statusCode()).isEqualTo(404);
    }

    private HttpResponse<byte[]> send(String method, Session session, String contentType, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.http() + "/api/v1/conversations/"
                        + group.id() + "/avatar"))
                .header("Authorization", "Bearer " + session.token())
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        try {
            return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] image(String format) {
        BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        image.setRGB(10, 10, 0x3366CC);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, format, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
