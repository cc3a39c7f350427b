package dev.parley.desktop.ui;

import dev.parley.desktop.app.ParleyDesktopApp;
import dev.parley.desktop.core.ChatService;
import dev.parley.desktop.core.ParleyAccounts;
import dev.parley.desktop.core.model.ChatSummary;
import dev.parley.desktop.host.LocalServerHost;
import dev.parley.protocol.ids.ConversationId;
import javafx.application.Platform;
import javafx.scene.control.ListView;
import javafx.stage.Stage;
import javafx.stage.Window;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Takes the README screenshots of the real app: a real server in-process, real accounts and messages,
 * the app window on an X display (run under xvfb-run), captured with ImageMagick's {@code import}.
 * Usage: {@code ScreenshotTour <output folder> light|dark}.
 */
public final class ScreenshotTour {
    private static final String PASSWORD = "correct horse battery";

    private ScreenshotTour() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/screenshots").toAbsolutePath();
        Files.createDirectories(out);
        Path work = Files.createTempDirectory("parley-tour");
        Path home = work.resolve("alice-home");
        Files.createDirectories(home);
        String theme = args.length > 1 ? args[1] : "light";
        Files.writeString(home.resolve("settings.properties"), "theme=" + theme.toUpperCase(java.util.Locale.ROOT) + "\n");

        try (LocalServerHost server = LocalServerHost.start(work.resolve("server"), 0)) {
            var address = server.localAddress();
            ChatService alice = new ParleyAccounts(home).register(address, "alice", "Alice Liddell", PASSWORD, "Alice's laptop");
            ChatService bob = other(work, address, "bob", "Bob Ferreira");
            ChatService carol = other(work, address, "carol", "Carol Singh");
            ChatService dave = other(work, address, "dave", "Dave Okafor");
            ChatService emma = other(work, address, "emma", "Emma Rossi");

            ConversationId withEmma = emma.startChat("alice");
            emma.send(withEmma, "Here are the photos from the lake 📷");
            pause(300);
            alice.markRead(withEmma);
            alice.send(withEmma, "Thanks for the photos! The sunset one is perfect.");
            pause(300);

            ConversationId withDave = dave.startChat("alice");
            dave.send(withDave, "Can you review my pull request today?");
            dave.send(withDave, "It's the one that fixes the login page");
            pause(300);

            ConversationId withBob = bob.startChat("alice");
            bob.send(withBob, "Hey Alice! Are we still on for Saturday?");
            pause(400);
            alice.markRead(withBob);
            alice.send(withBob, "Yes! 10 am at the trailhead?");
            pause(400);
            bob.markRead(withBob);
            bob.send(withBob, "Perfect. I'll bring coffee ☕");
            bob.send(withBob, "Should we ask Carol too? She mentioned she wanted to try the long loop this time, "
                    + "the one past the old mill and up to the ridge.");
            pause(400);
            alice.markRead(withBob);
            alice.send(withBob, "Good idea, I'll message her now.");
            pause(400);
            bob.markRead(withBob);

            ConversationId withCarol = carol.startChat("alice");
            carol.send(withCarol, "Did you see the new release notes?");
            pause(500);
            alice.close();

            CompletableFuture<Void> started = new CompletableFuture<>();
            Platform.startup(() -> started.complete(null));
            started.get(20, TimeUnit.SECONDS);
            ParleyDesktopApp app = new ParleyDesktopApp(home);
            app.init();
            onFx(() -> {
                Stage stage = new Stage();
                try {
                    app.start(stage);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                stage.setX(0);
                stage.setY(0);
                stage.setWidth(1280);
                stage.setHeight(800);
            });
            waitFor(() -> chatCount() == 4);
            pause(1500);

            carol.typing(withCarol);
            pause(1000);
            shoot(out.resolve("desktop-chats-" + theme + ".png"));
            onFx(() -> select("Bob Ferreira"));
            pause(1500);
            shoot(out.resolve("desktop-chat-" + theme + ".png"));

            groupShots(out, theme, bob, carol, dave);

            onFx(() -> {
                try {
                    app.stop();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            bob.close();
            carol.close();
            dave.close();
            emma.close();
        }
        Platform.exit();
        System.exit(0);
    }

    /** A group chat with names, lines and ticks; the new-group card; the group info pane. */
    private static void groupShots(Path out, String theme, ChatService bob, ChatService carol, ChatService dave)
            throws Exception {
        ConversationId hike = bob.groups().createGroup("Weekend hike", "Saturday, 10 am at the trailhead. "
                + "Bring water and a jacket.", java.util.List.of("alice", "carol", "dave"));
        bob.groups().changeRole(hike, carol.me().id(), dev.parley.protocol.model.MemberRole.ADMIN);
        var aliceId = bob.groups().groupInfo(hike).members().stream().filter(m -> m.username().equals("alice"))
                .findFirst().orElseThrow().userId();
        bob.groups().changeRole(hike, aliceId, dev.parley.protocol.model.MemberRole.ADMIN);
        bob.groups().setPicture(hike, dev.parley.desktop.core.PictureEncoder.encode(mountains()));
        waitFor(() -> chatCount() == 5);
        onFx(() -> select("Weekend hike"));
        // Looking at the group: no notifications for what follows; the one for "added you" fades.
        pause(6500);
        bob.send(hike, "Who's bringing the map?");
        pause(200);
        carol.send(hike, "I have the one from last year, it still shows the old bridge.");
        pause(200);
        dave.send(hike, "I'll bring snacks 🍫");
        pause(1200);
        onFx(() -> {
            ((javafx.scene.control.TextArea) root().lookup("#composeArea")).setText("Count me in! I'll drive.");
            ((javafx.scene.control.Button) root().lookup("#sendButton")).fire();
        });
        pause(800);
        bob.markRead(hike);
        carol.markRead(hike);
        pause(300);
        dave.typing(hike);
        pause(900);
        shoot(out.resolve("desktop-group-" + theme + ".png"));

        onFx(() -> ((javafx.scene.control.Button) root().lookup("#groupInfoButton")).fire());
        pause(1500);
        shoot(out.resolve("desktop-group-info-" + theme + ".png"));
        onFx(() -> root().fireEvent(escape()));

        onFx(() -> ((javafx.scene.control.Button) root().lookup("#newGroupButton")).fire());
        pause(800);
        onFx(() -> ((javafx.scene.control.TextField) root().lookup("#groupNameField")).setText("Book club"));
        onFx(() -> ((javafx.scene.control.TextField) root().lookup("#groupAddUsername")).setText("emma"));
        onFx(() -> ((javafx.scene.control.Button) root().lookup("#groupAddUsernameButton")).fire());
        pause(600);
        shoot(out.resolve("desktop-new-group-" + theme + ".png"));
        onFx(() -> root().fireEvent(escape()));
    }

    /** A group picture drawn here: sky, sun and two mountains, as a photo would be, bigger than it is shown. */
    private static java.awt.image.BufferedImage mountains() {
        int w = 1200;
        int h = 800;
        var image = new java.awt.image.BufferedImage(w, h, java.awt.image.BufferedImage.TYPE_INT_RGB);
        var g = image.createGraphics();
        g.setRenderingHint(java.awt.RenderingHints.KEY_ANTIALIASING, java.awt.RenderingHints.VALUE_ANTIALIAS_ON);
        g.setPaint(new java.awt.GradientPaint(0, 0, new java.awt.Color(0x4A90D9), 0, h, new java.awt.Color(0xF6C48B)));
        g.fillRect(0, 0, w, h);
        g.setColor(new java.awt.Color(0xFFE08A));
        g.fillOval(680, 170, 170, 170);
        g.setColor(new java.awt.Color(0x3E5C76));
        g.fillPolygon(new int[] {100, 480, 860}, new int[] {h, 260, h}, 3);
        g.setColor(new java.awt.Color(0x2F4858));
        g.fillPolygon(new int[] {420, 820, 1160}, new int[] {h, 330, h}, 3);
        g.setColor(java.awt.Color.WHITE);
        g.fillPolygon(new int[] {480, 425, 455, 480, 510, 535}, new int[] {260, 325, 315, 335, 315, 325}, 6);
        g.setColor(new java.awt.Color(0x2E7D4F));
        g.fillRect(0, h - 110, w, 110);
        g.dispose();
        return image;
    }

    private static javafx.scene.input.KeyEvent escape() {
        return new javafx.scene.input.KeyEvent(javafx.scene.input.KeyEvent.KEY_PRESSED, "", "",
                javafx.scene.input.KeyCode.ESCAPE, false, false, false, false);
    }

    private static ChatService other(Path work, java.net.URI address, String username, String name) {
        return new ParleyAccounts(work.resolve(username)).register(address, username, name, PASSWORD, name + "'s phone");
    }

    private static javafx.scene.Parent root() {
        return Window.getWindows().stream().filter(w -> w instanceof Stage).findFirst().orElseThrow()
                .getScene().getRoot();
    }

    @SuppressWarnings("unchecked")
    private static int chatCount() throws Exception {
        CompletableFuture<Integer> count = new CompletableFuture<>();
        Platform.runLater(() -> {
            var list = (ListView<ChatSummary>) root().lookup("#chatList");
            count.complete(list == null ? 0 : list.getItems().size());
        });
        return count.get(10, TimeUnit.SECONDS);
    }

    @SuppressWarnings("unchecked")
    private static void select(String title) {
        var list = (ListView<ChatSummary>) root().lookup("#chatList");
        for (int i = 0; i < list.getItems().size(); i++) {
            if (list.getItems().get(i).title().equals(title)) {
                list.getSelectionModel().select(i);
            }
        }
    }

    private static void shoot(Path file) throws Exception {
        Process process = new ProcessBuilder("import", "-window", "root", file.toString()).inheritIO().start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("import failed for " + file);
        }
        System.out.println("Wrote " + file);
    }

    private static void onFx(Runnable action) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                action.run();
                done.complete(null);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        done.get(20, TimeUnit.SECONDS);
    }

    private static void waitFor(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.call()) {
            if (System.nanoTime() > until) {
                throw new IllegalStateException("Timed out");
            }
            pause(200);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
