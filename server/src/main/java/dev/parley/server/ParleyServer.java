package dev.parley.server;

import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.codec.JsonCodec;
import dev.parley.server.accounts.AccountRepository;
import dev.parley.server.accounts.AccountService;
import dev.parley.server.accounts.AccountsHttpService;
import dev.parley.server.accounts.FailedLogins;
import dev.parley.server.accounts.InMemoryFailedLogins;
import dev.parley.server.accounts.InviteLinks;
import dev.parley.server.accounts.LoginThrottle;
import dev.parley.server.accounts.PasswordHasher;
import dev.parley.server.accounts.RedisFailedLogins;
import dev.parley.server.accounts.Registration;
import dev.parley.server.accounts.RegistrationRepository;
import dev.parley.server.accounts.SessionTokens;
import dev.parley.server.admin.AdminExecutor;
import dev.parley.server.admin.AdminSocketServer;
import dev.parley.server.cluster.ClusterRelay;
import dev.parley.server.config.ServerSettings;
import dev.parley.server.conversations.ConversationRepository;
import dev.parley.server.conversations.ConversationService;
import dev.parley.server.conversations.ConversationsHttpService;
import dev.parley.server.crypto.KeyRegistry;
import dev.parley.server.crypto.KeyRing;
import dev.parley.server.crypto.MessageCipher;
import dev.parley.server.http.ApiException;
import dev.parley.server.http.BearerAuth;
import dev.parley.server.http.ClientAddress;
import dev.parley.server.http.JsonHttp;
import dev.parley.server.http.NotFoundFeature;
import dev.parley.server.http.OpenApiHttpService;
import dev.parley.server.messaging.MessageRepository;
import dev.parley.server.metrics.NodeGauges;
import dev.parley.server.metrics.ServerMetrics;
import dev.parley.server.messaging.MessageSealer;
import dev.parley.server.messaging.ConversationLocks;
import dev.parley.server.messaging.LogWriter;
import dev.parley.server.messaging.SendBatcher;
import dev.parley.server.messaging.MessagingService;
import dev.parley.server.groups.GroupAnnouncer;
import dev.parley.server.groups.GroupAvatars;
import dev.parley.server.groups.GroupInvites;
import dev.parley.server.groups.GroupService;
import dev.parley.server.groups.GroupsHttpService;
import dev.parley.server.receipts.ReceiptService;
import dev.parley.server.messaging.OrderedDelivery;
import dev.parley.server.presence.FailSoftPresenceStore;
import dev.parley.server.presence.InMemoryPresenceStore;
import dev.parley.server.presence.PresenceService;
import dev.parley.server.presence.PresenceStore;
import dev.parley.server.presence.RedisPresenceStore;
import dev.parley.server.realtime.ConnectionRegistry;
import dev.parley.server.realtime.DeviceConnection;
import dev.parley.server.realtime.DeviceSocket;
import dev.parley.server.realtime.Fanout;
import dev.parley.server.realtime.FrameHandler;
import dev.parley.server.realtime.NodeRoutes;
import dev.parley.server.realtime.OriginPolicy;
import dev.parley.server.realtime.SocketRefusalHttpService;
import dev.parley.server.storage.Database;
import dev.parley.server.storage.DatabaseOutage;
import dev.parley.server.storage.IdGenerator;
import io.helidon.config.Config;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.metrics.MetricsObserver;
import io.helidon.webserver.websocket.WsRouting;
import io.helidon.websocket.WsCloseCodes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The composition root: builds every part of the server from its settings, wires them through
 * constructors and starts the web server. Used by {@link Main}, by tests and by the desktop app's
 * "host a server on this computer".
 */
public final class ParleyServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ParleyServer.class.getName());
    private static final Duration SESSION_ACTIVITY_EVERY = Duration.ofHours(1);

    private final String node;
    private final WebServer webServer;
    private final NodeGauges gauges;
    private final Database database;
    private final PresenceStore presenceStore;
    private final FailedLogins failedLogins;
    private final ConnectionRegistry registry;
    private final ClusterRelay relay;
    private final ScheduledExecutorService heartbeat;

    private final SendBatcher batcher;
    private final AdminSocketServer admin;

    private ParleyServer(String node, WebServer webServer, NodeGauges gauges, Database database,
                         PresenceStore presenceStore, FailedLogins failedLogins, ConnectionRegistry registry,
                         ClusterRelay relay, ScheduledExecutorService heartbeat, SendBatcher batcher,
                         AdminSocketServer admin) {
        this.node = node;
        this.gauges = gauges;
        this.admin = admin;
        this.failedLogins = failedLogins;
        this.batcher = batcher;
        this.relay = relay;
        this.webServer = webServer;
        this.database = database;
        this.presenceStore = presenceStore;
        this.registry = registry;
        this.heartbeat = heartbeat;
    }

    public static ParleyServer start(ServerSettings settings, Config serverConfig) {
        // Times are stored in milliseconds; ticking in milliseconds makes a live frame's time equal the stored one.
        Clock clock = Clock.tick(settings.clock(), Duration.ofMillis(1));
        // This run of the server: a restarted node is a new node (to the other nodes and in the metrics).
        String node = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        Database database = Database.open(settings.effectiveDbUrl(), settings.dbUser(), settings.dbPassword(),
                settings.dbPoolSize(), settings.dbConnectTimeout());
        PresenceStore presenceStore = settings.usesRedis()
                ? new FailSoftPresenceStore(new RedisPresenceStore(settings.redisUrl(), settings.redisPrefix(), clock))
                : new InMemoryPresenceStore(clock);
        ClusterRelay relay = null;
        NodeGauges gauges = null;
        FailedLogins failedLogins = settings.usesRedis()
                ? new RedisFailedLogins(settings.redisUrl(), settings.redisPrefix()) : new InMemoryFailedLogins();
        try {
            JsonCodec codec = new JsonCodec();
            ServerMetrics metrics = new ServerMetrics();
            DatabaseOutage databaseOutage = new DatabaseOutage(clock);
            JsonHttp json = new JsonHttp(codec, databaseOutage, metrics);
            IdGenerator ids = new IdGenerator();
            ConnectionRegistry registry = new ConnectionRegistry(codec);
            // Frames reach devices through this node's registry and, with Redis, every other node's too.
            AtomicReference<PresenceService> presenceRef = new AtomicReference<>();
            if (settings.usesRedis()) {
                relay = new ClusterRelay(node, settings.redisUrl(), settings.redisPrefix(), registry, codec, clock,
                        () -> renewPresence(registry, presenceRef.get()));
            }
            Fanout fanout = relay != null ? relay : registry;

            AccountRepository accountRepository = new AccountRepository(database);
            ConversationRepository conversationRepository = new ConversationRepository(database);
            MessageRepository messageRepository = new MessageRepository(database);
            KeyRegistry keyRegistry = new KeyRegistry(database);
            KeyRing keys = KeyRing.load(settings.masterKey(), settings.previousMasterKeys(), settings.dataDir(),
                    keyRegistry.knownKeyIds());
            keyRegistry.register(keys.current().id(), clock.instant());
            MessageSealer sealer = new MessageSealer(new MessageCipher(keys));

            // The default public URL names the port, which is only known once the server is bound.
            AtomicInteger boundPort = new AtomicInteger(settings.port());
            Registration registration = new Registration(database, new RegistrationRepository(database),
                    new SessionTokens(), clock);
            InviteLinks inviteLinks = new InviteLinks(() -> settings.effectivePublicUrl(boundPort.get()));
            AccountService accounts = new AccountService(accountRepository,
                    new PasswordHasher(settings.passwordHashMemoryKib(), settings.passwordHashIterations()),
                    new SessionTokens(),
                    new LoginThrottle(failedLogins, clock, settings.loginWindow(), settings.loginMaxPerAccount(),
                            settings.loginMaxPerAddress()),
                    inviteLinks, ids, clock, settings.sessionIdleTimeout(), relay != null ? relay : registry,
                    registration);
            PresenceService presence = new PresenceService(presenceStore, conversationRepository, accountRepository,
                    fanout, clock);
            presenceRef.set(presence);
            OrderedDelivery delivery = new OrderedDelivery();
            ConversationLocks locks = new ConversationLocks();
            LogWriter log = new LogWriter(database, conversationRepository, messageRepository, sealer, delivery, locks,
                    ids, clock);
            SendBatcher batcher = new SendBatcher(database, conversationRepository, messageRepository, sealer, delivery,
                    locks, fanout, ids, clock);
            ConversationService conversations = new ConversationService(conversationRepository, accountRepository,
                    presence, fanout, log, ids);
            MessagingService messaging = new MessagingService(conversationRepository, conversations,
                    messageRepository, sealer, presence, fanout, log, batcher, metrics);
            ReceiptService receipts = new ReceiptService(conversationRepository, conversations, messageRepository,
                    fanout);
            SessionTokens codes = new SessionTokens();
            GroupService groups = new GroupService(conversationRepository, conversations, accountRepository, log,
                    new GroupAnnouncer(conversationRepository, fanout), codes, ids, settings.groupMaxMembers());
            GroupInvites groupInvites = new GroupInvites(database, conversationRepository, conversations, groups,
                    accountRepository, log, fanout, codes, inviteLinks::groupView);
            BearerAuth auth = new BearerAuth(accounts);

            OriginPolicy origins = new OriginPolicy(settings.allowedOrigins());
            DeviceSocket.Dependencies socketDeps = new DeviceSocket.Dependencies(auth,
                    origins, registry, relay != null ? relay : NodeRoutes.SINGLE_NODE, presence,
                    new FrameHandler(messaging, receipts, conversations, presence, databaseOutage, clock), codec, clock,
                    metrics, settings.framesPerSecond(), settings.frameBurst(), settings.outgoingQueue());

            HttpRouting.Builder routing = HttpRouting.builder()
                    .register("/api/v1", new AccountsHttpService(accounts, auth, json,
                            new ClientAddress(settings.trustedProxies())))
                    .register("/api/v1", new ConversationsHttpService(conversations, messaging, receipts,
                            accountRepository, auth, json))
                    .register("/api/v1", new GroupsHttpService(groups, groupInvites,
                            new GroupAvatars(conversationRepository, conversations, groups, log, codes), auth, json))
                    .register(new OpenApiHttpService())
                    .register(new SocketRefusalHttpService(origins, auth))
                    .error(ApiException.class, (req, res, e) -> json.apiError(res, e))
                    .error(ProtocolException.class, (req, res, e) -> json.protocolError(res, e))
                    .error(Exception.class, (req, res, e) -> json.unexpected(req, res, e))
                    .addFeature(new NotFoundFeature(json));

            ObserveFeature observe = ObserveFeature.builder()
                    .addObserver(HealthObserver.builder()
                            .details(true)
                            .addCheck(() -> check("database", database::ping), HealthCheckType.READINESS, "database")
                            // Without Redis a node still stores and delivers (to its own devices): ready, and says so.
                            .addCheck(() -> reachability("presence-store", presenceStore::healthy),
                                    HealthCheckType.READINESS, "presence-store")
                            .build())
                    .addObserver(MetricsObserver.create())
                    .build();

            WebServer webServer = WebServer.builder()
                    .config(serverConfig)
                    .host(settings.host())
                    .port(settings.port())
                    .addFeature(observe)
                    .routing(routing)
                    .addRouting(WsRouting.builder().endpoint("/ws", () -> new DeviceSocket(socketDeps)))
                    .build()
                    .start();
            boundPort.set(webServer.port());
            gauges = new NodeGauges(node, registry::size, database);

            ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().name("presence-heartbeat").daemon().factory());
            long period = PresenceService.HEARTBEAT.toSeconds();
            ClusterRelay cluster = relay;
            heartbeat.scheduleAtFixedRate(() -> {
                if (cluster != null) {
                    cluster.heartbeat();
                }
                keepAlive(registry, presence, accounts, clock);
            }, period, period, TimeUnit.SECONDS);
            AdminSocketServer admin = startAdmin(settings, new AdminExecutor(accounts, registration, database, true), codec);
            return new ParleyServer(node, webServer, gauges, database, presenceStore, failedLogins, registry, relay,
                    heartbeat, batcher, admin);
        } catch (RuntimeException | Error e) {
            if (gauges != null) {
                gauges.close();
            }
            if (relay != null) {
                relay.close();
            }
            failedLogins.close();
            presenceStore.close();
            database.close();
            throw e;
        }
    }

    public int port() {
        return webServer.port();
    }

    public boolean isRunning() {
        return webServer.isRunning();
    }

    public int connectedDevices() {
        return registry.size();
    }

    /** This run's node id: the {@code node} tag of its gauges in the metrics. */
    public String node() {
        return node;
    }

    /** Where {@code parley-server admin} reaches this server; null when it could not listen. */
    public Path adminSocket() {
        return admin == null ? null : admin.path();
    }

    @Override
    public void close() {
        if (admin != null) {
            admin.close();
        }
        heartbeat.shutdownNow();
        for (DeviceConnection connection : registry.all()) {
            connection.close(WsCloseCodes.GOING_AWAY, "Server shutting down");
        }
        webServer.stop();
        gauges.close();
        batcher.close();
        if (relay != null) {
            relay.close();
        }
        failedLogins.close();
        presenceStore.close();
        database.close();
    }

    /**
     * The admin socket in the data dir. A server that cannot listen there still serves its users: admin
     * commands then fail with a clear message (embedded H2) or run on the database directly.
     */
    private static AdminSocketServer startAdmin(ServerSettings settings, AdminExecutor executor, JsonCodec codec) {
        try {
            Files.createDirectories(settings.dataDir());
            return AdminSocketServer.start(AdminSocketServer.pathIn(settings.dataDir()), executor, codec);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "No admin socket in " + settings.dataDir() + " (admin commands cannot reach this "
                    + "server): " + e.getMessage(), e);
            return null;
        }
    }

    /** Every heartbeat: renew the presence of connected devices; now and then, record their sessions as active. */
    private static void keepAlive(ConnectionRegistry registry, PresenceService presence, AccountService accounts,
                                  Clock clock) {
        List<DeviceConnection> connections = registry.all();
        try {
            presence.heartbeat(devicesOf(connections));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Presence heartbeat failed", e);
        }
        int failures = 0;
        for (DeviceConnection connection : connections) {
            try {
                if (connection.activityRecordDue(clock.instant(), SESSION_ACTIVITY_EVERY)) {
                    accounts.recordActivity(connection.deviceId());
                }
            } catch (RuntimeException e) {
                if (failures++ == 0) {
                    LOG.log(Level.WARNING, "Recording session activity failed", e);
                }
            }
        }
    }

    private static List<PresenceStore.Device> devicesOf(List<DeviceConnection> connections) {
        return connections.stream().map(c -> new PresenceStore.Device(c.userId(), c.deviceId())).toList();
    }

    /** After a Redis outage: the presence of every device here again, at once rather than at the next heartbeat. */
    private static void renewPresence(ConnectionRegistry registry, PresenceService presence) {
        if (presence == null) {
            return;
        }
        presence.heartbeat(devicesOf(registry.all()));
    }

    private static HealthCheckResponse reachability(String name, java.util.function.BooleanSupplier probe) {
        boolean reachable;
        try {
            reachable = probe.getAsBoolean();
        } catch (RuntimeException e) {
            reachable = false;
        }
        return HealthCheckResponse.builder().status(true).detail("component", name).detail("reachable", reachable)
                .build();
    }

    private static HealthCheckResponse check(String name, java.util.function.BooleanSupplier probe) {
        boolean up;
        try {
            up = probe.getAsBoolean();
        } catch (RuntimeException e) {
            up = false;
        }
        return HealthCheckResponse.builder().status(up).detail("component", name).build();
    }
}
