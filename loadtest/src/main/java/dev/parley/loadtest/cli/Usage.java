package dev.parley.loadtest.cli;

/** The text of {@code --help}. */
public final class Usage {
    private Usage() {
    }

    public static final String TEXT = """
            Usage: java -jar parley-loadtest.jar SCENARIO --url http://127.0.0.1:8080 [options]
                   java -jar parley-loadtest.jar chart RAMP.jsonl [MORE.jsonl ...] --out ramp.png

            Measures a running Parley server through its real protocol. Registers its own users
            (lt_0, lt_1, ...; ltg_0, ... for groups), logs them in and keeps their tokens in a users file, so
            later runs against the same server start at once. Progress goes to stderr once a second; the
            result is ONE JSON line on stdout (ramp: one line per step first).

            The server must allow many logins from one address: start it with
                PARLEY_LOGIN_MAX_PER_ADDRESS=1000000
            (a 429 too_many_attempts otherwise stops the run). The server limits each socket to 50 frames/s
            (PARLEY_FRAMES_PER_SECOND, burst PARLEY_FRAME_BURST); the tool spreads its rate over all senders.

            Scenarios
              connections  --connections N idle sockets with heartbeats, held --hold seconds; counts drops
              direct       --pairs P users in direct chats, --rate R msg/s in total for --duration seconds
              ramp         like direct, stepping through --steps rates, --step-seconds each; a step passes with
                           lost 0 and deliver p99 < --p99-limit-ms; stops after the first failing step
              storm        --devices D go offline, --backlog M messages are sent to them at --rate, then all
                           reconnect within --reconnect-seconds and delta-sync until hasMore=false
              group        one group of --members members, all connected, --rate msg/s from random members

            Options (durations in seconds, or with ms/s/m)
              --url URL                 server (default http://127.0.0.1:8080)
              --urls URL1,URL2,...      several server nodes: participant i connects its socket to URL(i mod N);
                                        setup (REST) still goes to --url. Pair p is participants 2p and 2p+1,
                                        so with 2 or more URLs the two sides of every pair are on different
                                        nodes (each message crosses nodes); participants are spread evenly
              --pairs N                 direct, ramp: pairs of users (default 500)
              --rate R                  messages per second in total (default 500; 20k works)
              --duration T              direct, group: how long to send (default 30)
              --connections N           connections: sockets to hold (default 1000)
              --hold T                  connections: how long to hold them (default 60)
              --steps R1,R2,...         ramp: rates (default 1000,2000,5000,10000,20000,40000)
              --step-seconds T          ramp: length of a step (default 60)
              --p99-limit-ms X          ramp: a step passes below this deliver p99 (default 100)
              --keep-going              ramp: run every step even after one fails
              --reconnect               direct, ramp: every device is a careful client that outlives server
                                        restarts (see "With --reconnect" below)
              --devices N               storm: devices that go offline (default 100)
              --backlog M               storm: messages sent to them while offline (default 2000)
              --reconnect-seconds T     storm: window in which they all come back (default 10)
              --sync-limit N            storm, --reconnect: entries per sync page, 1..500 (default 200)
              --members N               group: members, at most the server's group size (default 500)
              --size N                  characters per message text, at least 32 (default 64)
              --warmup T                direct, ramp, group: send at the (first) rate this long before
                                        measuring, so the JIT of client and server is warm (default 5)
              --drain-seconds T         wait after sending for late acks and deliveries (default 10)
              --heartbeat-seconds T     ping every socket this often (default 30; the server drops idle
                                        sockets after 2 minutes)
              --seed N                  group: seed of the random choice of senders (default 1)
              --workers N               worker processes, at least (default: as many as --per-worker needs)
              --per-worker N            sockets per worker process (default 9000: a process may hold at
                                        most 20,000 open files)
              --source-addresses N      spread sockets over 127.0.0.2 .. 127.0.0.(N+1) (local ports run out
                                        near 28,000 sockets per address)
              --server-pid PID          the server's process on this machine: reports heap after GC (jcmd)
                                        and RSS per connection, and server CPU seconds per 1,000 messages
              --users-file FILE         cached accounts (default ~/.parley-loadtest/<host>_<port>.json)
              --setup-threads N         parallel registrations and logins (default 8)
              --connect-concurrency N   sockets being opened at once (default 64)
              --quiet                   no progress on stderr

            With --reconnect, a socket that closes is opened again (100 ms doubling to 2 s, until the run
            ends; refused connections and 502/503 from a proxy are retried too). Each device has one
            message on the wire at a time (so a resend can never be stored after a newer message; latencies
            include the wait behind older ones) and keeps what is not acknowledged, sending it again oldest
            first with the same clientMessageId; unavailable, internal_error and rate_limited mean "send the
            same frame again later". Entries are applied by seq per conversation: a gap is held and synced,
            an entry applied already is ignored (redelivered); each device syncs after every hello and on
            syncNeeded, and once more after the drain. Only an ack counts as acknowledged. Then duplicates
            are messages the server stored twice (one message at two seqs), reordered are messages stored
            after a later one of the same sender, and lost are acknowledged messages never applied. The
            report adds reconnects, reconnect_p50_ms and reconnect_max_ms (close to new hello), resends,
            redelivered and synced_deliveries (applied from a sync, not a live push).

            Latencies are measured from each message's intended send time on a fixed-rate (open-loop)
            schedule, so a server that falls behind shows as latency, not as a lower rate. Each message's
            sender and receivers are in the same process. Exit status: 0 done, 1 bad usage, 2 the server
            is unreachable or refused the tool.
            """;
}
