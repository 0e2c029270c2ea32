package io.cepheus.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A job as the API shows it.
 *
 * @param id its id, in its URL {@code /api/v1/backtests/{id}}
 * @param state {@code running}, {@code succeeded}, {@code failed} or {@code cancelled}
 * @param eventsRead events read so far (over both passes when it compares with the deployed version)
 * @param eventsTotal events to read: the posted records, or the offsets the range spans, times the passes
 * @param created when it was started (ISO-8601)
 * @param finished when it ended; null while it runs
 * @param result the backtest's answer once it succeeded
 * @param error why it failed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BacktestJobView(String id, String state, long eventsRead, long eventsTotal, String created, String finished,
                              ObjectNode result, String error) {}
