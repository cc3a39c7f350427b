package dev.parley.loadtest.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The one line a run ends with (and, for {@code ramp}, one per step, with {@code step} set). Times in
 * milliseconds; {@code null} where the scenario does not measure a value. The reconnect and recovery
 * fields are set with {@code --reconnect} only: {@code reconnects} (sockets that dropped and came back)
 * with the time from each close to the new hello, {@code resends} (send frames sent again),
 * {@code redelivered} (entries that came again and were ignored) and {@code synced_deliveries}
 * (deliveries applied from a sync, not a live push).
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder(alphabetic = false)
public record Report(
        @JsonProperty("scenario") String scenario,
        @JsonProperty("step") Integer step,
        @JsonProperty("passed") Boolean passed,
        @JsonProperty("connections") long connections,
        @JsonProperty("workers") int workers,
        @JsonProperty("offered_rate") Double offeredRate,
        @JsonProperty("msgs_per_s") Double msgsPerSecond,
        @JsonProperty("duration_s") Double durationSeconds,
        @JsonProperty("sent") long sent,
        @JsonProperty("acked") long acked,
        @JsonProperty("delivered") long delivered,
        @JsonProperty("lost") long lost,
        @JsonProperty("unacked") long unacked,
        @JsonProperty("rejected") long rejected,
        @JsonProperty("duplicates") long duplicates,
        @JsonProperty("reordered") long reordered,
        @JsonProperty("drops") long drops,
        @JsonProperty("reconnects") Long reconnects,
        @JsonProperty("reconnect_p50_ms") Double reconnectP50,
        @JsonProperty("reconnect_max_ms") Double reconnectMax,
        @JsonProperty("resends") Long resends,
        @JsonProperty("redelivered") Long redelivered,
        @JsonProperty("synced_deliveries") Long syncedDeliveries,
        @JsonProperty("ack_p50_ms") Double ackP50,
        @JsonProperty("ack_p99_ms") Double ackP99,
        @JsonProperty("ack_max_ms") Double ackMax,
        @JsonProperty("deliver_p50_ms") Double deliverP50,
        @JsonProperty("deliver_p99_ms") Double deliverP99,
        @JsonProperty("deliver_max_ms") Double deliverMax,
        @JsonProperty("last_member_p50_ms") Double lastMemberP50,
        @JsonProperty("last_member_p99_ms") Double lastMemberP99,
        @JsonProperty("last_member_max_ms") Double lastMemberMax,
        @JsonProperty("catch_up_s") Double catchUpSeconds,
        @JsonProperty("device_catch_up_p99_ms") Double deviceCatchUpP99,
        @JsonProperty("highest_passing_rate") Double highestPassingRate,
        @JsonProperty("server_heap_per_conn_kib") Double serverHeapPerConnKib,
        @JsonProperty("server_rss_per_conn_kib") Double serverRssPerConnKib,
        @JsonProperty("cpu_s_per_1k_msgs") Double cpuSecondsPer1kMessages) {
}
